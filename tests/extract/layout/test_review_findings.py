"""What a hostile second reader found silently wrong, each now read exactly or warned about."""
from __future__ import annotations

import logging

import pytest

from pipeline.extract.grid import Cell, Para, Row, Table
from pipeline.extract.layout.columns import find_layout
from pipeline.extract.layout.scale import RawStatus, plan_scale, resolve
from pipeline.extract.layout.table import table_to_actions

HEADINGS = ("", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes / outputs", "Progress", "Status")
GREEN, AMBER, PALE, GREY = (0, 176, 80), (255, 192, 0), (226, 239, 217), (191, 191, 191)


def cell(text: str = "", fill=None, covered: bool = False) -> Cell:
    return Cell(paragraphs=tuple(Para(t) for t in text.split("\n") if t), fill=fill, covered=covered)


def header(*headings: str) -> Row:
    return Row(cells=tuple(cell(h) for h in headings), header=True)


def action(number: str, *statuses: tuple[str, tuple | None], outcomes: int = 2) -> list[Row]:
    first = [cell(number), cell("Do it."), cell("SBC"), cell("March"), cell("None."),
             cell("\n".join(f"{n}. Outcome {n}." for n in range(1, outcomes + 1))), cell("Done.")]
    rows = [Row(cells=(*first, cell(*statuses[0])))]
    rows += [Row(cells=(*(cell(covered=True) for _ in first), cell(*s))) for s in statuses[1:]]
    return rows


def read(rows: list[Row], heading_row: Row | None = None):
    table = Table(rows=(heading_row or header(*HEADINGS), *rows), where="table 1")
    return table_to_actions([table], find_layout(table), "x.docx")


def test_a_words_plan_with_one_shaded_cell_keeps_its_words() -> None:
    raws = [RawStatus("Complete"), RawStatus("On track", AMBER), RawStatus("At risk"), RawStatus("Complete")]
    scale = plan_scale(raws, {})
    assert scale.mode == "words"
    assert [resolve(r, scale, "x").rag for r in raws] == ["green", "amber", "red", "green"]


@pytest.mark.parametrize("fill", [PALE, GREY, (0, 51, 0)])
def test_a_shade_off_the_scale_is_warned_about(fill, caplog: pytest.LogCaptureFixture) -> None:
    raws = [RawStatus("", GREEN), RawStatus("", fill, "action 1.1, outcome 2")]
    scale = plan_scale(raws, {})
    with caplog.at_level(logging.WARNING, "pipeline"):
        assert resolve(raws[1], scale, "x.docx").rag is None
    assert "action 1.1, outcome 2" in caplog.text and "not on the plan's scale" in caplog.text


@pytest.mark.parametrize("text", ["Amber/Green", "Completed in part", "Good"])
def test_a_word_that_only_starts_like_a_status_is_not_one(text: str, caplog: pytest.LogCaptureFixture) -> None:
    raws = [RawStatus("Complete"), RawStatus("On track"), RawStatus(text, None, "action 1.1, outcome 3")]
    scale = plan_scale(raws, {})
    with caplog.at_level(logging.WARNING, "pipeline"):
        assert resolve(raws[2], scale, "x.docx").rag is None
    assert text in caplog.text


def test_a_turquoise_cell_under_a_rag_legend_is_not_blue(caplog: pytest.LogCaptureFixture) -> None:
    legend = {"green": "complete", "amber": "on target", "red": "at risk"}
    raws = [RawStatus("", GREEN), RawStatus("", (51, 204, 204), "action 1.1, outcome 2")]
    scale = plan_scale(raws, legend)
    assert [e.key for e in scale.entries] == ["green", "amber", "red"]
    with caplog.at_level(logging.WARNING, "pipeline"):
        assert resolve(raws[1], scale, "x.docx").rag is None
    assert "#33CCCC" in caplog.text


def test_unnumbered_status_cells_in_word_rows_are_one_each() -> None:
    (read_action,) = read(action("1.1", ("", GREEN), ("", AMBER)))
    assert [s.fill for s in read_action.statuses] == [GREEN, AMBER]


def test_an_id_with_a_mark_after_it_is_no_id(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "pipeline"):
        actions = read(action("1.1", ("1.", GREEN), ("2.", GREEN)) + action("1.2*", ("1.", GREEN), ("2.", GREEN)))
    assert [a.action.id for a in actions] == ["1.1"]
    assert "'1.2*' is not an action id" in caplog.text


def test_a_heading_spanning_two_columns_keeps_the_second(caplog: pytest.LogCaptureFixture) -> None:
    spanning = Row(cells=(*(cell(h) for h in HEADINGS[:7]), cell(covered=True), cell("Status")), header=True)
    rows = [Row(cells=(*r.cells[:7], cell("Police comment." if i == 0 else "", covered=i > 0), r.cells[7]))
            for i, r in enumerate(action("1.1", ("1.", GREEN), ("2.", GREEN)))]
    with caplog.at_level(logging.WARNING, "pipeline"):
        (read_action,) = read(rows, spanning)
    assert read_action.action.extra == (("progress_8", ("Police comment.",)),)
    assert "spans column 8" in caplog.text


@pytest.mark.parametrize("text", ["Good", "G/A", "Fair – see note"])
def test_words_no_reader_knows_in_a_plan_without_shading_are_warned_about(text: str, caplog: pytest.LogCaptureFixture) -> None:
    raws = [RawStatus("Poor"), RawStatus(text, None, "action 1.1, outcome 2")]
    scale = plan_scale(raws, {})
    with caplog.at_level(logging.WARNING, "pipeline"):
        resolve(raws[1], scale, "x.docx")
    assert "action 1.1, outcome 2" in caplog.text


def test_an_unshaded_status_word_in_a_shaded_plan_is_read_and_said(caplog: pytest.LogCaptureFixture) -> None:
    raws = [RawStatus("", GREEN), RawStatus("", AMBER), RawStatus("Not started", None, "action 2.2, outcome 1")]
    scale = plan_scale(raws, {})
    with caplog.at_level(logging.WARNING, "pipeline"):
        assert resolve(raws[2], scale, "x.docx").rag == "red"
    assert "action 2.2, outcome 1" in caplog.text and "not shaded" in caplog.text
