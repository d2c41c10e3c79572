"""Turn JSON text into Python values, bounded: nesting depth capped before parsing (json recurses),
and no string holding a character a board paper cannot print (an escape such as "\\u0001" makes
one), named by its line and JSON path; strict JSON: no NaN or Infinity, no number too long to be
one, no key given twice in an object (Python's json keeps the last silently), no text longer than
a cell of the board paper takes."""
from __future__ import annotations

import json
import re
from typing import Any

from pipeline.errors import InputError
from pipeline.plan.printable import first_in, place, unprintable_in
from pipeline.reading.text import check_printable, describe, position

MAX_DEPTH = 32  # a plan nests six deep
MAX_TEXT = 20_000  # characters in one string, as an updates file's paragraph: beyond, minutes of layout, and
# WeasyPrint prints a very long word's first line only, losing the rest
MAX_DIGITS = 100  # a plan's numbers are quarters
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # strings are skipped whole: brackets in text don't count
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


def load(text: str, source: str) -> Any:
    """The JSON value in `text`, or InputError naming `source`, the line and what to do; a string
    holding an unprintable character is named by its place in a plan ('action 2.1 progress ¶3')."""
    check_printable(text, source)
    _check_depth(text, source)
    try:
        data = json.loads(text, parse_constant=_not_a_number, parse_int=_integer, object_pairs_hook=_Object)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}:{exc.lineno}: not JSON: {exc.msg} at column {exc.colno}") from exc
    except _Refused as exc:
        line, column = position(text[:_outside_strings(text, exc.token)])
        raise InputError(f"{source}:{line}: at column {column}, {exc.problem}") from exc
    twice = _key_twice(data, ())
    if twice:
        path, key = twice
        where = place(data, path)
        raise InputError(f"{source}: {where}: the key \"{key}\" is given twice; keep one")
    found = unprintable_in(data)
    if found:
        where, char = found
        raise InputError(f"{source}:{_line_of_escape(text, char)}: {where}: {describe(char)}, written as an escape, "
                         "cannot be printed in Word or PDF; delete it")
    long = first_in(data, lambda value: f"{len(value):,}" if len(value) > MAX_TEXT else None)
    if long:
        where, size = long
        raise InputError(f"{source}: {where}: a text of {size} characters, more than a cell of the board paper "
                         f"takes ({MAX_TEXT:,}); shorten it, or split it into paragraphs")
    return data


class _Refused(ValueError):
    def __init__(self, token: str, problem: str) -> None:
        super().__init__(problem)
        self.token, self.problem = token, problem


class _Object(dict):
    """A JSON object that remembers the first key it was given twice."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.twice = next((k for n, (k, _) in enumerate(pairs) if any(k == j for j, _ in pairs[:n])), None) \
            if len(self) < len(pairs) else None


def _not_a_number(token: str) -> None:
    raise _Refused(token, f"{token} is not a JSON number (JSON has no NaN or Infinity); write a number")


def _integer(token: str) -> int:
    if len(token.lstrip("-")) > MAX_DIGITS:
        raise _Refused(token, f"a number of {len(token.lstrip('-')):,} digits, not one of a plan's; write a number")
    return int(token)


def _outside_strings(text: str, token: str) -> int:
    """Where `token` is first written outside a string (a NaN in a paragraph is words)."""
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), text):
        if match.group() == token:
            return match.start()
    return 0


def _key_twice(value: Any, path: tuple[Any, ...]) -> tuple[tuple[Any, ...], str] | None:
    """(JSON path, key) of the first object that was given a key twice."""
    if isinstance(value, _Object) and value.twice is not None:
        return path, value.twice
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _key_twice(item, (*path, key))
        if found:
            return found
    return None


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
