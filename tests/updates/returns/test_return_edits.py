"""A returned form whose boxes or printed text were edited in Word beyond filling the boxes in: a box
deleted and typed over, words typed beside a box or outside the tables, last quarter's column changed, a
row deleted, a table renamed or added, a change tracked. Each is read with a warning naming the file and
the row, or refused in one line naming the file and the action. The forms are real .docx files rendered
from the gold Q1 plan; the edits are made to their WordprocessingML as Word writes it."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from forms_fill import control, edit_document, fill
from hostile.cli_run import run_cli
from lxml import etree
from returns_kit import (
    DUE,
    FOLDER,
    action_of,
    apply_args,
    cells,
    heading,
    one_warning,
    paragraph,
    read,
    refusal,
    returns_folder,
    row,
    run,
    source,
    table,
    text_of,
    warnings,
)

from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import parse_xml, read_parts
from pipeline.plan.model import Plan
from pipeline.render.forms.folder import forms_set

ACTION = "3.2"
FORM = "mark-burgess.docx"  # Mark Burgess's form carries 3.2 alone
TABERT = "insp-simon-tabert.docx"  # 2.1, 2.2, 3.2, 4.3, 5.4, 6.1
PROGRESS, STATUS_1, NOTE_1, NOTE_2 = (f"{ACTION} Progress this quarter", f"{ACTION} Outcome 1 status",
                                      f"{ACTION} Outcome 1 note", f"{ACTION} Outcome 2 note")


@pytest.fixture(scope="module")
def forms(gold_plan: Plan) -> dict[str, bytes]:
    return forms_set(gold_plan, DUE, f"{FOLDER}/")


@pytest.fixture(scope="module")
def form(forms: dict[str, bytes]) -> bytes:
    return forms[FORM]


def other_status(plan: Plan, outcome: int):
    """A status of the plan's scale that 3.2's outcome `outcome` did not have last quarter."""
    old = action_of(plan, ACTION).status[outcome - 1].rag
    return next(s for s in plan.status_scale() if s.key != old.value)


def box(root: etree._Element, label: str) -> etree._Element:
    """This quarter's cell (w:tc) of the row labelled `label`."""
    return cells(row(root, label))[2]


def deleted_and_typed(label: str, words: str):
    """The row's box deleted and `words` typed where it was (in the paragraph that held it, or a new one)."""
    def change(root: etree._Element) -> None:
        tc = box(root, label)
        (sdt,) = tc.iter(qn("w:sdt"))
        holder = sdt.getparent()
        holder.remove(sdt)
        if holder.tag == qn("w:p"):
            holder.append(run(words))
        else:
            holder.append(paragraph(words))

    return change


# --- a box deleted and typed over ------------------------------------------------------------------

def test_progress_typed_where_its_box_was_deleted_is_read_and_warned(form: bytes, gold_plan: Plan, caplog) -> None:
    words = "Blue Light event held; ACPO alcohol week checks on 20 premises."
    returned = read(edit_document(form, deleted_and_typed(PROGRESS, words)), FORM, gold_plan)
    assert returned.actions[ACTION].progress == (words,)
    assert "box was deleted" in one_warning(caplog, source(FORM), f"action {PROGRESS}")


def test_a_status_typed_where_its_list_was_deleted_is_read_and_warned(form: bytes, gold_plan: Plan, caplog) -> None:
    chosen = other_status(gold_plan, 1)
    data = edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), deleted_and_typed(STATUS_1, chosen.label))
    status = read(data, FORM, gold_plan).actions[ACTION].status
    assert status[0].rag.value == chosen.key
    assert status[1:] == action_of(gold_plan, ACTION).status[1:]
    assert f"“{chosen.label}” typed instead" in one_warning(caplog, source(FORM), f"action {STATUS_1}", "list was deleted")


def test_a_status_typed_in_lower_case_where_its_list_was_deleted_is_read(form: bytes, gold_plan: Plan, caplog) -> None:
    chosen = other_status(gold_plan, 1)
    data = edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), deleted_and_typed(STATUS_1, f" {chosen.label.lower()} "))
    assert read(data, FORM, gold_plan).actions[ACTION].status[0].rag.value == chosen.key
    assert f"read as {chosen.label}" in one_warning(caplog, source(FORM), f"action {STATUS_1}", "list was deleted")


def test_a_status_typed_where_its_list_was_deleted_is_warned_once(form: bytes, gold_plan: Plan, caplog) -> None:
    chosen = other_status(gold_plan, 1)
    data = edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), deleted_and_typed(STATUS_1, chosen.label))
    read(data, FORM, gold_plan)
    assert len([w for w in warnings(caplog) if f"action {STATUS_1}:" in w]) == 1, warnings(caplog)


def test_a_word_that_is_no_status_typed_where_the_list_was_is_refused(form: bytes, gold_plan: Plan) -> None:
    typed = other_status(gold_plan, 1).label + "ish"
    message = refusal(edit_document(form, deleted_and_typed(STATUS_1, typed)), FORM, gold_plan)
    assert f"action {STATUS_1}: “{typed}” is not a status" in message


# --- words typed beside a box, or outside the tables -----------------------------------------------

def test_a_paragraph_typed_beside_the_progress_box_is_read_with_it_and_warned(form: bytes, gold_plan: Plan,
                                                                              caplog) -> None:
    inside, beside = "Blue Light event held in July.", "Also: Christmas campaign booked."

    def type_beside(root: etree._Element) -> None:
        box(root, PROGRESS).append(paragraph(beside))

    data = edit_document(fill(form, {f"progress:{ACTION}": [inside]}), type_beside)
    assert read(data, FORM, gold_plan).actions[ACTION].progress == (inside, beside)
    assert "beside the box" in one_warning(caplog, source(FORM), f"action {PROGRESS}")


def test_words_typed_beside_a_note_box_are_read_with_it_and_warned(form: bytes, gold_plan: Plan, caplog) -> None:
    inside, beside = "Second operation planned.", " (December)"  # typed after the box, in the same line

    def type_beside(root: etree._Element) -> None:
        sdt = control(root, f"note:{ACTION}:2")
        sdt.addnext(run(beside))

    data = edit_document(fill(form, {f"progress:{ACTION}": ["Words."], f"note:{ACTION}:2": inside}), type_beside)
    status = read(data, FORM, gold_plan).actions[ACTION].status
    assert status[1].note == inside + beside
    assert status[1].rag == action_of(gold_plan, ACTION).status[1].rag
    assert "beside the box" in one_warning(caplog, source(FORM), f"action {NOTE_2}")


def test_words_typed_under_an_actions_heading_are_refused_naming_that_action(forms: dict[str, bytes],
                                                                              gold_plan: Plan) -> None:
    typed, under = "Update: two operations this quarter.", "4.3"

    def type_under_heading(root: etree._Element) -> None:
        heading(root, f"Action {under}").addnext(paragraph(typed))

    message = refusal(edit_document(forms[TABERT], type_under_heading), TABERT, gold_plan)
    assert f"under action {under}: words typed outside the boxes (“{typed}”)" in message


def test_words_typed_above_the_first_action_are_refused(form: bytes, gold_plan: Plan) -> None:
    typed = "All done, see below."

    def type_above(root: etree._Element) -> None:
        heading(root, f"Action {ACTION}").addprevious(paragraph(typed))

    assert f"above the first action: words typed outside the boxes (“{typed}”)" in refusal(
        edit_document(form, type_above), FORM, gold_plan)


# --- the form's own text changed -------------------------------------------------------------------

def test_last_quarters_column_edited_is_refused_naming_the_row(form: bytes, gold_plan: Plan) -> None:
    typed = "Family Blue Light event took place 19 July – Town Centre and Old Town."

    def edit_last(root: etree._Element) -> None:
        last = cells(row(root, PROGRESS))[1]
        first = last.find(qn("w:p"))
        first.getparent().replace(first, paragraph(typed))

    message = refusal(edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), edit_last), FORM, gold_plan)
    assert f"action {PROGRESS}: last quarter's column was changed" in message


def test_a_deleted_row_is_warned_and_the_rest_read(form: bytes, gold_plan: Plan, caplog) -> None:
    words, note = ["Blue Light event held in July."], "Checks on 20 premises."

    def delete_row(root: etree._Element) -> None:
        tr = row(root, NOTE_2)
        tr.getparent().remove(tr)

    data = edit_document(fill(form, {f"progress:{ACTION}": words, f"note:{ACTION}:1": note}), delete_row)
    update = read(data, FORM, gold_plan).actions[ACTION]
    assert update.progress == tuple(words)
    old = action_of(gold_plan, ACTION).status
    assert [(s.rag, s.note) for s in update.status] == [(old[0].rag, note), (old[1].rag, old[1].note), (old[2].rag, old[2].note)]
    assert "row was deleted" in one_warning(caplog, source(FORM), f"action {NOTE_2}")


def test_a_row_label_edited_is_refused_naming_the_action(form: bytes, gold_plan: Plan) -> None:
    typed = f"{ACTION} Outcome 1 comment"

    def relabel(root: etree._Element) -> None:
        label = cells(row(root, NOTE_1))[0].find(qn("w:p"))
        label.getparent().replace(label, paragraph(typed))

    assert f"action {ACTION}: a row the form did not have (“{typed}”)" in refusal(edit_document(form, relabel), FORM, gold_plan)


# A row label and a header row are the form's own text too: words typed there are refused, not dropped.


def test_words_typed_into_a_rows_label_cell_are_refused_naming_the_action(form: bytes, gold_plan: Plan) -> None:
    typed = "Green: both operations done."

    def type_under_label(root: etree._Element) -> None:
        cells(row(root, STATUS_1))[0].append(paragraph(typed))

    assert f"action {ACTION}" in refusal(edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), type_under_label),
                                         FORM, gold_plan)


def test_words_typed_into_a_tables_header_row_are_refused_naming_the_action(form: bytes, gold_plan: Plan) -> None:
    typed = "All three outcomes are green this quarter."

    def type_in_header(root: etree._Element) -> None:
        cells(table(root, f"Action {ACTION}").find(qn("w:tr")))[2].append(paragraph(typed))

    assert f"action {ACTION}" in refusal(edit_document(fill(form, {f"progress:{ACTION}": ["Words."]}), type_in_header),
                                         FORM, gold_plan)


def header_to(old: str, new: str):
    def change(root: etree._Element) -> None:
        first = table(root, f"Action {old}").find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}")
        first.getparent().replace(first, paragraph(f"Action {new}"))

    return change


def test_a_table_header_changed_to_an_action_not_on_the_form_is_refused(form: bytes, gold_plan: Plan) -> None:
    assert f"action {ACTION}'s table is missing" in refusal(edit_document(form, header_to(ACTION, "3.1")), FORM, gold_plan)


def test_a_table_header_changed_to_another_action_on_the_form_is_refused(forms: dict[str, bytes], gold_plan: Plan) -> None:
    message = refusal(edit_document(forms[TABERT], header_to("2.2", "2.1")), TABERT, gold_plan)
    assert "under action 2.2: a table the form did not have (“Action 2.1”)" in message


def test_an_extra_table_is_refused_naming_the_action_it_follows(form: bytes, gold_plan: Plan) -> None:
    typed = "Operations this quarter"

    def add_table(root: etree._Element) -> None:
        tbl = table(root, f"Action {ACTION}")
        extra = etree.Element(qn("w:tbl"))
        extra.append(copy.deepcopy(tbl.find(qn("w:tblPr"))))
        tr = etree.SubElement(extra, qn("w:tr"))
        for words in (typed, "2"):
            etree.SubElement(tr, qn("w:tc")).append(paragraph(words))
        tbl.addnext(extra)

    message = refusal(edit_document(form, add_table), FORM, gold_plan)
    assert f"under action {ACTION}: a table the form did not have (“{typed}" in message


# --- a change tracked in Word ----------------------------------------------------------------------

def tracked_replacement(old: str, new: str):
    """The progress box holding `old` deleted and `new` inserted, with Track Changes on (as Word writes it)."""
    def change(root: etree._Element) -> None:
        p = control(root, f"progress:{ACTION}").find(f"{qn('w:sdtContent')}/{qn('w:p')}")
        (r,) = p.findall(qn("w:r"))
        t = r.find(qn("w:t"))
        assert t.text == old
        t.tag = qn("w:delText")
        marks = {qn("w:author"): "Ann Lee", qn("w:date"): "2014-10-10T09:00:00Z"}
        deleted = etree.SubElement(p, qn("w:del"), {qn("w:id"): "901", **marks})
        p.remove(r)
        deleted.append(r)
        inserted = etree.SubElement(p, qn("w:ins"), {qn("w:id"): "902", **marks})
        inserted.append(run(new))

    return change


def test_a_tracked_change_in_a_box_is_read_as_accepted_and_warned(form: bytes, gold_plan: Plan, caplog) -> None:
    old, new = "Blue Light event to be held.", "Blue Light event held on 19 July."
    data = edit_document(fill(form, {f"progress:{ACTION}": [old]}), tracked_replacement(old, new))
    assert read(data, FORM, gold_plan).actions[ACTION].progress == (new,)
    assert "read as if accepted" in one_warning(caplog, source(FORM), f"action {PROGRESS}", "tracked change")


# --- through the command line -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def typed_over(form: bytes) -> tuple[bytes, str]:
    words = "Blue Light event held; checks on 20 premises."
    return edit_document(form, deleted_and_typed(PROGRESS, words)), words


def test_cli_apply_reads_a_warned_return_and_says_so(typed_over, tmp_path: Path) -> None:
    data, words = typed_over
    folder = returns_folder(tmp_path, {FORM: data})
    output = tmp_path / "plan.json"
    done = run_cli(*apply_args(folder, output))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    said = [line for line in err.splitlines() if line.startswith(f"warning: {folder / FORM}: ")]
    assert len(said) == 1 and f"action {PROGRESS}" in said[0] and "box was deleted" in said[0], err
    written = json.loads(output.read_text("utf-8"))
    action = next(a for p in written["priorities"] for a in p["actions"] if a["id"] == ACTION)
    assert action["progress"] == [words]


def test_cli_apply_strict_refuses_a_warned_return_and_writes_nothing(typed_over, tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {FORM: typed_over[0]})
    output = tmp_path / "plan.json"
    done = run_cli(*apply_args(folder, output, "--strict"))
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "--strict" in errors[0] and f"{folder / FORM}: action {PROGRESS}" in errors[0], err
    assert not output.exists()


def document(data: bytes) -> etree._Element:
    return parse_xml(read_parts(data)["word/document.xml"])


def test_the_edits_change_only_the_row_they_name(form: bytes) -> None:
    """A guard on the tests' own edits: deleting one box leaves every other box and row as it was."""
    before, after = document(form), document(edit_document(form, deleted_and_typed(PROGRESS, "x")))
    assert len(list(after.iter(qn("w:sdt")))) == len(list(before.iter(qn("w:sdt")))) - 1
    assert text_of(box(after, PROGRESS)) == "x"
    assert [text_of(tr) for tr in after.iter(qn("w:tr"))][2:] == [text_of(tr) for tr in before.iter(qn("w:tr"))][2:]
