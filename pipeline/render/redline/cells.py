"""Turn last quarter's and this quarter's table cells into tracked changes, and mark whole rows
inserted or deleted: what the action tables and the board summary share.

A cell whose shading changed (a status gone from amber to green) carries each quarter's colour on
its paragraphs, not on the cell. Measured with LibreOffice 7.4: it drops w:tcPrChange when it opens
a file, so a cell's own shading reads the same after Accept All and after Reject All there; a
paragraph's w:shd with the old one in w:pPrChange comes back on Reject in LibreOffice as in Word.
For Word the cell still records last quarter's shading in w:tcPrChange, written as a solid pattern
in the old colour (w:val="solid", w:color), which Word paints as it paints the fill: so the first
w:fill in the cell stays this quarter's, the one the project's reader takes from a cell without
shading of its own (it would otherwise read last quarter's colour out of the change record).
"""
from __future__ import annotations

import copy

from lxml import etree

from pipeline.ooxml.ns import qn
from pipeline.ooxml.revisions import view_paragraphs
from pipeline.render.redline.diff import Copy, Marks, diff_paragraphs, whole_paragraph
from pipeline.render.redline.numbering import NumberingCopier

# CT_PPr children that come before w:shd (the paragraph shading goes after the last of them)
_BEFORE_SHD = {qn("w:" + t) for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                                       "widowControl", "numPr", "suppressLineNumbers", "pBdr")}


def redline_cell(old_tc: etree._Element, new_tc: etree._Element, marks: Marks, copier: NumberingCopier) -> None:
    """Put the tracked-change paragraphs taking `old_tc`'s to `new_tc`'s in `new_tc`, and its old
    properties (shading, …) in w:tcPrChange if they changed."""
    copy_old = copier.for_cell(new_tc)
    old_ps, new_ps = old_tc.findall(qn("w:p")), new_tc.findall(qn("w:p"))
    old_pr, new_pr = old_tc.find(qn("w:tcPr")), new_tc.find(qn("w:tcPr"))
    recolour = fill_of(old_pr) != fill_of(new_pr)
    if recolour:  # the colours move onto the paragraphs (see the module's note)
        old_ps = [_shade(copy.deepcopy(p), fill_of(old_pr)) for p in old_ps]
        new_ps = [_shade(p, fill_of(new_pr)) for p in new_ps]
    replace_with_diff(old_ps, new_ps, marks, copy_old)
    if canonical(old_pr) != canonical(new_pr) and new_pr is not None:
        previous = copy_old(old_pr) if old_pr is not None else etree.Element(qn("w:tcPr"))
        if recolour:
            _drop(new_pr.find(qn("w:shd")))
            _as_solid_pattern(previous.find(qn("w:shd")))
        change = marks.new("tcPrChange")
        change.append(previous)
        new_pr.append(change)


def replace_with_diff(old_ps: list[etree._Element], new_ps: list[etree._Element], marks: Marks, copy_old: Copy) -> None:
    """Put the tracked-change paragraphs taking `old_ps` to `new_ps` where `new_ps` stand."""
    parent = new_ps[0].getparent()
    position = parent.index(new_ps[0])
    for paragraph in new_ps:
        parent.remove(paragraph)
    for offset, paragraph in enumerate(diff_paragraphs(old_ps, new_ps, marks, copy_old)):
        parent.insert(position + offset, paragraph)


def mark_row(tr: etree._Element, kind: str, marks: Marks) -> None:
    """Mark a whole row inserted or deleted: w:trPr/w:ins|w:del, and every run and paragraph in it."""
    for p in tr.iter(qn("w:p")):
        whole_paragraph(p, kind, marks)
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = etree.Element(qn("w:trPr"))
        ex = tr.find(qn("w:tblPrEx"))
        (ex.addnext(tr_pr) if ex is not None else tr.insert(0, tr_pr))
    change = tr_pr.find(qn("w:trPrChange"))
    (change.addprevious(marks.new(kind)) if change is not None else tr_pr.append(marks.new(kind)))


def looks(element: etree._Element | list[etree._Element]) -> list:
    """What paragraphs print, text and look, once every change is accepted."""
    paragraphs = element if isinstance(element, list) else element.findall(qn("w:p"))
    return [view_paragraphs(p, "accepted") for p in paragraphs]


def cell_at(tr: etree._Element, column: int) -> etree._Element:
    return tr.findall(qn("w:tc"))[column]


def canonical(element: etree._Element | None) -> bytes:
    return b"" if element is None else etree.tostring(element, method="c14n")


def fill_of(tc_pr: etree._Element | None) -> str | None:
    shd = tc_pr.find(qn("w:shd")) if tc_pr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def _shade(p: etree._Element, fill: str | None) -> etree._Element:
    """Give paragraph `p` the cell's shading `fill` (none: left unshaded)."""
    if fill is None:
        return p
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    _drop(ppr.find(qn("w:shd")))
    shd = etree.Element(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    before = [child for child in ppr if child.tag in _BEFORE_SHD]
    (before[-1].addnext(shd) if before else ppr.insert(0, shd))
    return p


def _as_solid_pattern(shd: etree._Element | None) -> None:
    """A clear shading in fill colour X as the same colour painted by a solid pattern."""
    if shd is None or shd.get(qn("w:val")) != "clear" or shd.get(qn("w:fill")) in (None, "auto"):
        return
    shd.set(qn("w:val"), "solid")
    shd.set(qn("w:color"), shd.get(qn("w:fill")))
    del shd.attrib[qn("w:fill")]


def _drop(element: etree._Element | None) -> None:
    if element is not None:
        element.getparent().remove(element)
