"""Turn positioned PDF characters into text lines, and lines into paragraphs.

A PDF has no paragraphs, only glyphs. Lines are glyphs that share a baseline band (superscripts
included); a paragraph ends where the vertical gap grows, the weight changes, a list marker
starts a line, or the line ended short of the right edge (a hard break). LibreOffice writes the
space at the end of a wrapped line (unless the space itself did not fit), which mostly settles the
wrapped-or-broken question; for other producers the width of the next line's first word decides.
A word too long for its column is broken where the line runs out, with no hyphen and no space:
`_broken_in_word` tells it by the document's words. Our own appendix promises more (creator.py):
every wrap keeps its space, even past the edge, and paragraphs are parted by a gap, so there a
line without its space was broken inside a word or by a line break, exactly (`_spaced_break`).
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
# Where a line may also break inside a word, by Unicode's line breaking (UAX #14): after an
# exclamation or question mark, a closing brace, a bar, an en or em dash (not after ')', ']', '.',
# ',', ':', ';', '%' or a quote, which stay with the letter after them).
BREAKS_AFTER = (*HYPHENS, "?", "!", "}", "|", "\u2013", "\u2014")
WORD_RE = re.compile(r"\w+")


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
    first_char_width: float = 0.0  # the advance of the line's first letter: would it have fitted above?


def chars_to_lines(chars: list[dict], spaces_written: bool = False, settings: PdfSettings = DEFAULTS) -> list[Line]:
    """Group characters into lines by vertical overlap, each line read left to right. Where the
    producer writes its spaces, none are inferred from gaps (letter-spacing is not a space)."""
    gap_em = settings.space_gap_written_em if spaces_written else settings.space_gap_em
    return [line for g in group_chars(chars, settings) if (line := _make_line(g, gap_em)) is not None]


def group_chars(chars: list[dict], settings: PdfSettings = DEFAULTS) -> list[list[dict]]:
    """The characters of each printed line, top to bottom (a line's own order is not settled)."""
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
    return groups


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
        first_char_width=visible[0]["x1"] - visible[0]["x0"],
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
    words: frozenset[str] = frozenset()  # the document's words seen whole (`whole_words`), lower case
    spaced_wraps: bool = False  # every wrap at a space kept its space, and paragraphs have gaps (creator.py)


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
    joiner = _wrap_or_break(a, b, flow, same_page)
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


def _wrap_or_break(a: Line, b: Line, flow: Flow, same_page: bool = True) -> str:
    s = flow.settings
    if a.trailing_space:
        return " "
    space = s.space_width_em * a.size
    word_fits = a.x1 + space + b.first_word_width <= flow.right - s.right_slack
    if flow.spaced_wraps:
        return _spaced_break(a, b, flow, word_fits, same_page)
    if _broken_in_word(a, b, flow):
        return ""
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


def _spaced_break(a: Line, b: Line, flow: Flow, word_fits: bool, same_page: bool) -> str:
    """How b follows a line that ends without a space where every wrap keeps its space
    (`Flow.spaced_wraps`): a line break if b's first word would have fitted after it; else a
    break inside a word, where the word may break ("https://|www.", "appendix-1?|download") or,
    for a word too long for a line of its own, where the line ran out (overflow-wrap).

    On a new page the gap that ends a paragraph is not seen, so there only a line that was
    surely broken inside a word goes on: one word filling the line (the next letter did not fit),
    or a word ending where a word may break, unless that is a question or exclamation mark before
    a capital (a finished sentence); any other ends its paragraph."""
    if word_fits:
        return "\n"
    if same_page or _filled_by_one_word(a, b, flow):
        return ""
    in_word = a.text.endswith(BREAKS_AFTER) and not a.text[:-1].endswith(" ")
    sentence = a.text.endswith(("?", "!")) and b.text[:1].isupper()
    return "" if in_word and not sentence else "\n"


def _filled_by_one_word(a: Line, b: Line, flow: Flow) -> bool:
    """Whether `a` is one word (after any list marker) reaching so near the right edge that b's
    first letter did not fit after it: how a word too long for its line is broken."""
    words = a.text.split()
    alone = len(words) == 1 or (len(words) == 2 and bool(NUMBER_RE.match(a.text) or BULLET_RE.match(a.text)))
    return alone and a.x1 + b.first_char_width > flow.right - flow.settings.right_slack


def _broken_in_word(a: Line, b: Line, flow: Flow) -> bool:
    """Whether a word longer than the line was broken after `a` where the line ran out, with no
    hyphen ("appropriat|e.", "Consulta|tion", "3. communication|s"), as LibreOffice and Word do.

    A word that fits on a line of its own is moved down whole, so a broken one starts its line (a
    list marker aside), reaches the right edge, the next letter did not fit after it, and the joined
    word is wider than the column's text. A whole word that fills its line and loses the space after
    it ("community" / "budget") looks the same, so the document's own words decide: a fragment it
    uses as a word elsewhere is one, unless it uses the joined word too."""
    s = flow.settings
    if not b.text or (a.text[-1:].islower() and b.text[0].isupper()):
        return False  # a lower-case end before a capital is two words ("Police" / "SBC" in a lead cell)
    if a.x1 < flow.right - s.overlong_word_em * a.size:
        return False  # the line stops short of the right edge
    if " " not in a.text and len(b.text.split()[0]) <= 3:
        return True  # a lone word and a short tail: too short a word to wrap alone ("appropriat|e.")
    words = a.text.split()
    alone = len(words) == 1 or (len(words) == 2 and bool(NUMBER_RE.match(a.text) or BULLET_RE.match(a.text)))
    if not alone or not (words[-1][-1].isalnum() and b.text[0].isalnum()):
        return False
    edge = flow.right - s.right_slack
    if a.x1 + b.first_char_width <= edge or a.x1 + b.first_word_width <= edge:
        return False  # the next letter, or the joined word from the text's left edge, would have fitted
    head, tail = WORD_RE.findall(words[-1])[-1].lower(), WORD_RE.findall(b.text)[0].lower()
    return head + tail in flow.words or not (head in flow.words or tail in flow.words)


def whole_words(lines: list[Line]) -> frozenset[str]:
    """The words (lower case) the document prints inside a line, never at either end of one: there
    a word may be a fragment of one broken at the edge."""
    return frozenset(w.lower() for line in lines for token in line.text.split()[1:-1] for w in WORD_RE.findall(token))


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


def usual_pitch(columns: list[list[Line]], settings: PdfSettings = DEFAULTS, tightest: bool = False) -> dict[float, float]:
    """For each font size, the most common distance between consecutive line tops; with `tightest`,
    the smallest (our own appendix sets every line at one line height and parts paragraphs by a
    gap: in a short plan the lines parted by gaps may be the more common, and were read as one
    paragraph, a status's label run into its note: "AmberSuperseded")."""
    low, high = settings.pitch_range_em
    counts: dict[float, dict[float, int]] = {}
    for lines in columns:
        for a, b in zip(lines, lines[1:]):
            d = round(b.top - a.top, 1)
            if a.size == b.size and low * a.size < d < high * a.size:
                counts.setdefault(a.size, {}).setdefault(d, 0)
                counts[a.size][d] += 1
    if tightest:
        return {size: min(c) for size, c in counts.items()}
    return {size: min(c, key=lambda d: (-c[d], d)) for size, c in counts.items()}
