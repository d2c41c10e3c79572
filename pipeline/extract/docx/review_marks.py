"""Turn a Word cell's unresolved review marks (tracked changes, comments) into short remarks.

The text itself is always read as if every change were accepted; these remarks only tell the
user that the document still carries a reviewer's marks, and whose, so nothing is taken silently.
"""
from __future__ import annotations

from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import parse_xml

REVISION_TAGS = tuple(qn("w:" + t) for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange",
                                        "tcPrChange", "trPrChange", "tblPrChange", "sectPrChange"))


def comment_authors(document) -> dict[str, tuple[str, str]]:
    """Map comment id → (author, first words) from the document's comments part, if any."""
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/comments"):
            continue
        root = parse_xml(rel.target_part.blob)
        out = {}
        for c in root.iter(qn("w:comment")):
            text = " ".join("".join(t.text or "" for t in c.iter(qn("w:t"))).split())
            out[c.get(qn("w:id"))] = (c.get(qn("w:author")) or "unknown author", text[:60])
        return out
    return {}


def remarks_in(element, comments: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """Describe the tracked changes and comments inside `element` (a cell or paragraph)."""
    authors = sorted({el.get(qn("w:author")) or "unknown author"
                      for tag in REVISION_TAGS for el in element.iter(tag)})
    remarks = [f"unresolved tracked changes by {', '.join(authors)} (read as accepted)"] if authors else []
    for ref in element.iter(qn("w:commentReference")):
        author, text = comments.get(ref.get(qn("w:id")), ("unknown author", ""))
        remarks.append(f"comment by {author}: {text!r}")
    return tuple(remarks)
