"""Turn each action's Lead cell, as the plan prints it, into the leads who get an update form.

A Lead cell is lines mixing organisations and people: `SBC / Evert Robotham & / Sarah Brewerton`,
`Police / Insp Simon Tabert and / Tara Adams-Cook`, `ODG (All)`, `SBC / Debbie Barker / in
conjunction with / CCSU / Sarah Taylor`. The rule, decided once here:

- A line that reads as a person's name (two to four capitalised words, after an optional rank or
  title such as "Insp" or "Station Commander", with an optional "(Org)" after it) is a person; a
  trailing "&" or "and" only joins the next line, it does not make a pair one lead.
- Any other line is an organisation; the people after it belong to it. An organisation named with
  nobody under it (`ODG (All)`, `SBC Licensing`) is a lead itself.
- Lines that only join ("in conjunction with", "&") are skipped; a line in brackets is read without them.
  One line may name several people ("Jane Smith & John Brown", "Jane Smith / John Brown") or a person
  and their organisation ("Jane Smith, SBC", "CCSU Michael Nadasdy").

A person is one lead wherever they appear (Debbie Barker under SBC and under RAG gets one form that
names both); an organisation on its own is one lead by its printed name. Every lead named in an
action's cell gets that action, so an action with three leads is on three forms. Struck actions are
on no form. The split is shown in the forms' index for the compiling officer to check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.plan.model import Action, Plan
from pipeline.updates.apply import struck_reason

# Ranks and titles that may stand before a name in a Lead cell.
_TITLES = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor|Rev|Revd|Sir|Dame|"
    r"PC|PCSO|DC|DS|DI|DCI|Sgt|Sergeant|Insp|Inspector|Ch\.? ?Insp|Chief Inspector|Supt|Ch\.? ?Supt|"
    r"Superintendent|Station Commander|Group Commander|Watch Manager|Crew Manager|Station Manager|"
    r"Group Manager|Area Manager)\.?"
)
_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z]\."
_NAME = re.compile(rf"^(?:{_TITLES} )?(?:{_WORD})(?: (?:{_WORD})){{1,3}}(?: \((?P<org>[^()]+)\))?$")
# Words that make a capitalised line an organisation, not a person ("Stevenage Haven", "Herts Change").
_ORG_WORDS = re.compile(
    r"\b(?:Council|Police|Constabulary|Trust|Service|Services|Partners|Partnership|Haven|Team|Unit|Officers?|"
    r"Liaison|Licensing|Probation|Fire|Rescue|Centre|Center|Board|Group|Association|Agency|Authority|Housing|"
    r"Health|Hospital|Watch|Community|Church|Charity|College|School|University|Ltd|Limited|Foundation|Change|"
    r"Network|Forum|Panel|Project|Department|Directorate|Office|Company|Commissioner|Court|Prison|Society|"
    r"Services|Care|Clinic|Practice|Surgery|Pastors|Street|Borough|County|District|City|Town|Parish)\b"
)
_JOINER = re.compile(r"^(?:&|and|with|in conjunction with|together with|supported by|plus)$", re.IGNORECASE)
_TRAILING_JOIN = re.compile(r"\s*(?:&|\band|,)\s*$", re.IGNORECASE)
_LEADING_JOIN = re.compile(r"^(?:in conjunction with|together with|supported by|with|and|&)\s+", re.IGNORECASE)
_ACRONYM_THEN_NAME = re.compile(r"^(?P<org>[A-Z][A-Z&]+) (?P<name>.+)$")
_SEVERAL = re.compile(r"\s+(?:&|and)\s+|\s*[/;]\s*|,\s+", re.IGNORECASE)
_NAME_COMMA_ORG = re.compile(r"^(?P<name>[^,]+), (?P<org>[^,]+)$")


@dataclass(frozen=True)
class Lead:
    """One person or organisation who gets a form: a name, the organisations it was printed under,
    and the ids of its actions in plan order."""

    name: str
    organisations: tuple[str, ...]
    actions: tuple[str, ...]

    @property
    def label(self) -> str:
        """'Debbie Barker (SBC, RAG)', or the organisation's name alone."""
        others = tuple(o for o in self.organisations if o != self.name)
        return f"{self.name} ({', '.join(others)})" if others else self.name


def leads_of_cell(lines: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """The (lead name, organisation or None) pairs named in one Lead cell, in printed order."""
    found: list[tuple[str, str | None]] = []
    org: str | None = None
    org_has_people = False
    for raw in lines:
        line = " ".join(raw.split())
        if line.startswith("(") and line.endswith(")"):
            line = line[1:-1].strip()
        line = _TRAILING_JOIN.sub("", _LEADING_JOIN.sub("", line)).strip()
        if not line or _JOINER.match(line):
            continue
        people = _SEVERAL.split(line)
        if len(people) > 1 and all(_is_person(x) for x in people):  # "Jane Smith & John Brown" on one line
            found += [(x, org) for x in people]
            org_has_people = True
            continue
        comma = _NAME_COMMA_ORG.match(line)
        if comma and _is_person(comma.group("name")) and not _is_person(comma.group("org")):  # "Jane Smith, SBC"
            found.append((comma.group("name"), comma.group("org")))
            continue
        acronym = _ACRONYM_THEN_NAME.match(line)
        if acronym and _is_person(acronym.group("name")) and not _is_person(line):
            org, org_has_people = _close(found, org, org_has_people, acronym.group("org"))
            line = acronym.group("name")
        if _is_person(line):
            m = _NAME.match(line)
            assert m is not None
            own = m.group("org")
            name = line[: line.rfind(" (")] if own else line
            if own:  # "Sue Waller (SBC)" under "ODG (All)": her own organisation; ODG stands alone
                org, org_has_people = _close(found, org, org_has_people, None)
            found.append((name, own or org))
            org_has_people = org_has_people or own is None
            continue
        org, org_has_people = _close(found, org, org_has_people, line)
    _close(found, org, org_has_people, None)
    unique: dict[str, tuple[str, str | None]] = {}
    for name, organisation in found:
        unique.setdefault(name, (name, organisation))
    return tuple(unique.values())


def _close(found: list[tuple[str, str | None]], org: str | None, has_people: bool, new: str | None) -> tuple[str | None, bool]:
    """End the organisation `org`: nobody under it makes it a lead itself. Start `new`."""
    if org is not None and not has_people:
        found.append((org, org))
    return new, False


def _is_person(line: str) -> bool:
    m = _NAME.match(line)
    if not m:
        return False
    name = line[: line.rfind(" (")] if m.group("org") else line
    return not _ORG_WORDS.search(name)


def plan_leads(plan: Plan) -> tuple[Lead, ...]:
    """Every lead of the plan's open (not struck) actions, in order of first appearance."""
    actions: dict[str, list[str]] = {}
    organisations: dict[str, list[str]] = {}
    for action in plan.actions():
        if struck_reason(action) is not None:
            continue
        for name, org in leads_of_cell(action.lead) or ((_UNNAMED, None),):
            ids = actions.setdefault(name, [])
            if action.id not in ids:
                ids.append(action.id)
            orgs = organisations.setdefault(name, [])
            if org and org not in orgs:
                orgs.append(org)
    return tuple(Lead(name, tuple(organisations[name]), tuple(ids)) for name, ids in actions.items())


# An action whose Lead cell is empty still needs someone to update it.
_UNNAMED = "No lead named"


def actions_of(plan: Plan, lead: Lead) -> tuple[Action, ...]:
    """The lead's actions, in plan order."""
    wanted = set(lead.actions)
    return tuple(a for a in plan.actions() if a.id in wanted)
