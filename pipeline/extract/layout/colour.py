"""Turn a cell's fill colour into a RAG status by hue, so any shade of green, amber or red counts."""
from __future__ import annotations

import colorsys

from pipeline.plan.model import Rag

MIN_SATURATION = 0.2  # below this a fill is a grey or a tint: header rows, zebra stripes
MIN_VALUE = 0.25


def rag_of_fill(fill: tuple[int, int, int] | None) -> Rag | None:
    """Classify an RGB fill (0–255) as green, amber or red by hue; None for no or neutral fill."""
    if fill is None:
        return None
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in fill))
    if s < MIN_SATURATION or v < MIN_VALUE:
        return None
    hue = h * 360
    if hue < 18 or hue >= 330:
        return Rag.RED
    if hue < 70:
        return Rag.AMBER
    if hue < 180:
        return Rag.GREEN
    return None  # blues and purples are not status colours
