"""Turn JSON text into Python values, bounded: nesting depth capped before parsing (json recurses),
and no string holding a character a board paper cannot print (an escape such as "\\u0001" makes
one), named by its line and JSON path."""
from __future__ import annotations

import json
import re
from typing import Any

from pipeline.errors import InputError
from pipeline.plan.printable import unprintable_in
from pipeline.reading.text import check_printable, describe, position

MAX_DEPTH = 32  # a plan nests six deep
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # strings are skipped whole: brackets in text don't count
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


def load(text: str, source: str) -> Any:
    """The JSON value in `text`, or InputError naming `source`, the line and what to do; a string
    holding an unprintable character is named by its place in a plan ('action 2.1 progress ¶3')."""
    check_printable(text, source)
    _check_depth(text, source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}:{exc.lineno}: not JSON: {exc.msg} at column {exc.colno}") from exc
    found = unprintable_in(data)
    if found:
        where, char = found
        raise InputError(f"{source}:{_line_of_escape(text, char)}: {where}: {describe(char)}, written as an escape, "
                         "cannot be printed in Word or PDF; delete it")
    return data


def _check_depth(text: str, source: str) -> None:
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = position(text[:match.start()])
                raise InputError(f"{source}:{line}: nested more than {MAX_DEPTH} levels deep at column {column}: "
                                 "not a plan")
        elif token in "]}":
            depth -= 1


def _line_of_escape(text: str, char: str) -> int:
    """The line of the first \\uXXXX escape that writes `char` (a surrogate only if left unpaired)."""
    code = ord(char)
    for match in _ESCAPE.finditer(text):
        if int(match.group(1), 16) != code:
            continue
        after = text[match.end():match.end() + 6]
        pairs = 0xD800 <= code <= 0xDBFF and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", after)
        if not pairs:
            return position(text[:match.start()])[0]
    return 1
