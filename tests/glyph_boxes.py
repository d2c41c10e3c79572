"""Turn a rendered PDF into the list of glyphs printed outside their own table cell or off the page.

A cell's box is what the PDF draws around it: pdfplumber finds the cells from the ruling lines and
rectangles (borders, shading). A glyph's own cell is the one its run of text starts in: the glyphs a
line writes one after another with no gap (spaces are glyphs too, in both WeasyPrint's and
LibreOffice's PDFs), so a word that runs on past its cell's edge is still seen as that cell's, even
where it prints over the next cell's text. Reused by the Hypothesis test of issue 13.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

import pdfplumber

# Glyph boxes are advance boxes from the font's metrics; a box may reach this far (pt) over a
# rule (the rule is 0.5 pt wide, and the cell's box runs along its middle).
SLACK = 0.3
# A run of text goes on while the next glyph starts within this of the last one's end (kerning
# pulls a glyph back a little; a jump back, a new line or a gap starts another run).
RUN_GAP = 1.0
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def glyphs_outside_cells(pdf: bytes) -> list[str]:
    """One line per glyph that lies outside the table cell its run of text starts in, or beyond
    the page's edge; empty when every glyph is where it belongs. Spaces print nothing and are
    not checked."""
    problems: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            cells = [cell for table in page.find_tables(TABLE_SETTINGS) for cell in table.cells]
            for run in _runs(page.chars):
                text = "".join(c["text"] for c in run)
                home = _cell_of(run[0], cells)
                for ch in run:
                    if ch["text"].isspace():
                        continue  # prints nothing (a space kept at a wrap may hang past the edge)
                    where = f"page {number}: {ch['text']!r} at x {ch['x0']:.1f}–{ch['x1']:.1f}, y {ch['top']:.1f}"
                    if ch["x0"] < -SLACK or ch["x1"] > page.width + SLACK:
                        problems.append(f"{where} of {text[:40]!r} is beyond the page's edge (0–{page.width:.1f})")
                    elif home is not None and not _inside(ch, home):
                        problems.append(f"{where} of {text[:40]!r} is outside its cell {_rounded(home)}")
    return problems


def _runs(chars: list[dict]) -> Iterator[list[dict]]:
    """The page's glyphs in the order they are drawn, cut where one does not follow on from the last."""
    run: list[dict] = []
    for ch in chars:
        if run and not _follows(run[-1], ch):
            yield run
            run = []
        run.append(ch)
    if run:
        yield run


def _follows(last: dict, ch: dict) -> bool:
    same_line = abs(ch["bottom"] - last["bottom"]) < 0.5 * ch["size"]
    return same_line and last["x1"] - RUN_GAP <= ch["x0"] <= last["x1"] + RUN_GAP


def _cell_of(ch: dict, cells: list[Box]) -> Box | None:
    """The smallest cell holding the glyph's middle (a shaded block inside a cell is a cell too)."""
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    holding = [c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]]
    return min(holding, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]), default=None)


def _inside(ch: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    return (ch["x0"] >= x0 - SLACK and ch["x1"] <= x1 + SLACK
            and ch["top"] >= top - SLACK and ch["bottom"] <= bottom + SLACK)


def _rounded(box: Box) -> tuple[float, ...]:
    return tuple(round(v, 1) for v in box)
