"""Turn a form's context into the lead officer's update form: A4 portrait Word, same context same bytes.

Layout: title block (who it is for, the period, the due date), how to fill it in (a numbered list),
then per action a heading, what the plan says (objectives, lead, when by, numbered outcomes) and one
table, its header row repeated on each page: the row's label with the action id, last quarter's
report (shaded, for reference) and this quarter's box. One control per row, so a return is read by
row even when a word processor dropped the controls' tags.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from lxml import etree

from pipeline.ooxml.custom import with_custom_properties
from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import read_parts, write_parts
from pipeline.render.forms.controls import dropdown_control, progress_control, text_control

WIDTHS_CM = (3.6, 6.2, 7.2)  # label, last quarter, this quarter: the 17 cm between 2 cm margins
SHADE = "F2F2F2"  # last quarter's column: shown, not for editing


def render_form(context: dict[str, Any]) -> bytes:
    """The .docx bytes of one lead's form."""
    document = docx.Document()
    _page(document)
    _footer(document, f"{context['title']} · page ")
    _language(document)
    body = document
    body.add_heading(context["title"], level=1)
    body.add_paragraph(context["plan"])
    _labelled(document, "For: ", context["lead"])
    _labelled(document, "Reporting period: ", context["period"])
    _labelled(document, "Please return by: ", context["due"])
    body.add_heading("How to fill in this form", level=2)
    numbering = _Numbering(document)
    num = numbering.restart()
    for line in context["instructions"]:
        _list_item(document, line, num)
    ids = iter(range(1000, 1_000_000))
    for action in context["actions"]:
        _action(document, action, context, numbering, ids)
    _properties(document, context["properties"])
    buffer = io.BytesIO()
    document.save(buffer)
    parts = with_custom_properties(read_parts(buffer.getvalue()), context["identity"])
    return write_parts(parts, context["properties"]["date"])


def _page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)


def _footer(document: Any, text: str) -> None:
    """'Q2 2014/15 update form: <lead> · page 2 of 5' at the foot of every page, for a printed form."""
    p = document.sections[0].footer.paragraphs[0]
    p.add_run(text).font.size = Pt(9)
    for i, instruction in enumerate(("PAGE", "NUMPAGES")):
        if i:
            p.add_run(" of ").font.size = Pt(9)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")
        rpr.append(size)
        run.append(rpr)
        t = OxmlElement("w:t")
        t.text = "1"
        run.append(t)
        field.append(run)
        p._p.append(field)


def _language(document: Any) -> None:
    """en-GB for every run: the document defaults' language (python-docx's template says en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), "en-GB")


def _labelled(document: Any, label: str, text: str) -> Any:
    p = document.add_paragraph()
    p.add_run(label).bold = True
    p.add_run(text)
    return p


class _Numbering:
    """Numbered lists that each start at 1: a new w:num over the "List Number" style's list."""

    def __init__(self, document: Any) -> None:
        self.part = document.part.numbering_part.element
        style = document.styles["List Number"].element
        self.abstract = self._abstract_of(style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")))
        self.next = 1 + max(int(n.get(qn("w:numId"))) for n in self.part.findall(qn("w:num")))

    def _abstract_of(self, num_id: str) -> str:
        for num in self.part.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id:
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        raise LookupError(num_id)

    def restart(self) -> str:
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), self.abstract)
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.part.append(num)
        self.next += 1
        return num.get(qn("w:numId"))


def _list_item(document: Any, text: str, num: str) -> None:
    p = document.add_paragraph(text, style="List Number")
    p.paragraph_format.keep_with_next = True
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", num)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        numpr.append(child)
    ppr.insert(1, numpr)


def _action(document: Any, action: dict[str, Any], context: dict[str, Any], numbering: _Numbering, ids: Any) -> None:
    heading = document.add_heading(action["heading"], level=2)
    heading.paragraph_format.keep_with_next = True
    for label, lines in (("Objectives / aims", action["objectives"]), ("Lead", [" / ".join(action["lead"])] if action["lead"] else []),
                         ("When by", ["; ".join(action["when_by"])] if action["when_by"] else [])):
        if lines:  # the action's text kept with its table: a heading never ends a page alone
            _labelled(document, f"{label}: ", lines[0]).paragraph_format.keep_with_next = True
            for line in lines[1:]:
                document.add_paragraph(line).paragraph_format.keep_with_next = True
    label = document.add_paragraph()
    label.add_run("Expected outcomes:").bold = True
    label.paragraph_format.keep_with_next = True
    num = numbering.restart()
    for outcome in action["outcomes"]:
        _list_item(document, outcome, num)
    _table(document, action, context, ids)


def _table(document: Any, action: dict[str, Any], context: dict[str, Any], ids: Any) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _header_row(header._tr)
    for cell, text in zip(header.cells, (f"Action {action['id']}", f"Last quarter ({context['last']})",
                                         f"This quarter ({context['this']})")):
        cell.paragraphs[0].add_run(text).bold = True
    for row in action["rows"]:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row["label"]).bold = True
        if row["outcome"]:
            cells[0].add_paragraph(row["outcome"]).runs[0].font.size = Pt(9)
        _fill_last(cells[1], row["last"])
        _fill_box(cells[2], row, context, next(ids))
        if row["kind"] != "progress":
            _cant_split(table.rows[-1]._tr)
    for r in table.rows:
        for cell, width in zip(r.cells, WIDTHS_CM):
            cell.width = Cm(width)
    document.add_paragraph()


def _header_row(tr: Any) -> None:
    trpr = tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    _cant_split(tr)


def _cant_split(tr: Any) -> None:
    tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def _fill_last(cell: Any, lines: list[str]) -> None:
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), SHADE)
    cell._tc.get_or_add_tcPr().append(shade)


def _fill_box(cell: Any, row: dict[str, Any], context: dict[str, Any], number: int) -> None:
    tc = cell._tc
    if row["kind"] == "progress":
        tc.remove(cell.paragraphs[0]._p)
        tc.append(progress_control(row, number))
        return
    p = cell.paragraphs[0]._p
    if row["kind"] == "status":
        p.append(dropdown_control(row, number, context["choices"], context["choices"][-1]))
    else:
        p.append(text_control(row, number))


def _properties(document: Any, properties: dict[str, Any]) -> None:
    core = document.core_properties
    moment = dt.datetime.combine(properties["date"], dt.time(0, 0))
    core.title = properties["title"][:255]
    core.subject = properties["subject"][:255]
    core.author = properties["author"][:255]
    core.last_modified_by = properties["author"][:255]
    core.language = properties["language"]
    core.created = core.modified = moment
    core.revision = 1
    core.comments = ""
    core.keywords = ""
