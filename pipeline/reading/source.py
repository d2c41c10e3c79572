"""Turn a path into its bytes, never more than the kind of file allows: a size limit that also
holds for pipes and devices (which report a size of 0), read in bounded chunks."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError

_CHUNK = 1 << 20


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
    p = Path(path)
    try:
        with open(p, "rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError(f"{p}: is a folder, not a file: give the {kind.name} itself")
            if stat.S_ISREG(info.st_mode) and info.st_size > kind.max_bytes:
                raise _too_big(p, kind, info.st_size)
            return _read_at_most(f, p, kind)
    except IsADirectoryError as exc:
        raise InputError(f"{p}: is a folder, not a file: give the {kind.name} itself") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read it: {exc.strerror or exc}") from exc


def _read_at_most(f, p: Path, kind: Kind) -> bytes:
    """Read to the end, refusing as soon as more than the limit has come (a pipe or /dev/zero never ends)."""
    buffer = bytearray()
    while chunk := f.read(min(_CHUNK, kind.max_bytes + 1 - len(buffer))):
        buffer += chunk
        if len(buffer) > kind.max_bytes:
            raise _too_big(p, kind, None)
    return bytes(buffer)


def _too_big(p: Path, kind: Kind, size: int | None) -> InputError:
    got = f"{size:,} bytes" if size is not None else f"more than {kind.max_bytes:,} bytes"
    return InputError(f"{p}: {got}, more than a {kind.name} may have ({kind.max_bytes:,}; "
                      f"{kind.typical}): is this the right file?")
