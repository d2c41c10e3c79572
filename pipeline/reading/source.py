"""Turn a path into its bytes, never more than the kind of file allows: a size limit that also
holds for pipes and devices (which report a size of 0)."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError


@dataclass(frozen=True)
class Kind:
    """What an input is, for its messages, and the most bytes it may have."""

    name: str
    max_bytes: int
    typical: str  # said when the limit is hit, so the user can see they gave the wrong file


UPDATES = Kind("updates file", 4 << 20, "a quarter's updates are tens of KB")
PLAN = Kind("plan.json", 32 << 20, "a year's plan is a few hundred KB")
PROFILE = Kind("profile", 256 << 10, "a profile is a few lines")
DOCUMENT = Kind("document", 200 << 20, "a monitor is a few MB")
RECORD = Kind("record", 32 << 20, "a review record or manifest is a few KB")


def read_input(path: str | os.PathLike[str], kind: Kind = DOCUMENT) -> bytes:
    """Return the bytes of the input at `path`, or raise InputError naming it and what to do."""
    if not str(path):
        raise InputError(f"the path of the {kind.name} is empty: give the file's name")
    p = Path(path)
    try:
        with open(p, "rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError(f"{p}: is a folder, not a file: give the {kind.name} itself")
            if stat.S_ISREG(info.st_mode) and info.st_size > kind.max_bytes:
                raise _too_big(p, kind, info.st_size)
            data = f.read(kind.max_bytes + 1)  # at most one byte past the limit: a pipe or /dev/zero never ends
            if len(data) > kind.max_bytes:
                raise _too_big(p, kind, None)
            return data
    except IsADirectoryError as exc:
        raise InputError(f"{p}: is a folder, not a file: give the {kind.name} itself") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read it: {exc.strerror or exc}") from exc


def _too_big(p: Path, kind: Kind, size: int | None) -> InputError:
    got = f"{_amount(size)}" if size is not None else f"goes on past {_amount(kind.max_bytes)}"
    return InputError(f"{p}: {got}, but {'an' if kind.name[0] in 'aeiou' else 'a'} {kind.name} may have at most {_amount(kind.max_bytes)} "
                      f"({kind.typical}): is this the right file?")


def _amount(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB" if size >= 1 << 20 else f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"
