"""Turn a status cell's text ('2. Amber Not started') into its outcome number and the rest."""
from __future__ import annotations

import re

NUMBER_RE = re.compile(r"^\s*(\d{1,2})\s*[.)](?=\s|$)\s*(.*)$", re.S)


def split_number(text: str) -> tuple[int | None, str]:
    """('2. Amber Not started') -> (2, 'Amber Not started'); a cell without a number -> (None, text)."""
    if m := NUMBER_RE.match(text):
        return int(m.group(1)), m.group(2).strip()
    return None, text.strip()
