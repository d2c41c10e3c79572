"""Turn last quarter's board summary and this quarter's into tracked changes, so Reject All gives
last quarter's counts, directions and exceptions, and Accept All this quarter's.

Rows are matched by what they are, not where they stand: a priority's row by its number ("3. …"),
the others (headings, total; the exceptions table's two rows) by their place before or after the priorities. A
matched row has each changed cell diffed like an action's cell; a priority new this quarter is an
inserted row, one gone since last quarter comes back as a deleted row after the row it followed.
"""
from __future__ import annotations

import logging
import re

from lxml import etree

from pipeline.ooxml.ns import qn
from pipeline.ooxml.revisions import view_text
from pipeline.render.redline.cells import canonical, looks, mark_row, redline_cell
from pipeline.render.redline.diff import Marks
from pipeline.render.redline.numbering import NumberingCopier
from pipeline.render.word.table import EXCEPTIONS_CAPTION, SUMMARY_CAPTION

log = logging.getLogger("pipeline")

_PRIORITY = re.compile(r"(\d+)\.\s")  # a priority's row starts "3. Violent crime…", as its heading does


def redline_summary(old_root: etree._Element, new_root: etree._Element, marks: Marks, copier: NumberingCopier) -> None:
    """Track the changes from `old_root`'s board summary (its counts table and its exceptions table)
    to `new_root`'s, in `new_root`. Its title and intro, paragraphs before it, are the body text's."""
    for caption in (SUMMARY_CAPTION, EXCEPTIONS_CAPTION):
        old, new = summary_table(old_root, caption), summary_table(new_root, caption)
        if old is not None and new is not None:
            _redline_table(old, new, marks, copier)


def _redline_table(old: etree._Element, new: etree._Element, marks: Marks, copier: NumberingCopier) -> None:
    if len(old.find(qn("w:tblGrid"))) != len(new.find(qn("w:tblGrid"))):
        log.warning("redline: the board summary's columns changed since last quarter (another status scale); "
                    "it is marked as inserted and Reject All cannot give last quarter's")
        for tr in new.findall(qn("w:tr")):
            mark_row(tr, "ins", marks)
        return
    old_rows, new_rows = _keyed(old), _keyed(new)
    for key, tr in new_rows.items():
        before = old_rows.get(key)
        if before is None or len(before.findall(qn("w:tc"))) != len(tr.findall(qn("w:tc"))):
            mark_row(tr, "ins", marks)
            continue
        for old_tc, new_tc in zip(before.findall(qn("w:tc")), tr.findall(qn("w:tc"))):
            if looks(old_tc) != looks(new_tc) or canonical(old_tc.find(qn("w:tcPr"))) != canonical(new_tc.find(qn("w:tcPr"))):
                redline_cell(old_tc, new_tc, marks, copier)
    _restore_removed(old_rows, new_rows, new, marks, copier)


def summary_table(root: etree._Element, captioned: str = SUMMARY_CAPTION) -> etree._Element | None:
    """The board summary's counts table (or the table `captioned` so in the template), None if the
    template has none."""
    for table in root.iter(qn("w:tbl")):
        caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if caption is not None and caption.get(qn("w:val")) == captioned:
            return table
    return None


def _restore_removed(old_rows: dict[str, etree._Element], new_rows: dict[str, etree._Element],
                     table: etree._Element, marks: Marks, copier: NumberingCopier) -> None:
    """Put back each row that is not in this quarter's summary, as a deleted row, after the row it
    followed last quarter (or matched ones, or rows that were themselves put back)."""
    anchor: etree._Element | None = None
    for key, tr in old_rows.items():
        if key in new_rows and len(tr.findall(qn("w:tc"))) == len(new_rows[key].findall(qn("w:tc"))):
            anchor = new_rows[key]
            continue
        deleted = copier.copy(tr)
        mark_row(deleted, "del", marks)
        if anchor is not None:
            anchor.addnext(deleted)
        else:
            table.findall(qn("w:tr"))[0].addprevious(deleted)
        anchor = deleted


def _keyed(table: etree._Element) -> dict[str, etree._Element]:
    """The table's rows by what they are: "priority 3", or "before 0", "after 1" (the n-th other
    row before the first priority's row, or after it)."""
    rows: dict[str, etree._Element] = {}
    counts = {"before": 0, "after": 0}
    side = "before"
    for tr in table.findall(qn("w:tr")):
        first = tr.find(qn("w:tc"))
        lines = view_text(first, "accepted") if first is not None else []
        number = _PRIORITY.match(lines[0]) if lines else None
        if number:
            rows[f"priority {number.group(1)}"] = tr
            side = "after"
            continue
        rows[f"{side} {counts[side]}"] = tr
        counts[side] += 1
    return rows
