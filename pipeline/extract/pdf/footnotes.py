"""Turn a page's footnotes into glyphs left out of it: the notes at the page's foot and their marks.

Word prints a footnote as a small raised number right after a word or number ("41%²") and the
note itself at the foot of the page, in smaller type below the last table or paragraph (often
under a short rule, above the running footer), starting with the same number: raised in Word's
own PDFs, full size in LibreOffice's. Neither belongs to the plan: read as text, a mark glues a
number to a value ("41%2") and the notes become body text or a table's last row. The notes are
looked for first, and marks only on a page that has some, so a raised number that no note
answers ("2nd", "m²" on a page without notes) stays as printed.
"""
from __future__ import annotations

import bisect
import logging
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.pdf.lines import chars_to_lines, group_chars
from pipeline.extract.pdf.pdfium import DESCENT
from pipeline.extract.pdf.settings import DEFAULTS, PdfSettings

log = logging.getLogger("pipeline")


@dataclass(frozen=True)
class Footnote:
    """A note at the page's foot, or a mark calling one: its number, its text (a note's words, or
    the glyph a mark follows) and the positions of its glyphs in the page's list."""

    number: str
    text: str
    chars: tuple[int, ...]


@dataclass(frozen=True)
class _FootLine:
    """A line under the page's last table, split into its leading number and the rest."""

    top: float
    bottom: float
    number: str  # the digits it starts with, or ''
    raised: bool  # those digits are smaller or higher than the rest (a superscript)
    size: float  # the rest's largest glyph
    chars: tuple[int, ...]
    rest: tuple[int, ...]


def drop_footnotes(chars: list[dict], below: float, height: float, where: str,
                   settings: PdfSettings = DEFAULTS) -> list[dict]:
    """`chars` (a page's upright glyphs) less its footnotes and their marks; `below` is where the
    page's last table ends (0 without one). Says what it left out in one info message (`where`
    names the page), and warns of a mark without a note or a note without a mark."""
    lines = _foot_lines(chars, below, settings)
    if not any(line.number and line.rest for line in lines):
        return chars  # most pages: no numbered line under the last table
    usual = _UsualAbove(chars)
    if not any(line.number and line.rest and line.size <= settings.footnote_size * usual(line.top) for line in lines):
        return chars
    marks = _marks(chars, settings)
    notes = _notes(lines, {m.number for m in marks}, usual, height, chars, settings)
    if not notes:
        return chars
    numbers = {n.number for n in notes}
    called = [m for m in marks if m.number in numbers]
    for m in marks:
        if m.number not in numbers:
            log.warning("%s: the raised number %s after %r matches no footnote at the page's foot; kept in the text",
                        where, m.number, m.text)
    for n in notes:
        if n.number not in {m.number for m in called}:
            log.warning("%s: footnote %s (%r) has no mark in the page's text; left out", where, n.number, n.text[:60])
    log.info("%s: footnotes left out of the plan: %s", where,
             "; ".join(f"{n.number} {n.text[:60]!r}" for n in notes))
    dropped = {i for f in (*notes, *called) for i in f.chars}
    return [c for i, c in enumerate(chars) if i not in dropped]


class _UsualAbove:
    """The size most of the page's glyphs above a height are printed in: the text that a note
    would be smaller than (not the whole page's, which long notes on a short page would set)."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = chars
        self.known: dict[float, float] = {}

    def __call__(self, top: float) -> float:
        if top not in self.known:
            sizes = Counter(round(c["size"], 1) for c in self.chars if c["bottom"] <= top and not c["text"].isspace())
            self.known[top] = max(sizes, key=lambda s: (sizes[s], s)) if sizes else 0.0
        return self.known[top]


def _baseline(ch: dict) -> float:
    return ch["bottom"] - DESCENT * ch["size"]


def _foot_lines(chars: list[dict], below: float, settings: PdfSettings) -> list[_FootLine]:
    """The lines under the page's last table, top to bottom."""
    position = {id(c): i for i, c in enumerate(chars) if (c["top"] + c["bottom"]) / 2 > below}
    lines = []
    for group in group_chars([chars[i] for i in position.values()], settings):
        group.sort(key=lambda c: c["x0"])
        visible = [c for c in group if not c["text"].isspace()]
        if not visible:
            continue
        lead = 0
        while lead < len(visible) and visible[lead]["text"].isdigit():
            lead += 1
        digits, rest = visible[:lead], visible[lead:]
        size = max((c["size"] for c in rest), default=0.0)
        raised = bool(digits and rest) and (
            max(c["size"] for c in digits) <= settings.mark_size * size
            or _baseline(digits[0]) <= _baseline(rest[0]) - settings.mark_rise_em * size)
        lines.append(_FootLine(
            top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
            number="".join(c["text"] for c in digits), raised=raised, size=size,
            chars=tuple(position[id(c)] for c in group), rest=tuple(position[id(c)] for c in rest)))
    return lines


def _notes(lines: list[_FootLine], marked: set[str], usual: _UsualAbove, height: float, chars: list[dict],
           settings: PdfSettings) -> list[Footnote]:
    """The footnotes closing the page: from a small line starting with a raised number (or one a
    mark calls), small lines only, nothing after them but the running footer's zone."""
    footer = height * (1 - settings.running_zone)
    for first, line in enumerate(lines):
        if line.number and line.rest and (line.raised or line.number in marked):
            small = settings.footnote_size * usual(line.top)  # smaller than the text above the notes
            notes = _area(lines[first:], small, marked, settings)
            if notes and all(later.top > footer for later in lines[first + sum(map(len, notes)):]):
                return [_footnote(note, chars, settings) for note in notes]  # only the footer follows
    return []


def _area(lines: list[_FootLine], small: float, marked: set[str], settings: PdfSettings) -> list[list[_FootLine]]:
    """The notes that `lines` start with, each as its lines: a small line starting with a raised
    or marked number begins one; a small line right under it goes on with it."""
    notes: list[list[_FootLine]] = []
    for line in lines:
        if not line.rest or line.size > small:
            break
        if line.number and (line.raised or line.number in marked):
            notes.append([line])
        elif notes and line.top - notes[-1][-1].bottom <= settings.footnote_gap_em * line.size:
            notes[-1].append(line)  # the note's next line, even one starting with a number ("2015 onwards")
        else:
            break
    return notes


def _footnote(note: list[_FootLine], chars: list[dict], settings: PdfSettings) -> Footnote:
    """The note's number, its words (for messages) and all its glyphs."""
    words = [c for line in note for c in (line.rest if line is note[0] else line.chars)]
    text = " ".join(line.text for line in chars_to_lines([chars[i] for i in words], settings=settings))
    return Footnote(note[0].number, text, tuple(i for line in note for i in line.chars))


def _marks(chars: list[dict], settings: PdfSettings) -> list[Footnote]:
    """Raised numbers right after a glyph of larger text ("41%²", "priorities.¹"): each a
    Footnote whose text is the glyph it follows."""
    biggest = max(c["size"] for c in chars)
    digits = [i for i, c in enumerate(chars) if c["text"].isdigit() and c["size"] <= settings.mark_size * biggest]
    if not digits:
        return []
    order = sorted(range(len(chars)), key=lambda i: chars[i]["x1"])
    ends = [chars[i]["x1"] for i in order]
    reach = settings.mark_gap_em * biggest  # the glyph a mark follows ends within this of it
    marks = []
    for d in digits:
        mark = chars[d]
        lo, hi = bisect.bisect_left(ends, mark["x0"] - reach), bisect.bisect_right(ends, mark["x0"] + reach)
        before = [chars[i] for i in order[lo:hi] if _calls(mark, chars[i], settings)]
        if before:
            run = _digit_run(d, chars, digits, settings)
            number = "".join(chars[i]["text"] for i in run)
            marks.append(Footnote(number, max(before, key=lambda c: c["x1"])["text"], run))
    return marks


def _calls(mark: dict, before: dict, settings: PdfSettings) -> bool:
    """Whether `mark` is a superscript right after `before`: smaller, raised, touching, same line."""
    size = before["size"]
    return (not before["text"].isspace()
            and abs(mark["x0"] - before["x1"]) <= settings.mark_gap_em * size
            and mark["size"] <= settings.mark_size * size
            and _baseline(mark) <= _baseline(before) - settings.mark_rise_em * size
            and mark["bottom"] > before["top"])


def _digit_run(start: int, chars: list[dict], digits: list[int], settings: PdfSettings) -> tuple[int, ...]:
    """The raised digits that follow the mark's first one ("¹²" is twelve)."""
    run = [start]
    while True:
        last = chars[run[-1]]
        nxt = [i for i in digits if i not in run and abs(chars[i]["x0"] - last["x1"]) <= settings.mark_gap_em * last["size"]
               and abs(_baseline(chars[i]) - _baseline(last)) <= settings.mark_rise_em * last["size"]]
        if not nxt:
            return tuple(run)
        run.append(min(nxt, key=lambda i: chars[i]["x0"]))
