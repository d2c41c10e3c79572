"""Turn broken, hostile and mislabelled inputs into one-line `error:` refusals (or a success).

Every bad input is built at test time in tmp_path from small generated pieces or from the bundled
reference files. The contract for a refusal: exit status 1; stderr is exactly one line,
`error: <path>: <what is wrong>`; no traceback; the -o file is not written.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT
from docx import Document

from pipeline.cli import main

REFERENCE_PDF = ROOT / "inputs" / "2014-15" / "action-plan-2014-15-q1.pdf"
REFERENCE_DOCX = ROOT / "inputs" / "2014-15" / "action-plan-2014-15-q1.docx"
SECRET = "XXE-SECRET-7f3a9c"
BOMB_SIZE = 3 * 1024**3  # what word/document.xml inflates to


# --- the contract -------------------------------------------------------------------------------

def assert_refused(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *keywords: str) -> str:
    """Run `extract path -o out.json`; assert the refusal contract; return the error line."""
    out = tmp_path / "out.json"
    rc = main(["extract", str(path), "-o", str(out)])
    stdout, stderr = capsys.readouterr()
    lines = stderr.splitlines()
    assert rc == 1, stderr
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error: {path}: "), lines[0]
    assert any(k.lower() in lines[0].lower() for k in keywords), f"{lines[0]!r} names none of {keywords}"
    assert stdout == ""
    assert not out.exists()
    return lines[0]


def assert_extracted(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """Run `extract path -o out.json`; assert success; return the plan."""
    out = tmp_path / "out.json"
    rc = main(["extract", str(path), "-o", str(out)])
    _, stderr = capsys.readouterr()
    assert rc == 0, stderr
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["format"] == "action-plan/1"
    assert plan["partnership"] == "Stevenage Community Safety Partnership"
    assert sum(len(p["actions"]) for p in plan["priorities"]) == 27
    return plan


# --- builders ------------------------------------------------------------------------------------

def image_only_pdf(path: Path) -> None:
    """A 'scanned' A4 landscape page: one greyscale image, no text operators at all."""
    w, h = 420, 297
    rows = bytes(255 if (x // 6 + y // 6) % 5 else 40 for y in range(h) for x in range(w))
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(rows))
    image.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": w, "/Height": h,
                  "/ColorSpace": pikepdf.Name.DeviceGray, "/BitsPerComponent": 8,
                  "/Filter": pikepdf.Name.FlateDecode})
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 842, 595],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pikepdf.Stream(pdf, b"q 842 0 0 595 0 0 cm /Im0 Do Q"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


REPORT_LINE = "Q1 update / progress monitor (1 April – 30 June 2014)"


def letter_pdf(path: Path, report_header: bool = False) -> None:
    """A one-page letter with a real text layer and no table; optionally the monitor's page header."""
    header = [f"Appendix 1      {REPORT_LINE}", ""] if report_header else []
    lines = header + ["Dear resident,", "Thank you for attending the community safety meeting on 14 July.",
             "The minutes will be published on the council's website.", "Yours sincerely,", "Community Safety Team"]
    ops = ["BT /F1 11 Tf 14 TL 72 520 Td"] + [f"({t.replace(chr(39), chr(92) + chr(39))}) Tj T*" for t in lines] + ["ET"]
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 842, 595],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pikepdf.Stream(pdf, "\n".join(ops).encode("cp1252")))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


def wrong_columns_docx(path: Path) -> None:
    """A Word file with the monitor's page header whose only table is a 4-column staff rota."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = f"Appendix 1\t{REPORT_LINE}"
    doc.add_paragraph("Stevenage Community Safety Partnership")
    table = doc.add_table(rows=3, cols=4)
    for row, values in zip(table.rows, [("Name", "Team", "Phone", "Rota"),
                                        ("Alex Hepton", "Community Safety", "01438 242242", "Mon–Wed"),
                                        ("Debbie Barker", "Housing", "01438 242000", "Thu–Fri")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(path)


def with_document_xml(src: Path, dst: Path, edit) -> None:
    """Copy a .docx, passing word/document.xml through edit(bytes) -> bytes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(data) if info.filename == "word/document.xml" else data)


def xxe_docx(src: Path, dst: Path, secret_file: Path) -> None:
    """The reference .docx with a DOCTYPE declaring an external entity used in the first table's text."""
    def edit(xml: bytes) -> bytes:
        decl_end = xml.index(b"?>") + 2
        doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'.encode()
        xml = xml[:decl_end] + doctype + xml[decl_end:]
        return xml.replace(b"<w:t>Lead</w:t>", b"<w:t>Lead &xxe;</w:t>", 1).replace(
            b"<w:t>Alex Hepton</w:t>", b"<w:t>&xxe;</w:t>", 1)
    with_document_xml(src, dst, edit)


def raw_deflate(data: bytes) -> bytes:
    """Deflate without zlib header, as zip members store it."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zero_bomb(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes, built from one repeated flushed block; and its CRC."""
    chunk = 1 << 20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.compress(b"\0" * chunk)
    c.flush(zlib.Z_FULL_FLUSH)  # the first block differs (no history); take the second
    block = c.compress(b"\0" * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    zeros, crc = b"\0" * chunk, 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(zeros) + first.flush(zlib.Z_FULL_FLUSH)
    return head + block * (size // chunk - 1) + b"\x03\x00", crc  # 03 00: an empty final block


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip by hand from (name, deflated data, crc, uncompressed size); sizes may be huge."""
    out, central = io.BytesIO(), []
    for name, data, crc, usize in members:
        offset, raw = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), usize, len(raw), 0))
        out.write(raw + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), usize,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())


def bomb_docx(src: Path, dst: Path) -> None:
    """The reference .docx with word/document.xml replaced by 3 GB of zeros (about 3 MB deflated)."""
    members = []
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            if info.filename == "word/document.xml":
                data, crc = zero_bomb(BOMB_SIZE)
                members.append((info.filename, data, crc, BOMB_SIZE))
            else:
                blob = zin.read(info)
                members.append((info.filename, raw_deflate(blob), zlib.crc32(blob), len(blob)))
    write_zip(dst, members)


# --- refusals ------------------------------------------------------------------------------------

def test_scanned_pdf_without_text_layer(tmp_path, capsys):
    path = tmp_path / "scan.pdf"
    image_only_pdf(path)
    assert_refused(path, tmp_path, capsys, "no text layer", "OCR")


def test_encrypted_pdf(tmp_path, capsys):
    path = tmp_path / "locked.pdf"
    with pikepdf.open(REFERENCE_PDF) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="council", owner="owner-secret"))
    assert_refused(path, tmp_path, capsys, "encrypted", "password")


def test_truncated_pdf(tmp_path, capsys):
    data = REFERENCE_PDF.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, tmp_path, capsys, "truncated", "damaged")


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"")
    assert_refused(path, tmp_path, capsys, "empty")


def test_text_file_named_pdf(tmp_path, capsys):
    path = tmp_path / "notes.pdf"
    path.write_text("Action plan notes\n1.1 Alex to update the DA figures\n", encoding="utf-8")
    assert_refused(path, tmp_path, capsys, "not a PDF or Word")


def test_pdf_without_action_plan_table(tmp_path, capsys):
    """The page header is right, so the one thing missing is the table."""
    path = tmp_path / "letter.pdf"
    letter_pdf(path, report_header=True)
    assert_refused(path, tmp_path, capsys, "no action-plan table")


def test_plain_letter_pdf(tmp_path, capsys):
    """Some other document altogether: any message that says it is not an action plan will do."""
    path = tmp_path / "letter.pdf"
    letter_pdf(path)
    assert_refused(path, tmp_path, capsys, "no action-plan table", "not an action plan", "no report line")


def test_docx_table_with_wrong_columns(tmp_path, capsys):
    path = tmp_path / "rota.docx"
    wrong_columns_docx(path)
    assert_refused(path, tmp_path, capsys, "columns")


def test_docx_zip_cut_short(tmp_path, capsys):
    path = tmp_path / "cut.docx"
    data = REFERENCE_DOCX.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, tmp_path, capsys, "zip", "damaged", "truncated")


def test_docx_zip_with_flipped_bytes(tmp_path, capsys):
    data = bytearray(REFERENCE_DOCX.read_bytes())
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 200, start + 260):  # inside the deflated document.xml
        data[i] ^= 0xFF
    path = tmp_path / "flipped.docx"
    path.write_bytes(bytes(data))
    assert_refused(path, tmp_path, capsys, "zip", "damaged", "corrupt")


def test_docx_external_entity_is_not_resolved(tmp_path, capsys):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET, encoding="utf-8")
    path = tmp_path / "xxe.docx"
    xxe_docx(REFERENCE_DOCX, path, secret_file)
    out = tmp_path / "out.json"
    rc = main(["extract", str(path), "-o", str(out)])
    stdout, stderr = capsys.readouterr()
    assert SECRET not in stdout + stderr
    assert not out.exists() or SECRET not in out.read_text(encoding="utf-8")
    assert "Traceback" not in stderr
    if rc != 0:  # refusing the DTD is the expected behaviour; ignoring the entity is acceptable
        assert rc == 1
        assert stderr.startswith(f"error: {path}: ") and len(stderr.splitlines()) == 1, stderr
        assert any(k in stderr.lower() for k in ("external entit", "dtd", "doctype", "entity")), stderr
        assert not out.exists()


BOMB_RUNNER = """
import resource, sys
limit = 1536 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from pipeline.cli import main
sys.exit(main(["extract", sys.argv[1], "-o", sys.argv[2]]))
"""


def test_docx_decompression_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    bomb_docx(REFERENCE_DOCX, path)
    assert path.stat().st_size < 8 * 1024**2
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", BOMB_RUNNER, str(path), str(out)], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), proc.stderr[-2000:]
    assert "too large" in lines[0].lower()
    assert not out.exists()


def test_bomb_fixture_is_a_well_formed_zip(tmp_path):
    """Guard the builder: the bomb is a valid zip that really claims (and holds) gigabytes."""
    path = tmp_path / "bomb.docx"
    bomb_docx(REFERENCE_DOCX, path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size == BOMB_SIZE
        with z.open(info) as member:
            assert member.read(1 << 20) == b"\0" * (1 << 20)
        assert z.read("[Content_Types].xml").startswith(b"<?xml")


# --- mislabelled but valid: detection is by content -----------------------------------------------

def test_pdf_named_docx_is_extracted(tmp_path, capsys):
    path = tmp_path / "plan.docx"
    shutil.copyfile(REFERENCE_PDF, path)
    assert_extracted(path, tmp_path, capsys)


def test_docx_named_pdf_is_extracted(tmp_path, capsys):
    path = tmp_path / "plan.pdf"
    shutil.copyfile(REFERENCE_DOCX, path)
    assert_extracted(path, tmp_path, capsys)
