"""The model's JSON form: exact round trip, schema validation, immutability."""
from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Section, Status, from_dict, to_dict
from pipeline.plan.schema import plan_from_json, plan_to_json, validate

# any text a board paper can print: no controls (but tab and newline), no U+FFFE/FFFF, no surrogates
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from("\t\n"),
               min_size=1, max_size=30).map(lambda t: " ".join(t.split())).filter(bool)  # as a reader gives text


@st.composite
def plans(draw) -> Plan:
    def action(pid: str, n: int) -> Action:
        k = draw(st.integers(1, 4))
        return Action(
            id=f"{pid}.{n}",
            project_campaign=draw(st.booleans()),
            objectives=tuple(draw(st.lists(text, min_size=1, max_size=2))),
            lead=tuple(draw(st.lists(text, max_size=2))),
            when_by=tuple(draw(st.lists(text, max_size=2))),
            resources=tuple(draw(st.lists(text, max_size=3))),
            outcomes=tuple(draw(st.lists(text, min_size=k, max_size=k))),
            progress=tuple(draw(st.lists(text, max_size=2))),
            status=tuple(
                Status(draw(st.sampled_from([None, *Rag])), draw(st.none() | text)) for _ in range(k)
            ),
        )

    priorities = tuple(
        Priority(
            number=str(i),
            title=draw(text),
            lead_agency=draw(st.none() | text),
            indicators=draw(st.none() | text),
            actions=tuple(action(str(i), n) for n in range(1, draw(st.integers(1, 3)) + 1)),
        )
        for i in range(1, draw(st.integers(1, 3)) + 1)
    )
    return Plan(
        partnership=draw(text),
        title=draw(text),
        report=Report(quarter=draw(st.integers(1, 4)), year="2014/15", period=draw(text),
                      appendix=draw(st.none() | text)),
        priorities=priorities,
        preamble=tuple(draw(st.lists(text, max_size=2))),
        closing=(Section(draw(text), tuple(draw(st.lists(text, max_size=2)))),),
    )


@settings(max_examples=60, deadline=None)
@given(plans())
def test_round_trip_is_exact_and_valid(plan):
    data = to_dict(plan)
    validate(data)
    assert from_dict(data) == plan
    assert plan_from_json(plan_to_json(plan)) == plan


def test_gold_round_trips_through_json(gold_dict):
    assert json.loads(plan_to_json(from_dict(gold_dict))) == gold_dict


def test_model_is_immutable(gold_plan):
    with pytest.raises(dataclasses.FrozenInstanceError):
        gold_plan.title = "x"  # type: ignore[misc]
    assert isinstance(gold_plan.priorities, tuple)
    assert isinstance(gold_plan.priorities[0].actions[0].status, tuple)


def test_report_line(gold_plan):
    assert gold_plan.report.line == "Q1 update / progress monitor (1 April – 30 June 2014)"


@pytest.mark.parametrize(
    "path, value, where",
    [
        (("report", "year"), "2014-15", "report/year"),
        (("priorities", 0, "actions", 0, "id"), "one", "priorities/0/actions/0/id"),
        (("priorities", 0, "actions", 0, "status", 0, "rag"), "purple", "priorities/0/actions/0/status/0/rag"),
    ],
)
def test_schema_violations_name_the_place(gold_dict, path, value, where):
    data = json.loads(json.dumps(gold_dict))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InputError, match=f"plan.json: not an action-plan/1 document at {where}"):
        plan_from_json(json.dumps(data), "plan.json")
