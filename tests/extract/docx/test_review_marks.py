"""A Word file marked up by a reviewer (tracked changes, a comment) reads as the accepted text,
with warnings naming the action and the reviewer; --strict turns them into a failure."""
from __future__ import annotations

import logging

import pytest
from conftest import INPUTS, rebuild_docx
from lxml import etree
from marking import run as make_run
from marking import w

from pipeline.cli import main
from pipeline.extract import extract_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
INSERTED = "Ten new members joined in May."
DELETED = "instant action taken against banned nominals"


def _mark_up(document_xml: bytes) -> bytes:
    root = etree.fromstring(document_xml)
    paragraphs = root.findall(".//w:p", NS)
    # 2.3's progress: insert a sentence, delete a phrase (as a reviewer in Word would)
    target = next(p for p in paragraphs if "Pubwatch goes from strength" in "".join(p.itertext()))
    ins = etree.SubElement(target, w("ins"), {w("id"): "901", w("author"): "Jane Reviewer",
                                               w("date"): "2014-10-01T09:00:00Z"})
    ins.append(make_run(" " + INSERTED))
    run = next(r for r in target.findall("w:r", NS) if DELETED in "".join(r.itertext()))
    text = run.find("w:t", NS).text
    before, after = text.split(DELETED)
    run.find("w:t", NS).text = before
    run.find("w:t", NS).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    dele = etree.Element(w("del"), {w("id"): "902", w("author"): "Jane Reviewer",
                                     w("date"): "2014-10-01T09:00:00Z"})
    dele.append(make_run(DELETED, deleted=True))
    run.addnext(dele)
    dele.addnext(make_run(after))
    # a comment on 1.2's objectives
    commented = next(p for p in paragraphs if "Improve information and data sharing" in "".join(p.itertext()))
    ref = etree.SubElement(commented, w("r"))
    etree.SubElement(ref, w("commentReference"), {w("id"): "5"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


COMMENTS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
    '<w:comment w:id="5" w:author="Sam Auditor" w:date="2014-10-02T00:00:00Z"><w:p><w:r>'
    "<w:t>Is the CCG still a partner?</w:t></w:r></w:p></w:comment></w:comments>"
).encode()


@pytest.fixture(scope="module")
def reviewed_docx() -> bytes:
    rels = (b'<Relationship Id="rIdComments9" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')
    types = (b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.wordprocessingml.comments+xml"/></Types>')
    return rebuild_docx(
        (INPUTS / "action-plan-2014-15-q1.docx").read_bytes(),
        {
            "word/document.xml": _mark_up,
            "word/_rels/document.xml.rels": lambda part: part.replace(b"</Relationships>", rels),
            "[Content_Types].xml": lambda part: part.replace(b"</Types>", types),
        },
        {"word/comments.xml": COMMENTS},
    )


def _action(plan, action_id):
    return next(a for a in plan.actions() if a.id == action_id)


def test_accepted_text_is_read(reviewed_docx, gold_plan, caplog):
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        plan = extract_bytes(reviewed_docx, "reviewed.docx")
    progress = " ".join(_action(plan, "2.3").progress)
    assert INSERTED in progress
    assert DELETED not in progress
    assert _action(plan, "1.2") == _action(gold_plan, "1.2")  # a comment changes no text
    messages = [r.getMessage() for r in caplog.records]
    assert any("action 2.3" in m and "tracked changes by Jane Reviewer" in m for m in messages), messages
    assert any("action 1.2" in m and "comment by Sam Auditor" in m and "CCG" in m for m in messages), messages


def test_strict_makes_review_marks_fatal(reviewed_docx, tmp_path, capsys):
    path = tmp_path / "reviewed.docx"
    path.write_bytes(reviewed_docx)
    out = tmp_path / "plan.json"
    assert main(["extract", str(path), "-o", str(out), "--strict"]) == 1
    lines = capsys.readouterr().err.splitlines()
    # the warnings --strict refused, each on its line, then the one error line
    assert lines[-1].startswith("error: ") and "--strict" in lines[-1]
    assert len(lines) > 1 and all(line.startswith("warning: ") for line in lines[:-1])
    assert not out.exists()
    assert main(["extract", str(path), "-o", str(out)]) == 0
    assert out.exists()
