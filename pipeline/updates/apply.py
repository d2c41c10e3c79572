"""Turn last quarter's Plan and this quarter's validated updates into this quarter's Plan.

Reading and checking the updates file is `pipeline.updates.yaml_file`; the form sent round to lead
officers is `pipeline.updates.template`. This module is pure: it never touches disk and never
mutates a Plan (every change is a `dataclasses.replace`).

Two kinds of action are marked in the progress text itself, because action-plan/1 has no field
for them and plan.json must stay valid and survive a render → extract round trip:

- a struck action's first progress paragraph is `STRUCK_PREFIX + reason` (see `struck_reason`);
- an action without an update this quarter has exactly the progress `(NO_UPDATE,)`
  (see `no_update_ids`).
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.errors import UpdatesError
from pipeline.plan.model import Action, Plan, Report, Status
from pipeline.plan.quarters import next_quarter, period

log = logging.getLogger("pipeline")

STRUCK_PREFIX = "Struck from the action plan: "
NO_UPDATE = "No update received this quarter."


@dataclass(frozen=True)
class ActionUpdate:
    """One action's update: progress paragraphs, statuses (None: keep last quarter's), strike reason."""

    progress: tuple[str, ...] = ()
    status: tuple[Status, ...] | None = None
    struck: str | None = None


@dataclass(frozen=True)
class Updates:
    """A quarter's validated updates, keyed by action id ("2.3")."""

    year: str
    quarter: int
    actions: Mapping[str, ActionUpdate]
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)  # action id → its line in the file


def struck_reason(action: Action) -> str | None:
    """Return why the action was struck from the plan, or None if it was not struck."""
    if action.progress and action.progress[0].startswith(STRUCK_PREFIX):
        return action.progress[0][len(STRUCK_PREFIX):]
    return None


def is_no_update(action: Action) -> bool:
    """True if the action was carried forward because no update was received."""
    return action.progress == (NO_UPDATE,)


def no_update_ids(plan: Plan) -> tuple[str, ...]:
    """Return the ids of the actions `apply` carried forward without an update, in plan order."""
    return tuple(a.id for a in plan.actions() if is_no_update(a))


def apply(plan: Plan, updates: Updates) -> Plan:
    """Return the plan for the updates' quarter: statuses and progress replaced, the rest kept.

    An action without an update keeps last quarter's statuses and gets the progress
    `(NO_UPDATE,)`; its id is logged as a warning. A struck action without an update stays
    struck, with its reason as its only progress paragraph, and is not warned about.
    """
    _check_matches(plan, updates)
    priorities = tuple(
        dataclasses.replace(p, actions=tuple(_apply_action(a, updates.actions.get(a.id)) for a in p.actions))
        for p in plan.priorities
    )
    report = Report(
        quarter=updates.quarter,
        year=updates.year,
        period=period(updates.year, updates.quarter),
        appendix=plan.report.appendix,
    )
    new = dataclasses.replace(plan, report=report, priorities=priorities)
    missing = no_update_ids(new)
    if missing:
        log.warning(
            "Q%d %s: no update for %d action(s), last quarter's status kept: %s",
            updates.quarter, updates.year, len(missing), ", ".join(missing),
        )
    return new


def _apply_action(action: Action, update: ActionUpdate | None) -> Action:
    reason = struck_reason(action)
    if update is None or _is_empty(action, update):
        if reason is not None:
            return dataclasses.replace(action, progress=(STRUCK_PREFIX + reason,))
        return dataclasses.replace(action, progress=(NO_UPDATE,))
    progress = update.progress
    if update.struck is not None:
        progress = (STRUCK_PREFIX + update.struck, *progress)
    status = action.status if update.status is None else update.status
    return dataclasses.replace(action, progress=progress, status=status)


def _is_empty(action: Action, update: ActionUpdate) -> bool:
    """An entry left as the template gave it (no progress, statuses unchanged) is no update."""
    unchanged = update.status is None or update.status == action.status
    restruck = update.struck is None or update.struck == struck_reason(action)
    return not update.progress and restruck and unchanged


def is_filled(action: Action, update: ActionUpdate) -> bool:
    """True if the update says something new: progress, a changed status or a new strike."""
    return not _is_empty(action, update)


def _check_matches(plan: Plan, updates: Updates) -> None:
    """Guard against updates validated for another plan; `updates_yaml` reports these with lines."""
    expected = next_quarter(plan.report.year, plan.report.quarter)
    if (updates.year, updates.quarter) != expected:
        raise UpdatesError(
            f"updates are for Q{updates.quarter} {updates.year}, but the plan is for "
            f"Q{plan.report.quarter} {plan.report.year}: expected Q{expected[1]} {expected[0]}"
        )
    actions = {a.id: a for a in plan.actions()}
    for action_id, update in updates.actions.items():
        if action_id not in actions:
            raise UpdatesError(f"update for action {action_id}, which is not in the plan")
        if update.status is not None and len(update.status) != len(actions[action_id].outcomes):
            raise UpdatesError(
                f"action {action_id}: {len(update.status)} statuses for "
                f"{len(actions[action_id].outcomes)} expected outcomes"
            )


def changed_status(action: Action, update: ActionUpdate) -> bool:
    """True if the update gives statuses that differ from the action's current ones."""
    return update.status is not None and update.status != action.status
