"""Turn the action plan into frozen values, and back into its action-plan JSON form.

The model is the one thing every stage shares: extractors produce it, updates transform it,
renderers consume it. It is immutable (frozen dataclasses, tuples) and imports nothing from
outside the standard library; schema validation lives in `pipeline.plan.schema`.

A plan in the reference's shape (its eight columns, the green / amber / red scale, ids like
"2.3") is written as action-plan/1, exactly as before; one that needs its own columns, scale,
extra values or ids is written as action-plan/2 (docs/action-plan-2.md), a superset.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

FORMAT = "action-plan/1"
FORMAT_2 = "action-plan/2"
# What a column of an action table can hold, in the order the reference prints its eight columns.
FIELDS = ("number", "objectives", "lead", "when_by", "resources", "outcomes", "progress", "status")
_V1_ID = re.compile(r"^[0-9]+\.[0-9]+$")


class Rag(str, Enum):
    """The default scale's three keys; a missing status is `None`, not a fourth member. A plan
    with its own scale (BRAG, status words) stores its other keys as plain strings."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


_RAG_KEYS = {r.value for r in Rag}


@dataclass(frozen=True)
class Status:
    """The status of one expected outcome: a key of the plan's scale (a `Rag` on the default
    scale), and the words printed after its number and label."""

    rag: Rag | str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ScaleEntry:
    """One step of a plan's status legend: the key statuses store, the word printed, what it
    means, and its shading (six hex digits, or None where the word is printed unshaded)."""

    key: str
    label: str
    meaning: str | None = None
    colour: str | None = None


DEFAULT_SCALE = (
    ScaleEntry("green", "Green", "complete", "00B050"),
    ScaleEntry("amber", "Amber", "in progress / on target", "FFC000"),
    ScaleEntry("red", "Red", "not started / at risk", "FF0000"),
)


@dataclass(frozen=True)
class Column:
    """One column of the plan's action tables as printed: its heading and the field it holds
    (one of FIELDS, or "extra" with the `key` the actions' extra values are kept under)."""

    heading: str
    field: str
    key: str | None = None


def rag_key(rag: Rag | str | None) -> str | None:
    """The scale key of a status as a plain string ('green', 'blue'), None for no status."""
    return rag.value if isinstance(rag, Rag) else rag


def as_rag(key: str | None) -> Rag | str | None:
    """A scale key as the model holds it: a `Rag` member for the default keys, else the string."""
    return Rag(key) if key in _RAG_KEYS else key


@dataclass(frozen=True)
class Action:
    """One row group of a priority's table: columns 1–7 once, one status per expected outcome."""

    id: str
    objectives: tuple[str, ...]
    outcomes: tuple[str, ...]
    status: tuple[Status, ...]
    project_campaign: bool = False
    lead: tuple[str, ...] = ()
    when_by: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column key, paragraphs) per extra column


@dataclass(frozen=True)
class Priority:
    """A numbered priority: its heading lines and its table of actions."""

    number: str
    title: str
    actions: tuple[Action, ...]
    lead_agency: str | None = None
    indicators: str | None = None


@dataclass(frozen=True)
class Report:
    """Which quarter the monitor reports on, as printed in the page header."""

    quarter: int
    year: str
    period: str
    appendix: str | None = "Appendix 1"

    @property
    def line(self) -> str:
        """The report line of the page header: 'Q1 update / progress monitor (1 April – 30 June 2014)'."""
        return f"Q{self.quarter} update / progress monitor ({self.period})"


@dataclass(frozen=True)
class Section:
    """A closing section after the last table, such as 'Funding'."""

    heading: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """One partnership's action plan as reported for one quarter."""

    partnership: str
    title: str
    report: Report
    priorities: tuple[Priority, ...]
    preamble: tuple[str, ...] = ()
    closing: tuple[Section, ...] = field(default=())
    columns: tuple[Column, ...] | None = None  # None: the reference's eight columns
    scale: tuple[ScaleEntry, ...] | None = None  # None: DEFAULT_SCALE

    def actions(self) -> tuple[Action, ...]:
        """Every action of every priority, in document order."""
        return tuple(a for p in self.priorities for a in p.actions)

    def status_scale(self) -> tuple[ScaleEntry, ...]:
        """The plan's status legend (the default green / amber / red when it states none)."""
        return self.scale or DEFAULT_SCALE

    def extra_columns(self) -> tuple[Column, ...]:
        """The plan's columns that hold no model field, in printed order."""
        return tuple(c for c in self.columns or () if c.field == "extra")

    def format(self) -> str:
        """'action-plan/1' when the reference's shape holds the plan, else 'action-plan/2'."""
        plain = self.columns is None and self.scale is None and all(_V1_ID.match(a.id) for a in self.actions())
        return FORMAT if plain else FORMAT_2


def to_dict(plan: Plan) -> dict[str, Any]:
    """Return the JSON form of `plan` (keys in the schema's order): action-plan/1 when the plan has
    the reference's shape, else action-plan/2 with its columns and scale."""
    extras = bool(plan.extra_columns())
    data = {
        "format": plan.format(),
        "partnership": plan.partnership,
        "title": plan.title,
        "report": {
            "appendix": plan.report.appendix,
            "quarter": plan.report.quarter,
            "year": plan.report.year,
            "period": plan.report.period,
        },
        "preamble": list(plan.preamble),
        "priorities": [_priority_to_dict(p, extras) for p in plan.priorities],
        "closing": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in plan.closing],
    }
    if plan.columns is not None:
        data["columns"] = [{"heading": c.heading, "field": c.field, **({"key": c.key} if c.field == "extra" else {})}
                           for c in plan.columns]
    if plan.scale is not None:
        data["scale"] = [{"key": s.key, "label": s.label, "meaning": s.meaning, "colour": s.colour} for s in plan.scale]
    return data


def _priority_to_dict(p: Priority, extras: bool) -> dict[str, Any]:
    return {
        "number": p.number,
        "title": p.title,
        "lead_agency": p.lead_agency,
        "indicators": p.indicators,
        "actions": [_action_to_dict(a, extras) for a in p.actions],
    }


def _action_to_dict(a: Action, extras: bool) -> dict[str, Any]:
    data = {
        "id": a.id,
        "project_campaign": a.project_campaign,
        "objectives": list(a.objectives),
        "lead": list(a.lead),
        "when_by": list(a.when_by),
        "resources": list(a.resources),
        "outcomes": list(a.outcomes),
        "progress": list(a.progress),
        "status": [{"rag": rag_key(s.rag), "note": s.note} for s in a.status],
    }
    if extras:
        data["extra"] = {key: list(values) for key, values in a.extra}
    return data


def from_dict(data: dict[str, Any]) -> Plan:
    """Build a Plan from its action-plan/1 or /2 JSON form (validate it first with `pipeline.plan.schema`)."""
    report = data["report"]
    return Plan(
        partnership=data["partnership"],
        title=data["title"],
        report=Report(
            appendix=report["appendix"],
            quarter=report["quarter"],
            year=report["year"],
            period=report["period"],
        ),
        preamble=tuple(data["preamble"]),
        priorities=tuple(_priority_from_dict(p) for p in data["priorities"]),
        closing=tuple(Section(s["heading"], tuple(s["paragraphs"])) for s in data["closing"]),
        columns=tuple(Column(c["heading"], c["field"], c.get("key")) for c in data["columns"])
        if data.get("columns") is not None else None,
        scale=tuple(ScaleEntry(s["key"], s["label"], s.get("meaning"), s.get("colour")) for s in data["scale"])
        if data.get("scale") is not None else None,
    )


def _priority_from_dict(p: dict[str, Any]) -> Priority:
    return Priority(
        number=p["number"],
        title=p["title"],
        lead_agency=p["lead_agency"],
        indicators=p["indicators"],
        actions=tuple(_action_from_dict(a) for a in p["actions"]),
    )


def _action_from_dict(a: dict[str, Any]) -> Action:
    return Action(
        id=a["id"],
        project_campaign=a["project_campaign"],
        objectives=tuple(a["objectives"]),
        lead=tuple(a["lead"]),
        when_by=tuple(a["when_by"]),
        resources=tuple(a["resources"]),
        outcomes=tuple(a["outcomes"]),
        progress=tuple(a["progress"]),
        status=tuple(Status(rag=as_rag(s["rag"]), note=s["note"]) for s in a["status"]),
        extra=tuple((key, tuple(values)) for key, values in a.get("extra", {}).items()),
    )
