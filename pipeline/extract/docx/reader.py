"""Turn a Word (.docx) file into a Grid.

python-docx opens the package (after `ooxml_safety` has vetted the zip); the body is walked with
lxml because python-docx hides what we need: merged cells (it repeats a merged cell at every
slot), tracked insertions (`paragraph.text` drops w:ins runs) and list numbering formats.
"""
from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import Iterator

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from pipeline.errors import InputError
from pipeline.extract.docx.parts import notes_of, part_marks
from pipeline.extract.docx.review_marks import MarkFinder, has_marks, without_changes_by
from pipeline.extract.docx.runs import ACCEPTED, REJECTED, runs_text
from pipeline.extract.grid import Cell, Grid, Mark, Para, Row, Table
from pipeline.ooxml.cells import continues_merge, grid_span
from pipeline.ooxml.dangling import openable
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.safety import check_package

log = logging.getLogger("pipeline")

HEADING_STYLE_NAMES = ("heading 1", "heading 2", "heading 3", "title", "subtitle")


def docx_to_grid(data: bytes, source: str) -> Grid:
    """Read a .docx's page header and body into a Grid, with every review mark in the file."""
    check_package(data, source)
    try:
        document = Document(io.BytesIO(openable(data, source)))
    except etree.XMLSyntaxError as exc:  # lxml's own limits (a text node of tens of MB, nesting too deep)
        said = "nested too deep or one text too long to read safely" if "HUGE" in str(exc) else "not well-formed XML"
        raise InputError(f"{source}: not a readable Word document: its text is {said}; "
                         "open it in Word and save it again, or give the PDF") from exc
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"{source}: not a readable Word document ({exc})") from exc
    numbering = _numbering_formats(document)
    styles = _style_info(document, numbering)
    notes = notes_of(document)
    body = document.element.body
    reader = _BodyReader(numbering, styles, MarkFinder(notes, marked=has_marks(body)))
    header = tuple(
        line
        for section in document.sections
        for line in reader.plain_lines(section.header._element)  # noqa: SLF001 (no public XML)
    )
    blocks = tuple(reader.blocks(body))
    found = reader.marks
    marks = (part_marks(document, notes) + found.of(body.find(qn("w:sectPr")), where="page setup")  # the last section's
             + found.loose(body, "document body"))
    return Grid(source=source, header=header, blocks=blocks, marks=marks)


def _numbering_formats(document) -> dict[tuple[str, str], str]:
    """Map (numId, ilvl) to the level's numFmt ('decimal', 'bullet', 'none', …)."""
    try:
        part = document.part.numbering_part
    except (NotImplementedError, KeyError):
        return {}
    root = part.element
    abstract = {
        a.get(qn("w:abstractNumId")): {
            lvl.get(qn("w:ilvl")): (lvl.find("w:numFmt", NS).get(qn("w:val"))
                                   if lvl.find("w:numFmt", NS) is not None else "decimal")
            for lvl in a.findall("w:lvl", NS)
        }
        for a in root.findall("w:abstractNum", NS)
    }
    formats: dict[tuple[str, str], str] = {}
    for num in root.findall("w:num", NS):
        ref = num.find("w:abstractNumId", NS)
        levels = abstract.get(ref.get(qn("w:val")) if ref is not None else None, {})
        for ilvl, fmt in levels.items():
            formats[(num.get(qn("w:numId")), ilvl)] = fmt
    return formats


def _style_info(document, numbering) -> dict[str, tuple[bool, bool, str | None, bool]]:
    """Map paragraph style id to (is heading, is bold, list kind from the style's own numbering, is a
    caption: Word's "caption" style or one based on it)."""
    info: dict[str, tuple[bool, bool, str | None, bool]] = {}
    names: dict[str, str] = {}
    based: dict[str, str] = {}
    for style in document.styles.element.findall("w:style", NS):
        style_id = style.get(qn("w:styleId"))
        name_el = style.find("w:name", NS)
        name = (name_el.get(qn("w:val")) if name_el is not None else "").lower()
        names[style_id] = name
        if (parent := style.find("w:basedOn", NS)) is not None:
            based[style_id] = parent.get(qn("w:val"))
        bold_el = style.find("w:rPr/w:b", NS)
        bold = bold_el is not None and bold_el.get(qn("w:val")) not in ("false", "0")
        num = style.find("w:pPr/w:numPr", NS)
        kind = _list_kind(num, numbering) if num is not None else None
        info[style_id] = (name.startswith(HEADING_STYLE_NAMES), bold, kind, False)
    for style_id, (heading, bold, kind, _) in info.items():
        info[style_id] = (heading, bold, kind, _is_caption(style_id, names, based))
    return info


def _is_caption(style_id: str, names: dict[str, str], based: dict[str, str]) -> bool:
    seen: set[str] = set()
    while style_id is not None and style_id not in seen:  # a loop of basedOn is a damaged file's, not ours to follow
        if names.get(style_id) == "caption":
            return True
        seen.add(style_id)
        style_id = based.get(style_id)
    return False


def _list_kind(num_pr, numbering) -> str | None:
    num_id = num_pr.find("w:numId", NS)
    ilvl = num_pr.find("w:ilvl", NS)
    if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
        return None
    key = (num_id.get(qn("w:val")), ilvl.get(qn("w:val")) if ilvl is not None else "0")
    fmt = numbering.get(key, "decimal")
    if fmt == "none":  # LibreOffice puts numbering with format "none" on headings
        return None
    return "bullet" if fmt == "bullet" else "number"


class _BodyReader:
    """Walk body XML into Grid blocks, resolving styles, numbering and merges, and noting review marks
    where they sit."""

    def __init__(self, numbering, styles, marks: MarkFinder) -> None:
        self.numbering = numbering
        self.styles = styles
        self.marks = marks
        self.table_count = 0

    def blocks(self, body, within: str = "") -> Iterator[Para | Table]:
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph(child, marks=self.marks.of(child, within, "body text"))
            elif child.tag == qn("w:tbl"):
                yield self.table(child, within)
            elif child.tag == qn("w:sdt"):  # content controls wrap ordinary blocks
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    yield from self.blocks(content, "content control")
            elif child.tag == qn("w:customXml"):
                yield from self.blocks(child, within)

    def plain_lines(self, element) -> Iterator[str]:
        for p in element.iter(qn("w:p")):
            text = self.paragraph(p).text
            if text.strip():
                yield text

    def paragraph(self, p, skip: frozenset[str] = ACCEPTED, marks: tuple[Mark, ...] = ()) -> Para:
        ppr = p.find("w:pPr", NS)
        style_id = None
        kind = None
        if ppr is not None:
            style = ppr.find("w:pStyle", NS)
            style_id = style.get(qn("w:val")) if style is not None else None
            num = ppr.find("w:numPr", NS)
            if num is not None:
                kind = _list_kind(num, self.numbering)
        heading, style_bold, style_kind, caption = self.styles.get(style_id, (False, False, None, False))
        if ppr is None or ppr.find("w:numPr", NS) is None:
            kind = style_kind
        text, bold = runs_text(p, style_bold, skip)
        return Para(text=text, list_kind=kind, bold=bold, heading=heading, marks=marks, caption=caption)

    def table(self, tbl, within: str = "") -> Table:
        self.table_count += 1
        where = f"table {self.table_count}"
        rows: list[Row] = []
        struck: list[Row] = []  # rows deleted as tracked changes: read as accepted they are gone
        for number, (tr, inside) in enumerate(_rows(tbl, within), 1):
            row = self.row(tr, inside, f"{where}, row {number}")
            if any(m.kind == "row deleted" for m in row.marks):
                struck.append(row)
                continue
            if struck:  # they ride on the kept row before them (or the first), to be named by the layout
                if rows:
                    rows[-1] = dataclasses.replace(rows[-1], deleted=rows[-1].deleted + tuple(struck))
                else:
                    row = dataclasses.replace(row, deleted=tuple(struck))
                struck = []
            rows.append(row)
        if struck and rows:
            rows[-1] = dataclasses.replace(rows[-1], deleted=rows[-1].deleted + tuple(struck))
            struck = []
        caption = tbl.find("w:tblPr/w:tblCaption", NS)
        marks = self.marks.of(tbl.find("w:tblPr", NS), within, where) + self.marks.of(tbl.find("w:tblGrid", NS), within, where)
        marks += tuple(m for r in struck for m in (*r.marks, *(m for c in r.cells for m in c.marks)))  # all deleted
        return Table(rows=tuple(rows), where=where, caption=caption.get(qn("w:val"), "") if caption is not None else "",
                     marks=marks)

    def row(self, tr, within: str, where: str) -> Row:
        marks = self.marks.of_row(tr, where)
        by = {m.author for m in marks if m.kind in ("row inserted", "row deleted")}
        deleted = any(m.kind == "row deleted" for m in marks)
        header = tr.find("w:trPr/w:tblHeader", NS) is not None and tr.find(
            "w:trPr/w:tblHeader", NS
        ).get(qn("w:val")) not in ("false", "0")
        cells: list[Cell] = []
        for tc, inside in _cells(tr, within):
            cell = self.cell(tc, REJECTED if deleted else ACCEPTED, inside, where)
            # a row inserted or deleted as a whole says so once: its text changes by the same hand are the row's
            cells.append(dataclasses.replace(cell, marks=without_changes_by(cell.marks, by)) if by else cell)
            # a cell spanning n grid columns counts as n slots, the extra ones covered
            for _ in range(grid_span(tc) - 1):
                cells.append(Cell(covered=True))
        return Row(cells=tuple(cells), header=header, marks=marks)

    def cell(self, tc, skip: frozenset[str], within: str, where: str) -> Cell:
        covered = continues_merge(tc)
        shd = tc.find("w:tcPr/w:shd", NS)
        fill = _hex_colour(shd.get(qn("w:fill"))) if shd is not None else None
        if fill is None:
            fill = _text_colouring(tc)
        paragraphs = [self.paragraph(p, skip) for p in _cell_paragraphs(tc)]
        marks = self.marks.of(tc, within, where)
        return Cell(paragraphs=tuple(paragraphs), fill=fill, covered=covered, marks=marks)


def _rows(tbl, within: str) -> Iterator[tuple]:
    """A table's rows in order, through the content controls (a repeating section) that may wrap them."""
    yield from _wrapped(tbl, qn("w:tr"), within)


def _cells(tr, within: str) -> Iterator[tuple]:
    """A row's cells in order, through content controls and custom XML wrappers."""
    yield from _wrapped(tr, qn("w:tc"), within)


def _wrapped(element, tag: str, within: str) -> Iterator[tuple]:
    for child in element.iterchildren():
        if child.tag == tag:
            yield child, within
        elif child.tag == qn("w:sdt"):
            content = child.find("w:sdtContent", NS)
            if content is not None:
                yield from _wrapped(content, tag, "content control")
        elif child.tag == qn("w:customXml"):
            yield from _wrapped(child, tag, within)


# Word's highlight pen colours (w:highlight) by name.
HIGHLIGHTS = {"yellow": "FFFF00", "green": "00FF00", "red": "FF0000", "darkGreen": "008000",
              "darkRed": "800000", "darkYellow": "808000", "cyan": "00FFFF", "magenta": "FF00FF"}


def _text_colouring(tc) -> tuple[int, int, int] | None:
    """A status shown by shading its paragraphs or highlighting its text rather than the cell."""
    for el in tc.iter(qn("w:shd")):
        if (colour := _hex_colour(el.get(qn("w:fill")))) is not None:
            return colour
    for el in tc.iter(qn("w:highlight")):
        if el.get(qn("w:val")) in HIGHLIGHTS:
            return _hex_colour(HIGHLIGHTS[el.get(qn("w:val"))])
    return None


def _cell_paragraphs(element) -> Iterator:
    """A cell's paragraphs in order, through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield child
        elif child.tag == qn("w:tbl"):
            log.warning("nested table inside a cell is read as text only")
            yield from child.iter(qn("w:p"))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _cell_paragraphs(child)


def _hex_colour(value: str | None) -> tuple[int, int, int] | None:
    if not value or len(value) != 6 or value.lower() == "auto":
        return None
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None
