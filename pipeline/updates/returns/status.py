"""Turn the plan's leads and the returns in so far into who has returned and whom to chase.

A lead has returned when a form made for them is in the returns folder. A lead without a return is
missing, with the ids of their actions that nobody has updated (another lead's return or the typed
updates file may have covered some); a lead whose every action is covered is listed as covered.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import PipelineError, shown
from pipeline.plan.model import Plan
from pipeline.updates.apply import Updates, is_filled
from pipeline.updates.leads import plan_leads

if TYPE_CHECKING:
    from pipeline.updates.returns.form import Return


def status_lines(plan: Plan, returns: tuple[Return, ...], typed: Updates | None, where: str) -> list[str]:
    """One line per lead: returned (from which file), covered, or missing with the actions still to come."""
    actions = {a.id: a for a in plan.actions()}
    updated = {i for r in returns for i, u in r.actions.items() if is_filled(actions[i], u)}
    if typed is not None:
        updated |= {i for i, u in typed.actions.items() if is_filled(actions[i], u)}
    by_lead: dict[str, list[str]] = {}
    filled: dict[str, bool] = {}
    for r in returns:
        by_lead.setdefault(r.lead, []).append(r.source)
        filled[r.lead] = filled.get(r.lead, False) or any(is_filled(actions[i], u) for i, u in r.actions.items())
    leads = plan_leads(plan)
    lines = []
    covered: list[str] = []
    counts = {"returned": 0, "missing": 0}
    for lead in leads:
        ids = ", ".join(lead.actions)
        waiting = [i for i in lead.actions if i not in updated]
        if lead.name in by_lead and not filled.get(lead.name):
            counts["missing"] += 1
            lines.append(f"  blank     {lead.label}: {ids} ({'; '.join(by_lead[lead.name])}: returned with nothing "
                         f"filled in){'; still no update for ' + ', '.join(waiting) if waiting else ''}")
            continue
        if lead.name in by_lead:
            counts["returned"] += 1
            empty = f"; still no update for {', '.join(waiting)}" if waiting else ""
            lines.append(f"  returned  {lead.label}: {ids} ({'; '.join(by_lead[lead.name])}){empty}")
            continue
        if waiting:
            counts["missing"] += 1
            lines.append(f"  missing   {lead.label}: {', '.join(waiting)}" +
                         (f" (of {ids}; the rest are updated elsewhere)" if len(waiting) < len(lead.actions) else ""))
        else:
            covered.append(lead.label)
    head = (f"Q{_quarter(plan)} returns ({where}): {counts['returned']} of {len(leads)} leads returned, "
            f"{counts['missing']} missing")
    if covered:
        lines.append(f"  covered   no return, every action updated elsewhere: {'; '.join(covered)}")
    return [head, *lines]


def _quarter(plan: Plan) -> str:
    from pipeline.plan.quarters import next_quarter

    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    return f"{quarter} {year}"


@dataclass(frozen=True)
class Where:
    """Where a quarter's returns are: the project's folders, or each path given."""

    inputs: Path
    outputs: Path
    year: str | None  # as in folder names, "2014-15"; None: the one year under inputs/
    quarter: int
    plan: str | None = None  # last quarter's plan.json; None: its plan of record under outputs/
    returns: str | None = None
    updates: str | None = None


def quarter_status(where: Where) -> tuple[list[str], list[str]]:
    """The status lines for the quarter, and a line per return that could not be read (the others still are)."""
    from pipeline.plan.load import load_plan
    from pipeline.reading.source import DOCUMENT, read_input
    from pipeline.updates.returns.collect import return_files
    from pipeline.updates.yaml_file import read_updates

    folder = (where.year or _only_year(where.inputs)).replace("/", "-")
    if where.plan is None and where.quarter == 1:
        raise PipelineError("returns-status: Q1's updates go on from last year's Q4: give its plan with --plan")
    last = where.outputs / folder / f"q{where.quarter - 1}"
    plan = load_plan(where.plan or (last / "final" / "plan.json" if (last / "final" / "plan.json").is_file() else last / "plan.json"))
    returns_dir = Path(where.returns or where.inputs / folder / f"q{where.quarter}" / "returns")
    typed_path = where.updates or str(where.inputs / folder / f"q{where.quarter}.yaml")
    typed = read_updates(typed_path, plan) if Path(typed_path).is_file() else None
    returns, refused, blanks = [], [], {}
    for path in return_files(returns_dir) if returns_dir.is_dir() else []:
        from pipeline.updates.returns.form import read_return  # python-docx: only when there are returns

        try:
            returns.append(read_return(read_input(path, DOCUMENT), shown(path), plan, blanks))
        except PipelineError as exc:  # a return that cannot be read is listed, and the others still are
            refused.append(str(exc))
    said = f"{returns_dir}" + ("" if returns_dir.is_dir() else ", no such folder") + (f"; typed: {typed_path}" if typed else "")
    return status_lines(plan, tuple(returns), typed, shown(said)), refused


def _only_year(inputs: Path) -> str:
    years = sorted(p.name for p in inputs.iterdir() if p.is_dir() and not p.name.startswith(".")) if inputs.is_dir() else []
    if len(years) != 1:
        raise PipelineError(f"returns-status: say which year with --year ({', '.join(years) or f'no year folders in {inputs}'})")
    return years[0]
