"""Turn a Grid (from either reader) into a Plan: every business rule of the layout lives here.

The document is read as: page header (appendix, report line) · title block · preamble · per
priority a heading, "Lead Agency:" and "Indicators:" lines and one table · closing sections.
Columns are found from the table's header row; sections from the headings around the tables.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Grid, Para, Table
from pipeline.extract.layout.cells import settle_breaks
from pipeline.extract.layout.report_line import report_from_header
from pipeline.extract.layout.table import TableLayout, find_layout, table_to_actions
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


def grid_to_plan(grid: Grid) -> Plan:
    """Normalise a Grid into a Plan, or raise ExtractionError naming what is missing."""
    for remark in grid.remarks:
        log.warning("%s: outside the action tables: %s", grid.source, remark)
    report = report_from_header(grid)
    front, sections, back = _split_sections(grid)
    partnership, title, preamble = _title_block(front, grid.source)
    priorities = tuple(
        _priority(section, index, grid.source) for index, section in enumerate(sections, 1)
    )
    _check_unique_ids(priorities, grid.source)
    return Plan(
        partnership=partnership,
        title=title,
        report=report,
        preamble=preamble,
        priorities=priorities,
        closing=_closing(back),
    )


def _split_sections(grid: Grid) -> tuple[list[Para], list[_Section], list[Para]]:
    """Cut the body into the front matter, one section per action table, and the back matter."""
    layouts = [find_layout(b) if isinstance(b, Table) else None for b in grid.blocks]
    tables = [b for b, lay in zip(grid.blocks, layouts) if lay is not None]
    if not tables:
        _no_table(grid)
    paragraphs_before: list[Para] = []
    sections: list[_Section] = []
    front: list[Para] | None = None
    for block, layout in zip(grid.blocks, layouts):
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
            sections[-1].tables.append(block)
            continue
        head_at = _heading_index(paragraphs_before)
        if front is None:
            front = paragraphs_before[:head_at]
        elif head_at:
            log.warning("%s: text before the heading of %s ignored: %r", grid.source,
                        block.where, paragraphs_before[0].text[:60])
        sections.append(_Section(paragraphs_before[head_at:], [block]))
        paragraphs_before = []
    return front or [], sections, paragraphs_before


def _no_table(grid: Grid) -> None:
    headers = [
        [c.text.strip() for c in b.rows[0].cells]
        for b in grid.blocks
        if isinstance(b, Table) and b.rows
    ]
    if headers:
        found = "; ".join(" | ".join(h) for h in headers[:2])
        raise ExtractionError(
            f"{grid.source}: no table has the action-plan columns (Objectives / aims, Lead, "
            f"When by, Resource, Expected outcomes, Action taken and progress); found columns: {found}"
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
    texts = [_clean(p.text) for p in front if _clean(p.text)]
    if len(texts) < 2:
        raise ExtractionError(f"{source}: no title block (partnership and plan title) before the first table")
    return texts[0], texts[1], tuple(texts[2:])


def _priority(section: _Section, index: int, source: str) -> Priority:
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
    layout: TableLayout = find_layout(section.tables[0])  # type: ignore[assignment]
    actions = table_to_actions(section.tables, layout, source)
    if not actions:
        raise ExtractionError(f"{source}: {where}: the table of priority {number} has no actions")
    for action in actions:
        if action.id.split(".")[0] != number:
            log.warning("%s: action %s sits under priority %s", source, action.id, number)
    return Priority(
        number=number,
        title=_clean(title),
        lead_agency=lead_agency,
        indicators=indicators,
        actions=actions,
    )


def _closing(paragraphs: list[Para]) -> tuple[Section, ...]:
    sections: list[Section] = []
    for p in paragraphs:
        text = _clean(p.text)
        if p.heading or (p.bold and len(text) < 80):
            sections.append(Section(heading=text))
        elif sections:
            last = sections[-1]
            sections[-1] = Section(last.heading, last.paragraphs + (text,))
        else:
            log.warning("closing text without a heading ignored: %r", text[:60])
    return tuple(sections)


def _check_unique_ids(priorities: tuple[Priority, ...], source: str) -> None:
    seen: set[str] = set()
    for action in (a for p in priorities for a in p.actions):
        if action.id in seen:
            raise ExtractionError(f"{source}: action {action.id} appears twice")
        seen.add(action.id)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", settle_breaks(text)).strip()


__all__ = ["grid_to_plan", "Report", "Action"]
