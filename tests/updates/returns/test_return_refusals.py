"""Returned update forms that are not this quarter's, are not forms at all, or clash with another source:
each refused in one line naming the file and what it is for (or both places an action came from);
and the folder's lock files, hidden files and subfolders skipped with a warning. Every return here is a
real .docx rendered from the gold Q1 plan's forms and filled or changed as a lead's Word would."""
from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import docx
import pytest
from conftest import rebuild_docx
from forms_fill import edit_part, fill
from hostile.cli_run import refused
from returns_kit import DUE, FOLDER, action_of, apply_args, one_warning, read, refusal, returns_folder, source, warnings, with_property

from pipeline.errors import UpdatesError
from pipeline.plan.model import Plan, Status
from pipeline.render.forms.context import fingerprint, form_context
from pipeline.render.forms.document import render_form
from pipeline.render.forms.folder import forms_set
from pipeline.render.word.appendix import render_docx
from pipeline.updates.apply import apply
from pipeline.updates.leads import plan_leads
from pipeline.updates.returns.collect import collect, read_returns
from pipeline.updates.yaml_file import read_updates

SHARED = "3.2"  # on Insp Simon Tabert's, Mark Burgess's and Debbie Barker's forms
BURGESS, BARKER, TABERT = "mark-burgess.docx", "debbie-barker.docx", "insp-simon-tabert.docx"
COMMENTS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:comment w:id="0" w:author="Ann Lee"><w:p><w:r><w:t>Check this.</w:t></w:r></w:p>'
            b'</w:comment></w:comments>')
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def forms(gold_plan: Plan) -> dict[str, bytes]:
    return forms_set(gold_plan, DUE, f"{FOLDER}/")


def next_quarter_name(plan: Plan) -> str:
    """The quarter the gold Q1 plan's forms are for."""
    return f"Q{plan.report.quarter + 1} {plan.report.year}"


# --- a form for another plan ---------------------------------------------------------------------

def test_a_form_for_another_partnership_is_refused_naming_it(forms: dict[str, bytes], gold_plan: Plan) -> None:
    other = "North Herts Community Safety Partnership"
    message = refusal(with_property(forms[BURGESS], "Partnership", other), BURGESS, gold_plan)
    assert f"is a form for {other}, {next_quarter_name(gold_plan)}" in message


def test_a_form_for_another_year_is_refused_naming_it(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(with_property(forms[BURGESS], "Year", "2015/16"), BURGESS, gold_plan)
    assert f"is a form for {gold_plan.partnership}, Q{gold_plan.report.quarter + 1} 2015/16" in message


def test_a_form_for_another_quarter_is_refused_naming_it(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(with_property(forms[BURGESS], "Quarter", "3"), BURGESS, gold_plan)
    assert f"is a form for {gold_plan.partnership}, Q3 {gold_plan.report.year}" in message


def with_objective(plan: Plan, action_id: str, text: str) -> Plan:
    """The plan with one action's first objective reworded: another version of the same quarter's plan."""
    def reworded(a):
        return dataclasses.replace(a, objectives=(text, *a.objectives[1:])) if a.id == action_id else a

    return dataclasses.replace(plan, priorities=tuple(dataclasses.replace(p, actions=tuple(map(reworded, p.actions)))
                                                      for p in plan.priorities))


@pytest.fixture(scope="module")
def other_version(gold_plan: Plan) -> tuple[Plan, bytes]:
    """Mark Burgess's form made from the Q1 plan with 3.2's first objective reworded, filled in."""
    other = with_objective(gold_plan, SHARED, "Carry out reassurance operations in the night time economy.")
    lead = next(x for x in plan_leads(other) if x.name == "Mark Burgess")
    return other, fill(render_form(form_context(other, lead, DUE)), {f"progress:{SHARED}": ["Words."]})


def test_a_form_made_from_another_version_of_the_plan_is_refused(other_version, gold_plan: Plan) -> None:
    other, data = other_version
    message = refusal(data, BURGESS, gold_plan)
    assert f"was made from another version of the Q{gold_plan.report.quarter} {gold_plan.report.year} plan" in message
    assert fingerprint(other)[:12] in message and fingerprint(gold_plan)[:12] in message


def test_cli_apply_refuses_a_form_from_another_version_and_writes_nothing(other_version, tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {BURGESS: other_version[1]})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output), watch=(tmp_path,))
    assert error.startswith(f"error: {folder / BURGESS}: was made from another version")
    assert not output.exists()


# --- not a form at all -----------------------------------------------------------------------------

def blank_word_document() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Progress on 3.2: the Blue Light event went well.")
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("what", ["blank Word document", "the rendered appendix"])
def test_a_word_file_that_is_not_a_form_is_refused(what: str, gold_plan: Plan) -> None:
    data = blank_word_document() if what == "blank Word document" else render_docx(gold_plan)
    message = refusal(data, "update.docx", gold_plan)
    assert "not an update form from this pipeline" in message


@pytest.mark.parametrize("name,data", [("update.pdf", PDF), ("index.md", "# Q2 2014/15 update forms\n".encode()),
                                       ("update.docx", b"Progress on 3.2: done.\n")],
                         ids=["pdf", "markdown", "text named .docx"])
def test_a_file_that_is_not_a_word_file_is_refused(name: str, data: bytes, gold_plan: Plan) -> None:
    assert "not a Word (.docx) file" in refusal(data, name, gold_plan)


def test_cli_apply_refuses_a_pdf_in_the_returns_folder(forms: dict[str, bytes], tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {BURGESS: forms[BURGESS], "burgess.pdf": PDF})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output), watch=(tmp_path,))
    assert error.startswith(f"error: {folder / 'burgess.pdf'}: not a Word (.docx) file")
    assert not output.exists()


def test_a_form_for_a_lead_the_plan_does_not_have_is_refused(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(with_property(forms[BURGESS], "Lead", "Mark Burges"), BURGESS, gold_plan)
    assert f"is a form for Mark Burges ({SHARED})" in message


def test_a_form_whose_actions_were_changed_is_refused(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(with_property(forms[BURGESS], "Actions", json.dumps([SHARED, "3.1"])), BURGESS, gold_plan)
    assert f"is a form for Mark Burgess ({SHARED}, 3.1)" in message


def test_a_form_whose_actions_property_is_not_a_list_is_refused(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(with_property(forms[BURGESS], "Actions", f"{SHARED} 3.1"), BURGESS, gold_plan)
    assert "its document property Actions is not the list the form was made with" in message


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize("part", ["word/document.xml", "docProps/custom.xml", "word/comments.xml"])
def test_a_return_with_a_part_that_is_not_well_formed_is_refused_naming_it(part: str, forms: dict[str, bytes],
                                                                         gold_plan: Plan) -> None:
    data = forms[BURGESS]
    if part == "word/comments.xml":  # a comment part, as Word adds one, cut short
        data = rebuild_docx(data, {}, {part: cut_in_half(COMMENTS)})
    else:
        data = edit_part(data, part, cut_in_half)
    refusal(data, BURGESS, gold_plan)


# --- an action updated twice -----------------------------------------------------------------------

def test_an_action_filled_in_on_two_returns_is_refused_naming_both(forms: dict[str, bytes], gold_plan: Plan,
                                                                    tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {BURGESS: fill(forms[BURGESS], {f"progress:{SHARED}": ["Burgess's words."]}),
                                       BARKER: fill(forms[BARKER], {f"progress:{SHARED}": ["Barker's words."]})})
    returns = read_returns(folder, gold_plan)
    with pytest.raises(UpdatesError) as info:
        collect(gold_plan, returns)
    message = str(info.value)
    assert "\n" not in message
    assert f"action {SHARED} is updated in " in message
    assert f"{folder / BARKER} (Debbie Barker)" in message and f"{folder / BURGESS} (Mark Burgess)" in message


def test_cli_apply_refuses_an_action_filled_in_on_two_returns(forms: dict[str, bytes], tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {BURGESS: fill(forms[BURGESS], {f"progress:{SHARED}": ["Burgess's words."]}),
                                       TABERT: fill(forms[TABERT], {f"progress:{SHARED}": ["Tabert's words."]})})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output), watch=(tmp_path,))
    assert f"action {SHARED} is updated in" in error
    assert str(folder / BURGESS) in error and str(folder / TABERT) in error
    assert not output.exists()


def typed_updates(tmp_path: Path, action_id: str, words: str) -> tuple[Path, int]:
    """A small Q2 updates file giving `action_id` progress; and the line its entry starts on."""
    text = f'year: 2014/15\nquarter: 2\nactions:\n  # typed by the officer\n  "{action_id}":\n    progress:\n      - {words}\n'
    path = tmp_path / "q2.yaml"
    path.write_text(text, "utf-8")
    return path, text.splitlines().index(f'  "{action_id}":') + 1


def test_an_action_in_a_return_and_in_the_updates_file_is_refused_naming_both(forms: dict[str, bytes], gold_plan: Plan,
                                                                               tmp_path: Path) -> None:
    path, line = typed_updates(tmp_path, SHARED, "Typed into the updates file.")
    returned = read(fill(forms[BURGESS], {f"progress:{SHARED}": ["Burgess's words."]}), BURGESS, gold_plan)
    with pytest.raises(UpdatesError) as info:
        collect(gold_plan, (returned,), read_updates(path, gold_plan), str(path))
    message = str(info.value)
    assert "\n" not in message
    assert f"action {SHARED} is updated in {path} line {line} and in {source(BURGESS)} (Mark Burgess)" in message


def test_cli_apply_refuses_an_action_in_a_return_and_in_the_updates_file(forms: dict[str, bytes], tmp_path: Path) -> None:
    path, line = typed_updates(tmp_path, SHARED, "Typed into the updates file.")
    folder = returns_folder(tmp_path, {TABERT: fill(forms[TABERT], {f"progress:{SHARED}": ["Tabert's words."]})})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output, path), watch=(tmp_path,))
    assert f"{path} line {line}" in error and str(folder / TABERT) in error
    assert not output.exists()


def test_an_action_on_two_returns_filled_in_on_one_is_read_from_that_one(forms: dict[str, bytes], gold_plan: Plan,
                                                                          tmp_path: Path) -> None:
    words = ["Burgess's words."]
    folder = returns_folder(tmp_path, {BURGESS: fill(forms[BURGESS], {f"progress:{SHARED}": words}),
                                       TABERT: fill(forms[TABERT], {"progress:2.1": ["Tabert's words on 2.1."]})})
    collected = collect(gold_plan, read_returns(folder, gold_plan))
    assert collected.updates.actions[SHARED].progress == tuple(words)
    assert collected.origins[SHARED] == f"{folder / BURGESS} (Mark Burgess)"
    assert collected.origins["2.1"] == f"{folder / TABERT} (Insp Simon Tabert)"


def test_an_action_in_the_updates_file_and_left_empty_on_a_return_is_read_from_the_file(
        forms: dict[str, bytes], gold_plan: Plan, tmp_path: Path) -> None:
    words = "Typed into the updates file."
    path, line = typed_updates(tmp_path, SHARED, words)
    returned = read(forms[BURGESS], BURGESS, gold_plan)
    collected = collect(gold_plan, (returned,), read_updates(path, gold_plan), str(path))
    assert collected.updates.actions[SHARED].progress == (words,)
    assert collected.origins[SHARED] == f"{path} line {line}"


# --- what an entry left alone means ----------------------------------------------------------------

def test_no_change_keeps_last_quarters_status(forms: dict[str, bytes], gold_plan: Plan, caplog) -> None:
    words = ["The summer operation ran in July."]
    returned = read(fill(forms[BURGESS], {f"progress:{SHARED}": words, f"status:{SHARED}:1": "No change"}),
                    BURGESS, gold_plan)
    update = returned.actions[SHARED]
    assert (update.progress, update.status, update.struck) == (tuple(words), None, None)
    applied = apply(gold_plan, collect(gold_plan, (returned,)).updates)
    assert action_of(applied, SHARED).status == action_of(gold_plan, SHARED).status
    assert not [w for w in warnings(caplog) if source(BURGESS) in w]


def test_no_change_with_a_note_keeps_the_colour_with_the_new_note(forms: dict[str, bytes], gold_plan: Plan) -> None:
    note = "Second operation planned for December."
    returned = read(fill(forms[BURGESS], {f"progress:{SHARED}": ["Words."], f"status:{SHARED}:2": "No change",
                                          f"note:{SHARED}:2": note}), BURGESS, gold_plan)
    old = action_of(gold_plan, SHARED).status
    assert returned.actions[SHARED].status == (old[0], Status(old[1].rag, note), *old[2:])


def test_a_status_chosen_from_the_list_is_read(forms: dict[str, bytes], gold_plan: Plan) -> None:
    old = action_of(gold_plan, SHARED).status
    chosen = next(s for s in gold_plan.status_scale() if s.key != old[0].rag.value)
    returned = read(fill(forms[BURGESS], {f"progress:{SHARED}": ["Words."], f"status:{SHARED}:1": chosen.label}),
                    BURGESS, gold_plan)
    assert returned.actions[SHARED].status[0].rag.value == chosen.key
    assert returned.actions[SHARED].status[1:] == old[1:]


def test_an_action_whose_boxes_are_left_alone_is_no_update(forms: dict[str, bytes], gold_plan: Plan) -> None:
    words = ["Tabert's words on 2.1."]
    returned = read(fill(forms[TABERT], {"progress:2.1": words}), TABERT, gold_plan)
    update = returned.actions[SHARED]
    assert (update.progress, update.status, update.struck) == ((), None, None)
    applied = apply(gold_plan, collect(gold_plan, (returned,)).updates)
    assert action_of(applied, SHARED).progress == ("No update received this quarter.",)
    assert action_of(applied, SHARED).status == action_of(gold_plan, SHARED).status
    assert action_of(applied, "2.1").progress == tuple(words)


def test_a_changed_status_with_no_progress_is_refused_naming_the_return(forms: dict[str, bytes], gold_plan: Plan) -> None:
    old = action_of(gold_plan, SHARED).status[0]
    chosen = next(s for s in gold_plan.status_scale() if s.key != old.rag.value)
    returned = read(fill(forms[BURGESS], {f"status:{SHARED}:1": chosen.label}), BURGESS, gold_plan)
    with pytest.raises(UpdatesError) as info:
        collect(gold_plan, (returned,))
    assert str(info.value).startswith(f"{source(BURGESS)} (Mark Burgess): ")
    assert SHARED in str(info.value)


# --- what else is in the folder ---------------------------------------------------------------------

def test_lock_files_hidden_files_and_subfolders_are_skipped_with_a_warning(forms: dict[str, bytes], gold_plan: Plan,
                                                                          tmp_path: Path, caplog) -> None:
    words = ["Burgess's words."]
    folder = returns_folder(tmp_path, {BURGESS: fill(forms[BURGESS], {f"progress:{SHARED}": words}),
                                       f"~${BURGESS[2:]}": b"\x0bMark Burgess" + b"\x00" * 40,
                                       ".DS_Store": b"\x00\x00\x00\x01Bud1"})
    (folder / "old").mkdir()
    (folder / "old" / BARKER).write_bytes(forms[BARKER])
    returns = read_returns(folder, gold_plan)
    assert [(r.source, r.actions[SHARED].progress) for r in returns] == [(str(folder / BURGESS), tuple(words))]
    assert "lock file" in one_warning(caplog, str(folder / f"~${BURGESS[2:]}"), "skipped")
    assert "hidden" in one_warning(caplog, str(folder / ".DS_Store"), "skipped")
    assert "folder" in one_warning(caplog, str(folder / "old"), "skipped")
