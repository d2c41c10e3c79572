"""Turn the rows of one priority's table (one or more fragments) into Actions.

Columns are found by the words of the header row, never by position or width. An action starts
at a row whose number cell holds an id ("2.3"); rows whose number cell is merged from above or
empty continue it: more status cells (one per expected outcome), or text carried over a page.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Cell, Para, Row, Table
from pipeline.extract.layout.cells import clean_items, clean_lines, clean_prose, settle_breaks, split_project_label
from pipeline.extract.layout.colour import rag_of_fill
from pipeline.extract.layout.status_text import parse_status
from pipeline.plan.model import Action, Status

log = logging.getLogger("pipeline")

ID_RE = re.compile(r"^\s*(\d+\.\d+)\b")
FIELDS = ("number", "objectives", "lead", "when_by", "resources", "outcomes", "progress", "status")
# Tried in this order, so "Action taken and progress (to be updated by lead officer …)" is
# progress before it can be lead.
HEADING_PATTERNS = (
    ("progress", re.compile(r"progress|action\s+taken|update", re.I)),
    ("outcomes", re.compile(r"outcome|output", re.I)),
    ("resources", re.compile(r"resource|budget|funding", re.I)),
    ("objectives", re.compile(r"objective|aims?\b", re.I)),
    ("when_by", re.compile(r"^\s*(when|by\s+when|target\s+date|timescale|deadline|date)", re.I)),
    ("lead", re.compile(r"^\s*(lead|owner|responsib)", re.I)),
    ("status", re.compile(r"status|\brag\b", re.I)),
)


@dataclass(frozen=True)
class TableLayout:
    """Which column holds which field."""

    columns: dict[str, int]
    width: int


def find_layout(table: Table) -> TableLayout | None:
    """Return the column layout if the table's first row is an action-plan header row."""
    if not table.rows:
        return None
    return _layout_of(table.rows[0])


def _layout_of(row: Row) -> TableLayout | None:
    texts = [" ".join(c.text.split()) for c in row.cells]
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        if not text or row.cells[index].covered:
            continue
        for name, pattern in HEADING_PATTERNS:
            if name not in columns and pattern.search(text):
                columns[name] = index
                break
    if not {"objectives", "outcomes", "progress"} <= columns.keys() or len(columns) < 5:
        return None
    if columns["objectives"] == 0:
        return None  # no column left for the action number
    columns.setdefault("number", columns["objectives"] - 1)
    if "status" not in columns:
        after = [i for i in range(columns["progress"] + 1, len(texts))]
        if not after:
            return None
        columns["status"] = after[0]
    return TableLayout(columns=columns, width=len(texts))


def _is_header(row: Row, layout: TableLayout) -> bool:
    if row.header:
        return True
    again = _layout_of(row)
    return again is not None and again.columns == layout.columns


@dataclass
class _Draft:
    """An action being assembled from its rows."""

    id: str
    where: str
    cells: dict[str, list[Para]] = field(default_factory=dict)
    status: list[tuple[int | None, Status, tuple[int, int, int] | None]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def table_to_actions(tables: list[Table], layout: TableLayout, source: str) -> tuple[Action, ...]:
    """Read the body rows of every fragment of one priority's table into Actions."""
    drafts: list[_Draft] = []
    pending: list[list[Cell]] = []  # the start of an action whose number went to the next page
    for table in tables:
        carried_over = table.continued  # the first body row may finish the page before's row
        body = [(n, row) for n, row in enumerate(table.rows, 1) if not _is_header(row, layout)]
        for index, (row_number, row) in enumerate(body):
            where = f"{table.where}, row {row_number}"
            cells = list(row.cells) + [Cell(covered=True)] * (layout.width - len(row.cells))
            rest = body[index + 1:]  # only its own sub-rows (number merged from it) may follow
            last = all(r.cells[layout.columns["number"]].covered for _, r in rest if r.cells)
            following = bool(pending) and cells[layout.columns["number"]].covered
            if following or (last and _opens_unnumbered(cells, layout, drafts)):
                pending.append(cells)
                continue
            _add_row(drafts, cells, layout, where, source, carried_over, pending)
            pending, carried_over = [], False
    if pending:  # nothing came after it: it was a continuation after all
        _add_row(drafts, [], layout, f"{tables[-1].where}, last row", source, False, pending)
    return tuple(_finish(d, source) for d in drafts)


def _opens_unnumbered(cells: list[Cell], layout: TableLayout, drafts: list[_Draft]) -> bool:
    """True for the last row on a page that starts a new action without its number: a page
    break left the number (and perhaps more) for the next page, as a row split after its first
    lines does. Its status restarts at 1, or there is no action yet for it to continue."""
    number = cells[layout.columns["number"]]
    if number.covered or number.text.strip() or not any(c.text.strip() for c in cells if not c.covered):
        return False
    if not drafts:
        return True
    status = cells[layout.columns["status"]]
    first, *_ = parse_status(" ".join(status.text.split())) if not status.covered else (None,)
    return first == 1 and bool(drafts[-1].status)


def _add_row(drafts: list[_Draft], cells: list[Cell], layout: TableLayout, where: str, source: str,
             carried_over: bool = False, pending: list[list[Cell]] | None = None) -> None:
    col = layout.columns
    number = cells[col["number"]] if cells else Cell(covered=True)
    match = ID_RE.match(number.text) if not number.covered else None
    if match:
        drafts.append(_Draft(id=match.group(1), where=where))
    elif not drafts:
        if pending or any(c.text.strip() for c in cells if not c.covered):
            raise ExtractionError(f"{source}: {where}: a row before the first action id: {number.text.strip()!r}")
        return
    elif number.text.strip() and not number.covered and not carried_over:
        log.warning("%s: %s: number cell %r is not an action id; read as a continuation",
                    source, where, number.text.strip()[:30])
    for row in [*(pending or []), cells]:
        _fill(drafts[-1], row, col, source)


def _fill(draft: _Draft, cells: list[Cell], col: dict[str, int], source: str) -> None:
    if not cells:
        return
    for cell in cells:
        draft.remarks.extend(r for r in cell.remarks if r not in draft.remarks)
    for name in FIELDS[1:-1]:
        if name in col and not cells[col[name]].covered:
            _append_paragraphs(draft.cells.setdefault(name, []), cells[col[name]].paragraphs)
    status_cell = cells[col["status"]]
    if not status_cell.covered:
        _add_status(draft, status_cell, source)


def _append_paragraphs(target: list[Para], paragraphs: tuple[Para, ...]) -> None:
    for para in paragraphs:
        if para.joins is not None and target:
            last = target[-1]
            target[-1] = Para(last.text + para.joins + para.text, last.list_kind, last.bold, last.heading)
        elif para.text.strip() or para.list_kind:
            target.append(para)


def _add_status(draft: _Draft, cell: Cell, source: str) -> None:
    text = " ".join(settle_breaks(cell.text).split())
    if not text and cell.fill is None:
        return  # an empty filler cell
    number, word_rag, has_word, note = parse_status(text)
    if number is None and draft.status:  # the same status cell continued on a new page
        if note:
            n, old, fill = draft.status[-1]
            joined = f"{old.note} {note}" if old.note else note
            draft.status[-1] = (n, Status(old.rag, joined), fill)
        return
    fill_rag = rag_of_fill(cell.fill)
    rag = fill_rag if cell.fill is not None and fill_rag is not None else word_rag
    if has_word and cell.fill is not None and fill_rag is not None and word_rag != fill_rag:
        log.warning("%s: action %s: status says %s but is shaded %s; the shading wins",
                    source, draft.id, word_rag.value if word_rag else "no status", fill_rag.value)
    draft.status.append((number, Status(rag=rag, note=note or None), cell.fill))


def _finish(draft: _Draft, source: str) -> Action:
    for remark in draft.remarks:
        log.warning("%s: action %s: %s", source, draft.id, remark)
    cells = draft.cells
    project, objectives = split_project_label(clean_prose(cells.get("objectives", [])))
    outcomes = clean_items(cells.get("outcomes", []))
    if not objectives:
        raise ExtractionError(f"{source}: action {draft.id} ({draft.where}): no objectives")
    if not outcomes:
        raise ExtractionError(f"{source}: action {draft.id} ({draft.where}): no expected outcomes")
    status = [s for _, s, _ in draft.status]
    numbers = [n for n, _, _ in draft.status if n is not None]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        log.warning("%s: action %s: status cells numbered %s", source, draft.id, numbers)
    if len(status) > len(outcomes):
        log.warning("%s: action %s: %d status cells for %d expected outcomes; extra ones dropped",
                    source, draft.id, len(status), len(outcomes))
        status = status[: len(outcomes)]
    status += [Status()] * (len(outcomes) - len(status))
    return Action(
        id=draft.id,
        project_campaign=project,
        objectives=objectives,
        lead=clean_lines(cells.get("lead", [])),
        when_by=clean_lines(cells.get("when_by", [])),
        resources=clean_items(cells.get("resources", [])),
        outcomes=outcomes,
        progress=clean_prose(cells.get("progress", [])),
        status=tuple(status),
    )
