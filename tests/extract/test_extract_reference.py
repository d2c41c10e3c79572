"""The reference monitor, read from its PDF and its Word file, equals the gold exactly."""
from __future__ import annotations

import hashlib
import json

import pytest
from conftest import GOLD_JSON, INPUTS, REFERENCE, field_count, field_differences

from pipeline.cli import main
from pipeline.extract import extract_file
from pipeline.plan.model import to_dict

BUNDLED = {
    "pdf": INPUTS / "action-plan-2014-15-q1.pdf",
    "docx": INPUTS / "action-plan-2014-15-q1.docx",
}


@pytest.mark.parametrize("kind", sorted(BUNDLED))
def test_extract_equals_gold_field_by_field(kind, gold_dict):
    got = to_dict(extract_file(BUNDLED[kind]))
    assert got == gold_dict


@pytest.mark.parametrize("kind", sorted(BUNDLED))
def test_cli_extract_matches_every_field_of_the_gold(kind, tmp_path, gold_dict):
    out = tmp_path / "q1.json"
    assert main(["extract", str(BUNDLED[kind]), "-o", str(out)]) == 0
    got = json.loads(out.read_text("utf-8"))
    assert field_differences(gold_dict, got) == []
    assert field_count(got) == field_count(gold_dict) > 500  # the comparison saw the whole plan


def test_field_differences_name_the_field_and_the_action(gold_dict):
    got = json.loads(json.dumps(gold_dict))
    got["priorities"][1]["actions"][3]["status"][0]["rag"] = "red"
    progress = got["priorities"][0]["actions"][0]["progress"]
    progress.append("An extra paragraph.")
    assert field_differences(gold_dict, got) == [
        f"priorities[0].actions[0].progress[{len(progress) - 1}] (action 1.1)",
        "priorities[1].actions[3].status[0].rag (action 2.4)",
    ]


def test_bundled_inputs_are_the_reference_fixtures():
    """inputs/2014-15 holds the reference monitor exactly as published with the gold (SHA256SUMS)."""
    sums = dict(reversed(line.split()) for line in (REFERENCE / "SHA256SUMS").read_text().splitlines())
    for kind, path in BUNDLED.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[f"action-plan-2014-15-q1.{kind}"]
    assert hashlib.sha256(GOLD_JSON.read_bytes()).hexdigest() == sums["expected-q1.json"]


def test_extract_to_stdout_is_valid_json(capsys):
    assert main(["extract", str(BUNDLED["docx"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "action-plan/1"
    assert [p["number"] for p in data["priorities"]] == ["1", "2", "3", "4", "5", "6"]


def test_format_is_detected_by_content_not_name(tmp_path, gold_dict):
    swapped = tmp_path / "really-a-pdf.docx"
    swapped.write_bytes(BUNDLED["pdf"].read_bytes())
    assert to_dict(extract_file(swapped)) == gold_dict
