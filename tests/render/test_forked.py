"""Forked: a call run in a child process gives back its value, its exception and its warnings."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import RenderError, UpdatesError
from pipeline.render import forked
from pipeline.render.forked import Forked


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork whatever this machine has: the behaviour under test is the child's."""
    monkeypatch.setattr(forked, "cores", lambda: 2)


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _fails() -> None:
    logging.getLogger("pipeline.test").warning("about to fail at %s", "action 2.1")
    raise UpdatesError("q2.yaml:3: no such action 9.9")


def _dies() -> None:
    os._exit(3)


class _Unpicklable(Exception):
    def __reduce__(self) -> None:  # type: ignore[override]
        raise TypeError("cannot pickle")


def _raises_unpicklable() -> None:
    raise _Unpicklable("odd")


def test_value_comes_back_from_another_process() -> None:
    pid, value = Forked("square", _pid_and_square, 12).result()
    assert value == 144 and pid != os.getpid()


def test_exception_and_warnings_are_raised_and_replayed_here(caplog: pytest.LogCaptureFixture) -> None:
    call = Forked("failing", _fails)
    with caplog.at_level(logging.WARNING, logger="pipeline"), pytest.raises(UpdatesError, match="no such action 9.9"):
        call.result()
    assert [r.getMessage() for r in caplog.records] == ["about to fail at action 2.1"]


def test_a_child_that_dies_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="PDF: the rendering process stopped \\(exit code 3\\)"):
        Forked("PDF", _dies).result()


def test_an_exception_that_cannot_travel_still_fails_cleanly() -> None:
    with pytest.raises(RenderError, match="_Unpicklable: odd"):
        Forked("odd", _raises_unpicklable).result()


def test_cancel_stops_the_child() -> None:
    call = Forked("sleep", __import__("time").sleep, 30)
    pid = call.process.pid
    call.cancel()
    assert not Path(f"/proc/{pid}").exists()  # stopped and reaped


def test_one_core_runs_the_call_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "cores", lambda: 1)
    call = Forked("square", _pid_and_square, 3)
    assert call.process is None
    assert call.result() == (os.getpid(), 9)


_ORPHAN = """
import os, sys, time
from pipeline.render import forked
forked.cores = lambda: 2
call = forked.Forked("PDF", lambda: time.sleep(1.0) or b"x" * 5_000_000)  # more than a pipe holds
print(call.process.pid, flush=True)
time.sleep(0.3)
os.kill(os.getpid(), 9)  # as subprocess.run(timeout=...) kills the CLI
"""


def test_the_child_does_not_outlive_a_killed_parent() -> None:
    """Killed parent, child mid-work: it must not be left behind (holding a PDF's memory) blocked
    on a pipe nobody reads."""
    run = subprocess.run([sys.executable, "-c", _ORPHAN], capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL
    pid = int(run.stdout.split()[0])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


def _dies_mid_send() -> bytes:
    """Return a result, but die a tenth of the way through sending it (as when the OOM killer
    picks the child, the largest process, while it waits to be read)."""
    import struct
    from multiprocessing.connection import Connection

    def partial(self: Connection, obj: object) -> None:
        self._send(struct.pack("!i", 1_000_000) + b"x" * 100_000)
        os._exit(9)

    Connection.send = partial  # in this child only
    return b"x" * 1_000_000


def test_a_child_that_dies_mid_message_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="PDF: the rendering process stopped \\(exit code 9\\)"):
        Forked("PDF", _dies_mid_send).result()


def test_a_cpu_quota_of_one_core_means_no_fork(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.undo()  # the real cores(), not the fixture's
    real_read = Path.read_text
    quota = {"/sys/fs/cgroup/cpu.max": "100000 100000\n"}
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: quota.get(str(self)) or real_read(self, *a, **k))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert forked.cores() == 1
    quota["/sys/fs/cgroup/cpu.max"] = "max 100000\n"
    assert forked.cores() == 2
    quota["/sys/fs/cgroup/cpu.max"] = "250000 100000\n"
    assert forked.cores() == 2


def test_a_forked_pdf_render_leaves_no_font_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint copies the fonts into a weasyprint-* temporary folder that it removes when its font
    configuration is collected; the forked child ends by os._exit, so each render used to leave one."""
    import tempfile

    from conftest import small_plan

    from pipeline.plan.schema import plan_to_json
    from pipeline.render import render_files

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    plan = tmp_path / "plan.json"
    plan.write_text(plan_to_json(small_plan()), "utf-8")
    render_files(str(plan), docx=str(tmp_path / "a.docx"), pdf=str(tmp_path / "a.pdf"))
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert list(scratch.iterdir()) == []
