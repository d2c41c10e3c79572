"""Turn a Word monitor into a Grid: the body's paragraphs and tables, with merges, lists and review marks."""
