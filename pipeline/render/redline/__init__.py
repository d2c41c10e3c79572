"""Turn last quarter's and this quarter's Plans into the Word appendix with every change tracked."""
