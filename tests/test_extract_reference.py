"""The shared reference monitor, read from its PDF and its Word file, equals the gold exactly."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.cli import main
from pipeline.extract import extract_file
from pipeline.model import to_dict

from conftest import GOLD_JSON, INPUTS, SCORE

BUNDLED = {
    "pdf": INPUTS / "action-plan-2014-15-q1.pdf",
    "docx": INPUTS / "action-plan-2014-15-q1.docx",
}


@pytest.mark.parametrize("kind", sorted(BUNDLED))
def test_extract_equals_gold_field_by_field(kind, gold_dict):
    got = to_dict(extract_file(BUNDLED[kind]))
    assert got == gold_dict


@pytest.mark.parametrize("kind", sorted(BUNDLED))
def test_cli_extract_scores_100_percent(kind, tmp_path):
    out = tmp_path / "q1.json"
    assert main(["extract", str(BUNDLED[kind]), "-o", str(out)]) == 0
    result = subprocess.run(
        [sys.executable, str(SCORE), str(GOLD_JSON), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "score: 519/519 = 100.0%"


def test_bundled_inputs_are_the_shared_fixtures():
    shared = GOLD_JSON.parent
    for kind, path in BUNDLED.items():
        assert path.read_bytes() == (shared / f"action-plan-2014-15-q1.{kind}").read_bytes()


def test_extract_to_stdout_is_valid_json(capsys):
    assert main(["extract", str(BUNDLED["docx"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "action-plan/1"
    assert [p["number"] for p in data["priorities"]] == ["1", "2", "3", "4", "5", "6"]


def test_format_is_detected_by_content_not_name(tmp_path, gold_dict):
    swapped = tmp_path / "really-a-pdf.docx"
    swapped.write_bytes(BUNDLED["pdf"].read_bytes())
    assert to_dict(extract_file(swapped)) == gold_dict
