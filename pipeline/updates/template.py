"""Turn last quarter's Plan into the ready-to-fill updates file sent round to lead officers.

The template is itself a valid updates file in every respect but one: nothing is filled in, so
`parse_updates` refuses it with "the template was not filled in" until at least one action has
progress. Each action's expected outcomes, lead and target date are YAML comments; last quarter's
statuses are pre-filled, so an officer only changes what changed.
"""
from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import write_atomic
from pipeline.plan.model import Action, Plan, Status, rag_key
from pipeline.plan.quarters import next_quarter, period
from pipeline.updates.apply import struck_reason


class TemplateExistsError(PipelineError):
    """The updates template would overwrite a file that already exists (perhaps filled in)."""


_HELP = """\
# For each action below:
#   progress: write this quarter's progress under "progress: |", indented, with a blank line
#             between paragraphs (or as a list: - "first paragraph").
#   status:   one word per expected outcome, in order: {keys} or none;
#             to print a note in the status cell: {{rag: {last}, note: "Not started"}}.
#   struck:   only if the ODG agreed to strike the action: struck: "the reason".
# An action left as it is (empty progress, status unchanged) keeps last quarter's status
# and is printed "No update received this quarter."; a changed status needs progress.
"""


def updates_template(plan: Plan, quarter: int) -> str:
    """Return the updates file to fill in for `quarter`, the quarter after the plan's."""
    year, expected = next_quarter(plan.report.year, plan.report.quarter)
    if quarter != expected:
        raise PipelineError(
            f"the plan is Q{plan.report.quarter} {plan.report.year}: its updates are for "
            f"Q{expected} {year}, not Q{quarter}"
        )
    lines = [
        f"# {plan.partnership} – {plan.title}",
        f"# Q{quarter} {year} updates ({period(year, quarter)})",
        "#",
        *_HELP.format(keys=", ".join(s.key for s in plan.status_scale()), last=plan.status_scale()[-1].key).splitlines(),
        f"year: {year}",
        f"quarter: {quarter}",
        "actions:",
    ]
    for priority in plan.priorities:
        lines += ["", f"  # {priority.number}. {_flat(priority.title)}"]
        for action in priority.actions:
            lines += _action_lines(action)
    return "\n".join(lines) + "\n"


def write_updates_template(plan: Plan, quarter: int, path: str | os.PathLike[str]) -> None:
    """Write the template to `path`; refuse (TemplateExistsError) if a file is already there."""
    if Path(path).exists():
        raise TemplateExistsError(f"{path}: already exists; not overwriting it (move it away first)")
    write_atomic(path, updates_template(plan, quarter).encode("utf-8"))


def _action_lines(action: Action) -> list[str]:
    lines = [f'  "{action.id}":']
    if action.lead:
        lines += _comment(f"Lead: {' / '.join(action.lead)}")
    if action.when_by:
        lines += _comment(f"When by: {'; '.join(action.when_by)}")
    lines.append("    # Expected outcomes:")
    for n, outcome in enumerate(action.outcomes, 1):
        lines += _comment(f"{n}. {outcome}", first="  ", rest="     ")
    reason = struck_reason(action)
    if reason is not None:
        lines.append("    # Struck in an earlier quarter; keep this line to keep it struck.")
        lines.append(f"    struck: {quote(reason)}")
    lines.append("    progress: |")
    lines.append(f"    status: [{', '.join(status_yaml(s) for s in action.status)}]")
    return lines


def _comment(text: str, first: str = "", rest: str = "  ") -> list[str]:
    wrapped = textwrap.wrap(_flat(text), width=94, initial_indent=first, subsequent_indent=rest)
    return [f"    # {line}" for line in wrapped]


def _flat(text: str) -> str:
    return " ".join(text.split())


def quote(text: str) -> str:
    """Text as a YAML double-quoted scalar."""
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def status_yaml(status: Status) -> str:
    """One status as the updates file writes it: `amber`, `none` or `{rag: red, note: "…"}`."""
    word = rag_key(status.rag) or "none"
    if status.note is None:
        return word
    return f"{{rag: {word}, note: {quote(status.note)}}}"
