"""Careless and hostile inputs (issue 13): each is refused by the CLI with exactly one `error:`
line naming the file and the place, exit 1, no traceback, nothing written, in under 10 s and
1 GiB of address space (tests/hostile/cli_run.py); or, where the input is readable, read exactly."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cli_run import refused, run_cli
from conftest import GOLD_JSON, REFERENCE_DOCX, REFERENCE_PDF

HEAD = "year: 2014/15\nquarter: 2\nactions:\n"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def apply_refused(tmp_path: Path, out: Path, updates: str | bytes) -> str:
    path = tmp_path / "q2.yaml"
    path.write_bytes(updates.encode("utf-8") if isinstance(updates, str) else updates)
    return refused("apply", GOLD_JSON, path, "-o", out / "plan.json", watch=(out, tmp_path))


# --- silent wrong data: a yes/no where a reason is expected --------------------------------------

@pytest.mark.parametrize("value", ["no", "false", "yes"])
def test_struck_no_is_refused_not_a_strike(tmp_path, out, value):
    line = apply_refused(tmp_path, out, HEAD + f'  "1.1":\n    struck: {value}\n')
    assert line.startswith(f"error: {tmp_path / 'q2.yaml'}:5: action 1.1: struck is '{value}'")
    assert "leave struck out" in line


# --- unbounded input ---------------------------------------------------------------------------

def _fan_out(repeats: int) -> str:
    """A small file whose aliases repeat one long string: progress paragraphs by the thousand."""
    long = "x" * 10_000
    aliases = ", ".join(["*a"] * repeats)
    return HEAD + f'  "1.1":\n    progress: [&a "{long}", {aliases}]\n'


@pytest.mark.parametrize("repeats", [60_000, 300_000])  # the 230 KB (→ 200 MB) and 1.2 MB (→ 6 GB) files
def test_yaml_aliases_fanning_out_are_refused(tmp_path, out, repeats):
    line = apply_refused(tmp_path, out, _fan_out(repeats))
    assert ":5: YAML error at column" in line and "aliases (*name) repeat text beyond" in line


def test_an_aliased_paragraph_used_twice_is_still_read(tmp_path, out):
    path = tmp_path / "q2.yaml"
    path.write_text(HEAD + '  "1.1":\n    progress: [&p "Same words.", *p]\n    status: [amber, amber]\n', "utf-8")
    done = run_cli("apply", GOLD_JSON, path, "-o", out / "plan.json")
    assert done.returncode == 0, done.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert plan["priorities"][0]["actions"][0]["progress"] == ["Same words.", "Same words."]


def test_a_50_mb_updates_file_is_refused_before_reading(tmp_path, out):
    path = tmp_path / "q2.yaml"
    with open(path, "wb") as f:
        f.write((HEAD + '  "1.1":\n    progress:\n').encode())
        f.write(b'      - "' + b"words " * 9_000_000 + b'"\n')
    line = refused("apply", GOLD_JSON, path, "-o", out / "plan.json", watch=(out,))
    assert line == (f"error: {path}: 51.5 MB, but an updates file may have at most 4.0 MB "
                    "(a quarter's updates are tens of KB): is this the right file?")


@pytest.mark.parametrize("command", ["extract", "updates"])
def test_a_device_that_never_ends_is_refused(out, command):
    if command == "extract":
        line = refused("extract", "/dev/zero", "-o", out / "plan.json", watch=(out,))
    else:
        line = refused("apply", GOLD_JSON, "/dev/zero", "-o", out / "plan.json", watch=(out,))
    assert line.startswith("error: /dev/zero: goes on past ")


def test_a_pipe_is_held_to_the_same_limit(out):
    line = refused("apply", GOLD_JSON, "/dev/stdin", "-o", out / "plan.json", watch=(out,), stdin=b"#" * (5 << 20))
    assert line.startswith("error: /dev/stdin: goes on past 4.0 MB, but an updates file may have at most 4.0 MB")


def test_yaml_nested_1000_deep_is_refused(tmp_path, out):
    line = apply_refused(tmp_path, out, HEAD + '  "1.1":\n    progress: ' + "[" * 1000 + "]" * 1000 + "\n")
    assert line.endswith(":5: YAML error at column 44: nested more than 32 levels deep")


def test_plan_json_nested_1000_deep_is_refused(tmp_path, out):
    path = tmp_path / "plan.json"
    path.write_text('{"format": "action-plan/1", "priorities": ' + "[" * 1000 + "]" * 1000 + "}", "utf-8")
    line = refused("render", path, "--docx", out / "a.docx", watch=(out, tmp_path))
    assert line.startswith(f"error: {path}:1: nested more than 32 levels deep")


def test_a_profile_nested_1000_deep_is_refused(tmp_path, out):
    path = tmp_path / "profile.yaml"
    path.write_text("headings:\n  objectives: " + "[" * 1000 + "]" * 1000 + "\n", "utf-8")
    line = refused("extract", REFERENCE_PDF, "--profile", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line.startswith(f"error: {path}:2: YAML error at column") and "nested more than 32 levels" in line


# --- text that XML cannot hold -----------------------------------------------------------------

@pytest.mark.parametrize(("escape", "code"), [(r"\x01", "U+0001"), (r"\x1b", "U+001B"), (r"\x80", "U+0080"),
                                              (r"\uFFFE", "U+FFFE"), (r"\ud800", "U+D800")])
def test_an_unprintable_character_written_as_an_escape_is_refused_by_line(tmp_path, out, escape, code):
    text = HEAD + f'  "1.1":\n    progress:\n      - "fine"\n      - "bad {escape} here"\n'
    line = apply_refused(tmp_path, out, text)
    assert line.startswith(f"error: {tmp_path / 'q2.yaml'}:7: {code} (")
    assert "cannot be printed in Word or PDF" in line


def test_a_raw_control_character_is_named_by_line_and_column(tmp_path, out):
    line = apply_refused(tmp_path, out, HEAD + '  "1.1":\n    progress: ["ab\x07c"]\n')
    assert line == (f"error: {tmp_path / 'q2.yaml'}:5: U+0007 (a control character) at column 19 cannot be printed "
                    "in Word or PDF; delete it (it often comes from pasting)")


def test_a_file_not_in_utf8_is_named_by_line(tmp_path, out):
    line = apply_refused(tmp_path, out, (HEAD + '  "1.1":\n    progress: ["caf\xe9"]\n').encode("cp1252"))
    assert line == (f"error: {tmp_path / 'q2.yaml'}:5: not UTF-8 text: byte 0xE9 at column 20 "
                    "(saved as Windows-1252 or Latin-1?); save the file as UTF-8")


@pytest.mark.parametrize(("escape", "code"), [(r"\u0001", "U+0001"), (r"\u0085", "U+0085"), (r"\ud800", "U+D800")])
def test_plan_json_with_an_unprintable_escape_is_refused_naming_the_action(tmp_path, out, escape, code):
    data = json.loads(GOLD_JSON.read_text("utf-8"))
    data["priorities"][1]["actions"][0]["progress"][0] += "@@"
    text = json.dumps(data, indent=2, ensure_ascii=False).replace("@@", escape)
    path = tmp_path / "plan.json"
    path.write_text(text, "utf-8")
    line = refused("render", path, "--docx", out / "a.docx", "--pdf", out / "a.pdf", watch=(out, tmp_path))
    number = text[:text.index(escape)].count("\n") + 1
    assert line.startswith(f"error: {path}:{number}: action 2.1 progress ¶1: {code} (")


def test_a_paired_surrogate_escape_is_an_ordinary_character(tmp_path, out):
    data = json.loads(GOLD_JSON.read_text("utf-8"))
    text = json.dumps(data, indent=2).replace('"Action plan 2014/15"', '"Action plan 2014/15 \\ud83d\\ude00"')
    path = tmp_path / "plan.json"
    path.write_text(text, "utf-8")
    done = run_cli("render", path, "--docx", out / "a.docx")
    assert done.returncode == 0, done.stderr


# --- messages a user can act on ----------------------------------------------------------------

def _docx_with(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = change(info.filename, source.read(info))
            if body is not None:
                target.writestr(info, body)
    return out.getvalue()


def test_a_strict_open_xml_file_is_told_how_to_save_it(tmp_path, out):
    strict = _docx_with(REFERENCE_DOCX.read_bytes(), lambda name, body: body.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    ).replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    path = tmp_path / "strict.docx"
    path.write_bytes(strict)
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line == (f"error: {path}: saved as a Strict Open XML Document, which this reader does not take: "
                    "in Word, File > Save As > Word Document (*.docx), and give that file")


def _with_a_picture(data: bytes) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    picture = (Path(__file__).parent / "one-pixel.png").read_bytes()
    document.paragraphs[0].add_run().add_picture(io.BytesIO(picture))
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def test_a_docx_missing_a_picture_is_read_with_a_warning(tmp_path, out):
    damaged = _docx_with(_with_a_picture(REFERENCE_DOCX.read_bytes()),
                         lambda name, body: None if name.startswith("word/media/") else body)
    path = tmp_path / "monitor.docx"
    path.write_bytes(damaged)
    done = run_cli("extract", path, "-o", out / "plan.json")
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == [
        f"warning: {path}: word/media/image1.png (image) is missing from the file; read without it (the plan is its text)"]
    assert json.loads((out / "plan.json").read_text("utf-8")) == json.loads(
        run_cli("extract", REFERENCE_DOCX).stdout.decode("utf-8"))


def test_a_docx_missing_a_text_part_is_refused_by_name(tmp_path, out):
    damaged = _docx_with(REFERENCE_DOCX.read_bytes(), lambda name, body: None if name == "word/numbering.xml" else body)
    path = tmp_path / "monitor.docx"
    path.write_bytes(damaged)
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line == (f"error: {path}: word/numbering.xml (numbering) is missing from the file, which is damaged: "
                    "open it in Word and save it again, then give that file")


def test_a_damaged_pdf_is_said_in_plain_words(tmp_path, out):
    path = tmp_path / "cut.pdf"
    path.write_bytes(REFERENCE_PDF.read_bytes()[:20_000] + b"\n%%EOF\n")
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line == (f"error: {path}: the PDF is damaged and cannot be read (its internal structure is broken); "
                    "get a fresh copy, or open it and print it to a new PDF")


def test_warnings_about_a_file_are_held_back_when_it_is_refused(tmp_path, out):
    """A reviewed monitor that is then refused (two actions numbered 1.1): its tracked change used to
    be printed, reviewer's name and all, above the one line that matters."""
    def mark(name: str, body: bytes, twice: bool = True) -> bytes:
        if name != "word/document.xml":
            return body
        text = body.decode("utf-8").replace("<w:t>1.2</w:t>", "<w:t>1.1</w:t>" if twice else "<w:t>1.2</w:t>")
        run = "<w:r><w:rPr></w:rPr><w:t>The DART project has begun"
        assert run in text
        return text.replace(run, '<w:ins w:id="901" w:author="Ann Lawyer" w:date="2014-10-01T00:00:00Z"><w:r><w:t>'
                                 "Privileged: </w:t></w:r></w:ins>" + run, 1).encode("utf-8")

    path = tmp_path / "reviewed.docx"
    path.write_bytes(_docx_with(REFERENCE_DOCX.read_bytes(), mark))
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line.startswith(f"error: {path}: action 1.1 appears twice")
    done = run_cli("extract", path)
    assert done.stderr.decode().splitlines() == [line]
    # the same mark in a file that is read is said
    good = tmp_path / "good.docx"
    good.write_bytes(_docx_with(REFERENCE_DOCX.read_bytes(), lambda n, b: mark(n, b, twice=False)))
    said = run_cli("extract", good, "-o", out / "plan.json")
    assert said.returncode == 0 and "tracked changes by Ann Lawyer" in said.stderr.decode()


def test_a_message_quoting_cells_stays_on_one_line(tmp_path, out):
    """The reference with every table's header cells over three lines, one holding a terminal escape (C1 CSI, which XML allows):
    the refusal quotes them, on one line, the escape shown as U+009B, not sent to the terminal."""
    import docx

    document = docx.Document(str(REFERENCE_DOCX))
    for table in document.tables:
        for cell in table.rows[0].cells:
            cell.text = "Heading\nsecond line\nthird \x9b31mline"
    saved = io.BytesIO()
    document.save(saved)
    path = tmp_path / "other.docx"
    path.write_bytes(saved.getvalue())
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert "found columns: Heading second line third U+009B31mline | Heading" in line


def test_make_takes_a_base_with_spaces_accents_and_quotes(tmp_path):
    """`make q1 BASE="…/my plan é.pdf"` used to fail with make's own "No rule to make target"."""
    import subprocess

    from conftest import ROOT

    clone = tmp_path / "clone"
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv", "outputs", ".git", "tests", "*.pyc"))
    (clone / ".venv").symlink_to(ROOT / ".venv")
    odd = clone / "inputs" / "2014-15" / "O'Brien $HOME plan é.pdf"
    shutil.copy(REFERENCE_PDF, odd)
    done = subprocess.run(["make", "-o", ".venv/.installed", "-o", ".venv/.system-render",
                           "outputs/2014-15/q1/plan.json", f"BASE={odd.relative_to(clone)}"],
                          cwd=clone, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads((clone / "outputs/2014-15/q1/plan.json").read_text("utf-8")) == json.loads(GOLD_JSON.read_text("utf-8"))
    assert (clone / "outputs/2014-15/q1/.base").read_text("utf-8").endswith(f"  {odd.relative_to(clone)}\n")
    missing = subprocess.run(["make", "-o", ".venv/.installed", "outputs/2014-15/q1/plan.json", "BASE=inputs/no such é.pdf"],
                             cwd=clone, capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0
    assert missing.stderr.splitlines()[0] == ("error: inputs/no such é.pdf: no such file; give the published monitor: "
                                              "make q1 BASE=path/to/monitor.pdf")


def test_a_file_saved_as_utf16_is_named_so(tmp_path, out):
    line = apply_refused(tmp_path, out, (HEAD + '  "1.1":\n    progress: [x]\n').encode("utf-16"))
    assert line == f"error: {tmp_path / 'q2.yaml'}:1: saved as UTF-16 (Notepad's \"Unicode\"); save the file as UTF-8"


def test_a_paragraph_longer_than_a_cell_takes_is_refused(tmp_path, out):
    """A 1 MB paste in one paragraph: minutes of layout and dozens of pages in one cell."""
    line = apply_refused(tmp_path, out, HEAD + '  "1.1":\n    progress:\n      - "' + "word " * 200_000 + '"\n')
    assert line.endswith(":6: action 1.1: a paragraph of 999,999 characters, more than a cell of the board paper takes "
                         "(20,000); shorten it, or split it into paragraphs")


# --- what the PDF cannot draw faithfully: refused by place, not drawn wrong ------------------------

def _plan_with(tmp_path: Path, change) -> Path:
    data = json.loads(GOLD_JSON.read_text("utf-8"))
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize(("text", "said"), [
    ("Meeting at 円 venue", "U+5186 (CJK UNIFIED IDEOGRAPH-5186) has no glyph in the PDF's font (Liberation Sans)"),
    ("Thumbs up 👍", "U+1F44D (THUMBS UP SIGN) has no glyph in the PDF's font (Liberation Sans)"),
    ("Shalom שלום", "U+05E9 (HEBREW LETTER SHIN) is right-to-left text"),
    ("Stacked e\u0301\u0323", "U+0323 (COMBINING DOT BELOW) is a second combining mark on one letter"),
])
def test_a_character_the_pdf_cannot_draw_faithfully_is_refused_by_place(tmp_path, out, text, said):
    path = _plan_with(tmp_path, lambda d: d["priorities"][1]["actions"][2]["progress"].append(text))
    paragraph = len(json.loads(GOLD_JSON.read_text("utf-8"))["priorities"][1]["actions"][2]["progress"]) + 1
    line = refused("render", path, "--docx", out / "a.docx", "--pdf", out / "a.pdf", watch=(out, tmp_path))
    assert line.startswith(f"error: {path} (for the PDF): action 2.3 progress ¶{paragraph}: {said}"), line
    assert line.endswith("; write it another way")


def test_a_page_header_too_long_for_its_line_is_refused(tmp_path, out):
    path = _plan_with(tmp_path, lambda d: d["report"].update(period="1 April – 30 June 2014, " + " ".join(["and more"] * 20)))
    line = refused("render", path, "--pdf", out / "a.pdf", watch=(out, tmp_path))
    assert line.startswith(f"error: {path} (for the PDF): the page header ('Appendix 1' and 'Q1 update / progress monitor (1 April")
    assert "shorten the appendix label or the report period" in line


def test_plan_json_with_a_paragraph_of_spaces_only_is_refused_by_place(tmp_path, out):
    """No reader makes one; in a hand-edited plan it broke the redline's Reject All (found by Hypothesis)."""
    path = _plan_with(tmp_path, lambda d: d["priorities"][0]["actions"][1]["progress"].append(" \u00a0 "))
    line = refused("render", path, "--docx", out / "a.docx", watch=(out, tmp_path))
    paragraph = len(json.loads(GOLD_JSON.read_text("utf-8"))["priorities"][0]["actions"][1]["progress"]) + 1
    assert line == f"error: {path}: action 1.2 progress ¶{paragraph}: text of spaces only; delete the entry or write its words"


# --- hostile-test findings: a yes/no dressed up, and texts longer than a cell outside progress ----

@pytest.mark.parametrize("value", ['"No."', '"no!"', '" N/A. "', '"ｎｏ"', '"–"', '"—"', '"..."'])
def test_struck_no_with_punctuation_or_fullwidth_is_still_refused(tmp_path, out, value):
    line = apply_refused(tmp_path, out, HEAD + f'  "1.1":\n    struck: {value}\n')
    assert line.startswith(f"error: {tmp_path / 'q2.yaml'}:5: action 1.1: struck is ")
    assert "leave struck out" in line


def test_a_real_reason_that_starts_with_no_is_kept(tmp_path, out):
    path = tmp_path / "q2.yaml"
    path.write_text(HEAD + '  "1.1":\n    struck: "No staff resource."\n', "utf-8")
    done = run_cli("apply", GOLD_JSON, path, "-o", out / "plan.json")
    assert done.returncode == 0, done.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert plan["priorities"][0]["actions"][0]["progress"][0] == "Struck from the action plan: No staff resource."


def test_a_note_longer_than_a_status_cell_takes_is_refused(tmp_path, out):
    # a 30,000-character note took over 3 minutes to lay out in the narrow status column
    line = apply_refused(tmp_path, out, HEAD + '  "1.1":\n    progress: [x]\n'
                         f'    status: [{{rag: red, note: "{"n" * 30_000}"}}, amber]\n')
    assert line.startswith(f"error: {tmp_path / 'q2.yaml'}:6: action 1.1: the note of status 1 has 30,000 characters")


def test_a_struck_reason_longer_than_a_cell_takes_is_refused(tmp_path, out):
    line = apply_refused(tmp_path, out, HEAD + f'  "1.1":\n    struck: "{"r " * 15_000}"\n')
    assert line.startswith(f"error: {tmp_path / 'q2.yaml'}:5: action 1.1: a paragraph of ")


@pytest.mark.parametrize(("text", "said"), [("two  spaces", "a space at either end, or two together"), ("tab\there", "a tab"),
                                            ("no-break\u00a0space", "a no-break space"), (" lead", "a space at either end")])
def test_plan_json_text_a_page_cannot_keep_is_refused_by_place(tmp_path, out, text, said):
    """Printed, such spacing reads back as single spaces: the plan read back would not be this one."""
    path = _plan_with(tmp_path, lambda d: d["priorities"][0]["actions"][0]["lead"].append(text))
    line = refused("render", path, "--docx", out / "a.docx", watch=(out, tmp_path))
    assert line.startswith(f"error: {path}: action 1.1 lead ¶3: {said}")
    assert line.endswith("; write single spaces between words")


def test_utf16_without_its_mark_and_an_empty_path_are_named(tmp_path, out):
    line = apply_refused(tmp_path, out, (HEAD + '  "1.1":\n    progress: [x]\n').encode("utf-16-le"))
    assert line == f"error: {tmp_path / 'q2.yaml'}:1: saved as UTF-16 (Notepad's \"Unicode\"); save the file as UTF-8"
    assert refused("apply", "", GOLD_JSON, "-o", out / "plan.json", watch=(out,)) == (
        "error: the path of the document is empty: give the file's name")


@pytest.mark.parametrize("args", [["archive", "Q=q9"], ["archive", "Q=2"], ["final", "Q=q5", "REVIEWED=x.docx"], ["q2", "YEAR=20 14"]])
def test_make_refuses_a_quarter_or_year_it_has_no_rule_for_in_its_own_words(args):
    import subprocess

    from conftest import ROOT

    done = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "No rule to make target" not in done.stderr
    assert ("say which quarter, q1 to q4" in done.stderr) or ("YEAR is a financial year" in done.stderr), done.stderr


def test_a_word_file_too_deep_for_the_xml_parser_is_said_plainly(tmp_path, out):
    deep = "<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300

    def nest(name: str, body: bytes) -> bytes:
        if name != "word/document.xml":
            return body
        text = body.decode("utf-8")
        start = text.index("<w:body>") + len("<w:body>")
        return (text[:start] + deep + text[text.index("<w:sectPr", start):]).encode("utf-8")

    path = tmp_path / "deep.docx"
    path.write_bytes(_docx_with(REFERENCE_DOCX.read_bytes(), nest))
    line = refused("extract", path, "-o", out / "plan.json", watch=(out, tmp_path))
    assert line == (f"error: {path}: not a readable Word document: its text is nested too deep or one text too long "
                    "to read safely; open it in Word and save it again, or give the PDF")


@pytest.mark.parametrize(("body", "said"), [
    ('  "１.1":\n    progress: [x]\n', "unknown action '１.1': the plan has no action with this id; did you mean '1.1'?"),
    ('  "1.1\u00a0":\n    progress: [x]\n', "unknown action '1.1\u00a0': the plan has no action with this id; did you mean '1.1'?"),
    ('  "1.1":\n\u00a0\u00a0\u00a0\u00a0progress: [x]\n', "it is indented with no-break spaces (pasted from a word processor?)"),
    ('  "1.1":\n    progres: [x]\n', "action 1.1: unknown key 'progres' (expected progress, status or struck); did you mean 'progress'?"),
])
def test_look_alike_ids_and_keys_are_named_with_what_was_meant(tmp_path, out, body, said):
    line = apply_refused(tmp_path, out, HEAD + body)
    assert said in line, line


def test_a_near_id_is_not_guessed(tmp_path, out):
    line = apply_refused(tmp_path, out, HEAD + '  "1.10":\n    progress: [x]\n')
    assert line.endswith(":4: unknown action '1.10': the plan has no action with this id")
