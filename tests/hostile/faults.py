"""Make the machine fail a write as a failing one would: a read-only folder, a full disk, a kill.

Real faults where this machine allows them (as root, chmod stops no write: `chattr +i` or a read-only
mount does; a small tmpfs fills up), and injected ones everywhere: FaultyOs stands in for the `os`
module of pipeline.files and pipeline.journal (the writing layer) and fails chosen calls, in this
process or, from the PIPELINE_FAULT environment variable, in the CLI that faulty_cli.py runs.
"""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

CALLS = ("open", "write", "fsync", "link", "rename", "replace", "mkdir")  # every call that writes to the disk
SPACE = ("open", "write", "fsync", "link", "mkdir")  # those a full disk fails (a rename over a name needs no room)
ENV = "PIPELINE_FAULT"


class FaultyOs:
    """`os`, except that the `at`-th call among `calls` (with `persist`, every one from then on) under the
    folder `under` raises OSError(`code`), or with `kill` kills this process (kill -9) instead. An `open`
    counts only when it creates a file; `write` and `fsync` are placed by the file they were given."""

    def __init__(self, code: int = errno.ENOSPC, at: int = 1, persist: bool = False, calls: Iterable[str] = CALLS,
                 under: str | os.PathLike[str] | None = None, kill: bool = False) -> None:
        self.code, self.at, self.persist, self.kill = code, at, persist, kill
        self.calls = frozenset(calls)
        self.under = os.path.realpath(under) if under else None
        self.count = 0
        self.paths: dict[int, str] = {}  # open descriptors and what they are

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name not in self.calls | {"open", "close"}:
            return real

        def call(*args, **kwargs):
            where = self._where(name, args)
            if name in self.calls and self._counts(name, args, where):
                self.count += 1
                if self.count == self.at or (self.persist and self.count > self.at):
                    if self.kill:
                        os.kill(os.getpid(), signal.SIGKILL)
                    raise OSError(self.code, os.strerror(self.code), where)
            result = real(*args, **kwargs)
            if name == "open":
                self.paths[result] = where
            elif name == "close":
                self.paths.pop(args[0], None)
            return result

        return call

    def _where(self, name: str, args: tuple) -> str:
        if name in ("write", "fsync", "close"):
            return self.paths.get(args[0], "")
        return os.fspath(args[1] if name in ("link", "rename", "replace") else args[0])

    def _counts(self, name: str, args: tuple, where: str) -> bool:
        if name == "open" and not args[1] & os.O_CREAT:
            return False  # opening a folder to lock or sync it
        inside = os.path.realpath(where) if where else ""
        return self.under is None or inside == self.under or inside.startswith(self.under + os.sep)

    def env(self) -> dict[str, str]:
        """The environment that gives faulty_cli.py this fault."""
        return {ENV: json.dumps({"code": errno.errorcode[self.code], "at": self.at, "persist": self.persist,
                                 "calls": sorted(self.calls), "under": self.under, "kill": self.kill})}

    @classmethod
    def from_env(cls, text: str) -> FaultyOs:
        spec = json.loads(text)
        return cls(getattr(errno, spec.pop("code")), **spec)


def install(faulty: FaultyOs, setattr: Callable[[object, str, object], None] = setattr) -> None:
    """Put `faulty` in place of the writing layer's `os` (pass monkeypatch.setattr to have it undone)."""
    from pipeline import files, journal

    setattr(files, "os", faulty)
    setattr(journal, "os", faulty)


def read_only_for_real(folder: Path) -> Callable[[], None] | None:
    """Make `folder` read-only so that even root cannot write in it; return how to undo that, or None
    where this machine allows none of the ways (then inject EROFS instead)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    ways = [(["chattr", "+i", str(folder)], ["chattr", "-i", str(folder)]),  # ext4, xfs, btrfs, tmpfs (6.0+)
            (["sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"', str(folder)], ["umount", str(folder)])]
    for do, undo in ways:
        try:
            done = subprocess.run(do, capture_output=True, timeout=30)
        except OSError:  # no such program here
            continue
        if done.returncode == 0 and not _writable(folder):
            return lambda undo=undo: subprocess.run(undo, capture_output=True, timeout=30, check=True)
        subprocess.run(undo, capture_output=True, timeout=30)
    return None


@contextmanager
def small_disk(folder: Path, size: int) -> Iterator[bool]:
    """Mount a tmpfs of `size` bytes on `folder` (root, where the container allows it); yield whether it is."""
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, timeout=30)
    except OSError:
        done = None
    if done is None or done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def fill(folder: Path, leave: int) -> None:
    """Fill the disk holding `folder` with one file in it, leaving about `leave` bytes free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True
