"""Turn a reviewed Word appendix into the quarter's final plan, appendix and review record."""
