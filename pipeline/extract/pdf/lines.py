"""Turn positioned PDF characters into text lines, and lines into paragraphs.

A PDF has no paragraphs, only glyphs. Lines are glyphs that share a baseline band (superscripts
included); a paragraph ends where the vertical gap grows, the weight changes, a list marker
starts a line, or the line ended short of the right edge (a hard break). LibreOffice writes the
space at the end of a wrapped line, which settles the wrapped-or-broken question exactly; for
other producers the width of the next line's first word decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.grid import UNSURE_BREAK, Para
from pipeline.extract.pdf.settings import DEFAULTS, PdfSettings

NUMBER_RE = re.compile(r"^\d{1,2}[.)](?:\s|$)")
BULLET_RE = re.compile(r"^[•●▪◦‣∙·\uf0b7\uf0a7\uf0d8\uf0fc\uf076](?:\s|$)")
# Where a line may break inside a word with no space: after a hyphen, or after a slash ("and/or").
HYPHENS = ("-", "\u2010", "/")


@dataclass(frozen=True)
class Line:
    """One printed line: its box, text, dominant font size and weight."""

    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    trailing_space: bool
    first_word_width: float


def chars_to_lines(chars: list[dict], spaces_written: bool = False, settings: PdfSettings = DEFAULTS) -> list[Line]:
    """Group characters into lines by vertical overlap, each line read left to right. Where the
    producer writes its spaces, none are inferred from gaps (letter-spacing is not a space)."""
    groups: list[list[dict]] = []
    band_top = band_bottom = None
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if groups and _overlaps(ch, band_top, band_bottom, settings.line_overlap):
            groups[-1].append(ch)
            if ch["size"] >= groups[-1][0]["size"]:
                band_top, band_bottom = min(band_top, ch["top"]), max(band_bottom, ch["bottom"])
        else:
            groups.append([ch])
            band_top, band_bottom = ch["top"], ch["bottom"]
    gap_em = settings.space_gap_written_em if spaces_written else settings.space_gap_em
    return [line for g in groups if (line := _make_line(g, gap_em)) is not None]


def _overlaps(ch: dict, top: float, bottom: float, share: float) -> bool:
    height = max(ch["bottom"] - ch["top"], 0.1)
    overlap = min(ch["bottom"], bottom) - max(ch["top"], top)
    return overlap > share * height


def _make_line(group: list[dict], gap_em: float) -> Line | None:
    group.sort(key=lambda c: c["x0"])
    text: list[str] = []
    last_x1 = None
    visible = [c for c in group if c["text"].strip()]
    if not visible:
        return None
    size = max(c["size"] for c in visible)
    for ch in group:
        if ch["text"].isspace():
            if text and text[-1] != " ":
                text.append(" ")
            last_x1 = ch["x1"]
            continue
        gap = ch["x0"] - last_x1 if last_x1 is not None else 0.0
        # where spaces are written, only a wider gap (a tab, a list marker's indent) is a space
        if gap > gap_em * ch["size"] and text and text[-1] != " ":
            text.append(" ")
        text.append(ch["text"])
        last_x1 = ch["x1"]
    joined = "".join(text)
    first_word = joined.strip().split(" ")[0]
    first_width = _width_of_prefix(visible, len(first_word))
    bold = all(c.get("bold") or _is_bold(c["fontname"]) for c in visible)
    return Line(
        top=min(c["top"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        x0=visible[0]["x0"],
        x1=visible[-1]["x1"],
        text=joined.strip(),
        size=round(size, 1),
        bold=bold,
        trailing_space=group[-1]["text"].isspace(),
        first_word_width=first_width,
    )


def _width_of_prefix(visible: list[dict], n: int) -> float:
    chars = visible[: max(n, 1)]
    return chars[-1]["x1"] - chars[0]["x0"]


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return any(w in name for w in ("bold", "black", "heavy", "semibold", "demibold"))


def emits_trailing_spaces(lines: list[Line], settings: PdfSettings = DEFAULTS) -> bool:
    """True when the producer writes the space at a wrap (LibreOffice does; many do not)."""
    return sum(1 for line in lines if line.trailing_space) >= settings.trailing_space_lines


@dataclass(frozen=True)
class Flow:
    """What decides line joins in one text column: its right edge and the document's habits."""

    right: float
    pitch: dict[float, float]  # font size → usual baseline-to-baseline distance
    trailing_spaces: bool
    settings: PdfSettings = DEFAULTS


def line_joiner(a: Line, b: Line, flow: Flow, same_page: bool = True, head: Line | None = None) -> str | None:
    """How b follows a: ' ' or '' (wrapped: same paragraph), '\\n' (line break), None (new
    paragraph). `head` is the first line of a's paragraph."""
    s = flow.settings
    if same_page:
        usual = flow.pitch.get(a.size, a.size * s.pitch_em)
        if b.top - a.top > usual + s.paragraph_gap_em * a.size:
            return None
    if a.bold != b.bold or BULLET_RE.match(b.text):
        return None
    joiner = _wrap_or_break(a, b, flow)
    if NUMBER_RE.match(b.text) and not same_page:
        return None  # a numbered line at the top of a page is the next item
    if NUMBER_RE.match(b.text):
        # "20." may start a wrapped line of prose; a list item starts in the marker column of the
        # item before it, or after a line that was broken, not wrapped
        in_marker_column = head is not None and NUMBER_RE.match(head.text) and abs(head.x0 - b.x0) < s.column_slack
        if in_marker_column or b.x0 < a.x0 - s.column_slack or joiner == "\n":  # left of a hanging indent
            return None
    if not same_page and joiner == UNSURE_BREAK and a.text.endswith((".", "!", "?", ":")) and b.text[:1].isupper():
        return None  # a page break hides the paragraph gap: a finished sentence, a capital: new paragraph
    return joiner


def _wrap_or_break(a: Line, b: Line, flow: Flow) -> str:
    s = flow.settings
    if a.trailing_space:
        return " "
    if " " not in a.text and a.x1 >= flow.right - s.overlong_word_em * a.size and len(b.text.split()[0]) <= 3:
        return ""  # a word longer than the line, broken where the line ran out ("appropriat|e.")
    space = s.space_width_em * a.size
    word_fits = a.x1 + space + b.first_word_width <= flow.right - s.right_slack
    if a.text.endswith(HYPHENS) and a.text[-2:-1].isalnum() and not word_fits:  # "and/|or", not "time /|on"
        return ""
    if word_fits:
        return "\n"
    # A producer that writes the space at a wrap drops it only where the space itself did not
    # fit; there, and wherever no spaces are written, a wrap and a break look the same.
    space_fits = a.x1 + space <= flow.right - s.right_slack
    if flow.trailing_spaces and space_fits:
        return "\n"
    return UNSURE_BREAK


def lines_to_paras(lines: list[Line], flow: Flow) -> list[Para]:
    """Join a column's lines into paragraphs; a break without a gap stays inside as '\\n'."""
    paras: list[Para] = []
    head: Line | None = None
    for i, line in enumerate(lines):
        joiner = line_joiner(lines[i - 1], line, flow, head=head) if i else None
        if joiner is None:
            paras.append(Para(text=line.text, bold=line.bold))
            head = line
        else:
            last = paras[-1]
            paras[-1] = Para(text=last.text + joiner + line.text, bold=last.bold and line.bold)
    return paras


def usual_pitch(columns: list[list[Line]], settings: PdfSettings = DEFAULTS) -> dict[float, float]:
    """For each font size, the most common distance between consecutive line tops."""
    low, high = settings.pitch_range_em
    counts: dict[float, dict[float, int]] = {}
    for lines in columns:
        for a, b in zip(lines, lines[1:]):
            d = round(b.top - a.top, 1)
            if a.size == b.size and low * a.size < d < high * a.size:
                counts.setdefault(a.size, {}).setdefault(d, 0)
                counts[a.size][d] += 1
    return {size: min(c, key=lambda d: (-c[d], d)) for size, c in counts.items()}
