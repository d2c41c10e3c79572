"""verify: every archived file against its manifest; tampered, missing and extra files, one line each."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pikepdf
import pytest
from test_archive import archived, quarter  # noqa: F401  (module fixtures: one Q2 archive, rendered once)

from pipeline.archive.write import archive_quarter
from pipeline.cli import main

Q2 = Path("2014-15") / "q2"


@pytest.fixture
def root(archived: Path, tmp_path: Path) -> Path:  # noqa: F811
    """A private copy of the archive, free to tamper with."""
    copy = tmp_path / "archive"
    shutil.copytree(archived, copy)
    for path in copy.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return copy


def verify(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    status = main(["verify", str(root)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_an_untouched_archive_is_ok(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = verify(root, capsys)
    assert (status, out, err) == (0, [f"OK: 1 archive folder(s), 3 file(s) under {root} match their manifests"], "")


def test_one_changed_byte_is_reported_naming_the_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = root / Q2 / "appendix-1-q2.docx"
    data = bytearray(docx.read_bytes())
    data[100] ^= 1
    docx.write_bytes(bytes(data))
    status, out, err = verify(root, capsys)
    assert status == 1 and len(out) == 1
    assert out[0].startswith(f"{docx}: tampered: SHA-256 ")
    assert err == f"error: {root}: 1 problem(s) in 1 archive folder(s)\n"


def test_missing_and_extra_files_are_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / Q2 / "plan.json").unlink()
    (root / Q2 / "notes.txt").write_text("x")
    (root / "2014-15" / "stray.pdf").write_bytes(b"%PDF")
    status, out, _ = verify(root, capsys)
    assert status == 1
    assert sorted(out) == sorted([
        f"{root / Q2 / 'plan.json'}: missing (listed in {root / Q2 / 'manifest.json'})",
        f"{root / Q2 / 'notes.txt'}: extra file, not in {root / Q2 / 'manifest.json'}",
        f"{root / '2014-15' / 'stray.pdf'}: extra file, not in any manifest",
    ])


def test_a_revision_is_checked_as_its_own_folder(root: Path, quarter, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    archive_quarter(quarter, root, revision="budget corrected")
    status, out, _ = verify(root, capsys)
    assert (status, out) == (0, [f"OK: 2 archive folder(s), 6 file(s) under {root} match their manifests"])
    (root / Q2 / "r2" / "plan.json").write_text("{}")
    status, out, _ = verify(root, capsys)
    assert status == 1 and [line.split(": ")[0] for line in out] == [str(root / Q2 / "r2" / "plan.json")]


def test_a_folder_copied_to_another_quarters_place_is_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(root / Q2, root / "2014-15" / "q3")  # Q2's archive posing as Q3's
    status, out, _ = verify(root, capsys)
    assert status == 1
    assert out == [f"{root / '2014-15' / 'q3' / 'manifest.json'}: is the manifest of 2014-15 Q2 revision 1, "
                   "but sits where 2014-15 Q3 revision 1 belongs"]


def test_a_pdf_deleted_with_its_manifest_entry_is_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest_path = root / Q2 / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    del manifest["files"]["appendix-1-q2.pdf"]
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    (root / Q2 / "appendix-1-q2.pdf").unlink()
    status, out, _ = verify(root, capsys)
    assert status == 1 and out == [f"{manifest_path}: lists no .pdf file: the PDF of the quarter is not archived here"]


def test_a_deleted_manifest_is_named_as_such(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / Q2 / "manifest.json").unlink()
    status, out, _ = verify(root, capsys)
    assert status == 1
    assert out == [f"{root / Q2}: manifest missing: manifest.json is gone, so none of its files can be checked"]


def test_a_pdf_whose_embedded_plan_differs_from_the_manifests_is_reported(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A careful forger re-hashes the PDF in the manifest; the embedded plan still gives them away.
    pdf_path, manifest_path = root / Q2 / "appendix-1-q2.pdf", root / Q2 / "manifest.json"
    with pikepdf.open(pdf_path) as pdf:
        stream = pdf.Root.Names.EmbeddedFiles.Names[1].EF.F
        stream.write(stream.read_bytes().replace(b'"quarter": 2', b'"quarter": 3'))
        out = io.BytesIO()
        pdf.save(out)
    pdf_path.write_bytes(out.getvalue())
    manifest = json.loads(manifest_path.read_bytes())
    manifest["files"][pdf_path.name] = {"sha256": hashlib.sha256(out.getvalue()).hexdigest(), "size": len(out.getvalue())}
    manifest_path.write_text(json.dumps(manifest))
    status, lines, _ = verify(root, capsys)
    assert (status, lines) == (1, [f"{pdf_path}: its embedded plan.json differs from the manifest's plan.json"])


def test_an_interrupted_run_and_a_broken_manifest_are_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "2014-15" / ".q3.abc.tmp").mkdir()
    (root / "2014-15" / ".q3.abc.tmp" / "plan.json").write_text("{}")
    (root / Q2 / "manifest.json").write_text("{not json")
    status, out, _ = verify(root, capsys)
    assert status == 1
    assert out[0].startswith(f"{root / Q2 / 'manifest.json'}: unreadable manifest (JSONDecodeError")
    assert out[1:] == [f"{root / '2014-15' / '.q3.abc.tmp'}: left by an interrupted archive run; remove it"]


def test_nothing_to_verify_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "absent")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'absent'}: no such folder\n"
    status, out, _ = verify(tmp_path, capsys)
    assert (status, out) == (1, [f"{tmp_path}: no archive folders (no manifest.json) found"])


def test_a_review_that_names_another_final_is_reported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A manifest whose review record signed off another plan.json than the one archived beside it."""
    manifest_path = root / Q2 / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["review"] = {"final": {"plan.json": "0" * 64, "appendix-1-q2.pdf": "1" * 64}, "reviewers": ["A. Lawyer"]}
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    status, out, _ = verify(root, capsys)
    assert status == 1 and out == [f"{manifest_path}: its review's final plan.json is not the archived plan.json"]
