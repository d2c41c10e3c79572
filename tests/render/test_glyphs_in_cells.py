"""Long unbreakable strings (an e-mail address, a reference, a URL, a very long word) wrap inside
their cell in both appendices: no glyph is printed over the next cell or beyond the page's edge,
and each appendix reads back as the plan it was rendered from (issue 13)."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import field_differences, libreoffice_pdf, small_plan
from glyph_boxes import glyphs_outside_cells

from pipeline.extract import extract_bytes
from pipeline.plan.model import Column, Plan, Rag, Status, to_dict
from pipeline.render.pdf.appendix import html_to_pdf, render_pdf
from pipeline.render.word.appendix import render_docx

EMAIL = "community.safety.partnership@stevenage.gov.uk"  # 45 characters
REFERENCE = ("SBC/CSP/ODG/2014-15/" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3)[:120]
URL = ("https://www.stevenage.gov.uk/community-safety/action-plan-2014-15/quarterly-progress-monitor"
       "?quarter=1&format=pdf#appendix-1")
WORD = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 7)[:300]  # a case change inside, where it may break
TOKENS = (EMAIL, REFERENCE, URL, WORD)

OWN_COLUMNS = (
    Column("Ref", "number"), Column("What we will do", "objectives"), Column("Who", "lead"),
    Column("By when", "when_by"), Column("Budget £", "extra", "budget"), Column("Resource", "resources"),
    Column("Expected outcomes", "outcomes"), Column(f"Progress this quarter (reported to {EMAIL})", "progress"),
    Column("RAG", "status"),
)


def long_token_plan(own_shape: bool = False) -> Plan:
    """The small plan with every text column of its action holding all four long strings, as
    paragraphs, lines, list items and status notes, and inside a sentence."""
    plan = small_plan()
    action = dataclasses.replace(
        plan.priorities[0].actions[0],
        objectives=(f"Write to {EMAIL} for the terms of reference.", *TOKENS),
        lead=("SBC", *TOKENS, "Alex Hepton"),
        when_by=(*TOKENS, "March 2015"),
        resources=TOKENS,
        outcomes=TOKENS,
        progress=(f"Minutes at {URL} (reference {REFERENCE}).", *TOKENS),
        status=tuple(Status(rag, token) for rag, token in zip((Rag.GREEN, None, Rag.AMBER, Rag.RED), TOKENS)),
        extra=(("budget", TOKENS),) if own_shape else (),
    )
    priority = dataclasses.replace(plan.priorities[0], actions=(action,))
    return dataclasses.replace(plan, priorities=(priority,), columns=OWN_COLUMNS if own_shape else None)


def long_token_title_block() -> Plan:
    """The reference layout's plan with the long strings outside the tables too: partnership,
    title, preamble, priority heading and lines, closing text."""
    plan = long_token_plan()
    priority = dataclasses.replace(plan.priorities[0], title=f"Domestic abuse {WORD}", lead_agency=EMAIL, indicators=URL)
    closing = dataclasses.replace(plan.closing[0], paragraphs=(f"{EMAIL} {WORD}",))
    return dataclasses.replace(plan, partnership=f"{WORD} Partnership", title=f"Action plan {REFERENCE}",
                               preamble=(f"See {URL} and {WORD}.",), priorities=(priority,), closing=(closing,))


LAYOUTS = ("reference", "own-shape", "title-block")


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {"reference": long_token_plan(), "own-shape": long_token_plan(own_shape=True),
            "title-block": long_token_title_block()}


@pytest.fixture(scope="module")
def pdfs(plans: dict[str, Plan]) -> dict[str, bytes]:
    return {layout: render_pdf(plan) for layout, plan in plans.items()}


@pytest.fixture(scope="module")
def docxs(plans: dict[str, Plan]) -> dict[str, bytes]:
    return {layout: render_docx(plan) for layout, plan in plans.items()}


@pytest.fixture(scope="module")
def office_pdfs(docxs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The Word appendices as LibreOffice lays them out (how Word's fixed-layout cells are seen here)."""
    pdfs = libreoffice_pdf({f"{layout}.docx": data for layout, data in docxs.items()}, tmp_path_factory.mktemp("office"))
    return {layout: pdfs[f"{layout}.docx"] for layout in docxs}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_glyph_of_the_pdf_lies_inside_its_cell(layout: str, pdfs: dict[str, bytes]) -> None:
    outside = glyphs_outside_cells(pdfs[layout])
    assert not outside, f"{len(outside)} glyphs outside their cell:\n" + "\n".join(outside[:10])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_pdf_reads_back_exactly(layout: str, plans: dict[str, Plan], pdfs: dict[str, bytes]) -> None:
    assert field_differences(to_dict(plans[layout]), extract_bytes(pdfs[layout], f"{layout}.pdf")) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_glyph_of_the_word_file_lies_inside_its_cell(layout: str, office_pdfs: dict[str, bytes]) -> None:
    outside = glyphs_outside_cells(office_pdfs[layout])
    assert not outside, f"{len(outside)} glyphs outside their cell:\n" + "\n".join(outside[:10])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_word_file_reads_back_exactly(layout: str, plans: dict[str, Plan], docxs: dict[str, bytes]) -> None:
    assert field_differences(to_dict(plans[layout]), extract_bytes(docxs[layout], f"{layout}.docx")) == []


def test_the_check_sees_text_over_the_next_cell_and_beyond_the_page() -> None:
    """The check itself: with words left unbroken (the stylesheet before issue 13), a long word
    runs over its neighbour's cell, and the last column's over the page's edge."""
    cells = "".join(f"<td><p>{text}</p></td>" for text in ("Short", WORD, "Short", REFERENCE))
    html = ('<html lang="en-GB"><head><link rel="stylesheet" href="appendix.css"><style>html { overflow-wrap: normal; }</style></head>'
            f"<body><table><tbody><tr>{cells}</tr></tbody></table></body></html>")
    outside = glyphs_outside_cells(html_to_pdf(html))
    assert any("outside its cell" in line and "Pneumono" in line for line in outside)
    assert any("beyond the page's edge" in line for line in outside)


def test_the_q2_appendix_keeps_every_glyph_in_its_cell_and_every_direction_word_whole(gold_plan: Plan) -> None:
    """The bundled quarter as `make q2` prints it: no glyph outside its cell, and "unchanged" under an
    id not broken "unchange|d" by the wrapping that keeps long words inside their cells."""
    import io

    import pdfplumber
    from conftest import INPUTS

    from pipeline.render.pdf.appendix import render_pdf
    from pipeline.updates.apply import apply
    from pipeline.updates.yaml_file import read_updates

    q2 = apply(gold_plan, read_updates(INPUTS / "q2.yaml", gold_plan))
    pdf = render_pdf(q2, gold_plan)
    assert glyphs_outside_cells(pdf) == []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = [w["text"] for page in document.pages for w in page.extract_words()]
    assert words.count("unchanged") + words.count("improved") + words.count("worse") >= 10
    assert not any(w in ("unchange", "improve", "wors", "d") for w in words), [w for w in words if w in ("unchange", "d")]
