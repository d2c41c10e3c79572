"""Turn action-plan JSON text (format /1 or /2) into a validated Plan, and a Plan into JSON text.

action-plan/2's schema is action-plan/1's with the additions of docs/action-plan-2.md, built here
from the one schema file so the two cannot drift; what a JSON schema cannot say (a status key is a
key of the plan's scale, each extra column has its values) is checked after it.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from pipeline.errors import InputError
from pipeline.plan.model import FIELDS, FORMAT, FORMAT_2, Plan, from_dict, to_dict
from pipeline.plan.printable import first_in

_KEY = {"type": "string", "pattern": "^[a-z0-9_]+$"}
_HEX = {"type": ["string", "null"], "pattern": "^[0-9A-F]{6}$"}


@lru_cache(maxsize=1)
def _schema_1() -> dict[str, Any]:
    return json.loads(resources.files("pipeline.plan").joinpath("action-plan.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _schema_2() -> dict[str, Any]:
    schema = copy.deepcopy(_schema_1())
    schema["$id"] = FORMAT_2
    props, defs = schema["properties"], schema["$defs"]
    props["format"] = {"const": FORMAT_2}
    props["columns"] = {"type": ["array", "null"], "minItems": 4, "items": {
        "type": "object", "additionalProperties": False, "required": ["heading", "field"],
        "properties": {"heading": {"type": "string"}, "field": {"enum": [*FIELDS, "extra"]}, "key": _KEY}}}
    props["scale"] = {"type": ["array", "null"], "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["key", "label", "meaning", "colour"],
        "properties": {"key": _KEY, "label": {"$ref": "#/$defs/text"}, "meaning": {"type": ["string", "null"]},
                       "colour": _HEX}}}
    defs["rag"] = {"anyOf": [_KEY, {"type": "null"}], "description": "a key of the plan's scale; null: no status given"}
    action = defs["action"]["properties"]
    action["id"] = {"type": "string", "minLength": 1, "maxLength": 20, "pattern": "^[^\\n]+$"}
    action["extra"] = {"type": "object", "additionalProperties": {"$ref": "#/$defs/lines"}}
    return schema


@lru_cache(maxsize=2)
def _validator(version: str) -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(_schema_2() if version == FORMAT_2 else _schema_1())


def validate(data: Any, source: str = "<plan>") -> None:
    """Raise InputError naming `source` and the JSON path of the first violation of the format
    the document names (action-plan/1 or /2)."""
    version = data.get("format") if isinstance(data, dict) else None
    version = version if version in (FORMAT, FORMAT_2) else FORMAT
    error = jsonschema.exceptions.best_match(_validator(version).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise InputError(f"{source}: not an {version} document at {where}: {error.message}")
    blank = first_in(data, lambda s: "blank" if s and not s.strip() else None)
    if blank:  # no reader or updates file makes one; a hand-edited plan would redline and print oddly
        raise InputError(f"{source}: {blank[0]}: text of spaces only; delete the entry or write its words")
    spaced = first_in(data, _odd_spacing)
    if spaced:  # printed, these read back as single spaces: the plan would not be the one printed
        raise InputError(f"{source}: {spaced[0]}: {spaced[1]}; write single spaces between words")
    if version == FORMAT_2:
        _check_shape(data, source)


def _check_shape(data: dict[str, Any], source: str) -> None:
    """What the schema cannot say: required columns, unique keys, statuses on the scale, extras present."""
    columns = data.get("columns") or []
    fields = [c["field"] for c in columns]
    if columns:
        missing = [f for f in ("number", "objectives", "outcomes", "status") if f not in fields]
        twice = sorted({f for f in fields if f != "extra" and fields.count(f) > 1})
        if missing or twice:
            raise InputError(f"{source}: columns: {'missing ' + ', '.join(missing) if missing else ''}"
                             f"{'; ' if missing and twice else ''}{'twice: ' + ', '.join(twice) if twice else ''}")
    extras = [c.get("key") for c in columns if c["field"] == "extra"]
    if None in extras or len(set(extras)) != len(extras):
        raise InputError(f"{source}: columns: every extra column needs its own key")
    scale = [s["key"] for s in data.get("scale") or []] or ["green", "amber", "red"]
    if len(set(scale)) != len(scale):
        raise InputError(f"{source}: scale: keys must be unique")
    for p, priority in enumerate(data["priorities"]):
        for a, action in enumerate(priority["actions"]):
            where = f"{source}: priorities/{p}/actions/{a} (action {action['id']})"
            for s, status in enumerate(action["status"]):
                if status["rag"] is not None and status["rag"] not in scale:
                    raise InputError(f"{where}/status/{s}: {status['rag']!r} is not on the plan's scale ({', '.join(scale)})")
            if sorted(action.get("extra", {})) != sorted(extras):
                raise InputError(f"{where}: extra values {sorted(action.get('extra', {}))} do not match "
                                 f"the extra columns {sorted(extras)}")


def plan_from_json(text: str, source: str = "<plan>") -> Plan:
    """Parse and validate JSON text into a Plan."""
    from pipeline.reading.json_tree import load

    data = load(text, source)
    validate(data, source)
    return from_dict(data)


def plan_to_json(plan: Plan) -> str:
    """Return the plan as validated, stable JSON text (UTF-8, 2-space indent, final newline)."""
    data = to_dict(plan)
    validate(data, "<generated plan>")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _odd_spacing(text: str) -> str | None:
    """What in `text` a printed page cannot keep: the readers give each line's words parted by single
    spaces (a line break, as Word's, may part lines)."""
    lines = text.split("\n")
    if any(line != " ".join(line.split()) for line in lines) or (len(lines) > 1 and not all(lines)):
        kind = next((name for char, name in _SPACES.items() if char in text), "a space at either end, or two together")
        return f"{kind} in the text"
    return None


_SPACES = {"\t": "a tab", "\r": "a carriage return", "\u00a0": "a no-break space", "\u2028": "a line separator"}
