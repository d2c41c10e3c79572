"""make's inputs are honest: the cached Q1 plan follows BASE by name and content (not timestamps),
and REVISION reaches the archive exactly as typed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import INPUTS, ROOT

VENV = ROOT / ".venv"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Makefile and the bundled inputs in a folder of their own, run with this checkout's venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "tools", tmp_path / "tools")
    shutil.copytree(INPUTS, tmp_path / "inputs" / "2014-15")
    return tmp_path


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    # -o: the venv is this checkout's, already installed; never rebuild it from the copy's pyproject
    command = ["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)


def test_the_cached_base_plan_follows_base_by_name_and_content(project: Path) -> None:
    plan = project / "outputs" / "2014-15" / "q1" / "plan.json"
    assert make(project, "outputs/2014-15/q1/plan.json").returncode == 0
    first = plan.stat().st_mtime_ns
    again = make(project, "outputs/2014-15/q1/plan.json")
    assert again.returncode == 0 and " extract " not in again.stdout and plan.stat().st_mtime_ns == first
    older = project / "inputs" / "2014-15" / "other copy.docx"  # another base, older than the cache
    shutil.copy(INPUTS / "action-plan-2014-15-q1.docx", older)
    os.utime(older, (946684800, 946684800))
    moved = make(project, "outputs/2014-15/q1/plan.json", f"BASE={older.relative_to(project)}")
    assert moved.returncode == 0 and "other copy.docx" in moved.stdout, moved.stderr
    assert (project / "outputs" / "2014-15" / "q1" / ".base").read_text().endswith(f"{older.relative_to(project)}\n")


@pytest.mark.parametrize("reason", ["budget $500 corrected, see $HOME", "it's `date` and \"quoted\" \\ too"])
def test_revision_reaches_the_archive_as_typed(project: Path, reason: str) -> None:
    dry = make(project, "-n", "archive", "Q=q2", f"REVISION={reason}")
    line = next(x for x in dry.stdout.splitlines() if " archive --year " in x)
    arguments = line.split(" archive ", 1)[1]
    echoed = subprocess.run(["bash", "-c", f"printf '%s\\n' {arguments}"], capture_output=True, text=True)
    assert echoed.stdout.splitlines()[-1] == reason
