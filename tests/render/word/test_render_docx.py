"""render_docx: the Word appendix, its structure, properties, safety and determinism."""
from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import GOLD_JSON as GOLD
from conftest import ROOT, field_differences, small_plan
from lxml import etree

from pipeline.plan.model import Plan
from pipeline.render.templates import bundled
from pipeline.render.word.appendix import TEMPLATE_NAME, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NASTY = ("A & B", "<b>", "{{ x }}", "{% if %}")


@pytest.fixture(scope="module")
def gold_docx(gold_rendered) -> bytes:
    return gold_rendered["docx"]


def action_tables(root: etree._Element) -> list[etree._Element]:
    """The priority tables (the board summary table comes first and is not one of them)."""
    return [t for t in root.iter(f"{W}tbl")
            if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "ActionPlanTable"]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def test_same_plan_gives_identical_bytes(gold: Plan, gold_docx: bytes) -> None:
    assert render_docx(gold) == gold_docx


def test_no_template_tags_left(gold_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(gold_docx)) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8")
            assert "{{" not in text and "{%" not in text, name


def test_header_row_repeats_and_tables_are_fixed(gold: Plan, gold_docx: bytes) -> None:
    tables = action_tables(part(gold_docx, "word/document.xml"))
    assert len(tables) == len(gold.priorities)
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        headings = ["".join(tc.itertext()) for tc in rows[0].findall(f"{W}tc")]
        assert headings == ["No.", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes / outputs",
                            "Action taken and progress (to be updated each quarter)", "Status"]


def test_one_row_per_outcome_with_columns_1_to_7_open_not_merged(gold_docx: bytes) -> None:
    tables = action_tables(part(gold_docx, "word/document.xml"))
    assert not [v for t in tables for v in t.iter(f"{W}vMerge", f"{W}gridSpan", f"{W}hMerge")]
    # as the reference: 20 actions with several outcomes, 32 rows after their first; columns 1 to 7
    # of those rows are empty and open to the row above (and of all but each action's last, below)
    following = [tr for t in tables for tr in t.findall(f"{W}tr")
                 if tr.find(f"{W}tc/{W}tcPr/{W}tcBorders/{W}top[@{W}val='nil']") is not None]
    assert len(following) == 32
    for tr in following:
        cells = tr.findall(f"{W}tc")
        assert all(not "".join(tc.itertext()) for tc in cells[:7]) and "".join(cells[7].itertext())
        assert all(tc.find(f"{W}tcPr/{W}tcBorders/{W}top").get(f"{W}val") == "nil" for tc in cells[:7])
        assert cells[7].find(f"{W}tcPr/{W}tcBorders") is None  # each status keeps its own box
    fills = [s.get(f"{W}fill") for t in tables for s in t.iter(f"{W}shd")]
    assert (fills.count("00B050"), fills.count("FFC000"), fills.count("FF0000")) == (11, 39, 8)
    assert all(len(tr.findall(f"{W}tc")) == 8 for t in tables for tr in t.iter(f"{W}tr"))


def test_heading_1_per_priority_then_closing(gold: Plan, gold_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(gold_docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{p.number}. {p.title}" for p in gold.priorities] + ["Funding"]
    assert document.paragraphs[0].style.name == "Title"
    assert [t.style.name for t in document.tables[:2]] == ["Board Summary Table"] * 2  # counts, exceptions
    assert {t.style.name for t in document.tables[2:]} == {"Action Plan Table"}


def test_status_cells_and_numbered_lists(gold_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(gold_docx))
    row = document.tables[3].rows[3]  # 2.2: one outcome, red, with a note
    assert [p.text for p in row.cells[7].paragraphs] == ["1. Red", "Not started – at risk due to staff resource pressures"]
    assert [p.text for p in row.cells[1].paragraphs][0] == "Project / campaign"
    outcomes = document.tables[2].rows[1].cells[5].paragraphs
    num_ids = {p._p.pPr.numPr.numId.val for p in outcomes}
    assert [p.text for p in outcomes][0] == "At least one campaign undertaken this year." and len(num_ids) == 1
    numbering = part(gold_docx, "word/numbering.xml")
    num = numbering.find(f"{W}num[@{W}numId='{num_ids.pop()}']")
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_core_properties_come_from_the_model(gold_docx: bytes) -> None:
    core = docx.Document(io.BytesIO(gold_docx)).core_properties
    assert core.title == "Stevenage Community Safety Partnership – Action plan 2014/15 – Q1 update"
    assert core.subject == "Q1 update / progress monitor (1 April – 30 June 2014)"
    assert core.author == "Stevenage Community Safety Partnership"
    assert core.created.isoformat() == core.modified.isoformat() == "2014-06-30T00:00:00+00:00"
    assert "python-docx" not in core.comments
    with zipfile.ZipFile(io.BytesIO(gold_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {(2014, 6, 30, 0, 0, 0)}
        assert z.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_page_header_and_footer(gold_docx: bytes) -> None:
    header = "".join(part(gold_docx, "word/header1.xml").itertext())
    assert header == "Appendix 1Q1 update / progress monitor (1 April – 30 June 2014)"
    instructions = [t.text.strip() for t in part(gold_docx, "word/footer1.xml").iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_text_that_looks_like_markup_comes_out_literally() -> None:
    plan = small_plan()
    action = dataclasses.replace(plan.priorities[0].actions[0], lead=NASTY, progress=NASTY)
    priority = dataclasses.replace(plan.priorities[0], actions=(action,), title="Crime & <i>{{ y }}</i>")
    plan = dataclasses.replace(plan, priorities=(priority,), preamble=NASTY, title="{% raw %}& plan")
    document = docx.Document(io.BytesIO(render_docx(plan)))
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "{% raw %}& plan"
    assert texts[2:6] == list(NASTY)
    assert "1. Crime & <i>{{ y }}</i>" in texts
    cells = document.tables[2].rows[1].cells
    assert [p.text for p in cells[2].paragraphs] == list(NASTY)
    assert [p.text for p in cells[6].paragraphs] == list(NASTY)


def test_template_is_reproducible_from_its_script() -> None:
    spec = importlib.util.spec_from_file_location("make_docx_template", ROOT / "tools/make_docx_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with zipfile.ZipFile(bundled() / TEMPLATE_NAME) as z:
        assert {n: z.read(n).decode("utf-8") for n in z.namelist()} == module.parts()


def test_libreoffice_opens_it(gold: Plan, gold_docx: bytes, tmp_path: Path) -> None:
    source = tmp_path / "appendix.docx"
    source.write_bytes(gold_docx)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    with pdfplumber.open(tmp_path / "appendix.pdf") as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    words = set(" ".join(pages).split())
    assert {a.id for a in gold.actions()} <= words
    assert len(pages) > 5 and "Page 1 of" in pages[0] and "Appendix 1" in pages[-1]
    assert re.search(r"1\. Amber", " ".join(pages[:2]))
    assert re.search(r"Priority\s+Green\s+Amber\s+Red\s+No status", pages[0])  # the summary is a table


def test_extracting_the_rendered_docx_gives_the_plan_back(gold: Plan, gold_docx: bytes, tmp_path: Path) -> None:
    from pipeline.extract import extract_bytes
    from pipeline.plan.model import to_dict

    got = extract_bytes(gold_docx, "appendix.docx")
    assert to_dict(got) == to_dict(gold)
    assert field_differences(json.loads(GOLD.read_text("utf-8")), got) == []


def test_render_files_writes_both_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.errors import RenderError
    from pipeline.plan.schema import plan_to_json
    from pipeline.render import render_files

    plan_path = tmp_path / "plan.json"
    plan_path.write_text(plan_to_json(small_plan()), "utf-8")
    out_docx, out_pdf = tmp_path / "out" / "a.docx", tmp_path / "out" / "a.pdf"
    out_docx.parent.mkdir()  # an output's folder must be there: a mistyped one is refused, not made
    render_files(str(plan_path), docx=str(out_docx), pdf=str(out_pdf), previous=str(plan_path))
    assert out_docx.read_bytes() == render_docx(small_plan(), small_plan())
    assert out_pdf.read_bytes().startswith(b"%PDF-")

    def broken(plan: Plan, previous: Plan | None = None, templates: Path | None = None) -> bytes:
        raise RenderError("font missing")

    monkeypatch.setattr("pipeline.render.pdf.appendix.render_pdf", broken)
    other_docx, other_pdf = tmp_path / "b.docx", tmp_path / "b.pdf"
    with pytest.raises(RenderError):
        render_files(str(plan_path), docx=str(other_docx), pdf=str(other_pdf))
    assert not other_docx.exists() and not other_pdf.exists()
