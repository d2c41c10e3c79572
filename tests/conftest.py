"""Shared paths and fixtures: the shared reference beside the checkout, and the gold plan."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "fixtures" / "stevenage-2014-15"
GOLD_JSON = REFERENCE / "expected-q1.json"
SCORE = SHARED / "spec" / "score.py"
INPUTS = ROOT / "inputs" / "2014-15"


@pytest.fixture(scope="session")
def gold_dict() -> dict:
    assert GOLD_JSON.exists(), f"the shared reference is missing: {GOLD_JSON}"
    return json.loads(GOLD_JSON.read_text("utf-8"))


@pytest.fixture(scope="session")
def gold_plan(gold_dict):
    from pipeline.model import from_dict

    return from_dict(gold_dict)
