"""render_pdf: the PDF appendix, its metadata, outline, fonts, safety and determinism."""
from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from conftest import GOLD_JSON as GOLD
from conftest import ROOT, field_differences, small_plan

from pipeline.errors import RenderError
from pipeline.plan.model import Plan
from pipeline.render.pdf import appendix as pdf_module
from pipeline.render.pdf.appendix import TemplatesFetcher, html_to_pdf, render_pdf
from pipeline.render.templates import bundled

NASTY = ("A & B", "<b>", "{{ x }}", "{% if %}")


@pytest.fixture(scope="module")
def gold_pdf(gold_rendered) -> bytes:
    return gold_rendered["pdf"]


def test_same_plan_gives_identical_bytes(gold: Plan, gold_pdf: bytes) -> None:
    assert render_pdf(gold) == gold_pdf


def test_metadata_and_language(gold_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(gold_pdf)) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Stevenage Community Safety Partnership – Action plan 2014/15 – Q1 update"
        assert str(info["/Author"]) == "Stevenage Community Safety Partnership"
        assert str(info["/Subject"]) == "Q1 update / progress monitor (1 April – 30 June 2014)"
        assert str(info["/CreationDate"]).startswith("D:20140630") and str(info["/ModDate"]).startswith("D:20140630")
        assert str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        page = pdf.pages[0].mediabox
        assert (round(float(page[2])), round(float(page[3]))) == (842, 595)


def test_one_bookmark_per_priority_then_closing(gold: Plan, gold_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(gold_pdf)) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == [f"{p.number}. {p.title}" for p in gold.priorities] + ["Funding"]


def test_fonts_are_embedded_liberation_sans(gold_pdf: bytes) -> None:
    names = set()
    with pikepdf.open(io.BytesIO(gold_pdf)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                assert "/FontFile2" in descriptor, font.BaseFont
                names.add(re.sub(r"^/[A-Z]{6}\+", "", str(font.BaseFont)))
    # WeasyPrint writes the family with a dash: Liberation-Sans, Liberation-Sans-Bold
    assert names == {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_every_page_has_header_and_page_x_of_y(gold: Plan, gold_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(gold_pdf)) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    for number, text in enumerate(pages, start=1):
        assert text.startswith("Appendix 1 Q1 update / progress monitor (1 April – 30 June 2014)")
        assert f"Page {number} of {len(pages)}" in text
    words = set(" ".join(pages).split())
    assert {a.id for a in gold.actions()} <= words
    assert "1. Amber" in pages[0] and "Status" in pages[0]


def test_text_that_looks_like_markup_comes_out_literally() -> None:
    plan = small_plan()
    action = dataclasses.replace(plan.priorities[0].actions[0], lead=NASTY, when_by=('<img src="file:///etc/passwd">',))
    priority = dataclasses.replace(plan.priorities[0], actions=(action,))
    plan = dataclasses.replace(plan, priorities=(priority,), preamble=NASTY)
    with pdfplumber.open(io.BytesIO(render_pdf(plan))) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    for text in NASTY:
        assert text in lines
    assert any(line.startswith("1.1") and "A & B" in line for line in lines)
    assert '<img' in " ".join(lines)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/x.css", "https://example.com/",
                                 "data:text/css,p{}", (ROOT / "templates" / ".." / "pyproject.toml").as_uri()])
def test_fetcher_refuses_anything_outside_templates(url: str) -> None:
    with pytest.raises(RenderError, match="refused"):
        TemplatesFetcher().fetch(url)


def test_fetcher_serves_the_stylesheet_and_fonts() -> None:
    fetcher = TemplatesFetcher()
    assert b"@font-face" in fetcher.fetch((bundled() / "appendix.css").as_uri()).read()
    font = fetcher.fetch((bundled() / "fonts" / "LiberationSans-Bold.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"


@pytest.mark.parametrize("tag", ['<link rel="stylesheet" href="http://example.com/x.css">', '<img src="file:///etc/passwd">'])
def test_a_refused_resource_fails_the_render(tag: str) -> None:
    with pytest.raises(RenderError, match="refused"):
        html_to_pdf(f"<html><body>{tag}<p>x</p></body></html>")


def test_a_missing_font_is_an_error_not_a_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf_module, "SYSTEM_FONTS", tmp_path)
    with pytest.raises(RenderError, match="LiberationSans-Regular.ttf not found"):
        render_pdf(small_plan())


def test_extracting_the_rendered_pdf_gives_the_plan_back(gold: Plan, gold_pdf: bytes, tmp_path: Path) -> None:
    from pipeline.extract import extract_bytes
    from pipeline.plan.model import to_dict

    got = extract_bytes(gold_pdf, "appendix.pdf")
    assert to_dict(got) == to_dict(gold)
    assert field_differences(json.loads(GOLD.read_text("utf-8")), got) == []


def test_cached_page_references_give_the_same_pdf(gold: Plan, gold_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pydyf speed-up (pipeline/render/weasy.py) changes no byte of the tagged PDF."""
    import pydyf

    from pipeline.render.pdf import weasy

    assert weasy.uncached_page_references is not None and pydyf.PDF.page_references is not weasy.uncached_page_references
    monkeypatch.setattr(pydyf.PDF, "page_references", weasy.uncached_page_references)
    assert render_pdf(gold) == gold_pdf


def test_cached_page_references_follow_added_pages() -> None:
    import pydyf

    from pipeline.render.pdf import weasy

    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == weasy.uncached_page_references.fget(pdf)
        assert pdf.page_references is pdf.page_references  # built once per page count
    assert len(pdf.page_references) == 3


def test_the_collector_threshold_is_restored_after_a_render_even_a_failed_one() -> None:
    import gc

    before = gc.get_threshold()
    with pytest.raises(RenderError):
        html_to_pdf('<img src="file:///etc/passwd">')
    assert gc.get_threshold() == before
    with pdf_module._fewer_collections():
        assert gc.get_threshold() == (10_000, 10, 10)
    assert gc.get_threshold() == before


def test_each_status_is_shaded_one_block_high_and_the_cell_below_is_not() -> None:
    """Each outcome's block is painted (green, then white for the unshaded one, then red), one block
    high, and the rest of the status cell, beside the long progress text, is not painted at all: a
    shade carried down the row would say the last status by colour alone where the row goes on."""
    plan = small_plan()
    action = dataclasses.replace(plan.priorities[0].actions[0], progress=("Long progress. " * 60,))
    plan = dataclasses.replace(plan, priorities=(dataclasses.replace(plan.priorities[0], actions=(action,)),))
    with pdfplumber.open(io.BytesIO(render_pdf(plan))) as pdf:
        page = next(p for p in pdf.pages if "Long progress" in (p.extract_text() or ""))
        painted = [r for r in page.rects if r["fill"]]
        fills = {name: [r for r in painted if _hex(r["non_stroking_color"]) == colour]
                 for name, colour in (("green", "00B050"), ("white", "FFFFFF"), ("red", "FF0000"))}
        words = [w for w in page.extract_words() if w["text"] == "progress."]
    (green,), (red,) = fills["green"], fills["red"]
    (white,) = [r for r in fills["white"] if abs(r["x0"] - green["x0"]) < 1]
    assert green["top"] < white["top"] < red["top"]
    assert green["height"] < 20 and white["height"] < 20 and red["height"] < 35  # red has its note under the word
    assert abs(white["top"] - green["bottom"]) < 1 and abs(red["top"] - white["bottom"]) < 1
    assert max(w["bottom"] for w in words) - red["bottom"] > 100  # the row goes on far below, unpainted
    assert not [r for r in painted if r["x0"] >= green["x0"] - 1 and r["top"] > red["bottom"]]


def _hex(colour: object) -> str:
    return "".join(f"{round(c * 255):02X}" for c in colour) if isinstance(colour, tuple) and len(colour) == 3 else ""
