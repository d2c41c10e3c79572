"""Turn a PDF monitor into a Grid: PDFium characters and rules → lines → cells and paragraphs."""
