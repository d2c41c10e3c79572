"""Turn last quarter's and this quarter's paragraphs of one table cell into tracked-change paragraphs.

Paragraphs are aligned first (identical ones kept, similar ones diffed word by word, the rest
deleted or inserted whole); then each paragraph's runs are wrapped in w:ins / w:del and its
paragraph mark is marked too, so that Accept All gives exactly the new paragraphs and Reject All
exactly the old ones. A paragraph mark marked inserted disappears on Reject (its paragraph joins
the next one); marked deleted, it disappears on Accept. The cell's last mark can never go, so a
trailing group of whole-paragraph changes borrows the mark before it, as Word itself records
"paragraphs typed at the end of a cell".
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from difflib import SequenceMatcher

from lxml import etree

from pipeline.ooxml.ns import NS, qn
from pipeline.render.redline.apart import ends_inserted, keep_apart

SIMILAR = 0.5  # word-level similarity above which two paragraphs are diffed, not replaced whole
_TOKENS = re.compile(r"\s+|\S+")


class Marks:
    """Hand out w:ins / w:del (and *Change) elements: one author and date, ids counting up."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author = author
        self.date = date
        self.next_id = first_id

    def new(self, kind: str) -> etree._Element:
        element = etree.Element(qn("w:" + kind), {qn("w:id"): str(self.next_id), qn("w:author"): self.author,
                                            qn("w:date"): self.date})
        self.next_id += 1
        return element


Copy = Callable[[etree._Element], etree._Element]  # copies an element from the old document


def diff_paragraphs(old: list[etree._Element], new: list[etree._Element], marks: Marks,
                    copy_old: Copy) -> list[etree._Element]:
    """Return the tracked-change paragraphs that take cell paragraphs `old` to `new`."""
    items = _anchor(_align(old, new))
    paragraphs = []
    for kind, o, n in items:
        if kind == "equal":
            paragraphs.append(copy.deepcopy(n))
        elif kind == "ins":
            paragraphs.append(whole_paragraph(copy.deepcopy(n), "ins", marks, mark_end=False))
        elif kind == "del":
            paragraphs.append(whole_paragraph(copy_old(o), "del", marks, mark_end=False))
        else:
            paragraphs.append(_pair(o, n, kind == "pair", marks))
    # the mark each paragraph ends with: None (kept), "ins" or "del"
    ends: list[str | None] = [k if k in ("ins", "del") else None for k, _, _ in items]
    last = max(i for i, e in enumerate(ends) if e is None)
    ends[last:] = ends[last + 1:] + [None]  # a trailing group takes the mark before it
    _lend_marks(paragraphs, items, ends)
    a = r = 0
    for paragraph, end, (kind, _, _) in zip(paragraphs, ends, items):
        # Each paragraph looks like the new / old paragraph its text or mark belongs to in each view,
        # so the result is right whether a join keeps the first paragraph's look or the last's.
        _set_ppr(paragraph, new[a] if end != "del" or kind != "del" else None,
                 old[r] if end != "ins" or kind != "ins" else None, marks, copy_old)
        a, r = a + (end != "del"), r + (end != "ins")
        if end:
            mark_paragraph(paragraph, end, marks)
    keep_apart(paragraphs, marks)
    return paragraphs


def _lend_marks(paragraphs: list[etree._Element], items: list, ends: list[str | None]) -> None:
    """Inserted paragraphs after a paragraph that ends in an insertion take its mark and leave it
    theirs, as Word records Enter typed at the end of a paragraph: LibreOffice would otherwise read
    the two insertions as one, the kept mark between them included (see `apart`)."""
    for i in range(len(items) - 1):
        if ends[i] is not None or ends[i + 1] != "ins" or items[i + 1][0] != "ins" or not ends_inserted(paragraphs[i]):
            continue
        j = i + 1
        while j + 1 < len(items) and items[j + 1][0] == "ins" and ends[j + 1] == "ins":
            j += 1
        ends[i], ends[j] = "ins", None


def _set_ppr(p: etree._Element, new: etree._Element | None, old: etree._Element | None, marks: Marks,
             copy_old: Copy) -> None:
    """Give `p` the new paragraph's properties (the old one's if it has no part in the new), and
    the old ones in w:pPrChange if it is part of both and the paragraph's look changed."""
    for ppr in p.findall(qn("w:pPr")):
        p.remove(ppr)
    source = new.find(qn("w:pPr")) if new is not None else None
    if new is None and old is not None and old.find(qn("w:pPr")) is not None:
        p.insert(0, copy_old(old.find(qn("w:pPr"))))
    elif source is not None:
        p.insert(0, copy.deepcopy(source))
    if new is not None and old is not None and _look(old) != _look(new):
        record_ppr_change(p, old.find(qn("w:pPr")), marks, copy_old)


def _align(old: list[etree._Element], new: list[etree._Element]) -> list[tuple[str, etree._Element | None, etree._Element | None]]:
    """Pair old and new paragraphs: 'equal', 'pair' (diff words), 'del', 'ins', in document order."""
    keys_old, keys_new = [_key(p) for p in old], [_key(p) for p in new]
    items: list[tuple[str, etree._Element | None, etree._Element | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes():
        if tag == "equal":
            items += [("equal", old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        j = j1
        for i in range(i1, i2):
            match = next((k for k in range(j, j2) if _similarity(old[i], new[k]) >= SIMILAR), None)
            if match is None:
                items.append(("del", old[i], None))
                continue
            items += [("ins", None, new[k]) for k in range(j, match)] + [("pair", old[i], new[match])]
            j = match + 1
        items += [("ins", None, new[k]) for k in range(j, j2)]
    return items


def _anchor(items: list) -> list:
    """Make sure one paragraph keeps its mark: if none does, join the last deletion and first
    insertion into one paragraph (deleted words, then inserted words)."""
    if any(kind in ("equal", "pair") for kind, _, _ in items):
        return items
    last_del = max(i for i, (kind, _, _) in enumerate(items) if kind == "del")
    first_ins = min(i for i, (kind, _, _) in enumerate(items) if kind == "ins")
    joined = ("replace", items[last_del][1], items[first_ins][2])
    return items[:last_del] + [joined] + items[last_del + 1:first_ins] + items[first_ins + 1:]


def _pair(old: etree._Element, new: etree._Element, by_word: bool, marks: Marks) -> etree._Element:
    """One paragraph whose runs take old's text to new's, word by word or as a whole."""
    p = etree.Element(qn("w:p"))  # its properties are set once the paragraph marks are known
    a, b = _TOKENS.findall(text_of(old)), _TOKENS.findall(text_of(new))
    old_rpr, new_rpr = _first_rpr(old), _first_rpr(new)
    if by_word:
        opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    else:
        opcodes = [("replace", 0, len(a), 0, len(b))]
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            p.append(_run("".join(b[j1:j2]), new_rpr))
            continue
        if i2 > i1:
            wrapper = marks.new("del")
            wrapper.append(_run("".join(a[i1:i2]), old_rpr, deleted=True))
            p.append(wrapper)
        if j2 > j1:
            wrapper = marks.new("ins")
            wrapper.append(_run("".join(b[j1:j2]), new_rpr))
            p.append(wrapper)
    return p


def whole_paragraph(p: etree._Element, kind: str, marks: Marks, mark_end: bool = True) -> etree._Element:
    """Wrap all of `p`'s runs in one w:ins or w:del (turning w:t into w:delText) and mark its end."""
    content = [child for child in p if child.tag != qn("w:pPr")]
    if content:
        wrapper = marks.new(kind)
        content[0].addprevious(wrapper)
        wrapper.extend(content)
        if kind == "del":
            for t in wrapper.iter(qn("w:t")):
                t.tag = qn("w:delText")
    if mark_end:
        mark_paragraph(p, kind, marks)
    return p


def mark_paragraph(p: etree._Element, kind: str, marks: Marks) -> None:
    """Record the paragraph mark as inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.Element(qn("w:rPr"))
        later = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
        (later[0].addprevious(rpr) if later else ppr.append(rpr))
    for old in rpr.findall(qn("w:ins")) + rpr.findall(qn("w:del")):
        rpr.remove(old)
    rpr.insert(0, marks.new(kind))  # CT_ParaRPr: ins/del/moveFrom/moveTo come first


def record_ppr_change(p: etree._Element, old_ppr: etree._Element | None, marks: Marks, copy_old: Copy) -> None:
    """Keep the old paragraph properties in w:pPrChange so Reject restores the old style or list."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    previous = copy_old(old_ppr) if old_ppr is not None else etree.Element(qn("w:pPr"))
    for child in previous.findall(qn("w:rPr")) + previous.findall(qn("w:sectPr")) + previous.findall(qn("w:pPrChange")):
        previous.remove(child)
    change = marks.new("pPrChange")
    change.append(previous)
    ppr.append(change)


def text_of(p: etree._Element) -> str:
    """The paragraph's text as rendered (w:t and tabs)."""
    return "".join((el.text or "") if el.tag == qn("w:t") else "\t" for el in p.iter(qn("w:t"), qn("w:tab")))


def _key(p: etree._Element) -> tuple[tuple[str | None, bool, str | None], str]:
    return _look(p), text_of(p)


def _look(p: etree._Element) -> tuple[str | None, bool, str | None]:
    """Style, list item, and shading (a status cell's colour, when it changed, is on its paragraphs)."""
    shd = p.find("w:pPr/w:shd", NS)
    return (*style_of(p), shd.get(qn("w:fill")) if shd is not None else None)


def style_of(p: etree._Element) -> tuple[str | None, bool]:
    """What a paragraph looks like, apart from its text: its style and whether it is a list item."""
    style = p.find("w:pPr/w:pStyle", NS)
    return (style.get(qn("w:val")) if style is not None else None), p.find("w:pPr/w:numPr", NS) is not None


def _similarity(a: etree._Element, b: etree._Element) -> float:
    return SequenceMatcher(None, _TOKENS.findall(text_of(a)), _TOKENS.findall(text_of(b)), autojunk=False).ratio()


def _first_rpr(p: etree._Element) -> etree._Element | None:
    rpr = p.find(".//w:r/w:rPr", NS)
    return copy.deepcopy(rpr) if rpr is not None else None


def _run(text: str, rpr: etree._Element | None, deleted: bool = False) -> etree._Element:
    r = etree.Element(qn("w:r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for index, part in enumerate(text.split("\t")):  # a tab is w:tab, as text_of read it (a page header's)
        if index:
            etree.SubElement(r, qn("w:tab"))
        if part:
            t = etree.SubElement(r, qn("w:delText" if deleted else "w:t"))
            t.text = part
            t.set(qn("xml:space"), "preserve")
    return r
