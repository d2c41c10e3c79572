"""make final: the reviewed Word file becomes the quarter's final plan, appendix and review record,
or is refused in one line naming each unresolved mark (action, author, text) — and nothing is written."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from conftest import libreoffice

from pipeline.cli import main
from pipeline.errors import PipelineError, StrictError
from pipeline.extract import extract_bytes
from pipeline.ooxml.ns import NS, qn
from pipeline.ooxml.package import parse_xml, read_parts, serialise_xml, write_parts
from pipeline.plan.model import Plan, Rag, Status, to_dict
from pipeline.plan.schema import plan_to_json
from pipeline.review.final import Draft, ReviewError, check_current, make_final
from pipeline.review.marks import describe_marks, reviewers, unresolved_marks
from pipeline.review.record import review_changes

SENTENCE = "highly commended at the Suzy Lamplugh Trust"


@pytest.fixture
def draft(tmp_path: Path, gold_plan: Plan, q2_plan: Plan, q2_rendered: dict[str, bytes]) -> Draft:
    """The Q2 draft as make q2 leaves it: plan.json, the Word appendix, and Q1's plan beside."""
    folder = tmp_path / "q2"
    folder.mkdir()
    (tmp_path / "q1.json").write_text(plan_to_json(gold_plan), "utf-8")
    (folder / "plan.json").write_text(plan_to_json(q2_plan), "utf-8")
    (folder / "appendix-1-q2.docx").write_bytes(q2_rendered["docx"])
    return Draft(plan=folder / "plan.json", docx=folder / "appendix-1-q2.docx", previous=tmp_path / "q1.json")


def edited(docx: bytes, edit, core: str | None = None) -> bytes:
    """`docx` with its document.xml changed by `edit` (and docProps/core.xml's last editor set)."""
    parts = read_parts(docx)
    root = parse_xml(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = serialise_xml(root)
    if core is not None:
        parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
            b"<cp:lastModifiedBy>Stevenage Community Safety Partnership</cp:lastModifiedBy>",
            f"<cp:lastModifiedBy>{core}</cp:lastModifiedBy>".encode())
    return write_parts(parts, dt.date(2014, 9, 30))


def with_comment(docx: bytes, anchor: str, author: str, note: str) -> bytes:
    """`docx` with a comment by `author` on the paragraph holding `anchor`, as Word writes one."""
    from lxml import etree

    w = NS["w"]
    parts = read_parts(docx)
    root = parse_xml(parts["word/document.xml"])
    t = next(t for t in root.iter(qn("w:t")) if t.text and anchor in t.text)
    run = etree.SubElement(t.getparent().getparent(), qn("w:r"))
    etree.SubElement(run, qn("w:commentReference")).set(qn("w:id"), "7")
    parts["word/document.xml"] = serialise_xml(root)
    parts["word/comments.xml"] = (f'<w:comments xmlns:w="{w}"><w:comment w:id="7" w:author="{author}"><w:p><w:r>'
                                  f'<w:t>{note}</w:t></w:r></w:p></w:comment></w:comments>').encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
        'Target="comments.xml"/></Relationships>')).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.comments+xml"/></Types>')).encode()
    return write_parts(parts, dt.date(2014, 9, 30))


def rewrite_sentence(root) -> None:
    t = next(t for t in root.iter(qn("w:t")) if t.text and SENTENCE in t.text)
    t.text = t.text.replace("highly", "NOT")


def test_the_review_becomes_the_final(tmp_path: Path, draft: Draft, q2_plan: Plan) -> None:
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(edited(draft.docx.read_bytes(), rewrite_sentence, core="Ann Lawyer"))
    folder = draft.plan.parent / "final"
    record = make_final(draft, reviewed, folder)

    assert sorted(p.name for p in folder.iterdir()) == [
        "appendix-1-q2.docx", "appendix-1-q2.pdf", "plan.json", "review.json", "review.md", "reviewed.docx"]
    final = json.loads((folder / "plan.json").read_text("utf-8"))
    action = next(a for p in final["priorities"] for a in p["actions"] if any("NOT commended" in x for x in a["progress"]))
    before = next(a for a in q2_plan.actions() if a.id == action["id"])
    # the final differs from the draft in that one paragraph and nowhere else
    want = to_dict(dataclasses.replace(q2_plan, priorities=tuple(
        dataclasses.replace(p, actions=tuple(
            dataclasses.replace(a, progress=tuple(x.replace(SENTENCE, SENTENCE.replace("highly", "NOT")) for x in a.progress))
            if a.id == before.id else a for a in p.actions)) for p in q2_plan.priorities)))
    assert final == want
    # the final's Word file and PDF each read back as the final plan
    for name in ("appendix-1-q2.docx", "appendix-1-q2.pdf"):
        assert to_dict(extract_bytes((folder / name).read_bytes(), name)) == final, name
    assert record["reviewers"] == ["Ann Lawyer"]
    changed = [c for c in record["changes"]]
    assert len(changed) == 1 and changed[0]["where"] == f"action {before.id}" and changed[0]["field"].startswith("progress ¶")
    assert "highly commended" in changed[0]["before"] and "NOT commended" in changed[0]["after"]
    assert record["draft"]["plan.json"] == hashlib.sha256(draft.plan.read_bytes()).hexdigest()
    assert record["final"]["plan.json"] == hashlib.sha256((folder / "plan.json").read_bytes()).hexdigest()
    assert (folder / "reviewed.docx").read_bytes() == reviewed.read_bytes()
    text = (folder / "review.md").read_text("utf-8")
    assert "Reviewers: Ann Lawyer" in text and f"action {before.id}, progress ¶" in text and " → " in text
    assert check_current(folder, draft.plan) == record


def test_unresolved_marks_are_refused_listing_each(tmp_path: Path, draft: Draft) -> None:
    """LibreOffice as the reviewer: a tracked replacement; and a comment from a second reviewer in Word.
    make final names the action, the author and the text of each, in one line, and writes nothing."""
    tracked = libreoffice(draft.docx.read_bytes(), tmp_path / "lo", "author=Ann Lawyer", "track=on",
                          f"replace={SENTENCE}=>NOT commended at the Suzy Lamplugh Trust")
    # the comment is Word's XML, added after: this Writer's Accept All needs a window, which aborts on a comment
    marked = with_comment(tracked, "OWL messaging now used", "Bob Brief", "Is 2,100 right?")
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(marked)
    with pytest.raises(ReviewError) as caught:
        make_final(draft, reviewed, draft.plan.parent / "final")
    message = str(caught.value)
    assert message.startswith(f"{reviewed}: 3 unresolved review mark(s): ") and "\n" not in message
    assert f"action 2.1: tracked change by Ann Lawyer: deleted '{SENTENCE}'" in message
    assert "action 2.1: tracked change by Ann Lawyer: inserted 'NOT commended at the Suzy Lamplugh Trust'" in message
    assert "action 2.4: comment by Bob Brief: 'Is 2,100 right?'" in message
    assert not (draft.plan.parent / "final").exists()

    accepted = with_comment(libreoffice(tracked, tmp_path / "lo2", "author=Ann Lawyer", "accept-all"),
                            "OWL messaging now used", "Bob Brief", "Is 2,100 right?")
    reviewed.write_bytes(accepted)
    parts = read_parts(accepted)
    assert [m.kind for m in unresolved_marks(parts)] == ["open comment"]  # Accept All keeps comments
    with pytest.raises(ReviewError, match="1 unresolved review mark"):
        make_final(draft, reviewed, draft.plan.parent / "final")
    assert not (draft.plan.parent / "final").exists()


def test_a_comment_marked_resolved_in_word_is_resolved(draft: Draft, tmp_path: Path) -> None:
    parts = read_parts(draft.docx.read_bytes())
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    comments = (f'<w:comments xmlns:w="{NS["w"]}" xmlns:w14="{w14}"><w:comment w:id="0" '
                f'w:author="Ann Lawyer"><w:p w14:paraId="00000001"><w:r><w:t>ok</w:t></w:r></w:p></w:comment></w:comments>')
    parts["word/comments.xml"] = comments.encode()
    assert [str(m) for m in unresolved_marks(parts)] == ["1 open comment in word/comments.xml by Ann Lawyer"]
    parts["word/commentsExtended.xml"] = (f'<w15:commentsEx xmlns:w15="{w15}"><w15:commentEx w15:paraId="00000001" '
                                          'w15:done="1"/></w15:commentsEx>').encode()
    assert unresolved_marks(parts) == ()
    assert reviewers(parts, frozenset({"Stevenage Community Safety Partnership"})) == ("Ann Lawyer",)


def test_a_deleted_row_is_named_by_its_own_action(gold_plan: Plan, q2_plan: Plan) -> None:
    from pipeline.render.redline.document import redline_docx

    gone = dataclasses.replace(q2_plan, priorities=tuple(
        dataclasses.replace(p, actions=tuple(a for a in p.actions if a.id != "2.4")) for p in q2_plan.priorities))
    parts = read_parts(redline_docx(gold_plan, gone))
    listed = describe_marks(parts, {a.id for a in gold_plan.actions()})
    assert any(line.startswith("action 2.4: tracked change by ") and "row deleted" in line for line in listed)
    assert not any(line.startswith("action 2.3:") and "row deleted" in line for line in listed)


def test_an_action_deleted_in_review_is_warned_and_strict_refuses(tmp_path: Path, draft: Draft, caplog) -> None:
    def delete_action_24(root) -> None:  # the reviewer deletes 2.4's row outright (changes not tracked)
        row = next(tr for tr in root.iter(qn("w:tr"))
                   if "".join(t.text or "" for t in tr.find(qn("w:tc")).iter(qn("w:t"))).startswith("2.4"))
        row.getparent().remove(row)

    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(edited(draft.docx.read_bytes(), delete_action_24, core="Ann Lawyer"))
    folder = draft.plan.parent / "final"
    with pytest.raises(StrictError, match=r"action 2\.4 was removed in review; the final no longer reports on it"):
        make_final(draft, reviewed, folder, strict=True)
    record = make_final(draft, reviewed, folder)
    assert "action 2.4 was removed in review" in caplog.text
    assert {"where": "action 2.4", "field": "whole action", "after": "(removed)"}.items() <= record["changes"][0].items()


def test_another_quarters_appendix_is_refused(tmp_path: Path, draft: Draft, gold_rendered: dict[str, bytes]) -> None:
    reviewed = tmp_path / "q1.docx"
    reviewed.write_bytes(gold_rendered["docx"])
    with pytest.raises(ReviewError, match=r"is the appendix of Stevenage Community Safety Partnership, Q1 2014/15, "
                                          r"not of this draft \(Stevenage Community Safety Partnership, Q2 2014/15\)"):
        make_final(draft, reviewed, draft.plan.parent / "final")


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n", b"PK\x03\x04 not really"])
def test_not_a_word_file_is_refused(tmp_path: Path, draft: Draft, content: bytes) -> None:
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(content)
    with pytest.raises(PipelineError, match=rf"^{reviewed}: "):
        make_final(draft, reviewed, draft.plan.parent / "final")
    assert not (draft.plan.parent / "final").exists()


def test_a_status_changed_by_shading_alone_is_warned_and_strict_refuses(tmp_path: Path, draft: Draft, caplog) -> None:
    def shade_red(root) -> None:  # the reviewer turns a green status cell red and leaves its word
        shd = next(s for s in root.iter(qn("w:shd")) if s.get(qn("w:fill")) == "00B050")
        shd.set(qn("w:fill"), "FF0000")

    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(edited(draft.docx.read_bytes(), shade_red, core="Ann Lawyer"))
    folder = draft.plan.parent / "final"
    with pytest.raises(StrictError, match="the status says green but is shaded red; the shading wins"):
        make_final(draft, reviewed, folder, strict=True)
    assert not folder.exists()
    record = make_final(draft, reviewed, folder)
    assert "the status says green but is shaded red" in caplog.text
    (change,) = record["changes"]
    assert change["field"].startswith("status of outcome ") and (change["before"], change["after"]) == ("green", "red")
    final = json.loads((folder / "plan.json").read_text("utf-8"))
    action = next(a for p in final["priorities"] for a in p["actions"] if f"action {a['id']}" == change["where"])
    n = int(change["field"].rsplit(" ", 1)[1]) - 1
    assert action["status"][n]["rag"] == "red"
    docx = (folder / "appendix-1-q2.docx").read_bytes()
    assert to_dict(extract_bytes(docx, "final.docx")) == final  # the re-rendered file says Red, shaded red


def test_a_final_replaces_the_last_one_whole_and_a_refusal_keeps_it(tmp_path: Path, draft: Draft) -> None:
    folder = draft.plan.parent / "final"
    folder.mkdir()
    (folder / "stray.txt").write_text("from an earlier final", "utf-8")
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(draft.docx.read_bytes())
    record = make_final(draft, reviewed, folder, named=("Ann Lawyer", " Bob Brief"))
    assert not (folder / "stray.txt").exists() and record["changes"] == []
    assert record["reviewers"] == ["Ann Lawyer", "Bob Brief"]
    assert "The review changed nothing" in (folder / "review.md").read_text("utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    reviewed.write_bytes(b"not a docx")
    with pytest.raises(PipelineError):
        make_final(draft, reviewed, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["appendix-1-q2.docx", "final", "plan.json"]


def test_a_final_of_another_draft_is_refused(tmp_path: Path, draft: Draft, q2_plan: Plan) -> None:
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(draft.docx.read_bytes())
    folder = draft.plan.parent / "final"
    make_final(draft, reviewed, folder, named=("Ann Lawyer",))
    first = q2_plan.actions()[0]
    rebuilt = dataclasses.replace(q2_plan, priorities=(dataclasses.replace(q2_plan.priorities[0], actions=(
        dataclasses.replace(first, status=(Status(Rag.RED),) * len(first.status)),) + q2_plan.priorities[0].actions[1:]),)
        + q2_plan.priorities[1:])
    draft.plan.write_text(plan_to_json(rebuilt), "utf-8")  # make q2 ran again after the review
    with pytest.raises(ReviewError, match=r"made from another draft than .*run make final again, or delete"):
        check_current(folder, draft.plan)
    assert main(["apply", str(folder / "plan.json"), "inputs/2014-15/q2.yaml", "-o", str(tmp_path / "q3.json")]) == 1
    assert not (tmp_path / "q3.json").exists()


def test_the_record_names_removed_added_and_changed_fields(q2_plan: Plan) -> None:
    a, b = q2_plan.actions()[0], q2_plan.actions()[1]
    changed = dataclasses.replace(q2_plan, title="A new title", priorities=(dataclasses.replace(
        q2_plan.priorities[0], lead_agency="Fire", actions=(dataclasses.replace(a, lead=a.lead + ("Council",)),
                                                            dataclasses.replace(b, id="1.9"))),) + q2_plan.priorities[1:])
    got = [(c.where, c.field, c.before, c.after) for c in review_changes(q2_plan, changed)]
    assert ("document", "title", q2_plan.title, "A new title") in got
    assert ("document", "priority 1 lead agency", q2_plan.priorities[0].lead_agency or "(none)", "Fire") in got
    assert (f"action {a.id}", f"lead ¶{len(a.lead) + 1}", "(none)", "Council") in got
    removed = [x for x in got if x[1] == "whole action" and x[3] == "(removed)"]
    assert [x[0] for x in removed] == [f"action {x.id}" for x in q2_plan.priorities[0].actions[1:]]
    assert ("action 1.9", "whole action", "(none)") == next(x for x in got if x[0] == "action 1.9")[:3]


def test_the_cli_writes_the_final_and_names_the_reviewer(tmp_path: Path, draft: Draft, capsys) -> None:
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(edited(draft.docx.read_bytes(), rewrite_sentence))
    out = tmp_path / "final"
    args = ["final", str(reviewed), "--draft", str(draft.plan), "--draft-docx", str(draft.docx),
            "--previous", str(draft.previous), "-o", str(out)]
    assert main([*args, "--strict"]) == 1  # no reviewer named anywhere: a warning, so --strict refuses
    assert "names no reviewer" in capsys.readouterr().err and not out.exists()
    assert main([*args, "--reviewer", "Ann Lawyer,Bob Brief"]) == 0
    assert capsys.readouterr().out.startswith(f"final written to {out}: 1 change(s) in review by Ann Lawyer, Bob Brief")
