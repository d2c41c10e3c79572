"""Turn the Stevenage gold plan into the small plans and layouts of the variant fixtures.

Each `variant_*` function returns (plan, layout, roundtrip): a subset of the gold, edited where
the case needs different content, and the layout switches that case stresses.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from variant_docx import REFERENCE_HEADINGS, Layout

Plan = dict[str, Any]
Variant = tuple[Plan, Layout, bool]


def pick(gold: Plan, wanted: dict[str, list[str]]) -> Plan:
    """A deep copy of the gold keeping only the given priorities and action ids, in that order."""
    plan = copy.deepcopy(gold)
    by_number = {p["number"]: p for p in plan["priorities"]}
    plan["priorities"] = []
    for number, ids in wanted.items():
        priority = by_number[number]
        actions = {a["id"]: a for a in priority["actions"]}
        priority["actions"] = [actions[i] for i in ids]
        plan["priorities"].append(priority)
    return plan


def action(plan: Plan, action_id: str) -> Plan:
    """The action with this id."""
    return next(a for p in plan["priorities"] for a in p["actions"] if a["id"] == action_id)


def set_report(plan: Plan, appendix: str | None, quarter: int, period: str) -> None:
    """Give the plan another quarter."""
    plan["report"] = {"appendix": appendix, "quarter": quarter, "year": "2014/15", "period": period}


def long_progress(gold: Plan, plan: Plan, min_chars: int) -> list[str]:
    """Council prose long enough to run over pages: the gold's progress paragraphs of actions not in plan."""
    taken = {a["id"] for p in plan["priorities"] for a in p["actions"]}
    out: list[str] = []
    for p in gold["priorities"]:
        for a in p["actions"]:
            if a["id"] in taken:
                continue
            for text in a["progress"]:
                if not text.startswith("\u2022") and len(text) > 60:
                    out.append(text)
                if sum(map(len, out)) >= min_chars:
                    return out
    return out


def variant_long_row(gold: Plan) -> Variant:
    """A row over three pages, an action with six outcomes, Word numbering like the reference."""
    plan = pick(gold, {"1": ["1.1", "1.2", "1.3"], "3": ["3.1", "3.5"]})
    action(plan, "1.3")["progress"] = long_progress(gold, plan, 2000)
    a = action(plan, "3.5")
    a["outcomes"], a["status"] = a["outcomes"][:6], a["status"][:6]
    layout = Layout(indicator_labels={"3": "Indicators / measure:"},
                    headings=REFERENCE_HEADINGS[:6] + ("Action taken and progress (to be updated by lead officer each quarter)", "status"))
    return plan, layout, False


def variant_typed_markers(gold: Plan) -> Variant:
    """Typed '1. ' and '• ' markers, bold Normal headings, another font, widths, wording and quarter."""
    plan = pick(gold, {"1": ["1.1", "1.2"], "2": ["2.3", "2.5"], "5": ["5.1", "5.2"]})
    set_report(plan, "Appendix 2", 3, "1 October – 31 December 2014")
    layout = Layout(
        font="DejaVu Sans", size_pt=9, margins_cm=(2.0, 2.0, 1.5, 1.5),
        widths=(510, 2900, 1500, 1100, 1900, 2500, 3700, 1100),
        headings=("", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes outputs",
                  "Action taken & progress (to be updated each quarter)", ""),
        heading_style=False, numbered_lists=False, superscript_ordinals=False, bold_rag_words=False)
    return plan, layout, False


def variant_shades(gold: Plan) -> Variant:
    """Other shades, blank statuses, notes, no indicators, 'Indicators / measure:', Project / campaign."""
    plan = pick(gold, {"2": ["2.2", "2.4", "2.5"], "6": ["6.4", "6.5", "6.7"]})
    plan["priorities"][1]["indicators"] = None
    statuses = [(s, a) for p in plan["priorities"] for a in p["actions"] for s in a["status"]]
    edits = {  # index into statuses: (rag, note)
        0: ("red", "Not started – at risk due to staff resource pressures"), 1: (None, None),
        2: ("green", "Complete"), 3: ("amber", "On target – review in Q2"), 4: (None, "No update received"),
        6: ("green", None), 9: ("amber", None), 10: (None, None), 12: ("red", "Deferred to 2015/16"),
    }
    for i, (rag, note) in edits.items():
        statuses[i][0].update(rag=rag, note=note)
    layout = Layout(
        shades={"green": ("92D050",), "amber": ("FFBF00", "F79646"), "red": ("C00000", "E06666")},
        white_text_on=("C00000",), indicator_labels={"2": "Indicators / measure:"})
    return plan, layout, False


def unicode_text(plan: Plan) -> None:
    """Typographic quotes everywhere, then content with £ é ü … “ ” and line breaks."""
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace("'", "\u2019")
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value
    plan.update(fix(plan))
    a = action(plan, "1.1")
    a["resources"][1] = "£5,000 from the Police & Crime Commissioner’s fund."
    a["lead"] = ["SBC", "Zoë Müller"]
    a["progress"].append("Drop-in sessions at Café Zoë – “very well attended” … more are planned.\n"
                         "Next session: 2nd December, 10:00–12:00.")
    a = action(plan, "5.1")
    a["when_by"] = ["31st March 2015"]
    a["status"][1]["note"] = "Postponed – venue (Café Zoë) unavailable…"
    a = action(plan, "5.3")
    a["outcomes"].append("Nominations from “hard to reach” groups – at least 10 (≥ 10%).")
    a["status"].append({"rag": "amber", "note": "Awaiting figures from Renée Lefèvre"})


def variant_unicode(gold: Plan) -> Variant:
    """Non-ASCII text, closing sections, a three-paragraph preamble, w:br and superscripts."""
    plan = pick(gold, {"1": ["1.1", "1.3"], "5": ["5.1", "5.2", "5.3"]})
    plan["preamble"].append("Key: £ = funded from the PCC’s community safety grant; “ODG” = Operational Delivery "
                            "Group.\nFigures are for the financial year to date (1 April – 30 June 2014).")
    plan["closing"].insert(0, {"heading": "Governance", "paragraphs": [
        "The plan is overseen by the Responsible Authorities Group (RAG) – see the minutes of 14 July 2014.",
        "Queries to the Community Safety Team, Daneshill House, Stevenage (tel. 01438 242242)."]})
    plan["closing"][1]["paragraphs"].append("Budget 2014/15: £25,000 (PCC grant) + £4,500 (SBC) – total £29,500.")
    unicode_text(plan)
    return plan, Layout(indicator_labels={"5": "Indicators / measure:"}), False


def variant_page_breaks(gold: Plan) -> Variant:
    """Small margins and a large font so many rows split; a 'No.' heading; another partnership, Q2."""
    plan = pick(gold, {"3": ["3.1", "3.2", "3.3", "3.4"], "6": ["6.1", "6.2", "6.4", "6.5", "6.7"]})
    plan["partnership"] = "Northfield Community Safety Partnership"
    set_report(plan, "Appendix 3", 2, "1 July – 30 September 2014")
    layout = Layout(
        size_pt=12, margins_cm=(1.0, 1.0, 1.0, 1.0),
        widths=(620, 2800, 1700, 1300, 2100, 2500, 3800, 1350),
        headings=("No.", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes / outputs",
                  "Action taken and progress", "Status"))
    return plan, layout, False


def variant_roundtrip(gold: Plan) -> Variant:
    """The reference layout, saved through LibreOffice (docx → odt → docx) before the PDF."""
    plan = pick(gold, {"2": ["2.1", "2.3"], "4": ["4.1", "4.2", "4.3"]})
    return plan, Layout(indicator_labels={"2": "Indicators / measure:", "4": "Indicators / measure:"}), True


VARIANTS: dict[str, Callable[[Plan], Variant]] = {
    "long-row-three-pages": variant_long_row,
    "typed-markers-bold-headings": variant_typed_markers,
    "shades-blank-status": variant_shades,
    "unicode-text": variant_unicode,
    "page-breaks-q2-no-heading": variant_page_breaks,
    "libreoffice-roundtrip": variant_roundtrip,
}
