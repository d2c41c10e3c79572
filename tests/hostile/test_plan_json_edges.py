"""plan.json written by hand or by a hostile tool (issue 13): numbers Python refuses to convert,
JSON's non-standard NaN/Infinity, a key given twice (json keeps the last silently: a plan that
says quarter 1 and then quarter 3 rendered as Q3) and a text longer than any cell can take (minutes
of layout) are each refused in one line naming the file and the place; nothing is written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import refused
from conftest import GOLD_JSON


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _render_refused(tmp_path: Path, out: Path, text: str) -> str:
    path = tmp_path / "plan.json"
    path.write_text(text, "utf-8")
    return refused("render", path, "--docx", out / "a.docx", "--pdf", out / "a.pdf", watch=(out, tmp_path))


GOLD = GOLD_JSON.read_text("utf-8")


@pytest.mark.parametrize("digits", [4301, 100_000])
def test_a_number_too_long_to_convert_is_refused_in_one_line(tmp_path, out, digits):
    text = GOLD.replace('"quarter": 1', '"quarter": 1' + "0" * digits, 1)
    line = _render_refused(tmp_path, out, text)
    assert line.startswith(f"error: {tmp_path / 'plan.json'}:")
    assert "number" in line and len(line) < 300


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, out, constant):
    line = _render_refused(tmp_path, out, GOLD.replace('"quarter": 1', f'"quarter": {constant}', 1))
    assert line.startswith(f"error: {tmp_path / 'plan.json'}:")
    assert constant in line


def test_a_key_given_twice_is_refused_not_the_last_one_kept(tmp_path, out):
    line = _render_refused(tmp_path, out, GOLD.replace('"quarter": 1', '"quarter": 1, "quarter": 3', 1))
    assert line.startswith(f"error: {tmp_path / 'plan.json'}:")
    assert "quarter" in line and "twice" in line


def test_a_key_given_twice_in_an_action_is_named_by_the_action(tmp_path, out):
    data = json.loads(GOLD)
    text = json.dumps(data, ensure_ascii=False, indent=2).replace('"id": "2.3",', '"id": "2.3",\n "lead": ["X"],', 1)
    line = _render_refused(tmp_path, out, text)
    assert "action 2.3" in line and "lead" in line and "twice" in line


@pytest.mark.parametrize("field", ["progress", "objectives"])
def test_a_text_longer_than_a_cell_takes_is_refused_by_place(tmp_path, out, field):
    data = json.loads(GOLD)
    data["priorities"][1]["actions"][0][field].append("x" * 1_000_000)
    line = _render_refused(tmp_path, out, json.dumps(data, ensure_ascii=False))
    assert line.startswith(f"error: {tmp_path / 'plan.json'}:")
    assert f"action 2.1 {field}" in line and "1,000,000 characters" in line
