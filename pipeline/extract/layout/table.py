"""Turn the rows of one priority's table (one or more fragments) into Actions and their raw statuses.

Columns are found by the words of the header row (`columns`), never by position or width. An
action starts at a row whose number cell holds an id as printed ("2.3", "DA1", "ASB 2"); rows whose
number cell is merged from above or empty continue it: more status cells (one per expected
outcome), or text carried over a page. Status cells are kept as printed (`scale.RawStatus`): what
they mean is decided once for the whole plan.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Cell, Mark, Para, Row, Table
from pipeline.extract.layout.cells import clean_items, clean_lines, clean_prose, settle_breaks, split_project_label
from pipeline.extract.layout.columns import NAMES, TableLayout, heading_text, layout_of
from pipeline.extract.layout.profile import DEFAULT_PROFILE, Profile
from pipeline.extract.layout.scale import RawStatus
from pipeline.extract.layout.status_text import split_number
from pipeline.plan.model import Action

log = logging.getLogger("pipeline")

# An action id as printed: "2.3", "DA1", "ASB 2", "4.1a"; a profile may give its own pattern.
ID_RE = re.compile(r"^\s*((?:[A-Z]{1,6}\s?)?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?)(?:\.|:|\))?(?=\s|$)")
PROSE_FIELDS = ("objectives", "lead", "when_by", "resources", "outcomes", "progress")
COLUMN_NAMES = {**NAMES, "number": "number"}  # "action 2.3, number", not "action 2.3, the action number"


def _is_header(row: Row, layout: TableLayout) -> bool:
    if row.header:
        return True
    texts = [heading_text(c.text) for c in row.cells if not c.covered]
    if texts == layout.printed():
        return True
    try:
        again = layout_of(row, "")
    except ExtractionError:
        return False
    return again is not None and again.columns == layout.columns


@dataclass
class _Draft:
    """An action being assembled from its rows."""

    id: str
    where: str
    cells: dict[str, list[Para]] = field(default_factory=dict)
    status: list[tuple[int | None, RawStatus]] = field(default_factory=list)
    marks: list[tuple[str, Mark]] = field(default_factory=list)  # review marks, by place


@dataclass(frozen=True)
class ReadAction:
    """An action as read from its rows: every field but its statuses, which wait for the plan's scale."""

    action: Action
    statuses: tuple[RawStatus, ...]
    marks: tuple[tuple[str, Mark], ...] = ()  # Word: review marks read with it, each by its place (a row
    # deleted as a tracked change rides here too, named by its own action)


def table_to_actions(tables: list[Table], layout: TableLayout, source: str,
                     profile: Profile = DEFAULT_PROFILE) -> tuple[ReadAction, ...]:
    """Read the body rows of every fragment of one priority's table into actions."""
    drafts: list[_Draft] = []
    pending: list[list[Cell]] = []  # the start of an action whose number went to the next page
    owners: dict[int, _Draft] = {}  # id of a row → the action it was read into
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
            remnant = table.paged and (carried_over or index == len(body) - 1)  # where a page broke a cell
            _add_row(drafts, cells, layout, where, source, carried_over, pending, profile, remnant)
            pending, carried_over = [], False
            if drafts:
                owners[id(row)] = drafts[-1]
                _row_marks(drafts[-1], row, where)
    if pending:  # nothing came after it: it was a continuation after all
        _add_row(drafts, [], layout, f"{tables[-1].where}, last row", source, False, pending, profile)
    if drafts:
        _deleted_rows(tables, layout, owners, drafts[0], profile)
    return tuple(_finish(d, layout, source) for d in drafts)


def _row_marks(draft: _Draft, row: Row, where: str) -> None:
    """A row inserted (or restyled) as a tracked change: the action's if it starts it, else the outcome's."""
    if row.marks:
        place = f"action {draft.id}" if draft.where == where else f"action {draft.id}, outcome {len(draft.status)}"
        draft.marks.extend((place, m) for m in row.marks)


def _deleted_rows(tables: list[Table], layout: TableLayout, owners: dict[int, _Draft], first: _Draft,
                  profile: Profile) -> None:
    """Name each row deleted as a tracked change by the action it was part of: its own id when it
    starts one (the whole action is gone, read as accepted), else the action of the rows before it."""
    col = layout.columns
    for table in tables:
        for row in table.rows:
            owner = owners.get(id(row), first)  # a header row's deleted rows ride on the first action
            current = owner.id if id(row) in owners else None
            whole = False  # the rows deleted so far started an action: the rest are that action's
            for gone in row.deleted:
                cells = list(gone.cells) + [Cell(covered=True)] * (layout.width - len(gone.cells))
                number, status = cells[col["number"]], cells[col["status"]]
                action_id = None if number.covered else _action_id(number.text, profile)
                if action_id:
                    current, whole = action_id, True
                outcome, _ = split_number(" ".join(status.text.split()))
                place = (table.where if current is None else f"action {current}" if whole or not outcome
                         else f"action {current}, outcome {outcome}")
                owner.marks.extend((place, m) for m in (*gone.marks, *(m for c in cells for m in c.marks)))


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
    first, _ = split_number(" ".join(status.text.split())) if not status.covered else (None, "")
    return first == 1 and bool(drafts[-1].status)


def _add_row(drafts: list[_Draft], cells: list[Cell], layout: TableLayout, where: str, source: str,
             carried_over: bool = False, pending: list[list[Cell]] | None = None,
             profile: Profile = DEFAULT_PROFILE, remnant: bool = False) -> None:
    col = layout.columns
    number = cells[col["number"]] if cells else Cell(covered=True)
    action_id = _action_id(number.text, profile, f"{source}: {where}") if not number.covered else None
    if action_id:
        drafts.append(_Draft(id=action_id, where=where))
    elif not drafts:
        if pending or any(c.text.strip() for c in cells if not c.covered):
            printed = number.text.strip()
            raise ExtractionError(
                f"{source}: {where}: a row before the first action: its number cell {printed[:30]!r} is not an "
                f"action id like '1.1' or 'DA1'; if it is one, give the ids' pattern in a profile: "
                f"`id_pattern: '{re.escape(printed.split()[0])[:20] if printed else '<pattern>'}'`")
        return
    elif number.text.strip() and not number.covered and not carried_over:
        log.warning("%s: %s: number cell %r is not an action id; read as a continuation",
                    source, where, number.text.strip()[:30])
    for row in [*(pending or []), cells]:
        _fill(drafts[-1], row, layout, carried_over, remnant)


def _action_id(text: str, profile: Profile, where: str = "") -> str | None:
    """The action id the number cell's first line starts with; the rest of that line ("1.3 (new)")
    is left out with a warning (given a `where` to say it at), and a line that only starts like an id
    ("5.2*") is no id."""
    first = text.strip().split("\n")[0].strip()
    pattern = profile.id_regex()
    if pattern is not None:
        return first if pattern.fullmatch(first) else None
    match = ID_RE.match(first)
    if match and first[match.end():].strip() and where:
        log.warning("%s: the number cell %r: read the action id %r, the rest (%r) left out", where, first[:40],
                    match.group(1), first[match.end():].strip()[:30])
    return match.group(1) if match else None


def _fill(draft: _Draft, cells: list[Cell], layout: TableLayout, carried_over: bool, remnant: bool) -> None:
    if not cells:
        return
    col = layout.columns
    if any(cell.marks for cell in cells):  # Word's review marks, by column (the status's below)
        names = _column_names(layout)
        for index, cell in enumerate(cells):
            if index != col["status"]:
                draft.marks.extend((f"action {draft.id}, {names.get(index, f'column {index + 1}')}", m) for m in cell.marks)
    for name in PROSE_FIELDS:
        if name in col and not cells[col[name]].covered:
            _append_paragraphs(draft.cells.setdefault(name, []), cells[col[name]].paragraphs)
    for key, index in layout.extras:
        if not cells[index].covered:
            _append_paragraphs(draft.cells.setdefault(f"extra:{key}", []), cells[index].paragraphs)
    status_cell = cells[col["status"]]
    before = len(draft.status)
    if not status_cell.covered:
        _add_status(draft, status_cell, carried_over, remnant)
    outcome = len(draft.status) if len(draft.status) > before else max(before + (not carried_over), 1)
    draft.marks.extend((f"action {draft.id}, status of outcome {outcome}", m) for m in status_cell.marks)


def _column_names(layout: TableLayout) -> dict[int, str]:
    """Each column's name in a warning: the field's ('progress', 'when by'), or an extra one's heading."""
    names = {index: c.heading or f"column {index + 1}" for index, c in enumerate(layout.headings)}
    names.update({index: COLUMN_NAMES.get(name, name) for name, index in layout.columns.items()})
    return names


def _append_paragraphs(target: list[Para], paragraphs: tuple[Para, ...]) -> None:
    for para in paragraphs:
        if para.joins is not None and target:
            last = target[-1]
            target[-1] = Para(last.text + para.joins + para.text, last.list_kind, last.bold, last.heading)
        elif para.text.strip() or para.list_kind:
            target.append(para)


def _add_status(draft: _Draft, cell: Cell, carried_over: bool, remnant: bool) -> None:
    """A status cell with its number starts a status. One without continues the status before it
    only where a page broke the cell (a PDF's continued fragment, or the painted foot of a row at
    a page's end); elsewhere (every Word row) it is a status of its own, numbered or not."""
    # one line per paragraph: a status word stands on its own line, a note may follow
    text = "\n".join(" ".join(line.split()) for line in settle_breaks(cell.text).split("\n") if line.strip())
    if not text and cell.fill is None:
        return  # an empty filler cell
    number, rest = split_number(text)
    if number is None and draft.status and (carried_over or (remnant and not text)):  # a page broke the cell
        if rest:
            n, old = draft.status[-1]
            # a word the page broke goes on with no space (the reader's joiner); else a new line
            glue = "" if cell.paragraphs and cell.paragraphs[0].joins == "" else "\n"
            draft.status[-1] = (n, RawStatus(f"{old.text}{glue}{rest}".strip(), old.fill, old.where))
        return
    where = f"action {draft.id}, outcome {number or len(draft.status) + 1}"
    draft.status.append((number, RawStatus(rest, cell.fill, where)))


def _finish(draft: _Draft, layout: TableLayout, source: str) -> ReadAction:
    cells = draft.cells
    project, objectives = split_project_label(clean_prose(cells.get("objectives", [])))
    outcomes = clean_items(cells.get("outcomes", []))
    if not objectives:
        raise ExtractionError(f"{source}: action {draft.id} ({draft.where}): no objectives")
    if not outcomes:
        raise ExtractionError(f"{source}: action {draft.id} ({draft.where}): no expected outcomes")
    status = [s for _, s in draft.status]
    numbers = [n for n, _ in draft.status if n is not None]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        log.warning("%s: action %s: status cells numbered %s", source, draft.id, numbers)
    if len(status) > len(outcomes):
        log.warning("%s: action %s: %d status cells for %d expected outcomes; extra ones dropped",
                    source, draft.id, len(status), len(outcomes))
        status = status[: len(outcomes)]
    status += [RawStatus(where=f"action {draft.id}, outcome {n}") for n in range(len(status) + 1, len(outcomes) + 1)]
    extra = tuple((key, clean_prose(cells.get(f"extra:{key}", []))) for key, _ in layout.extras)
    return ReadAction(Action(
        id=draft.id,
        project_campaign=project,
        objectives=objectives,
        lead=clean_lines(cells.get("lead", [])),
        when_by=clean_lines(cells.get("when_by", [])),
        resources=clean_items(cells.get("resources", [])),
        outcomes=outcomes,
        progress=clean_prose(cells.get("progress", [])),
        status=(),
        extra=extra,
    ), tuple(status), tuple(draft.marks))
