"""Turn a PDF into a Grid: ruled tables and glyphs (read by PDFium), text lines into paragraphs.

Pass one reads every page into lines (inside each table cell, and outside the tables); pass two,
knowing the whole document's habits (line pitch, trailing spaces, running header and footer),
turns them into blocks. A table at the top of a page continues the one before it, so the first
paragraph of each of its cells may continue the same cell's last paragraph on the previous page.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.extract.grid import UNSURE_BREAK, Cell, Grid, Para, Row, Table
from pipeline.extract.pdf.creator import spaced_wraps
from pipeline.extract.pdf.footnotes import drop_footnotes
from pipeline.extract.pdf.lines import (
    Flow,
    Line,
    chars_to_lines,
    emits_trailing_spaces,
    line_joiner,
    lines_to_paras,
    usual_pitch,
    whole_words,
)
from pipeline.extract.pdf.pdfium import RawPage, read_pages
from pipeline.extract.pdf.settings import DEFAULTS, PdfSettings

log = logging.getLogger("pipeline")


@dataclass
class _Cell:
    bbox: tuple[float, float, float, float]
    lines: list[Line]
    fill: tuple[int, int, int] | None


@dataclass
class _Table:
    top: float
    rows: list[list[_Cell | None]]


@dataclass
class _Page:
    number: int
    width: float
    height: float
    body: list[Line]
    tables: list[_Table]


def pdf_to_grid(data: bytes, source: str, settings: PdfSettings = DEFAULTS) -> Grid:
    """Read a PDF's running header and body into a Grid."""
    _check_complete(data, source)
    pages = [_lay_out(page, source, settings) for page in read_pages(data, source, settings)]
    if not any(p.body or p.tables for p in pages):
        raise InputError(f"{source}: the PDF has no text layer (a scanned image?); OCR is out of scope")
    zone = settings.running_zone
    running = _running_keys(pages, zone)
    header = _header_lines(pages, running, zone)
    all_lines = [p.body for p in pages] + [c.lines for p in pages for t in p.tables for r in t.rows for c in r if c]
    spaced = spaced_wraps(data)
    habits = _Habits(
        pitch=usual_pitch(all_lines, settings, tightest=spaced),
        trailing=emits_trailing_spaces([line for lines in all_lines for line in lines], settings),
        column_right=_column_rights(pages),
        settings=settings,
        words=whole_words([line for lines in all_lines for line in lines]),
        spaced_wraps=spaced,
    )
    blocks = _blocks(pages, running, habits)
    return Grid(source=source, header=header, blocks=tuple(blocks))


@dataclass(frozen=True)
class _Habits:
    """What the whole document teaches about its lines: pitch per font size, whether wraps keep
    their space, and how far right text reaches in each table column."""

    pitch: dict[float, float]
    trailing: bool
    column_right: dict[tuple[int, int], float]
    settings: PdfSettings
    words: frozenset[str]  # words printed whole, to tell a word broken at a line's end from two
    spaced_wraps: bool  # the PDF says every wrap kept its space (creator.py)


def _column_rights(pages: list[_Page]) -> dict[tuple[int, int], float]:
    rights: dict[tuple[int, int], float] = {}
    for page in pages:
        for table in page.tables:
            for row in table.rows:
                for cell in row:
                    if cell and cell.lines:
                        key = (round(cell.bbox[0]), round(cell.bbox[2]))
                        rights[key] = max(rights.get(key, 0.0), max(line.x1 for line in cell.lines))
    return rights


def _check_complete(data: bytes, source: str) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{source}: the PDF is truncated or damaged (no end-of-file marker)")


def _lay_out(page: RawPage, source: str, settings: PdfSettings) -> _Page:
    # a lone box is decoration; two cells or more are a table (action or not)
    found_tables = [t for t in page.tables if sum(1 for row in t for cell in row if cell) >= settings.table_min_cells]
    chars = [c for c in page.chars if c.get("upright", True)]
    last_table_end = max((cell[3] for t in found_tables for row in t for cell in row if cell), default=0.0)
    chars = drop_footnotes(chars, last_table_end, page.height, f"{source}: page {page.number}", settings)
    spaces = sum(1 for c in chars if c["text"] == " ") > settings.spaces_written_share * len(chars)
    claimed: set[int] = set()
    tables = [_Table(top=min(c[1] for r in found for c in r if c), rows=rows)
              for found, rows in zip(found_tables, _cells(chars, found_tables, claimed, page.fills, spaces, settings))]
    body = chars_to_lines([c for i, c in enumerate(chars) if i not in claimed], spaces, settings)
    return _Page(page.number, page.width, page.height, body, tables)


def _cells(chars: list[dict], found_tables, claimed: set[int], fills: list[dict], spaces: bool,
           settings: PdfSettings) -> list[list[list[_Cell | None]]]:
    """Each table's rows of cells, each cell holding the lines of the glyphs whose middle is in
    its box (a glyph in two boxes goes to the first); `claimed` gathers the glyphs taken."""
    middle_x = [(c["x0"] + c["x1"]) / 2 for c in chars]
    middle_y = [(c["top"] + c["bottom"]) / 2 for c in chars]
    by_y = sorted(range(len(chars)), key=middle_y.__getitem__)
    ys = [middle_y[i] for i in by_y]
    tables = []
    for found in found_tables:
        rows = []
        for row in found:
            cells: list[_Cell | None] = []
            for bbox in row:
                if bbox is None:
                    cells.append(None)
                    continue
                lo, hi = bisect.bisect_left(ys, bbox[1]), bisect.bisect_right(ys, bbox[3])  # the box's height
                inside = [i for i in by_y[lo:hi] if bbox[0] <= middle_x[i] <= bbox[2] and i not in claimed]
                claimed.update(inside)
                lines = chars_to_lines([chars[i] for i in inside], spaces, settings)
                cells.append(_Cell(bbox=bbox, lines=lines, fill=_fill_of(bbox, fills, settings.fill_cover)))
            rows.append(cells)
        tables.append(rows)
    return tables


def _fill_of(bbox, fills: list[dict], cover: float) -> tuple[int, int, int] | None:
    """The colour of the last-painted filled rectangle covering most of the cell."""
    area = max((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 1e-6)
    colour = None
    for r in fills:
        w = min(r["x1"], bbox[2]) - max(r["x0"], bbox[0])
        h = min(r["bottom"], bbox[3]) - max(r["top"], bbox[1])
        if w > 0 and h > 0 and w * h >= cover * area:
            colour = _rgb(r.get("non_stroking_color"))
    return colour


def _rgb(value) -> tuple[int, int, int] | None:
    if isinstance(value, (int, float)):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not all(isinstance(v, (int, float)) for v in value):
        return None  # a pattern or an unknown colour space
    if len(value) == 1:
        g = round(value[0] * 255)
        return (g, g, g)
    if len(value) == 3:
        return tuple(round(v * 255) for v in value)  # type: ignore[return-value]
    if len(value) == 4:
        c, m, y, k = value
        return tuple(round(255 * (1 - x) * (1 - k)) for x in (c, m, y))  # type: ignore[return-value]
    return None


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.split()))


def _in_running_zone(line: Line, page: _Page, zone: float) -> bool:
    return line.bottom < page.height * zone or line.top > page.height * (1 - zone)


def _running_keys(pages: list[_Page], zone: float) -> set[str]:
    """Lines that repeat, digits aside, near the top or bottom of most pages."""
    seen: dict[str, int] = {}
    for page in pages:
        for key in {_key(line) for line in page.body if _in_running_zone(line, page, zone)}:
            seen[key] = seen.get(key, 0) + 1
    if len(pages) == 1:
        return {k for k in seen if re.search(r"page\s*#|appendix|progress monitor", k, re.I)}
    return {k for k, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}


def _header_lines(pages: list[_Page], running: set[str], zone: float) -> tuple[str, ...]:
    for page in pages:
        lines = [line.text for line in page.body if _key(line) in running and _in_running_zone(line, page, zone)]
        if lines:
            return tuple(lines)
    return ()


def _blocks(pages: list[_Page], running: set[str], habits: _Habits) -> list[Para | Table]:
    blocks: list[Para | Table] = []
    carry: dict[float, tuple[Line, Flow]] = {}  # column x0 → last line there on the page before
    last_line: Line | None = None  # the page before ended with this line of loose text (no table after it)
    for page in pages:
        body = [
            line for line in page.body
            if not (_key(line) in running and _in_running_zone(line, page, habits.settings.running_zone))
        ]
        left = min((line.x0 for line in body), default=0.0)
        flow = Flow(right=page.width - left, pitch=habits.pitch, trailing_spaces=habits.trailing, settings=habits.settings,
                    words=habits.words, spaced_wraps=habits.spaced_wraps)
        items: list[tuple[float, object]] = [(t.top, t) for t in page.tables]
        items += [(line.top, line) for line in body]
        items.sort(key=lambda item: item[0])
        pending: list[Line] = []
        first_on_page = True
        for _, item in items:
            if isinstance(item, Line):
                pending.append(item)
                continue
            _add_paras(blocks, pending, flow, last_line if first_on_page else None)
            continued = first_on_page and not pending
            blocks.append(_table_block(item, page, habits, carry, continued))
            pending = []
            first_on_page = False
        if pending:
            _add_paras(blocks, pending, flow, last_line if first_on_page else None)
        last_line = pending[-1] if pending else None
    return blocks


def _add_paras(blocks: list[Para | Table], lines: list[Line], flow: Flow, before: Line | None) -> None:
    """Add the paragraphs of a run of loose `lines`. At the head of a page, after a page that ended
    with loose text (`before` its last line), the first goes on in the paragraph before where that
    line wrapped: its space kept at the wrap says so (a paragraph's last line ends without one)."""
    paras = lines_to_paras(lines, flow)
    if paras and before is not None and blocks and isinstance(blocks[-1], Para) and before.trailing_space \
            and line_joiner(before, lines[0], flow, same_page=False) == " ":
        last = blocks[-1]
        blocks[-1] = Para(text=f"{last.text} {paras[0].text}", bold=last.bold and paras[0].bold)
        paras = paras[1:]
    blocks.extend(paras)


def _table_block(table: _Table, page: _Page, habits: _Habits, carry, continued: bool) -> Table:
    rows = []
    for index, raw in enumerate(table.rows):
        cells = []
        for cell in raw:
            if cell is None:
                cells.append(Cell(covered=True))
                continue
            flow = _cell_flow(cell, habits)
            paras = lines_to_paras(cell.lines, flow)
            column = _column_of(carry, cell.bbox[0], habits.settings.column_shift)
            if continued and index <= 1 and paras and column in carry:
                prev_line, prev_flow = carry[column]
                joiner = line_joiner(prev_line, cell.lines[0], prev_flow, same_page=False)
                if joiner in (" ", "", UNSURE_BREAK):  # the page broke a wrapped paragraph
                    paras[0] = Para(paras[0].text, paras[0].list_kind, paras[0].bold, paras[0].heading,
                                    joins=joiner)
            if cell.lines and (index > 0 or len(table.rows) == 1):  # row 0 is the repeated header
                carry[column] = (cell.lines[-1], flow)
            cells.append(Cell(paragraphs=tuple(paras), fill=cell.fill))
        rows.append(Row(cells=tuple(cells)))
    return Table(rows=tuple(rows), where=f"page {page.number}", continued=continued, paged=True)


def _column_of(carry: dict[float, tuple[Line, Flow]], x0: float, shift: float) -> float:
    """The key in `carry` of the column starting at `x0`, or x0 for a new one. Ruling lines a few
    points apart on one page are snapped together (another table's column edge near this one's),
    so the same column may start a little apart on two pages."""
    return min((k for k in carry if abs(k - x0) <= shift), key=lambda k: abs(k - x0), default=x0)


def _cell_flow(cell: _Cell, habits: _Habits) -> Flow:
    # The text's right edge: the cell's box less a padding as wide as the left one, or further
    # right if lines in that column were seen to reach further (a list marker in the padding
    # makes the left one look wider than it is).
    left = min((line.x0 for line in cell.lines), default=cell.bbox[0])
    padding = max(left - cell.bbox[0], 0.0)
    seen = habits.column_right.get((round(cell.bbox[0]), round(cell.bbox[2])), 0.0)
    return Flow(right=max(cell.bbox[2] - padding, seen), pitch=habits.pitch, trailing_spaces=habits.trailing,
                settings=habits.settings, words=habits.words, spaced_wraps=habits.spaced_wraps)
