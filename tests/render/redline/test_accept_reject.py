"""Accept All on the redline gives this quarter's appendix and Reject All last quarter's, exactly:
through LibreOffice Writer (the reviewers' Word stand-in, driven through UNO) the plan read back (and
not one warning), the page header and the board summary, as each quarter's own appendix prints them."""
from __future__ import annotations

import copy
import dataclasses
import datetime
import io
import logging
import re
import zipfile
from pathlib import Path

import pytest
from conftest import libreoffice
from lxml import etree
from test_redline import para

from pipeline.extract import extract_bytes
from pipeline.ooxml.package import read_parts, write_parts
from pipeline.ooxml.revisions import rows_in_view, view_text
from pipeline.plan.compare import plan_differences
from pipeline.plan.model import Plan, Priority, Rag, Status, to_dict
from pipeline.render.redline.cells import redline_cell
from pipeline.render.redline.diff import Marks
from pipeline.render.redline.document import redline_docx
from pipeline.render.redline.numbering import NumberingCopier
from pipeline.render.word.appendix import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def next_quarter(plan: Plan) -> Plan:
    """Q2 → Q3 as the board might see it: in priority 1 an action added and one gone, statuses moved
    every way (to red, to green, to no status and back), a progress update, a new priority 7; so the
    board summary's counts, directions, exceptions and rows all change."""
    first, second, *rest = plan.priorities
    added = dataclasses.replace(first.actions[0], id="1.4", progress=("A new action & its first update.",),
                                status=(Status(Rag.GREEN, "on track"),) * len(first.actions[0].outcomes))
    moved = dataclasses.replace(first.actions[0], progress=("Reviewed in October.", *first.actions[0].progress),
                                status=tuple(Status(r) for r in (Rag.RED, None, Rag.GREEN, Rag.AMBER)[:len(first.actions[0].status)]))
    actions = (moved, *(a for a in first.actions[1:] if a.id != first.actions[1].id), added)
    blank = dataclasses.replace(second.actions[0], status=(Status(None, "Awaiting data"), *second.actions[0].status[1:]))
    new = Priority(number="7", title="Road safety", lead_agency="Police", indicators=None, actions=(
        dataclasses.replace(second.actions[1], id="7.1", status=(Status(Rag.AMBER),) + (Status(None),) * (len(second.actions[1].outcomes) - 1)),))
    return dataclasses.replace(
        plan, report=dataclasses.replace(plan.report, quarter=3, period="1 October – 31 December 2014"),
        priorities=(dataclasses.replace(first, actions=actions),
                    dataclasses.replace(second, actions=(blank, *second.actions[1:])), *rest, new))


@pytest.fixture(scope="module")
def pairs(gold_plan: Plan, q2_plan: Plan) -> dict[str, tuple[Plan, Plan]]:
    return {"Q1 to Q2": (gold_plan, q2_plan), "Q2 to a revised Q3": (q2_plan, next_quarter(q2_plan))}


@pytest.mark.parametrize("pair", ["Q1 to Q2", "Q2 to a revised Q3"])
def test_libreoffice_accept_all_gives_this_quarter_and_reject_all_last_quarter_exactly(
        pair: str, pairs: dict, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    previous, plan = pairs[pair]
    redline = redline_docx(previous, plan)
    for action, want, direct in (("accept-all", plan, render_docx(plan, previous)),
                                 ("reject-all", previous, render_docx(previous))):
        saved = libreoffice(redline, tmp_path / action, action)
        with caplog.at_level(logging.WARNING, "pipeline"):
            caplog.clear()
            read = extract_bytes(saved, "saved.docx")
        assert [r.getMessage() for r in caplog.records] == [], action
        assert list(plan_differences(to_dict(read), to_dict(want))) == [], action
        assert page_header(saved) == page_header(direct), action
        assert board_summary(saved) == board_summary(direct), action


# Cells whose insertions meet at a kept paragraph mark unless the redline keeps them apart (a new
# paragraph after one ending in an insertion; words added at one paragraph's end and the next's start),
# and status colours moving every way, the colour on the paragraphs as the redline puts it.
CELLS = [(["• None.", "Actions struck"], ["• 3.4", "• 6.6", "Actions struck"]),
         (["a b", "c"], ["a b x", "y c"]), (["a", "b c"], ["x a", "b c d", "e"]), (["a x", "b"], ["a y", "z", "b"]),
         (["*one", "two"], ["*one more", "*three", "two"])]
SHADES = [("FFC000", "00B050"), (None, "FF0000"), ("00B050", None)]


def test_libreoffice_reads_each_cell_of_a_redline_as_word_does(gold_plan: Plan, tmp_path: Path) -> None:
    """Each cell of a one-column table, through Accept All and Reject All, reads as its new / old
    paragraphs and shows the new / old colour."""
    parts = read_parts(render_docx(gold_plan))
    root, numbering = etree.fromstring(parts["word/document.xml"]), etree.fromstring(parts["word/numbering.xml"])
    body = root.find(f"{W}body")
    for child in [c for c in body if c.tag != f"{W}sectPr"]:
        body.remove(child)
    marks, copier = Marks("R", "2014-09-30T00:00:00Z", 1), NumberingCopier(numbering, copy.deepcopy(numbering))
    cases = CELLS + [([f"1. {a}", "note"], [f"1. {b}", "note"]) for a, b in SHADES]
    fills = [(None, None)] * len(CELLS) + SHADES
    for (old, new), (old_fill, new_fill) in zip(cases, fills):
        old_tc, new_tc = _cell(old, old_fill), _cell(new, new_fill)
        redline_cell(old_tc, new_tc, marks, copier)
        table = etree.SubElement(body, f"{W}tbl")
        etree.SubElement(etree.SubElement(table, f"{W}tblGrid"), f"{W}gridCol", {f"{W}w": "4000"})
        etree.SubElement(table, f"{W}tr").append(new_tc)
        etree.SubElement(body, f"{W}p")
    body.append(body.find(f"{W}sectPr"))
    parts["word/document.xml"] = etree.tostring(root)
    data = write_parts(parts, datetime.date(2014, 9, 30))
    for action, index in (("accept-all", 1), ("reject-all", 0)):
        saved = etree.fromstring(zipfile.ZipFile(io.BytesIO(libreoffice(data, tmp_path / action, action))).read("word/document.xml"))
        cells = [(view_text(tc, "accepted"), _fill(tc)) for tc in saved.iter(f"{W}tc")]
        assert cells == [([t.lstrip("*") for t in case[index]], fill[index]) for case, fill in zip(cases, fills)], action


def _cell(texts: list[str], fill: str | None) -> etree._Element:
    """A table cell of paragraphs ("*text" a list item), shaded `fill`."""
    tc = etree.Element(f"{W}tc")
    tc_pr = etree.SubElement(tc, f"{W}tcPr")
    etree.SubElement(tc_pr, f"{W}tcW", {f"{W}w": "4000", f"{W}type": "dxa"})
    if fill:
        etree.SubElement(tc_pr, f"{W}shd", {f"{W}val": "clear", f"{W}color": "auto", f"{W}fill": fill})
    for text in texts:
        tc.append(para(text))
    return tc


def _fill(tc: etree._Element) -> str | None:
    """The colour a reader sees: the cell's shading, else its paragraphs'."""
    fills = [shd.get(f"{W}fill") for shd in tc.iter(f"{W}shd") if shd.get(f"{W}fill") not in (None, "auto")]
    return fills[0] if fills else None


def test_a_priority_gone_since_last_quarter_comes_back_in_the_board_summary(q2_plan: Plan) -> None:
    """Q3 (with its priority 7) back to Q2: the summary's row for priority 7 is a deleted row, and
    each view of the summary reads as that quarter's appendix prints it."""
    revised = next_quarter(q2_plan)
    table = etree.fromstring(read_parts(redline_docx(revised, q2_plan))["word/document.xml"]).find(f"{W}body/{W}tbl")
    for view, direct in (("accepted", render_docx(q2_plan, revised)), ("rejected", render_docx(revised))):
        rows = [[view_text(tc, view) for tc in tr.findall(f"{W}tc")] for tr in rows_in_view(table, view)]
        assert rows == board_summary(direct), view
    deleted = [tr for tr in table.findall(f"{W}tr") if tr.find(f"{W}trPr/{W}del") is not None]
    assert [view_text(tr.find(f"{W}tc"), "rejected") for tr in deleted] == [["7. Road safety"]]


def page_header(data: bytes) -> list[str]:
    """The text of the page headers' paragraphs (tabs as \\t), empty ones left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = sorted(n for n in package.namelist() if re.fullmatch(r"word/header\d*\.xml", n))
        roots = [etree.fromstring(package.read(n)) for n in parts]
    return [line for root in roots for line in view_text(root, "accepted") if line.strip()]


def board_summary(data: bytes) -> list[list[list[str]]]:
    """The board summary (the body's first table): each row's cells, each cell's paragraphs."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/document.xml")).find(f"{W}body/{W}tbl")
    return [[view_text(tc, "accepted") for tc in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")]
