"""Turn action-plan/1 JSON text into a validated Plan, and a Plan into JSON text."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from pipeline.errors import InputError
from pipeline.plan.model import Plan, from_dict, to_dict


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    text = resources.files("pipeline.plan").joinpath("action-plan.schema.json").read_text("utf-8")
    schema = json.loads(text)
    return jsonschema.Draft202012Validator(schema)


def validate(data: Any, source: str = "<plan>") -> None:
    """Raise InputError naming `source` and the JSON path of the first schema violation."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise InputError(f"{source}: not an action-plan/1 document at {where}: {error.message}")


def plan_from_json(text: str, source: str = "<plan>") -> Plan:
    """Parse and validate JSON text into a Plan."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: line {exc.lineno}: not JSON: {exc.msg}") from exc
    validate(data, source)
    return from_dict(data)


def plan_to_json(plan: Plan) -> str:
    """Return the plan as validated, stable JSON text (UTF-8, 2-space indent, final newline)."""
    data = to_dict(plan)
    validate(data, "<generated plan>")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
