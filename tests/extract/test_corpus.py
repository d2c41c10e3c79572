"""Every monitor of the corpus (tests/fixtures/corpus, made by tools/make_corpus.py), both formats: read
exactly, or refused in one line naming the place and the fix, or read with a warning that --strict
turns into a refusal. Nothing is silently wrong: each file's case.json says which, and this holds it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, field_differences

from pipeline.cli import main

CORPUS = FIXTURES / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.json").exists())


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """`python -m pipeline extract ARGS` in-process: (exit code, warnings printed, error lines printed)."""
    def extract(*args: str) -> tuple[int, list[str], list[str]]:
        capsys.readouterr()  # what earlier runs printed
        code = main(["extract", *args])
        err = capsys.readouterr().err.splitlines()
        errors = [e for e in err if e.startswith("error: ")]
        return code, [e.removeprefix("warning: ") for e in err if e.startswith("warning: ")], errors
    return extract


def test_the_corpus_is_wide() -> None:
    assert len(CASES) >= 12
    outcomes = {json.loads((CORPUS / c / "case.json").read_text("utf-8"))["pdf"]["outcome"] for c in CASES}
    assert outcomes == {"exact", "warned", "refused"}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("case", CASES)
def test_read_exactly_refused_or_warned(case: str, kind: str, tmp_path: Path, run) -> None:
    want = json.loads((CORPUS / case / "case.json").read_text("utf-8"))[kind]
    source, out = CORPUS / case / f"{case}.{kind}", tmp_path / "plan.json"
    code, warnings, errors = run(str(source), "-o", str(out))
    if want["outcome"] == "refused":
        assert code == 1 and len(errors) == 1 and not out.exists(), errors
        assert all(word in errors[0] for word in want["error"]), errors[0]
        assert str(source) in errors[0]
        return
    assert code == 0, errors
    expected = json.loads((CORPUS / case / "expected.json").read_text("utf-8"))
    got = json.loads(out.read_text("utf-8"))
    assert field_differences(expected, got) == []
    assert got == expected  # key order and format too
    if want["outcome"] == "exact":
        assert warnings == []
        return
    assert any(all(word in w for word in want["warning"]) for w in warnings), warnings
    strict = tmp_path / "strict.json"
    code, _, errors = run(str(source), "-o", str(strict), "--strict")
    assert code == 1 and len(errors) == 1 and not strict.exists()
