"""Turn bytes into text that Word and PDF can hold: UTF-8 decoded with its line named on failure,
and no character that XML 1.0 cannot carry (C0 and C1 controls but tab and newline, U+FFFE/FFFF,
lone surrogates)."""
from __future__ import annotations

import re
import unicodedata

from pipeline.errors import InputError
from pipeline.plan.printable import UNPRINTABLE


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or InputError naming the line and column."""
    # UTF-16 with its byte-order mark, or without: ASCII text then has a zero byte beside every letter
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00\x00" in (data[0:4:2], data[1:4:2]):
        raise InputError(f"{source}:1: saved as UTF-16 (Notepad's \"Unicode\"); save the file as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(data[:exc.start].decode("utf-8", "replace"))
        raise InputError(f"{source}:{line}: not UTF-8 text: byte 0x{data[exc.start]:02X} at column {column} "
                         "(saved as Windows-1252 or Latin-1?); save the file as UTF-8") from exc
    return text.removeprefix("\ufeff")


def position(before: str) -> tuple[int, int]:
    """The 1-based line and column just after `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def describe(char: str) -> str:
    """'U+0001 (a control character)' and the like, for a message."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a surrogate pair, not a character"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    elif unicodedata.category(char) == "Cf":
        kind = f"{unicodedata.name(char, 'unnamed')}, an invisible formatting character"
    else:
        kind = "a control character" + (f", {unicodedata.name(char)}" if unicodedata.name(char, "") else "")
    return f"U+{code:04X} ({kind})"


def first_unprintable(value: str) -> re.Match[str] | None:
    """Where `value` holds a character a board paper cannot print, if it does."""
    return UNPRINTABLE.search(value)


def check_printable(text: str, source: str) -> None:
    """Refuse raw text holding an unprintable character, naming its line and column."""
    bad = first_unprintable(text)
    if bad:
        line, column = position(text[:bad.start()])
        raise InputError(f"{source}:{line}: {describe(bad.group())} at column {column} cannot be printed "
                         "in Word or PDF; delete it (it often comes from pasting)")
