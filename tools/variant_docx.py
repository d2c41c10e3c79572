"""Turn an action-plan/1 dict and a Layout into a council-style progress-monitor .docx.

Written directly with python-docx and lxml, independent of `pipeline.render`, so that the
extractor is tested against documents the project did not make itself. Every switch in
`Layout` is one way real councils lay the same monitor out differently.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from pipeline.ooxml.package import parse_xml, read_parts, serialise_xml, write_parts

Plan = dict[str, Any]
ElementT = Any  # an lxml element from docx.oxml

REFERENCE_WIDTHS = (567, 2551, 1644, 1191, 2041, 2268, 3288, 1247)
REFERENCE_HEADINGS = (
    "", "Objectives / aims", "Lead", "When by", "Resource",
    "Expected outcomes / outputs", "Action taken and progress (to be updated each quarter)", "",
)
BULLET = "\u2022 "
ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
RAG_WORDS = re.compile(r"\b(green|amber|red)\b")


@dataclass(frozen=True)
class Layout:
    """How one council typesets the monitor; the defaults follow the reference document."""

    font: str = "Arial"
    size_pt: float = 10
    margins_cm: tuple[float, float, float, float] = (1.5, 1.3, 1.8, 1.8)  # top, bottom, left, right
    widths: tuple[int, ...] = REFERENCE_WIDTHS  # twips, 8 columns
    headings: tuple[str, ...] = REFERENCE_HEADINGS
    heading_style: bool = True  # False: priority headings are bold Normal paragraphs
    numbered_lists: bool = True  # False: "1. " and "• " typed into the text
    shades: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {"green": ("00B050",), "amber": ("FFC000",), "red": ("FF0000",)})
    white_text_on: tuple[str, ...] = ()  # fills dark enough that the council used white text
    indicator_labels: dict[str, str] = field(default_factory=dict)  # priority number -> label
    superscript_ordinals: bool = True
    bold_rag_words: bool = True  # "green", "amber", "red" bold in the preamble


# --- small XML helpers -------------------------------------------------------------------------

def el(tag: str, parent: ElementT | None = None, **attrs: str) -> ElementT:
    """Make a w: element with w: attributes, appended to parent if given."""
    e = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    if parent is not None:
        parent.append(e)
    return e


def run(parent: ElementT, text: str, bold: bool = False, sup: bool = False, color: str | None = None) -> None:
    """Append a run holding text; '\\n' becomes a w:br, '\\t' a w:tab."""
    r = el("r", parent)
    rpr = el("rPr", r)
    if bold:
        el("b", rpr)
        el("bCs", rpr)
    if color:
        el("color", rpr, val=color)
    if sup:
        el("vertAlign", rpr, val="superscript")
    for i, line in enumerate(text.split("\n")):
        if i:
            el("br", r)
        for j, piece in enumerate(line.split("\t")):
            if j:
                el("tab", r)
            if piece:
                t = el("t", r)
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def runs(parent: ElementT, text: str, layout: Layout, bold: bool = False, color: str | None = None) -> None:
    """Append text as runs, with ordinal suffixes superscript where the layout says so."""
    if not layout.superscript_ordinals:
        run(parent, text, bold, color=color)
        return
    pos = 0
    for m in ORDINAL.finditer(text):
        run(parent, text[pos:m.start()], bold, color=color)
        run(parent, m.group(0), bold, sup=True, color=color)
        pos = m.end()
    run(parent, text[pos:], bold, color=color)


def para(text: str, layout: Layout, *, bold: bool = False, num_id: int | None = None,
         keep_next: bool = False, style: str | None = None, color: str | None = None,
         hanging: bool = False) -> ElementT:
    """Make one paragraph."""
    p = el("p")
    ppr = el("pPr", p)
    if style:
        el("pStyle", ppr, val=style)
    if keep_next:
        el("keepNext", ppr)
    if num_id is not None:
        numpr = el("numPr", ppr)
        el("ilvl", numpr, val="0")
        el("numId", numpr, val=str(num_id))
    el("spacing", ppr, before="0", after="40")
    if num_id is not None or hanging:
        el("ind", ppr, left="284", hanging="284")
    if text:
        runs(p, text, layout, bold, color)
    return p


# --- numbering ---------------------------------------------------------------------------------

class Numbering:
    """Add one w:abstractNum and w:num per list, so each list restarts at 1 (as the reference does).

    LibreOffice continues the count across w:num elements that share an abstractNum, so sharing
    one definition would number the second list of a document from where the first stopped.
    """

    FORMATS = {"decimal": "%1.", "bullet": "\u2022"}

    def __init__(self, document: Any) -> None:
        self.root = document.part.numbering_part.element
        self.next_id = 100

    def _abstract(self, aid: int, fmt: str) -> None:
        a = el("abstractNum", abstractNumId=str(aid))
        el("multiLevelType", a, val="singleLevel")
        lvl = el("lvl", a, ilvl="0")
        el("start", lvl, val="1")
        el("numFmt", lvl, val=fmt)
        el("lvlText", lvl, val=self.FORMATS[fmt])
        el("lvlJc", lvl, val="left")
        ppr = el("pPr", lvl)
        el("ind", ppr, left="284", hanging="284")
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            self.root.append(a)

    def new_list(self, fmt: str) -> int:
        """Return the numId of a fresh list of the given format."""
        nid = self.next_id
        self.next_id += 1
        self._abstract(nid, fmt)
        n = el("num", self.root, numId=str(nid))
        el("abstractNumId", n, val=str(nid))
        return nid


# --- table -------------------------------------------------------------------------------------

BORDER = {"val": "single", "sz": "4", "space": "0", "color": "000000"}


def cell(width: int, paras: list[ElementT], vmerge: str | None = None, fill: str | None = None) -> ElementT:
    """Make a table cell with borders, optional vertical merge and shading."""
    tc = el("tc")
    tcpr = el("tcPr", tc)
    el("tcW", tcpr, w=str(width), type="dxa")
    if vmerge:
        el("vMerge", tcpr, val=vmerge)
    borders = el("tcBorders", tcpr)
    for side in ("top", "left", "bottom", "right"):
        el(side, borders, **BORDER)
    if fill:
        el("shd", tcpr, val="clear", color="auto", fill=fill)
    for p in paras or [el("p")]:
        tc.append(p)
    return tc


def prose(items: list[str], layout: Layout, numbering: Numbering) -> list[ElementT]:
    """Paragraphs of objectives/progress; runs of '• ' items become one bullet list."""
    out, num_id = [], None
    for text in items:
        if text.startswith(BULLET):
            if not layout.numbered_lists:
                out.append(para(text, layout, hanging=True))
                continue
            num_id = num_id or numbering.new_list("bullet")
            out.append(para(text[len(BULLET):], layout, num_id=num_id))
        else:
            num_id = None
            out.append(para(text, layout))
    return out


def numbered(items: list[str], layout: Layout, numbering: Numbering, always: bool) -> list[ElementT]:
    """A numbered list (resources, outcomes); one resource alone is a plain paragraph."""
    if len(items) == 1 and not always:
        return [para(items[0], layout)]
    if not layout.numbered_lists:
        return [para(f"{i}. {t}", layout, hanging=True) for i, t in enumerate(items, 1)]
    num_id = numbering.new_list("decimal")
    return [para(t, layout, num_id=num_id) for t in items]


def header_row(layout: Layout) -> ElementT:
    """The repeated, unsplittable, grey header row."""
    tr = el("tr")
    trpr = el("trPr", tr)
    el("tblHeader", trpr, val="true")
    el("cantSplit", trpr, val="true")
    for w, h in zip(layout.widths, layout.headings):
        tr.append(cell(w, [para(h, layout, bold=True)], fill="D9D9D9"))
    return tr


def status_fill(rag: str | None, counter: dict[str, int], layout: Layout) -> str | None:
    """Pick the shade for a status; councils with several shades alternate between them."""
    if rag is None:
        return None
    shades = layout.shades[rag]
    counter[rag] = counter.get(rag, 0) + 1
    return shades[(counter[rag] - 1) % len(shades)]


def action_rows(action: Plan, layout: Layout, numbering: Numbering, counter: dict[str, int]) -> list[ElementT]:
    """An action with k outcomes as k rows: columns 1–7 merged down, one status cell per row."""
    objectives = prose(action["objectives"], layout, numbering)
    if action["project_campaign"]:
        objectives.insert(0, para("Project / campaign", layout, bold=True))
    first = [
        [para(action["id"], layout)],
        objectives,
        [para(t, layout) for t in action["lead"]],
        [para(t, layout) for t in action["when_by"]],
        numbered(action["resources"], layout, numbering, always=False),
        numbered(action["outcomes"], layout, numbering, always=True),
        prose(action["progress"], layout, numbering),
    ]
    k = len(action["outcomes"])
    rows = []
    for i, status in enumerate(action["status"]):
        tr = el("tr")
        el("trPr", tr)
        for w, paras in zip(layout.widths, first):
            vmerge = None if k == 1 else ("restart" if i == 0 else "continue")
            tr.append(cell(w, paras if i == 0 else [], vmerge))
        fill = status_fill(status["rag"], counter, layout)
        text = f"{i + 1}." + (f" {status['note']}" if status["note"] else "")
        color = "FFFFFF" if fill in layout.white_text_on else None
        tr.append(cell(layout.widths[7], [para(text, layout, color=color)], fill=fill))
        rows.append(tr)
    return rows


def table(priority: Plan, layout: Layout, numbering: Numbering, counter: dict[str, int]) -> ElementT:
    """One priority's 8-column table."""
    tbl = el("tbl")
    tblpr = el("tblPr", tbl)
    el("tblW", tblpr, w=str(sum(layout.widths)), type="dxa")
    el("tblLayout", tblpr, type="fixed")
    mar = el("tblCellMar", tblpr)
    for side in ("top", "left", "bottom", "right"):
        el(side, mar, w="57", type="dxa")
    grid = el("tblGrid", tbl)
    for w in layout.widths:
        el("gridCol", grid, w=str(w))
    tbl.append(header_row(layout))
    for action in priority["actions"]:
        for tr in action_rows(action, layout, numbering, counter):
            tbl.append(tr)
    return tbl


# --- document ----------------------------------------------------------------------------------

def setup_styles(document: Any, layout: Layout) -> None:
    """Name the font everywhere and make Heading 1 a plain black 12 pt bold heading."""
    for name in ("Normal", "Header", "Footer", "Heading 1", "Title", "Subtitle"):
        style = document.styles[name]
        style.font.name = layout.font
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(qn(f"w:{attr}"), layout.font)
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
    document.styles["Normal"].font.size = Pt(layout.size_pt)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    h1 = document.styles["Heading 1"]
    h1.font.size, h1.font.bold, h1.font.color.rgb = Pt(12), True, None
    h1.paragraph_format.space_before, h1.paragraph_format.space_after = Pt(12), Pt(4)


def setup_page(document: Any, plan: Plan, layout: Layout) -> None:
    """A4 landscape, margins, the header with a right tab and the 'Page N of M' footer."""
    sec = document.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    top, bottom, left, right = layout.margins_cm
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(top), Cm(bottom), Cm(left), Cm(right)
    sec.header_distance, sec.footer_distance = Cm(0.8), Cm(0.6)
    report = plan["report"]
    hp = sec.header.paragraphs[0]
    stops = hp.paragraph_format.tab_stops
    for pos in (4680, 9360):  # the template's Header style has centre and right stops here
        stops.add_tab_stop(Twips(pos), alignment=0).element.set(qn("w:val"), "clear")
    stops.add_tab_stop(Cm(29.7 - left - right), alignment=2)  # right
    label = f"Q{report['quarter']} update / progress monitor ({report['period']})"
    run(hp._p, f"{report['appendix']}\t{label}" if report["appendix"] else f"\t{label}")
    fp = sec.footer.paragraphs[0]
    fp.alignment = 1
    run(fp._p, "Page ")
    field_run(fp._p, "PAGE", "1")
    run(fp._p, " of ")
    field_run(fp._p, "NUMPAGES", "1")


def field_run(p: ElementT, instr: str, shown: str) -> None:
    """Append a complex field (begin, instrText, separate, result, end)."""
    for part in ("begin", "instr", "separate", "result", "end"):
        r = el("r", p)
        if part == "instr":
            t = el("instrText", r)
            t.text = f" {instr} "
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif part == "result":
            el("t", r).text = shown
        else:
            el("fldChar", r, fldCharType=part)


def title_block(plan: Plan, layout: Layout) -> list[ElementT]:
    """Partnership, title and preamble paragraphs."""
    out = [para(plan["partnership"], layout, bold=True), para(plan["title"], layout, bold=True)]
    for r in out[0].iter(qn("w:rPr")):
        el("sz", r, val="28")
    for r in out[1].iter(qn("w:rPr")):
        el("sz", r, val="24")
    for text in plan["preamble"]:
        p = para("", layout)
        p.find(qn("w:pPr")).find(qn("w:spacing")).set(qn("w:after"), "120")
        pieces = RAG_WORDS.split(text) if layout.bold_rag_words else [text]
        for i, piece in enumerate(pieces):
            if piece:
                runs(p, piece, layout, bold=bool(i % 2))
        out.append(p)
    return out


def heading(text: str, layout: Layout) -> ElementT:
    """A priority or closing heading: Heading 1, or a bold Normal paragraph."""
    if layout.heading_style:
        return para(text, layout, style="Heading1", keep_next=True)
    p = para(text, layout, bold=True, keep_next=True)
    p.find(qn("w:pPr")).find(qn("w:spacing")).set(qn("w:before"), "240")
    return p


def priority_block(priority: Plan, layout: Layout) -> list[ElementT]:
    """Heading, 'Lead Agency:' and 'Indicators:' lines, kept with the table."""
    out = [heading(f"{priority['number']}. {priority['title']}", layout)]
    label = layout.indicator_labels.get(priority["number"], "Indicators:")
    for name, value in (("Lead Agency:", priority["lead_agency"]), (label, priority["indicators"])):
        if value is not None:
            p = para("", layout, keep_next=True)
            run(p, name, bold=True)
            runs(p, f" {value}", layout)
            out.append(p)
    return out


def build_docx(plan: Plan, layout: Layout) -> bytes:
    """Return the bytes of the .docx (deterministic: fixed properties and zip timestamps)."""
    document = Document()
    setup_styles(document, layout)
    setup_page(document, plan, layout)
    numbering = Numbering(document)
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    blocks = title_block(plan, layout)
    counter: dict[str, int] = {}
    for priority in plan["priorities"]:
        blocks += priority_block(priority, layout)
        blocks.append(table(priority, layout, numbering, counter))
    for section in plan["closing"]:
        blocks.append(heading(section["heading"], layout))
        blocks += [para(t, layout) for t in section["paragraphs"]]
    for b in blocks:
        sect.addprevious(b)
    return finish(document, plan)


def finish(document: Any, plan: Plan) -> bytes:
    """The fixtures' fixed document properties, no template leftovers, fixed zip: the .docx bytes."""
    props = document.core_properties
    props.title = f"{plan['partnership']} – {plan['title']} – Q{plan['report']['quarter']} update"
    props.author = props.last_modified_by = "Community Safety"
    props.created, props.modified = datetime(2014, 4, 1), datetime(2014, 10, 20)
    props.revision, props.comments = 1, ""
    drop_template_extras(document)
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip(buf.getvalue())


def drop_template_extras(document: Any) -> None:
    """Leave out python-docx template parts a council file need not have (keeps fixtures small)."""
    unwanted = ("stylesWithEffects", "webSettings", "customXml", "thumbnail")
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(unwanted):
                rels.pop(r_id)


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, so the same plan gives the same bytes."""
    parts = {name: serialise_xml(parse_xml(blob)) if name.endswith((".xml", ".rels")) else blob
             for name, blob in read_parts(data).items()}
    return write_parts(parts, dt.date(2014, 10, 20), sort=False, mode=None)
