"""Turn a cell's fill colour into the name of its hue, so any shade of a status colour counts."""
from __future__ import annotations

import colorsys

from pipeline.plan.model import Rag

MIN_SATURATION = 0.12  # below this a fill is a grey or a tint: header rows, zebra stripes (Excel's pale "Good" is 0.17)
MIN_VALUE = 0.25
# Hue bands in degrees, [start, end): red wraps round 0. Teal and turquoise (165–195) could be
# green or blue, so they are named neither: a warning asks, rather than a guess.
HUES = (("red", 330, 360), ("red", 0, 18), ("amber", 18, 70), ("green", 70, 165), ("blue", 195, 260))


def hue_name(fill: tuple[int, int, int] | None) -> str | None:
    """'red', 'amber', 'green' or 'blue' for a status-like fill; 'other' for a strong colour that is
    none of them (purple, magenta); None for no fill, a grey or a pale tint."""
    if fill is None:
        return None
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in fill))
    if s < MIN_SATURATION or v < MIN_VALUE:
        return None
    hue = h * 360
    return next((name for name, start, end in HUES if start <= hue < end), "other")


def rag_of_fill(fill: tuple[int, int, int] | None) -> Rag | None:
    """Classify an RGB fill (0–255) as green, amber or red by hue; None for anything else."""
    name = hue_name(fill)
    return Rag(name) if name in ("green", "amber", "red") else None


def hex_of(fill: tuple[int, int, int]) -> str:
    return "".join(f"{c:02X}" for c in fill)
