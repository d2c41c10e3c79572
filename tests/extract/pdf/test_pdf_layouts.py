"""PDF layouts the plain reader got wrong: Word footnotes, pages stored turned (/Rotate with the
content drawn turned back), and words LibreOffice breaks at a narrow column's edge with no hyphen.

The corpus PDFs (tests/fixtures/corpus) are the real cases; the small PDFs made here (pikepdf,
WeasyPrint) hold one feature each, so a failure names it.
"""
from __future__ import annotations

import io
import json
import logging

import pikepdf
import pytest
from conftest import FIXTURES, REFERENCE_PDF

from pipeline.extract import extract_file
from pipeline.extract.grid import Grid, Para, Table
from pipeline.extract.pdf.lines import Flow, Line, line_joiner
from pipeline.extract.pdf.pdfium import read_pages
from pipeline.extract.pdf.reader import pdf_to_grid
from pipeline.plan.schema import plan_to_json

CORPUS = FIXTURES / "corpus"


def _texts(grid: Grid) -> list[str]:
    """Every paragraph's text, in and out of tables, in reading order."""
    out: list[str] = []
    for block in grid.blocks:
        if isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
    return out


@pytest.mark.parametrize("case", ["footnotes", "rotated-pages", "narrow-column", "unknown-column"])
def test_corpus_pdf_extracts_to_expected(case: str) -> None:
    got = json.loads(plan_to_json(extract_file(CORPUS / case / f"{case}.pdf")))
    assert got == json.loads((CORPUS / case / "expected.json").read_text("utf-8"))


# Footnotes


def test_footnote_marks_and_notes_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    """LibreOffice's export of Word footnotes: raised marks, the notes in 8 pt under a short rule
    with full-size numbers. The marks go ("41%", not "41%2"), the notes go, one info line says so."""
    with caplog.at_level(logging.INFO, logger="pipeline"):
        grid = pdf_to_grid((CORPUS / "footnotes" / "footnotes.pdf").read_bytes(), "footnotes.pdf")
    text = "\n".join(_texts(grid))
    assert "41% of cases heard." in text and "41%2" not in text
    assert "in tackling the priorities." in text and "priorities.1" not in text
    assert "Each agency reports" not in text and "SafeLives" not in text
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO and "footnote" in r.getMessage()]
    assert len(infos) == 1 and "page 1" in infos[0]
    assert "1 'Each agency reports" in infos[0] and "2 'SafeLives recommends" in infos[0]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


WORD_STYLE_NOTES = """<html><head><style>
@page { size: A4 landscape; margin: 2cm 2cm 1.5cm 2cm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 10pt 'Liberation Sans' } }
body { font: 10pt 'Liberation Sans' }
sup { font-size: 65%; vertical-align: 0.4em; line-height: 0 }
table { border-collapse: collapse } td { border: 0.5pt solid black; padding: 3pt; width: 6cm }
.notes { position: absolute; bottom: 0; left: 0; width: 12cm; font-size: 8pt }
.notes hr { width: 5cm; margin: 0 0 2pt 0; border: 0; border-top: 0.5pt solid black }
.notes p { margin: 0 }
</style></head><body>
<p>The plan is reviewed each quarter.<sup>1</sup> The 2<sup>nd</sup> review is in July.</p>
<table><tr><td>1.2</td><td>Repeat referrals were 41%<sup>2</sup> of cases heard.</td></tr>
<tr><td>1.3</td><td>Area of 12 m<sup>3</sup> cleared.</td></tr></table>
<div class="notes"><hr><p><sup>1</sup> Each agency reports on its own plan to its own board.</p>
<p><sup>2</sup> SafeLives recommends a repeat referral rate of 28–40%, which the partnership aims
for across the year and reports on to the Responsible Authorities Group each quarter.</p></div>
</body></html>"""


def test_word_style_footnotes_with_raised_numbers(caplog: pytest.LogCaptureFixture) -> None:
    """Word prints the notes' own numbers raised too, and a note may run to several lines. An
    ordinary superscript stays ("2nd"), and so does a raised number no note answers ("m³"), warned."""
    from pipeline.render.pdf.weasy import HTML

    data = HTML(string=WORD_STYLE_NOTES).write_pdf()
    with caplog.at_level(logging.INFO, logger="pipeline"):
        text = "\n".join(_texts(pdf_to_grid(data, "notes.pdf")))
    assert "The plan is reviewed each quarter. The 2nd review is in July." in text
    assert "41% of cases" in text and "41%2" not in text
    assert "12 m3 cleared" in text
    assert "Each agency" not in text and "SafeLives" not in text and "Responsible Authorities" not in text
    pipeline_records = [r for r in caplog.records if r.name == "pipeline"]
    infos = [r.getMessage() for r in pipeline_records if r.levelno == logging.INFO]
    assert len(infos) == 1 and "1 'Each agency" in infos[0] and "2 'SafeLives" in infos[0]
    warnings = [r.getMessage() for r in pipeline_records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "raised number 3" in warnings[0]


def test_superscripts_on_pages_without_notes_stay(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pipeline"):
        text = "\n".join(_texts(pdf_to_grid(REFERENCE_PDF.read_bytes(), "ref.pdf")))
    assert "2nd" in text
    assert not [r for r in caplog.records if "footnote" in r.getMessage()]


# Pages stored turned


def _text_pdf(content: bytes, size: tuple[float, float] = (595.0, 842.0)) -> bytes:
    """A one-page PDF drawing `content` with Helvetica as /F1."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page = pdf.add_blank_page(page_size=size)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _turned(data: bytes, angle: int, draw_turned: bool = True) -> bytes:
    """The PDF with each page stored turned: /Rotate `angle` and, if `draw_turned`, its content
    drawn turned the other way, so that a viewer shows the page as before (as print drivers save
    landscape pages); without it the page is shown lying on its side."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            w, h = x1 - x0, y1 - y0
            if draw_turned:
                a, b, c, d, e, f = {90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, w)}[angle]
                turn = f"q {a} {b} {c} {d} {e:g} {f:g} cm 1 0 0 1 {-x0:g} {-y0:g} cm\n".encode()
                page.contents_add(pdf.make_stream(turn), prepend=True)
                page.contents_add(pdf.make_stream(b"\nQ\n"), prepend=False)
                page.mediabox = pikepdf.Array([0, 0, h, w] if angle in (90, 270) else [0, 0, w, h])
            page.obj.Rotate = angle
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


# a line across the page and a short label running up it (as a table's turned heading may)
UPRIGHT_AND_SIDEWAYS = (b"BT /F1 12 Tf 72 760 Td (Upright words across the page) Tj ET\n"
                        b"BT /F1 12 Tf 0 1 -1 0 300 400 Tm (Up) Tj ET\n")


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_turned_page_reads_as_the_page_it_shows(angle: int) -> None:
    plain = _text_pdf(UPRIGHT_AND_SIDEWAYS)
    turned = _turned(plain, angle)
    assert _texts(pdf_to_grid(plain, "p.pdf")) == ["Upright words across the page"]  # sideways text is not read
    assert pdf_to_grid(turned, "p.pdf") == pdf_to_grid(plain, "p.pdf")
    (seen,) = read_pages(turned, "p.pdf")
    assert (round(seen.width), round(seen.height)) == (595, 842)


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_turned_monitor_extracts_as_the_plain_one(angle: int) -> None:
    plain = (CORPUS / "portrait" / "portrait.pdf").read_bytes()
    assert pdf_to_grid(_turned(plain, angle), "m.pdf") == pdf_to_grid(plain, "m.pdf")


def test_a_rotated_page_whose_text_runs_sideways_is_read_as_stored() -> None:
    """/Rotate without the content turned back: a viewer shows the text running down the page.
    Its text is upright in the page's own space, and is read there, as on an unrotated page."""
    plain = (CORPUS / "portrait" / "portrait.pdf").read_bytes()
    assert pdf_to_grid(_turned(plain, 90, draw_turned=False), "m.pdf") == pdf_to_grid(plain, "m.pdf")
    small = _text_pdf(UPRIGHT_AND_SIDEWAYS)
    assert _texts(pdf_to_grid(_turned(small, 270, draw_turned=False), "p.pdf")) == ["Upright words across the page"]


# Words broken at a narrow column's edge

# A 1.6 cm column of 10 pt Liberation Sans, as LibreOffice lays out narrow-column.pdf's Lead cells.
NARROW = Flow(right=246.43, pitch={10.0: 13.2}, trailing_spaces=True)


def _line(text: str, x1: float, top: float, first_word: float, first_char: float, x0: float = 207.0) -> Line:
    return Line(top=top, bottom=top + 11.17, x0=x0, x1=x1, text=text, size=10.0, bold=False, trailing_space=False,
                first_word_width=first_word, first_char_width=first_char)


def test_a_word_broken_at_a_narrow_columns_edge_is_joined() -> None:
    assert line_joiner(_line("Consulta", 246.43, 100.0, 39.43, 5.56), _line("tion", 223.05, 113.2, 16.05, 2.78),
                       NARROW) == ""
    assert line_joiner(_line("Commu", 241.95, 100.0, 34.95, 7.22), _line("nications", 246.37, 113.2, 39.37, 5.56),
                       NARROW) == ""
    resources = Flow(right=414.86, pitch={10.0: 13.2}, trailing_spaces=True)
    assert line_joiner(_line("3. communication", 410.21, 100.0, 8.27, 5.56, x0=328.8),
                       _line("s with licensed", 407.91, 113.2, 5.0, 5.0, x0=343.0), resources) == ""


def test_two_real_words_on_two_lines_of_a_lead_cell_stay_apart() -> None:
    """A word that fills its line and the next line's word, even when the two could not have
    shared a line, are two words: by case ("Police" / "SBC"), or because the document prints
    the fragment as a word elsewhere ("community" / "budget")."""
    police, sbc = _line("Police", 243.0, 100.0, 27.24, 6.67), _line("SBC", 227.51, 113.2, 20.51, 6.67)
    assert line_joiner(police, sbc, NARROW) != ""
    community, budget = _line("community", 245.9, 100.0, 43.5, 5.56), _line("budget", 236.0, 113.2, 29.0, 5.56)
    assert line_joiner(community, budget, NARROW) == ""  # the widths alone would join them ...
    knows = Flow(right=NARROW.right, pitch=NARROW.pitch, trailing_spaces=True, words=frozenset({"community"}))
    assert line_joiner(community, budget, knows) != ""  # ... the document's own words keep them apart
