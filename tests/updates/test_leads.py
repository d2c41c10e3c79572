"""Who gets a form: each Lead cell as printed, split into people (under their organisation) and
organisations named with nobody under them; the rule in pipeline/updates/leads.py."""
from __future__ import annotations

import dataclasses

import pytest

from pipeline.updates.apply import STRUCK_PREFIX
from pipeline.updates.leads import leads_of_cell, plan_leads

CELLS = [
    (("SBC", "Evert Robotham &", "Sarah Brewerton"), (("Evert Robotham", "SBC"), ("Sarah Brewerton", "SBC"))),
    (("Police", "Insp Simon Tabert and", "Tara Adams-Cook"), (("Insp Simon Tabert", "Police"), ("Tara Adams-Cook", "Police"))),
    (("ODG (All)",), (("ODG (All)", "ODG (All)"),)),
    (("SBC", "Debbie Barker", "in conjunction with", "CCSU", "Sarah Taylor"),
     (("Debbie Barker", "SBC"), ("Sarah Taylor", "CCSU"))),
    (("SBC", "Debbie Barker", "(in conjunction with CCSU Michael Nadasdy)"),
     (("Debbie Barker", "SBC"), ("Michael Nadasdy", "CCSU"))),
    (("E&N Herts NHS Trust", "David Brewer", "Stevenage Haven", "Frankie Packard"),
     (("David Brewer", "E&N Herts NHS Trust"), ("Frankie Packard", "Stevenage Haven"))),
    (("Police NW Liaison", "Police and SBC Licensing"),
     (("Police NW Liaison", "Police NW Liaison"), ("Police and SBC Licensing", "Police and SBC Licensing"))),
    (("HFRS", "Station Commander Billy McGill", "Police", "Sgt James Moatt", "ODG (All)"),
     (("Station Commander Billy McGill", "HFRS"), ("Sgt James Moatt", "Police"), ("ODG (All)", "ODG (All)"))),
    (("ODG (All)", "Sue Waller (SBC)"), (("ODG (All)", "ODG (All)"), ("Sue Waller", "SBC"))),
    (("Community Safety Manager",), (("Community Safety Manager", "Community Safety Manager"),)),
    (("Jane O'Neill, Housing",), (("Jane O'Neill", "Housing"),)),
    (("Housing", "Jane Smith / John Brown"), (("Jane Smith", "Housing"), ("John Brown", "Housing"))),
    (("Head of Housing",), (("Head of Housing", "Head of Housing"),)),
]


@pytest.mark.parametrize(("cell", "leads"), CELLS, ids=[" / ".join(c) for c, _ in CELLS])
def test_a_lead_cell_names_its_leads(cell: tuple[str, ...], leads: tuple[tuple[str, str], ...]) -> None:
    assert leads_of_cell(cell) == leads


def test_a_person_is_one_lead_wherever_printed_and_struck_actions_go_to_nobody(gold_plan) -> None:
    leads = {lead.name: lead for lead in plan_leads(gold_plan)}
    assert leads["Debbie Barker"].organisations == ("SBC", "RAG")  # under SBC and under RAG: one form
    assert "3.2" in leads["Insp Simon Tabert"].actions and "3.2" in leads["Mark Burgess"].actions
    struck = gold_plan.priorities[1].actions[3]  # 2.4: its only lead is "All partners, …"
    plan = dataclasses.replace(gold_plan, priorities=tuple(
        dataclasses.replace(p, actions=tuple(dataclasses.replace(a, progress=(STRUCK_PREFIX + "agreed",))
                                             if a.id == struck.id else a for a in p.actions))
        for p in gold_plan.priorities))
    names = {lead.name for lead in plan_leads(plan)}
    assert all(struck.id not in lead.actions for lead in plan_leads(plan))
    assert "All partners, through communications teams when necessary." not in names
