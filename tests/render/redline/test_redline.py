"""redline_docx: Q1 → Q2 as Word tracked changes; Accept All gives Q2, Reject All gives Q1."""
from __future__ import annotations

import copy
import dataclasses
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.cli import main
from pipeline.extract import extract_bytes
from pipeline.ooxml.revisions import accepted_text, action_cells, rejected_text, view_paragraphs
from pipeline.plan.model import Action, Plan, Rag, Status, to_dict
from pipeline.plan.schema import plan_to_json
from pipeline.render.redline.apart import meet
from pipeline.render.redline.diff import Marks, diff_paragraphs
from pipeline.render.redline.document import redline_docx
from pipeline.render.word.appendix import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR = "Stevenage Community Safety Partnership Q2 update"
DATE = "2014-09-30T00:00:00Z"
BULLET = "• "
REVISIONS = ("ins", "del", "pPrChange", "tcPrChange")


@pytest.fixture(scope="module")
def q2(q2_plan: Plan) -> Plan:
    return q2_plan


@pytest.fixture(scope="module")
def redline(gold_plan: Plan, q2: Plan) -> bytes:
    return redline_docx(gold_plan, q2)


def document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def printed(action: Action) -> dict[str, list]:
    """What the appendix prints in the progress and status cells (bullets are list numbering)."""
    words = {Rag.GREEN: "Green", Rag.AMBER: "Amber", Rag.RED: "Red", None: "No status"}
    status = [[f"{n}. {words[s.rag]}", *([s.note] if s.note else [])] for n, s in enumerate(action.status, 1)]
    return {"progress": [p.removeprefix(BULLET) for p in action.progress] or [""], "status": status}


@pytest.mark.parametrize("view", ["accepted", "rejected"])
def test_accept_all_gives_q2_and_reject_all_gives_q1(view: str, gold_plan: Plan, q2: Plan, redline: bytes) -> None:
    plan = q2 if view == "accepted" else gold_plan
    cells = action_cells(document(redline), view)
    assert list(cells) == [a.id for a in plan.actions()]
    for action in plan.actions():
        assert {k: cells[action.id][k] for k in ("progress", "status")} == printed(action), action.id


def test_every_kind_of_change_is_there(redline: bytes) -> None:
    root = document(redline)
    assert root.find(f".//{W}del/{W}r/{W}delText") is not None
    assert root.find(f".//{W}del/{W}r/{W}t") is None  # deleted text is never w:t
    assert root.find(f".//{W}ins/{W}r/{W}t") is not None
    assert root.find(f".//{W}pPr/{W}rPr/{W}ins") is not None  # whole paragraphs, mark included
    assert root.find(f".//{W}pPr/{W}rPr/{W}del") is not None
    change = root.find(f".//{W}tcPr/{W}tcPrChange")  # a status colour changed: old shading kept for Word
    assert change is not None
    old = change.find(f"{W}tcPr/{W}shd")
    assert old.get(f"{W}val") == "solid" and old.get(f"{W}fill") is None  # painted in w:color, read by no one as this quarter's
    assert change.getparent().find(f"{W}shd") is None  # the colours are on the paragraphs, where LibreOffice rejects them too
    p = change.getparent().getparent().find(f"{W}p")
    new_fill, old_fill = p.find(f"{W}pPr/{W}shd").get(f"{W}fill"), p.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}shd").get(f"{W}fill")
    assert old_fill == old.get(f"{W}color") != new_fill


def test_struck_action_shows_the_strike_as_inserted(redline: bytes) -> None:
    cells = action_cells(document(redline), "accepted")
    tc = next(tc for tc in document(redline).iter(f"{W}tc")
              if any((t.text or "").startswith("Struck from the action plan") for t in tc.iter(f"{W}t")))
    first = tc.find(f"{W}p")
    assert first.find(f"{W}ins") is not None and first.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert cells["2.2"]["progress"][0].startswith("Struck from the action plan: ")


def test_authors_dates_and_ids(redline: bytes) -> None:
    root = document(redline)
    changes = [el for name in REVISIONS for el in root.iter(W + name)]
    assert len(changes) > 100
    assert {el.get(f"{W}author") for el in changes} == {AUTHOR}
    assert {el.get(f"{W}date") for el in changes} == {DATE}
    ids = [el.get(f"{W}id") for el in root.iter() if el.get(f"{W}id") is not None]
    assert len(ids) == len(set(ids))


def test_same_plans_give_identical_bytes(gold_plan: Plan, q2: Plan, redline: bytes) -> None:
    assert redline_docx(gold_plan, q2) == redline


def test_project_extractor_reads_the_accepted_plan(q2: Plan, redline: bytes) -> None:
    assert to_dict(extract_bytes(redline, "redline.docx")) == to_dict(q2)


def test_added_and_removed_actions_are_inserted_and_deleted_rows(q2: Plan) -> None:
    first = q2.priorities[0]
    new = dataclasses.replace(first.actions[0], id="1.4", progress=("A new action & its first update.",),
                              status=(Status(Rag.GREEN, "on track"),) * len(first.actions[0].outcomes))
    removed = first.actions[1].id
    kept = tuple(a for a in first.actions if a.id != removed) + (new,)
    q3 = dataclasses.replace(q2, priorities=(dataclasses.replace(first, actions=kept), *q2.priorities[1:]))
    root = document(redline_docx(q2, q3))
    inserted = [tr for tr in root.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}ins") is not None]
    deleted = [tr for tr in root.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}del") is not None]
    assert len(inserted) == len(new.outcomes) and len(deleted) == len(first.actions[1].outcomes)
    assert accepted_text(inserted[0].findall(f"{W}tc")[0])[0] == "1.4"
    assert rejected_text(deleted[0].findall(f"{W}tc")[0])[0] == removed
    assert _progress_status(action_cells(root, "accepted")["1.4"]) == printed(new)
    assert removed not in action_cells(root, "accepted") and "1.4" not in action_cells(root, "rejected")
    assert _progress_status(action_cells(root, "rejected")[removed]) == printed(first.actions[1])


def _progress_status(cells: dict[str, list]) -> dict[str, list]:
    return {k: cells[k] for k in ("progress", "status")}


TEXT_COLUMNS = ("objectives", "lead", "when_by", "resources", "outcomes", "progress", "status")


def _revised(plan: Plan) -> Plan:
    """The plan as its owners might revise it between quarters: in three actions every column
    changes (an objective reworded and one added, a new lead, a later date, a resource gone, an
    outcome added with its status), and the rest stays as it was."""
    first = plan.priorities[0]
    a, b, c = first.actions[:3]
    revised = {
        a.id: dataclasses.replace(
            a, objectives=(a.objectives[0].replace("reduce", "cut", 1) + " (revised)", *a.objectives[1:], "• Review the pilot & report"),
            lead=(*a.lead, "Insp Jane Doe"), when_by=("March 2016",), resources=a.resources[:-1] or ("None",),
            outcomes=(*a.outcomes, "Pilot reviewed by the board."), status=(*a.status, Status(Rag.RED, "Not started"))),
        b.id: dataclasses.replace(b, outcomes=(b.outcomes[0] + " Extended to all GP surgeries.", *b.outcomes[1:])),
        c.id: dataclasses.replace(c, lead=("RAG",), when_by=("Monthly",)),
    }
    actions = tuple(revised.get(x.id, x) for x in first.actions)
    return dataclasses.replace(plan, priorities=(dataclasses.replace(first, actions=actions), *plan.priorities[1:]))


def _columns(data: bytes, view: str, ids: list[str]) -> dict[str, dict[str, list]]:
    cells = action_cells(document(data), view)
    return {i: {k: cells[i][k] for k in TEXT_COLUMNS} for i in ids}


@pytest.mark.parametrize("view", ["accepted", "rejected"])
def test_every_column_of_a_revised_plan_is_tracked(view: str, q2: Plan) -> None:
    """Accept All reads like the revised plan's own appendix, Reject All like last quarter's,
    column by column; columns that did not change carry no marks."""
    revised = _revised(q2)
    ids = [a.id for a in q2.actions()]
    got = _columns(redline_docx(q2, revised), view, ids)
    want = _columns(render_docx(revised, q2) if view == "accepted" else render_docx(q2), view, ids)
    assert got == want
    first = [a.id for a in q2.priorities[0].actions[:3]]
    assert {i for i in ids if _columns(render_docx(revised, q2), view, [i]) != _columns(render_docx(q2), view, [i])} == set(first)


def test_unchanged_columns_carry_no_marks(q2: Plan) -> None:
    root = document(redline_docx(q2, _revised(q2)))
    marked: dict[str, set[int]] = {}
    for table in root.iter(f"{W}tbl"):
        for tr in table.iter(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if len(cells) != 8:
                continue
            words = " ".join(accepted_text(cells[0])).split()
            action = words[0] if words and words[0][0].isdigit() else None
            for column, tc in enumerate(cells[1:6], 1):
                if action and next(tc.iter(f"{W}ins", f"{W}del"), None) is not None:
                    marked.setdefault(action, set()).add(column)
    assert marked == {"1.1": {1, 2, 3, 4, 5}, "1.2": {5}, "1.3": {2, 3}}


def para(spec: str) -> etree._Element:  # "*text" is a bullet (TableList), "text" plain
    p = etree.Element(f"{W}p")
    ppr = etree.SubElement(p, f"{W}pPr")
    etree.SubElement(ppr, f"{W}pStyle", {f"{W}val": "TableList" if spec.startswith("*") else "TableContents"})
    if spec.startswith("*"):
        etree.SubElement(etree.SubElement(ppr, f"{W}numPr"), f"{W}numId", {f"{W}val": "1"})
    etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = spec.lstrip("*")
    return p


def look(spec: str) -> tuple[str, tuple[str, bool]]:
    return spec.lstrip("*"), ("TableList", True) if spec.startswith("*") else ("TableContents", False)


def assert_exact(old: list[str], new: list[str]) -> None:
    cell = etree.Element(f"{W}tc")
    cell.extend(diff_paragraphs([para(t) for t in old], [para(t) for t in new], Marks("a", DATE, 1), copy.deepcopy))
    ps = cell.findall(f"{W}p")  # LibreOffice would read insertions meeting at a kept mark as one, mark and all
    assert not any(meet(p, q) for p, q in zip(ps, ps[1:])), (old, new)
    assert accepted_text(cell) == [look(t)[0] for t in new] and rejected_text(cell) == [look(t)[0] for t in old]
    for first_wins in (False, True):
        assert view_paragraphs(cell, "accepted", first_wins) == [look(t) for t in new], (old, new)
        assert view_paragraphs(cell, "rejected", first_wins) == [look(t) for t in old], (old, new)


def test_paragraph_marks_make_accept_and_reject_exact() -> None:
    """Accept gives the new paragraphs and Reject the old, text and look (style, list), in every shape."""
    cases = [(["a b c"], ["a b c", "d"]), (["a", "b"], ["a"]), (["x"], ["y", "z"]), (["x", "y"], ["z"]),
             (["a", "b", "c"], ["b"]), (["a b c d"], ["a b x d", "e", "f"]), ([""], ["new"]), (["old"], [""]),
             (["a", "*b"], ["a"]), (["a"], ["a", "*b", "*c"]), (["*a b c"], ["a b c"]), (["a", "*x"], ["*y", "b"]),
             (["*a", "*b"], ["c"]), (["p", "*x", "*y"], ["p", "q", "r"]), (["*p", "x"], ["p", "y"]),
             (["p"], ["*p", "*y"]), (["a b", "c"], ["a b x", "y c"]), (["a", "b c"], ["x a", "b c d", "e"]),
             (["a x", "b"], ["a y", "z", "b"])]
    for old, new in cases:
        assert_exact(old, new)


# a plan's paragraph is words parted by single spaces (plan_from_json refuses other spacing): "" stands
# for an emptied cell
PARAGRAPHS = st.lists(st.builds(lambda star, words: star + " ".join(w for w in words if w), st.sampled_from(["", "*"]),
                                st.lists(st.sampled_from(["a", "b", "c", "d", ""]), max_size=4)), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS, PARAGRAPHS)
def test_any_two_cells_redline_exactly(old: list[str], new: list[str]) -> None:
    assert_exact(old, new)


def test_cli_writes_the_redline(tmp_path: Path, gold_plan: Plan, q2: Plan, redline: bytes) -> None:
    (tmp_path / "q1.json").write_text(plan_to_json(gold_plan), "utf-8")
    (tmp_path / "q2.json").write_text(plan_to_json(q2), "utf-8")
    out = tmp_path / "redline.docx"
    assert main(["redline", str(tmp_path / "q1.json"), str(tmp_path / "q2.json"), "-o", str(out)]) == 0
    assert out.read_bytes() == redline


def test_libreoffice_opens_and_keeps_the_changes(tmp_path: Path, redline: bytes) -> None:
    assert shutil.which("soffice"), "LibreOffice (soffice) is needed: make test installs it"
    source = tmp_path / "redline.docx"
    source.write_bytes(redline)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    for target, folder in (("pdf", "pdf"), ('docx:MS Word 2007 XML', "docx")):
        subprocess.run(["soffice", "--headless", profile, "--convert-to", target, "--outdir", str(tmp_path / folder),
                        str(source)], check=True, capture_output=True, timeout=120)
    assert (tmp_path / "pdf" / "redline.pdf").read_bytes().startswith(b"%PDF-")
    root = document((tmp_path / "docx" / "redline.docx").read_bytes())
    for name in ("ins", "del"):
        marks = list(root.iter(W + name))
        assert marks and {m.get(f"{W}author") for m in marks} == {AUTHOR}, name


def test_a_deleted_outcome_keeps_its_place_in_the_numbering(q2: Plan) -> None:
    """Outcomes 1, 2, 3 with 2 deleted: the deleted item stays in the cell's own numbered list, so
    Word numbers it 2 in the markup and Reject All gives 1, 2, 3 (a list of its own restarts at 1)."""
    action = next(a for a in q2.actions() if len(a.outcomes) >= 3)  # a middle one to delete
    kept = (action.outcomes[0], *action.outcomes[2:])
    revised_action = dataclasses.replace(action, outcomes=kept, status=(action.status[0], *action.status[2:]))
    revised = dataclasses.replace(q2, priorities=tuple(
        dataclasses.replace(p, actions=tuple(revised_action if a.id == action.id else a for a in p.actions))
        for p in q2.priorities))
    root = document(redline_docx(q2, revised))
    (row, *_) = [tr for tr in root.iter(f"{W}tr") if len(tr.findall(f"{W}tc")) == 8
                 and accepted_text(tr.findall(f"{W}tc")[0])[:1] == [action.id]]
    outcomes = row.findall(f"{W}tc")[5]
    items = [(p, p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")) for p in outcomes.findall(f"{W}p")]
    assert [" ".join(rejected_text(p)) for p, _ in items] == list(action.outcomes)
    assert len({num for _, num in items}) == 1, "the deleted outcome must stay in the cell's list"
    assert accepted_text(outcomes) == list(kept)


def _between_tables(data: bytes, view: str) -> list:
    """Every paragraph of the body outside the tables, read as one run (tracked joins apply)."""
    body = document(data).find(f"{W}body")
    wrapper = etree.Element(f"{W}body")
    wrapper.extend(copy.deepcopy(p) for p in body.findall(f"{W}p"))
    return view_paragraphs(wrapper, view)


def test_headings_priority_lines_preamble_and_closing_are_tracked(q2: Plan) -> None:
    """The text between the tables, revised: Accept All reads like the revised plan's appendix and
    Reject All like last quarter's; the groups that did not change carry no marks."""
    from pipeline.plan.model import Section
    from pipeline.render.redline.document import paragraph_groups

    first = q2.priorities[0]
    revised = dataclasses.replace(
        q2,
        preamble=(q2.preamble[0] + " Revised in Q2.", *q2.preamble[1:]),
        priorities=(dataclasses.replace(first, title=first.title + " and stalking", lead_agency="Police",
                                        indicators=None), *q2.priorities[1:]),
        closing=(*q2.closing, Section("Review", ("The plan is reviewed each March.",))),
    )
    red = redline_docx(q2, revised)
    assert _between_tables(red, "accepted") == _between_tables(render_docx(revised, q2), "accepted")
    assert _between_tables(red, "rejected") == _between_tables(render_docx(q2), "accepted")
    marked = {key for key, ps in paragraph_groups(document(red)).items()
              if any(next(p.iter(f"{W}ins", f"{W}del"), None) is not None for p in ps)}
    assert marked == {"front", "1", "Funding", "Review"}  # Funding: its last mark, taken by Review
    assert _between_tables(redline_docx(q2, q2), "accepted") == _between_tables(render_docx(q2, q2), "accepted")
