"""Turn a Plan's context into the PDF appendix: Jinja HTML laid out by WeasyPrint."""
