import dataclasses
import logging
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import GOLD_JSON as GOLD
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError, UpdatesError
from pipeline.plan.model import Action, Plan, Priority, Rag, Report, Status
from pipeline.plan.schema import plan_from_json, plan_to_json
from pipeline.updates.apply import (
    NO_UPDATE,
    STRUCK_PREFIX,
    ActionUpdate,
    Updates,
    apply,
    no_update_ids,
    struck_reason,
)
from pipeline.updates.template import TemplateExistsError, updates_template, write_updates_template
from pipeline.updates.yaml_file import parse_updates, read_updates

AMBER, RED, GREEN = Status(Rag.AMBER), Status(Rag.RED, "Not started"), Status(Rag.GREEN)


def action(id: str, status: tuple[Status, ...], progress: tuple[str, ...] = ("Q1 text.",)) -> Action:
    return Action(
        id=id, objectives=("Do it.",), outcomes=tuple(f"Outcome {i}." for i in range(1, len(status) + 1)),
        status=status, when_by=("March 2015",), progress=progress,
    )


def small_plan(quarter: int = 1, year: str = "2014/15") -> Plan:
    return Plan(
        partnership="Test CSP", title="Action plan 2014/15",
        report=Report(quarter=quarter, year=year, period="1 April – 30 June 2014"),
        priorities=(
            Priority("1", "One", (action("1.1", (AMBER, RED)), action("1.2", (GREEN,)))),
            Priority("2", "Two", (action("2.1", (Status(None),)),)),
        ),
    )


def parse(text: str, plan: Plan | None = None) -> Updates:
    return parse_updates(textwrap.dedent(text), plan or small_plan(), "q2.yaml")


def errors(text: str, plan: Plan | None = None) -> str:
    with pytest.raises(UpdatesError) as info:
        parse(text, plan)
    return str(info.value)


HEAD = "year: 2014/15\nquarter: 2\nactions:\n"


# --- reading -------------------------------------------------------------------------------

def test_parses_lists_blocks_notes_and_unquoted_ids() -> None:
    updates = parse(HEAD + """\
      1.1:
        progress:
          - "First   paragraph."
          - Second paragraph.
        status: [Green, {rag: red, note: "At risk"}]
      "1.2":
        progress: |
          One line
          continued.

          Next paragraph.
      2.1:
        progress: >
          Folded
          text.

          Second.
        status: [none]
    """)
    assert updates.year == "2014/15" and updates.quarter == 2
    assert updates.actions["1.1"] == ActionUpdate(
        progress=("First paragraph.", "Second paragraph."), status=(GREEN, Status(Rag.RED, "At risk"))
    )
    assert updates.actions["1.2"] == ActionUpdate(progress=("One line continued.", "Next paragraph."))
    assert updates.actions["2.1"].progress == ("Folded text.", "Second.")
    assert updates.actions["2.1"].status == (Status(None),)


def test_unquoted_id_keeps_its_spelling() -> None:
    plan = small_plan()
    plan = dataclasses.replace(plan, priorities=(
        *plan.priorities, Priority("3", "Three", (action("3.10", (AMBER,)),))
    ))
    assert "3.10" in parse(HEAD + "  3.10:\n    progress: [x]\n", plan).actions


def test_yaml_syntax_error_names_line_and_column() -> None:
    assert errors(HEAD + '  "1.1":\n    progress: [unclosed\n') == (
        "q2.yaml:6: YAML error at column 1: expected ',' or ']', but got '<stream end>'"
    )


def test_colon_in_plain_paragraph_is_explained() -> None:
    assert errors(HEAD + '  "1.1":\n    progress:\n      - Note: it failed\n') == (
        "q2.yaml:6: action 1.1: a progress paragraph is a mapping, not text "
        "(put it in double quotes if it contains ': ')"
    )


def test_every_error_is_reported_at_once_in_line_order() -> None:
    text = """\
        year: 2015/16
        quarter: 3
        colour: blue
        actions:
          "9.9":
            progress: [x]
          "1.1":
            progress: [x]
            status: [amber, gren]
          "1.2":
            progress: [x]
            status: [green, green]
          "1.1":
            progress: [y]
          "2.1":
            status: [amber]
            stauts: [red]
    """
    assert errors(text) == "\n".join([
        "q2.yaml: 9 errors in the updates file",
        "q2.yaml:1: year is 2015/16, expected 2014/15: the plan is Q1 2014/15, so the updates are for Q2 2014/15",
        "q2.yaml:2: quarter is 3, expected 2: the plan is Q1 2014/15, so the updates are for Q2 2014/15",
        "q2.yaml:3: top level: unknown key 'colour' (expected year, quarter or actions)",
        "q2.yaml:5: unknown action '9.9': the plan has no action with this id",
        "q2.yaml:9: action 1.1: status 2 is 'gren': expected green, amber, red or none",
        "q2.yaml:12: action 1.2: 2 statuses for 1 expected outcomes",
        "q2.yaml:13: action 1.1 is listed twice (first at line 7)",
        "q2.yaml:16: action 2.1: status changed (1: none → amber) but progress is empty: say why in progress",
        "q2.yaml:17: action 2.1: unknown key 'stauts' (expected progress, status or struck); did you mean 'status'?",
    ])


def test_duplicate_key_inside_an_action() -> None:
    assert errors(HEAD + '  "1.2":\n    progress: [x]\n    progress: [y]\n') == (
        "q2.yaml:6: action 1.2: duplicate key 'progress' (first at line 5)"
    )


def test_changed_status_needs_progress() -> None:
    assert errors(HEAD + '  "1.1":\n    status: [green, {rag: red, note: "Not started"}]\n'
                  '  "1.2":\n    progress: [ok]\n') == (
        "q2.yaml:5: action 1.1: status changed (1: amber → green) but progress is empty: say why in progress"
    )


def test_note_change_counts_as_a_status_change() -> None:
    message = errors(HEAD + '  "1.1":\n    status: [amber, red]\n  "1.2":\n    progress: [ok]\n')
    assert message == (
        "q2.yaml:5: action 1.1: status changed (2: red (Not started) → red) "
        "but progress is empty: say why in progress"
    )


def test_missing_keys_and_bad_values() -> None:
    assert errors("quarter: five\n") == "\n".join([
        "q2.yaml: 3 errors in the updates file",
        "q2.yaml:1: missing 'year'",
        "q2.yaml:1: missing 'actions'",
        "q2.yaml:1: quarter 'five' is not 1, 2, 3 or 4",
    ])
    assert errors("year: 2014\nquarter: 2\nactions: [1.1]\n") == "\n".join([
        "q2.yaml: 2 errors in the updates file",
        "q2.yaml:1: year '2014' is not a financial year like '2014/15'",
        "q2.yaml:3: actions must be a mapping of action ids, found a list",
    ])


def test_status_not_a_list_and_struck_without_reason() -> None:
    assert errors(HEAD + '  "1.2":\n    status: green\n  "2.1":\n    struck: ""\n') == "\n".join([
        "q2.yaml: 2 errors in the updates file",
        "q2.yaml:5: action 1.2: status must be a list of 1 (one per expected outcome), found 'green'",
        'q2.yaml:7: action 2.1: struck needs a reason, e.g. struck: "ODG agreed: no staff resource"',
    ])


def test_status_note_without_rag() -> None:
    assert errors(HEAD + '  "1.2":\n    progress: [x]\n    status: [{note: x}]\n') == (
        "q2.yaml:6: action 1.2: status 1 has a note but no rag"
    )


def test_empty_file_and_not_a_mapping() -> None:
    assert errors("") == (
        "q2.yaml:1: the file is empty: expected year, quarter and actions"
    )
    assert errors("\n- 1\n") == (
        "q2.yaml:2: expected a mapping with year, quarter and actions, found a list"
    )


def test_quarter_after_q4_is_q1_of_the_next_year() -> None:
    plan = small_plan(quarter=4)
    assert parse("year: 2015/16\nquarter: 1\nactions:\n  '1.2':\n    progress: [x]\n", plan).quarter == 1
    assert errors(HEAD + "  '1.2':\n    progress: [x]\n", plan).splitlines()[1:] == [
        "q2.yaml:1: year is 2014/15, expected 2015/16: the plan is Q4 2014/15, so the updates are for Q1 2015/16",
        "q2.yaml:2: quarter is 2, expected 1: the plan is Q4 2014/15, so the updates are for Q1 2015/16",
    ]


def test_read_updates_names_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "q2.yaml"
    path.write_bytes(b"year: 2014/15\n# caf\xe9\n")
    with pytest.raises(UpdatesError, match=r"q2.yaml:2: not UTF-8 text: byte 0xE9 at column 6 .*save the file as UTF-8"):
        read_updates(path, small_plan())


# --- the template --------------------------------------------------------------------------

def test_template_parses_and_an_unfilled_one_says_so() -> None:
    text = updates_template(small_plan(), 2)
    nodes = yaml.safe_load(text)
    assert nodes["actions"]["1.1"]["status"] == ["amber", {"rag": "red", "note": "Not started"}]
    assert "#   1. Outcome 1." in text
    with pytest.raises(UpdatesError) as info:
        parse_updates(text, small_plan(), "q2.yaml")
    line = text.splitlines().index("actions:") + 1
    assert str(info.value) == (
        ""
        f"q2.yaml:{line}: nothing filled in: no action has progress, a changed status or a strike "
        "(is this the unfilled template?)"
    )


def test_template_filled_in_for_one_action_carries_the_rest_forward() -> None:
    text = updates_template(small_plan(), 2).replace(
        '  "1.2":', '  "1.2":\n    progress: Done.', 1
    ).replace("    progress: |\n    status: [green]", "    status: [green]")
    plan = apply(small_plan(), parse_updates(text, small_plan(), "q2.yaml"))
    assert no_update_ids(plan) == ("1.1", "2.1")


def test_template_for_the_wrong_quarter_is_refused() -> None:
    with pytest.raises(PipelineError, match="its updates are for Q2 2014/15, not Q3"):
        updates_template(small_plan(), 3)


def test_template_keeps_a_struck_action_struck() -> None:
    plan = small_plan()
    struck = dataclasses.replace(plan.priorities[1].actions[0], progress=(STRUCK_PREFIX + 'No "staff".',))
    plan = dataclasses.replace(plan, priorities=(plan.priorities[0], Priority("2", "Two", (struck,))))
    text = updates_template(plan, 2)
    assert '    struck: "No \\"staff\\"."' in text
    # the pre-filled strike is not "filling in": an untouched template is still refused
    with pytest.raises(UpdatesError, match="nothing filled in"):
        parse_updates(text, plan, "q2.yaml")
    filled = text.replace('  "1.2":', '  "1.2":\n    progress: Done.', 1).replace(
        "    progress: |\n    status: [green]", "    status: [green]")
    new = apply(plan, parse_updates(filled, plan, "q2.yaml"))
    assert new.actions()[2].progress == (STRUCK_PREFIX + 'No "staff".',)
    assert no_update_ids(new) == ("1.1",)


def test_write_template_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "q2.yaml"
    path.parent.mkdir()  # an output's folder must be there: a mistyped one is refused, not made
    write_updates_template(small_plan(), 2, path)
    assert path.read_text("utf-8") == updates_template(small_plan(), 2)
    with pytest.raises(TemplateExistsError) as info:
        write_updates_template(small_plan(), 2, path)
    assert str(info.value) == f"{path}: already exists; not overwriting it (move it away first)"


# --- apply ---------------------------------------------------------------------------------

def test_apply_replaces_report_status_and_progress(caplog: pytest.LogCaptureFixture) -> None:
    updates = Updates("2014/15", 2, {
        "1.1": ActionUpdate(progress=("New.",), status=(GREEN, AMBER)),
        "1.2": ActionUpdate(progress=("Also new.",)),
    })
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        new = apply(small_plan(), updates)
    assert new.report == Report(quarter=2, year="2014/15", period="1 July – 30 September 2014")
    a11, a12, a21 = new.actions()
    assert (a11.progress, a11.status) == (("New.",), (GREEN, AMBER))
    assert (a12.progress, a12.status) == (("Also new.",), (GREEN,))
    assert (a21.progress, a21.status) == ((NO_UPDATE,), (Status(None),))
    assert no_update_ids(new) == ("2.1",)
    assert caplog.messages == ["Q2 2014/15: no update for 1 action(s), last quarter's status kept: 2.1"]


def test_entry_left_as_in_the_template_is_no_update() -> None:
    updates = Updates("2014/15", 2, {"1.1": ActionUpdate(status=(AMBER, RED)), "1.2": ActionUpdate(("x",))})
    assert no_update_ids(apply(small_plan(), updates)) == ("1.1", "2.1")


def test_struck_is_first_paragraph_and_stays_struck(caplog: pytest.LogCaptureFixture) -> None:
    q2 = apply(small_plan(), Updates("2014/15", 2, {"2.1": ActionUpdate(("More.",), struck="No resource")}))
    assert q2.actions()[2].progress == ("Struck from the action plan: No resource", "More.")
    assert struck_reason(q2.actions()[2]) == "No resource"
    assert struck_reason(q2.actions()[0]) is None
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        q3 = apply(q2, Updates("2014/15", 3, {"1.2": ActionUpdate(("x",))}))
    assert q3.actions()[2].progress == ("Struck from the action plan: No resource",)
    assert caplog.messages[-1].endswith("kept: 1.1")


def test_apply_refuses_updates_for_another_quarter_or_plan() -> None:
    with pytest.raises(UpdatesError, match="expected Q2 2014/15"):
        apply(small_plan(), Updates("2014/15", 3, {}))
    with pytest.raises(UpdatesError, match="action 9.9, which is not in the plan"):
        apply(small_plan(), Updates("2014/15", 2, {"9.9": ActionUpdate()}))


statuses = st.builds(Status, st.sampled_from([*Rag, None]), st.one_of(st.none(), st.just("note")))
action_updates = st.builds(
    ActionUpdate,
    progress=st.lists(st.text(min_size=1, max_size=5), max_size=2).map(tuple),
    status=st.one_of(st.none(), st.tuples(statuses, statuses)),
    struck=st.one_of(st.none(), st.just("gone")),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.just("1.1"), action_updates))
def test_apply_never_mutates_and_keeps_the_shape(updates: dict[str, ActionUpdate]) -> None:
    plan = small_plan()
    before = repr(plan)
    new = apply(plan, Updates("2014/15", 2, updates))
    assert repr(plan) == before
    assert [len(a.status) for a in new.actions()] == [len(a.status) for a in plan.actions()]
    assert [a.outcomes for a in new.actions()] == [a.outcomes for a in plan.actions()]


# --- the sample data -----------------------------------------------------------------------

def test_sample_q2_passes_validation_and_applies_to_the_gold_plan(caplog: pytest.LogCaptureFixture) -> None:
    gold = plan_from_json(GOLD.read_text("utf-8"), str(GOLD))
    updates = read_updates(ROOT / "inputs/2014-15/q2.yaml", gold)
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        q2 = apply(gold, updates)
    assert no_update_ids(q2) == ("3.4", "6.6")
    assert caplog.messages == ["Q2 2014/15: no update for 2 action(s), last quarter's status kept: 3.4, 6.6"]
    assert q2.report.line == "Q2 update / progress monitor (1 July – 30 September 2014)"
    assert plan_from_json(plan_to_json(q2)) == q2


@pytest.mark.parametrize("value", ["no", "false", "yes", "off", "'no'", '"No"', "1", "2015-03-31"])
def test_struck_needs_words_not_a_yes_or_no(value: str) -> None:
    # `struck: no` used to strike the action and print "Struck from the action plan: no" to the board
    assert errors(HEAD + f'  "1.1":\n    struck: {value}\n') == (
        f"q2.yaml:5: action 1.1: struck is '{value.strip(chr(39) + chr(34))}', a "
        + {"1": "number", "2015-03-31": "date"}.get(value, "yes/no value" if value[0] not in "'\"" else "yes/no answer")
        + ", not a reason: to keep the action, leave struck out; to strike it, give the reason, "
          'e.g. struck: "ODG agreed: no staff resource"'
    )


def test_a_status_note_that_yaml_reads_as_yes_or_no_is_refused() -> None:
    assert errors(HEAD + '  "1.1":\n    progress: [x]\n    status: [green, {rag: red, note: off}]\n') == (
        "q2.yaml:6: action 1.1: the note of status 2 is 'off', a yes/no value, not words: "
        'put it in quotes if that is the note (note: "off")'
    )
