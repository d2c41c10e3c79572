"""Shared paths and fixtures: the reference monitor bundled in inputs/, its gold plan committed under
tests/fixtures/, and one session-wide rendering of that plan for the tests that only read it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REFERENCE = FIXTURES / "stevenage-2014-15"  # the reference's gold plan, README and checksums
GOLD_JSON = REFERENCE / "gold-q1.json"
INPUTS = ROOT / "inputs" / "2014-15"  # the reference monitor itself (.pdf, .docx) and the Q2 updates
REFERENCE_PDF = INPUTS / "action-plan-2014-15-q1.pdf"
REFERENCE_DOCX = INPUTS / "action-plan-2014-15-q1.docx"


def small_plan(**report: object):
    """A one-action plan with every kind of field: a project label, bullets, three outcomes (green, blank, red)."""
    from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Section, Status

    action = Action(
        id="1.1",
        project_campaign=True,
        objectives=("Lead in:", "• first", "• second", "After."),
        lead=("SBC", "Alex Hepton"),
        when_by=("March 2015",),
        resources=("Existing resources.",),
        outcomes=("One.", "Two.", "Three."),
        progress=("Done.",),
        status=(Status(Rag.GREEN), Status(None), Status(Rag.RED, "Not started")),
    )
    priority = Priority(number="1", title="Domestic abuse", actions=(action,), lead_agency="SBC", indicators=None)
    fields = {"quarter": 1, "year": "2014/15", "period": "1 April – 30 June 2014", **report}
    return Plan(
        partnership="Stevenage Community Safety Partnership",
        title="Action plan 2014/15",
        report=Report(**fields),
        priorities=(priority,),
        preamble=("Intro.",),
        closing=(Section("Funding", ("Money.",)),),
    )


@pytest.fixture(scope="session")
def gold_dict() -> dict:
    return json.loads(GOLD_JSON.read_text("utf-8"))


@pytest.fixture(scope="session")
def gold_plan(gold_dict):
    from pipeline.plan.model import from_dict

    return from_dict(gold_dict)


def rebuild_docx(data: bytes, edits: dict, extra: dict | None = None) -> bytes:
    """Return a copy of a .docx with some parts changed (part name → function of its bytes) and
    `extra` parts added: how these tests make a council's variations of the reference file."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info)
            zout.writestr(info, edits[info.filename](part) if info.filename in edits else part)
        for name, part in (extra or {}).items():
            zout.writestr(name, part)
    return out.getvalue()


def field_differences(want: dict, got) -> list[str]:
    """Every leaf field where the plan `got` (a Plan or an action-plan dict) differs from `want`,
    named by its path and action ('priorities[1].actions[3].status[0].rag (action 2.4)')."""
    from pipeline.plan.compare import plan_differences
    from pipeline.plan.model import Plan, to_dict

    return list(plan_differences(to_dict(got) if isinstance(got, Plan) else got, want))


def field_count(plan: dict) -> int:
    """How many leaf fields an action-plan dict holds (what a field-by-field comparison compares)."""
    if isinstance(plan, dict):
        return sum(field_count(v) for v in plan.values())
    if isinstance(plan, list):
        return sum(field_count(v) for v in plan)
    return 1


@pytest.fixture(scope="session")
def gold(gold_plan):
    """The gold plan, by the short name the render tests use."""
    return gold_plan


@pytest.fixture(scope="session")
def gold_rendered(gold_plan) -> dict[str, bytes]:
    """The gold plan's appendix, rendered once per test session as Word and PDF (tests only read it)."""
    from pipeline.render.pdf.appendix import render_pdf
    from pipeline.render.word.appendix import render_docx

    return {"docx": render_docx(gold_plan), "pdf": render_pdf(gold_plan)}


@pytest.fixture(scope="session")
def q2_plan(gold_plan):
    """The bundled Q2 updates applied to the gold Q1 plan (what `make q2` computes)."""
    from pipeline.updates.apply import apply
    from pipeline.updates.yaml_file import read_updates

    return apply(gold_plan, read_updates(INPUTS / "q2.yaml", gold_plan))


@pytest.fixture(scope="session")
def q2_rendered(q2_plan, gold_plan) -> dict[str, bytes]:
    """The Q2 appendix against Q1, rendered once per test session as Word and PDF."""
    from pipeline.render.pdf.appendix import render_pdf
    from pipeline.render.word.appendix import render_docx

    return {"docx": render_docx(q2_plan, gold_plan), "pdf": render_pdf(q2_plan, gold_plan)}


OFFICE = ROOT / "tests" / "libreoffice" / "office.py"
UNO_PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-uno lives (make test installs it)


def libreoffice(data: bytes, folder: Path, *actions: str) -> bytes:
    """Return `data` (.docx) after LibreOffice Writer opened it, did `actions` and saved it as .docx
    (see tests/libreoffice/office.py: accept-all, reject-all, author=, track=, replace=OLD=>NEW, shade=TEXT=>RRGGBB, …)."""
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    source, target = folder / "in.docx", folder / "out.docx"
    source.write_bytes(data)
    done = subprocess.run([UNO_PYTHON, str(OFFICE), str(source), str(target), *actions],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"LibreOffice via UNO failed: {done.stderr.strip() or done.stdout.strip()}"
    return target.read_bytes()


def libreoffice_pdf(files: dict[str, bytes], folder: Path, export: str = "pdf") -> dict[str, bytes]:
    """Each .docx in `files` (name → bytes) laid out by LibreOffice Writer and saved as PDF, as an
    officer's "Save as PDF" would: one office run for them all (starting it is most of the time).
    `export` is soffice's --convert-to target (a filter with options, e.g. tagged PDF/UA)."""
    import shutil
    import subprocess

    assert shutil.which("soffice"), "LibreOffice (soffice) is needed: make test installs it"
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        sources.append(str(folder / name))
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", export, "--outdir", str(folder / "pdf"), *sources],
                   check=True, capture_output=True, timeout=300)
    return {name: (folder / "pdf" / Path(name).with_suffix(".pdf").name).read_bytes() for name in files}
