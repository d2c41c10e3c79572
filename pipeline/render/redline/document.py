"""Turn last quarter's plan and this quarter's into the Word appendix with every change tracked.

Both quarters are rendered by `render_docx` and the results parsed, so whatever the appendix
prints is redlined from what it actually printed. In this quarter's document: each action's
"Action taken and progress" cell, its status cells, and any other cell whose text changed (a plan
revised between quarters: objectives, lead, when by, resource, outcomes) are replaced by
tracked-change paragraphs (`diff`; a changed status colour as `cells` tells), actions new
this quarter are inserted rows and actions gone since last quarter come back as deleted rows. The
text between the tables, the board summary (`summary`) and the page header (`header`) are tracked
too, so Reject All gives last quarter's appendix whole. Every change is authored "<partnership>
Q<n> update" and dated the quarter's last day; ids continue after the document's own, so the same
two plans give the same bytes.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from lxml import etree

from pipeline.ooxml.cells import continues_merge
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import parse_xml, read_parts, serialise_xml, write_parts
from pipeline.ooxml.revisions import view_text
from pipeline.plan.model import FIELDS, Plan
from pipeline.plan.quarters import quarter_end
from pipeline.render.redline.apart import keep_apart_within
from pipeline.render.redline.cells import cell_at, looks, mark_row, redline_cell, replace_with_diff
from pipeline.render.redline.diff import Marks, mark_paragraph, style_of, whole_paragraph
from pipeline.render.redline.header import redline_headers
from pipeline.render.redline.numbering import NumberingCopier
from pipeline.render.redline.summary import redline_summary
from pipeline.render.word.appendix import render_docx

log = logging.getLogger("pipeline")

DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"


class _Shape:
    """Where a plan's action rows keep each field: the reference's eight columns or the plan's own."""

    def __init__(self, plan: Plan) -> None:
        fields = [c.field for c in plan.columns] if plan.columns else list(FIELDS)
        self.width = len(fields)
        self.number, self.status = fields.index("number"), fields.index("status")
        self.progress = fields.index("progress") if "progress" in fields else None
        # objectives, lead, when by, resource, expected outcomes and any extra column
        self.text = [i for i, f in enumerate(fields) if f not in ("number", "status", "progress")]
        self.fields = fields


def redline_docx(previous: Plan, plan: Plan, templates: Path | None = None) -> bytes:
    """Return `plan`'s Word appendix with its differences from `previous` as tracked changes
    (both rendered with the bundled templates, or the folder `templates`)."""
    new_parts = read_parts(render_docx(plan, previous, templates))
    old_parts = read_parts(render_docx(previous, templates=templates))
    document, numbering = parse_xml(new_parts[DOCUMENT]), parse_xml(new_parts[NUMBERING])
    old_document, old_numbering = parse_xml(old_parts[DOCUMENT]), parse_xml(old_parts[NUMBERING])
    day = quarter_end(plan.report.year, plan.report.quarter)
    marks = Marks(f"{plan.partnership} Q{plan.report.quarter} update", f"{day.isoformat()}T00:00:00Z",
                  first_id=_max_id(document) + 1)
    copier = NumberingCopier(old_numbering, numbering)

    old_shape, shape = _Shape(previous), _Shape(plan)
    if old_shape.fields != shape.fields:
        log.warning("%s: the plan's columns changed since last quarter (%s, now %s); the redline marks every "
                    "action as inserted and cannot show last quarter's tables: compare the two appendices instead",
                    plan.partnership, ", ".join(old_shape.fields), ", ".join(shape.fields))
    old_rows = action_rows(old_document, [a.id for a in previous.actions()], old_shape.width, old_shape.number)
    new_rows = action_rows(document, [a.id for a in plan.actions()], shape.width, shape.number)
    for action_id, rows in new_rows.items():
        if action_id in old_rows and old_shape.fields == shape.fields:
            _redline_action(old_rows[action_id], rows, marks, copier, shape)
        else:
            for row in rows:
                mark_row(row, "ins", marks)
    if old_shape.fields == shape.fields:  # rows of another shape cannot go back into these tables
        _restore_removed(previous, old_rows, new_rows, marks, copier)
    _insert_new_tables(document, marks)
    _redline_body_text(old_document, document, marks, copier)
    keep_apart_within(document.find(qn("w:body")), marks)  # where one group of the text meets the next
    redline_summary(old_document, document, marks, copier)
    redline_headers(old_parts, new_parts, marks, copier.copy)

    new_parts[DOCUMENT] = serialise_xml(document)
    new_parts[NUMBERING] = serialise_xml(numbering)
    return write_parts(new_parts, day)


def action_rows(root: etree._Element, ids: list[str], width: int = 8, number: int = 0) -> dict[str, list[etree._Element]]:
    """Map each action id to its table rows (w:tr with `width` cells, the number cell starting with
    the id; rows whose number cell is empty, or continues a vertical merge, belong to the action above)."""
    wanted = set(ids)
    rows: dict[str, list[etree._Element]] = {}
    for table in root.iter(qn("w:tbl")):
        current: list[etree._Element] | None = None
        for tr in table.findall(qn("w:tr")):
            cells = tr.findall(qn("w:tc"))
            if len(cells) != width or tr.find("w:trPr/w:tblHeader", NS) is not None:
                current = None
                continue
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cells[number].iter(qn("w:p")))
            if continues_merge(cells[number]) or not text.strip():
                if current is not None:
                    current.append(tr)
                continue
            first = text.strip().split("\n")[0].strip()  # the id is the cell's first line ("ASB 2")
            current = rows.setdefault(first, []) if first in wanted else None
            if current is not None:
                current.append(tr)
    return rows


def _redline_action(old: list[etree._Element], new: list[etree._Element], marks: Marks, copier: NumberingCopier,
                    shape: _Shape) -> None:
    """Diff the progress cell, each status cell, and any other column whose printed text or look
    changed (a plan revised between quarters); extra outcome rows are inserted or deleted."""
    for column in shape.text:
        old_tc, new_tc = cell_at(old[0], column), cell_at(new[0], column)
        if looks(old_tc) != looks(new_tc):
            redline_cell(old_tc, new_tc, marks, copier)
    if shape.progress is not None:
        redline_cell(cell_at(old[0], shape.progress), cell_at(new[0], shape.progress), marks, copier)
    for index, row in enumerate(new):
        if index < len(old):
            redline_cell(cell_at(old[index], shape.status), cell_at(row, shape.status), marks, copier)
        else:
            mark_row(row, "ins", marks)
    anchor = new[-1]
    for row in old[len(new):]:
        deleted = copier.copy(row)
        mark_row(deleted, "del", marks)
        anchor.addnext(deleted)
        anchor = deleted


def _redline_body_text(old_root: etree._Element, new_root: etree._Element, marks: Marks,
                       copier: NumberingCopier) -> None:
    """The text between the tables: the title and preamble, each priority's heading, lead agency
    and indicators, and the closing sections. Groups are matched by their heading (a priority's
    number, a closing section's title); a changed group is diffed like a cell, a new one inserted."""
    old_groups = paragraph_groups(old_root)
    for key, new_ps in paragraph_groups(new_root).items():
        old_ps = old_groups.get(key)
        if old_ps is None:
            # At the end of the document the last mark cannot come and go: as Word records text
            # typed at the end, the mark before the new paragraphs is the inserted one.
            follower, before = new_ps[-1].getnext(), new_ps[0].getprevious()
            borrow = (follower is None or follower.tag == qn("w:sectPr")) and before is not None and before.tag == qn("w:p")
            for index, paragraph in enumerate(new_ps):
                whole_paragraph(paragraph, "ins", marks, mark_end=not (borrow and index == len(new_ps) - 1))
            if borrow:
                mark_paragraph(before, "ins", marks)
        elif looks(old_ps) != looks(new_ps):
            replace_with_diff(old_ps, new_ps, marks, copier.copy)


def paragraph_groups(root: etree._Element) -> dict[str, list[etree._Element]]:
    """The body's runs of paragraphs between tables or headings, keyed "front" (the first, if it
    has no heading) or by their heading."""
    runs: list[list[etree._Element]] = [[]]
    for element in root.find(qn("w:body")):
        if element.tag == qn("w:p"):
            if style_of(element)[0] == "Heading1" and runs[-1]:
                runs.append([])  # a heading starts a group even with no table before it
            runs[-1].append(element)
        elif runs[-1]:
            runs.append([])
    groups: dict[str, list[etree._Element]] = {}
    for index, run in enumerate(r for r in runs if r):
        heading = next((p for p in run if style_of(p)[0] == "Heading1"), None)
        text = " ".join(view_text(heading, "accepted")).strip() if heading is not None else ""
        number = re.match(r"(\d+)\.\s", text)
        key = "front" if index == 0 and heading is None else number.group(1) if number else text or f"#{index}"
        groups.setdefault(key, run)
    return groups


def _restore_removed(previous: Plan, old_rows, new_rows, marks: Marks, copier: NumberingCopier) -> None:
    """Put each action gone since last quarter back, as deleted rows, after the action it followed."""
    placed = {action_id: rows for action_id, rows in new_rows.items()}
    for priority in previous.priorities:
        ids = [a.id for a in priority.actions]
        for index, action_id in enumerate(ids):
            if action_id in new_rows or action_id not in old_rows:
                continue
            before = next((placed[i][-1] for i in reversed(ids[:index]) if i in placed), None)
            after = next((placed[i][0] for i in ids[index + 1:] if i in placed), None)
            if before is None and after is None:
                log.warning("redline: priority %s has no action left to place removed action %s by; left out",
                            priority.number, action_id)
                continue
            rows = [copier.copy(row) for row in old_rows[action_id]]
            for row in rows:
                mark_row(row, "del", marks)
                (before.addnext(row) if before is not None else after.addprevious(row))
                before = row
            placed[action_id] = rows


def _insert_new_tables(root: etree._Element, marks: Marks) -> None:
    """A table whose every action row is inserted (a priority new this quarter) is inserted whole,
    its heading rows too, so Reject All leaves no empty table behind."""
    for table in root.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        heading = [tr for tr in rows if tr.find("w:trPr/w:tblHeader", NS) is not None]
        body = [tr for tr in rows if tr not in heading]
        if heading and body and all(tr.find("w:trPr/w:ins", NS) is not None for tr in body):
            for tr in heading:
                mark_row(tr, "ins", marks)


def _max_id(root: etree._Element) -> int:
    ids = [int(v) for el in root.iter() if (v := el.get(qn("w:id"))) is not None and v.isdigit()]
    return max(ids, default=0)
