"""Turn what a write killed midway (kill -9, a power cut) left in a folder back into the folder as it was."""
# files.py's helper: the folder locks, the names of its own temporary files, and the journal of a set of
# files being renamed into place. A writer holds the lock of every folder it writes into (flock on the
# folder itself): two runs take turns, and anything of ours found in a folder whose lock we hold is a dead
# run's. A set's journal lets the next writer undo it: the old files back from their backups, the new ones
# taken out.
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

_OURS = re.compile(r"^\..*\.[0-9a-f]{12}\.(tmp|old|new|probe|journal)$")
_KEEP = 80  # bytes of a target's name kept in a temporary's name, which must fit the file system's limit too


def temporary(path: Path, kind: str) -> Path:
    """A fresh name beside `path` for one of our own files: a temporary (tmp, new), a probe, a journal."""
    short = os.fsdecode(os.fsencode(path.name)[:_KEEP])
    return path.with_name(f".{short}.{secrets.token_hex(6)}.{kind}")


@dataclass
class Entry:
    """One file of a set being written: its target, its temporary file, and whether an old one is there."""

    target: Path
    tmp: Path
    existed: bool
    ino: int  # the temporary's inode: after the rename, the target is the new file when it has this one
    fd: int = -1

    @property
    def backup(self) -> Path:
        return self.tmp.with_suffix(".old")

    def to_json(self) -> dict[str, object]:
        folder = os.path.realpath(self.target.parent)  # read back from any folder, by any later run
        return {"target": os.path.join(folder, self.target.name), "tmp": os.path.join(folder, self.tmp.name),
                "existed": self.existed, "ino": self.ino}

    @classmethod
    def from_json(cls, item: dict) -> Entry:
        return cls(Path(item["target"]), Path(item["tmp"]), bool(item["existed"]), int(item["ino"]))


def journal_text(journals: list[Path], entries: list[Entry]) -> bytes:
    """The journal: every copy's path (one in each folder of the set) and every file of the set."""
    return json.dumps({"journals": [str(j) for j in journals], "files": [e.to_json() for e in entries]}).encode("utf-8")


def undo(entry: Entry) -> None:
    """Put back what `entry.target` held before: the old file from its backup, or no file."""
    if entry.existed:
        if os.path.lexists(entry.backup):
            os.replace(entry.backup, entry.target)  # a no-op while both still name the old file
    else:
        with suppress(FileNotFoundError):
            if os.lstat(entry.target).st_ino == entry.ino:  # the new file went in: take it out
                os.unlink(entry.target)


@contextmanager
def locked(folders: Iterable[Path]) -> Iterator[dict[str, int | None]]:
    """Hold each folder's lock, taken in one order (two runs cannot deadlock), after undoing or removing
    what dead runs left in them; yield the folders (real paths) with their open descriptors (None: a
    folder we may write into but not open)."""
    with ExitStack() as stack:
        opened: dict[str, int | None] = {}
        for folder in sorted({os.path.realpath(f) for f in folders}):
            opened[folder] = fd = _open_folder(folder)
            if fd is not None:
                stack.callback(os.close, fd)
        held = {folder for folder, fd in opened.items() if fd is not None and _lock(fd, wait=True)}
        for folder in held:
            _recover(folder, held)
        yield opened


def sync(folders: Mapping[str, int | None]) -> None:
    """Put the folders' entries (new names, renames) on disk, as each file's bytes already are."""
    for fd in folders.values():
        try:
            if fd is not None:
                os.fsync(fd)
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # a file system that cannot sync a folder: nothing to do
                raise


def _open_folder(folder: str) -> int | None:
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # a folder we may write into but not read: no lock, no recovery, no sync
        return None


def _lock(fd: int, wait: bool) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # held by a live run (when not waiting), or a file system without flock
        return False


def _recover(folder: str, held: set[str]) -> None:
    """Undo or remove what a run killed while writing into `folder` left there (its lock is ours, so that
    run is dead): a set half renamed, by its journal; then temporary files and backups, by their names."""
    try:
        left = sorted(name for name in os.listdir(folder) if _OURS.match(name))
    except OSError:
        return
    if [name for name in left if name.endswith(".journal") and not _replay(Path(folder, name), held)]:
        return  # a set still to undo needs its backups
    for name in left:
        path = Path(folder, name)
        with suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                os.unlink(path)


def _replay(journal: Path, held: set[str]) -> bool:
    """Undo the set `journal` lists; False when another of its folders is busy with a live run (a later
    writer tries again), or the undo failed."""
    try:
        record = json.loads(journal.read_bytes())
        entries = [Entry.from_json(item) for item in record["files"]]
        journals = [Path(j) for j in record["journals"]]
    except (OSError, ValueError, KeyError, TypeError):  # cut short while written, so before any rename
        with suppress(OSError):
            os.unlink(journal)
        return True
    with ExitStack() as stack:
        for folder in {str(e.target.parent) for e in entries} - held:
            fd = _open_folder(folder)
            if fd is not None:
                stack.callback(os.close, fd)
                if not _lock(fd, wait=False):
                    return False
        try:
            for entry in entries:
                undo(entry)
        except OSError:
            return False
        for path in (*(e.tmp for e in entries), *(e.backup for e in entries), *journals):
            with suppress(OSError):
                os.unlink(path)
    return True
