"""Turn a Plan into the one context dict that both the Word and the PDF templates read.

Every word the writers print that is not the council's own text (labels, list numbers, status
words, the header line, document properties) is decided here, so the two formats cannot drift.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.errors import RenderError
from pipeline.plan.model import DEFAULT_SCALE, FIELDS, Action, Plan, Priority, Rag, ScaleEntry, Status, rag_key
from pipeline.plan.printable import unprintable_in_plan
from pipeline.plan.quarters import quarter_end
from pipeline.reading.text import describe
from pipeline.render.summary import summarise, summary_to_context
from pipeline.updates.apply import struck_reason

BULLET = "• "
PROJECT_CAMPAIGN = "Project / campaign"
LANGUAGE = "en-GB"

# (heading, width in cm); the widths add up to the reference's 26.1 cm table.
# The number column is wider than the reference's 1.0 cm so the direction of travel ("unchanged" at
# 9 pt, the least size anything is printed at) fits under the id; objectives and progress give up the difference.
# The number column's heading is "No." (the reference printed none): a header cell with no words
# heads its column for nobody (a screen reader announces nothing; Word's checker and PDF/UA checkers flag it).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 1.8),
    ("Objectives / aims", 4.2),
    ("Lead", 2.9),
    ("When by", 2.1),
    ("Resource", 3.6),
    ("Expected outcomes / outputs", 4.0),
    ("Action taken and progress (to be updated each quarter)", 5.3),
    ("Status", 2.2),
)

# A plan's own column printed with no heading gets the reference's word for it, for the same reason.
UNHEADED = {"number": "No.", "status": "Status"}
# A plan with its own columns: each column's share of the 26.1 cm table, by what it holds.
FIELD_WIDTHS = {f: w for (_, w), f in zip(COLUMNS, FIELDS)} | {"extra": 2.6}
TABLE_WIDTH_CM = 26.1
NO_STATUS = "No status"

# The default scale's shades (Word's standard green, orange and red, as the reference shades its
# status cells); black text on each passes WCAG AA (contrast 7.3, 12.8 and 5.3 to 1).
RAG_FILLS: dict[Rag | None, str | None] = {Rag(s.key): s.colour for s in DEFAULT_SCALE} | {None: None}

# The board summary: a table the extractor skips (its header row has none of the action-table
# words), so none of it is read back as preamble. (heading, width in cm), adding up to 26.1 cm.
SUMMARY_HEADING = "Summary for the board"
SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Priority", 12.1),
    ("Green", 2.0),
    ("Amber", 2.0),
    ("Red", 2.0),
    ("No status", 2.0),
    ("Direction of travel", 6.0),
)
SUMMARY_TOTAL = "All priorities"
NO_DIRECTION = "—"
STRUCK = "Struck"
NONE_LISTED = "None."


def plan_to_context(plan: Plan, previous: Plan | None = None) -> dict[str, Any]:
    """Return the template context for `plan`; `previous` (last quarter) feeds summary and direction."""
    for which, checked in (("plan", plan), ("last quarter's plan", previous)):
        found = unprintable_in_plan(checked) if checked is not None else None
        if found:  # the readers refuse these; a plan built in code must not crash lxml half-way either
            raise RenderError(f"{which}: {found[0]}: {describe(found[1])} cannot be printed in Word or PDF")
    report = plan.report
    try:
        date = quarter_end(report.year, report.quarter)  # the documents' date; the summary's "overdue" line
    except ValueError as exc:
        raise RenderError(f"report year {report.year!r} quarter {report.quarter!r}: {exc}") from exc
    summary = summary_to_context(summarise(plan, previous))
    directions = {a["id"]: a["direction"] for p in summary["priorities"] for a in p["actions"]}
    return {
        "appendix": report.appendix or "",
        "report_line": report.line,
        "partnership": plan.partnership,
        "title": plan.title,
        "preamble": list(plan.preamble),
        "summary": _summary(summary, previous is not None, plan.status_scale()),
        "columns": _columns(plan),
        "own_shape": plan.columns is not None,
        "priorities": [_priority(p, plan.status_scale(), directions if previous is not None else None)
                       for p in plan.priorities],
        "closing": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in plan.closing],
        "properties": _properties(plan, date),
    }


def _properties(plan: Plan, date: dt.date) -> dict[str, Any]:
    return {
        "title": f"{plan.partnership} – {plan.title} – Q{plan.report.quarter} update",
        "subject": plan.report.line,
        "author": plan.partnership,
        "language": LANGUAGE,
        "date": date,
    }


def _columns(plan: Plan) -> list[dict[str, Any]]:
    """The action tables' columns: the reference's, or the plan's own (headings as printed, widths
    shared out by what each column holds)."""
    if plan.columns is None:
        return [{"heading": h, "width_cm": w, "field": f, "key": None} for (h, w), f in zip(COLUMNS, FIELDS)]
    widths = [FIELD_WIDTHS[c.field] for c in plan.columns]
    share = TABLE_WIDTH_CM / sum(widths)
    return [{"heading": c.heading or UNHEADED.get(c.field, ""), "width_cm": round(w * share, 2), "field": c.field, "key": c.key}
            for c, w in zip(plan.columns, widths)]


def _summary(summary: dict[str, Any], compared: bool, scale: tuple[ScaleEntry, ...]) -> dict[str, Any]:
    """The board summary as printed: one table of counts per priority (one column per step of the
    plan's scale), then the exceptions."""
    keys = [s.key for s in scale]

    def row(label: str, counts: dict[str, int], direction: dict[str, str]) -> dict[str, Any]:
        cells = [str(counts[k]) for k in (*keys, "none")]
        return {"label": label, "counts": cells, "direction": _direction_text(direction) if compared else NO_DIRECTION}

    turned_red = [
        f"{t['action']} outcome {t['outcome']} ({t['previous'] if t['previous'] != 'none' else 'no status'} "
        f"last quarter): {t['text']}" + (f" – {t['note']}" if t["note"] else "")
        for t in summary["turned_red"]
    ]
    overdue = [
        f"{o['action']}: When by “{o['when_by']}” (due {o['due']}); not {scale[0].label.lower()}: "
        + ", ".join(f"outcome {n}" for n in o["not_green"])
        for o in summary["overdue"]
    ]
    exceptions = [
        (f"Outcomes that turned {scale[-1].label.lower()}",
         turned_red if compared else ["Not known: no previous quarter to compare with."]),
        ("Actions overdue", overdue),
        ("Actions with no update this quarter", list(summary["no_update"])),
        ("Actions struck", list(summary["struck"])),
    ]
    quarter = f"Q{summary['quarter']} {summary['year']}"
    return {
        "heading": SUMMARY_HEADING,
        "intro": (f"{quarter}: status of the expected outcomes and the direction of travel since the previous quarter."
                  if compared else f"{quarter}: status of the expected outcomes (no previous quarter to compare with)."),
        "columns": _summary_columns(scale),
        "rows": [row(f"{p['number']}. {p['title']}", p["counts"], p["direction"]) for p in summary["priorities"]],
        "total": row(SUMMARY_TOTAL, summary["counts"], summary["direction"]),
        "exceptions": [{"heading": h, "items": items or [NONE_LISTED]} for h, items in exceptions],
    }


def _summary_columns(scale: tuple[ScaleEntry, ...]) -> list[dict[str, Any]]:
    if [s.label for s in scale] == [h for h, _ in SUMMARY_COLUMNS[1:4]]:
        return [{"heading": h, "width_cm": w} for h, w in SUMMARY_COLUMNS]
    count = SUMMARY_COLUMNS[1][1]
    first = TABLE_WIDTH_CM - count * (len(scale) + 1) - SUMMARY_COLUMNS[-1][1]
    return [{"heading": SUMMARY_COLUMNS[0][0], "width_cm": round(first, 2)},
            *({"heading": s.label, "width_cm": count} for s in scale),
            {"heading": NO_STATUS, "width_cm": count}, {"heading": SUMMARY_COLUMNS[-1][0], "width_cm": SUMMARY_COLUMNS[-1][1]}]


def _direction_text(direction: dict[str, str]) -> str:
    return f"{direction['arrow']} {direction['word']}"


def _priority(p: Priority, scale: tuple[ScaleEntry, ...],
              directions: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    lines = [("Lead Agency:", p.lead_agency), ("Indicators:", p.indicators)]
    return {
        "number": p.number,
        "heading": f"{p.number}. {p.title}",
        "lines": [{"label": label, "value": value} for label, value in lines if value],
        "actions": [_action(a, scale, directions.get(a.id) if directions else None) for a in p.actions],
    }


def _action(a: Action, scale: tuple[ScaleEntry, ...], direction: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": a.id,
        "project_campaign": PROJECT_CAMPAIGN if a.project_campaign else None,
        "objectives": _blocks(a.objectives),
        "lead": list(a.lead),
        "when_by": list(a.when_by),
        # A lone resource is printed without a number, as the council did; outcomes always are,
        # because the status blocks refer to them by number.
        "resources": {"numbered": len(a.resources) > 1, "items": list(a.resources)},
        "outcomes": {"numbered": True, "items": list(a.outcomes)},
        "progress": _blocks(a.progress),
        "status": [_status(n, s, scale) for n, s in enumerate(a.status, start=1)],
        "extra": {key: _blocks(values) for key, values in a.extra},
        # printed under the id; the extractor reads only the id at the start of the cell
        "direction": _direction_text(direction) if direction else None,
        "struck": STRUCK if struck_reason(a) is not None else None,
    }


def _status(number: int, s: Status, scale: tuple[ScaleEntry, ...]) -> dict[str, Any]:
    key = rag_key(s.rag)
    entry = next((e for e in scale if e.key == key), None)
    return {
        "label": f"{number}. {entry.label if entry else NO_STATUS}",
        "note": s.note or None,
        "rag": key,
        "fill": entry.colour if entry else None,
        "text": "FFFFFF" if entry and entry.colour and _dark(entry.colour) else None,
    }


def _dark(colour: str) -> bool:
    """True when white text reads better on this fill than black (WCAG relative luminance)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.05)


def _blocks(paragraphs: tuple[str, ...]) -> list[dict[str, Any]]:
    """Group paragraphs into runs of plain text and runs of '• ' bullets (marker removed)."""
    blocks: list[dict[str, Any]] = []
    for text in paragraphs:
        bullet = text.startswith(BULLET)
        item = text[len(BULLET):] if bullet else text
        if blocks and blocks[-1]["bullets"] == bullet:
            blocks[-1]["items"].append(item)
        else:
            blocks.append({"bullets": bullet, "items": [item]})
    return blocks
