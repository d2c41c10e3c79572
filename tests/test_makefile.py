"""make's inputs are honest: the cached Q1 plan follows BASE by name and content (not timestamps),
and REVISION reaches the archive exactly as typed; and a render that fails or is interrupted under
make leaves the last good set of outputs whole."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import INPUTS, ROOT
from hostile.cli_run import FAULTY
from hostile.faults import FaultyOs

VENV = ROOT / ".venv"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Makefile and the bundled inputs in a folder of their own, run with this checkout's venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "tools", tmp_path / "tools")
    shutil.copytree(INPUTS, tmp_path / "inputs" / "2014-15")
    return tmp_path


def make(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # -o: the venv is this checkout's, already installed; never rebuild it from the copy's pyproject
    command = ["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env} if env else None)


Q2_SET = ("appendix-1-q2.docx", "appendix-1-q2.pdf", "appendix-1-q2.html", "appendix-1-q2-redline.docx")


def test_a_failed_render_keeps_the_last_good_set(project: Path) -> None:
    """The render fails (the plan is refused; the disk fills at its second rename): the set of the last
    good run stays whole, byte for byte (.DELETE_ON_ERROR deleted its PDF and redline, kept its Word file)."""
    q2 = project / "outputs" / "2014-15" / "q2"
    assert make(project, "q2").returncode == 0
    good = {name: (q2 / name).read_bytes() for name in Q2_SET}
    plan = (q2 / "plan.json").read_bytes()

    (q2 / "plan.json").write_text("{", "utf-8")  # newer than the set, so make renders again
    refused = make(project, "q2")
    assert refused.returncode != 0 and "error: " in refused.stderr, refused.stderr
    assert {name: (q2 / name).read_bytes() for name in Q2_SET} == good

    (q2 / "plan.json").write_bytes(plan)
    disk_full = FaultyOs(errno.ENOSPC, at=2, calls=("replace",), under=q2)
    failed = make(project, "q2", f"RUN={VENV}/bin/python {FAULTY}", env=disk_full.env())
    errors = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert failed.returncode != 0 and len(errors) == 1 and "the disk is full" in errors[0], failed.stderr
    assert sorted(os.listdir(q2)) == sorted([*Q2_SET, "plan.json", "updates.yaml", ".returns"])  # no temporary file left either
    assert {name: (q2 / name).read_bytes() for name in Q2_SET} == good


def test_an_interrupted_render_keeps_the_last_good_set(project: Path) -> None:
    """make is stopped (Ctrl-C, a CI timeout) while it renders: make deletes no output of the last good run."""
    q2 = project / "outputs" / "2014-15" / "q2"
    assert make(project, "q2").returncode == 0
    good = {name: (q2 / name).read_bytes() for name in Q2_SET}
    os.utime(q2 / "plan.json")  # newer than the set: make renders again (the same bytes, if it gets to the end)
    command = ["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", "q2"]
    run = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(1.5)  # the render takes seconds
    os.killpg(run.pid, signal.SIGTERM)
    run.communicate(timeout=60)
    assert {name: (q2 / name).read_bytes() for name in Q2_SET if (q2 / name).exists()} == good


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


def test_legal_review_loop_from_make_q2_to_verify(project: Path, tmp_path: Path) -> None:
    """The partnership's quarter with LibreOffice as the reviewer's Word: the reviewer rewrites a progress
    sentence and turns action 2.4's status red by its shading, and saves over the Word appendix.
    make archive refuses, naming both; make final takes the reviewed file; make archive and make verify
    then pass, and the archived PDF and Word file each read back as the archived plan.json."""
    import json

    from conftest import libreoffice

    from pipeline.extract import extract_bytes
    from pipeline.plan.model import to_dict

    out = project / "outputs" / "2014-15"
    assert make(project, "q2").returncode == 0
    draft = out / "q2" / "appendix-1-q2.docx"
    reviewed = libreoffice(draft.read_bytes(), tmp_path / "lo", "author=Ann Lawyer",
                           "replace=highly commended at the Suzy Lamplugh Trust=>NOT commended at the Suzy Lamplugh Trust",
                           "shade-next=OWL messaging now used=>FF0000")
    draft.write_bytes(reviewed)  # as happens: the reviewer saved over the file they were sent

    refused = make(project, "archive", "Q=q2")
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert refused.returncode != 0 and len(errors) == 1, refused.stderr
    assert "action 2.4 status of outcome 1" in errors[0] and "action 2.1 progress" in errors[0]
    assert "make final Q=q<n> REVIEWED=" in errors[0]
    assert not (project / "outputs" / "archive").exists()

    review = project / "from legal" / "appendix 1 q2 (Ann's).docx"  # a name with spaces and a quote
    review.parent.mkdir()
    review.write_bytes(reviewed)
    done = make(project, "final", "Q=q2", f"REVIEWED={review.relative_to(project)}")
    assert done.returncode == 0, done.stderr
    assert "2 change(s) in review by Ann Lawyer" in done.stdout
    assert "action 2.4, outcome 1: the status says green but is shaded red; the shading wins" in done.stderr

    archived = make(project, "archive", "Q=q2")
    assert archived.returncode == 0, archived.stderr
    verified = make(project, "verify")
    assert verified.returncode == 0 and "OK" in verified.stdout, verified.stdout + verified.stderr

    folder = project / "outputs" / "archive" / "2014-15" / "q2"
    plan = json.loads((folder / "plan.json").read_text("utf-8"))
    for name in ("appendix-1-q2.pdf", "appendix-1-q2.docx"):
        assert to_dict(extract_bytes((folder / name).read_bytes(), name)) == plan, name
    action = {a["id"]: a for p in plan["priorities"] for a in p["actions"]}
    assert action["2.4"]["status"][0]["rag"] == "red"
    assert any("Sgt Moatt was NOT commended" in x for x in action["2.1"]["progress"])
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["review"]["reviewers"] == ["Ann Lawyer"]
    assert {(c["where"], c["field"]) for c in manifest["review"]["changes"]} == {
        ("action 2.1", "progress ¶4"), ("action 2.4", "status of outcome 1")}
    assert manifest["review"]["draft"]["plan.json"] == manifest_sha(out / "q2" / "plan.json")
    assert manifest["review"]["final"]["plan.json"] == manifest["files"]["plan.json"]["sha256"]
    assert {"review.md", "reviewed.docx"} <= set(manifest["files"])

    # next quarter goes on from the final: Q3's dry run applies its updates to q2/final/plan.json
    (project / "inputs" / "2014-15" / "q3.yaml").write_text("quarter: 3\n", "utf-8")
    dry = make(project, "-n", "q3")
    assert "apply outputs/2014-15/q2/final/plan.json" in dry.stdout and "--previous outputs/2014-15/q2/final/plan.json" in dry.stdout


def manifest_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
