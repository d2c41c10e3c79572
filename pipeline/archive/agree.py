"""Turn the files about to be archived into a refusal when any of them says something plan.json does not.

An archive is the record of what the board saw: the Word file, the PDF and plan.json must say the
same. Each document is read back with the extractor and compared field by field with the plan; a
difference (a reviewer's edit made in Word after the render), or a tracked change or comment still
unresolved, refuses the archive naming the file, the action and the field. Nothing is written.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import PipelineError
from pipeline.plan.compare import plan_differences
from pipeline.plan.model import Plan, to_dict

SHOWN = 8


class DisagreementError(PipelineError):
    """A file of the archive says something else than the plan it is archived with."""


FINAL_HINT = ("if it was edited in review, make the reviewed file the quarter's final: "
              "make final Q=q<n> REVIEWED=<the reviewed .docx>, then archive again")


def check_agreement(files: dict[str, bytes], plan: Plan, plan_name: str, hint: str = FINAL_HINT) -> None:
    """Raise DisagreementError unless every .docx and .pdf in `files` reads back as `plan`, unmarked,
    naming every action and field that differs (and every warning the reading gave) in one line."""
    from pipeline.extract import extract_bytes

    want = to_dict(plan)
    for name in sorted(files):
        if not name.lower().endswith((".docx", ".pdf")):
            continue
        with held_back() as warnings:
            try:
                got = to_dict(extract_bytes(files[name], name))
            except PipelineError as exc:
                raise DisagreementError(f"{name}: cannot be read back to check it against {plan_name}: {exc}") from exc
        found = [w.removeprefix(f"{name}: ") for w in warnings]
        found += list(dict.fromkeys(field_label(p) for p in plan_differences(got, want)))
        if found:
            more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
            raise DisagreementError(
                f"{name}: does not read back as {plan_name}: {'; '.join(found[:SHOWN])}{more}. The Word file, the "
                f"PDF and the plan must say the same, with no unresolved tracked change or comment; {hint}")


_PATH = re.compile(r"^priorities\[\d+\]\.actions\[\d+\]\.(?P<field>\w+)(?:\[(?P<n>\d+)\])?.* \(action (?P<id>.+)\)$")
_FIELD = {"when_by": "when by", "outcomes": "expected outcomes", "project_campaign": "project/campaign"}


def field_label(path: str) -> str:
    """'priorities[1].actions[3].status[0].rag (action 2.4)' as 'action 2.4 status of outcome 1'."""
    m = _PATH.match(path)
    if not m:
        return path
    field = m.group("field")
    if field == "status" and m.group("n") is not None:
        return f"action {m.group('id')} status of outcome {int(m.group('n')) + 1}"
    return f"action {m.group('id')} {_FIELD.get(field, field)}"


@contextmanager
def held_back() -> Iterator[list[str]]:
    """Collect the reader's warnings instead of printing them: they become the refusal's reason."""
    log = logging.getLogger("pipeline")
    collected: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(record.getMessage())

    handlers, propagate = log.handlers[:], log.propagate
    log.handlers, log.propagate = [_Collect(logging.WARNING)], False
    try:
        yield collected
    finally:
        log.handlers, log.propagate = handlers, propagate
