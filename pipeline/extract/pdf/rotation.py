"""Turn PDFium's unrotated page coordinates into the page as a viewer shows it (its /Rotate applied).

PDFium gives glyph boxes, origins, text matrices and path bounds in the page's own user space
(y up), before the page's /Rotate. Some print drivers save a landscape page as a portrait page
with /Rotate 90 and the content drawn turned: in user space its text runs up the page, though
a viewer shows it upright. A `View` maps user space to the viewed page (y down, origin at the
top left), so the rest of the reader sees an upright page whatever the page's rotation.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """The page as seen: `turn` degrees clockwise (0, 90, 180, 270) from its user space, whose
    visible box is `box` (left, bottom, right, top; y up)."""

    turn: int
    box: tuple[float, float, float, float]

    @property
    def size(self) -> tuple[float, float]:
        """The seen page's width and height."""
        left, bottom, right, top = self.box
        w, h = right - left, top - bottom
        return (h, w) if self.turn in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point as (x, y) on the seen page, y growing downwards."""
        left, bottom, right, top = self.box
        if self.turn == 90:  # the user space's bottom edge is seen on the left, its left edge on top
            return y - bottom, x - left
        if self.turn == 180:
            return right - x, y - bottom
        if self.turn == 270:
            return top - y, right - x
        return x - left, top - y

    def rect(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A user-space rectangle as (x0, top, x1, bottom) on the seen page."""
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def upright(self, a: float, b: float, c: float, d: float) -> bool:
        """Whether a glyph drawn with the matrix (a b c d) in user space is upright on the seen page
        (its baseline level and its stems plumb), whichever way it faces."""
        if self.turn in (90, 270):  # a quarter turn swaps the axes: level in user space is plumb when seen
            return a == 0 and d == 0
        return b == 0 and c == 0


def view_of(page) -> View:
    """The View that applies a pypdfium2 page's /Rotate (a multiple of 90 degrees)."""
    left, bottom, right, top = page.get_bbox()
    return View(turn=page.get_rotation() % 360, box=(left, bottom, right, top))


def unturned(view: View) -> View:
    """The same page read in its own user space, its /Rotate ignored: for a page whose text is
    upright there and so runs sideways when seen (a portrait page shown lying on its side)."""
    return View(turn=0, box=view.box)
