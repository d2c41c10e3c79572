"""Turn a plan (or its JSON value) into the first place holding a character no board paper can
print, named as a reader would look for it ("action 2.1 progress ¶3"), or None; and a plan into its
composed (NFC) form, the form a printed page reads back as."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from pipeline.plan.model import Plan, from_dict, to_dict

# C0 controls but tab, LF, CR; DEL and C1; the non-characters U+FFFE/FFFF; surrogates (from escapes)
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def unprintable_in_plan(plan: Plan) -> tuple[str, str] | None:
    """(place, character) of the first unprintable character in the plan's text, if any."""
    return unprintable_in(to_dict(plan))


def unprintable_in(data: Any) -> tuple[str, str] | None:
    """The same for a plan's JSON value (or any JSON value: the place is then its JSON path)."""
    return first_in(data, _unprintable)


def first_in(data: Any, bad: Callable[[str], str | None]) -> tuple[str, str] | None:
    """(place, what `bad` found) for the first string of a plan's JSON value in which `bad` finds something."""
    found = _walk(data, (), bad)
    return (place(data, found[0]), found[1]) if found else None


def _unprintable(value: str) -> str | None:
    found = UNPRINTABLE.search(value)
    return found.group() if found else None


def _walk(value: Any, path: tuple[Any, ...], bad: Callable[[str], str | None]) -> tuple[tuple[Any, ...], str] | None:
    if isinstance(value, str):
        found = bad(value)
        return (path, found) if found else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = (_walk(key, path, bad) if isinstance(key, str) else None) or _walk(item, (*path, key), bad)
        if found:
            return found
    return None


def nfc_plan(plan: Plan) -> Plan:
    """The plan with every text in Unicode's composed form (NFC): a letter and its combining accent
    become the one character they are, as a PDF reads them back. The same text to Unicode."""
    data = to_dict(plan)
    normal = _map_strings(data, lambda s: unicodedata.normalize("NFC", s))
    return plan if normal == data else from_dict(normal)


def _map_strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _map_strings(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_strings(item, change) for item in value]
    return value


def place(data: Any, path: tuple[Any, ...]) -> str:
    """A JSON path in a plan as a reader says it: 'action 2.1 progress ¶3', 'priority 2 title'."""
    try:
        if path[:1] == ("priorities",) and len(path) >= 2:
            priority = data["priorities"][path[1]]
            if len(path) >= 4 and path[2] == "actions":
                return _field(f"action {priority['actions'][path[3]]['id']}", path[4:])
            return _field(f"priority {priority['number']}", path[2:])
    except (KeyError, IndexError, TypeError):
        pass
    return _field("", path)


def _field(owner: str, rest: tuple[Any, ...]) -> str:
    words = [owner] if owner else []
    for part in rest:
        words.append(f"¶{part + 1}" if isinstance(part, int) else str(part))
    return " ".join(words) or "(top level)"
