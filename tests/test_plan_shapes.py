"""A plan in its own shape (action-plan/2: its columns, extra columns, status scale, ids) goes round the
quarter like the reference: rendered in that shape in both formats and read back exactly, updated
with its own status keys, redlined cell by cell, and counted by its own scale."""
from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest
from conftest import FIXTURES
from lxml import etree

from pipeline.errors import UpdatesError
from pipeline.extract import extract_bytes
from pipeline.ooxml.revisions import view_text
from pipeline.plan.model import Plan, Status, from_dict, to_dict
from pipeline.render.context import plan_to_context
from pipeline.render.pdf.appendix import render_pdf
from pipeline.render.redline.document import action_rows, redline_docx
from pipeline.render.word.appendix import render_docx
from pipeline.updates.apply import apply
from pipeline.updates.yaml_file import parse_updates

CORPUS = FIXTURES / "corpus"
OWN_SHAPE = sorted(p.parent.name for p in CORPUS.glob("*/expected.json")
                   if json.loads(p.read_text("utf-8"))["format"] == "action-plan/2")


def corpus_plan(case: str) -> Plan:
    return from_dict(json.loads((CORPUS / case / "expected.json").read_text("utf-8")))


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("case", OWN_SHAPE)
def test_a_plan_in_its_own_shape_reads_back_exactly(case: str, kind: str) -> None:
    plan = corpus_plan(case)
    data = render_docx(plan) if kind == "docx" else render_pdf(plan)
    assert to_dict(extract_bytes(data, f"{case}.{kind}")) == to_dict(labelled(plan))


def labelled(plan: Plan) -> Plan:
    """`plan` as it reads back: a column printed with no heading is printed with a word for it (a header
    cell must say what it heads), "No." over the numbers and "Status" over the statuses."""
    words = {"number": "No.", "status": "Status"}
    if plan.columns is None:
        return plan
    return dataclasses.replace(plan, columns=tuple(c if c.heading else dataclasses.replace(c, heading=words.get(c.field, ""))
                                                   for c in plan.columns))


def test_the_own_shape_cases_cover_columns_scales_and_ids() -> None:
    plans = [corpus_plan(c) for c in OWN_SHAPE]
    assert any(p.extra_columns() for p in plans)
    assert any(p.scale and any(s.key == "blue" for s in p.scale) for p in plans)
    assert any(p.scale and all(s.colour is None for s in p.scale) for p in plans)
    assert any(not a.id[0].isdigit() for p in plans for a in p.actions())


def test_a_brag_plan_is_updated_with_its_own_keys_and_counted_by_its_scale() -> None:
    plan = corpus_plan("brag")
    first = plan.actions()[0]
    text = (f"year: {plan.report.year}\nquarter: 2\nactions:\n  \"{first.id}\":\n    progress: [\"Done.\"]\n"
            f"    status: [{', '.join(['blue'] * len(first.outcomes))}]\n")
    q2 = apply(plan, parse_updates(text, plan, "q2.yaml"))
    assert [s.rag for s in q2.actions()[0].status] == ["blue"] * len(first.outcomes)
    summary = plan_to_context(q2, plan)["summary"]
    assert [c["heading"] for c in summary["columns"]][1:6] == ["Blue", "Green", "Amber", "Red", "No status"]
    blues = sum(1 for a in q2.actions() for s in a.status if s.rag == "blue")
    assert summary["total"]["counts"][0] == str(blues)
    assert to_dict(extract_bytes(render_pdf(q2, plan), "q2.pdf")) == to_dict(q2)
    with pytest.raises(UpdatesError, match="expected blue, green, amber, red or none"):
        parse_updates(text.replace("blue", "purple"), plan, "q2.yaml")


def _cells(docx: bytes, plan: Plan, view: str) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    fields = [c.field for c in plan.columns]
    rows = action_rows(root, [a.id for a in plan.actions()], len(fields), fields.index("number"))
    number = fields.index("number")  # its direction of travel is last quarter's news, not tracked
    return {i: [view_text(tc, view) for n, tc in enumerate(r[0].findall(f"{{{root.nsmap['w']}}}tc")) if n != number]
            for i, r in rows.items()}


def test_a_plan_with_an_extra_column_is_redlined_cell_by_cell() -> None:
    before = corpus_plan("budget-before-resource")
    first, *rest = before.priorities[0].actions
    changed = dataclasses.replace(first, progress=(*first.progress, "Budget agreed in Q2."),
                                  extra=(("budget", ("£6,000",)),), status=(Status("green"),) * len(first.status))
    after = dataclasses.replace(before, report=dataclasses.replace(before.report, quarter=2, period="1 July – 30 September 2014"),
                                priorities=(dataclasses.replace(before.priorities[0], actions=(changed, *rest)),
                                            *before.priorities[1:]))
    red = redline_docx(before, after)
    assert _cells(red, after, "accepted") == _cells(render_docx(after, before), after, "accepted")
    assert _cells(red, after, "rejected") == _cells(render_docx(before), before, "accepted")
    marked = _cells(red, after, "accepted")[first.id] != _cells(red, after, "rejected")[first.id]
    assert marked
