"""The quarter through forms: `make forms Q=q2`, two leads fill their forms (one in Word, one saved again by
LibreOffice), the returns go in inputs/2014-15/q2/returns/ under the names they came with, and `make q2`
carries exactly their updates into the Q2 plan and appendix, beside the bundled q2.yaml's, unchanged."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

from conftest import INPUTS, ROOT, libreoffice
from forms_fill import fill

from pipeline.extract import extract_bytes
from pipeline.plan.load import load_plan
from pipeline.plan.model import Rag, Status, to_dict
from pipeline.updates.apply import STRUCK_PREFIX, apply
from pipeline.updates.yaml_file import read_updates

VENV = ROOT / ".venv"


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    command = ["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env={**os.environ})


def test_two_returns_reach_the_q2_plan_and_appendix(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copytree(ROOT / "tools", project / "tools")
    shutil.copytree(INPUTS, project / "inputs" / "2014-15")
    assert make(project, "forms", "Q=q2").returncode == 0
    forms = project / "outputs" / "2014-15" / "q2" / "forms"
    q1 = load_plan(project / "outputs" / "2014-15" / "q1" / "plan.json")
    old = {a.id: a for a in q1.actions()}

    # 3.4 and 6.6 are the two actions the bundled q2.yaml has no update for
    licensing = ["Late-night levy consultation closed on 12 September: 41 responses.",
                 "Two licence reviews heard; one premises' hours cut to 23:00."]
    sbc = fill((forms / "sbc-licensing.docx").read_bytes(),
               {"progress:3.4": licensing, "status:3.4:1": "Green", "note:3.4:2": "Awaiting the levy decision"})
    reason = "ODG agreed on 10 September: the review is covered by 6.3."
    odg = fill((forms / "odg-all.docx").read_bytes(),
               {"progress:6.6": ["Last meeting's minutes circulated."], "status:6.6:1": "Red", "struck:6.6": reason})
    odg = libreoffice(odg, tmp_path / "lo")  # saved again by LibreOffice: no tags left, read by the form's rows
    returns = project / "inputs" / "2014-15" / "q2" / "returns"
    returns.mkdir(parents=True)
    (returns / "RE Q2 update (SBC licensing).docx").write_bytes(sbc)
    (returns / "odg's return.docx").write_bytes(odg)
    typed_before = (project / "inputs" / "2014-15" / "q2.yaml").read_bytes()

    done = make(project, "q2")
    assert done.returncode == 0, done.stderr
    assert "returned  SBC Licensing: 3.4" in done.stdout and "returned  ODG (All):" in done.stdout
    assert "missing " not in done.stdout and "no update for" not in done.stderr

    q2 = load_plan(project / "outputs" / "2014-15" / "q2" / "plan.json")
    typed_only = apply(q1, read_updates(project / "inputs" / "2014-15" / "q2.yaml", q1))
    got = {a.id: a for a in q2.actions()}
    for action in typed_only.actions():
        if action.id not in ("3.4", "6.6"):
            assert got[action.id] == action, action.id  # the typed updates, unchanged
    assert got["3.4"] == dataclasses.replace(old["3.4"], progress=tuple(licensing), status=(
        Status(Rag.GREEN, None), Status(old["3.4"].status[1].rag, "Awaiting the levy decision")))
    assert got["6.6"] == dataclasses.replace(old["6.6"], progress=(STRUCK_PREFIX + reason, "Last meeting's minutes circulated."),
                                             status=(Status(Rag.RED, None), old["6.6"].status[1]))
    assert (project / "inputs" / "2014-15" / "q2.yaml").read_bytes() == typed_before

    record = (project / "outputs" / "2014-15" / "q2" / "updates.yaml").read_text("utf-8")
    assert "# from inputs/2014-15/q2/returns/RE Q2 update (SBC licensing).docx (SBC Licensing)" in record
    assert "# from inputs/2014-15/q2/returns/odg's return.docx (ODG (All))" in record
    plan = json.loads((project / "outputs" / "2014-15" / "q2" / "plan.json").read_text("utf-8"))
    for name in ("appendix-1-q2.pdf", "appendix-1-q2.docx"):
        data = (project / "outputs" / "2014-15" / "q2" / name).read_bytes()
        assert to_dict(extract_bytes(data, name)) == plan, name
