"""Turn an action-plan/1 or /2 plan's priorities into monitor tables laid out as a CorpusLayout says.

The table half of tools/corpus_docx.py, built on tools/variant_docx.py's helpers: the plan's own
columns (order, headings, extra columns), status words or a BRAG scale, one table for the whole
plan, and Word's own list numbering.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from variant_docx import Layout, Numbering, cell, el, header_row, numbered, para, priority_block, prose, status_fill

Plan = dict[str, Any]
ElementT = Any
FIELDS = ("number", "objectives", "lead", "when_by", "resources", "outcomes", "progress", "status")
SYMBOL_BULLET = "\uf0b7"  # Word's default bullet: U+F0B7 in the Symbol font


@dataclass(frozen=True)
class CorpusLayout:
    """Typesetting beyond variant_docx.Layout; `base.widths` has one width per printed column."""

    base: Layout = field(default_factory=Layout)
    portrait: bool = False  # A4 portrait instead of landscape
    one_table: bool = False  # one table for the whole plan, a merged heading row per priority
    two_row_priorities: tuple[str, ...] = ()  # one_table: these priorities print Lead Agency / Indicators as two rows
    line_spacing: float | None = None  # e.g. 1.15 (w:line 276, lineRule auto) on every paragraph
    word_lists: bool = False  # Word's own numbering: shared abstractNums, startOverride, Symbol bullets
    links: tuple[tuple[str, str], ...] = ()  # (words, URL): the first place those words are printed becomes a link
    footnotes: tuple[tuple[str, str], ...] = ()  # (words, note): a footnote mark after the first place of those words


# --- columns and status ------------------------------------------------------------------------

def columns(plan: Plan, layout: CorpusLayout) -> list[dict[str, Any]]:
    """The printed columns, left to right: heading, field, key, width."""
    cols = plan.get("columns") or [{"heading": h, "field": f} for h, f in zip(layout.base.headings, FIELDS)]
    if len(cols) != len(layout.base.widths):
        raise ValueError(f"{len(cols)} columns but {len(layout.base.widths)} widths")
    return [{**c, "width": w} for c, w in zip(cols, layout.base.widths)]


def status_cell(plan: Plan, n: int, status: Plan, layout: CorpusLayout, counter: dict[str, int], width: int) -> ElementT:
    """'N.' shaded by the status, or 'N. Label' where the plan's scale prints words without shading."""
    scale = {s["key"]: s for s in plan.get("scale") or []}
    words, fill = [], None
    if status["rag"] is not None and scale:
        entry = scale[status["rag"]]
        fill = entry["colour"]
        if fill is None:
            words.append(entry["label"])
    elif status["rag"] is not None:
        fill = status_fill(status["rag"], counter, layout.base)
    if status["note"]:
        words.append(status["note"])
    text = f"{n}." + (" " + " – ".join(words) if words else "")
    color = "FFFFFF" if fill in layout.base.white_text_on else None
    return cell(width, [para(text, layout.base, color=color)], fill=fill)


def field_paras(action: Plan, col: dict[str, Any], layout: Layout, numbering: Numbering) -> list[ElementT]:
    """The paragraphs of one merged (non-status) cell."""
    name = col["field"]
    if name == "number":
        return [para(action["id"], layout)]
    if name == "objectives":
        out = prose(action["objectives"], layout, numbering)
        if action["project_campaign"]:
            out.insert(0, para("Project / campaign", layout, bold=True))
        return out
    if name in ("lead", "when_by"):
        return [para(t, layout) for t in action[name]]
    if name in ("resources", "outcomes"):
        return numbered(action[name], layout, numbering, always=name == "outcomes")
    if name == "progress":
        return prose(action["progress"], layout, numbering)
    return [para(t, layout) for t in action["extra"][col["key"]]]


def action_rows(plan: Plan, action: Plan, layout: CorpusLayout, numbering: Numbering, counter: dict[str, int]) -> list[ElementT]:
    """k rows for k outcomes: every column merged down but the status column, one cell per outcome."""
    cols = columns(plan, layout)
    first = {i: field_paras(action, c, layout.base, numbering) for i, c in enumerate(cols) if c["field"] != "status"}
    k = len(action["status"])
    rows = []
    for n, status in enumerate(action["status"], 1):
        tr = el("tr")
        el("trPr", tr)
        for i, c in enumerate(cols):
            if c["field"] == "status":
                tr.append(status_cell(plan, n, status, layout, counter, c["width"]))
                continue
            vmerge = None if k == 1 else ("restart" if n == 1 else "continue")
            tr.append(cell(c["width"], first[i] if n == 1 else [], vmerge))
        rows.append(tr)
    return rows


# --- tables ------------------------------------------------------------------------------------

def new_table(plan: Plan, layout: CorpusLayout) -> ElementT:
    """An empty fixed-layout table with its grid and repeated header row."""
    cols = columns(plan, layout)
    tbl = el("tbl")
    tblpr = el("tblPr", tbl)
    el("tblW", tblpr, w=str(sum(c["width"] for c in cols)), type="dxa")
    el("tblLayout", tblpr, type="fixed")
    mar = el("tblCellMar", tblpr)
    for side in ("top", "left", "bottom", "right"):
        el(side, mar, w="57", type="dxa")
    grid = el("tblGrid", tbl)
    for c in cols:
        el("gridCol", grid, w=str(c["width"]))
    base = dataclasses.replace(layout.base, headings=tuple(c["heading"] for c in cols))
    tbl.append(header_row(base))
    return tbl


def spanning_row(paras: list[ElementT], width: int, span: int, fill: str | None = None) -> ElementT:
    """A row of one cell merged across the whole table (gridSpan), kept on one page."""
    tr = el("tr")
    el("cantSplit", el("trPr", tr), val="true")
    tc = cell(width, paras, fill=fill)
    tc.find(qn("w:tcPr")).find(qn("w:tcW")).addnext(el("gridSpan", val=str(span)))
    tr.append(tc)
    return tr


def priority_rows(priority: Plan, layout: CorpusLayout, width: int, span: int) -> list[ElementT]:
    """The heading row 'N. Title' and the Lead Agency / Indicators row (or two rows)."""
    title = para(f"{priority['number']}. {priority['title']}", layout.base, bold=True, keep_next=True)
    for rpr in title.iter(qn("w:rPr")):
        el("sz", rpr, val="24")
    lines = priority_block(priority, layout.base)[1:]
    for p in lines:
        p.find(qn("w:pPr")).remove(p.find(qn("w:pPr")).find(qn("w:keepNext")))
    rows = [spanning_row([title], width, span, fill="F2F2F2")]
    if priority["number"] in layout.two_row_priorities:
        return rows + [spanning_row([p], width, span) for p in lines]
    return rows + [spanning_row(lines, width, span)]


def table_blocks(plan: Plan, layout: CorpusLayout, numbering: Numbering) -> list[ElementT]:
    """One table per priority after its heading lines, or one table for the whole plan."""
    counter: dict[str, int] = {}
    width, span = sum(layout.base.widths), len(layout.base.widths)
    if layout.one_table:
        tbl = new_table(plan, layout)
        for priority in plan["priorities"]:
            for tr in priority_rows(priority, layout, width, span):
                tbl.append(tr)
            for action in priority["actions"]:
                for tr in action_rows(plan, action, layout, numbering, counter):
                    tbl.append(tr)
        return [tbl]
    blocks: list[ElementT] = []
    for priority in plan["priorities"]:
        blocks += priority_block(priority, layout.base)
        tbl = new_table(plan, layout)
        for action in priority["actions"]:
            for tr in action_rows(plan, action, layout, numbering, counter):
                tbl.append(tr)
        blocks.append(tbl)
    return blocks


# --- Word's own list numbering -----------------------------------------------------------------

class WordNumbering(Numbering):
    """As Word writes lists: one abstractNum per format, a w:num per list restarted by startOverride."""

    def __init__(self, document: Any) -> None:
        super().__init__(document)
        self.abstracts: dict[str, int] = {}

    def new_list(self, fmt: str) -> int:
        """Return the numId of a fresh list (numbered from 1) sharing the format's abstractNum."""
        if fmt not in self.abstracts:
            aid = self.abstracts[fmt] = len(self.abstracts) + 90
            a = el("abstractNum", abstractNumId=str(aid))
            el("multiLevelType", a, val="hybridMultilevel")
            lvl = el("lvl", a, ilvl="0")
            el("start", lvl, val="1")
            el("numFmt", lvl, val=fmt)
            el("lvlText", lvl, val=SYMBOL_BULLET if fmt == "bullet" else "%1.")
            el("lvlJc", lvl, val="left")
            el("ind", el("pPr", lvl), left="284", hanging="284")
            if fmt == "bullet":
                el("rFonts", el("rPr", lvl), ascii="Symbol", hAnsi="Symbol", hint="default")
            first_num = self.root.find(qn("w:num"))
            (first_num.addprevious(a) if first_num is not None else self.root.append(a))
        nid = self.next_id
        self.next_id += 1
        n = el("num", self.root, numId=str(nid))
        el("abstractNumId", n, val=str(self.abstracts[fmt]))
        el("startOverride", el("lvlOverride", n, ilvl="0"), val="1")
        return nid
