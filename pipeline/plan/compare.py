"""Turn two plans (as action-plan dicts) into the fields where they differ, each named by its path and action.

Used wherever two readings of one plan must agree: a PDF's pages against its embedded plan.json,
a rendered appendix read back against the plan it was made from.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def plan_differences(read: Any, embedded: Any, path: str = "", action: str | None = None) -> Iterator[str]:  # noqa: E501
    """Yield the path of every leaf where two action-plan/1 dicts differ, e.g. 'priorities[0].actions[2].progress[0] (action 1.3)'."""
    if isinstance(read, dict) and isinstance(embedded, dict):
        if path.endswith("]") and ".actions[" in path:
            action = str(embedded.get("id", read.get("id", action)))
        for key in sorted(read.keys() | embedded.keys()):
            yield from plan_differences(read.get(key), embedded.get(key), f"{path}.{key}" if path else key, action)
    elif isinstance(read, list) and isinstance(embedded, list):
        for i in range(max(len(read), len(embedded))):
            left = read[i] if i < len(read) else None
            right = embedded[i] if i < len(embedded) else None
            yield from plan_differences(left, right, f"{path}[{i}]", action)
    elif read != embedded:
        yield f"{path} (action {action})" if action else path
