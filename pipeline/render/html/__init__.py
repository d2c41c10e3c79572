"""Turn a Plan's context into the HTML page of the appendix: one self-contained, accessible file."""
