"""Turn a status cell's text ('2. Amber Not started') into its number, printed RAG word and note."""
from __future__ import annotations

import re

from pipeline.plan.model import Rag

NUMBER_RE = re.compile(r"^\s*(\d{1,2})\s*[.)](?=\s|$)\s*(.*)$", re.S)
WORD_RE = re.compile(r"^(green|amber|red|no status)\b\s*[:–—-]?\s*(.*)$", re.I | re.S)


def parse_status(text: str) -> tuple[int | None, Rag | None, bool, str]:
    """Return (outcome number or None, RAG named in words, whether a word was printed, the note)."""
    number = None
    if m := NUMBER_RE.match(text):
        number, text = int(m.group(1)), m.group(2)
    else:
        text = text.strip()
    if m := WORD_RE.match(text):
        word = m.group(1).lower()
        return number, None if word == "no status" else Rag(word), True, m.group(2).strip()
    return number, None, False, text.strip()


def split_number(text: str) -> tuple[int | None, str]:
    """('2. Amber Not started') -> (2, 'Amber Not started'); a cell without a number -> (None, text)."""
    if m := NUMBER_RE.match(text):
        return int(m.group(1)), m.group(2).strip()
    return None, text.strip()
