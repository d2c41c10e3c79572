"""Run one call in a forked child while this process does other work: the PDF lays out on the
second core while the Word files are built on the first.

The child's result (or exception) and its log records come back through a pipe; the records are
replayed here, so a warning from the child still reaches `--strict`. Where fork is unavailable or
only one core is usable, the call simply runs here when its result is asked for.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from pipeline.errors import RenderError

T = TypeVar("T")


def cores() -> int:
    """Cores this process may use: those it may run on, capped by a cgroup v2 CPU quota (a
    container given one CPU gains nothing from a second process, and holds two in memory)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return count


class Forked(Generic[T]):
    """`fn(*args)`, started now in a child process if that can help; `result()` waits for it."""

    def __init__(self, what: str, fn: Callable[..., T], *args: Any) -> None:
        self.what, self.fn, self.args = what, fn, args
        self.process: Any = None
        self.conn: Connection | None = None
        if cores() > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.conn, child_end = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(os.getpid(), self.conn, child_end, fn, args), daemon=True)
            self.process.start()
            child_end.close()

    def result(self) -> T:
        """The call's return value; its exception is raised here, its log records replayed here."""
        if self.process is None:
            return self.fn(*self.args)
        assert self.conn is not None
        try:
            ok, value, records = self.conn.recv()
        except (EOFError, OSError, pickle.UnpicklingError, TypeError, AttributeError) as exc:
            # died before or while sending (EOF mid-message is an OSError), or sent what cannot be rebuilt
            self.process.join()
            detail = f" ({exc})" if str(exc) else ""
            raise RenderError(f"{self.what}: the rendering process stopped (exit code {self.process.exitcode}){detail}") from None
        finally:
            self.conn.close()
        self.process.join()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it is still running (the work it was doing is no longer wanted)."""
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        if self.conn is not None:
            self.conn.close()
        self.process.close()


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Format now: args and exc_info may not pickle.
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _child(parent: int, parent_end: Connection, conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    # Hold no copy of the parent's end: if the parent dies, the send below then fails (EPIPE)
    # instead of blocking forever; and ask Linux to end this process with its parent.
    parent_end.close()
    _die_with_parent(parent)
    root = logging.getLogger()
    recorder = _Recorder()
    root.handlers = [recorder]  # the parent prints them, once, when it replays them
    try:
        reply: tuple[bool, Any, list[logging.LogRecord]] = (True, fn(*args), recorder.records)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        reply = (False, exc, recorder.records)
    try:
        try:
            conn.send(reply)
        except (BrokenPipeError, ConnectionResetError):
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that will not pickle
            conn.send((False, RenderError(f"{type(reply[1]).__name__}: {reply[1]} ({exc})"), []))
    except OSError:
        os._exit(1)  # the parent is gone: nobody to tell
    finally:
        conn.close()


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before the request took
        os._exit(1)
