"""A row split over a page right after its first line (issue 13: outputs round-trip exactly).

The gold Q1 plan reported as Q3 puts the summary's longer list of overdue actions on page 1, and
action 1.2's first line at the foot of page 2. The id's paragraph (with its 4 pt margin below) and
the first outcome's status block (with its rule below) did not fit where the other cells' first
lines did: page 2 showed 1.2's first lines without its id, read back as part of 1.1, and an empty
status painted in the last outcome's shade, read back as the first outcome's status."""
from __future__ import annotations

import copy

from pipeline.extract import extract_bytes
from pipeline.plan.model import from_dict, to_dict
from pipeline.render.pdf.appendix import render_pdf


def test_a_row_split_after_its_first_line_reads_back_exactly(gold_dict, caplog):
    data = copy.deepcopy(gold_dict)
    data["report"]["quarter"] = 3
    action = data["priorities"][0]["actions"][1]
    assert action["id"] == "1.2"
    action["status"] = [{"rag": "green", "note": None}, {"rag": "red", "note": None}]
    plan = from_dict(data)
    back = to_dict(extract_bytes(render_pdf(plan), "q3.pdf"))
    assert back["priorities"][0]["actions"][1] == to_dict(plan)["priorities"][0]["actions"][1]
    assert back == to_dict(plan)
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_a_long_lead_agency_is_not_split_over_a_page(gold_dict):
    """A lead agency of 200 words at the foot of page 1: its lines there were lost on reading back."""
    data = copy.deepcopy(gold_dict)
    data["priorities"][0]["lead_agency"] = " ".join(["Agency"] * 200)
    plan = from_dict(data)
    assert to_dict(extract_bytes(render_pdf(plan), "q1.pdf")) == to_dict(plan)
