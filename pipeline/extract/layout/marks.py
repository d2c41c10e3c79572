"""Turn the review marks a Word reader found into warnings: one line per place, naming the file, the
place (an action and its column, the title block, the board summary, a page header, a footnote),
the reviewers, and for a comment its author and first words.

The layout names each place it understands; at the end every mark of the Grid that no place
claimed is still said, by the reader's own name for where it was, so no mark goes unsaid because
the text around it was left out (an ignored table, an emptied paragraph).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from pipeline.extract.grid import Grid, Mark, Para, Row, Table

log = logging.getLogger("pipeline")

# Places named as they are ("action 2.3, progress"); the others take "the" after "text box in".
PROPER = ("action ", "priority ", "heading of ", "footnote ", "endnote ", "table ")
SUMMARY = re.compile(r"\bsummary\b", re.I)
PARTS_READ = {"page header": True, "document body": None}  # None: not known (a mark outside any paragraph)
READ = {True: " (read as accepted)", False: " (not read into the plan)", None: ""}
ROWS = {"row inserted": " (read as accepted: it is in the plan)", "row deleted": " (read as accepted: it is left "
        "out of the plan)"}


class MarkLog:
    """The marks by place, in the order their places came; `read` says whether the plan reads the
    place's text (a footer, a footnote, the board summary and any text box it does not)."""

    def __init__(self) -> None:
        self.places: dict[str, dict[Mark, None]] = {}
        self.read: dict[str, bool | None] = {}
        self.filed: set[Mark] = set()

    def add(self, place: str, marks: Iterable[Mark], read: bool | None = True) -> None:
        """File `marks` under `place` ('' for the reader's own name of each), those not filed yet:
        a mark is said once, where it was first placed (one table's header row for all its priorities)."""
        for mark in marks:
            if mark in self.filed:
                continue
            self.filed.add(mark)
            name = placed(place or mark.where, mark.within)
            self.places.setdefault(name, {})[mark] = None
            self.read.setdefault(name, False if mark.within == "text box" else read)

    def warn(self, grid: Grid) -> None:
        """Log one warning per place, after adding every mark of `grid` that no place claimed."""
        self.add("", all_marks(grid), read=None)
        for place, marks in self.places.items():
            log.warning("%s: %s: %s", grid.source, place, describe(marks, self.read[place]))


def placed(region: str, within: str) -> str:
    """'action 2.3, progress' or, for a mark inside a content control or text box there, 'text box in
    action 2.3, progress', 'content control in the title block'."""
    if not within:
        return region
    return f"{within} in {'' if region.startswith(PROPER) else 'the '}{region}"


def describe(marks: Iterable[Mark], read: bool | None) -> str:
    """'unresolved tracked changes by A, B (read as accepted); comment by C: 'first words'' — one line."""
    marks = list(marks)
    parts = []
    for kind, said in (("row deleted", "row deleted as an unresolved tracked change by {}"),
                       ("row inserted", "row inserted as an unresolved tracked change by {}"),
                       ("change", "unresolved tracked changes by {}")):
        authors = sorted({m.author for m in marks if m.kind == kind})
        if authors:
            parts.append(said.format(", ".join(authors)) + (ROWS.get(kind, READ[True]) if read else READ[read]))
    parts += dict.fromkeys(f"comment by {m.author}: {m.note!r}" for m in marks if m.kind == "comment")
    return "; ".join(parts)


def all_marks(grid: Grid) -> Iterator[Mark]:
    """Every mark the reader found, wherever it sits in the Grid."""
    yield from grid.marks
    for block in grid.blocks:
        yield from block.marks
        if isinstance(block, Table):
            for row in block.rows:
                yield from row_marks(row)


def row_marks(row: Row) -> Iterator[Mark]:
    """The marks of a row, its cells and the rows deleted after it."""
    yield from row.marks
    for cell in row.cells:
        yield from cell.marks
    for gone in row.deleted:
        yield from row_marks(gone)


def table_marks(table: Table) -> Iterator[Mark]:
    """The marks of a table: its own properties' and its rows'."""
    yield from table.marks
    for row in table.rows:
        yield from row_marks(row)


def say_marks(grid: Grid, blocks: list[Para | Table], action_tables: dict[int, tuple[str, list]],
              headings: dict[int, str]) -> None:
    """Warn about every review mark of `grid`, by place. `blocks` are the body's blocks as the layout
    reads them; `action_tables` maps each action table to its priority's number and the (place,
    mark) pairs its actions were read with (given with the priority's first table); `headings` each
    priority's heading paragraphs to its number. Both are keyed by id(): blocks compare by value."""
    marks = MarkLog()
    for mark in grid.marks:  # of the parts beyond the body only the (default) page header is read (the report line)
        marks.add(mark.where, [mark], read=PARTS_READ.get(mark.where, False))
    tables = [i for i, b in enumerate(blocks) if id(b) in action_tables]
    lines = 0  # lines of text before the first action table: the first two are the title block
    for index, block in enumerate(blocks):
        if isinstance(block, Para):
            marks.add(_region(block, index, blocks, tables, action_tables, headings, lines), block.marks)
            lines += index < tables[0] and bool(block.text.strip())
        elif id(block) in action_tables:
            number, read = action_tables[id(block)]
            marks.add(f"table of priority {number}", block.marks)
            if block.rows:  # the header row (the rows deleted after it are the actions')
                head = block.rows[0]
                marks.add(f"column headings of priority {number}", [*head.marks, *(m for c in head.cells for m in c.marks)])
            for place, mark in read:
                marks.add(place, [mark])
        else:  # not an action table: ignored, so its text is not read
            marks.add(_table_name(block), table_marks(block), read=False)
    marks.warn(grid)


def _table_name(table: Table) -> str:
    """'board summary' for a table whose caption or title says it is a summary (the rendered appendix's
    is captioned, which LibreOffice drops; its title row stays), else 'table 1'."""
    first = table.rows[0].cells if table.rows else ()
    title = table.caption or (first[0].text.split("\n")[0] if first else "")
    return "board summary" if SUMMARY.search(title) else table.where


def _region(para: Para, index: int, blocks: list, tables: list[int], action_tables: dict, headings: dict[int, str],
            lines: int) -> str:
    """Where a body paragraph is: the title block (the first two lines), the preamble, a priority's
    heading lines, or the closing text."""
    if id(para) in headings:
        return f"heading of priority {headings[id(para)]}"
    if not tables or index < tables[0]:
        return "title block" if lines < 2 else "preamble"
    if index > tables[-1]:
        return "closing text"
    following = next(i for i in tables if i > index)
    return f"heading of priority {action_tables[id(blocks[following])][0]}"
