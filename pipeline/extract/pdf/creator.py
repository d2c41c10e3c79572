"""Turn a PDF's Creator into what it promises about how its lines were broken.

Our appendix template names itself in `<meta name="generator">`, which WeasyPrint writes as the
PDF's Creator. Its stylesheet keeps the space at every wrap (white-space: pre-wrap: the space is
written even where it hangs past the edge, unlike LibreOffice, which drops a space that does not
fit), breaks a word only where it cannot fit on a line of its own (overflow-wrap: anywhere), and
parts every paragraph from the next with a gap. In such a PDF a line that ends without its space
was never wrapped at a space: `lines.Flow.spaced_wraps` reads it so, exactly. Any other PDF, or
one of ours from before that promise, is read by the document's habits as before.
"""
from __future__ import annotations

import pypdfium2 as pdfium

# What templates/appendix.html.j2 says in its generator meta (tests/render/pdf check they agree).
SPACED_WRAPS_CREATOR = "board-paper-pipeline appendix: every wrap keeps its space"


def spaced_wraps(data: bytes) -> bool:
    """Whether the PDF says that every wrap at a space in it kept its space (a PDF PDFium cannot
    open says nothing; the page reader names what is wrong with it)."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        return document.get_metadata_value("Creator") == SPACED_WRAPS_CREATOR
    finally:
        document.close()
