import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Status
from pipeline.render.summary import (
    Counts,
    Direction,
    Overdue,
    TurnedRed,
    summarise,
    summary_to_context,
)
from pipeline.render.whenby import due_date, line_to_date
from pipeline.updates.apply import NO_UPDATE, STRUCK_PREFIX

G, A, R, N = Rag.GREEN, Rag.AMBER, Rag.RED, None


# --- "When by" -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 2015", datetime.date(2015, 3, 31)),
        ("September 2014", datetime.date(2014, 9, 30)),
        ("February 2016", datetime.date(2016, 2, 29)),
        ("Sept 2014", datetime.date(2014, 9, 30)),
        ("by end of Feb 2015", datetime.date(2015, 2, 28)),
        ("30th September 2014", datetime.date(2014, 9, 30)),
        ("Spring 2015", datetime.date(2015, 5, 31)),
        ("Summer 2014", datetime.date(2014, 8, 31)),
        ("Autumn 2014", datetime.date(2014, 11, 30)),
        ("Winter 2014", datetime.date(2015, 2, 28)),
        ("Winter 2014/15", datetime.date(2015, 2, 28)),
        ("summer 2014.", datetime.date(2014, 8, 31)),
        ("Quarterly", None),
        ("Ongoing", None),
        ("When necessary and appropriate.", None),
        ("As required.", None),
        ("Fortnightly", None),
        ("31 February 2015", None),
        ("Maybe 2014", None),
    ],
)
def test_when_by_line(line: str, expected: datetime.date | None) -> None:
    assert line_to_date(line) == expected


def test_when_by_uses_the_latest_date_of_all_lines() -> None:
    assert due_date(("Summer 2014", "As required.", "May 2014")) == datetime.date(2014, 8, 31)
    assert due_date(("Quarterly",)) is None
    assert due_date(()) is None


# --- building plans ------------------------------------------------------------------------

def act(id: str, *rags: Rag | None, when_by: str = "Ongoing", progress: str = "Text.") -> Action:
    return Action(
        id=id, objectives=("Do.",), outcomes=tuple(f"Outcome {id}.{i}" for i in range(1, len(rags) + 1)),
        status=tuple(Status(r) for r in rags), when_by=(when_by,), progress=(progress,),
    )


def plan_of(quarter: int, *priorities: tuple[str, tuple[Action, ...]]) -> Plan:
    return Plan(
        partnership="P", title="T",
        report=Report(quarter=quarter, year="2014/15", period="x"),
        priorities=tuple(Priority(n, f"Priority {n}", actions) for n, actions in priorities),
    )


Q1 = plan_of(1, ("1", (act("1.1", A, A), act("1.2", R), act("1.3", G, A))), ("2", (act("2.1", N),)))


def test_counts_per_priority_and_total() -> None:
    q2 = plan_of(2, ("1", (act("1.1", G, A), act("1.2", R), act("1.3", G, N))), ("2", (act("2.1", A),)))
    s = summarise(q2, Q1)
    rag = ("green", "amber", "red")
    assert [p.counts for p in s.priorities] == [Counts(rag, (2, 1, 1), 1), Counts(rag, (0, 1, 0))]
    assert s.counts == Counts(rag, (2, 2, 1), 1)
    assert (s.counts.green, s.counts.amber, s.counts.red, s.counts.none) == (2, 2, 1, 1)
    assert s.counts.total == 6


def test_directions_per_action_and_priority() -> None:
    q2 = plan_of(2, ("1", (act("1.1", G, A), act("1.2", R), act("1.3", A, A))), ("2", (act("2.1", A),)))
    s = summarise(q2, Q1)
    # 1.1: amber→green +1; 1.2: red→red 0; 1.3: green→amber −1; priority 1: +1 +0 −1 = 0
    assert [a.direction for a in s.priorities[0].actions] == [
        Direction.IMPROVED, Direction.UNCHANGED, Direction.WORSE,
    ]
    assert s.priorities[0].direction is Direction.UNCHANGED
    # 2.1: none → amber, nothing to compare: rated for the first time
    assert s.priorities[1].actions[0].direction is Direction.NEW
    assert s.priorities[1].direction is Direction.NEW
    assert s.direction is Direction.UNCHANGED


def test_green_to_red_outweighs_one_step_up() -> None:
    q2 = plan_of(2, ("1", (act("1.1", G, A), act("1.2", R), act("1.3", R, G))), ("2", (act("2.1", N),)))
    s = summarise(q2, Q1)  # 1.1 +1, 1.2 0, 1.3 (−2 +1) = −1: priority 1 adds up to 0
    assert s.priorities[0].actions[2].direction is Direction.WORSE
    assert s.priorities[0].direction is Direction.UNCHANGED
    assert s.priorities[1].direction is Direction.UNCHANGED  # none → none


def test_everything_new_without_a_previous_plan() -> None:
    s = summarise(Q1, None)
    assert s.direction is Direction.NEW
    assert {p.direction for p in s.priorities} == {Direction.NEW}
    assert {a.direction for p in s.priorities for a in p.actions} == {Direction.NEW}
    assert s.turned_red == ()


def test_new_priority_and_new_action() -> None:
    q2 = plan_of(2, ("1", (*Q1.priorities[0].actions, act("1.4", G))), ("3", (act("3.1", A),)))
    s = summarise(q2, Q1)
    assert s.priorities[0].actions[3].direction is Direction.NEW
    assert s.priorities[1].direction is Direction.NEW


def test_turned_red() -> None:
    q2 = plan_of(2, ("1", (act("1.1", R, A), act("1.2", R), act("1.3", G, A))), ("2", (act("2.1", R),)))
    assert summarise(q2, Q1).turned_red == (
        TurnedRed("1.1", 1, "Outcome 1.1.1", Rag.AMBER, None),
        TurnedRed("2.1", 1, "Outcome 2.1.1", None, None),
    )


def test_overdue_when_due_before_quarter_end_and_not_all_green() -> None:
    q2 = plan_of(2, ("1", (
        act("1.1", A, when_by="Summer 2014"),      # due 31 Aug < 30 Sep, amber: overdue
        act("1.2", G, when_by="July 2014"),        # all green: not overdue
        act("1.3", A, when_by="September 2014"),   # due on the quarter's last day: not yet
        act("1.4", R, G, when_by="May 2014"),      # overdue, outcome 1 not green
        act("1.5", A, when_by="Quarterly"),        # no date: never
        act("1.6", A, when_by="May 2014", progress=STRUCK_PREFIX + "gone"),  # struck: never
    )))
    assert summarise(q2, None).overdue == (
        Overdue("1.1", datetime.date(2014, 8, 31), ("Summer 2014",), (1,)),
        Overdue("1.4", datetime.date(2014, 5, 31), ("May 2014",), (1,)),
    )


def test_no_update_and_struck_lists() -> None:
    q2 = plan_of(2, ("1", (act("1.1", A, A, progress=NO_UPDATE), act("1.2", R, progress=STRUCK_PREFIX + "x"),
                           act("1.3", G, A))), ("2", (act("2.1", N, progress=NO_UPDATE),)))
    s = summarise(q2, Q1)
    assert s.no_update == ("1.1", "2.1")
    assert s.struck == ("1.2",)
    assert s.priorities[0].actions[1].struck is True


def test_context_is_plain_data() -> None:
    q2 = plan_of(2, ("1", (act("1.1", R, A, when_by="Summer 2014"), act("1.2", R), act("1.3", G, A))),
                 ("2", (act("2.1", N, progress=NO_UPDATE),)))
    ctx = summary_to_context(summarise(q2, Q1))
    assert ctx["direction"] == {"arrow": "↓", "word": "worse"}
    assert ctx["counts"] == {"green": 1, "amber": 2, "red": 2, "none": 1, "total": 6}
    assert ctx["priorities"][0]["actions"][0] == {
        "id": "1.1", "counts": {"green": 0, "amber": 1, "red": 1, "none": 0, "total": 2},
        "direction": {"arrow": "↓", "word": "worse"}, "struck": False,
    }
    assert ctx["turned_red"] == [
        {"action": "1.1", "outcome": 1, "text": "Outcome 1.1.1", "previous": "amber", "note": ""}
    ]
    assert ctx["overdue"] == [{"action": "1.1", "due": "31 August 2014", "when_by": "Summer 2014",
                               "not_green": [1, 2]}]
    assert ctx["no_update"] == ["2.1"]

    def plain(x: object) -> bool:
        if isinstance(x, dict):
            return all(isinstance(k, str) and plain(v) for k, v in x.items())
        if isinstance(x, list):
            return all(plain(v) for v in x)
        return type(x) in (str, int, bool)

    assert plain(ctx)


def test_arrows() -> None:
    assert [(d.arrow, d.value) for d in (Direction.IMPROVED, Direction.WORSE, Direction.UNCHANGED)] == [
        ("↑", "improved"), ("↓", "worse"), ("→", "unchanged"),
    ]


rag_lists = st.lists(st.sampled_from([G, A, R, N]), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(rag_lists, min_size=1, max_size=3), min_size=1, max_size=3), st.data())
def test_counts_sum_to_outcomes_and_directions_match_scores(shape: list[list[list[Rag | None]]],
                                                            data: st.DataObject) -> None:
    def build(quarter: int, rags: list[list[list[Rag | None]]]) -> Plan:
        return plan_of(quarter, *[
            (str(p), tuple(act(f"{p}.{a}", *r) for a, r in enumerate(actions, 1)))
            for p, actions in enumerate(rags, 1)
        ])

    later = [[data.draw(st.lists(st.sampled_from([G, A, R, N]), min_size=len(r), max_size=len(r)))
              for r in actions] for actions in shape]
    s = summarise(build(2, later), build(1, shape))
    flat = [r for actions in later for rags in actions for r in rags]
    assert s.counts.total == len(flat)
    assert (s.counts.green, s.counts.amber, s.counts.red, s.counts.none) == (
        flat.count(G), flat.count(A), flat.count(R), flat.count(N))
    score = {G: 2, A: 1, R: 0}
    for p, (old_p, new_p) in enumerate(zip(shape, later)):
        for a, (old, new) in enumerate(zip(old_p, new_p)):
            pairs = [(o, n) for o, n in zip(old, new) if o is not None and n is not None]
            change = sum(score[n] - score[o] for o, n in pairs)
            got = s.priorities[p].actions[a].direction
            if pairs:
                want = {1: Direction.IMPROVED, -1: Direction.WORSE, 0: Direction.UNCHANGED}[(change > 0) - (change < 0)]
            else:
                want = Direction.NEW if any(n is not None for n in new) else Direction.UNCHANGED
            assert got is want
