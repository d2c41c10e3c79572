"""Turn the review marks still in a Word file (tracked changes, comments) into Marks.

The text itself is always read as if every change were accepted; a Mark only records that a
reviewer's mark is there, whose, and what it sits in (a content control, a text box), so the layout
can warn naming its place and nothing is taken silently. One pass over an element finds them all.
"""
from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from pipeline.extract.grid import Mark
from pipeline.ooxml.ns import qn

CHANGE_TAGS = tuple(qn("w:" + t) for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tcPrChange", "trPrChange", "tblPrChange",
    "tblGridChange", "tblPrExChange", "sectPrChange", "numberingChange", "cellIns", "cellDel", "cellMerge"))
COMMENT_TAGS = (qn("w:commentReference"), qn("w:commentRangeStart"))
ALL_TAGS = CHANGE_TAGS + COMMENT_TAGS
ROW_KINDS = {qn("w:ins"): "row inserted", qn("w:del"): "row deleted", qn("w:trPrChange"): "change"}
TEXT_BOX, CONTENT_CONTROL = qn("w:txbxContent"), qn("w:sdt")

Notes = dict[str, tuple[str, str]]  # comment id → (author, first words)


def has_marks(element: etree._Element) -> bool:
    """True when any tracked change or comment is inside `element` (one pass, in C)."""
    return next(element.iter(*ALL_TAGS), None) is not None


def comment_notes(root: etree._Element | None) -> Notes:
    """Map comment id → (author, first words) from a comments part's root."""
    out: Notes = {}
    for c in root.iter(qn("w:comment")) if root is not None else ():
        text = " ".join("".join(t.text or "" for t in c.iter(qn("w:t"))).split())
        out[c.get(qn("w:id"))] = (c.get(qn("w:author")) or "unknown author", text[:60])
    return out


def marks_in(element: etree._Element, notes: Notes, within: str = "", where: str = "") -> tuple[Mark, ...]:
    """Every mark inside `element`, once each (a comment by its id, a change by its author and
    what it sits in). `within` is what `element` itself sits in; `where` the reader's place name."""
    return _marks(element.iter(*ALL_TAGS), element, notes, within, where)


def _marks(elements: Iterable[etree._Element], top: etree._Element, notes: Notes, within: str,
           where: str) -> tuple[Mark, ...]:
    found: dict[Mark, None] = {}
    comments: set[str | None] = set()
    for el in elements:
        inside = _within(el, top) or within
        if el.tag in COMMENT_TAGS:
            if (cid := el.get(qn("w:id"))) in comments:
                continue  # its range start and its reference, or a text box's two renderings
            comments.add(cid)
            author, note = notes.get(cid, ("unknown author", ""))
            found[Mark("comment", author, note, inside, where)] = None
        else:
            found[Mark("change", _author(el), "", inside, where)] = None
    return tuple(found)


class MarkFinder:
    """The reader's marks, element by element as it meets them (none looked for when the file has
    none: `marked`). It remembers what it looked into, so `loose` can find any mark no element held
    (in a content control's own properties, say): every mark is said somewhere."""

    def __init__(self, notes: Notes, marked: bool) -> None:
        self.notes = notes
        self.marked = marked
        self.seen: set[etree._Element] = set()  # held, so lxml keeps each element's identity

    def of(self, element: etree._Element | None, within: str = "", where: str = "") -> tuple[Mark, ...]:
        if not self.marked or element is None:
            return ()
        self.seen.add(element)
        return marks_in(element, self.notes, within, where)

    def of_row(self, tr: etree._Element, where: str) -> tuple[Mark, ...]:
        """The row's own marks: inserted, deleted, its properties or exceptions changed."""
        if not self.marked:
            return ()
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None:
            self.seen.add(trpr)
        return row_marks(tr, where) + self.of(tr.find(qn("w:tblPrEx")), where=where)

    def loose(self, root: etree._Element, where: str) -> tuple[Mark, ...]:
        """The marks in `root` inside nothing this finder looked into."""
        if not self.marked:
            return ()
        left = (el for el in root.iter(*ALL_TAGS) if el not in self.seen and not any(
            a in self.seen for a in el.iterancestors()))
        return _marks(left, root, self.notes, "", where)


def row_marks(tr: etree._Element, where: str) -> tuple[Mark, ...]:
    """The marks on a row itself: inserted or deleted as a tracked change, or its properties changed."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        return ()
    return tuple(dict.fromkeys(Mark(ROW_KINDS[el.tag], _author(el), where=where)
                               for el in trpr.iterchildren(*ROW_KINDS)))


def without_changes_by(marks: tuple[Mark, ...], authors: set[str]) -> tuple[Mark, ...]:
    """`marks` less the text changes by `authors`: in a row they inserted or deleted, those are the row's."""
    return tuple(m for m in marks if m.kind != "change" or m.author not in authors)


def _author(el: etree._Element) -> str:
    return el.get(qn("w:author")) or "unknown author"


def _within(el: etree._Element, top: etree._Element) -> str:
    """'text box' or 'content control' when `el` sits in one inside `top` (a text box wins: its text is not read)."""
    kind = ""
    for parent in el.iterancestors() if el is not top else ():
        if parent is top:
            break
        if parent.tag == TEXT_BOX:
            return "text box"
        if parent.tag == CONTENT_CONTROL:
            kind = "content control"
    return kind
