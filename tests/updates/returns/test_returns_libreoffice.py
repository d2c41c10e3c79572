"""Returned forms that went through a real word processor: LibreOffice Writer 7.4 opens the rendered
form, edits it (tracked, or with a comment) and saves it as .docx, dropping every content control's tag,
the drop-downs' titles and the placeholder flags, and moving a box's second paragraph out of the box.
A form saved so reads exactly as Word's; a tracked change is read as accepted and a comment is not read,
each warned about naming the file and the row, and refused with --strict. Four LibreOffice runs in all,
once per module."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import libreoffice
from forms_fill import fill
from hostile.cli_run import refused
from returns_kit import DUE, PLACEHOLDER_PROGRESS, action_of, apply_args, one_warning, read, refusal, returns_folder, source, warnings

from pipeline.ooxml.package import read_parts
from pipeline.plan.model import Plan, Status
from pipeline.render.forms.context import form_context
from pipeline.render.forms.document import render_form
from pipeline.updates.leads import plan_leads

ACTION = "3.2"
FORM = "mark-burgess.docx"  # 3.2 alone
PROGRESS = f"{ACTION} Progress this quarter"
PARAGRAPHS = ["Family Blue Light event held on 19 July in the town centre.",
              "ACPO alcohol week: licensing checks on 20 premises, results sent to SBC Licensing."]
NOTE = "Christmas campaign planned for December."
STRUCK = "ODG agreed on 9 October: the campaigns are now run under 2.1."
REVIEWER_NOTE = "Are these figures final?"  # a comment LibreOffice anchors on a row's label
COMMENTED_ROW = f"{ACTION} Outcome 2 note"


@pytest.fixture(scope="module")
def form(gold_plan: Plan) -> bytes:
    """Mark Burgess's form, made as forms_set makes it (this module needs no other)."""
    lead = next(x for x in plan_leads(gold_plan) if x.name == "Mark Burgess")
    return render_form(form_context(gold_plan, lead, DUE))


@pytest.fixture(scope="module")
def chosen(gold_plan: Plan):
    """A status outcome 1 of 3.2 did not have last quarter: a status change."""
    old = action_of(gold_plan, ACTION).status[0].rag
    return next(s for s in gold_plan.status_scale() if s.key != old.value)


@pytest.fixture(scope="module")
def word_filled(form: bytes, chosen) -> bytes:
    """Filled in as Word does: two paragraphs of progress, outcome 1's status changed, a note on outcome 2
    (its status left at "No change"), a strike reason; outcome 1's and 3's notes left as sent."""
    return fill(form, {f"progress:{ACTION}": PARAGRAPHS, f"status:{ACTION}:1": chosen.label,
                       f"note:{ACTION}:2": NOTE, f"struck:{ACTION}": STRUCK})


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("office")


@pytest.fixture(scope="module")
def libreoffice_saved(word_filled: bytes, office: Path) -> bytes:
    """The Word-filled form opened and saved again by LibreOffice."""
    return libreoffice(word_filled, office / "saved")


@pytest.fixture(scope="module")
def libreoffice_tracked(form: bytes, office: Path) -> tuple[bytes, str, str]:
    """Two paragraphs typed into the progress box, then a word of the second replaced in LibreOffice with
    Track Changes on: (the return, the paragraph as rejected, as accepted)."""
    old, new = "results sent to SBC Licensing", "results sent to the council's Licensing team"
    second = PARAGRAPHS[1]
    data = libreoffice(fill(form, {f"progress:{ACTION}": PARAGRAPHS}), office / "tracked",
                       "author=Ann Lee", "track=on", f"replace={old}=>{new}")
    return data, second, second.replace(old, new)


@pytest.fixture(scope="module")
def libreoffice_commented(form: bytes, office: Path) -> bytes:
    """Filled in, then a comment anchored on a row's label in LibreOffice."""
    return libreoffice(fill(form, {f"progress:{ACTION}": PARAGRAPHS}), office / "commented",
                       f"comment={COMMENTED_ROW}=>{REVIEWER_NOTE}")


@pytest.fixture(scope="module")
def libreoffice_tracked_in_box(form: bytes, office: Path) -> bytes:
    """The progress box's words replaced in LibreOffice with Track Changes on, as a lead would type over
    them: LibreOffice 7.4 saves this with document.xml not well-formed (a w:del closing inside w:sdtContent)."""
    return libreoffice(form, office / "tracked-in-box", "author=Ann Lee", "track=on",
                       f"replace={PLACEHOLDER_PROGRESS}=>New words typed over the guidance.")


# --- a form saved by LibreOffice reads as Word's ------------------------------------------------------

def test_a_form_saved_by_libreoffice_reads_as_the_word_filled_one(word_filled: bytes, libreoffice_saved: bytes,
                                                                  gold_plan: Plan, caplog) -> None:
    assert read(libreoffice_saved, FORM, gold_plan) == read(word_filled, FORM, gold_plan)
    assert warnings(caplog) == []


def test_the_word_filled_form_reads_as_filled(word_filled: bytes, gold_plan: Plan, chosen) -> None:
    update = read(word_filled, FORM, gold_plan).actions[ACTION]
    old = action_of(gold_plan, ACTION).status
    assert update.progress == tuple(PARAGRAPHS)
    assert update.struck == STRUCK
    assert update.status[0].rag.value == chosen.key and update.status[0].note is None
    assert update.status[1:] == (Status(old[1].rag, NOTE), *old[2:])


def test_libreoffice_really_dropped_the_tags_and_moved_the_second_paragraph(libreoffice_saved: bytes) -> None:
    """What makes the test above worth having: the saved form is not the Word one by another name."""
    document = read_parts(libreoffice_saved)["word/document.xml"]
    assert b"<w:tag " not in document and b"w:showingPlcHdr" not in document
    first, second = (document.index(p.encode()) for p in PARAGRAPHS)
    assert document.rfind(b"</w:sdtContent>", first, second) != -1  # the second paragraph is outside the box


# --- a tracked change, a comment ---------------------------------------------------------------------

def test_a_change_tracked_in_libreoffice_is_read_as_accepted_and_warned(libreoffice_tracked, gold_plan: Plan,
                                                                        caplog) -> None:
    data, _rejected, accepted = libreoffice_tracked
    assert read(data, FORM, gold_plan).actions[ACTION].progress == (PARAGRAPHS[0], accepted)
    assert "read as if accepted" in one_warning(caplog, source(FORM), f"action {PROGRESS}", "tracked change")


def test_cli_apply_strict_refuses_a_tracked_change(libreoffice_tracked, tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {FORM: libreoffice_tracked[0]})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output, "--strict"), watch=(tmp_path,))
    assert "--strict" in error and f"{folder / FORM}: action {PROGRESS}:" in error and "tracked change" in error
    assert not output.exists()


def test_a_comment_made_in_libreoffice_is_warned_naming_its_row(libreoffice_commented: bytes, gold_plan: Plan,
                                                                caplog) -> None:
    assert read(libreoffice_commented, FORM, gold_plan).actions[ACTION].progress == tuple(PARAGRAPHS)
    said = one_warning(caplog, source(FORM), f"action {COMMENTED_ROW}:", "comment")
    assert f"“{REVIEWER_NOTE}”" in said and "not read" in said


def test_cli_apply_strict_refuses_a_comment(libreoffice_commented: bytes, tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {FORM: libreoffice_commented})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output, "--strict"), watch=(tmp_path,))
    assert "--strict" in error and f"{folder / FORM}: action {COMMENTED_ROW}: a comment" in error
    assert not output.exists()


# --- what LibreOffice writes when a change inside a box is tracked ---------------------------------------

# LibreOffice 7.4 writes <w:sdtContent></w:del> for a change tracked inside a box: refused, naming the file.


def test_a_return_libreoffice_saved_with_a_change_tracked_in_a_box_is_refused_naming_it(
        libreoffice_tracked_in_box: bytes, gold_plan: Plan) -> None:
    refusal(libreoffice_tracked_in_box, FORM, gold_plan)  # an UpdatesError, one line, naming the file first


def test_cli_apply_refuses_a_return_that_is_not_well_formed_in_one_line(libreoffice_tracked_in_box: bytes,
                                                                       tmp_path: Path) -> None:
    folder = returns_folder(tmp_path, {FORM: libreoffice_tracked_in_box})
    output = tmp_path / "plan.json"
    error = refused(*apply_args(folder, output), watch=(tmp_path,))
    assert error.startswith(f"error: {folder / FORM}: ")
    assert not output.exists()
