"""archive: PDF/A-3b with its plan.json, manifest, write-once folders, revisions; and extract's check
of the embedded plan against the visible pages."""
from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import logging
import re
import shutil
from importlib import metadata
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

import pipeline
from pipeline.archive import write as archive_module
from pipeline.archive.agree import DisagreementError
from pipeline.archive.write import ArchiveError, QuarterSources, archive_quarter, quarter_sources
from pipeline.cli import main
from pipeline.errors import OutputError
from pipeline.plan.model import Plan, to_dict
from pipeline.plan.schema import plan_to_json

INPUTS = ROOT / "inputs"
FILES = ("appendix-1-q2.docx", "appendix-1-q2.pdf", "plan.json")


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory, gold_plan: Plan, q2_plan: Plan, q2_rendered) -> QuarterSources:
    """The Makefile's outputs for Q2 2014/15, made in a temporary folder from the gold Q1 plan."""
    outputs = tmp_path_factory.mktemp("outputs")
    q2 = q2_plan
    for folder, data in (("q1", plan_to_json(gold_plan)), ("q2", plan_to_json(q2))):
        (outputs / "2014-15" / folder).mkdir(parents=True)
        (outputs / "2014-15" / folder / "plan.json").write_text(data, "utf-8")
    (outputs / "2014-15" / "q2" / "appendix-1-q2.docx").write_bytes(q2_rendered["docx"])
    return quarter_sources("2014-15", 2, outputs=outputs, inputs=INPUTS)


@pytest.fixture(scope="module")
def archived(quarter: QuarterSources, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive root holding 2014-15/q2, archived once."""
    root = tmp_path_factory.mktemp("archive")
    archive_quarter(quarter, root)
    return root


def q2(root: Path) -> Path:
    return root / "2014-15" / "q2"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_archive_folder_holds_the_files_and_a_manifest(archived: Path) -> None:
    assert sorted(p.name for p in q2(archived).iterdir()) == sorted(FILES + ("manifest.json",))
    assert not [p for p in (archived / "2014-15").iterdir() if p.name.startswith(".")]  # no temp folder left
    assert all(p.stat().st_mode & 0o777 == 0o444 for p in q2(archived).iterdir())


def test_pdf_declares_pdfa_3b_and_embeds_every_font(archived: Path) -> None:
    with pikepdf.open(q2(archived) / "appendix-1-q2.pdf") as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        assert str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20140930")  # pinned: the quarter's last day
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font.BaseFont


def test_pdf_passes_pikepdfs_pdfa_3b_validator(archived: Path) -> None:
    # veraPDF is not installed; pikepdf 10's allowlist validator stands in. It reports the empty
    # /Pattern and /Shading resources WeasyPrint writes as "unsupported" (unknown), not as violations.
    import pikepdf.pdfa as pdfa  # a runtime dependency: never skipped
    # The file is PDF/UA-1 too: pdfuaid:part, described (as PDF/A requires of a property it does not
    # predefine) by a pdfaExtension schema. pikepdf's allowlist validator does not read extension
    # schemas ("pikepdf does not write" them, its docs say) and reports exactly these five; the
    # schema itself is checked in tests/render/pdf/test_pdf_accessibility.py.
    report = pdfa.validate_written(q2(archived) / "appendix-1-q2.pdf", "3b")
    violations = {f.message for f in report.findings if f.kind == "violation"}
    assert violations == {
        "XMP namespace pdfaExtension=http://www.aiim.org/pdfa/ns/extension/ is not permitted",
        "XMP namespace pdfaProperty=http://www.aiim.org/pdfa/ns/property# is not permitted",
        "XMP namespace pdfaSchema=http://www.aiim.org/pdfa/ns/schema# is not permitted",
        "XMP property pdfuaid:part is not permitted",
        "XMP property pdfaExtension:schemas is not permitted",
    }, report.findings


def test_attachment_is_the_manifests_plan_json(archived: Path) -> None:
    manifest = json.loads((q2(archived) / "manifest.json").read_bytes())
    plan = (q2(archived) / "plan.json").read_bytes()
    with pikepdf.open(q2(archived) / "appendix-1-q2.pdf") as pdf:
        spec = pdf.attachments["plan.json"]
        attached = spec.get_file().read_bytes()
        assert str(spec.relationship) == "/Source" and spec.get_file().mime_type == "application/json"
        assert [str(s.UF) for s in pdf.Root.AF] and all(str(s.AFRelationship) == "/Source" for s in pdf.Root.AF)
    assert attached == plan
    assert hashlib.sha256(attached).hexdigest() == manifest["files"]["plan.json"]["sha256"]


def test_manifest_records_files_inputs_and_versions(archived: Path, quarter: QuarterSources) -> None:
    manifest = json.loads((q2(archived) / "manifest.json").read_bytes())
    assert (manifest["year"], manifest["quarter"], manifest["revision"], manifest["reason"]) == ("2014-15", 2, 1, None)
    for name in FILES:
        data = (q2(archived) / name).read_bytes()
        assert manifest["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert (q2(archived) / "plan.json").read_bytes() == quarter.plan.read_bytes()
    assert (q2(archived) / "appendix-1-q2.docx").read_bytes() == quarter.docx.read_bytes()
    inputs = manifest["inputs"]
    expected = [INPUTS / "2014-15" / "action-plan-2014-15-q1.pdf", INPUTS / "2014-15" / "q2.yaml"]
    for path in expected:
        assert inputs[str(path)]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
            entry = inputs[str(path.relative_to(ROOT))]
            assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    software = manifest["software"]
    assert software["pipeline"] == pipeline.__version__
    assert software["weasyprint"] == metadata.version("weasyprint")
    assert software["docxtpl"] == metadata.version("docxtpl")


def test_same_inputs_give_byte_identical_archives(archived: Path, quarter: QuarterSources, tmp_path: Path) -> None:
    again = archive_quarter(quarter, tmp_path)
    first = {p.name: p.read_bytes() for p in q2(archived).iterdir() if p.is_file()}
    assert {p.name: p.read_bytes() for p in again.iterdir()} == first


def test_archiving_twice_is_refused_and_the_first_archive_untouched(
    archived: Path, quarter: QuarterSources, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(q2(archived))
    outputs = quarter.plan.parents[2]
    # The CLI puts the archive in <outputs>/archive: point it at a copy of the archived root there.
    shutil.copytree(archived, outputs / "archive", dirs_exist_ok=False)
    try:
        status = main(["archive", "--year", "2014-15", "--quarter", "2", "--outputs", str(outputs), "--inputs", str(INPUTS)])
        err = capsys.readouterr().err
    finally:
        shutil.rmtree(outputs / "archive")
    assert status == 1
    assert err == (
        f"error: {outputs / 'archive' / '2014-15' / 'q2'}: already archived, and an archive is never "
        'overwritten; use --revision "reason" to add a revision\n'
    )
    with pytest.raises(ArchiveError, match="already archived"):
        archive_quarter(quarter, archived)
    assert snapshot(q2(archived)) == before


def test_revision_goes_beside_with_its_reason(
    archived: Path, quarter: QuarterSources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "archival_pdf", lambda plan, plan_json, previous=None: b"%PDF-1.7 stub")
    monkeypatch.setattr(archive_module, "check_agreement", lambda files, plan, name: None)  # a stub PDF reads as nothing
    root = tmp_path / "archive"
    shutil.copytree(archived, root)
    before = snapshot(q2(root))
    folder = archive_quarter(quarter, root, revision="3.4's status corrected after the board")
    assert folder == q2(root) / "r2"
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert (manifest["revision"], manifest["reason"]) == (2, "3.4's status corrected after the board")
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES + ("manifest.json",))
    assert {k: v for k, v in snapshot(q2(root)).items() if not k.startswith("r2/")} == before


def test_revision_needs_an_archive_and_a_reason(quarter: QuarterSources, archived: Path, tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="not archived yet"):
        archive_quarter(quarter, tmp_path, revision="why")
    with pytest.raises(ArchiveError, match="needs a reason"):
        archive_quarter(quarter, archived, revision="  ")


def test_revisions_are_numbered_on(monkeypatch: pytest.MonkeyPatch, quarter: QuarterSources, tmp_path: Path) -> None:
    monkeypatch.setattr(archive_module, "archival_pdf", lambda plan, plan_json, previous=None: b"%PDF-1.7 stub")
    monkeypatch.setattr(archive_module, "check_agreement", lambda files, plan, name: None)  # a stub PDF reads as nothing
    archive_quarter(quarter, tmp_path)
    assert [archive_quarter(quarter, tmp_path, revision=f"fix {n}").name for n in (2, 3)] == ["r2", "r3"]


def test_a_failure_leaves_no_half_archive(monkeypatch: pytest.MonkeyPatch, quarter: QuarterSources, tmp_path: Path) -> None:
    monkeypatch.setattr(archive_module, "archival_pdf", lambda plan, plan_json, previous=None: b"%PDF-1.7 stub")
    monkeypatch.setattr(archive_module, "check_agreement", lambda files, plan, name: None)  # a stub PDF reads as nothing

    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(archive_module.os, "rename", fail)
    with pytest.raises(OutputError, match=r"/2014-15/q2: cannot write it: Input/output error$"):
        archive_quarter(quarter, tmp_path)
    assert list((tmp_path / "2014-15").iterdir()) == []


def test_a_plan_for_another_quarter_is_refused(quarter: QuarterSources, tmp_path: Path) -> None:
    wrong = dataclasses.replace(quarter, quarter=3)
    with pytest.raises(ArchiveError, match="is the plan for Q2 2014/15, not Q3 2014/15"):
        archive_quarter(wrong, tmp_path)
    assert not (tmp_path / "2014-15" / "q3").exists()


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("archive", "verify"):
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        assert exc.value.code == 0 and "usage:" in capsys.readouterr().out


# extract: the visible pages, checked against the embedded plan.json


def test_extracting_the_archived_pdf_gives_the_plan_without_an_edit_warning(
    archived: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from pipeline.extract import extract_bytes
    from pipeline.plan.schema import plan_from_json

    caplog.set_level(logging.WARNING, logger="pipeline")
    got = extract_bytes((q2(archived) / "appendix-1-q2.pdf").read_bytes(), "archived.pdf")
    assert to_dict(got) == to_dict(plan_from_json((q2(archived) / "plan.json").read_text("utf-8")))
    assert not [r for r in caplog.records if "embedded" in r.getMessage()]


def test_an_edited_embedded_plan_is_reported_by_field(archived: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pipeline.extract import extract_bytes

    with pikepdf.open(q2(archived) / "appendix-1-q2.pdf") as pdf:
        stream = pdf.Root.Names.EmbeddedFiles.Names[1].EF.F
        plan = json.loads(stream.read_bytes())
        action = plan["priorities"][1]["actions"][2]
        action["progress"][0] = "Edited after the board saw it."
        stream.write(json.dumps(plan).encode("utf-8"))
        out = io.BytesIO()
        pdf.save(out)
    caplog.set_level(logging.WARNING, logger="pipeline")
    extract_bytes(out.getvalue(), "edited.pdf")
    edits = [r.getMessage() for r in caplog.records if "edited after it was made" in r.getMessage()]
    assert edits == [
        "edited.pdf: the PDF was edited after it was made: its pages differ from its embedded plan.json at "
        f"priorities[1].actions[2].progress[0] (action {action['id']})"
    ]


def test_plan_differences_name_fields_and_added_items() -> None:
    from pipeline.plan.compare import plan_differences

    read = {"priorities": [{"actions": [{"id": "1.1", "lead": ["A"], "progress": ["x"]}]}], "title": "T"}
    embedded = {"priorities": [{"actions": [{"id": "1.1", "lead": ["B"], "progress": ["x", "y"]}]}], "title": "T"}
    assert list(plan_differences(read, embedded)) == [
        "priorities[0].actions[0].lead[0] (action 1.1)",
        "priorities[0].actions[0].progress[1] (action 1.1)",
    ]


def test_a_pdf_without_attachments_has_no_embedded_files() -> None:
    from pipeline.extract.pdf.embedded import embedded_files

    assert embedded_files((INPUTS / "2014-15" / "action-plan-2014-15-q1.pdf").read_bytes()) == {}


def _reviewed(docx: bytes, edit) -> bytes:
    """The Word appendix as a reviewer leaves it after editing document.xml (accepted, unmarked)."""
    from pipeline.ooxml.package import parse_xml, read_parts, serialise_xml, write_parts

    parts = read_parts(docx)
    root = parse_xml(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = serialise_xml(root)
    return write_parts(parts, dt.date(2014, 9, 30))


def test_a_word_file_changed_in_review_is_not_archived(quarter: QuarterSources, tmp_path: Path) -> None:
    """The legal-review hole: the reviewer rewrites a progress sentence and turns a status red in Word;
    the archive would hold a Word file that contradicts its PDF and plan.json. It is refused instead,
    naming the action and the field, and nothing is written."""
    from pipeline.ooxml.ns import qn

    def edit(root) -> None:
        texts = [t for t in root.iter(qn("w:t")) if t.text and "highly commended" in t.text]
        texts[0].text = texts[0].text.replace("highly commended", "NOT commended")
        for shd in root.iter(qn("w:shd")):  # a green status cell becomes red, word and shading
            if shd.get(qn("w:fill")) == "00B050":
                shd.set(qn("w:fill"), "FF0000")
                for text in shd.getparent().getparent().iter(qn("w:t")):
                    text.text = text.text.replace("Green", "Red")
                break

    original = quarter.docx.read_bytes()
    try:
        quarter.docx.write_bytes(_reviewed(original, edit))
        with pytest.raises(DisagreementError) as caught:
            archive_quarter(quarter, tmp_path / "archive")
        message = str(caught.value)
        assert message.startswith("appendix-1-q2.docx: does not read back as ")
        assert re.search(r"action \d\.\d progress", message) and re.search(r"action \d\.\d status of outcome \d", message)
        assert "make final Q=q<n> REVIEWED=" in message and "\n" not in message
        assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").rglob("*.json"))
    finally:
        quarter.docx.write_bytes(original)


def test_a_word_file_with_unresolved_review_marks_is_not_archived(quarter: QuarterSources, gold_plan: Plan,
                                                                 q2_plan: Plan, tmp_path: Path) -> None:
    from pipeline.render.redline.document import redline_docx

    original = quarter.docx.read_bytes()
    try:
        quarter.docx.write_bytes(redline_docx(gold_plan, q2_plan))  # every change since Q1 still tracked
        with pytest.raises(DisagreementError, match=r"^appendix-1-q2\.docx: .*unresolved tracked changes"):
            archive_quarter(quarter, tmp_path / "archive")
    finally:
        quarter.docx.write_bytes(original)
