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
import logging
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import UpdatesError
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import parse_xml, read_parts
from pipeline.ooxml.revisions import view_paragraphs
from pipeline.plan.model import Action, Plan, Status, as_rag
from pipeline.render.forms.context import NO_CHANGE, PLACEHOLDER, form_context
from pipeline.render.forms.document import render_form
from pipeline.updates.apply import ActionUpdate
from pipeline.updates.leads import plan_leads
from pipeline.updates.returns.identity import Identity, check_identity, part_xml, return_parts
from pipeline.updates.returns.layout import Layout, Row, body_layout, revisions_in

log = logging.getLogger("pipeline")
BULLET = "• "


@dataclass(frozen=True)
class Return:
    """What one returned form says: its lead and, per action it carries, the update read from it."""

    source: str
    lead: str
    actions: dict[str, ActionUpdate]


def read_return(data: bytes, source: str, plan: Plan) -> Return:
    """Read the returned form `data` (named `source` in messages) against last quarter's `plan`."""
    parts = return_parts(data, source)
    identity = check_identity(parts, plan, source)
    blank = _blank(plan, identity, source)
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
        kind = _kind(want)
        tag = want.box.find(".//w:sdt/w:sdtPr/w:tag", NS).get(qn("w:val"))
        controls = row.box.findall(".//w:sdt", NS)
        for sdt in controls:
            found = sdt.find("w:sdtPr/w:tag", NS)
            if found is not None and found.get(qn("w:val")) not in (tag, None):
                raise self.refuse(where, f"holds the box tagged “{found.get(qn('w:val'))}”, not {tag}: return the form as sent")
        paragraphs = _paragraphs(row.box)
        placeholder = PLACEHOLDER.get(kind)
        if placeholder and any(placeholder in p and p != placeholder for p in paragraphs):
            self.warn(where, "the box's guidance words were left in beside the entry; they were not read")
        paragraphs = [p.replace(placeholder, "").strip() if placeholder else p for p in paragraphs]
        paragraphs = [p for p in paragraphs if p]
        if any(_showing_placeholder(sdt) for sdt in controls):
            paragraphs = [p for p in paragraphs if not _inside_placeholder(row.box, p)]
        if not controls and paragraphs and kind != "status":  # a typed status: choice() says what it was read as
            self.warn(where, "its box was deleted and the words typed in its place were read")
        elif controls and paragraphs and _outside(row.box) and not (self.libreoffice and kind == "progress"):
            self.warn(where, "words typed beside the box, in its cell, were read with it")
        if kind == "progress":
            return tuple(paragraphs)
        text = " ".join(paragraphs)
        if kind == "status":
            return self.choice(where, text, bool(controls))
        return text or None

    def choice(self, where: str, text: str, boxed: bool) -> str:
        labels = {s.label.casefold(): s.label for s in self.scale} | {NO_CHANGE.casefold(): NO_CHANGE}
        if not text:
            self.warn(where, f"left empty; read as “{NO_CHANGE}”")
            return NO_CHANGE
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
            chosen = by_kind.get(("status", n)) or NO_CHANGE
            note = by_kind.get(("note", n))
            if chosen == NO_CHANGE and note is None:
                statuses.append(old)
                continue
            rag = old.rag if chosen == NO_CHANGE else as_rag(next(s.key for s in self.scale if s.label == chosen))
            statuses.append(Status(rag=rag, note=note))  # type: ignore[arg-type]
        status = tuple(statuses) if tuple(statuses) != action.status else None
        return ActionUpdate(progress=by_kind.get(("progress", None)) or (),  # type: ignore[arg-type]
                            status=status, struck=by_kind.get(("struck", None)))  # type: ignore[arg-type]


def _kind(row: Row) -> str:
    tag = row.box.find(".//w:sdt/w:sdtPr/w:tag", NS).get(qn("w:val"))
    return tag.split(":")[0]


def _number(row: Row) -> int | None:
    tag = row.box.find(".//w:sdt/w:sdtPr/w:tag", NS).get(qn("w:val"))
    parts = tag.split(":")
    return int(parts[2]) if len(parts) == 3 else None


def _paragraphs(tc: etree._Element) -> list[str]:
    """The cell's paragraphs as accepted, a list item marked as the plan marks bullets."""
    out = []
    for text, (_style, listed) in view_paragraphs(tc, "accepted"):
        text = " ".join(text.split())
        if text:
            out.append(BULLET + text if listed and not text.startswith(BULLET) else text)
    return out


def _showing_placeholder(sdt: etree._Element) -> bool:
    return sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None


def _inside_placeholder(tc: etree._Element, text: str) -> bool:
    """True if `text` is the content of a control still showing its placeholder (Word's own, any words)."""
    for sdt in tc.iter(qn("w:sdt")):
        if _showing_placeholder(sdt):
            content = sdt.find(qn("w:sdtContent"))
            inside = " ".join("".join(content.itertext()).split()) if content is not None else ""
            if inside and inside == text:
                return True
    return False


def _outside(tc: etree._Element) -> bool:
    """True if the cell has words that are in none of its controls."""
    bare = copy.deepcopy(tc)
    for sdt in list(bare.iter(qn("w:sdt"))):
        sdt.getparent().remove(sdt)
    return any(t.strip() for t in (" ".join(p for p, _ in view_paragraphs(bare, "accepted")),))


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
