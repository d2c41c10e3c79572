"""Turn Word XML with tracked changes into its text as if every change were accepted, or rejected.

Accepted: w:ins kept, w:del and w:moveFrom dropped, a paragraph whose mark is deleted joins the
next one, a row marked deleted is gone. Rejected: the mirror image (w:delText read back, w:ins and
w:moveTo dropped, an inserted mark joins, an inserted row is gone). Used to check redlines.
"""
from __future__ import annotations

from typing import Literal

from lxml import etree

from pipeline.ooxml.cells import continues_merge
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import parse_xml

View = Literal["accepted", "rejected"]
_DROPPED = {"accepted": (qn("w:del"), qn("w:moveFrom")), "rejected": (qn("w:ins"), qn("w:moveTo"))}
_JOINS = {"accepted": "w:del", "rejected": "w:ins"}  # a paragraph mark that vanishes
_GONE_ROW = {"accepted": "w:del", "rejected": "w:ins"}


def accepted_text(cell_xml: etree._Element | bytes | str) -> list[str]:
    """The cell's (or any element's) paragraphs as they read after Accept All."""
    return view_text(cell_xml, "accepted")


def rejected_text(cell_xml: etree._Element | bytes | str) -> list[str]:
    """The cell's (or any element's) paragraphs as they read after Reject All."""
    return view_text(cell_xml, "rejected")


def view_text(element: etree._Element | bytes | str, view: View) -> list[str]:
    """The paragraphs of `element` in `view`, joined where a paragraph mark is tracked away."""
    return [text for text, _ in view_paragraphs(element, view)]


def view_paragraphs(element: etree._Element | bytes | str, view: View,
                    first_wins: bool = False) -> list[tuple[str, tuple[str | None, bool]]]:
    """Each paragraph in `view` as (text, (style id, is a list item)); the look is the one its
    surviving mark carries (under Reject, the w:pPrChange's old properties if there are any)."""
    paragraphs: list[tuple[str, tuple[str | None, bool]]] = []
    pending: list[tuple[str, etree._Element]] = []
    for p in _element(element).iter(qn("w:p")):
        pending.append(("".join(_texts(p, _DROPPED[view])), p))
        if p.find(f"w:pPr/w:rPr/{_JOINS[view]}", NS) is None:
            # joined paragraphs take the look of the one whose mark survives (the last), or with
            # first_wins (as some editors join) of the first that still has text
            source = next((q for text, q in pending if text), p) if first_wins else p
            paragraphs.append(("".join(text for text, _ in pending), _look(source, view)))
            pending = []
    if pending:
        paragraphs.append(("".join(text for text, _ in pending), (None, False)))
    return paragraphs


def _look(p: etree._Element, view: View) -> tuple[str | None, bool]:
    ppr = p.find(qn("w:pPr"))
    change = ppr.find("w:pPrChange/w:pPr", NS) if ppr is not None else None
    if view == "rejected" and change is not None:
        ppr = change
    if ppr is None:
        return None, False
    style = ppr.find(qn("w:pStyle"))
    return (style.get(qn("w:val")) if style is not None else None), ppr.find(qn("w:numPr")) is not None


def rows_in_view(table: etree._Element, view: View) -> list[etree._Element]:
    """The table's rows that exist in `view` (a row marked inserted is gone when rejected)."""
    return [tr for tr in table.findall(qn("w:tr")) if tr.find(f"w:trPr/{_GONE_ROW[view]}", NS) is None]


COLUMNS = ("objectives", "lead", "when_by", "resources", "outcomes", "progress")  # cells 1-6


def action_cells(document_xml: etree._Element | bytes, view: View) -> dict[str, dict[str, list]]:
    """Map each action id to {'objectives': paragraphs, … 'progress': paragraphs, 'status':
    [paragraphs per outcome]} in `view`, reading every 8-cell table row whose first cell starts a
    group (not empty, no vMerge continue)."""
    actions: dict[str, dict[str, list]] = {}
    for table in _element(document_xml).iter(qn("w:tbl")):
        current = None
        for tr in rows_in_view(table, view):
            cells = tr.findall(qn("w:tc"))
            if len(cells) != 8 or tr.find("w:trPr/w:tblHeader", NS) is not None:
                current = None
                continue
            words = " ".join(view_text(cells[0], view)).split()
            if words and not continues_merge(cells[0]):
                columns = {name: view_text(cells[index], view) for index, name in enumerate(COLUMNS, 1)}
                current = actions.setdefault(words[0] if words else "", {**columns, "status": []})
            if current is not None:
                current["status"].append(view_text(cells[7], view))
    return actions


def _texts(element: etree._Element, dropped: tuple[str, ...]):
    for child in element:
        if child.tag in dropped or child.tag == qn("w:pPr"):
            continue
        if child.tag in (qn("w:t"), qn("w:delText")):
            yield child.text or ""
        elif child.tag == qn("w:tab"):
            yield "\t"
        elif isinstance(child.tag, str):
            yield from _texts(child, dropped)


def _element(value: etree._Element | bytes | str) -> etree._Element:
    if isinstance(value, etree._Element):
        return value
    data = value.encode("utf-8") if isinstance(value, str) else value
    return parse_xml(data)
