"""Turn last quarter's Plan and one lead into the context of that lead's update form.

One pure function decides every word a form prints, the tag of every control and the identity
written into its custom properties. The Word writer (`document.py`) lays it out; the returns reader
(`pipeline.updates.returns`) rebuilds the same context to check a returned form's fixed text, so
the form and its reader cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pipeline.plan.model import Action, Plan, Status, rag_key
from pipeline.plan.quarters import MONTHS, next_quarter, period, quarter_end
from pipeline.plan.schema import plan_to_json
from pipeline.updates.apply import struck_reason
from pipeline.updates.leads import Lead, actions_of

FORM_FORMAT = "progress-monitor-return/1"
LANGUAGE = "en-GB"
NO_CHANGE = "No change"
NO_STATUS = "No status"
NONE_SHOWN = "—"
# What an empty box shows. LibreOffice keeps this text but drops Word's "showing placeholder" flag
# on saving, so the reader treats exactly these words as an empty box.
PLACEHOLDER = {
    "progress": "Type this quarter's progress here, or leave this as it is if there is no update.",
    "note": "Optional: a note to print beside this status.",
    "struck": "Only if the action is to be struck: the reason, and who agreed it.",
}
# The label cell of each row: the action id first, so a return that lost its controls' tags (any
# docx LibreOffice saved) is still read by row.
ROW = {
    "progress": "{id} Progress this quarter",
    "status": "{id} Outcome {n} status",
    "note": "{id} Outcome {n} note",
    "struck": "{id} Strike this action",
}
DUE_AFTER_DAYS = 14  # default: returns due two weeks after the quarter ends


def keep_label(scale: tuple[Any, ...]) -> str:
    """The list's choice for "keep last quarter's status": "No change", unless the plan's own scale has a
    status of that name (then it would mean two things)."""
    taken = {s.label.casefold() for s in scale}
    return next(x for x in (NO_CHANGE, "Keep last quarter's status", "Same as last quarter") if x.casefold() not in taken)


def fingerprint(plan: Plan) -> str:
    """The SHA-256 of the plan's JSON: names the exact plan a form was made from."""
    return hashlib.sha256(plan_to_json(plan).encode("utf-8")).hexdigest()


def default_due(plan: Plan) -> dt.date:
    """Two weeks after the end of the quarter the forms report on."""
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    return quarter_end(year, quarter) + dt.timedelta(days=DUE_AFTER_DAYS)


def long_date(day: dt.date) -> str:
    """'14 October 2014'."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def form_context(plan: Plan, lead: Lead, due: dt.date) -> dict[str, Any]:
    """The form for `lead` to report the quarter after `plan`'s on its actions."""
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    last = f"Q{plan.report.quarter} {plan.report.year}"
    this = f"Q{quarter} {year}"
    scale = plan.status_scale()
    actions = actions_of(plan, lead)
    return {
        "title": f"{this} update form: {lead.name}",
        "plan": f"{plan.partnership} – {plan.title}",
        "lead": lead.label,
        "period": period(year, quarter),
        "due": long_date(due),
        "last": last,
        "this": this,
        "choices": [s.label for s in scale] + [keep_label(scale)],
        "instructions": _instructions(plan, lead, this),
        "actions": [_action(a, scale) for a in actions],
        "identity": {
            "PipelineForm": FORM_FORMAT,
            "Partnership": plan.partnership,
            "PlanTitle": plan.title,
            "Year": year,
            "Quarter": str(quarter),
            "PlanFingerprint": fingerprint(plan),
            "Lead": lead.name,
            "Actions": json.dumps([a.id for a in actions], ensure_ascii=False),  # ids may hold spaces
            "Due": due.isoformat(),
        },
        "properties": {"title": f"{plan.partnership} – {this} update form – {lead.name}",
                       "subject": f"{plan.title}: {this} update ({period(year, quarter)})",
                       "author": plan.partnership, "language": LANGUAGE,
                       "date": quarter_end(plan.report.year, plan.report.quarter)},
    }


def _instructions(plan: Plan, lead: Lead, this: str) -> list[str]:
    labels = ", ".join(s.label for s in plan.status_scale())
    return [
        f"For each action, write {this}'s progress in the box beside “Progress this quarter”. "
        "Leave the box as it is if there is no update; the board paper will say none was received.",
        f"For each expected outcome choose its status from the list: {labels}, or “{keep_label(plan.status_scale())}” "
        "to keep last quarter's.",
        "Add a note only if it should be printed beside the status, for example “Not started”.",
        "Give a reason under “Strike this action” only if the action is to be struck from the plan.",
        "The middle column is last quarter's report, for reference: please do not change it, and do not "
        "delete the boxes or type outside them.",
        f"Save the file (any name will do) and send it back by the date above. Your actions: {', '.join(lead.actions)}.",
    ]


def _action(a: Action, scale: tuple[Any, ...]) -> dict[str, Any]:
    rows = [_row("progress", a.id, None, list(a.progress) or [NONE_SHOWN], f"progress:{a.id}")]
    for n, (outcome, status) in enumerate(zip(a.outcomes, a.status), start=1):
        rows.append(_row("status", a.id, n, [_status_word(status, scale)], f"status:{a.id}:{n}", outcome=outcome))
        rows.append(_row("note", a.id, n, [status.note or NONE_SHOWN], f"note:{a.id}:{n}"))
    reason = struck_reason(a)
    rows.append(_row("struck", a.id, None, [reason or NONE_SHOWN], f"struck:{a.id}"))
    return {
        "id": a.id,
        "heading": f"Action {a.id}",
        "objectives": list(a.objectives),
        "lead": list(a.lead),
        "when_by": list(a.when_by),
        "outcomes": list(a.outcomes),
        "rows": rows,
    }


def _row(kind: str, action_id: str, n: int | None, last: list[str], tag: str, outcome: str | None = None) -> dict[str, Any]:
    label = ROW[kind].format(id=action_id, n=n)
    return {
        "kind": kind,
        "label": label,
        "outcome": outcome,  # printed under the status row's label, so the choice is made beside it
        "last": last,
        "tag": tag,
        "alias": label[len(action_id) + 1:] + f", action {action_id}",
        "placeholder": PLACEHOLDER.get(kind),
    }


def _status_word(status: Status, scale: tuple[Any, ...]) -> str:
    key = rag_key(status.rag)
    entry = next((e for e in scale if e.key == key), None)
    return entry.label if entry else NO_STATUS
