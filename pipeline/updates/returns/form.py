"""Turn one returned update form into its actions' updates, by the form's own structure.

Each row of an action's table is one entry, found by its label ("1.2 Outcome 1 status"), not by its
content control's tag: LibreOffice keeps the controls and their text on saving a .docx but drops
every tag, and moves a rich-text box's second paragraph out of the box. A tag that is still there
must agree with its row. What the form printed (rendered again from the plan) must be unchanged;
words typed into that are refused, naming the action, because nobody can say which box they meant.
A box deleted and typed over, or words typed beside a box in its cell, is read and warned about.
Tracked changes are read as accepted and comments are not read; each is warned about.
"""
from __future__ import annotations

import copy
import datetime as dt
import difflib
import logging
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import UpdatesError
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import parse_xml, read_parts
from pipeline.plan.model import Action, Plan, Status, as_rag
from pipeline.plan.printable import UNPRINTABLE
from pipeline.reading.text import describe
from pipeline.render.forms.context import NO_CHANGE, PLACEHOLDER, form_context, keep_label
from pipeline.render.forms.document import render_form
from pipeline.updates.apply import ActionUpdate
from pipeline.updates.leads import plan_leads
from pipeline.updates.returns.boxtext import CellText, Problem, cell_text
from pipeline.updates.returns.identity import Identity, check_identity, part_xml, return_parts
from pipeline.updates.returns.layout import Layout, Row, body_layout, revisions_in

log = logging.getLogger("pipeline")
BULLET = "• "
MAX_BOX = 100_000  # characters in one box: a long quarter's progress is a few thousand
# What a strike box holds when someone meant "keep it": refused, never taken as the reason to strike.
_KEEP_IT = re.compile(r"^(?:no change|unchanged|n/?a|not applicable|none(?: required)?|nil|no|nope|keep(?: it)?|"
                      r"(?:do not|don't|not to|no need to) (?:be )?strik(?:e|en)(?: it)?|not to be struck|no strike|not struck|"
                      r"leave(?: it)?(?: as it is)?|continue|ongoing|-+|—|–)[.!]?$", re.IGNORECASE)


@dataclass(frozen=True)
class Return:
    """What one returned form says: its lead and, per action it carries, the update read from it."""

    source: str
    lead: str
    actions: dict[str, ActionUpdate]


def read_return(data: bytes, source: str, plan: Plan, blanks: dict | None = None) -> Return:
    """Read the returned form `data` (named `source` in messages) against last quarter's `plan`; `blanks`
    keeps each lead's blank form for the next return of the same lead."""
    parts = return_parts(data, source)
    identity = check_identity(parts, plan, source)
    key = (identity.lead, identity.actions, identity.due)
    blank = (blanks or {}).get(key) or _blank(plan, identity, source)
    if blanks is not None:
        blanks[key] = blank
    if "word/document.xml" not in parts:
        raise UpdatesError(f"{source}: has no document text (word/document.xml): return the form as it was sent")
    got = body_layout(part_xml(parts, "word/document.xml", source))
    reader = _Reader(source, plan, _from_libreoffice(parts))
    reader.check_loose(blank, got)
    actions = {a.id: a for a in plan.actions()}
    updates = {}
    for action_id in identity.actions:
        if action_id not in got.tables:
            raise UpdatesError(f"{source}: action {action_id}'s table is missing: return the form as it was sent")
        if got.headers[action_id] != blank.headers[action_id]:
            raise UpdatesError(f"{source}: action {action_id}: its table's header row was changed: the form's own text "
                               "must stay as sent; put this quarter's words in the boxes of the right-hand column")
        updates[action_id] = reader.action(actions[action_id], blank.tables[action_id], got.tables[action_id])
    for action_id in got.tables:
        if action_id not in identity.actions:
            raise UpdatesError(f"{source}: has a table for action {action_id}, which this form was not made with")
    _comments(parts, got, source)
    return Return(source, identity.lead, updates)


def _blank(plan: Plan, identity: Identity, source: str) -> Layout:
    lead = next((x for x in plan_leads(plan) if x.name == identity.lead), None)
    if lead is None or lead.actions != identity.actions:
        raise UpdatesError(f"{source}: is a form for {identity.lead} ({', '.join(identity.actions)}), whom this plan "
                           f"does not give those actions: send the lead the form made from this plan (make forms)")
    try:
        due = dt.date.fromisoformat(identity.due)
    except ValueError as exc:
        raise UpdatesError(f"{source}: its document property Due is {identity.due!r}, not a date: return the form as it was sent") from exc
    blank = render_form(form_context(plan, lead, due))
    return body_layout(parse_xml(read_parts(blank)["word/document.xml"]))


def _from_libreoffice(parts: dict[str, bytes]) -> bool:
    app = parts.get("docProps/app.xml", b"")
    return b"LibreOffice" in app


class _Reader:
    def __init__(self, source: str, plan: Plan, libreoffice: bool) -> None:
        self.source = source
        self.scale = plan.status_scale()
        self.keep = keep_label(self.scale)
        self.libreoffice = libreoffice

    def refuse(self, where: str, problem: str) -> UpdatesError:
        return UpdatesError(f"{self.source}: {where}: {problem}")

    def warn(self, where: str, problem: str) -> None:
        log.warning("%s: %s: %s", self.source, where, problem)

    def check_loose(self, blank: Layout, got: Layout) -> None:
        """Words typed outside the tables: nobody can tell which box they were for."""
        printed = Counter(p.text for p in blank.loose)
        for p in got.loose:
            if p.text and printed[p.text] > 0:
                printed[p.text] -= 1
            elif p.text:
                where = f"under action {p.after}" if p.after else "above the first action"
                raise self.refuse(where, f"words typed outside the boxes (“{_short(p.text)}”): the form's own text must "
                                         "stay as sent; put this quarter's words in the boxes of the right-hand column")
            if revisions_in(p.element):
                self.warn(f"under action {p.after}" if p.after else "above the first action",
                          "a tracked change outside the boxes; read as if accepted")
        for after, words in got.strays:
            raise self.refuse(f"under action {after}" if after else "above the first action",
                              f"a table the form did not have (“{_short(words)}”): put this quarter's words in the boxes")

    def action(self, action: Action, blank: tuple[Row, ...], got: tuple[Row, ...]) -> ActionUpdate:
        rows = {}
        for row in got:
            if row.label in rows:
                raise self.refuse(f"action {action.id}", f"the row “{row.label}” is there twice: return the form as sent")
            rows[row.label] = row
        expected = {r.label for r in blank}
        for label in rows:
            if label not in expected:
                raise self.refuse(f"action {action.id}", f"a row the form did not have (“{_short(label)}”): "
                                                         "put this quarter's words in the boxes of the right-hand column")
        values: dict[str, object] = {}
        for want in blank:
            row = rows.get(want.label)
            where = f"action {want.label}"
            if row is None:
                self.warn(where, "the row was deleted; nothing read for it")
                continue
            if row.label_lines != want.label_lines:
                raise self.refuse(where, f"words typed into the row's label (now “{_short(' '.join(row.label_lines))}”): "
                                         "put this quarter's words in the right-hand box")
            if row.last != want.last:
                raise self.refuse(where, f"last quarter's column was changed (now “{_short(' '.join(row.last))}”): it is "
                                         "shown for reference; put this quarter's words in the right-hand box")
            if revisions_in(row.element):
                self.warn(where, f"{revisions_in(row.element)} tracked change(s); read as if accepted")
            values[want.label] = self.box(where, want, row)
        return self.update(action, values, blank)

    def box(self, where: str, want: Row, row: Row) -> object:
        kind, tag = _kind(want), _tag(want)
        controls = row.box.findall(".//w:sdt", NS)
        for sdt in controls:
            found = sdt.find("w:sdtPr/w:tag", NS)
            if found is not None and found.get(qn("w:val")) not in (tag, None):
                raise self.refuse(where, f"holds the box tagged “{found.get(qn('w:val'))}”, not {tag}: return the form as sent")
        try:
            read = cell_text(_without_placeholders(row.box))
            outside = any(line.strip() for lines, _ in cell_text(_without_controls(row.box)).paragraphs for line in lines)
        except Problem as exc:
            raise self.refuse(where, str(exc)) from None
        for note in read.dropped:
            self.warn(where, note)
        paragraphs = self.words(where, kind, read)
        if not controls and paragraphs and kind != "status":  # a typed status: choice() says what it was read as
            self.warn(where, "its box was deleted and the words typed in its place were read")
        elif controls and paragraphs and outside and not (self.libreoffice and kind == "progress"):
            self.warn(where, "words typed beside the box, in its cell, were read with it")
        if self.libreoffice and controls and kind != "progress" and _breaks_outside(row.box):
            # LibreOffice 7.4 moves a line break typed in a plain-text box out of it and joins the words either side
            self.warn(where, f"LibreOffice moved a line break out of this box and may have joined two words: check "
                             f"“{_short(' '.join(paragraphs))}”")
        if kind == "progress":
            return tuple(paragraphs)
        text = " ".join(paragraphs)
        if kind == "status":
            return self.choice(where, text, bool(controls))
        if text and kind == "note" and text.casefold().rstrip(".") in {NO_CHANGE.casefold(), self.keep.casefold()}:
            raise self.refuse(where, f"the note says “{text}”: a note is printed beside the status; leave it empty "
                                     "and choose the status from the list")
        if text and kind == "struck" and _KEEP_IT.match(text):
            raise self.refuse(where, f"the strike box says “{text}”, which is not a reason: leave it empty to keep the action; give a reason "
                                     "only if it is to be struck")
        return text or None

    def words(self, where: str, kind: str, read: CellText) -> list[str]:
        """The box's paragraphs (a progress box's line breaks start paragraphs; other boxes' join lines),
        its guidance words taken out, checked for what a page cannot print."""
        placeholder = PLACEHOLDER.get(kind)
        out: list[str] = []
        for lines, listed in read.paragraphs:
            pieces = lines if kind == "progress" else [" ".join(lines)]
            for n, piece in enumerate(pieces):
                text = " ".join(piece.split())
                if placeholder and placeholder in text and text != placeholder:
                    self.warn(where, "the box's guidance words were left in beside the entry; they were not read")
                text = " ".join(text.replace(placeholder, " ").split()) if placeholder else text
                if not text:
                    continue
                if placeholder and difflib.SequenceMatcher(None, text.casefold(), placeholder.casefold()).ratio() > 0.8:
                    raise self.refuse(where, f"the box still holds its guidance words, changed (“{_short(text)}”): delete "
                                             "them and type the entry, or leave the box as it was sent")
                out.append(BULLET + text if listed and n == 0 and not text.startswith(BULLET) else text)
        size = sum(len(p) for p in out)
        if size > MAX_BOX:
            raise self.refuse(where, f"{size:,} characters, more than a cell of the board paper takes ({MAX_BOX:,}): shorten it")
        bad = next((m for p in out if (m := UNPRINTABLE.search(p))), None)
        if bad:
            raise self.refuse(where, f"{describe(bad.group())} cannot be printed in Word or PDF; delete it")
        return out

    def choice(self, where: str, text: str, boxed: bool) -> str:
        labels = {s.label.casefold(): s.label for s in self.scale} | {self.keep.casefold(): self.keep}
        if not text:
            self.warn(where, f"left empty; read as “{self.keep}”")
            return self.keep
        chosen = labels.get(" ".join(text.split()).casefold())
        if chosen is None:
            raise self.refuse(where, f"“{_short(text)}” is not a status: choose one of {', '.join(labels.values())}")
        if not boxed:
            self.warn(where, f"the list was deleted and “{text}” typed instead; read as {chosen}")
        return chosen

    def update(self, action: Action, values: dict[str, object], blank: tuple[Row, ...]) -> ActionUpdate:
        """"No change" and no note keeps an outcome's status; a note alone keeps its colour with the new note."""
        by_kind = {(_kind(r), _number(r)): values.get(r.label) for r in blank}
        statuses = []
        for n, old in enumerate(action.status, start=1):
            chosen = by_kind.get(("status", n)) or self.keep
            note = by_kind.get(("note", n))
            if chosen == self.keep and note is None:
                statuses.append(old)
                continue
            rag = old.rag if chosen == self.keep else as_rag(next(s.key for s in self.scale if s.label == chosen))
            statuses.append(Status(rag=rag, note=note))  # type: ignore[arg-type]
        status = tuple(statuses) if tuple(statuses) != action.status else None
        return ActionUpdate(progress=by_kind.get(("progress", None)) or (),  # type: ignore[arg-type]
                            status=status, struck=by_kind.get(("struck", None)))  # type: ignore[arg-type]


def _tag(row: Row) -> str:
    return row.box.find(".//w:sdt/w:sdtPr/w:tag", NS).get(qn("w:val"))


def _kind(row: Row) -> str:
    return _tag(row).split(":", 1)[0]


def _number(row: Row) -> int | None:
    """The outcome number of a status or note row (an action id may itself hold ':')."""
    kind, rest = _tag(row).split(":", 1)
    return int(rest.rsplit(":", 1)[1]) if kind in ("status", "note") else None


def _without_placeholders(tc: etree._Element) -> etree._Element:
    """The cell without the words of any control still showing its placeholder (Word's flag; any words)."""
    out = copy.deepcopy(tc)
    for sdt in out.iter(qn("w:sdt")):
        if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None:
            for t in list(sdt.iter(qn("w:t"))):
                t.text = ""
    return out


def _breaks_outside(tc: etree._Element) -> bool:
    """True if the cell has a line break that is in none of its controls."""
    return any(True for _ in _without_controls(tc).iter(qn("w:br"), qn("w:cr")))


def _without_controls(tc: etree._Element) -> etree._Element:
    """The cell with its controls taken out: what is left was typed beside them."""
    out = copy.deepcopy(tc)
    for sdt in list(out.iter(qn("w:sdt"))):
        sdt.getparent().remove(sdt)
    return out


def _comments(parts: dict[str, bytes], got: Layout, source: str) -> None:
    if "word/comments.xml" not in parts:
        return
    places = _comment_places(got)
    for comment in part_xml(parts, "word/comments.xml", source).findall(qn("w:comment")):
        text = " ".join(" ".join(comment.itertext()).split())
        author = comment.get(qn("w:author")) or "unknown author"
        where = places.get(comment.get(qn("w:id")), "in the form")
        log.warning("%s: %s: a comment by %s (“%s”) is not read into the plan; put anything meant for the board "
                    "in the boxes", source, where, author, _short(text))


def _comment_places(got: Layout) -> dict[str, str]:
    places: dict[str, str] = {}
    for action_id, rows in got.tables.items():
        for row in rows:
            for ref in row.element.iter(qn("w:commentRangeStart"), qn("w:commentReference")):
                places.setdefault(ref.get(qn("w:id")), f"action {row.label}")
    for p in got.loose:
        for ref in p.element.iter(qn("w:commentRangeStart"), qn("w:commentReference")):
            places.setdefault(ref.get(qn("w:id")), f"under action {p.after}" if p.after else "above the first action")
    return places


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
