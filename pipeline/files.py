"""Write outputs atomically, so a failure never leaves a half-written file (inputs: pipeline.reading)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new_files(folder: Path, files: dict[str, bytes], mode: int) -> None:
    """Write each of `files` into the (new, empty) `folder`, synced to disk, with permissions `mode`."""
    for name, data in files.items():
        with open(folder / name, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(folder / name, mode)
    os.chmod(folder, 0o755)


def replace_folder(path: str | os.PathLike[str], files: dict[str, bytes]) -> None:
    """Make `path` a folder holding exactly `files`, replacing any folder there as a whole: the new
    one is written beside it and swapped in by renames, so it never holds a mix of old and new."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=".new", dir=p.parent))
    old = p.with_name(f".{p.name}.old")
    try:
        write_new_files(new, files, 0o644)
        if old.exists():  # left by a run that died between the two renames below
            shutil.rmtree(old)
        if p.exists():
            os.rename(p, old)
        os.rename(new, p)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not p.exists():
            os.rename(old, p)  # put the previous folder back
        raise
    shutil.rmtree(old, ignore_errors=True)
