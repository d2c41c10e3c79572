"""Run the CLI as a user would, in its own process under a memory cap and a time limit, and check
a refusal the way issue 13 states it: exit 1, exactly one `error:` line (the last line), no
traceback, and nothing written or changed in the folders watched."""
from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAULTY = Path(__file__).with_name("faulty_cli.py")  # the CLI with a fault injected (faults.py)
MEMORY = 1024 * 1024 * 1024  # 1 GiB of address space (`ulimit -v`)
SECONDS = 10


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str | Path, stdin: bytes | None = None, timeout: float = SECONDS, fault=None) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` under 1 GiB of address space; a run over `timeout` seconds fails the test.
    `fault`: a faults.FaultyOs to run it with (the CLI through faulty_cli.py)."""
    command = [sys.executable, "-m", "pipeline"] if fault is None else [sys.executable, str(FAULTY)]
    env = None if fault is None else {**os.environ, **fault.env()}
    return subprocess.run([*command, *map(str, args)], cwd=ROOT, input=stdin, env=env,
                          capture_output=True, timeout=timeout, preexec_fn=_cap_memory)


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file (hidden ones too) under `folders`, by path, with a hash of its bytes and its mode."""
    seen: dict[str, str] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
            if path.is_symlink():
                seen[str(path)] = f"-> {path.readlink()}"
            elif path.is_file():
                seen[str(path)] = f"{hashlib.sha256(path.read_bytes()).hexdigest()} {path.stat().st_mode:o}"
            else:
                seen[str(path)] = "folder"
    return seen


def refused(*args: str | Path, watch: tuple[Path, ...] = (), stdin: bytes | None = None,
            timeout: float = SECONDS, fault=None) -> str:
    """Run the CLI, assert it refused cleanly and changed nothing under `watch`; return the error line."""
    before = snapshot(*watch)
    done = run_cli(*args, stdin=stdin, timeout=timeout, fault=fault)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, f"exit {done.returncode}, stderr:\n{err}"
    assert "Traceback" not in err, err
    lines = err.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, f"want exactly one error: line; got:\n{err}"
    # before it only warnings; after it only the lines of an updates file's list of problems (file:line: …)
    at = lines.index(errors[0])
    assert all(line.startswith("warning:") for line in lines[:at]), err
    assert all(not line.startswith("warning:") and ":" in line for line in lines[at + 1:]), err
    assert snapshot(*watch) == before, "the refusal changed files"
    return errors[0]
