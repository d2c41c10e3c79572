"""Define the Grid: the format-free middle of extraction, which both document readers produce and
`extract.layout` turns into a Plan.

A Grid is the document as a sequence of blocks: paragraphs outside tables, and table
fragments as rows of cells. The PDF reader makes one fragment per page; the Word reader one
per table. Nothing here knows about action plans: that is `extract.layout`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

ListKind = Literal["number", "bullet"]

# A PDF line break that could be a wrap or a hard break (no trailing space, the next word would
# not have fitted). Readers leave this mark; `normalise` settles it by what the field holds.
UNSURE_BREAK = "\ue000"


@dataclass(frozen=True)
class Mark:
    """A reviewer's mark still in a Word file: a tracked change, a tracked row, or a comment.

    The reader reads the text as if every change were accepted; a Mark only says that it did, and
    whose mark it was, so the layout can warn naming the place (the action and column it knows)."""

    kind: Literal["change", "comment", "row inserted", "row deleted"]
    author: str
    note: str = ""  # a comment's first words
    within: str = ""  # "content control" or "text box" when the mark sits inside one
    where: str = ""  # the reader's own name for the place ("table 3, row 5", "footnote 2")


@dataclass(frozen=True)
class Para:
    """One paragraph: its text ('\\n' for a line break), list marker kind and emphasis."""

    text: str
    list_kind: ListKind | None = None
    bold: bool = False
    heading: bool = False  # a heading style (Word) or a clearly larger bold line (PDF)
    joins: str | None = None  # PDF: continues the cell's last paragraph (from the page before) with this joiner
    marks: tuple[Mark, ...] = ()  # Word: a body paragraph's review marks (a cell's are the cell's)
    caption: bool = False  # Word: in a caption style (a table's title or note: read with the table it captions)


@dataclass(frozen=True)
class Cell:
    """One table cell. `covered` marks a slot under a cell merged down from a row above."""

    paragraphs: tuple[Para, ...] = ()
    fill: tuple[int, int, int] | None = None
    covered: bool = False
    marks: tuple[Mark, ...] = ()  # Word: the review marks anywhere in the cell

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Row:
    """One table row; `header` is True for a row that repeats as the table's heading."""

    cells: tuple[Cell, ...]
    header: bool = False
    marks: tuple[Mark, ...] = ()  # Word: the row itself inserted or deleted as a tracked change, or restyled
    deleted: tuple[Row, ...] = ()  # Word: the rows after this one deleted as tracked changes, read as they were


@dataclass(frozen=True)
class Table:
    """A table fragment; `continued` is True when it continues the previous block on a new page;
    `paged` when it is one page's part of a table (a PDF), so a row may be a page break's remnant."""

    rows: tuple[Row, ...]
    where: str = ""  # e.g. "page 3" or "table 2", for error messages
    continued: bool = False
    paged: bool = False
    caption: str = ""  # Word: the table's caption (w:tblCaption), e.g. "Board summary"
    marks: tuple[Mark, ...] = ()  # Word: review marks on the table's own properties


Block = Union[Para, Table]


@dataclass(frozen=True)
class Grid:
    """The whole document: page-header text lines, then the body blocks in reading order."""

    source: str
    header: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = field(default=())
    marks: tuple[Mark, ...] = ()  # Word: review marks outside the body (headers, footers, notes), by `where`
