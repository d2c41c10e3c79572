"""plan_to_context: the labels, numbers, status words and properties both writers print."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from conftest import GOLD_JSON as GOLD
from conftest import small_plan

from pipeline.errors import RenderError
from pipeline.plan.model import from_dict
from pipeline.render.context import COLUMNS, RAG_FILLS, plan_to_context


@pytest.mark.parametrize(
    ("quarter", "year", "end"),
    [(1, "2014/15", dt.date(2014, 6, 30)), (2, "2014/15", dt.date(2014, 9, 30)),
     (3, "2014/15", dt.date(2014, 12, 31)), (4, "2014/15", dt.date(2015, 3, 31))],
)
def test_documents_are_dated_the_last_day_of_the_financial_quarter(quarter: int, year: str, end: dt.date) -> None:
    assert plan_to_context(small_plan(quarter=quarter, year=year, period="x"))["properties"]["date"] == end


def test_a_year_it_cannot_read_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="'next year'"):
        plan_to_context(small_plan(year="next year"))


def test_header_and_properties_come_from_the_model() -> None:
    context = plan_to_context(small_plan(appendix="Appendix 3", quarter=2, period="1 July – 30 September 2014"))
    assert context["appendix"] == "Appendix 3"
    assert context["report_line"] == "Q2 update / progress monitor (1 July – 30 September 2014)"
    assert context["properties"] == {
        "title": "Stevenage Community Safety Partnership – Action plan 2014/15 – Q2 update",
        "subject": "Q2 update / progress monitor (1 July – 30 September 2014)",
        "author": "Stevenage Community Safety Partnership",
        "language": "en-GB",
        "date": dt.date(2014, 9, 30),
    }


def test_a_missing_appendix_label_prints_nothing() -> None:
    assert plan_to_context(small_plan(appendix=None))["appendix"] == ""


def test_priority_heading_and_lines_omit_empty_values() -> None:
    priority = plan_to_context(small_plan())["priorities"][0]
    assert priority["heading"] == "1. Domestic abuse"
    assert priority["lines"] == [{"label": "Lead Agency:", "value": "SBC"}]


def test_action_cells() -> None:
    action = plan_to_context(small_plan())["priorities"][0]["actions"][0]
    assert action["project_campaign"] == "Project / campaign"
    assert action["objectives"] == [
        {"bullets": False, "items": ["Lead in:"]},
        {"bullets": True, "items": ["first", "second"]},
        {"bullets": False, "items": ["After."]},
    ]
    assert action["resources"] == {"numbered": False, "items": ["Existing resources."]}
    assert action["outcomes"] == {"numbered": True, "items": ["One.", "Two.", "Three."]}
    assert action["lead"] == ["SBC", "Alex Hepton"]


def test_status_blocks_print_number_and_word_never_colour_alone() -> None:
    action = plan_to_context(small_plan())["priorities"][0]["actions"][0]
    assert action["status"] == [
        {"label": "1. Green", "note": None, "rag": "green", "fill": "00B050", "text": None},
        {"label": "2. No status", "note": None, "rag": None, "fill": None, "text": None},
        {"label": "3. Red", "note": "Not started", "rag": "red", "fill": "FF0000", "text": None},
    ]


def test_summary_and_direction_come_from_the_model() -> None:
    plan = small_plan()
    context = plan_to_context(plan, previous=plan)
    summary = context["summary"]
    assert summary["heading"] == "Summary for the board"
    outcomes = sum(len(a.outcomes) for a in plan.actions())
    assert sum(int(c) for row in summary["rows"] for c in row["counts"]) == outcomes
    assert all("unchanged" in row["direction"] for row in summary["rows"])
    assert all("unchanged" in a["direction"] for p in context["priorities"] for a in p["actions"])
    alone = plan_to_context(plan)
    assert all(a["direction"] is None for p in alone["priorities"] for a in p["actions"])


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("fill", [f for f in RAG_FILLS.values() if f])
def test_black_text_on_status_fills_passes_wcag_aa(fill: str) -> None:
    assert (_luminance(fill) + 0.05) / 0.05 >= 4.5


def test_columns_match_the_reference_grid() -> None:
    assert [h for h, _ in COLUMNS][1:3] == ["Objectives / aims", "Lead"]
    assert sum(w for _, w in COLUMNS) == pytest.approx(26.1)


def test_gold_plan_counts() -> None:
    plan = from_dict(json.loads(GOLD.read_text("utf-8")))
    context = plan_to_context(plan)
    labels = [s["label"].split(" ", 1)[1] for p in context["priorities"] for a in p["actions"] for s in a["status"]]
    assert (labels.count("Green"), labels.count("Amber"), labels.count("Red"), labels.count("No status")) == (11, 39, 8, 1)
    assert context == plan_to_context(dataclasses.replace(plan))
