"""Turn a cell's paragraphs into a field's values: prose paragraphs, lines, or list items."""
from __future__ import annotations

import re

from pipeline.extract.grid import UNSURE_BREAK, Para

BULLET = "• "
# A list marker typed as text ("1.", "2)", "a)", "•", "-") rather than made by Word numbering.
# Bullet glyphs, including the private-use ones that Symbol / Wingdings bullets come out as.
BULLETS = "•●▪◦‣∙·\uf0b7\uf0a7\uf0d8\uf0fc\uf076"
TYPED_MARKER_RE = re.compile(rf"^\s*(?:\d{{1,2}}[.)]|[a-z][.)]|[{BULLETS}*–-])\s+")
TYPED_BULLET_RE = re.compile(rf"^\s*[{BULLETS}]\s*")
PROJECT_RE = re.compile(r"^\s*project\s*/\s*campaign\s*:?\s*$", re.I)


def settle_breaks(text: str, lines: bool = False) -> str:
    """Settle each unsure PDF line break: a wrap in prose and lists; in a field of lines, a
    wrap only when what follows is a single word (a long name's tail), else a new line."""
    if UNSURE_BREAK not in text:
        return text
    head, *rest = text.split(UNSURE_BREAK)
    out = [head]
    for part in rest:
        tail = part.split("\n")[0].split(UNSURE_BREAK)[0].strip()
        line_so_far = "".join(out).split("\n")[-1]
        wrapped = (
            not lines
            or len(tail.split()) <= 1  # a long name's last word
            or tail[:1].islower()  # a sentence going on
            or line_so_far.count("(") > line_so_far.count(")")  # inside brackets
        )
        out.append((" " if wrapped else "\n") + part)
    return "".join(out)


def _tidy(text: str, lines: bool = False) -> str:
    """Fold runs of white space inside each line; drop empty lines."""
    text = settle_breaks(text, lines)
    lines_ = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines_ if line)


def clean_prose(paragraphs: list[Para]) -> tuple[str, ...]:
    """Paragraphs of prose; a bulleted paragraph (Word list or typed glyph) starts with '• '."""
    out = []
    for p in paragraphs:
        text = _tidy(p.text)
        if p.list_kind == "bullet" or TYPED_BULLET_RE.match(text):
            text = BULLET + _tidy(TYPED_BULLET_RE.sub("", text))
        if text and text != BULLET.strip():
            out.append(text)
    return tuple(out)


def clean_lines(paragraphs: list[Para]) -> tuple[str, ...]:
    """One value per printed line (paragraphs and line breaks alike)."""
    return tuple(line for p in paragraphs for line in _tidy(p.text, lines=True).split("\n") if line)


def clean_items(paragraphs: list[Para]) -> tuple[str, ...]:
    """List items without their markers, whether numbered by Word or typed."""
    out = []
    for p in paragraphs:
        text = _tidy(p.text)
        if p.list_kind is None or TYPED_MARKER_RE.match(text):
            text = _tidy(TYPED_MARKER_RE.sub("", text, count=1))
        if text:
            out.append(text)
    return tuple(out)


def split_project_label(paragraphs: tuple[str, ...]) -> tuple[bool, tuple[str, ...]]:
    """Take a leading 'Project / campaign' label (own paragraph or own first line) off the objectives."""
    if not paragraphs:
        return False, paragraphs
    first, *rest = paragraphs
    head, _, tail = first.partition("\n")
    if PROJECT_RE.match(head):
        return True, ((tail,) if tail else ()) + tuple(rest)
    return False, paragraphs
