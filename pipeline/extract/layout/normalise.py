"""Turn a Grid (from either reader) into a Plan: every business rule of the layout lives here.

The document is read as: page header (appendix, report line) · title block · preamble · per
priority a heading, "Lead Agency:" and "Indicators:" lines and one table · closing sections.
Columns are found from the table's header row; sections from the headings around the tables.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Grid, Para, Row, Table
from pipeline.extract.layout.cells import BULLET, TYPED_BULLET_RE, settle_breaks
from pipeline.extract.layout.columns import TableLayout, diagnose, find_layout, warn_unknown
from pipeline.extract.layout.marks import all_marks, say_marks
from pipeline.extract.layout.profile import DEFAULT_PROFILE, Profile
from pipeline.extract.layout.report_line import report_from_header
from pipeline.extract.layout.scale import legend_of, plan_scale, resolve
from pipeline.extract.layout.table import ReadAction, table_to_actions
from pipeline.plan.model import Action, Plan, Priority, Report, Section

log = logging.getLogger("pipeline")

HEADING_RE = re.compile(r"^\s*(\d+)\s*[.)]?\s+(\S.*)$", re.S)
# "Lead Agency:", "Lead agencies:", "Lead agency / partner:", "Lead partner:"
LEAD_RE = re.compile(r"^\s*lead\s+(?:agenc(?:y|ies)|partners?|organisations?)\b[^:]{0,30}:\s*(.*)$", re.I | re.S)
# "Indicators:", "Indicators / measure:", "Performance indicators:", "Key measures:"
INDICATORS_RE = re.compile(
    r"^\s*(?:(?:key|performance)\s+)?(?:indicators?|measures?)(?:\s*/\s*measures?)?\s*:\s*(.*)$", re.I | re.S)


@dataclass
class _Section:
    """A priority being assembled: its heading paragraphs and its table fragments."""

    paragraphs: list[Para] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def grid_to_plan(grid: Grid, profile: Profile = DEFAULT_PROFILE) -> Plan:
    """Normalise a Grid into a Plan, or raise ExtractionError naming what is missing."""
    report = report_from_header(grid)
    blocks, layouts = _blocks_and_layouts(grid, profile)
    front, sections, back = _split_sections(grid, blocks, layouts)
    partnership, title, preamble = _title_block(front, grid.source)
    read = [_priority(section, layout, index, grid.source, profile)
            for index, (section, layout) in enumerate(sections, 1)]
    _say_marks(grid, blocks, sections, read)
    raws = [raw for _, actions in read for a in actions for raw in a.statuses]
    columns = _columns(sections, grid.source)
    scale = plan_scale(raws, legend_of(list(preamble)), profile, grid.source)
    priorities = tuple(
        Priority(p.number, p.title, tuple(
            dataclasses.replace(a.action, status=tuple(resolve(r, scale, grid.source, profile) for r in a.statuses),
                                extra=_extras(a.action, columns))
            for a in actions), p.lead_agency, p.indicators)
        for p, actions in read)
    _check_unique_ids(priorities, grid.source)
    warn_unknown([layout for _, layout in sections], grid.source, profile)
    _check_profile(profile, [layout for layout in layouts if layout is not None], grid.source)
    return Plan(
        partnership=partnership,
        title=title,
        report=report,
        preamble=preamble,
        priorities=priorities,
        closing=_closing(back),
        columns=columns,
        scale=scale.recorded(),
    )


def _say_marks(grid: Grid, blocks: list[Para | Table], sections: list[tuple[_Section, TableLayout]],
               read: list[tuple[Priority, tuple[ReadAction, ...]]]) -> None:
    """Warn about the Word file's review marks, each by its place (see `marks`)."""
    if not any(True for _ in all_marks(grid)):
        return
    action_tables = {id(table): (priority.number, [pair for a in actions for pair in a.marks] if n == 0 else [])
                     for (section, _), (priority, actions) in zip(sections, read)
                     for n, table in enumerate(section.tables)}
    headings = {id(p): priority.number for (section, _), (priority, _) in zip(sections, read) for p in section.paragraphs}
    say_marks(grid, blocks, action_tables, headings)


def _check_profile(profile: Profile, layouts: list[TableLayout], source: str) -> None:
    missing = profile.missing_headings({c.heading for layout in layouts for c in layout.headings})
    if missing:
        printed = sorted({c.heading for layout in layouts for c in layout.headings if c.heading})
        raise ExtractionError(f"{profile.source}:{profile.lines.get(missing[0], 1)}: the heading {missing[0]!r} is not "
                              f"in {source}'s action tables (they print {', '.join(map(repr, printed))[:200]}); "
                              "correct it or take it out of the profile")


def _columns(sections: list[tuple[_Section, TableLayout]], source: str):
    """The plan's columns as printed in its first action table; None for the reference's shape."""
    first = sections[0][1]
    for section, layout in sections[1:]:
        if [c.field for c in layout.headings] != [c.field for c in first.headings]:
            log.warning("%s: %s has its columns in another order than the first table (%s); each table was read "
                        "by its own headings, the first table's order is kept", source, section.tables[0].where,
                        ", ".join(c.heading or "(blank)" for c in first.headings))
    columns = list(first.headings)
    for section, layout in sections[1:]:  # an extra column only some tables have is kept for all
        for column in layout.headings:
            if column.field == "extra" and all(c.key != column.key for c in columns):
                log.warning("%s: %s has the extra column %r that the first table lacks; kept, and printed in "
                            "every table", source, section.tables[0].where, column.heading or column.key)
                columns.append(column)
    if len(columns) == len(first.headings) and first.is_reference_shape():
        return None
    return tuple(columns)


def _extras(action: Action, columns) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The action's extra values, one per extra column of the plan (empty where its table had none)."""
    have = dict(action.extra)
    return tuple((c.key, have.get(c.key, ())) for c in columns or () if c.field == "extra")


def _blocks_and_layouts(grid: Grid, profile: Profile) -> tuple[list[Para | Table], list[TableLayout | None]]:
    """Every block with its layout; a table holding its priorities' headings as full-width rows
    (one table for the whole plan) becomes those headings and one table per priority."""
    blocks: list[Para | Table] = []
    layouts: list[TableLayout | None] = []
    for block in grid.blocks:
        layout = find_layout(block, grid.source, profile) if isinstance(block, Table) else None
        parts = _split_heading_rows(block, layout) if layout is not None else [block]
        blocks += parts
        layouts += [layout if isinstance(b, Table) else None for b in parts]
    return _with_captions(blocks, layouts)


def _with_captions(blocks: list[Para | Table], layouts: list[TableLayout | None]
                   ) -> tuple[list[Para | Table], list[TableLayout | None]]:
    """Fold the caption paragraphs (Word's caption style) just before a table that is not an action
    table into it: they are its title and notes (the Word appendix's board summary), skipped with it,
    their marks named by it. A captionless such table right after a captioned one (LibreOffice drops
    w:tblCaption) is named by it: the summary's exceptions table. Captions before an action table
    stay paragraphs: there they may be a priority's heading."""
    out: list[Para | Table] = []
    out_layouts: list[TableLayout | None] = []
    held: list[Para] = []
    previous: Table | None = None  # the last table not an action table, while only empty paragraphs follow it
    for block, layout in zip(blocks, layouts):
        if isinstance(block, Para) and block.caption:
            held.append(block)
            continue
        if isinstance(block, Table) and layout is None:
            said = [p for p in held if p.text.strip()]
            caption = block.caption or (" ".join(said[0].text.split()) if said else "") or (
                previous.caption if previous is not None else "")
            block = dataclasses.replace(block, caption=caption, marks=tuple(m for p in held for m in p.marks) + block.marks)
            held = []
        out += held
        out_layouts += [None] * len(held)
        held = []
        out.append(block)
        out_layouts.append(layout)
        if isinstance(block, Table):
            previous = block if layout is None else None
        elif block.text.strip():
            previous = None
    out += held
    out_layouts += [None] * len(held)
    return out, out_layouts


def _split_heading_rows(table: Table, layout: TableLayout) -> list[Para | Table]:
    header, *body = table.rows
    if not any(_heading_paras(row) for row in body):
        return [table]
    parts: list[Para | Table] = []
    rows: list[Row] = []
    for row in body:
        paras = _heading_paras(row)
        if not paras:
            rows.append(row)
            continue
        if rows:  # a new priority's heading ends the table of the one before
            parts.append(dataclasses.replace(table, rows=(header, *rows), continued=table.continued and not parts))
            rows = []
        parts += paras
    if rows:
        parts.append(dataclasses.replace(table, rows=(header, *rows), continued=table.continued and not parts))
    return parts


def _heading_paras(row: Row) -> list[Para]:
    """A full-width row of one cell (a priority's heading, its lead agency or indicators), as paragraphs."""
    open_cells = [i for i, c in enumerate(row.cells) if not c.covered]
    written = [row.cells[i] for i in open_cells if row.cells[i].text.strip()]
    # one merged cell across the row from its first or second column (an empty number cell beside it)
    if len(written) != 1 or len(row.cells) < 3 or open_cells[-1] > 1:
        return []
    paras = [p for p in written[0].paragraphs if p.text.strip()]
    if not paras or not (HEADING_RE.match(paras[0].text) or LEAD_RE.match(paras[0].text)
                         or INDICATORS_RE.match(paras[0].text) or _PRIORITY_RE.match(paras[0].text)):
        return []
    first = paras[0]
    m = _PRIORITY_RE.match(first.text)
    text = f"{m.group(1)}. {m.group(2)}" if m else first.text
    return [Para(text, first.list_kind, True, True, marks=written[0].marks), *paras[1:]]


_PRIORITY_RE = re.compile(r"^\s*priority\s+(\d+)\s*[:.–—-]\s*(\S.*)$", re.I | re.S)


def _split_sections(grid: Grid, blocks: list[Para | Table], layouts: list[TableLayout | None]
                    ) -> tuple[list[Para], list[tuple[_Section, TableLayout]], list[Para]]:
    """Cut the body into the front matter, one section per action table, and the back matter."""
    if not any(layouts):
        _no_table(grid)
    paragraphs_before: list[Para] = []
    sections: list[tuple[_Section, TableLayout]] = []
    front: list[Para] | None = None
    for block, layout in zip(blocks, layouts):
        if isinstance(block, Para):
            if block.text.strip():
                paragraphs_before.append(block)
            continue
        if layout is None:
            # before the first priority (a board summary, a contents table) it is front matter;
            # later it may be content the user expects in the plan, so say so
            level = logging.WARNING if sections else logging.INFO
            log.log(level, "%s: %s is not an action-plan table; ignored", grid.source, block.where)
            continue
        if not paragraphs_before and sections:  # a table continued on the next page
            sections[-1][0].tables.append(block)
            continue
        head_at = _heading_index(paragraphs_before)
        if front is None:
            front = paragraphs_before[:head_at]
        elif head_at:
            log.warning("%s: text before the heading of %s ignored: %r", grid.source,
                        block.where, paragraphs_before[0].text[:60])
        sections.append((_Section(paragraphs_before[head_at:], [block]), layout))
        paragraphs_before = []
    return front or [], sections, paragraphs_before


def _no_table(grid: Grid) -> None:
    tables = [b for b in grid.blocks if isinstance(b, Table) and b.rows]
    for table in tables:
        if (reason := diagnose(table)) is not None:
            raise ExtractionError(f"{grid.source}: {reason}")
    if tables:
        found = "; ".join(" | ".join(" ".join(c.text.split())[:40] for c in t.rows[0].cells) for t in tables[:2])
        raise ExtractionError(
            f"{grid.source}: no table has the action-plan columns (an action or objective, expected outcomes, "
            f"a status, and lead, when by, resources or progress); found columns: {found[:300]}"
        )
    raise ExtractionError(f"{grid.source}: no action-plan table found in the document")


def _heading_index(paragraphs: list[Para]) -> int:
    """Index of the priority heading among the paragraphs that precede a table."""
    labels = [i for i, p in enumerate(paragraphs) if LEAD_RE.match(p.text) or INDICATORS_RE.match(p.text)]
    limit = labels[0] if labels else len(paragraphs)
    candidates = [i for i in range(limit) if HEADING_RE.match(paragraphs[i].text)]
    emphasised = [i for i in candidates if paragraphs[i].heading or paragraphs[i].bold]
    if emphasised:
        return emphasised[-1]
    if candidates:
        return candidates[-1]
    return max(limit - 1, 0)


def _title_block(front: list[Para], source: str) -> tuple[str, str, tuple[str, ...]]:
    texts = [_text(p) for p in front if _clean(p.text)]
    if len(texts) < 2:
        raise ExtractionError(f"{source}: no title block (partnership and plan title) before the first table")
    return texts[0], texts[1], tuple(texts[2:])


def _priority(section: _Section, layout: TableLayout, index: int, source: str,
              profile: Profile) -> tuple[Priority, tuple[ReadAction, ...]]:
    paras = section.paragraphs
    where = section.tables[0].where
    if not paras:
        raise ExtractionError(f"{source}: {where}: no priority heading before the table")
    match = HEADING_RE.match(paras[0].text)
    number, title = (match.group(1), match.group(2)) if match else (str(index), paras[0].text)
    lead_agency = indicators = None
    for p in paras[1:]:
        if m := LEAD_RE.match(p.text):
            lead_agency = _clean(m.group(1)) or None
        elif m := INDICATORS_RE.match(p.text):
            indicators = _clean(m.group(1)) or None
        else:
            log.warning("%s: %s: unexpected line under priority %s: %r", source, where, number, p.text[:60])
    actions = table_to_actions(section.tables, layout, source, profile)
    if not actions:
        raise ExtractionError(f"{source}: {where}: the table of priority {number} has no actions")
    for read in actions:
        prefix = read.action.id.split(".")[0]
        if prefix.isdigit() and "." in read.action.id and prefix != number:
            log.warning("%s: action %s sits under priority %s", source, read.action.id, number)
    priority = Priority(number=number, title=_clean(title), lead_agency=lead_agency, indicators=indicators, actions=())
    return priority, actions


def _closing(paragraphs: list[Para]) -> tuple[Section, ...]:
    sections: list[Section] = []
    for p in paragraphs:
        text = _text(p)
        if p.heading or (p.bold and len(text) < 80):
            sections.append(Section(heading=text))
        elif sections:
            last = sections[-1]
            sections[-1] = Section(last.heading, last.paragraphs + (text,))
        else:
            log.warning("closing text without a heading ignored: %r", text[:60])
    return tuple(sections)


def _check_unique_ids(priorities: tuple[Priority, ...], source: str) -> None:
    seen: dict[str, str] = {}
    for priority in priorities:
        for action in priority.actions:
            if action.id in seen:
                raise ExtractionError(
                    f"{source}: action {action.id} appears twice (under priority {seen[action.id]} and priority "
                    f"{priority.number}); ids must be unique in a plan: number the actions within the plan "
                    f"(e.g. {priority.number}.{action.id.split('.')[-1]}) in the document")
            seen[action.id] = priority.number


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", settle_breaks(text)).strip()


def _text(para: Para) -> str:
    """A paragraph of the title block, preamble or closing; an item of a bulleted list (Word's
    numbering) starts with '• ', as a typed bullet does."""
    text = _clean(para.text)
    return BULLET + TYPED_BULLET_RE.sub("", text) if para.list_kind == "bullet" and text else text


__all__ = ["grid_to_plan", "Report"]
