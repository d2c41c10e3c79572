"""Turn this quarter's Plan (and last quarter's) into the board summary: counts, direction, exceptions.

Counts are by the plan's own scale (green / amber / red, or BRAG, or its status words). Direction
of travel compares each expected outcome with the same outcome (same action id, same position) last
quarter, scoring each step of the scale by its place (green 2, amber 1, red 0; blue 3 on a BRAG
scale). Outcomes without a status in either
quarter are left out. For an action or a priority the score changes of its outcomes are added up:
above zero it improved, below zero it got worse, zero is unchanged. It is "new" when there is no
previous plan or no such action / priority in it, and also when none of its outcomes can be compared
but at least one has a status now (rated for the first time).

Exceptions: outcomes that turned red, the scale's last step (had another status, or none, last
quarter; never reported without a previous plan); actions overdue (see `pipeline.render.whenby`: due
before the end of the quarter reported, not every outcome at the scale's first step, not struck);
actions without an update this quarter.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pipeline.plan.model import Action, Plan, Rag, rag_key
from pipeline.plan.quarters import MONTHS, quarter_end
from pipeline.render.whenby import due_date
from pipeline.updates.apply import is_no_update, struck_reason


class Direction(str, Enum):
    """Direction of travel since last quarter."""

    IMPROVED = "improved"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    NEW = "new"

    @property
    def arrow(self) -> str:
        """The symbol printed before the word."""
        return _ARROWS[self]


_ARROWS = {Direction.IMPROVED: "↑", Direction.WORSE: "↓", Direction.UNCHANGED: "→", Direction.NEW: "+"}


@dataclass(frozen=True)
class Counts:
    """How many outcomes have each status: one number per key of the scale, in its order, and none."""

    keys: tuple[str, ...] = ("green", "amber", "red")
    numbers: tuple[int, ...] = (0, 0, 0)
    none: int = 0

    def of(self, key: str) -> int:
        return self.numbers[self.keys.index(key)] if key in self.keys else 0

    @property
    def green(self) -> int:
        return self.of("green")

    @property
    def amber(self) -> int:
        return self.of("amber")

    @property
    def red(self) -> int:
        return self.of("red")

    @property
    def total(self) -> int:
        return sum(self.numbers) + self.none

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.keys, tuple(a + b for a, b in zip(self.numbers, other.numbers)), self.none + other.none)


@dataclass(frozen=True)
class ActionSummary:
    id: str
    counts: Counts
    direction: Direction
    struck: bool = False


@dataclass(frozen=True)
class PrioritySummary:
    number: str
    title: str
    counts: Counts
    direction: Direction
    actions: tuple[ActionSummary, ...]


@dataclass(frozen=True)
class TurnedRed:
    """An outcome red this quarter that was not red last quarter."""

    action_id: str
    outcome: int  # 1-based, as printed
    text: str
    previous: Rag | str | None
    note: str | None


@dataclass(frozen=True)
class Overdue:
    """An action whose "When by" date passed before the end of the quarter, not all green."""

    action_id: str
    due: datetime.date
    when_by: tuple[str, ...]
    not_green: tuple[int, ...]  # 1-based outcome numbers not at the scale's first step


@dataclass(frozen=True)
class Summary:
    quarter: int
    year: str
    scale: tuple[str, ...]  # the keys counted, best first
    counts: Counts
    direction: Direction
    priorities: tuple[PrioritySummary, ...]
    turned_red: tuple[TurnedRed, ...]
    overdue: tuple[Overdue, ...]
    no_update: tuple[str, ...]
    struck: tuple[str, ...]


def summarise(plan: Plan, previous: Plan | None) -> Summary:
    """Return the board summary of `plan`, with directions against `previous` (None: all "new")."""
    before = {a.id: a for a in previous.actions()} if previous else {}
    before_priorities = {p.number for p in previous.priorities} if previous else set()
    end = quarter_end(plan.report.year, plan.report.quarter)
    keys = tuple(s.key for s in plan.status_scale())
    score = {key: len(keys) - 1 - i for i, key in enumerate(keys)}
    zero = Counts(keys, (0,) * len(keys))
    priorities = []
    all_pairs: list[tuple[str | None, str | None]] = []
    for p in plan.priorities:
        actions, pairs = [], []
        for a in p.actions:
            old = before.get(a.id)
            action_pairs = _pairs(a, old)
            pairs += action_pairs
            direction = _direction(action_pairs, score) if old else Direction.NEW
            actions.append(ActionSummary(a.id, _counts(a, keys), direction, struck_reason(a) is not None))
        known = p.number in before_priorities
        priorities.append(PrioritySummary(
            p.number, p.title, sum((x.counts for x in actions), zero),
            _direction(pairs, score) if known else Direction.NEW, tuple(actions),
        ))
        all_pairs += pairs
    return Summary(
        quarter=plan.report.quarter,
        year=plan.report.year,
        scale=keys,
        counts=sum((p.counts for p in priorities), zero),
        direction=_direction(all_pairs, score) if previous else Direction.NEW,
        priorities=tuple(priorities),
        turned_red=tuple(t for a in plan.actions() for t in _turned_red(a, before.get(a.id), keys[-1])),
        overdue=tuple(o for o in (_overdue(a, end, keys[0]) for a in plan.actions()) if o is not None),
        no_update=tuple(a.id for a in plan.actions() if is_no_update(a)),
        struck=tuple(a.id for a in plan.actions() if struck_reason(a) is not None),
    )


def _counts(action: Action, keys: tuple[str, ...]) -> Counts:
    rags = [rag_key(s.rag) for s in action.status]
    return Counts(keys, tuple(rags.count(k) for k in keys), rags.count(None))


def _pairs(action: Action, old: Action | None) -> list[tuple[str | None, str | None]]:
    """(last quarter, this quarter) per outcome; an outcome with no counterpart pairs with None."""
    previous = [rag_key(s.rag) for s in old.status] if old else []
    return [(previous[i] if i < len(previous) else None, rag_key(s.rag)) for i, s in enumerate(action.status)]


def _direction(pairs: list[tuple[str | None, str | None]], score: dict[str, int]) -> Direction:
    comparable = [(a, b) for a, b in pairs if a in score and b in score]
    if not comparable:
        return Direction.NEW if any(b is not None for _, b in pairs) else Direction.UNCHANGED
    change = sum(score[b] - score[a] for a, b in comparable)
    if change > 0:
        return Direction.IMPROVED
    return Direction.WORSE if change < 0 else Direction.UNCHANGED


def _turned_red(action: Action, old: Action | None, worst: str) -> list[TurnedRed]:
    if old is None:
        return []
    result = []
    for i, status in enumerate(action.status):
        if rag_key(status.rag) == worst and i < len(old.status) and rag_key(old.status[i].rag) != worst:
            result.append(TurnedRed(action.id, i + 1, action.outcomes[i], old.status[i].rag, status.note))
    return result


def _overdue(action: Action, end: datetime.date, best: str) -> Overdue | None:
    due = due_date(action.when_by)
    if due is None or due >= end or struck_reason(action) is not None:
        return None
    not_green = tuple(i for i, s in enumerate(action.status, 1) if rag_key(s.rag) != best)
    return Overdue(action.id, due, action.when_by, not_green) if not_green else None


def _date(d: datetime.date) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def _direction_dict(d: Direction) -> dict[str, str]:
    return {"arrow": d.arrow, "word": d.value}


def _counts_dict(c: Counts) -> dict[str, int]:
    return {**dict(zip(c.keys, c.numbers)), "none": c.none, "total": c.total}


def summary_to_context(summary: Summary) -> dict[str, Any]:
    """Return the summary as plain dicts, lists, strings and ints for the renderer's context."""
    return {
        "quarter": summary.quarter,
        "year": summary.year,
        "scale": list(summary.scale),
        "counts": _counts_dict(summary.counts),
        "direction": _direction_dict(summary.direction),
        "priorities": [
            {
                "number": p.number,
                "title": p.title,
                "counts": _counts_dict(p.counts),
                "direction": _direction_dict(p.direction),
                "actions": [
                    {"id": a.id, "counts": _counts_dict(a.counts),
                     "direction": _direction_dict(a.direction), "struck": a.struck}
                    for a in p.actions
                ],
            }
            for p in summary.priorities
        ],
        "turned_red": [
            {"action": t.action_id, "outcome": t.outcome, "text": t.text,
             "previous": rag_key(t.previous) or "none", "note": t.note or ""}
            for t in summary.turned_red
        ],
        "overdue": [
            {"action": o.action_id, "due": _date(o.due), "when_by": "; ".join(o.when_by),
             "not_green": list(o.not_green)}
            for o in summary.overdue
        ],
        "no_update": list(summary.no_update),
        "struck": list(summary.struck),
    }
