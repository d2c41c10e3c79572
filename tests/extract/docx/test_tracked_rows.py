"""A whole row deleted or inserted as a tracked change is said by its own action, with what reading it
as accepted did: a deleted action is left out of the plan, an inserted one is in it."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from marking import NAME, delete_row, insert_row, read, row_of, w, with_parts

from pipeline.cli import main

REVIEWER = "Jane Reviewer"
GONE = "(read as accepted: it is left out of the plan)"


def _deleting(*action_ids: str, rows: int = 0):
    """Delete each action's rows (its first row and the `rows` after it merged into it)."""
    def edit(root) -> None:
        for action_id in action_ids:
            first = row_of(root, action_id)
            for tr in [first, *first.itersiblings(w("tr"))][: rows + 1]:
                delete_row(tr, REVIEWER)
    return edit


def _deleting_last_outcome_of_2_5(root) -> None:
    delete_row(list(row_of(root, "2.5").itersiblings(w("tr")))[1], REVIEWER)


def _inserting_2_6(root) -> None:
    """A new action 2.6 (a copy of 2.4's row) inserted after 2.5's rows, at the end of the table."""
    new = copy.deepcopy(row_of(root, "2.4"))
    next(new.iter(w("t"))).text = "2.6"
    row_of(root, "2.5").getparent().append(new)
    insert_row(new, REVIEWER)


def _ids(plan) -> list[str]:
    return [a.id for a in plan.actions()]


def test_a_deleted_action_row_is_named_by_its_own_action_and_left_out(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(with_parts(gold_rendered["docx"], {"word/document.xml": _deleting("2.4")}), caplog)
    assert _ids(plan) == [i for i in _ids(gold_plan) if i != "2.4"]
    assert [a for a in plan.actions()] == [a for a in gold_plan.actions() if a.id != "2.4"]  # 2.3 untouched
    assert said == [f"{NAME}: action 2.4: row deleted as an unresolved tracked change by {REVIEWER} {GONE}"]


def test_two_deleted_actions_are_each_named(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(with_parts(gold_rendered["docx"], {"word/document.xml": _deleting("2.2", "2.4")}), caplog)
    assert _ids(plan) == [i for i in _ids(gold_plan) if i not in ("2.2", "2.4")]
    assert said == [f"{NAME}: action {i}: row deleted as an unresolved tracked change by {REVIEWER} {GONE}" for i in ("2.2", "2.4")]


def test_an_action_of_several_rows_deleted_is_said_once(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(with_parts(gold_rendered["docx"], {"word/document.xml": _deleting("2.5", rows=2)}), caplog)
    assert _ids(plan) == [i for i in _ids(gold_plan) if i != "2.5"]
    assert said == [f"{NAME}: action 2.5: row deleted as an unresolved tracked change by {REVIEWER} {GONE}"]


def test_a_deleted_outcome_row_is_named_by_its_action_and_outcome(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(with_parts(gold_rendered["docx"], {"word/document.xml": _deleting_last_outcome_of_2_5}), caplog)
    action = next(a for a in plan.actions() if a.id == "2.5")
    assert action.status[2].rag is None  # its status is gone with the row; the outcome stays (it is in 2.5's first row)
    assert said == [f"{NAME}: action 2.5, outcome 3: row deleted as an unresolved tracked change by {REVIEWER} {GONE}"]


def test_an_inserted_action_row_is_named_by_its_own_action_once(gold_rendered, gold_plan, caplog) -> None:
    plan, said = read(with_parts(gold_rendered["docx"], {"word/document.xml": _inserting_2_6}), caplog)
    actions = {a.id: a for a in plan.actions()}
    assert list(actions) == [*_ids(gold_plan)[: _ids(gold_plan).index("2.5") + 1], "2.6",
                             *_ids(gold_plan)[_ids(gold_plan).index("2.5") + 1:]]
    assert actions["2.6"].progress == actions["2.4"].progress
    # one line for the row: the text it brought is the row's, not a change in each of its cells
    assert said == [f"{NAME}: action 2.6: row inserted as an unresolved tracked change by {REVIEWER} "
                    "(read as accepted: it is in the plan)"]


@pytest.mark.parametrize("edit", [_deleting("2.4"), _inserting_2_6], ids=["deleted", "inserted"])
def test_strict_refuses_a_tracked_row(edit, gold_rendered, tmp_path: Path, capsys) -> None:
    path = tmp_path / NAME
    path.write_bytes(with_parts(gold_rendered["docx"], {"word/document.xml": edit}))
    assert main(["extract", str(path), "-o", str(tmp_path / "plan.json"), "--strict"]) == 1
    errors = [e for e in capsys.readouterr().err.splitlines() if e.startswith("error: ")]
    assert len(errors) == 1 and "--strict" in errors[0], errors
