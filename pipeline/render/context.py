"""Turn a Plan into the one context dict that both the Word and the PDF templates read.

Every word the writers print that is not the council's own text (labels, list numbers, status
words, the header line, document properties) is decided here, so the two formats cannot drift.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.errors import RenderError
from pipeline.plan.model import Action, Plan, Priority, Rag, Status
from pipeline.plan.quarters import quarter_end
from pipeline.render.summary import summarise, summary_to_context
from pipeline.updates.apply import struck_reason

BULLET = "• "
PROJECT_CAMPAIGN = "Project / campaign"
LANGUAGE = "en-GB"

# (heading, width in cm); the widths add up to the reference's 26.1 cm table.
# The number column is wider than the reference's 1.0 cm so the direction of travel ("→ unchanged")
# fits under the id; objectives and progress give up the difference.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("", 1.6),
    ("Objectives / aims", 4.2),
    ("Lead", 2.9),
    ("When by", 2.1),
    ("Resource", 3.6),
    ("Expected outcomes / outputs", 4.0),
    ("Action taken and progress (to be updated each quarter)", 5.5),
    ("Status", 2.2),
)

RAG_WORDS: dict[Rag | None, str] = {
    Rag.GREEN: "Green",
    Rag.AMBER: "Amber",
    Rag.RED: "Red",
    None: "No status",
}

# Word's standard green, orange and red, as the reference shades its status cells; black text
# on each passes WCAG AA (contrast 7.3, 12.8 and 5.3 to 1).
RAG_FILLS: dict[Rag | None, str | None] = {
    Rag.GREEN: "00B050",
    Rag.AMBER: "FFC000",
    Rag.RED: "FF0000",
    None: None,
}

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
        "summary": _summary(summary, previous is not None),
        "columns": [{"heading": h, "width_cm": w} for h, w in COLUMNS],
        "priorities": [_priority(p, directions if previous is not None else None) for p in plan.priorities],
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


def _summary(summary: dict[str, Any], compared: bool) -> dict[str, Any]:
    """The board summary as printed: one table of counts per priority, then the exceptions."""

    def row(label: str, counts: dict[str, int], direction: dict[str, str]) -> dict[str, Any]:
        cells = [str(counts[k]) for k in ("green", "amber", "red", "none")]
        return {"label": label, "counts": cells, "direction": _direction_text(direction) if compared else NO_DIRECTION}

    turned_red = [
        f"{t['action']} outcome {t['outcome']} ({t['previous'] if t['previous'] != 'none' else 'no status'} "
        f"last quarter): {t['text']}" + (f" – {t['note']}" if t["note"] else "")
        for t in summary["turned_red"]
    ]
    overdue = [
        f"{o['action']}: When by “{o['when_by']}” (due {o['due']}); not green: "
        + ", ".join(f"outcome {n}" for n in o["not_green"])
        for o in summary["overdue"]
    ]
    exceptions = [
        ("Outcomes that turned red", turned_red if compared else ["Not known: no previous quarter to compare with."]),
        ("Actions overdue", overdue),
        ("Actions with no update this quarter", list(summary["no_update"])),
        ("Actions struck", list(summary["struck"])),
    ]
    quarter = f"Q{summary['quarter']} {summary['year']}"
    return {
        "heading": SUMMARY_HEADING,
        "intro": (f"{quarter}: status of the expected outcomes and the direction of travel since the previous quarter."
                  if compared else f"{quarter}: status of the expected outcomes (no previous quarter to compare with)."),
        "columns": [{"heading": h, "width_cm": w} for h, w in SUMMARY_COLUMNS],
        "rows": [row(f"{p['number']}. {p['title']}", p["counts"], p["direction"]) for p in summary["priorities"]],
        "total": row(SUMMARY_TOTAL, summary["counts"], summary["direction"]),
        "exceptions": [{"heading": h, "items": items or [NONE_LISTED]} for h, items in exceptions],
    }


def _direction_text(direction: dict[str, str]) -> str:
    return f"{direction['arrow']} {direction['word']}"


def _priority(p: Priority, directions: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    lines = [("Lead Agency:", p.lead_agency), ("Indicators:", p.indicators)]
    return {
        "number": p.number,
        "heading": f"{p.number}. {p.title}",
        "lines": [{"label": label, "value": value} for label, value in lines if value],
        "actions": [_action(a, directions.get(a.id) if directions else None) for a in p.actions],
    }


def _action(a: Action, direction: dict[str, str] | None = None) -> dict[str, Any]:
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
        "status": [_status(n, s) for n, s in enumerate(a.status, start=1)],
        # printed under the id; the extractor reads only the id at the start of the cell
        "direction": _direction_text(direction) if direction else None,
        "struck": STRUCK if struck_reason(a) is not None else None,
    }


def _status(number: int, s: Status) -> dict[str, Any]:
    return {
        "label": f"{number}. {RAG_WORDS[s.rag]}",
        "note": s.note or None,
        "rag": s.rag.value if s.rag else None,
        "fill": RAG_FILLS[s.rag],
    }


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
