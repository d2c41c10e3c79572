"""Write outputs atomically (inputs: pipeline.reading): a failure never leaves a half-written file, nor a
set of outputs (an appendix's Word file, PDF and redline) part new and part old, and an OS fault (a
read-only or full disk, a folder or a link in the way, a missing folder) is one OutputError line naming
the path and what to do. Outputs are checked before the work (check_outputs), so that a render is not
done for nothing; pipeline.journal undoes what a writer killed mid-write left behind.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from pipeline import journal
from pipeline.errors import OutputError, output_error, shown

Where = str | os.PathLike[str]
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def check_outputs(*paths: Where | None, inputs: Iterable[Where | None] = ()) -> None:
    """Refuse, before the work, output files that could not be written: a folder, a link or a device in
    the way, a missing or read-only folder, a path given twice or naming one of `inputs`. Each folder is
    tried by making a file in it (and removing it): root passes no permission test, but fails this one on
    a read-only mount or an immutable folder, as the write would."""
    targets = _targets(p for p in paths if p is not None)  # "" is refused as a folder, not skipped
    for target in targets:
        if any(source and _same_file(target, Path(source)) for source in inputs):
            raise OutputError(f"{shown(target)}: is also an input of this command; write the output to another path")
    for target in {t.parent: t for t in reversed(targets)}.values():  # each folder once, named by its first output
        _probe(target.parent, target)


def check_output_folder(path: Where) -> None:
    """Refuse, before the work, a folder output (replaced as a whole) that could not be written."""
    p = Path(path)
    st = _lstat(p)
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise _link_error(p)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{shown(p)}: is a file, not a folder; give the path of a folder to write the set into")
    _check_parent(p)
    _probe(p.parent, p)


def check_creatable(path: Where) -> None:
    """Refuse, before the work, a folder to be made (with its missing parents) where none can be."""
    p = Path(path)
    ancestor = next(a for a in (p, *p.parents) if os.path.lexists(a))
    if not os.path.isdir(ancestor):
        raise OutputError(f"{shown(ancestor)}: is a file, not a folder; move it away, or write the output somewhere else")
    _probe(ancestor, p)


def write_atomic(path: Where, data: bytes) -> None:
    """Write `data` to `path` via a synced temporary file beside it and a rename."""
    write_files({path: data})


def write_files(files: Mapping[Where, bytes]) -> None:
    """Write `files` (path → bytes, in one folder or several) as a whole: afterwards every one holds its
    new bytes, or every one what it held before (an absent one stays absent), whatever fails (a full disk
    at any write, a rename), and no temporary file is left behind.

    Each new file is written and synced beside its target first. Then a journal of the set goes into each
    of its folders, each old file gets a second name (a hard link: the backup) and each new one is renamed
    over its target; on a failure the backups are renamed back. A run killed among the renames (kill -9,
    a power cut) leaves the journal, and the next writer into any of those folders undoes the set by it:
    all old again, as a failed run leaves it (rolling forward would finish a run its user saw fail)."""
    targets = _targets(files)
    contents = dict(zip(targets, files.values()))
    with journal.locked(t.parent for t in targets) as folders:
        entries: list[journal.Entry] = []
        journals = [journal.temporary(Path(f, "pipeline"), "journal") for f in folders] if len(targets) > 1 else []
        at = targets[0] if targets else Path()
        try:
            for at in targets:
                entries.append(_reserve(at))
            record = journal.journal_text(journals, entries)
            for path in journals:
                _fill(os.open(path, _CREATE, 0o600), record, 0o600)
            for entry in entries:
                at, fd, entry.fd = entry.target, entry.fd, -1
                _fill(fd, contents[at], 0o644)
            journal.sync(folders)  # the journal and the new files are on disk before any old file is touched
            for entry in entries:
                at = entry.target
                if entry.existed and journals:
                    _back_up(entry)
                os.replace(entry.tmp, entry.target)
            journal.sync(folders)
        except BaseException as exc:
            if stuck := _abandon(entries, journals):
                raise OutputError(f"{shown(stuck[0])}: writing failed ({exc}) and the earlier file could not be put "
                                  "back; run the command again: it finishes putting it back first") from exc
            if isinstance(exc, OSError):
                raise output_error(at, exc) from exc
            raise
        for path in (*journals, *(e.backup for e in entries)):  # the journals first: from here the new set stands
            with suppress(OSError):
                os.unlink(path)


def write_new_files(folder: Path, files: dict[str, bytes], mode: int) -> None:
    """Write each of `files` into the (new, empty) `folder`, synced to disk, with permissions `mode`."""
    for name, data in files.items():
        _fill(os.open(folder / name, _CREATE, 0o600), data, mode)
    os.chmod(folder, 0o755)


def replace_folder(path: Where, files: dict[str, bytes]) -> None:
    """Make `path` a folder holding exactly `files`, replacing any folder there as a whole: the new one is
    written beside it and swapped in, in one step where Linux can (renameat2), so it never holds a mix."""
    p = Path(path)
    check_output_folder(p)
    with journal.locked([p.parent]) as folders:
        new = journal.temporary(p, "new")
        old = None
        try:
            os.mkdir(new, 0o700)
            write_new_files(new, files, 0o644)
            if os.path.lexists(p):
                old = _swap(new, p)
            else:
                os.rename(new, p)
        except BaseException as exc:
            shutil.rmtree(new, ignore_errors=True)
            if isinstance(exc, OSError):
                raise output_error(p, exc) from exc
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        with suppress(OSError):  # the new folder is in; one that cannot be synced is left to the kernel
            journal.sync(folders)


def _targets(paths: Iterable[Where]) -> list[Path]:
    """Check each output file's path; refuse one given twice (by any spelling)."""
    seen: dict[str, Path] = {}
    for raw in paths:
        target = _check_target(raw)
        key = os.path.join(os.path.realpath(target.parent), target.name)
        if key in seen:
            raise OutputError(f"{shown(target)}: given twice as an output (also as {shown(seen[key])}); give each its own path")
        seen[key] = target
    return list(seen.values())


def _check_target(raw: Where) -> Path:
    text = os.fspath(raw)
    target = Path(text)
    if not text:
        raise OutputError("an output path is empty; give the path of a file to write")
    if text.endswith(os.sep) or target.name in ("", ".", ".."):
        raise OutputError(f"{shown(text)}: names a folder; give the path of a file to write")
    st = _lstat(target)
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise _link_error(target)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise output_error(target, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{shown(target)}: is not a regular file (a device, a pipe or a socket); give the path of a file to write")
    _check_parent(target)
    return target


def _check_parent(p: Path) -> None:
    """The folder an output goes in must be there: a mistyped path is refused, not made (make makes its own)."""
    try:
        st = os.stat(p.parent)  # a link to a folder is a folder here
    except OSError as exc:
        raise output_error(p, exc) from exc
    if not stat.S_ISDIR(st.st_mode):
        raise output_error(p, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))


def _lstat(p: Path) -> os.stat_result | None:
    try:
        return os.lstat(p)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a file on the way (ENOTDIR), a name too long, a folder not searchable
        raise output_error(p, exc) from exc


def _link_error(p: Path) -> OutputError:
    # replacing the link would silently cut it; writing through it would write where the path does not say
    return OutputError(f"{shown(p)}: is a symbolic link (to {shown(os.readlink(p))}); not replacing a link: "
                       "give the path it leads to, or remove the link first")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them is not there: not the same file
        return False


def _probe(folder: Path, target: Path) -> None:
    probe = journal.temporary(folder / "pipeline", "probe")
    try:
        os.close(os.open(probe, _CREATE, 0o600))
    except OSError as exc:
        raise output_error(target, exc) from exc
    with suppress(OSError):
        os.unlink(probe)


def _reserve(target: Path) -> journal.Entry:
    """Create the temporary file beside `target` (in its folder, so that the rename is atomic)."""
    tmp = journal.temporary(target, "tmp")
    fd = os.open(tmp, _CREATE, 0o600)
    return journal.Entry(target, tmp, os.path.lexists(target), os.fstat(fd).st_ino, fd)


def _fill(fd: int, data: bytes, mode: int) -> None:
    """Write all of `data` to the new file `fd`, give it `mode` (whatever the umask), sync and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def _back_up(entry: journal.Entry) -> None:
    """Give the old file a second name to put back on a failure: a hard link, so that the target stays in
    place meanwhile; where the file system has no hard links, the old file is moved aside instead."""
    try:
        os.link(entry.target, entry.backup)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EMLINK, errno.EOPNOTSUPP):
            raise
        os.rename(entry.target, entry.backup)


def _abandon(entries: list[journal.Entry], journals: list[Path]) -> list[Path]:
    """Put every old file back and remove the temporary files; return the targets that could not be put
    back (their backups and the journals are then kept, for the next writer to finish the undo)."""
    stuck = []
    for entry in entries:
        if entry.fd >= 0:
            os.close(entry.fd)
            entry.fd = -1
        try:
            journal.undo(entry)
        except OSError:
            stuck.append(entry.target)
    leftovers = [e.tmp for e in entries] + ([] if stuck else [e.backup for e in entries] + journals)
    for path in leftovers:
        with suppress(OSError):
            os.unlink(path)
    return stuck


def _swap(new: Path, p: Path) -> Path:
    """Put the folder `new` in place of the folder `p`; return where the old one now is. Linux exchanges
    them in one step; elsewhere two renames do, and a run killed between them leaves no `p` until the next."""
    if _exchange(new, p):
        return new
    aside = new.with_suffix(".old")
    os.rename(p, aside)
    try:
        os.rename(new, p)
    except BaseException:
        os.rename(aside, p)
        raise
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically; False where the kernel or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fspath(b))
