"""Turn the plan's leads and the returns in so far into who has returned and whom to chase.

A lead has returned when a form made for them is in the returns folder. A lead without a return is
missing, with the ids of their actions that nobody has updated (another lead's return or the typed
updates file may have covered some); a lead whose every action is covered is listed as covered.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

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
