"""Turn a form's cell into the text a reader of the page sees in it, with every tracked change accepted.

Word writes more than w:t: a line break (w:br), a no-break hyphen, a symbol, hidden text, a text
box twice over (mc:Choice and its mc:Fallback), pictures and tables. Each is read as the page shows
it, or reported: what cannot be read for sure is a `Problem` (the reader refuses), what is left out
is a `Dropped` note (the reader warns).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from pipeline.ooxml.ns import NS, qn

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_GONE = (qn("w:del"), qn("w:moveFrom"))
_KEPT = (qn("w:ins"), qn("w:moveTo"))
_PICTURES = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
_SKIPPED = (qn("w:pPr"), qn("w:rPr"), qn("w:instrText"), qn("w:delText"), qn("w:sdtPr"), qn("w:fldData"))


class Problem(Exception):
    """What the cell holds that cannot be read as text for sure."""


@dataclass
class CellText:
    """The cell's paragraphs (each a list of lines: a w:br starts a line) and what was left out."""

    paragraphs: list[tuple[list[str], bool]] = field(default_factory=list)  # (lines, is a list item)
    dropped: list[str] = field(default_factory=list)


def accepted(element: etree._Element) -> etree._Element:
    """A copy of `element` as after Accept All: deleted paragraph marks joined, deletions gone, insertions kept."""
    out = copy.deepcopy(element)
    for p in list(out.iter(qn("w:p"))):
        if p.find("w:pPr/w:rPr/w:del", NS) is not None or p.find("w:pPr/w:rPr/w:moveFrom", NS) is not None:
            following = p.getnext()
            if following is not None and following.tag == qn("w:p"):
                anchor = following.find(qn("w:pPr"))
                at = 0 if anchor is None else following.index(anchor) + 1
                for child in reversed([c for c in p if c.tag != qn("w:pPr")]):
                    following.insert(at, child)
                p.getparent().remove(p)
    for el in list(out.iter(*_GONE)):
        if el.getparent() is not None and el.getparent().tag != qn("w:rPr"):
            el.getparent().remove(el)
    for el in list(out.iter(*_KEPT)):
        parent = el.getparent()
        if parent is not None and parent.tag not in (qn("w:rPr"), qn("w:trPr")):
            at = parent.index(el)
            for child in reversed(list(el)):
                parent.insert(at, child)
            parent.remove(el)
    for fallback in list(out.iter(f"{MC}Fallback")):  # the same content again, for older readers
        fallback.getparent().remove(fallback)
    return out


def cell_text(cell: etree._Element) -> CellText:
    """The accepted text of a cell (or any element holding paragraphs); raises Problem."""
    found = CellText()
    for p in _paragraphs(accepted(cell), found):
        lines = [""]
        _walk(p, lines, found)
        numbering = p.find("w:pPr/w:numPr/w:numId", NS)
        listed = numbering is not None and numbering.get(qn("w:val")) not in (None, "0")
        found.paragraphs.append((lines, listed))
    return found


def _paragraphs(element: etree._Element, found: CellText):
    for child in element:
        if child.tag == qn("w:p"):
            yield child
        elif child.tag == qn("w:tbl"):
            raise Problem("a table in the box: the board paper's cell holds paragraphs; type it as lines of text")
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:tc")):
            yield from _paragraphs(child, found)


def _walk(element: etree._Element, lines: list[str], found: CellText) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == qn("w:r") and child.find("w:rPr/w:vanish", NS) is not None:
            words = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if words:
                found.dropped.append(f"hidden text (“{words[:40]}”) is not read")
            continue
        if tag in _PICTURES:
            if any(True for _ in child.iter(qn("w:txbxContent"))):
                raise Problem("a text box in the box: type its words in the box itself")
            found.dropped.append("a picture or drawing is not read (the board paper prints the text only)")
            continue
        if tag == qn("w:t"):
            lines[-1] += child.text or ""
        elif tag == qn("w:tab"):
            lines[-1] += " "
        elif tag in (qn("w:br"), qn("w:cr")):
            lines.append("")
        elif tag == qn("w:noBreakHyphen"):
            lines[-1] += "-"
        elif tag == qn("w:sym"):
            lines[-1] += _symbol(child)
        else:
            _walk(child, lines, found)


def _symbol(sym: etree._Element) -> str:
    code = int(sym.get(qn("w:char"), "0"), 16)
    if 0xF000 <= code <= 0xF0FF or code == 0:  # a symbol font's own code: no one character it stands for
        raise Problem(f"a symbol inserted from the {sym.get(qn('w:font'), 'symbol')} font ({code:04X}) cannot be read "
                      "for sure: type the character itself")
    return chr(code)
