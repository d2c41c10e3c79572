"""Name what can go wrong, so the CLI can report it in one line and exit 1."""
from __future__ import annotations

import errno
import os
import shlex
from pathlib import Path


class PipelineError(Exception):
    """A failure the user can act on; its message is printed as `error: <message>`."""


class InputError(PipelineError):
    """An input file is unreadable, malformed or not what it claims to be."""


class ExtractionError(InputError):
    """A readable document does not hold an action plan laid out as expected."""


class UpdatesError(InputError):
    """A quarter's updates file is invalid; the message lists every problem found."""


class RenderError(PipelineError):
    """An output could not be made (a missing font, a refused resource)."""


class StrictError(PipelineError):
    """A warning was raised while `--strict` was in force."""


class OutputError(PipelineError):
    """An output cannot be written where asked (a read-only or full disk, a folder or a link in the
    way, a missing folder); the message names the path and what to do, and nothing was changed."""


def shown(path: str | os.PathLike[str]) -> str:
    """`path` as a message shows it: on one line, a control character (a newline in a name) escaped."""
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)[1:-1]


def output_error(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    """The one line for `exc`, met writing `path`: the path, what is wrong, what to do."""
    p = Path(path)
    folder = shown(p.parent)
    code = exc.errno
    if code == errno.EROFS:
        what = f"the folder {folder} is on a read-only file system; write the output somewhere else"
    elif code in (errno.EACCES, errno.EPERM):
        what = (f"not allowed to write it ({exc.strerror}): the folder {folder} or the file is read-only; "
                "make it writable, or write the output somewhere else")
    elif code in (errno.ENOSPC, errno.EDQUOT):
        full = "the disk is full" if code == errno.ENOSPC else "the disk quota is used up"
        what = f"{full} ({exc.strerror}); free some space and run again (nothing was changed)"
    elif code == errno.EISDIR:
        what = "is a folder; give the path of a file to write"
    elif code in (errno.ENOENT, errno.ENOTDIR):
        what = _not_there(p) or f"cannot write it: {exc.strerror}"
    elif code == errno.ENAMETOOLONG:
        what = "the name (or the whole path) is too long for the file system; give a shorter one"
    else:
        what = f"cannot write it: {exc.strerror or exc}"
    return OutputError(f"{shown(p)}: {what}")


def _not_there(p: Path) -> str | None:
    """Say which folder on the way to `p` is missing, or is a file: the outermost one."""
    for folder in reversed(p.parents):
        if not os.path.lexists(folder):
            return (f"the folder {shown(folder)} does not exist; create it (mkdir -p {shown(shlex.quote(str(p.parent)))}) "
                    "or correct the path")
        if not os.path.isdir(folder):
            kind = "a file, not a folder" if os.path.isfile(folder) else "not a folder"
            return f"{shown(folder)} is {kind}; give an output path inside a folder"
    return None
