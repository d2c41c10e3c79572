"""Turn a Word paragraph's runs into its text: as accepted (insertions kept, deletions dropped), or,
for a row deleted as a tracked change and read only to name it, as it was.

Read with lxml, not python-docx: `paragraph.text` drops the runs inside w:ins.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.ooxml.ns import NS, qn

# What a paragraph's text leaves out: as accepted, deletions and moved-away text; as it was (a
# row deleted as a tracked change, read only to name it), insertions and moved-in text.
ACCEPTED = frozenset({qn("w:del"), qn("w:moveFrom")})
REJECTED = frozenset({qn("w:ins"), qn("w:moveTo")})


def runs_text(p, style_bold: bool, skip: frozenset[str] = ACCEPTED) -> tuple[str, bool]:
    """Return the text of a paragraph (as accepted: insertions kept, deletions dropped) and whether
    all of its visible text is bold."""
    parts: list[str] = []
    bold_chars = 0
    chars = 0
    for run in runs(p, skip):
        rpr = run.find("w:rPr", NS)
        b = rpr.find("w:b", NS) if rpr is not None else None
        run_bold = style_bold if b is None else b.get(qn("w:val")) not in ("false", "0")
        for node in run.iterchildren():
            tag = node.tag
            if tag in (qn("w:t"), qn("w:delText")):  # delText only in deleted runs, read as they were
                piece = node.text or ""
            elif tag == qn("w:tab"):
                piece = "\t"
            elif tag in (qn("w:br"), qn("w:cr")):
                piece = "\n"
            elif tag == qn("w:noBreakHyphen"):
                piece = "-"
            elif tag == qn("w:sym"):
                piece = chr(int(node.get(qn("w:char"), "20"), 16))
            else:
                continue
            parts.append(piece)
            visible = len(piece.strip())
            chars += visible
            bold_chars += visible if run_bold else 0
    return "".join(parts), chars > 0 and bold_chars == chars


def runs(p, skip: frozenset[str] = ACCEPTED) -> Iterator:
    """Yield the w:r elements of a paragraph in order, descending into insertions, hyperlinks,
    smart tags, content controls and fields but not into what `skip` leaves out."""
    for child in p.iterchildren():
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in skip or child.tag == qn("w:pPr"):
            continue
        elif isinstance(child.tag, str):
            yield from runs(child, skip)
