"""Turn each priority's actions into body rows of its Word table, in place of the prototype row.

An action with k expected outcomes becomes k rows: the first holds the action in every column, the
others only a status, and the status column holds one shaded status cell per outcome, as in the
reference. No cell is merged (Word's accessibility checker warns about every merged cell, and a
screen reader loses the grid): the rows after the first have empty cells whose borders with the
rows around them are left out, so the action still looks like one block. A plan with its own columns gets its own grid and header
row, each cell styled as the template's cell for the same field (an extra column as progress).
Lists get real Word numbering, one w:num per cell so each restarts at 1.

docxtpl cannot express "one row per outcome" beside cells that are one per action, so the rows are
built here with lxml, taking cell properties from the template's prototype row and paragraph
styles by id, so restyling the template still restyles the output.
"""
from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from pipeline.errors import RenderError
from pipeline.ooxml.ns import qn
from pipeline.plan.model import FIELDS

# Children of w:tcPr in schema order (CT_TcPr), so inserted elements land where Word expects them.
_TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark")


class Lists:
    """Hand out w:num ids from word/numbering.xml: a fresh decimal list per cell, one shared bullet list."""

    def __init__(self, numbering: etree._Element) -> None:
        self.numbering = numbering
        # the highest numId so far, counted once (rescanning for every list was quadratic)
        self.last_id = max((int(n.get(qn("w:numId"))) for n in numbering.iterfind(qn("w:num"))), default=0)
        self.decimal = self._abstract_id("decimal")
        self.bullet_num = self._new_num(self._abstract_id("bullet"), restart=False)

    def new_decimal(self) -> str:
        return self._new_num(self.decimal, restart=True)

    def _abstract_id(self, fmt: str) -> str:
        for abstract in self.numbering.iterfind(qn("w:abstractNum")):
            lvl = abstract.find(qn("w:lvl"))
            num_fmt = lvl.find(qn("w:numFmt")) if lvl is not None else None
            if num_fmt is not None and num_fmt.get(qn("w:val")) == fmt:
                return abstract.get(qn("w:abstractNumId"))
        raise RenderError(f"templates/appendix.docx: numbering.xml has no '{fmt}' list definition")

    def _new_num(self, abstract_id: str, restart: bool) -> str:
        self.last_id += 1
        num_id = str(self.last_id)
        num = etree.SubElement(self.numbering, qn("w:num"), {qn("w:numId"): num_id})
        etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): abstract_id})
        if restart:
            override = etree.SubElement(num, qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
            etree.SubElement(override, qn("w:startOverride"), {qn("w:val"): "1"})
        return num_id


SUMMARY_CAPTION = "Board summary"  # the w:tblCaption of the template's board-summary table
EXCEPTIONS_CAPTION = "Board summary: exceptions"  # and of the exceptions table under it


TWIPS_PER_CM = 567


def fill_tables(body: etree._Element, priorities: list[dict[str, Any]], lists: Lists,
                columns: list[dict[str, Any]] | None = None) -> None:
    """Replace the prototype (last) row of the n-th action table with the rows of the n-th priority,
    in the plan's own columns when it has them (`columns` from the context)."""
    tables = [t for t in body.findall(qn("w:tbl")) if _caption(t) not in (SUMMARY_CAPTION, EXCEPTIONS_CAPTION)]
    if len(tables) != len(priorities):
        raise RenderError(f"templates/appendix.docx: {len(tables)} tables rendered for {len(priorities)} priorities")
    fields = [c["field"] for c in columns] if columns else list(FIELDS)
    for table, priority in zip(tables, priorities):
        _set_caption(table, f"Priority {priority['number']} actions: {priority['heading'][len(priority['number']) + 2:]}")
        prototype = table.findall(qn("w:tr"))[-1]
        cell_props = [tc.find(qn("w:tcPr")) for tc in prototype.findall(qn("w:tc"))]
        if len(cell_props) != 8:
            raise RenderError(f"templates/appendix.docx: the prototype row has {len(cell_props)} cells, not 8")
        if columns and not _is_reference(table, columns):
            cell_props = _reshape(table, columns, cell_props)
        for action in priority["actions"]:
            for row in _action_rows(action, cell_props, lists, fields, columns):
                prototype.addprevious(row)
        table.remove(prototype)


def _is_reference(table: etree._Element, columns: list[dict[str, Any]]) -> bool:
    header = table.findall(qn("w:tr"))[0]
    texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in header.findall(qn("w:tc"))]
    return [c["field"] for c in columns] == list(FIELDS) and texts == [c["heading"] for c in columns]


def _reshape(table: etree._Element, columns: list[dict[str, Any]], props: list[Any]) -> list[Any]:
    """Give the table the plan's columns: grid, header cells (as the template's headed cell), and
    the body cells' properties per column (as the template's cell for that field)."""
    widths = _set_grid(table, columns)
    _refill(table.findall(qn("w:tr"))[0], [c["heading"] for c in columns], widths)
    shaped = []
    for column, width in zip(columns, widths):
        source = props[FIELDS.index(column["field"] if column["field"] != "extra" else "progress")]
        tc_pr = copy.deepcopy(source) if source is not None else etree.Element(qn("w:tcPr"))
        _set_width(tc_pr, width)
        shaped.append(tc_pr)
    return shaped


def _set_grid(table: etree._Element, columns: list[dict[str, Any]]) -> list[str]:
    """Make the table's grid one column per context column; return the widths (twips, as text)."""
    widths = [str(round(c["width_cm"] * TWIPS_PER_CM)) for c in columns]
    grid = table.find(qn("w:tblGrid"))
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        etree.SubElement(grid, qn("w:gridCol"), {qn("w:w"): width})
    return widths


def _set_width(tc_pr: etree._Element, width: str) -> None:
    _insert(tc_pr, etree.Element(qn("w:tcW"), {qn("w:w"): width, qn("w:type"): "dxa"}))


def fit_summary(body: etree._Element, summary: dict[str, Any]) -> None:
    """Give the board summary one count column per step of the plan's scale. The template holds the
    reference's three steps and "No status"; a BRAG or status-word plan has its own number of
    columns, so the grid, the headings and the count cells are made again from the context."""
    columns = summary["columns"]
    table = next((t for t in body.findall(qn("w:tbl")) if _caption(t) == SUMMARY_CAPTION), None)
    if table is None or len(columns) == len(table.find(qn("w:tblGrid"))):
        return
    widths = _set_grid(table, columns)
    header, *rows = table.findall(qn("w:tr"))
    _refill(header, [c["heading"] for c in columns], widths)
    for row, values in zip(rows, [*summary["rows"], summary["total"]]):
        _refill(row, [values["label"], *values["counts"], values["direction"]], widths)


def _refill(row: etree._Element, texts: list[str], widths: list[str]) -> None:
    """Make the row one cell per text, each a copy of the row's second cell (a heading or a count)."""
    cells = row.findall(qn("w:tc"))
    model = cells[1]
    for tc in cells:
        row.remove(tc)
    for text, width in zip(texts, widths):
        tc = copy.deepcopy(model)
        ts = list(tc.iter(qn("w:t")))
        for extra in ts[1:]:
            extra.getparent().getparent().remove(extra.getparent())
        if ts:
            ts[0].text = text
        _set_width(tc.find(qn("w:tcPr")), width)
        row.append(tc)


def _caption(table: etree._Element) -> str | None:
    caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    return caption.get(qn("w:val")) if caption is not None else None


def _set_caption(table: etree._Element, text: str) -> None:
    """Name the table (Word's Alt Text title; a screen reader says it on entering the table)."""
    tbl_pr = table.find(qn("w:tblPr"))
    caption = tbl_pr.find(qn("w:tblCaption"))
    if caption is None:
        caption = etree.Element(qn("w:tblCaption"))
        description = tbl_pr.find(qn("w:tblDescription"))  # the only child after it (CT_TblPr)
        (description.addprevious(caption) if description is not None else tbl_pr.append(caption))
    caption.set(qn("w:val"), text)


def _action_rows(action: dict[str, Any], props: list[Any], lists: Lists, fields: list[str],
                 columns: list[dict[str, Any]] | None) -> list[etree._Element]:
    statuses = action["status"] or [None]
    last = len(statuses) - 1
    rows = []
    for index, status in enumerate(statuses):
        row = etree.Element(qn("w:tr"))
        etree.SubElement(row, qn("w:trPr"))
        for column, field in enumerate(fields):
            if field == "status":
                row.append(_cell(props[column], _status(status), fill=status["fill"] if status else None))
                continue
            key = columns[column]["key"] if columns else None
            content = _column(field, key, action, lists) if index == 0 else [_para("TableContents")]
            row.append(_cell(props[column], content, open_above=index > 0, open_below=index < last))
        rows.append(row)
    return rows


def _column(field: str, key: str | None, action: dict[str, Any], lists: Lists) -> list[etree._Element]:
    if field == "extra":
        return _blocks(action["extra"][key], lists)
    column = FIELDS.index(field)
    if column == 0:
        # the id first: the extractor reads the action id at the start of the cell
        notes = [_para("ActionNote", action["direction"])] if action["direction"] else []
        notes += [_para("ActionStruck", action["struck"])] if action["struck"] else []
        return [_para("TableContents", action["id"]), *notes]
    if column == 1:
        label = [_para("TableContents", action["project_campaign"], bold=True)] if action["project_campaign"] else []
        return label + _blocks(action["objectives"], lists)
    if column in (2, 3):
        return [_para("TableLines", line) for line in action["lead" if column == 2 else "when_by"]]
    if column in (4, 5):
        return _numbered(action["resources" if column == 4 else "outcomes"], lists)
    return _blocks(action["progress"], lists)


def _numbered(items: dict[str, Any], lists: Lists) -> list[etree._Element]:
    if not items["numbered"]:
        return [_para("TableContents", text) for text in items["items"]]
    num_id = lists.new_decimal()
    return [_para("TableList", text, num_id=num_id) for text in items["items"]]


def _blocks(blocks: list[dict[str, Any]], lists: Lists) -> list[etree._Element]:
    paragraphs = []
    for block in blocks:
        for text in block["items"]:
            if block["bullets"]:
                paragraphs.append(_para("TableList", text, num_id=lists.bullet_num))
            else:
                paragraphs.append(_para("TableContents", text))
    return paragraphs


def _status(status: dict[str, Any] | None) -> list[etree._Element]:
    if status is None:
        return [_para("TableContents")]
    colour = status.get("text")
    note = [_para("TableContents", status["note"], color=colour)] if status["note"] else []
    return [_para("TableContents", status["label"], color=colour), *note]


def _cell(props: Any, content: list[etree._Element], fill: str | None = None, open_above: bool = False,
          open_below: bool = False) -> etree._Element:
    """A cell; `open_above` / `open_below` leave out its border with the row above / below (the
    same action's rows), so one action's rows look like one block without merging a cell."""
    tc = etree.Element(qn("w:tc"))
    tc_pr = copy.deepcopy(props) if props is not None else etree.Element(qn("w:tcPr"))
    if open_above or open_below:
        borders = etree.Element(qn("w:tcBorders"))
        for side, open_ in (("top", open_above), ("bottom", open_below)):  # CT_TcBorders order
            if open_:
                etree.SubElement(borders, qn(f"w:{side}"), {qn("w:val"): "nil"})
        _insert(tc_pr, borders)
    if fill:
        _insert(tc_pr, etree.Element(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}))
    tc.append(tc_pr)
    tc.extend(content or [_para("TableContents")])
    return tc


def _insert(tc_pr: etree._Element, child: etree._Element) -> None:
    name = etree.QName(child).localname
    for old in tc_pr.findall(child.tag):
        tc_pr.remove(old)
    later = set(_TCPR_ORDER[_TCPR_ORDER.index(name) + 1:])
    for existing in tc_pr:
        if etree.QName(existing).localname in later:
            existing.addprevious(child)
            return
    tc_pr.append(child)


def _para(style: str, text: str | None = None, bold: bool = False, num_id: str | None = None,
          color: str | None = None) -> etree._Element:
    p = etree.Element(qn("w:p"))
    p_pr = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(p_pr, qn("w:pStyle"), {qn("w:val"): style})
    if num_id:
        num_pr = etree.SubElement(p_pr, qn("w:numPr"))
        etree.SubElement(num_pr, qn("w:ilvl"), {qn("w:val"): "0"})
        etree.SubElement(num_pr, qn("w:numId"), {qn("w:val"): num_id})
    if text:
        r = etree.SubElement(p, qn("w:r"))
        if bold or color:
            r_pr = etree.SubElement(r, qn("w:rPr"))
            if bold:
                etree.SubElement(r_pr, qn("w:b"))
            if color:
                etree.SubElement(r_pr, qn("w:color"), {qn("w:val"): color})
        t = etree.SubElement(r, qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p
