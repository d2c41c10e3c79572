"""The layout rules in isolation: colour by hue, status text, line joins, list markers."""
from __future__ import annotations

import pytest

from pipeline.extract.grid import UNSURE_BREAK, Para
from pipeline.extract.layout.cells import clean_items, clean_lines, clean_prose, split_project_label
from pipeline.extract.layout.colour import rag_of_fill
from pipeline.extract.layout.scale import RawStatus, plan_scale, resolve
from pipeline.extract.layout.status_text import split_number
from pipeline.extract.pdf.lines import Flow, Line, line_joiner
from pipeline.plan.model import Rag


@pytest.mark.parametrize(
    "hex_, rag",
    [
        ("00B050", Rag.GREEN), ("92D050", Rag.GREEN), ("00FF00", Rag.GREEN), ("548235", Rag.GREEN),
        ("FFC000", Rag.AMBER), ("FFBF00", Rag.AMBER), ("F79646", Rag.AMBER), ("FFFF00", Rag.AMBER),
        ("FF0000", Rag.RED), ("C00000", Rag.RED), ("E06666", Rag.RED),
        ("D9D9D9", None), ("FFFFFF", None), ("000000", None), ("F2F2F2", None), ("4472C4", None),
    ],
)
def test_fill_colour_is_classified_by_hue(hex_, rag):
    rgb = tuple(int(hex_[i:i + 2], 16) for i in (0, 2, 4))
    assert rag_of_fill(rgb) == rag


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.", (1, None, None)),
        ("2. Not started", (2, Rag.RED, None)),  # unshaded, the word is the status
        ("3. Red Not started – at risk", (3, Rag.RED, "Not started – at risk")),
        ("1. Amber", (1, Rag.AMBER, None)),
        ("1. No status", (1, None, None)),
        ("12) green: done", (12, Rag.GREEN, "done")),
        ("carried over text", (None, None, "carried over text")),
    ],
)
def test_status_text(text, expected):
    """An unshaded status cell on the default scale: its number, the status its words give, the note."""
    number, rest = split_number(text)
    status = resolve(RawStatus(rest, None, "action 1.1, outcome 1"), plan_scale([RawStatus("", (0, 176, 80))], {}), "x")
    assert (number, status.rag, status.note) == expected


def _line(text, x1, top=100.0, trailing=False, first=20.0, bold=False):
    return Line(top=top, bottom=top + 10, x0=10.0, x1=x1, text=text, size=10.0, bold=bold,
                trailing_space=trailing, first_word_width=first)


FLOW = Flow(right=100.0, pitch={10.0: 11.5}, trailing_spaces=False)


def test_wrap_and_break_decisions():
    nxt = _line("next", 40, top=111.5, first=25)
    assert line_joiner(_line("short", 40), nxt, FLOW) == "\n"  # the next word would have fitted
    assert line_joiner(_line("full", 90), nxt, FLOW) == UNSURE_BREAK  # it would not have
    assert line_joiner(_line("spaced", 90, trailing=True), nxt, FLOW) == " "
    assert line_joiner(_line("Adams-", 90), nxt, FLOW) == ""
    assert line_joiner(_line("gap", 90), _line("x", 40, top=118), FLOW) is None
    assert line_joiner(_line("head", 40, bold=True), nxt, FLOW) is None
    numbered = _line("2. item", 40, top=111.5)
    assert line_joiner(_line("lead-in:", 40), numbered, FLOW) is None  # after a broken line
    assert line_joiner(_line("1. item", 90), numbered, FLOW, head=_line("1. item", 90)) is None
    assert line_joiner(_line("wrapped prose", 90), _line("20. October", 40, top=111.5), FLOW) == UNSURE_BREAK
    indented = Line(top=100.0, bottom=110.0, x0=20.0, x1=90.0, text="item text", size=10.0, bold=False,
                    trailing_space=False, first_word_width=20.0)
    assert line_joiner(indented, numbered, FLOW) is None  # left of the hanging indent
    assert line_joiner(_line("Bold.", 40), _line("• bullet", 40, top=111.5), FLOW) is None


def test_unsure_breaks_are_settled_by_field():
    para = Para(f"Station Commander Billy{UNSURE_BREAK}McGill")
    assert clean_lines([para]) == ("Station Commander Billy McGill",)
    assert clean_lines([Para(f"Sarah Brewerton{UNSURE_BREAK}Debbie Barker")]) == ("Sarah Brewerton", "Debbie Barker")
    assert clean_prose([Para(f"a long{UNSURE_BREAK}sentence here")]) == ("a long sentence here",)


def test_list_markers_typed_or_numbered():
    typed = [Para("1. First item"), Para("2) Second"), Para("• Third")]
    assert clean_items(typed) == ("First item", "Second", "Third")
    numbered = [Para("20% decrease", list_kind="number")]
    assert clean_items(numbered) == ("20% decrease",)
    assert clean_prose([Para("Neighbourhood Watch", list_kind="bullet"), Para("•  Dog Watch")]) == (
        "• Neighbourhood Watch", "• Dog Watch")


def test_project_campaign_label():
    assert split_project_label(("Project / campaign", "Do it.")) == (True, ("Do it.",))
    assert split_project_label(("Project/Campaign\nDo it.",)) == (True, ("Do it.",))
    assert split_project_label(("A project / campaign to do it.",)) == (False, ("A project / campaign to do it.",))


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Appendix B   Quarter 3 update / progress monitor (1 October – 31 December 2014)",
         ("Appendix B", 3, "2014/15", "1 October – 31 December 2014")),
        ("Appendix 2 Q4 2014/15 progress monitor", ("Appendix 2", 4, "2014/15", "1 January – 31 March 2015")),
        ("Q1 update / progress monitor (1 April – 30 June 2014)", (None, 1, "2014/15", "1 April – 30 June 2014")),
        ("Appendix 1 · Q4 update (January – March 2016)", ("Appendix 1", 4, "2015/16", "January – March 2016")),
    ],
)
def test_report_line_variants(header, expected):
    from pipeline.extract.grid import Grid
    from pipeline.extract.layout.report_line import report_from_header

    r = report_from_header(Grid(source="x", header=(header,)))
    assert (r.appendix, r.quarter, r.year, r.period) == expected


@pytest.mark.parametrize(
    "line, lead, indicators",
    [
        ("Lead Agency: Police", "Police", None),
        ("Lead agency / partner: SBC", "SBC", None),
        ("Lead partners: A, B", "A, B", None),
        ("Indicators / measure: x", None, "x"),
        ("Performance indicators: y", None, "y"),
        ("Key measures: z", None, "z"),
        ("Lead officer: X", None, None),
    ],
)
def test_priority_line_labels(line, lead, indicators):
    from pipeline.extract.layout.normalise import INDICATORS_RE, LEAD_RE

    assert (m.group(1) if (m := LEAD_RE.match(line)) else None) == lead
    assert (m.group(1) if (m := INDICATORS_RE.match(line)) else None) == indicators


def test_status_shown_by_highlighted_text_instead_of_cell_shading(gold_dict):
    """Some councils colour the words of the status cell, not the cell: read that too."""
    import re

    from conftest import INPUTS, rebuild_docx

    from pipeline.extract import extract_bytes
    from pipeline.plan.model import to_dict

    names = {"00B050": "green", "FFC000": "yellow", "FF0000": "red"}

    def move(m: re.Match) -> str:  # cell shading → highlight on the cell's runs
        cell, colour = m.group(0), m.group(1)
        cell = cell.replace(f'<w:shd w:fill="{colour}" w:val="clear"/>', "")
        return cell.replace("<w:rPr>", f'<w:rPr><w:highlight w:val="{names[colour]}"/>')

    def highlight(part: bytes) -> bytes:
        text, n = re.subn(r'<w:tc>(?:(?!</w:tc>).)*?<w:shd w:fill="(00B050|FFC000|FF0000)" w:val="clear"/>'
                          r"(?:(?!</w:tc>).)*</w:tc>", move, part.decode("utf-8"), flags=re.S)
        assert n == 58
        return text.encode("utf-8")

    data = rebuild_docx((INPUTS / "action-plan-2014-15-q1.docx").read_bytes(), {"word/document.xml": highlight})
    assert to_dict(extract_bytes(data, "highlighted.docx")) == gold_dict


def test_content_controls_inside_cells_are_read(gold_dict):
    """Forms-minded councils put cell text in content controls (w:sdt): read through them."""
    import re

    from conftest import INPUTS, rebuild_docx

    from pipeline.extract import extract_bytes
    from pipeline.plan.model import to_dict

    def wrap(part: bytes) -> bytes:
        text, n = re.subn(r"(</w:tcPr>)(<w:p>.*?</w:p>)(</w:tc>)",
                          r"\1<w:sdt><w:sdtPr/><w:sdtContent>\2</w:sdtContent></w:sdt>\3",
                          part.decode("utf-8"), flags=re.S)
        assert n > 500
        return text.encode("utf-8")

    data = rebuild_docx((INPUTS / "action-plan-2014-15-q1.docx").read_bytes(), {"word/document.xml": wrap})
    assert to_dict(extract_bytes(data, "controls.docx")) == gold_dict


@pytest.mark.parametrize(("heading", "field"), [
    ("Objectives / aims", "objectives"), ("Action", "objectives"), ("Key actions", "objectives"), ("Aim", "objectives"),
    ("Task", "objectives"), ("Lead", "lead"), ("Lead officer", "lead"), ("Owner", "lead"), ("Responsible officer", "lead"),
    ("When by", "when_by"), ("Target date", "when_by"), ("Deadline", "when_by"), ("Timescale", "when_by"),
    ("Due", "when_by"), ("By when", "when_by"), ("Resource", "resources"), ("Resources / budget", "resources"),
    ("Expected outcomes / outputs", "outcomes"), ("Outcome measures", "outcomes"), ("Success measures", "outcomes"),
    ("Outputs", "outcomes"), ("Action taken and progress (to be updated by lead officer each quarter)", "progress"),
    ("Progress", "progress"), ("Update", "progress"), ("Q2 update", "progress"), ("Commentary", "progress"),
    ("Current position", "progress"), ("Status", "status"), ("RAG", "status"), ("BRAG rating", "status"),
    ("Ref", "number"), ("No.", "number"), ("Action No.", "number"), ("ID", "number"),
    ("Budget £", None), ("Partner comments", None), ("Direction of travel", None),
])
def test_headings_are_matched_by_meaning(heading: str, field: str | None) -> None:
    from pipeline.extract.layout.columns import fields_of
    from pipeline.extract.layout.profile import DEFAULT_PROFILE

    assert fields_of(heading, DEFAULT_PROFILE) == ([field] if field else [])


@pytest.mark.parametrize(("text", "key", "note"), [
    ("Complete", "green", None), ("Completed – signed off", "green", "signed off"), ("On track", "amber", None),
    ("In progress: awaiting data", "amber", "awaiting data"), ("Not started", "red", None),
    ("Not yet started", "red", None), ("Behind schedule", "red", None), ("At risk", "red", None),
    ("No status", None, None), ("Slipping", None, "Slipping"),
])
def test_status_words_are_read_on_a_words_scale(text: str, key: str | None, note: str | None) -> None:
    from pipeline.extract.layout.scale import RawStatus, plan_scale, resolve

    scale = plan_scale([RawStatus("Complete"), RawStatus("On track"), RawStatus("At risk")], {})
    assert scale.mode == "words"
    status = resolve(RawStatus(text, None, "action 1.1, outcome 1"), scale, "x.docx")
    assert (status.rag, status.note) == (key, note)
