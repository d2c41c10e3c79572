"""PdfSettings: every tolerance of the PDF reader named, validated, and used."""
from __future__ import annotations

import pytest
from conftest import REFERENCE_PDF

from pipeline.errors import InputError
from pipeline.extract.pdf.reader import pdf_to_grid
from pipeline.extract.pdf.settings import DEFAULTS, PdfSettings


def test_pdf_settings_name_every_tolerance_and_refuse_nonsense() -> None:
    assert PdfSettings() == DEFAULTS
    for bad in ({"running_zone": 0.7}, {"fill_cover": -1}, {"pitch_range_em": (2.5, 0.9)}, {"max_pages": "many"}):
        with pytest.raises(ValueError, match="PdfSettings"):
            PdfSettings(**bad)


def test_pdf_settings_reach_the_reader() -> None:
    """A setting changes what is read: with no running zone to sit in, the reference's page header is missed."""
    data = REFERENCE_PDF.read_bytes()
    assert pdf_to_grid(data, "ref.pdf").header
    assert not pdf_to_grid(data, "ref.pdf", PdfSettings(running_zone=0.001)).header
    with pytest.raises(InputError, match="more than a monitor's 3"):
        pdf_to_grid(data, "ref.pdf", PdfSettings(max_pages=3))
