"""Turn the PDF reader's tolerances into one named, validated set (pdfplumber's TableSettings is the model).

Lengths are in PDF points; a name ending in `_em` is a multiple of the glyph's or line's font
size. The defaults read the reference monitor, the variants in tests/fixtures and PDFs from Word,
LibreOffice and WeasyPrint; a partnership whose PDFs need other values passes its own
`PdfSettings` to `pdf_to_grid`.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class PdfSettings:
    """Every tolerance of the PDF reader, with its default."""

    # The document
    max_pages: int = 2000  # refuse longer PDFs before reading them
    running_zone: float = 0.15  # running headers and footers sit in this share of the page's top or bottom
    # Pages and tables
    spaces_written_share: float = 0.02  # a page whose glyphs are more than this share spaces writes its spaces
    table_min_cells: int = 2  # fewer ruled cells than this is a decorative box, not a table
    fill_cover: float = 0.5  # a filled rectangle covering this share of a cell shades it
    rule_thickness: float = 2.0  # a path this thin in one direction is a rule, not a box
    # Glyphs into lines
    line_overlap: float = 0.3  # a glyph joins a line when it overlaps this share of its height with it
    space_gap_em: float = 0.2  # a gap this wide between glyphs is a space (producers that write no spaces)
    space_gap_written_em: float = 0.25  # the same where spaces are written: only a wider gap (a tab) counts
    trailing_space_lines: int = 3  # this many lines ending in a space: the producer writes the space at a wrap
    # Lines into paragraphs
    pitch_em: float = 1.15  # baseline-to-baseline distance when the document taught none for a size
    pitch_range_em: tuple[float, float] = (0.9, 2.5)  # distances counted when learning the usual pitch
    paragraph_gap_em: float = 0.1  # a gap this much over the usual pitch starts a new paragraph
    column_slack: float = 1.0  # list markers within this of each other share a marker column
    column_shift: float = 4.0  # a table column goes on on the next page if it starts within this of where it did
    overlong_word_em: float = 0.6  # a lone word reaching this near the right edge was broken there
    space_width_em: float = 0.28  # the width of a space, to tell whether the next word would have fitted
    right_slack: float = 0.5  # text may stop this short of a column's right edge and still fill it
    # Footnotes (left out: the marks in the text and the notes at the page's foot)
    footnote_size: float = 0.95  # a footnote's text is at most this share of the usual size of the text above it
    footnote_gap_em: float = 0.6  # a footnote's next line starts within this gap under the line before
    mark_size: float = 0.85  # a footnote mark is at most this share of the size of the text it follows
    mark_rise_em: float = 0.15  # ... its baseline at least this far above that text's
    mark_gap_em: float = 0.15  # ... and it starts within this of that text's last glyph
    # Line-end hyphens (PDFium drops the space after them)
    side_bearing_em: float = 0.02  # a hyphen's ink ending this short of its advance can tell a space
    inserted_space_em: float = 0.278  # the width given to a space put back after a hyphen (Arial's)
    hyphen_match: tuple[float, float] = (1.0, 4.0)  # x and y distance within which two readers' hyphens are one
    follower_slack: float = 0.5  # a text object starting this far left of a hyphen's ink end may still follow it
    follower_band_em: tuple[float, float] = (0.6, 0.2)  # ... if it reaches this far above and below the baseline

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            values = value if isinstance(value, tuple) else (value,)
            if any(not isinstance(v, (int, float)) or v < 0 for v in values):
                raise ValueError(f"PdfSettings.{f.name} must be a non-negative number, not {value!r}")
        if not 0 < self.running_zone < 0.5:
            raise ValueError(f"PdfSettings.running_zone must be between 0 and 0.5, not {self.running_zone!r}")
        low, high = self.pitch_range_em
        if low >= high:
            raise ValueError(f"PdfSettings.pitch_range_em must be (low, high), not {self.pitch_range_em!r}")


DEFAULTS = PdfSettings()
