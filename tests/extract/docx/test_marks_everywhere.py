"""Every reviewer's mark in a Word file is said, wherever it sits: in a content control, the board
summary, the page header or footer, a text box, a footnote or endnote. Each warning names the file,
the place, the reviewer and (for a comment) its first words, one line per place; the text is read as
accepted; --strict refuses the file. The documents are the rendered appendix, marked as Word would."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from marking import NAME, NS, R, comment_ref, comments_part, content_control, inserted, notes_part, paragraph, read, row_of, w, with_parts, wrap

from pipeline.cli import main

EDITOR, AUDITOR = "Ann Editor", "Sam Auditor"
COMMENTS = {1: (AUDITOR, "Is this the final title?"), 2: (AUDITOR, "Check the arrows before the board meets"),
            3: (AUDITOR, "Who drew this box?"), 4: (AUDITOR, "Source of these figures?")}
WITH_COMMENTS = {"word/comments.xml": ("rIdMarks1", "comments", comments_part(COMMENTS))}


def title_in_content_control(root: etree._Element) -> None:
    """The plan's title in a content control (block-level), amended and commented inside it."""
    title = paragraph(root, "Action plan 2014/15")
    title.append(inserted(" – draft", EDITOR))
    title.append(comment_ref(1))
    content_control(title, "Title")


def progress_in_content_controls(root: etree._Element) -> None:
    """2.3's progress amended inside a run-level content control; 2.4's row in a repeating section
    (row-level content controls), amended in its progress cell."""
    target = paragraph(root, "Pubwatch goes from strength")
    target.append(inserted(" Ten new members joined in May.", EDITOR))
    content_control(target[-1], "Update")
    row = row_of(root, "2.4")
    paragraph(row, "Several positive messages").append(inserted(" Two more in July.", EDITOR))
    section = content_control(row, "Actions")
    content_control(row, "Action")
    assert section.getparent().tag == w("tbl")


def preamble_in_a_restyled_content_control(root: etree._Element) -> None:
    """A content control whose own properties record a formatting change: no paragraph holds it."""
    sdt = content_control(paragraph(root, "The plan is updated by"), "Preamble")
    rpr = etree.SubElement(sdt.find("w:sdtPr", NS), w("rPr"))
    etree.SubElement(rpr, w("b"))
    etree.SubElement(rpr, w("rPrChange"), {w("id"): "980", w("author"): EDITOR, w("date"): "2014-10-01T09:00:00Z"})


def summary_marked(root: etree._Element) -> None:
    paragraph(root, "Summary for the board").append(inserted(" (draft)", EDITOR))
    paragraph(root, "Direction of travel").append(comment_ref(2))


def text_boxes(root: etree._Element) -> None:
    """A DrawingML text box (with its VML fallback, as Word saves it) in 2.3's progress cell, amended;
    a VML-only text box in the preamble, commented."""
    box = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           f'xmlns:w="{NS["w"]}" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
           '<w:txbxContent><w:p><w:r><w:t>Callout</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Callout</w:t></w:r>'
           '</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>')
    holder = etree.SubElement(paragraph(root, "Pubwatch goes from strength"), w("r"))
    holder.append(etree.fromstring(box))
    for p in holder.iter(w("p")):
        p.append(inserted(" – see the map", EDITOR))
    vml = etree.SubElement(paragraph(root, "This plan records actions"), w("r"))
    vml.append(etree.fromstring(f'<w:pict xmlns:w="{NS["w"]}" xmlns:v="urn:schemas-microsoft-com:vml"><v:shape>'
                                '<v:textbox><w:txbxContent><w:p><w:r><w:t>Note</w:t></w:r></w:p></w:txbxContent>'
                                '</v:textbox></v:shape></w:pict>'))
    next(vml.iter(w("p"))).append(comment_ref(3))


def note_references(root: etree._Element) -> None:
    """Footnotes 4, 2 and 9 referenced in that order (printed 1, 2, 3), and endnote 1."""
    for text, kind, note in (("This plan records actions", "footnote", 4), ("Michael Hearn", "footnote", 2),
                             ("Several positive messages", "footnote", 9), ("The plan is updated by", "endnote", 1)):
        ref = etree.SubElement(paragraph(root, text), w("r"))
        etree.SubElement(ref, w(f"{kind}Reference"), {w("id"): str(note)})


def header_marked(root: etree._Element) -> None:
    paragraph(root, "progress monitor").append(inserted(" – draft for review", EDITOR))


def footer_marked(root: etree._Element) -> None:
    page = paragraph(root, "Page").find("w:r", NS)
    page.find("w:t", NS).tag = w("delText")
    wrap(page, "del").attrib.update({w("id"): "970", w("author"): AUDITOR, w("date"): "2014-10-02T00:00:00Z"})


def first_page_header(root: etree._Element) -> None:
    """The section gets a first-page header of its own (w:titlePg)."""
    sect = root.find("w:body/w:sectPr", NS)
    sect.insert(0, etree.Element(w("headerReference"), {w("type"): "first", f"{{{R}}}id": "rIdMarks3"}))
    etree.SubElement(sect, w("titlePg"))


FIRST_HEADER = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{NS["w"]}"><w:p><w:r><w:t>'
                f'Appendix 1</w:t></w:r><w:ins w:id="1" w:author="{AUDITOR}" w:date="2014-10-02T00:00:00Z"><w:r>'
                "<w:t> (restricted)</w:t></w:r></w:ins></w:p></w:hdr>").encode()
NOTE_TEXT = '<w:r><w:t>Police recorded crime.</w:t></w:r>'
FOOTNOTES = {4: NOTE_TEXT, 2: NOTE_TEXT,
             9: f'<w:r><w:t>Figures to </w:t></w:r><w:ins w:id="5" w:author="{EDITOR}" w:date="2014-10-01T09:00:00Z">'
                '<w:r><w:t>30 June</w:t></w:r></w:ins><w:r><w:commentReference w:id="4"/></w:r>'}
ENDNOTES = {1: f'<w:r><w:t>Glossary</w:t></w:r><w:del w:id="6" w:author="{AUDITOR}" w:date="2014-10-02T00:00:00Z">'
               '<w:r><w:delText> (draft)</w:delText></w:r></w:del>'}


@pytest.fixture(scope="module")
def marked(gold_rendered) -> dict[str, bytes]:
    """The rendered appendix, marked by a reviewer in one kind of place each."""
    docx = gold_rendered["docx"]
    return {
        "title content control": with_parts(docx, {"word/document.xml": title_in_content_control}, WITH_COMMENTS),
        "cell content controls": with_parts(docx, {"word/document.xml": progress_in_content_controls}),
        "content control properties": with_parts(docx, {"word/document.xml": preamble_in_a_restyled_content_control}),
        "board summary": with_parts(docx, {"word/document.xml": summary_marked}, WITH_COMMENTS),
        "header and footer": with_parts(
            docx, {"word/header1.xml": header_marked, "word/footer1.xml": footer_marked,
                   "word/document.xml": first_page_header},
            {"word/header9.xml": ("rIdMarks3", "header", FIRST_HEADER)}),
        "text boxes": with_parts(docx, {"word/document.xml": text_boxes}, WITH_COMMENTS),
        "notes": with_parts(docx, {"word/document.xml": note_references}, {
            **WITH_COMMENTS, "word/footnotes.xml": ("rIdMarks4", "footnotes", notes_part("footnotes", FOOTNOTES)),
            "word/endnotes.xml": ("rIdMarks5", "endnotes", notes_part("endnotes", ENDNOTES))}),
    }


def test_marks_in_a_content_control_in_the_title_block_are_said(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["title content control"], caplog)
    assert plan.title == "Action plan 2014/15 – draft"  # read as accepted
    assert said == [f"{NAME}: content control in the title block: unresolved tracked changes by {EDITOR} (read as "
                    f"accepted); comment by {AUDITOR}: 'Is this the final title?'"]


def test_marks_in_content_controls_in_action_cells_and_rows_are_said(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["cell content controls"], caplog)
    actions = {a.id: a for a in plan.actions()}
    gold = {a.id: a for a in gold_plan.actions()}
    assert list(actions) == list(gold)  # the row in a repeating section is read, not lost
    assert actions["2.3"].progress[-1].endswith("Ten new members joined in May.")
    assert actions["2.4"].progress[-1].endswith("Two more in July.")
    assert said == [f"{NAME}: content control in action 2.3, progress: unresolved tracked changes by {EDITOR} (read as accepted)",
                    f"{NAME}: content control in action 2.4, progress: unresolved tracked changes by {EDITOR} (read as accepted)"]


def test_a_mark_no_paragraph_holds_is_still_said(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["content control properties"], caplog)
    assert plan == gold_plan
    assert said == [f"{NAME}: content control in the document body: unresolved tracked changes by {EDITOR}"]


def test_marks_in_the_board_summary_are_said(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["board summary"], caplog)
    assert plan == gold_plan  # the summary is the plan's statuses counted: never read back
    assert said == [f"{NAME}: board summary: unresolved tracked changes by {EDITOR} (not read into the plan); "
                    f"comment by {AUDITOR}: 'Check the arrows before the board meets'"]


def test_marks_in_page_headers_and_footers_are_said(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["header and footer"], caplog)
    assert plan.report == gold_plan.report
    assert said == [f"{NAME}: page header: unresolved tracked changes by {EDITOR} (read as accepted)",
                    f"{NAME}: page header (first page): unresolved tracked changes by {AUDITOR} (not read into the plan)",
                    f"{NAME}: page footer: unresolved tracked changes by {AUDITOR} (not read into the plan)"]


def test_marks_in_text_boxes_are_said_once_by_place(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["text boxes"], caplog)
    assert plan == gold_plan  # a text box's text is not the plan's
    assert said == [f"{NAME}: text box in the preamble: comment by {AUDITOR}: 'Who drew this box?'",
                    f"{NAME}: text box in action 2.3, progress: unresolved tracked changes by {EDITOR} (not read into the plan)"]


def test_marks_in_footnotes_and_endnotes_are_said_by_number(marked, gold_plan, caplog) -> None:
    plan, said = read(marked["notes"], caplog)
    assert plan == gold_plan
    assert said == [f"{NAME}: footnote 3: unresolved tracked changes by {EDITOR} (not read into the plan); comment by "
                    f"{AUDITOR}: 'Source of these figures?'",
                    f"{NAME}: endnote 1: unresolved tracked changes by {AUDITOR} (not read into the plan)"]


@pytest.mark.parametrize("case", ["title content control", "cell content controls", "content control properties",
                                  "board summary", "header and footer", "text boxes", "notes"])
def test_strict_refuses_a_file_with_marks_anywhere(case: str, marked, tmp_path: Path, capsys) -> None:
    path, out = tmp_path / NAME, tmp_path / "plan.json"
    path.write_bytes(marked[case])
    assert main(["extract", str(path), "-o", str(out), "--strict"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len([e for e in errors if e.startswith("error: ")]) == 1 and "--strict" in errors[-1], errors
    assert not out.exists()


def test_a_clean_file_says_nothing(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(gold_rendered["docx"], caplog)
    assert plan == gold_plan and said == []
