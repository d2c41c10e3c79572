"""The quarter's cycle end to end: Q1 + q2.yaml → Q2 plan → Word and PDF with the board summary,
which read back exactly as the Q2 plan, and whose summary shows what the model says."""
from __future__ import annotations

import io

import docx
import pdfplumber
import pytest
from conftest import field_differences

from pipeline.extract import extract_bytes
from pipeline.plan.model import to_dict
from pipeline.render.summary import summarise
from pipeline.updates.apply import no_update_ids, struck_reason


@pytest.fixture(scope="module")
def q2(q2_plan):
    return q2_plan


@pytest.fixture(scope="module")
def rendered(q2_rendered):
    return q2_rendered


def test_report_moves_on_a_quarter(q2):
    assert (q2.report.quarter, q2.report.year, q2.report.period) == (2, "2014/15", "1 July – 30 September 2014")
    assert set(no_update_ids(q2)) == {"3.4", "6.6"}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_q2_appendix_reads_back_as_the_q2_plan(kind, q2, rendered, tmp_path):
    got = extract_bytes(rendered[kind], f"appendix-1-q2.{kind}")
    assert to_dict(got) == to_dict(q2)
    assert field_differences(to_dict(q2), got) == []


def _summary_rows_from_pdf(data: bytes) -> dict[str, list[str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        table = pdf.pages[0].extract_tables()[0]
    return {row[0].split(".")[0]: row[1:6] for row in table if row[0] and row[0][0].isdigit()}


def test_pdf_summary_shows_the_models_counts_and_directions(q2, gold_plan, rendered):
    summary = summarise(q2, gold_plan)
    rows = _summary_rows_from_pdf(rendered["pdf"])
    assert set(rows) == {p.number for p in q2.priorities}
    for priority in summary.priorities:
        counts = priority.counts
        shown = rows[priority.number]
        assert shown[:4] == [str(counts.green), str(counts.amber), str(counts.red), str(counts.none)]
        assert priority.direction.value in shown[4]
    # counted independently of summarise: every outcome's status in the Q2 plan
    total = sum(len(a.status) for a in q2.actions())
    assert sum(int(c) for row in rows.values() for c in row[:4]) == total


def test_word_summary_and_marks_beside_actions(q2, gold_plan, rendered):
    document = docx.Document(io.BytesIO(rendered["docx"]))
    # the board summary: its counts table, then its exceptions table
    summary_text = "\n".join(c.text for table in document.tables[:2] for row in table.rows for c in row.cells)
    for action_id in no_update_ids(q2):
        assert action_id in summary_text
    struck = [a for a in q2.actions() if struck_reason(a)]
    assert struck, "the sample data strikes an action"
    numbers = {row.cells[0].text.split("\n")[0]: row.cells[0].text for t in document.tables[2:] for row in t.rows}
    for action in q2.actions():
        assert ("Struck" in numbers[action.id]) == (action in struck), action.id
    ids_with_direction = [row.cells[0].text for t in document.tables[2:] for row in t.rows[1:2]]
    assert all(any(w in text for w in ("improved", "worse", "unchanged", "new")) for text in ids_with_direction)
