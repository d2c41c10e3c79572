"""Turn a Word (.docx) file into a Grid.

python-docx opens the package (after `ooxml_safety` has vetted the zip); the body is walked with
lxml because python-docx hides what we need: merged cells (it repeats a merged cell at every
slot), tracked insertions (`paragraph.text` drops w:ins runs) and list numbering formats.
"""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from pipeline.errors import InputError
from pipeline.extract.docx.review_marks import comment_authors, remarks_in
from pipeline.extract.grid import Cell, Grid, Para, Row, Table
from pipeline.ooxml.cells import continues_merge, grid_span
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.safety import check_package

log = logging.getLogger("pipeline")

HEADING_STYLE_NAMES = ("heading 1", "heading 2", "heading 3", "title", "subtitle")


def docx_to_grid(data: bytes, source: str) -> Grid:
    """Read a .docx's page header and body into a Grid."""
    check_package(data, source)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{source}: not a readable Word document ({exc})") from exc
    numbering = _numbering_formats(document)
    styles = _style_info(document, numbering)
    reader = _BodyReader(numbering, styles, comment_authors(document))
    header = tuple(
        line
        for section in document.sections
        for line in reader.plain_lines(section.header._element)  # noqa: SLF001 (no public XML)
    )
    body = document.element.body
    blocks = tuple(reader.blocks(body))
    outside = [p for p in body.iterchildren(qn("w:p"))]
    remarks = tuple(dict.fromkeys(r for p in outside for r in remarks_in(p, reader.comments)))
    return Grid(source=source, header=header, blocks=blocks, remarks=remarks)


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


def _style_info(document, numbering) -> dict[str, tuple[bool, bool, str | None]]:
    """Map paragraph style id to (is heading, is bold, list kind from the style's own numbering)."""
    info: dict[str, tuple[bool, bool, str | None]] = {}
    for style in document.styles.element.findall("w:style", NS):
        style_id = style.get(qn("w:styleId"))
        name_el = style.find("w:name", NS)
        name = (name_el.get(qn("w:val")) if name_el is not None else "").lower()
        bold_el = style.find("w:rPr/w:b", NS)
        bold = bold_el is not None and bold_el.get(qn("w:val")) not in ("false", "0")
        num = style.find("w:pPr/w:numPr", NS)
        kind = _list_kind(num, numbering) if num is not None else None
        info[style_id] = (name.startswith(HEADING_STYLE_NAMES), bold, kind)
    return info


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
    """Walk body XML into Grid blocks, resolving styles, numbering and merges."""

    def __init__(self, numbering, styles, comments) -> None:
        self.numbering = numbering
        self.styles = styles
        self.comments = comments
        self.table_count = 0

    def blocks(self, body) -> Iterator[Para | Table]:
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table_count += 1
                yield self.table(child)
            elif child.tag == qn("w:sdt"):  # content controls wrap ordinary blocks
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    yield from self.blocks(content)
            elif child.tag == qn("w:customXml"):
                yield from self.blocks(child)

    def plain_lines(self, element) -> Iterator[str]:
        for p in element.iter(qn("w:p")):
            text = self.paragraph(p).text
            if text.strip():
                yield text

    def paragraph(self, p) -> Para:
        ppr = p.find("w:pPr", NS)
        style_id = None
        kind = None
        if ppr is not None:
            style = ppr.find("w:pStyle", NS)
            style_id = style.get(qn("w:val")) if style is not None else None
            num = ppr.find("w:numPr", NS)
            if num is not None:
                kind = _list_kind(num, self.numbering)
        heading, style_bold, style_kind = self.styles.get(style_id, (False, False, None))
        if ppr is None or ppr.find("w:numPr", NS) is None:
            kind = style_kind
        text, bold = _runs_text(p, style_bold)
        return Para(text=text, list_kind=kind, bold=bold, heading=heading)

    def table(self, tbl) -> Table:
        rows = []
        for tr in tbl.findall("w:tr", NS):
            header = tr.find("w:trPr/w:tblHeader", NS) is not None and tr.find(
                "w:trPr/w:tblHeader", NS
            ).get(qn("w:val")) not in ("false", "0")
            cells: list[Cell] = []
            for tc in tr.findall("w:tc", NS):
                cell = self.cell(tc)
                cells.append(cell)
                # a cell spanning n grid columns counts as n slots, the extra ones covered
                for _ in range(grid_span(tc) - 1):
                    cells.append(Cell(covered=True))
            row_marks = remarks_in(tr.find("w:trPr", NS), self.comments) if tr.find("w:trPr", NS) is not None else ()
            if row_marks and cells:  # an inserted or deleted row: say so on its first cell
                first = cells[0]
                cells[0] = Cell(first.paragraphs, first.fill, first.covered, first.remarks + row_marks)
            rows.append(Row(cells=tuple(cells), header=header))
        return Table(rows=tuple(rows), where=f"table {self.table_count}")

    def cell(self, tc) -> Cell:
        covered = continues_merge(tc)
        shd = tc.find("w:tcPr/w:shd", NS)
        fill = _hex_colour(shd.get(qn("w:fill"))) if shd is not None else None
        if fill is None:
            fill = _text_colouring(tc)
        paragraphs = [self.paragraph(p) for p in _cell_paragraphs(tc)]
        return Cell(paragraphs=tuple(paragraphs), fill=fill, covered=covered,
                    remarks=remarks_in(tc, self.comments))


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


_SKIP = {qn("w:del"), qn("w:moveFrom")}


def _runs_text(p, style_bold: bool) -> tuple[str, bool]:
    """Return the accepted text of a paragraph (insertions kept, deletions dropped) and whether
    all of its visible text is bold."""
    parts: list[str] = []
    bold_chars = 0
    chars = 0
    for run in _runs(p):
        rpr = run.find("w:rPr", NS)
        b = rpr.find("w:b", NS) if rpr is not None else None
        run_bold = style_bold if b is None else b.get(qn("w:val")) not in ("false", "0")
        for node in run.iterchildren():
            tag = node.tag
            if tag == qn("w:t"):
                piece = node.text or ""
            elif tag == qn("w:tab"):
                piece = "\t"
            elif tag in (qn("w:br"), qn("w:cr")):
                piece = "\n"
            elif tag == qn("w:noBreakHyphen"):
                piece = "-"
            elif tag == qn("w:sym"):
                piece = chr(int(node.get(qn("w:char"), "20"), 16))
            else:
                continue
            parts.append(piece)
            visible = len(piece.strip())
            chars += visible
            bold_chars += visible if run_bold else 0
    return "".join(parts), chars > 0 and bold_chars == chars


def _runs(p) -> Iterator:
    """Yield the w:r elements of a paragraph in order, descending into insertions, hyperlinks,
    smart tags and fields but not into deletions or moved-away text."""
    for child in p.iterchildren():
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in _SKIP or child.tag == qn("w:pPr"):
            continue
        elif isinstance(child.tag, str):
            yield from _runs(child)
