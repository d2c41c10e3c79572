"""`make forms Q=q2` on a copy of the project: one form per lead and the index; every form opens in
python-docx and in LibreOffice (converted to PDF), with its controls tagged, locked and listed as the
issue says, its identity in its custom properties, and its page A4 portrait in en-GB."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import INPUTS, ROOT, libreoffice_pdf
from docx.shared import Cm

from pipeline.ooxml.custom import custom_properties
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import read_parts
from pipeline.plan.load import load_plan
from pipeline.render.forms.context import NO_CHANGE, fingerprint
from pipeline.updates.leads import plan_leads

VENV = ROOT / ".venv"


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    command = ["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env={**os.environ})


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copytree(ROOT / "tools", project / "tools")
    shutil.copytree(INPUTS, project / "inputs" / "2014-15")
    done = make(project, "forms", "Q=q2")
    assert done.returncode == 0, done.stderr
    return project


def test_one_form_per_lead_and_an_index_a_script_can_read(made: Path) -> None:
    folder = made / "outputs" / "2014-15" / "q2" / "forms"
    plan = load_plan(made / "outputs" / "2014-15" / "q1" / "plan.json")
    leads = plan_leads(plan)
    rows = list(csv.DictReader(io.StringIO((folder / "index.csv").read_text("utf-8"))))
    assert [r["lead"] for r in rows] == [lead.name for lead in leads]
    assert {r["form"] for r in rows} | {"index.csv", "index.md"} == {p.name for p in folder.iterdir()}
    for row, lead in zip(rows, leads):
        assert row["actions"].split("; ") == list(lead.actions)
    every = {a.id for a in plan.actions()}
    assert {i for r in rows for i in r["actions"].split("; ")} == every  # no open action is on nobody's form
    shared = [r["form"] for r in rows if "3.2" in r["actions"].split("; ")]
    assert len(shared) == 3, shared  # 3.2's Lead cell names Police, HFRS and SBC officers: each gets it
    table = (folder / "index.md").read_text("utf-8")
    assert all(f"| {r['form']} |" in table for r in rows) and "inputs/2014-15/q2/returns/" in table


def test_each_form_has_its_controls_tagged_locked_and_listed(made: Path) -> None:
    folder = made / "outputs" / "2014-15" / "q2" / "forms"
    plan = load_plan(made / "outputs" / "2014-15" / "q1" / "plan.json")
    actions = {a.id: a for a in plan.actions()}
    labels = [s.label for s in plan.status_scale()] + [NO_CHANGE]
    for row in csv.DictReader(io.StringIO((folder / "index.csv").read_text("utf-8"))):
        data = (folder / row["form"]).read_bytes()
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0]
        assert (round(section.page_width / Cm(1), 1), round(section.page_height / Cm(1), 1)) == (21.0, 29.7)
        assert document.core_properties.title and document.core_properties.language == "en-GB"
        body = document.element.body
        sdts = {s.find("w:sdtPr/w:tag", NS).get(qn("w:val")): s for s in body.iter(qn("w:sdt"))}
        wanted = set()
        for action_id in row["actions"].split("; "):
            n = len(actions[action_id].outcomes)
            wanted |= {f"progress:{action_id}", f"struck:{action_id}"}
            wanted |= {f"status:{action_id}:{k}" for k in range(1, n + 1)} | {f"note:{action_id}:{k}" for k in range(1, n + 1)}
        assert set(sdts) == wanted, row["form"]
        for tag, sdt in sdts.items():
            pr = sdt.find(qn("w:sdtPr"))
            assert pr.find("w:lock", NS).get(qn("w:val")) == "sdtLocked", tag
            assert pr.find("w:alias", NS).get(qn("w:val")).endswith(f"action {tag.split(':')[1]}"), tag
            kind = tag.split(":")[0]
            if kind == "status":
                items = [i.get(qn("w:displayText")) for i in pr.findall("w:dropDownList/w:listItem", NS)]
                assert items == labels, tag
                assert "".join(t.text for t in sdt.iter(qn("w:t"))) == NO_CHANGE
            elif kind in ("note", "struck"):
                assert pr.find("w:text", NS) is not None, tag
            else:
                assert pr.find("w:text", NS) is None and pr.find("w:dropDownList", NS) is None  # rich text
        headers = [t for t in body.iter(qn("w:tbl"))]
        assert all(t.find("w:tr/w:trPr/w:tblHeader", NS) is not None for t in headers)
        identity = custom_properties(read_parts(data))
        assert identity["Lead"] == row["lead"] and json.loads(identity["Actions"]) == row["actions"].split("; ")
        assert (identity["Partnership"], identity["Year"], identity["Quarter"]) == (plan.partnership, "2014/15", "2")
        assert identity["PlanFingerprint"] == fingerprint(plan)


def test_every_form_opens_in_libreoffice(made: Path, tmp_path: Path) -> None:
    folder = made / "outputs" / "2014-15" / "q2" / "forms"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}
    pdfs = libreoffice_pdf(files, tmp_path)
    for name, pdf in pdfs.items():
        lead = custom_properties(read_parts(files[name]))["Lead"]
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            first = doc.pages[0]
            assert first.width < first.height  # portrait
            text = "\n".join(p.extract_text() or "" for p in doc.pages)
        assert f"Q2 2014/15 update form: {lead}" in " ".join(text.split()), name
        assert "This quarter (Q2 2014/15)" in text, name


def test_forms_for_the_wrong_quarter_are_refused(made: Path) -> None:
    done = make(made, "forms", "Q=q1")
    assert done.returncode != 0 and "make forms Q=q2" in done.stderr
    plan = made / "outputs" / "2014-15" / "q1" / "plan.json"
    cli = subprocess.run([str(VENV / "bin" / "python"), "-m", "pipeline", "forms", str(plan), "--quarter", "3",
                          "-o", str(made / "elsewhere")], capture_output=True, text=True, cwd=made)
    assert cli.returncode == 1 and cli.stderr.count("error:") == 1 and "not Q3" in cli.stderr
    assert not (made / "elsewhere").exists()
    assert json.loads(plan.read_text("utf-8"))["report"]["quarter"] == 1
