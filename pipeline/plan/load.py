"""Turn a path into a Plan, whether it names plan.json or a published monitor (PDF or Word)."""
from __future__ import annotations

import os

from pipeline.files import read_input
from pipeline.plan.model import Plan
from pipeline.plan.schema import plan_from_json


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read action-plan/1 JSON, or extract the plan from a document; told apart by content."""
    data = read_input(path)
    if data.lstrip()[:1] == b"{":
        return plan_from_json(data.decode("utf-8", errors="replace"), str(path))
    from pipeline.extract import extract_bytes

    return extract_bytes(data, str(path))
