"""Turn the draft and the final plan of a quarter into the review record: what the review changed.

One line per changed field: the action (or the part of the document), the field, before → after.
Actions are matched by id, so a row the reviewer deleted is one "removed" line, not a shift of
every action after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pipeline.plan.model import Action, Plan, to_dict

_ACTION_FIELDS = (("objectives", "objectives"), ("lead", "lead"), ("when_by", "when by"),
                  ("resources", "resources"), ("outcomes", "expected outcomes"), ("progress", "progress"))


@dataclass(frozen=True)
class Change:
    """One field the review changed: where (an action id, or a part of the document), what, before, after."""

    where: str
    field: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "field": self.field, "before": self.before, "after": self.after}


def review_changes(draft: Plan, final: Plan) -> tuple[Change, ...]:
    """Every field where `final` differs from `draft`, in document order."""
    out = [Change("document", key, _text(before), _text(after))
           for key, before, after in _document_fields(draft, final) if before != after]
    old = {a.id: a for a in draft.actions()}
    new = {a.id: a for a in final.actions()}
    for action in draft.actions():
        if action.id not in new:
            out.append(Change(f"action {action.id}", "whole action", _summary(action), "(removed)"))
        else:
            out += _action_changes(action, new[action.id])
    out += [Change(f"action {a.id}", "whole action", "(none)", _summary(a)) for a in final.actions() if a.id not in old]
    return tuple(out)


def _document_fields(draft: Plan, final: Plan) -> list[tuple[str, Any, Any]]:
    a, b = to_dict(draft), to_dict(final)
    fields = [(k, a.get(k), b.get(k)) for k in ("partnership", "title", "report", "preamble", "closing", "columns", "scale")]
    pa, pb = a["priorities"], b["priorities"]
    for i in range(max(len(pa), len(pb))):
        left = {k: v for k, v in pa[i].items() if k != "actions"} if i < len(pa) else None
        right = {k: v for k, v in pb[i].items() if k != "actions"} if i < len(pb) else None
        number = (right or left or {}).get("number", str(i + 1))
        fields += [(f"priority {number} {k.replace('_', ' ')}", (left or {}).get(k), (right or {}).get(k))
                   for k in ("number", "title", "lead_agency", "indicators")]
    return fields


def _action_changes(old: Action, new: Action) -> list[Change]:
    where = f"action {new.id}"
    out = [change for name, label in _ACTION_FIELDS if getattr(old, name) != getattr(new, name)
           for change in _paragraph_changes(where, label, getattr(old, name), getattr(new, name))]
    if old.project_campaign != new.project_campaign:
        out.append(Change(where, "project/campaign", str(old.project_campaign), str(new.project_campaign)))
    if dict(old.extra) != dict(new.extra):
        out.append(Change(where, "other columns", _text(dict(old.extra)), _text(dict(new.extra))))
    for n in range(max(len(old.status), len(new.status))):
        before = _status(old.status[n]) if n < len(old.status) else "(none)"
        after = _status(new.status[n]) if n < len(new.status) else "(none)"
        if before != after:
            out.append(Change(where, f"status of outcome {n + 1}", before, after))
    return out


def _paragraph_changes(where: str, label: str, old: tuple[str, ...], new: tuple[str, ...]) -> list[Change]:
    """Only the paragraphs that changed: 'progress ¶4: … → …', or a run of them added or removed."""
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            out += [Change(where, f"{label} ¶{j1 + k + 1}", old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        else:
            span = f"¶{j1 + 1}" if j2 - j1 <= 1 else f"¶{j1 + 1}–{j2}"
            out.append(Change(where, f"{label} {span if j2 > j1 else f'¶{i1 + 1}'}", _text(old[i1:i2]), _text(new[j1:j2])))
    return out


def _status(status) -> str:
    key = getattr(status.rag, "value", status.rag) or "no status"
    return f"{key}: {status.note}" if status.note else key


def _summary(action: Action) -> str:
    return _text(action.objectives)[:80]


def _text(value: Any) -> str:
    """A field as one line: paragraphs joined by ' / ', absent as '(none)'."""
    if value is None or value == () or value == []:
        return "(none)"
    if isinstance(value, (tuple, list)):
        return " / ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def record_markdown(plan: Plan, changes: tuple[Change, ...], reviewers: tuple[str, ...], reviewed: str) -> str:
    """The review record a person reads: who reviewed, then each change as before → after."""
    lines = [f"# Review record: {plan.partnership}, Q{plan.report.quarter} {plan.report.year}", "",
             f"Reviewed Word file: {reviewed}", "",
             "Reviewers: " + (", ".join(reviewers) if reviewers else "none named in the document or by the officer"), ""]
    if not changes:
        lines.append("The review changed nothing: the final is the draft.")
    else:
        lines.append(f"The review changed {len(changes)} field{'s' if len(changes) > 1 else ''}:")
        lines.append("")
        for c in changes:
            lines.append(f"- {c.where}, {c.field}: {c.before} → {c.after}")
    return "\n".join(lines) + "\n"
