"""Turn prefixed OOXML names ("w:p") into lxml's Clark names: the one namespace map of the project.

Every reader and writer of WordprocessingML spells tags through `qn` and finds paths with `NS`,
as python-docx's oxml/ns.py does, so a namespace is written down once.
"""
from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
_CLARK = {prefix: "{%s}" % uri for prefix, uri in NS.items()}


def qn(tag: str) -> str:
    """'w:tc' → '{http://…/main}tc' (lxml's name for the tag)."""
    prefix, _, local = tag.partition(":")
    return _CLARK[prefix] + local
