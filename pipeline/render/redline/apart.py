"""Keep an insertion that ends one paragraph from meeting one that starts the next across a kept
paragraph mark.

Measured with LibreOffice 7.4: two insertions of one author and one date that meet at a paragraph
mark which is not itself tracked are read as one insertion, the mark included, so Reject All
removes the mark and joins the two paragraphs ("• None." and "Actions struck" became "• None.Actions
struck"), where OOXML has two changes and the mark kept. So the two never meet: a deletion and an insertion at the meeting
point swap places (the same text in either view), or else the last word before it (or the first
after it) is deleted and typed again within the insertion. Inserted paragraphs after a paragraph
that ends in an insertion take its mark instead (see `diff._lend_marks`), as Word records them.
"""
from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.ooxml.ns import NS, qn

if TYPE_CHECKING:
    from pipeline.render.redline.diff import Marks

_LAST_WORD = re.compile(r"\S+\s*$")
_FIRST_WORD = re.compile(r"^\s*\S+")


def keep_apart(paragraphs: list[etree._Element], marks: Marks) -> None:
    """Rework each pair of paragraphs in a row (`paragraphs`, in order) whose insertions would meet."""
    for p, q in zip(paragraphs, paragraphs[1:]):
        if meet(p, q):
            _swap(p, q) or _retype(p, marks, last=True) or _retype(q, marks, last=False)


def keep_apart_within(parent: etree._Element, marks: Marks) -> None:
    """`keep_apart` for the paragraphs of `parent` (the body) that stand next to each other."""
    run: list[etree._Element] = []
    for child in parent:
        if child.tag != qn("w:p"):
            keep_apart(run, marks)
            run = []
        else:
            run.append(child)
    keep_apart(run, marks)


def meet(p: etree._Element, q: etree._Element) -> bool:
    """Whether `p` ends in an insertion, `q` starts with one, and `p`'s mark between them is kept."""
    kept = p.find("w:pPr/w:rPr/w:ins", NS) is None and p.find("w:pPr/w:rPr/w:del", NS) is None
    return kept and ends_inserted(p) and _is(_content(q)[:1], "w:ins")


def ends_inserted(p: etree._Element) -> bool:
    """Whether the paragraph's text ends in an insertion (w:ins its last content)."""
    return _is(_content(p)[-1:], "w:ins")


def _swap(p: etree._Element, q: etree._Element) -> bool:
    tail, head = _content(p), _content(q)
    if _is(tail[-2:-1], "w:del"):  # … del ins → … ins del
        tail[-1].addnext(tail[-2])
        return True
    if _is(head[1:2], "w:del"):  # ins del … → del ins …
        head[0].addprevious(head[1])
        return True
    return False


def _retype(p: etree._Element, marks: Marks, last: bool) -> bool:
    """Move the kept word next to the insertion at `p`'s end (`last`) or start into it, and delete it
    as it was: "a b" + ins " c" → "a " + ins "b c" + del "b" (and at the start: del "a" + ins "c a" + " b")."""
    content = _content(p)
    ins, kept = (content[-1], content[-2:-1]) if last else (content[0], content[1:2])
    if not _is(kept, "w:r") or not len(kept[0]) or kept[0][-1 if last else 0].tag != qn("w:t"):
        return False
    text = kept[0][-1 if last else 0]
    word = (_LAST_WORD if last else _FIRST_WORD).search(text.text or "")
    if word is None:
        return False
    moved, typed = _run_like(kept[0], word.group(0), deleted=False), _run_like(kept[0], word.group(0), deleted=True)
    text.text = text.text[:word.start()] if last else text.text[word.end():]
    if last:
        ins.insert(0, moved)
        ins.addnext(_wrapped(typed, marks))
    else:
        ins.append(moved)
        ins.addprevious(_wrapped(typed, marks))
    return True


def _run_like(run: etree._Element, text: str, deleted: bool) -> etree._Element:
    twin = copy.deepcopy(run)
    for child in [c for c in twin if c.tag != qn("w:rPr")]:
        twin.remove(child)
    t = etree.SubElement(twin, qn("w:delText" if deleted else "w:t"))
    t.text = text
    t.set(qn("xml:space"), "preserve")
    return twin


def _wrapped(run: etree._Element, marks: Marks) -> etree._Element:
    wrapper = marks.new("del")
    wrapper.append(run)
    return wrapper


def _content(p: etree._Element) -> list[etree._Element]:
    return [child for child in p if child.tag != qn("w:pPr")]


def _is(elements: list[etree._Element], tag: str) -> bool:
    return len(elements) == 1 and elements[0].tag == qn(tag)
