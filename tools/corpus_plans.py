"""Turn gold-plan subsets into the action-plan/2 shapes of the corpus cases, and check those shapes.

Helpers for tools/corpus_cases.py: a `Case` (plan, layout, what it stresses, the outcome expected
from each format), the action-plan/2 fields (`columns`, `scale`, `extra`) added in the key order the
corpus uses, and `check_v2`, which checks what docs/action-plan-2.md says until a v2 schema exists.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import jsonschema
from corpus_tables import FIELDS, CorpusLayout
from variant_docx import REFERENCE_HEADINGS
from variant_plans import action, pick

__all__ = ["Case", "action", "pick"]

Plan = dict[str, Any]
EXACT: Plan = {"outcome": "exact"}
LEGEND_SENTENCE = ("Outcomes have been allocated green (complete), amber (in progress / on target) or red "
                   "(not started / at risk) status. ")
SLUG = re.compile(r"^[a-z0-9_]+$")
HEX = re.compile(r"^[0-9A-F]{6}$")


@dataclass(frozen=True)
class Case:
    """One corpus case: the plan the document prints, how it is typeset, and what a reader must do."""

    plan: Plan
    layout: CorpusLayout
    stresses: str
    docx: Plan
    pdf: Plan
    rotate_pdf: bool = False  # store the PDF's pages portrait with /Rotate 90

    def writes_expected(self) -> bool:
        """True unless both formats must be refused."""
        return "refused" not in (self.docx["outcome"], self.pdf["outcome"])


def warned(*words: str) -> Plan:
    """The outcome: the plan is read, with a warning holding each of these words."""
    return {"outcome": "warned", "warning": list(words)}


def refused(*words: str) -> Plan:
    """The outcome: exit 1, one error line holding each of these words."""
    return {"outcome": "refused", "error": list(words)}


def drop_legend(plan: Plan) -> None:
    """Take the green / amber / red legend sentence out of the preamble."""
    plan["preamble"][0] = plan["preamble"][0].replace(LEGEND_SENTENCE, "")


def renumber(plan: Plan, ids: dict[str, str]) -> None:
    """Give actions other ids, as printed."""
    for old, new in ids.items():
        action(plan, old)["id"] = new


def set_columns(plan: Plan, cols: list[tuple[str, str]]) -> None:
    """Record the printed columns, (heading, field) left to right; 'extra:key' marks an extra column."""
    plan["format"] = "action-plan/2"
    plan["columns"] = []
    for heading, name in cols:
        if name.startswith("extra:"):
            plan["columns"].append({"heading": heading, "field": "extra", "key": name[len("extra:"):]})
        else:
            plan["columns"].append({"heading": heading, "field": name})
    keys = [c["key"] for c in plan["columns"] if c["field"] == "extra"]
    if keys:
        for p in plan["priorities"]:
            for a in p["actions"]:
                a["extra"] = {k: [] for k in keys}


def reference_columns(**renamed: str) -> list[tuple[str, str]]:
    """The reference's eight (heading, field) pairs, some headings renamed (field=heading)."""
    return [(renamed.get(f, h), f) for h, f in zip(REFERENCE_HEADINGS, FIELDS)]


def set_extra(plan: Plan, key: str, values: dict[str, list[str]]) -> None:
    """Fill an extra column: action id -> paragraphs (actions not named keep [])."""
    for action_id, paragraphs in values.items():
        action(plan, action_id)["extra"][key] = paragraphs


def set_scale(plan: Plan, entries: list[tuple[str, str, str | None, str | None]]) -> None:
    """Record the plan's status scale: (key, label, meaning, colour) in the order the plan lists it."""
    plan["format"] = "action-plan/2"
    plan["scale"] = [{"key": k, "label": label, "meaning": m, "colour": c} for k, label, m, c in entries]


def set_statuses(plan: Plan, action_id: str, rags: list[str | None], notes: list[str | None] | None = None) -> None:
    """Set an action's statuses (and notes; default: none)."""
    notes = notes or [None] * len(rags)
    action(plan, action_id)["status"] = [{"rag": r, "note": n} for r, n in zip(rags, notes)]


def check_v2(plan: Plan, v1_schema: Plan) -> None:
    """Raise ValueError unless the plan keeps docs/action-plan-2.md (and, v2 fields aside, the v1 schema)."""
    cols, scale = plan.get("columns"), plan.get("scale")
    keys = [c["key"] for c in cols or [] if c["field"] == "extra"]
    if cols is not None:
        fields = [c["field"] for c in cols]
        if any(f not in (*FIELDS, "extra") for f in fields) or not {"number", "objectives", "outcomes", "status"} <= set(fields):
            raise ValueError(f"columns: bad or missing fields {fields}")
        if any(fields.count(f) > 1 for f in FIELDS) or len(set(keys)) != len(keys) or not all(map(SLUG.match, keys)):
            raise ValueError(f"columns: a field twice or a bad extra key {fields} {keys}")
    rags = [e["key"] for e in scale] if scale else ["green", "amber", "red"]
    for e in scale or []:
        if list(e) != ["key", "label", "meaning", "colour"] or not SLUG.match(e["key"]) or not (e["colour"] is None or HEX.match(e["colour"])):
            raise ValueError(f"scale: bad entry {e}")
    v1 = copy.deepcopy({k: v for k, v in plan.items() if k not in ("columns", "scale")})
    v1["format"] = "action-plan/1"
    for i, a in enumerate(a for p in v1["priorities"] for a in p["actions"]):
        if not 1 <= len(a["id"]) <= 20 or "\n" in a["id"]:
            raise ValueError(f"action id {a['id']!r}")
        if (list(a)[-1] == "extra") != bool(keys) or sorted(a.pop("extra", {})) != sorted(keys):
            raise ValueError(f"action {a['id']}: extra (last, keys {keys}) differs from the columns")
        if any(s["rag"] not in (*rags, None) for s in a["status"]):
            raise ValueError(f"action {a['id']}: a status not on the scale {rags}")
        a["id"] = f"1.{i + 1}"
        for s in a["status"]:
            s["rag"] = s["rag"] and "green"
    jsonschema.validate(v1, v1_schema)
