"""A hyphen that ends a PDF line: is a space after it ("displacement- however") or not ("Adams-Cook")?

PDFium drops that space from the text; pdf_pdfium reads it from the bounds of the hyphen's text
object instead, and asks pdfminer (which keeps it) only when the bounds cannot tell. These tests
hold the bounds to pdfminer's answer on every line-end hyphen of real PDFs: the reference,
the LibreOffice-made variants, and WeasyPrint and LibreOffice layouts in six fonts.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import REFERENCE_PDF, ROOT

from pipeline.extract import extract_file
from pipeline.extract.pdf import pdfium as pdf_pdfium
from pipeline.plan.model import to_dict

FONTS = ("Liberation Sans", "Liberation Serif", "Liberation Mono", "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono")
# Both kinds, each in several places along a line as the column narrows.
TEXT = ("co-operation anti-social well-being re-offending multi-agency town- centre short- term, "
        "cross-border year-on-year displacement- however Adams-Cook")


def _narrowing_columns(cell: str) -> str:
    """The text in ever wider boxes, in every font: most widths end some line on a hyphen."""
    return "".join(cell.format(font=font, width=width) for font in FONTS for width in range(60, 200, 9))


@pytest.fixture(scope="module")
def weasyprint_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.render.pdf.weasy import HTML

    html = _narrowing_columns(f'<p style="font: 10pt \'{{font}}\'; width: {{width}}px; white-space: pre-wrap">{TEXT}</p>')
    path = tmp_path_factory.mktemp("hyphens") / "weasyprint.pdf"
    path.write_bytes(HTML(string=f"<html><body>{html}</body></html>").write_pdf())
    return path


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    work = tmp_path_factory.mktemp("hyphens-lo")
    html = _narrowing_columns(f'<table><tr><td width="{{width}}" style="font: 10pt \'{{font}}\'">{TEXT}</td></tr></table>')
    (work / "columns.html").write_text(f"<html><body>{html}</body></html>", "utf-8")
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(work / "columns.html")],
                   check=True, capture_output=True, timeout=180)
    return work / "columns.pdf"


def _decisions(path: Path) -> list[tuple[int, bool | None, bool]]:
    """(page, the bounds' answer, pdfminer's answer) for every line-end hyphen in the PDF."""
    data = path.read_bytes()
    document, miner = pdfium.PdfDocument(data), pdf_pdfium._Miner(data)
    out = []
    try:
        for index in range(len(document)):
            page = pdf_pdfium._read_page(document[index], index + 1)
            hyphens = [c for c in page.chars if c["line_end_hyphen"]]
            if hyphens:
                spaced = pdf_pdfium._hyphens_followed_by_space(miner.mined_chars(index + 1))
                out += [(index + 1, c["space_after"], pdf_pdfium.spaced_in(c, spaced)) for c in hyphens]
    finally:
        document.close()
        miner.close()
    return out


def _assert_agree(decisions: list[tuple[int, bool | None, bool]], at_least: int) -> None:
    assert len(decisions) >= at_least
    assert {truth for _, _, truth in decisions} == {True, False}, "both kinds must be present to test anything"
    wrong = [(page, got, truth) for page, got, truth in decisions if got != truth]
    assert not wrong, f"bounds disagree with pdfminer (page, bounds, pdfminer): {wrong[:10]}"


def test_the_reference_and_variants_agree_with_pdfminer() -> None:
    paths = [REFERENCE_PDF, *sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))]
    _assert_agree([d for path in paths for d in _decisions(path)], at_least=3)


def test_weasyprint_layouts_in_six_fonts_agree_with_pdfminer(weasyprint_pdf: Path) -> None:
    _assert_agree(_decisions(weasyprint_pdf), at_least=300)


def test_libreoffice_layouts_in_six_fonts_agree_with_pdfminer(libreoffice_pdf: Path) -> None:
    _assert_agree(_decisions(libreoffice_pdf), at_least=150)


def test_when_the_bounds_cannot_tell_pdfminer_decides(gold_dict: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = pdf_pdfium._Miner.mined_chars
    monkeypatch.setattr(pdf_pdfium, "_space_after_hyphen", lambda *args: None)
    monkeypatch.setattr(pdf_pdfium._Miner, "mined_chars", lambda self, n: asked.append(n) or real(self, n))
    assert to_dict(extract_file(REFERENCE_PDF)) == gold_dict
    assert asked == [6, 11]  # the two pages of the reference with a hyphen ending a line


def test_pdfminer_is_not_opened_when_the_bounds_can_tell(gold_dict: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, n: int) -> list[dict]:
        raise AssertionError(f"pdfminer asked about page {n}")

    monkeypatch.setattr(pdf_pdfium._Miner, "mined_chars", refuse)
    assert to_dict(extract_file(REFERENCE_PDF)) == gold_dict


def _one_page_pdf(content: bytes) -> bytes:
    """A page drawing `content` in Helvetica, as some producers write text."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("content", "text"), [
    (b"BT /F1 10 Tf 72 700 Td (displacement- ) Tj 0 -12 Td (however) Tj ET", "displacement- however"),
    # the space as a text object of its own: the hyphen's bounds cannot see it, pdfminer can
    (b"BT /F1 10 Tf 72 700 Td (displacement-) Tj ( ) Tj 0 -12 Td (however) Tj ET", "displacement- however"),
    (b"BT /F1 10 Tf 72 700 Td (displacement-) Tj ET BT /F1 10 Tf 136.7 700 Td ( ) Tj ET "
     b"BT /F1 10 Tf 72 688 Td (however) Tj ET", "displacement- however"),
    (b"BT /F1 10 Tf 72 700 Td [(displacement-)] TJ [( )] TJ 0 -12 Td (however) Tj ET", "displacement- however"),
    (b"BT /F1 10 Tf 72 700 Td (Adams-) Tj 0 -12 Td (Cook) Tj ET", "Adams-Cook"),
    # stroked glyphs (a fake bold) widen the bounds: pdfminer decides
    (b"BT /F1 10 Tf 2 Tr 0.5 w 72 700 Td (Adams-) Tj 0 -12 Td (Cook) Tj ET", "Adams-Cook"),
])
def test_how_a_producer_writes_the_space_does_not_matter(content: bytes, text: str) -> None:
    (page,) = pdf_pdfium.read_pages(_one_page_pdf(content), "made.pdf")
    assert "".join(c["text"] for c in page.chars) == text
