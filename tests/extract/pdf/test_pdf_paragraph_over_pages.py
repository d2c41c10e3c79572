"""A preamble or closing paragraph that runs over a page break reads back as one paragraph: the last
line before the break ends with the space our PDF keeps at every wrap, which a paragraph's own last
line does not (it was read back as two paragraphs)."""
from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import small_plan

from pipeline.extract import extract_bytes
from pipeline.plan.model import Section, to_dict
from pipeline.render.pdf.appendix import render_pdf

VOCABULARY = ("the partnership will review progress with police council fire health officers each quarter and "
              "report to board members on outcomes funding risks").split()


def prose(words: int, seed: int) -> str:
    pick = random.Random(seed).choice
    return " ".join(pick(VOCABULARY) + ("." if k % 11 == 10 else "") for k in range(words)) + "."


@pytest.mark.parametrize("words", [300, 555, 910])
def test_loose_paragraphs_over_page_breaks_read_back_whole(words: int) -> None:
    plan = small_plan()
    plan = dataclasses.replace(
        plan, preamble=tuple(prose(words, seed) for seed in range(3)),
        closing=(Section("Funding", tuple(prose(words, seed) for seed in range(3, 6))),))
    data = render_pdf(plan)
    got = extract_bytes(data, "long-prose.pdf")
    assert [len(p.split()) for p in got.preamble] == [words] * 3
    assert to_dict(got) == to_dict(plan)
