"""Turn an action table's header row into its columns: each heading matched to a field by meaning.

Headings are matched with the synonyms councils use, never by position or width. A heading that
matches no field is kept as an extra column (and named in a warning); two headings that match one
field, or one heading that matches two, are refused naming them, since a guess there would put
one column's text in another's place. A profile's own mapping is tried first.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Row, Table
from pipeline.extract.layout.cells import settle_breaks
from pipeline.extract.layout.profile import DEFAULT_PROFILE, Profile
from pipeline.plan.model import FIELDS, Column

log = logging.getLogger("pipeline")

SYNONYMS = {
    "number": re.compile(r"^(?:no\.?|nos?\.|ref\.?|reference|id|#|number|action\s+(?:no\.?|ref\.?|id))$", re.I),
    "objectives": re.compile(r"objective|\baims?\b|^(?:key\s+)?actions?\b(?!\s+(?:taken|no\b|ref|id\b|number))"
                             r"|^what\b|^tasks?\b|^activit", re.I),
    "lead": re.compile(r"^(?:lead|owner|responsib|accountable|who\b)", re.I),
    "when_by": re.compile(r"^(?:when|by\s+when|target\s+date|timescales?|deadline|due|date|completion|timeframe)", re.I),
    "resources": re.compile(r"resourc", re.I),
    "outcomes": re.compile(r"outcome|\boutputs?\b|success\s+(?:measure|criteri|indicator)|measures?\s+of\s+success"
                           r"|performance\s+measure|milestone", re.I),
    "progress": re.compile(r"progress|action\s+taken|\bupdates?\b|commentary|^comments?$|position|narrative", re.I),
    "status": re.compile(r"status|\brag\b|\bbrag\b|rating", re.I),
}
NAMES = {"number": "the action number", "objectives": "objectives", "lead": "lead", "when_by": "when by",
         "resources": "resources", "outcomes": "expected outcomes", "progress": "progress", "status": "status"}
# The reference's own wording of each heading (any of the variants it prints): a plan that uses
# these, in the reference's order, has the reference's shape and records no columns.
REFERENCE_WORDING = {
    "number": re.compile(r"^(?:no\.?)?$", re.I),
    "objectives": re.compile(r"^objectives?(?:\s*/\s*aims?)?$", re.I),
    "lead": re.compile(r"^lead$", re.I),
    "when_by": re.compile(r"^when\s+by$", re.I),
    "resources": re.compile(r"^resources?$", re.I),
    "outcomes": re.compile(r"^expected\s+outcomes?(?:\s*/?\s*outputs?)?$", re.I),
    "progress": re.compile(r"^action\s+taken\s+(?:and|&)\s+progress\b", re.I),
    "status": re.compile(r"^(?:status)?$", re.I),
}


@dataclass(frozen=True)
class TableLayout:
    """Which column holds which field, and the headings as printed."""

    columns: dict[str, int]  # field -> column index
    extras: tuple[tuple[str, int], ...]  # (key, column index) of each extra column
    width: int
    headings: tuple[Column, ...]  # every column, left to right
    spanned: tuple[int, ...] = ()  # columns under a heading that spans them (no heading cell of their own)

    def printed(self) -> list[str]:
        """The header row's texts as printed, one per heading cell."""
        return [c.heading for i, c in enumerate(self.headings) if i not in self.spanned]

    def is_reference_shape(self) -> bool:
        """True when the table has the reference's eight columns in its order and wording."""
        fields = tuple(c.field for c in self.headings)
        return fields == FIELDS and all(REFERENCE_WORDING[c.field].match(c.heading) for c in self.headings)


def find_layout(table: Table, source: str = "<document>", profile: Profile = DEFAULT_PROFILE) -> TableLayout | None:
    """The column layout if the table's first row is an action-plan header row, else None."""
    if not table.rows:
        return None
    return layout_of(table.rows[0], f"{source}: {table.where}", profile)


def layout_of(row: Row, where: str, profile: Profile = DEFAULT_PROFILE) -> TableLayout | None:
    """Match a header row's headings; None when it is not an action table's header."""
    slots = [(i, heading_text(c.text)) for i, c in enumerate(row.cells) if not c.covered]
    matches = {i: fields_of(text, profile) for i, text in slots}
    found = {f for fs in matches.values() for f in fs}
    if not {"objectives", "outcomes"} <= found or len(found) < 4:
        return None
    for i, text in slots:
        if len(matches[i]) > 1:
            raise ExtractionError(
                f"{where}: the heading {text!r} could be {' or '.join(NAMES[f] for f in matches[i])}; "
                f"say which in a profile: `headings: {{{matches[i][0]}: [{text}]}}`")
    columns: dict[str, int] = {}
    for i, text in slots:
        for name in matches[i]:
            if name in columns:
                first = dict(slots)[columns[name]]
                raise ExtractionError(
                    f"{where}: the headings {first!r} and {text!r} both read as {NAMES[name]}; say which is "
                    f"in a profile: `headings: {{{name}: [{first}]}}` (the other is then kept as an extra column)")
            columns[name] = i
    _place_unheaded(slots, columns)
    if "status" not in columns or "number" not in columns:
        return None
    extras, headings, spanned = [], [], []
    texts = dict(slots)
    for i, cell in enumerate(row.cells):
        if cell.covered and i == 0:
            continue
        field = next((f for f, at in columns.items() if at == i), None)
        if cell.covered:  # under a heading that spans columns: its own column, kept, never dropped
            owner = headings[-1]
            key = _key(f"{owner.key or owner.field}_{i + 1}", i, profile, {k for k, _ in extras})
            log.warning("%s: the heading %r spans column %d too; that column is kept as the extra column %r",
                        where, owner.heading, i + 1, key)
            extras.append((key, i))
            headings.append(Column("", "extra", key))
            spanned.append(len(headings) - 1)
            continue
        if field is None:
            extras.append((_key(texts[i], i, profile, {k for k, _ in extras}), i))
        headings.append(Column(texts[i], field or "extra", None if field else extras[-1][0]))
    return TableLayout(columns=columns, extras=tuple(extras), width=len(row.cells), headings=tuple(headings),
                       spanned=tuple(spanned))


def heading_text(text: str) -> str:
    """A heading as one line: PDF line breaks settled (a heading wraps, it does not break), spaces folded."""
    return " ".join(settle_breaks(text).split())


def warn_unknown(layouts: list[TableLayout], source: str, profile: Profile = DEFAULT_PROFILE) -> None:
    """Name, once per document, each heading kept as an extra column that the profile does not declare."""
    seen: set[str] = set()
    for layout in layouts:
        for index, column in enumerate(layout.headings):
            if column.field != "extra" or column.heading in seen or profile.field_of(column.heading):
                continue
            seen.add(column.heading)
            log.warning("%s: the heading %r (column %d) matches no field; kept as the extra column %r. If it "
                        "holds a field, map it in a profile (`headings: {resources: [%s]}`); to keep it as it is "
                        "without this warning: `headings: {%s: [%s]}`", source, column.heading or "(none)",
                        index + 1, column.key, column.heading, column.key, column.heading)


def fields_of(text: str, profile: Profile) -> list[str]:
    mapped = profile.field_of(text) if text else None
    if mapped is not None:
        return [] if mapped.startswith("extra:") else [mapped]
    return [name for name, pattern in SYNONYMS.items() if text and pattern.search(text)]


def _place_unheaded(slots: list[tuple[int, str]], columns: dict[str, int]) -> None:
    """The reference leaves two headings blank: the number column (left of the objectives) and
    the status column (right of the progress)."""
    blank = [i for i, text in slots if not text]
    if "number" not in columns:
        before = [i for i in blank if i < columns["objectives"]]
        if before:
            columns["number"] = before[0]
    if "status" not in columns and "progress" in columns:
        after = [i for i in blank if i > columns["progress"]]
        if after:
            columns["status"] = after[0]


def _key(heading: str, index: int, profile: Profile, taken: set[str]) -> str:
    mapped = profile.field_of(heading) if heading else None
    key = mapped.split(":", 1)[1] if mapped else re.sub(r"[^a-z0-9]+", "_", heading.casefold()).strip("_")
    key = key or f"column_{index + 1}"
    while key in taken:
        key += "_"
    return key


def diagnose(table: Table) -> str | None:
    """For a table that looks like an action table but is not read as one: which field is missing,
    and how to map it. None when it does not look like one at all."""
    if not table.rows:
        return None
    row = table.rows[0]
    texts = [heading_text(c.text) for c in row.cells if not c.covered]
    found = {f for t in texts for f in fields_of(t, DEFAULT_PROFILE)}
    if len(found) < 3:
        return None
    missing = [f for f in ("objectives", "outcomes", "status", "number") if f not in found]
    shown = " | ".join(t[:40] for t in texts)
    if not missing:
        return None
    return (f"{table.where}: the headings {shown!r} have no column for {', '.join(NAMES[f] for f in missing)}; "
            f"map the heading that holds it in a profile: `headings: {{{missing[0]}: [<heading>]}}`")
