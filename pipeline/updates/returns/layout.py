"""Turn a form's WordprocessingML body into what a reader compares: loose paragraphs and action tables.

Used on the blank form (rendered again from the plan) and on the return alike, so "what the form
printed" is never written down twice. Text is read as if every tracked change were accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.revisions import rows_in_view, view_text

_HEADER = re.compile(r"^Action (?P<id>\S(?:.*\S)?)$")  # an id as printed, spaces and all
REVISIONS = tuple(qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange", "tcPrChange",
                                         "trPrChange", "tblPrChange", "sectPrChange", "cellIns", "cellDel"))


@dataclass(frozen=True)
class Row:
    """One row of an action's table: its label, last quarter's text, and this quarter's cell."""

    label: str
    label_lines: tuple[str, ...]  # the whole label cell: the label and, for a status, its outcome
    last: tuple[str, ...]
    box: etree._Element  # the w:tc of this quarter
    element: etree._Element  # the w:tr


@dataclass(frozen=True)
class Loose:
    """A paragraph outside the tables, and the action whose heading it follows (None: before the first)."""

    text: str
    after: str | None
    element: etree._Element


@dataclass(frozen=True)
class Layout:
    """The body as a reader sees it."""

    loose: tuple[Loose, ...]
    tables: dict[str, tuple[Row, ...]]
    headers: dict[str, tuple[tuple[str, ...], ...]]  # each action table's header row: its cells' lines
    strays: tuple[tuple[str | None, str], ...]  # (action it follows, first words) of tables that are no action's


def body_layout(document: etree._Element) -> Layout:
    """Walk the body in order (through any block-level content controls around paragraphs or tables)."""
    body = document.find(qn("w:body"))
    loose: list[Loose] = []
    tables: dict[str, tuple[Row, ...]] = {}
    headers: dict[str, tuple[tuple[str, ...], ...]] = {}
    strays: list[tuple[str | None, str]] = []
    after: str | None = None
    for block in _blocks(body):
        if block.tag == qn("w:p"):
            text = " ".join(" ".join(view_text(block, "accepted")).split())
            heading = _HEADER.match(text)
            if heading and _is_heading(block):
                after = heading.group("id")
            loose.append(Loose(text, after, block))
        elif block.tag == qn("w:tbl"):
            rows = rows_in_view(block, "accepted")
            first = _cell_lines(rows[0].findall(qn("w:tc"))[0]) if rows and rows[0].findall(qn("w:tc")) else []
            m = _HEADER.match(first[0]) if first else None
            if m is None or m.group("id") in tables:
                strays.append((after, " ".join(first)[:60]))
                continue
            tables[m.group("id")] = tuple(_row(tr) for tr in rows[1:] if not _is_header(tr))
            headers[m.group("id")] = tuple(tuple(_cell_lines(tc)) for tc in rows[0].findall(qn("w:tc")))
    return Layout(tuple(loose), tables, headers, tuple(strays))


def _blocks(parent: etree._Element):
    for child in parent:
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:ins"), qn("w:moveTo"), qn("w:customXml")):
            yield from _blocks(child)


def _is_heading(p: etree._Element) -> bool:
    style = p.find("w:pPr/w:pStyle", NS)
    outline = p.find("w:pPr/w:outlineLvl", NS)
    return outline is not None or (style is not None and style.get(qn("w:val"), "").lower().startswith("heading"))


def _is_header(tr: etree._Element) -> bool:
    return tr.find("w:trPr/w:tblHeader", NS) is not None


def _row(tr: etree._Element) -> Row:
    cells = tr.findall(qn("w:tc"))
    if len(cells) != 3:
        lines = _cell_lines(cells[0]) if cells else []
        return Row(lines[0] if lines else "", tuple(lines), (), cells[-1] if cells else tr, tr)
    label = _cell_lines(cells[0])
    return Row(label[0] if label else "", tuple(label), tuple(_cell_lines(cells[1])), cells[2], tr)


def _cell_lines(tc: etree._Element) -> list[str]:
    return [" ".join(t.split()) for t in view_text(tc, "accepted") if t.strip()]


def revisions_in(element: etree._Element) -> int:
    """How many tracked changes lie in `element` (itself included)."""
    return sum(1 for el in element.iter() if el.tag in REVISIONS)
