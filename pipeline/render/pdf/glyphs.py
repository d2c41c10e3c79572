"""Turn a plan and the PDF's fonts into the first character the PDF cannot draw faithfully, by its place.

WeasyPrint draws a character its fonts lack from whatever font the machine happens to have, or as
an empty box (.notdef) with only a log line: a board paper that differs by machine, or silently
shows a box. Right-to-left text is laid out in visual order, and a letter with two or more
combining marks is drawn as one glyph whose text mapping is wrong; both would read back (and be
copied, and read aloud) as other text. So the PDF refuses each, saying which character and where."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.plan.model import Plan, to_dict
from pipeline.plan.printable import first_in

_RIGHT_TO_LEFT = ("R", "AL")


@lru_cache(maxsize=4)
def covered(fonts: tuple[Path, ...]) -> frozenset[int]:
    """The code points every one of `fonts` has a glyph for (bold text must draw what regular text does)."""
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency; only loaded for a PDF

    sets = []
    for path in fonts:
        with TTFont(path, lazy=True) as font:
            sets.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*sets))


@lru_cache(maxsize=4)
def _advances(font_path: Path) -> tuple[dict[int, float], float]:
    """Each code point's advance width, in ems, and the font's average (for a character it lacks)."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        per_em, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
        widths = {code: metrics[name][0] / per_em for code, name in font.getBestCmap().items()}
    return widths, sum(widths.values()) / len(widths)


def text_width(text: str, font_path: Path, size: float) -> float:
    """How wide `text` is set on one line in the font at `size` points (no kerning: a little wider)."""
    widths, average = _advances(font_path)
    return sum(widths.get(ord(c), average) for c in text) * size


def undrawable(plan: Plan, fonts: tuple[Path, ...], font_name: str) -> str | None:
    """'<place>: <character and why>' for the first character of the plan's text that the PDF,
    drawn with `fonts`, would not show as written; None when every one is drawn faithfully."""
    drawn = covered(fonts)

    def fault(text: str) -> str | None:
        marks = 0
        for char in text:
            marks = marks + 1 if unicodedata.combining(char) else 0
            if ord(char) not in drawn and not char.isspace():
                return f"{_name(char)} has no glyph in the PDF's font ({font_name}): it would print as an empty box"
            if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
                return (f"{_name(char)} is right-to-left text, which the PDF lays out in visual order: it would read "
                        "back (and be copied and read aloud) reversed")
            if marks == 2:
                return (f"{_name(char)} is a second combining mark on one letter, which the PDF draws as one glyph "
                        "that reads back as another character: type the letter precomposed")
        return None

    found = first_in(to_dict(plan), fault)
    return f"{found[0]}: {found[1]}; write it another way" if found else None


def _name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"
