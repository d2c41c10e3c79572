"""Turn the action plan into frozen values, and back into its action-plan/1 JSON form.

The model is the one thing every stage shares: extractors produce it, updates transform it,
renderers consume it. It is immutable (frozen dataclasses, tuples) and imports nothing from
outside the standard library; schema validation lives in `pipeline.plan.schema`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

FORMAT = "action-plan/1"


class Rag(str, Enum):
    """The three status colours; a missing status is `None`, not a fourth member."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Status:
    """The status of one expected outcome: its RAG colour and the words printed after its number."""

    rag: Rag | None = None
    note: str | None = None


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

    def actions(self) -> tuple[Action, ...]:
        """Every action of every priority, in document order."""
        return tuple(a for p in self.priorities for a in p.actions)


def to_dict(plan: Plan) -> dict[str, Any]:
    """Return the action-plan/1 JSON form of `plan` (keys in the schema's order)."""
    return {
        "format": FORMAT,
        "partnership": plan.partnership,
        "title": plan.title,
        "report": {
            "appendix": plan.report.appendix,
            "quarter": plan.report.quarter,
            "year": plan.report.year,
            "period": plan.report.period,
        },
        "preamble": list(plan.preamble),
        "priorities": [_priority_to_dict(p) for p in plan.priorities],
        "closing": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in plan.closing],
    }


def _priority_to_dict(p: Priority) -> dict[str, Any]:
    return {
        "number": p.number,
        "title": p.title,
        "lead_agency": p.lead_agency,
        "indicators": p.indicators,
        "actions": [_action_to_dict(a) for a in p.actions],
    }


def _action_to_dict(a: Action) -> dict[str, Any]:
    return {
        "id": a.id,
        "project_campaign": a.project_campaign,
        "objectives": list(a.objectives),
        "lead": list(a.lead),
        "when_by": list(a.when_by),
        "resources": list(a.resources),
        "outcomes": list(a.outcomes),
        "progress": list(a.progress),
        "status": [{"rag": s.rag.value if s.rag else None, "note": s.note} for s in a.status],
    }


def from_dict(data: dict[str, Any]) -> Plan:
    """Build a Plan from its action-plan/1 JSON form (validate it first with `pipeline.plan.schema`)."""
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
        status=tuple(
            Status(rag=Rag(s["rag"]) if s["rag"] else None, note=s["note"]) for s in a["status"]
        ),
    )
