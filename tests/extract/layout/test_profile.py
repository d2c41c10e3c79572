"""Profiles: `extract --write-profile` then `extract --profile` reads the same plan; a profile that is
wrong (an unknown key, a heading the document lacks, a bad value) is refused naming its line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from pipeline.cli import main

CORPUS = FIXTURES / "corpus"
READABLE = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").exists())


@pytest.mark.parametrize("case", READABLE)
def test_a_written_profile_reads_the_same_plan_quietly(case: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = CORPUS / case / f"{case}.docx"
    first, second, profile = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "profile.yaml"
    assert main(["extract", str(source), "-o", str(first), "--write-profile", str(profile)]) == 0
    caplog.clear()
    assert main(["extract", str(source), "-o", str(second), "--profile", str(profile)]) == 0
    assert json.loads(second.read_text("utf-8")) == json.loads(first.read_text("utf-8"))
    kept = [r.getMessage() for r in caplog.records if "matches no field" in r.getMessage()]
    assert kept == []  # the profile declares the extra columns it found


def test_a_profile_maps_a_heading_the_defaults_cannot_place(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """'Partner comments' is kept as an extra column with a warning, which --strict refuses; a profile
    that declares the extra column lets the same file pass --strict."""
    source = CORPUS / "unknown-column" / "unknown-column.docx"
    profile = tmp_path / "p.yaml"
    profile.write_text("headings:\n  partner_comments: [Partner comments]\n", "utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path / "x.json"), "--profile", str(profile), "--strict"]) == 0


def test_ambiguous_headings_are_settled_by_a_profile(tmp_path: Path) -> None:
    source = CORPUS / "ambiguous-headings" / "ambiguous-headings.docx"
    profile = tmp_path / "p.yaml"
    profile.write_text("headings:\n  progress: [Progress]\n  update: [Update]\n", "utf-8")
    out = tmp_path / "x.json"
    assert main(["extract", str(source), "-o", str(out), "--profile", str(profile), "--strict"]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert [c["field"] for c in data["columns"]].count("progress") == 1
    assert all("update" in a["extra"] for p in data["priorities"] for a in p["actions"])


@pytest.mark.parametrize(("text", "line", "words"), [
    ("headings:\n  objectives: [Action]\nstatus_word:\n  green: [Done]\n", 3, "unknown key 'status_word'"),
    ("headings:\n  objectives:\n    - Objectives / aims\n    - Our aims\n", 4, "'Our aims' is not in"),
    ("status_colours:\n  blue: [navy]\n", 2, "not six hex digits"),
    ("id_pattern: '[A-Z'\n", 1, "not a regular expression"),
    ("headings: [Action]\n", 1, "must be a mapping"),
    ("headings:\n  Objectives: [Action]\n", 2, "not a key like"),
])
def test_a_wrong_profile_is_refused_naming_its_line(text: str, line: int, words: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(text, "utf-8")
    out = tmp_path / "x.json"
    source = FIXTURES.parent.parent / "inputs" / "2014-15" / "action-plan-2014-15-q1.docx"
    assert main(["extract", str(source), "-o", str(out), "--profile", str(profile)]) == 1
    (error,) = capsys.readouterr().err.strip().splitlines()
    assert error.startswith(f"error: {profile}:{line}: ") and words in error, error
    assert not out.exists()


@pytest.mark.parametrize(("text", "line", "words"), [
    ("headings:\n  objectivs: [Action]\n", 2, "did you mean 'objectives'"),
    ("headings:\n  objectives: [Action]\n  progress: [Action]\n", 3, "listed under 'objectives' already"),
    ("status_colours:\n  blue: [\"0070C0\"]\n  green: [\"0070c0\"]\n", 3, "listed under 'blue' already"),
])
def test_a_contradicting_or_misspelt_profile_is_refused(text: str, line: int, words: str, tmp_path: Path) -> None:
    from pipeline.errors import InputError
    from pipeline.extract.layout.profile_yaml import profile_from_yaml

    with pytest.raises(InputError) as caught:
        profile_from_yaml(text, "p.yaml")
    assert str(caught.value).startswith(f"p.yaml:{line}: ") and words in str(caught.value), str(caught.value)
