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


def rebuild_docx(data: bytes, edits: dict, extra: dict | None = None) -> bytes:
    """Return a copy of a .docx with some parts changed (part name → function of its bytes) and
    `extra` parts added: how these tests make a council's variations of the reference file."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info)
            zout.writestr(info, edits[info.filename](part) if info.filename in edits else part)
        for name, part in (extra or {}).items():
            zout.writestr(name, part)
    return out.getvalue()


def run_score(want: Path, got_plan, tmp_path: Path):
    """Run the shared yardstick (spec/score.py) on `got_plan` against the JSON at `want`."""
    import subprocess
    import sys

    from pipeline.schema import plan_to_json

    got = tmp_path / "got.json"
    got.write_text(plan_to_json(got_plan), "utf-8")
    return subprocess.run([sys.executable, str(SCORE), str(want), str(got)], capture_output=True, text=True)
