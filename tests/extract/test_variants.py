"""Turn each variant fixture (tests/fixtures/variants/<name>/) into a check that both files extract to expected.json.

The fixtures are made by tools/make_variants.py from the gold plan; each stresses layout features
the reference does not have (typed markers, other shades, fonts, page breaks, non-ASCII text, …).
Text is compared as spec/score.py compares it: NFC, runs of white space (line breaks included) folded.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pytest
from conftest import FIXTURES

from pipeline.plan.schema import validate

VARIANTS = FIXTURES / "variants"
NAMES = sorted(p.name for p in VARIANTS.iterdir() if (p / "expected.json").exists()) if VARIANTS.exists() else []


def folded(value: Any) -> Any:
    """The value with every string NFC-normalised and its white space folded."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, list):
        return [folded(v) for v in value]
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    return value


def expected(name: str) -> dict[str, Any]:
    return json.loads((VARIANTS / name / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_expected_is_valid(name: str) -> None:
    validate(expected(name), f"{name}/expected.json")
    assert (VARIANTS / name / f"{name}.docx").exists() and (VARIANTS / name / f"{name}.pdf").exists()


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("name", NAMES)
def test_variant_extracts_to_expected(name: str, suffix: str) -> None:
    from pipeline.extract import extract_file
    from pipeline.plan.model import to_dict

    got = folded(to_dict(extract_file(VARIANTS / name / f"{name}{suffix}")))
    want = folded(expected(name))
    for key in ("partnership", "title", "report", "preamble", "closing"):
        assert got[key] == want[key], key
    assert [p["number"] for p in got["priorities"]] == [p["number"] for p in want["priorities"]]
    for gp, wp in zip(got["priorities"], want["priorities"]):
        assert {k: v for k, v in gp.items() if k != "actions"} == {k: v for k, v in wp.items() if k != "actions"}
        assert [a["id"] for a in gp["actions"]] == [a["id"] for a in wp["actions"]]
        for ga, wa in zip(gp["actions"], wp["actions"]):
            for field in wa:
                assert ga[field] == wa[field], f"{wa['id']} {field}"
