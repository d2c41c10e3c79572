"""Turn a path into a Plan, whether it names plan.json or a published monitor (PDF or Word)."""
from __future__ import annotations

import os

from pipeline.plan.model import Plan
from pipeline.plan.schema import plan_from_json
from pipeline.reading.source import DOCUMENT, PLAN, read_input
from pipeline.reading.text import decode


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read action-plan/1 JSON, or extract the plan from a document; told apart by content."""
    data = read_input(path, DOCUMENT)
    if data.lstrip()[:1] == b"{":
        if len(data) > PLAN.max_bytes:  # read once, with the larger limit, before knowing which it is
            read_input(path, PLAN)
        return plan_from_json(decode(data, str(path)), str(path))
    from pipeline.extract import extract_bytes

    return extract_bytes(data, str(path))
