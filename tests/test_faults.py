"""OS faults while writing (issue 13): a read-only folder, a full disk, a folder, a link or a file in the
way, a missing folder, a name too long are each one `error:` line naming the path and what to do, exit 1,
nothing changed; and an output set (the appendix's Word file, PDF and redline) is replaced as a whole
or not at all, whichever write fails and wherever the run is killed.

Read-only for real where root can be stopped (chattr +i, a read-only mount), a full disk for real on a
small tmpfs; each also injected (tests/hostile/faults.py), which works on any machine."""
from __future__ import annotations

import errno
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import GOLD_JSON, INPUTS, REFERENCE_DOCX, small_plan
from hostile.cli_run import refused
from hostile.faults import CALLS, SPACE, FaultyOs, fill, install, read_only_for_real, small_disk

import pipeline.render.pdf.appendix
import pipeline.render.redline.document
import pipeline.render.word.appendix  # all imported before a test stubs one: redline takes render_docx at import
from pipeline.errors import OutputError
from pipeline.files import write_atomic, write_files
from pipeline.plan.schema import plan_to_json

SET = ("a.docx", "a.pdf", "a-redline.docx")  # what `render` writes: the appendix and its redline
NEW = {name: f"the new {name}\n".encode() for name in SET}
OLD = {name: f"the earlier {name}\n".encode() for name in SET}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "plan.json"
    path.parent.mkdir()
    path.write_text(plan_to_json(small_plan()), "utf-8")
    return path


def command(name: str, output: Path, plan: Path, others: Path) -> list:
    """`name`'s command line writing `output` (a set's other files go into the folder `others`)."""
    return {
        "render": ["render", plan, "--previous", plan, "--docx", others / "a.docx", "--pdf", output,
                   "--redline", others / "a-redline.docx"],
        "extract": ["extract", REFERENCE_DOCX, "-o", output],
        "extract --write-profile": ["extract", REFERENCE_DOCX, "-o", others / "plan.json", "--write-profile", output],
        "apply": ["apply", GOLD_JSON, INPUTS / "q2.yaml", "-o", output],
        "apply --record": ["apply", GOLD_JSON, INPUTS / "q2.yaml", "-o", others / "plan.json", "--record", output],
        "collect": ["collect", GOLD_JSON, others, "--updates", INPUTS / "q2.yaml", "-o", output],
        "redline": ["redline", plan, plan, "-o", output],
        "updates-template": ["updates-template", plan, "--quarter", "2", "-o", output],
    }[name]


COMMANDS = ["render", "extract", "extract --write-profile", "apply", "apply --record", "collect", "redline",
            "updates-template"]


def _a_folder(out: Path) -> tuple[Path, str]:
    (out / "x").mkdir()
    return out / "x", "is a folder; give the path of a file to write"


def _missing_folder(out: Path) -> tuple[Path, str]:
    return out / "missing" / "x", f"the folder {out / 'missing'} does not exist; create it (mkdir -p {out / 'missing'})"


def _a_link(out: Path) -> tuple[Path, str]:
    target = out.parent / "elsewhere" / "x"
    target.parent.mkdir()
    target.write_bytes(b"what the link leads to\n")
    (out / "x").symlink_to(target)
    return out / "x", f"is a symbolic link (to {target}); not replacing a link"


def _a_dangling_link(out: Path) -> tuple[Path, str]:
    (out / "x").symlink_to(out.parent / "nowhere")
    return out / "x", f"is a symbolic link (to {out.parent / 'nowhere'}); not replacing a link"


def _a_file_for_folder(out: Path) -> tuple[Path, str]:
    (out / "file").write_bytes(b"a file\n")
    return out / "file" / "x", f"{out / 'file'} is a file, not a folder"


def _a_long_name(out: Path) -> tuple[Path, str]:
    return out / ("x" * 300), "too long for the file system; give a shorter one"


IN_THE_WAY = {"a folder": _a_folder, "a missing folder": _missing_folder, "a symbolic link": _a_link,
              "a dangling link": _a_dangling_link, "a file for a folder": _a_file_for_folder, "a long name": _a_long_name}


@pytest.mark.parametrize("case", IN_THE_WAY)
@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_path_that_cannot_be_written_is_refused(name: str, case: str, tmp_path: Path, plan: Path) -> None:
    out, others = tmp_path / "out", tmp_path / "others"
    out.mkdir()
    others.mkdir()
    (out / "earlier.pdf").write_bytes(b"an earlier output\n")
    output, said = IN_THE_WAY[case](out)
    line = refused(*command(name, output, plan, others), watch=(tmp_path,))
    assert line.startswith(f"error: {output}: ") and said in line, line


@contextmanager
def read_only(folder: Path, how: str) -> Iterator[FaultyOs | None]:
    """`folder` made read-only: for real (skipped where this machine cannot stop root), or injected."""
    if how == "injected":
        yield FaultyOs(errno.EROFS, persist=True, under=folder)
        return
    undo = read_only_for_real(folder)
    if undo is None:
        pytest.skip("neither chattr +i nor a read-only bind mount works here; the injected case covers it")
    try:
        yield None
    finally:
        undo()


@pytest.mark.parametrize("how", ["for real", "injected"])
@pytest.mark.parametrize("name", COMMANDS)
def test_a_read_only_folder_is_refused(name: str, how: str, tmp_path: Path, plan: Path) -> None:
    out, others = tmp_path / "out", tmp_path / "others"
    out.mkdir()
    others.mkdir()
    (out / "earlier.pdf").write_bytes(b"an earlier output\n")
    with read_only(out, how) as fault:
        line = refused(*command(name, out / "x", plan, others), watch=(tmp_path,), fault=fault)
    assert line.startswith(f"error: {out / 'x'}: ") and "read-only" in line and "write the output somewhere else" in line, line


def test_a_read_only_folder_is_refused_before_the_render(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def render(*args: object) -> bytes:
        raise AssertionError("rendered before the outputs were checked")

    monkeypatch.setattr(pipeline.render.word.appendix, "render_docx", render)
    monkeypatch.setattr(pipeline.render.redline.document, "redline_docx", render)
    monkeypatch.setattr(pipeline.render.pdf.appendix, "render_pdf", render)
    out = tmp_path / "out"
    out.mkdir()
    install(FaultyOs(errno.EROFS, persist=True, under=out), monkeypatch.setattr)
    with pytest.raises(OutputError, match=r"a\.(docx|pdf): .*read-only"):
        _render(out, plan)


@pytest.mark.parametrize("how", ["for real", "injected"])
def test_final_and_archive_refuse_a_read_only_folder_before_the_work(how: str, tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    (out / "archive").mkdir(parents=True)
    draft = out / "2014-15" / "q2"
    draft.mkdir(parents=True)
    for name in ("plan.json", "appendix-1-q2.docx", "reviewed.docx"):
        (draft / name).write_bytes(b"not read: the output is refused first\n")
    final = ["final", draft / "reviewed.docx", "--draft", draft / "plan.json", "--draft-docx", draft / "appendix-1-q2.docx",
             "-o", draft / "final"]
    with read_only(draft, how) as fault:
        line = refused(*final, watch=(tmp_path,), fault=fault)
    assert line.startswith(f"error: {draft / 'final'}: ") and "read-only" in line, line
    with read_only(out / "archive", how) as fault:
        line = refused("archive", "--year", "2014-15", "--quarter", "2", "--outputs", out, watch=(tmp_path,), fault=fault)
    assert line.startswith(f"error: {out / 'archive' / '2014-15'}: ") and "read-only" in line, line


def test_a_final_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "q2"
    draft.mkdir()
    for name in ("plan.json", "appendix-1-q2.docx", "reviewed.docx"):
        (draft / name).write_bytes(b"not read: the output is refused first\n")
    (tmp_path / "elsewhere").mkdir()
    (draft / "final").symlink_to(tmp_path / "elsewhere")
    line = refused("final", draft / "reviewed.docx", "--draft", draft / "plan.json", "--draft-docx",
                   draft / "appendix-1-q2.docx", "-o", draft / "final", watch=(tmp_path,))
    assert line.startswith(f"error: {draft / 'final'}: is a symbolic link (to {tmp_path / 'elsewhere'})"), line


def _old_set(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in SET:
        (out / name).write_bytes(OLD[name])


def test_a_full_disk_is_refused_and_the_old_set_kept(tmp_path: Path, plan: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with small_disk(disk, 1024 * 1024) as mounted:
        if not mounted:
            pytest.skip("no tmpfs can be mounted here; the injected case covers a full disk")
        out = disk / "out"
        _old_set(out)
        fill(disk, leave=12 * 1024)  # room for the first new file, not for the set
        line = refused("render", plan, "--previous", plan, "--docx", out / "a.docx", "--pdf", out / "a.pdf",
                       "--redline", out / "a-redline.docx", watch=(out,))
    assert "the disk is full" in line and "free some space and run again (nothing was changed)" in line, line
    assert any(line.startswith(f"error: {out / name}: ") for name in SET), line


@pytest.mark.parametrize("name", ["render", "extract --write-profile", "apply"])
def test_a_full_disk_is_refused_and_the_old_outputs_kept_injected(name: str, tmp_path: Path, plan: Path) -> None:
    out = tmp_path / "out"
    _old_set(out)
    for earlier in ("plan.json", "x"):
        (out / earlier).write_bytes(b"an earlier output\n")
    disk_full = FaultyOs(errno.ENOSPC, calls=("write", "fsync"), persist=True)  # an empty file can still be made
    line = refused(*command(name, out / ("a.pdf" if name == "render" else "x"), plan, out), watch=(out,), fault=disk_full)
    assert line.startswith(f"error: {out}/") and "the disk is full" in line, line


def _render(out: Path, plan: Path) -> None:
    from pipeline.render import render_files

    render_files(str(plan), docx=str(out / "a.docx"), pdf=str(out / "a.pdf"), previous=str(plan),
                 redline=str(out / "a-redline.docx"))


@pytest.fixture
def quick_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three renders return at once (the writes are what these tests are about)."""
    monkeypatch.setattr(pipeline.render.word.appendix, "render_docx", lambda *args: NEW["a.docx"])
    monkeypatch.setattr(pipeline.render.redline.document, "redline_docx", lambda *args: NEW["a-redline.docx"])
    monkeypatch.setattr(pipeline.render.pdf.appendix, "render_pdf", lambda *args: NEW["a.pdf"])


OLD_SETS = {"a whole old set": SET, "no old set": (), "part of an old set": ("a.pdf",)}


def _with_old(out: Path, names: tuple[str, ...]) -> Path:
    out.mkdir()
    for name in names:
        (out / name).write_bytes(OLD[name])
    return out


def _state(out: Path) -> dict[str, bytes | None]:
    return {name: (out / name).read_bytes() if (out / name).exists() else None for name in SET}


@pytest.mark.parametrize("disk", ["fails once", "stays full"])
@pytest.mark.parametrize("old", OLD_SETS)
def test_a_full_disk_at_any_write_of_a_render_leaves_the_old_set_or_the_new(
        old: str, disk: str, tmp_path: Path, plan: Path, quick_renders: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, persist = (CALLS, False) if disk == "fails once" else (SPACE, True)
    counter = FaultyOs(at=0, calls=calls)  # fails nothing: counts the render's writes
    with monkeypatch.context() as patch:
        install(counter, patch.setattr)
        _render(_with_old(tmp_path / "count", OLD_SETS[old]), plan)
    assert counter.count >= 12, counter.count  # a probe, then per file a create, a write, a sync (and a journal)
    for k in range(1, counter.count + 2):
        out = _with_old(tmp_path / f"write {k}", OLD_SETS[old])
        before = _state(out)
        with monkeypatch.context() as patch:
            install(FaultyOs(errno.ENOSPC, at=k, persist=persist, calls=calls), patch.setattr)
            try:
                _render(out, plan)
                failed = None
            except OutputError as exc:
                failed = str(exc)
        assert (failed is None) == (k > counter.count), (k, failed)
        if failed is not None:
            assert _state(out) == before, (k, failed)
            assert "the disk is full" in failed and "\n" not in failed and any(str(out / n) in failed for n in SET), failed
        else:
            assert _state(out) == NEW
        assert sorted(os.listdir(out)) == sorted(n for n, data in _state(out).items() if data is not None), k


def _a_set_in_two_folders(root: Path, old: tuple[str, ...]) -> dict[Path, bytes]:
    """Like extract's -o and --write-profile, files in two folders written as one set; `old` of them there already."""
    new = {root / "a" / "plan.json": b"the new plan\n", root / "a" / "notes.txt": b"new notes\n",
           root / "b" / "profile.yaml": b"the new profile\n"}
    for path in new:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.name in old:
            path.write_bytes(b"the earlier " + path.name.encode())
    return new


@pytest.mark.parametrize("disk", ["fails once", "stays full"])
def test_a_full_disk_at_any_write_of_a_set_in_two_folders(disk: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, persist = (CALLS, False) if disk == "fails once" else (SPACE, True)
    counter = FaultyOs(at=0, calls=calls)
    with monkeypatch.context() as patch:
        install(counter, patch.setattr)
        write_files(_a_set_in_two_folders(tmp_path / "count", ("plan.json",)))
    for k in range(1, counter.count + 2):
        new = _a_set_in_two_folders(tmp_path / f"write {k}", ("plan.json",))  # the others are new files
        before = {path: path.read_bytes() if path.exists() else None for path in new}
        with monkeypatch.context() as patch:
            install(FaultyOs(errno.ENOSPC, at=k, persist=persist, calls=calls), patch.setattr)
            try:
                write_files(new)
                failed = False
            except OutputError:
                failed = True
        after = {path: path.read_bytes() if path.exists() else None for path in new}
        assert after == (before if failed else new), k
        for folder in {path.parent for path in new}:
            assert sorted(os.listdir(folder)) == sorted(p.name for p, data in after.items() if data is not None and p.parent == folder)


@pytest.mark.parametrize("old", ["a whole old set", "no old set"])
def test_a_run_killed_at_any_write_is_undone_by_the_next_writer(old: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kill -9 at each write of a set in two folders: the next write into either folder (here of another
    file) finds what the dead run left and undoes it, so the set is all old (or, killed after the
    commit, all new), and once both folders were written to, nothing of the dead run is left."""
    names = ("plan.json", "notes.txt", "profile.yaml") if old == "a whole old set" else ()
    counter = FaultyOs(at=0)
    with monkeypatch.context() as patch:
        install(counter, patch.setattr)
        write_files(_a_set_in_two_folders(tmp_path / "count", names))
    for k in range(1, counter.count + 1):
        root = tmp_path / f"write {k}"
        new = _a_set_in_two_folders(root, names)
        before = {path: path.read_bytes() if path.exists() else None for path in new}
        pid = os.fork()
        if pid == 0:  # the run to kill
            try:
                install(FaultyOs(at=k, kill=True))
                write_files(new)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (k, status)
        write_atomic(root / "b" / "other.txt", b"written after the kill\n")
        after = {path: path.read_bytes() if path.exists() else None for path in new}
        assert after in (before, new), k
        write_atomic(root / "a" / "other.txt", b"written after the kill\n")
        for folder in (root / "a", root / "b"):
            present = [p.name for p, data in after.items() if data is not None and p.parent == folder]
            assert sorted(os.listdir(folder)) == sorted([*present, "other.txt"]), k


def test_a_path_is_named_on_one_line_whatever_its_name_holds(tmp_path: Path, plan: Path) -> None:
    missing = tmp_path / "new\nline"
    line = refused("render", plan, "--pdf", missing / "a.pdf", watch=(tmp_path,))
    shown = f"{tmp_path}/new\\nline"  # the newline escaped
    assert line == f"error: {shown}/a.pdf: the folder {shown} does not exist; create it (mkdir -p '{shown}') or correct the path"


@pytest.mark.parametrize("name", ["render", "extract"])
def test_a_device_a_path_given_twice_or_an_input_is_refused(name: str, tmp_path: Path, plan: Path) -> None:
    pipe = tmp_path / "pipe"  # as /dev/null or /dev/stdout would be, but never a system file: the old code replaced those
    os.mkfifo(pipe)
    line = refused(*command(name, pipe, plan, tmp_path), watch=(tmp_path,))
    assert line == f"error: {pipe}: is not a regular file (a device, a pipe or a socket); give the path of a file to write"
    (tmp_path / "link").symlink_to(tmp_path)
    once, again = tmp_path / "a.docx", tmp_path / "link" / "a.docx"
    line = refused(*(["render", plan, "--docx", once, "--pdf", again] if name == "render"
                     else ["extract", REFERENCE_DOCX, "-o", once, "--write-profile", again]), watch=(tmp_path,))
    assert line.startswith(f"error: {again}: given twice as an output (also as {once})"), line
    source = plan if name == "render" else REFERENCE_DOCX
    line = refused(*(["render", plan, "--docx", plan] if name == "render" else ["extract", source, "-o", source]),
                   watch=(tmp_path, source.parent))
    assert line == f"error: {source}: is also an input of this command; write the output to another path", line
