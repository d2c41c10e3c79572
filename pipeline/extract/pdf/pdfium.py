"""Turn PDF bytes into per-page characters, filled rectangles and ruled tables, with PDFium.

PDFium, through pypdfium2 (already installed with pdfplumber), reads a page's characters about a
hundred times faster than pdfminer parses it (bench/results.md, one-off measurements). The
objects it gives are shaped like pdfplumber's (dicts with x0, x1, top, bottom, …, y growing
downwards, on the page as a viewer shows it: rotation.py), and ruled tables are still found by
pdfplumber's TableFinder, fed with the edges of the page's paths, so the rest of the extractor
cannot tell which engine read the page.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import TableFinder

from pipeline.errors import InputError
from pipeline.extract.pdf.rotation import View, unturned, view_of
from pipeline.extract.pdf.settings import DEFAULTS, PdfSettings

# Where a glyph's box sits around its baseline, as a share of the font size (Arial's metrics;
# only used to group glyphs into lines and to measure line pitch, so any text font will do).
ASCENT, DESCENT = 0.905, 0.212
_FONT_NAME = ctypes.create_string_buffer(256)


@dataclass(frozen=True)
class RawPage:
    """What one page holds: glyphs, filled boxes, and each ruled table as rows of cell boxes."""

    number: int
    width: float
    height: float
    chars: list[dict]
    fills: list[dict]
    tables: list[list[list[tuple[float, float, float, float] | None]]]


def read_pages(data: bytes, source: str, settings: PdfSettings = DEFAULTS) -> Iterator[RawPage]:
    """Yield each page in turn (so only one page's glyphs are held at a time), or raise
    InputError saying why the PDF cannot be read."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{source}: the PDF is encrypted (password protected); save an unprotected copy") from exc
        raise _damaged(source, exc) from exc
    miner = _Miner(data)
    try:
        if len(document) > settings.max_pages:
            raise InputError(f"{source}: {len(document)} pages, more than a monitor's {settings.max_pages}: "
                             "is this the right file? (a longer plan: give the Word file instead)")
        for i in range(len(document)):
            page = _read_page(document[i], i + 1, settings)
            _restore_spaces_after_hyphens(page, miner, settings)
            yield page
    except pdfium.PdfiumError as exc:
        raise _damaged(source, exc) from exc
    finally:
        document.close()
        miner.close()


# What PDFium's error names mean to someone holding the file (pypdfium2 says "… (PDFium: Data format error).")
_PDFIUM_SAYS = {"data format error": "its internal structure is broken",
                "page not found or content error": "a page's content is broken",
                "unsupported security scheme": "it is protected in a way this reader cannot open",
                "file not found or could not be opened": "its bytes could not be opened as a PDF"}


def _damaged(source: str, exc: Exception) -> InputError:
    said = str(exc).lower()
    why = next((plain for code, plain in _PDFIUM_SAYS.items() if code in said), "it could not be parsed")
    return InputError(f"{source}: the PDF is damaged and cannot be read ({why}); get a fresh copy, "
                      "or open it and print it to a new PDF")


def _restore_spaces_after_hyphens(page: RawPage, miner: "_Miner", settings: PdfSettings) -> None:
    """PDFium drops the space after a hyphen that ends a line, the one thing that tells
    "displacement- however" from "Adams-Cook". `_chars` reads it from the hyphen's text object
    (`space_after`); where that cannot tell, pdfminer, which keeps the space, is asked."""
    hyphens = [i for i, c in enumerate(page.chars) if c["line_end_hyphen"]]
    if any(page.chars[i]["space_after"] is None for i in hyphens):
        spaced = _hyphens_followed_by_space(miner.mined_chars(page.number))
        for i in hyphens:
            ch = page.chars[i]
            ch["space_after"] = spaced_in(ch, spaced, settings)
    for i in reversed(hyphens):
        ch = page.chars[i]
        if ch["space_after"]:
            page.chars.insert(i + 1, dict(ch, text=" ", x0=ch["x1"], x1=ch["x1"] + settings.inserted_space_em * ch["size"],
                                          line_end_hyphen=False, space_after=False))


class _Miner:
    """pdfminer's characters for one page, that page copied alone into a small PDF by pikepdf
    (qpdf): opening the whole document with pdfminer would parse every object stream, seconds
    for a long WeasyPrint PDF."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.source = None

    def mined_chars(self, number: int) -> list[dict]:
        import io

        import pdfplumber
        import pikepdf

        if self.source is None:
            self.source = pikepdf.open(io.BytesIO(self.data))
        single = pikepdf.new()
        single.pages.append(self.source.pages[number - 1])
        buffer = io.BytesIO()
        single.save(buffer)
        with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
            return pdf.pages[0].chars

    def close(self) -> None:
        if self.source is not None:
            self.source.close()


def spaced_in(hyphen: dict, spaced: list[tuple[float, float]], settings: PdfSettings = DEFAULTS) -> bool:
    """Whether `hyphen` (a PDFium glyph) is one of pdfminer's hyphens followed by a space."""
    dx, dy = settings.hyphen_match
    return any(abs(hyphen["x0"] - x) < dx and abs(hyphen["bottom"] - y) < dy for x, y in spaced)


def _hyphens_followed_by_space(chars: list[dict]) -> list[tuple[float, float]]:
    return [(c["x0"], c["bottom"]) for c, nxt in zip(chars, chars[1:]) if c["text"] in "-\u2010" and nxt["text"] == " "]


def _read_page(page, number: int, settings: PdfSettings = DEFAULTS) -> RawPage:
    """One page as a viewer shows it: its /Rotate applied to every glyph, fill and rule."""
    view = view_of(page)
    textpage = page.get_textpage()
    try:
        chars, level = _chars(textpage, view, settings.side_bearing_em)
        if view.turn and level > sum(1 for c in chars if c["upright"]):
            # upright in the page's own space, the text runs sideways when seen: read it unturned
            view = unturned(view)
            chars, _ = _chars(textpage, view, settings.side_bearing_em)
    finally:
        textpage.close()
    _doubt_hyphens_followed_on_their_line(page, chars, view, settings)
    fills, edges = _paths(page, view, settings.rule_thickness)
    page.close()
    width, height = view.size
    return RawPage(number, width, height, chars, fills, _tables(edges, width, height))


def _chars(textpage, view: View, side_bearing_em: float) -> tuple[list[dict], int]:
    """The page's glyphs as seen through `view`, and how many are upright in the page's own space."""
    handle = textpage.raw
    turned = view.turn != 0
    left, _, _, top = view.box
    level = 0
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    styles: dict[bytes, _Style] = {}
    chars = []
    count = textpage.count_chars()
    low = False  # the second half of a surrogate pair, already joined to the first
    for i in range(count):
        code = raw.FPDFText_GetUnicode(handle, i)
        if low:
            low = False
            continue
        if 0xD800 <= code <= 0xDBFF and i + 1 < count:  # PDFium gives a character beyond U+FFFF as two UTF-16 halves
            second = raw.FPDFText_GetUnicode(handle, i + 1)
            if 0xDC00 <= second <= 0xDFFF:
                code, low = 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00), True
        line_end_hyphen = code == 2  # PDFium's U+0002: a hyphen ending a line (FPDFText_IsHyphen)
        if line_end_hyphen:
            code = ord("-")
        if code < 32 or 0xFFFD <= code <= 0xFFFF or (code == 32 and raw.FPDFText_IsGenerated(handle, i) == 1):
            continue  # control characters, and the spaces and line ends PDFium made up (only those)
        name, bold, size, upright, unturned_upright = _style(handle, i, view, styles)
        raw.FPDFText_GetLooseCharBox(handle, i, box)
        raw.FPDFText_GetCharOrigin(handle, i, x, y)
        level += unturned_upright
        if turned:
            x0, _, x1, _ = view.rect(box.left, box.bottom, box.right, box.top)
            baseline = view.point(x.value, y.value)[1]
        else:  # the common case, kept free of calls: one page may hold thousands of glyphs
            x0, x1, baseline = box.left - left, max(box.right, box.left) - left, top - y.value
        space_after = (_space_after_hyphen(handle, i, view, box, size, side_bearing_em) if upright else None) if line_end_hyphen else False
        chars.append({
            "text": chr(code),
            "x0": x0, "x1": x1,
            "top": baseline - ASCENT * size, "bottom": baseline + DESCENT * size,
            "size": size,
            "fontname": name,
            "bold": bold,
            "upright": upright,
            "line_end_hyphen": line_end_hyphen,
            "space_after": space_after,
        })
    return chars, level


_Style = tuple[str, bool, float, bool, bool]  # font name, bold, size, upright as seen, upright unturned


def _style(handle, index: int, view: View, cache: dict[bytes, _Style]) -> _Style:
    """A glyph's font, size and uprightness. A text object's glyphs share them (one font, one
    matrix), so each object is asked once: PDFium's calls per glyph are most of a page's time."""
    key = bytes(raw.FPDFText_GetTextObject(handle, index))  # the object's address, cheaper than a cast
    style = cache.get(key)
    if style is None:
        matrix = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(handle, index, matrix)
        # the size set with Tf, scaled as the page draws it (WeasyPrint draws 18.67 × 0.75 = 14 pt)
        size = raw.FPDFText_GetFontSize(handle, index) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        flags = ctypes.c_int()
        raw.FPDFText_GetFontInfo(handle, index, _FONT_NAME, len(_FONT_NAME), flags)
        style = (_FONT_NAME.value.decode("latin-1", "replace"), raw.FPDFText_GetFontWeight(handle, index) >= 600,
                 size, view.upright(matrix.a, matrix.b, matrix.c, matrix.d), matrix.b == 0 and matrix.c == 0)
        if any(key):  # a glyph outside any text object is asked alone
            cache[key] = style
    return style


def _space_after_hyphen(handle, index: int, view: View, loose: raw.FS_RECTF, size: float, side_bearing_em: float) -> bool | None:
    """Whether the line-end hyphen at `index` is followed by a space in its text object, or None
    if that cannot be told. PDFium leaves the space out of the text but not out of the object's
    bounds: a trailing space (no ink) stretches them to its origin, the end of the hyphen's
    advance (the loose box); with nothing after it they stop at the hyphen's ink (the tight box).
    When the hyphen has no right side bearing the two coincide, and pdfminer decides. Right is
    the seen page's right (`view`): on a turned page it is another side of the user-space boxes."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
    ink_end = view.rect(left.value, bottom.value, right.value, top.value)[2]
    gap = view.rect(loose.left, loose.bottom, loose.right, loose.top)[2] - ink_end
    if gap < side_bearing_em * size:
        return None
    text_object = raw.FPDFText_GetTextObject(handle, index)
    if raw.FPDFTextObj_GetTextRenderMode(text_object) not in _FILLED_ONLY:
        return None  # stroked glyphs widen the bounds by half the line width
    obj_left, obj_bottom, obj_right, obj_top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(text_object, obj_left, obj_bottom, obj_right, obj_top):
        return None
    return view.rect(obj_left.value, obj_bottom.value, obj_right.value, obj_top.value)[2] > ink_end + gap / 2


_FILLED_ONLY = (raw.FPDF_TEXTRENDERMODE_FILL, raw.FPDF_TEXTRENDERMODE_FILL_CLIP)


def _doubt_hyphens_followed_on_their_line(page, chars: list[dict], view: View, settings: PdfSettings) -> None:
    """A hyphen whose own text object ends at its ink may still be followed by a space that the
    producer wrote as a text object of its own (`(displacement-) Tj ( ) Tj`): PDFium keeps that
    object, empty, where the space starts. Where any text object starts just after the hyphen on
    its line (or text sits in a form, whose objects are placed in the form's space), leave the
    question to pdfminer."""
    doubtful = [c for c in chars if c["line_end_hyphen"] and c["space_after"] is False]
    if not doubtful:
        return
    boxes = []
    for obj in page.get_objects(max_depth=0):
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            boxes = None
            break
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            boxes.append(view.rect(*obj.get_bounds()))  # x0, top, x1, bottom as seen; y down
    above, below = settings.follower_band_em
    for c in doubtful:
        baseline = c["bottom"] - DESCENT * c["size"]
        if boxes is None or any(
            c["x1"] - settings.follower_slack <= x0 <= c["x1"] + c["size"]
            and bottom >= baseline - above * c["size"] and top <= baseline + below * c["size"]
            for x0, top, x1, bottom in boxes
        ):
            c["space_after"] = None


def _paths(page, view: View, thin: float) -> tuple[list[dict], list[dict]]:
    """Filled boxes (for cell shading) and edges (for ruling) from the page's path objects."""
    fills: list[dict] = []
    edges: list[dict] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
        raw.FPDFPageObj_GetBounds(obj.raw, left, bottom, right, top)
        x0, y0, x1, y1 = view.rect(left.value, bottom.value, right.value, top.value)
        raw.FPDFPath_GetDrawMode(obj.raw, mode, stroke)
        if x1 - x0 < thin or y1 - y0 < thin:
            edges.append(_edge(x0, y0, x1, y1))
            continue
        edges += [_edge(x0, y0, x1, y0), _edge(x0, y1, x1, y1), _edge(x0, y0, x0, y1), _edge(x1, y0, x1, y1)]
        # a simple box (at most 5 segments) is a fill; a frame (outer and inner box) is a border
        if mode.value and raw.FPDFPath_CountSegments(obj.raw) <= 5:
            raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            if a.value:
                fills.append({"x0": x0, "x1": x1, "top": y0, "bottom": y1,
                              "non_stroking_color": (r.value / 255, g.value / 255, b.value / 255)})
    return fills, edges


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    if x1 - x0 >= bottom - top:  # horizontal: a rule at its middle height
        y = (top + bottom) / 2
        return {"object_type": "line_edge", "orientation": "h", "x0": x0, "x1": x1,
                "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}
    x = (x0 + x1) / 2
    return {"object_type": "line_edge", "orientation": "v", "x0": x, "x1": x,
            "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top}


@dataclass(frozen=True)
class _Bounds:
    """All TableFinder asks of a page when every edge is given explicitly."""

    bbox: tuple[float, float, float, float]


def _tables(edges: list[dict], width: float, height: float):
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    finder = TableFinder(_Bounds((0, 0, width, height)), {  # type: ignore[arg-type]
        "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal,
    })
    return [[list(row.cells) for row in table.rows] for table in finder.tables]
