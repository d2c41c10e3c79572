"""Turn the files about to be archived into a refusal when any of them says something plan.json does not.

An archive is the record of what the board saw: the Word file, the PDF and plan.json must say the
same. Each document is read back with the extractor and compared field by field with the plan; a
difference (a reviewer's edit made in Word after the render), or a tracked change or comment still
unresolved, refuses the archive naming the file, the action and the field. Nothing is written.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import PipelineError
from pipeline.plan.compare import plan_differences
from pipeline.plan.model import Plan, to_dict

SHOWN = 4


class DisagreementError(PipelineError):
    """A file of the archive says something else than the plan it is archived with."""


def check_agreement(files: dict[str, bytes], plan: Plan, plan_name: str) -> None:
    """Raise DisagreementError unless every .docx and .pdf in `files` reads back as `plan`, unmarked."""
    from pipeline.extract import extract_bytes

    want = to_dict(plan)
    for name in sorted(files):
        if not name.lower().endswith((".docx", ".pdf")):
            continue
        with _held_back() as warnings:
            try:
                got = to_dict(extract_bytes(files[name], name))
            except PipelineError as exc:
                raise DisagreementError(f"{name}: cannot be read back to check it against {plan_name}: {exc}") from exc
        if warnings:
            said = warnings[0].removeprefix(f"{name}: ")
            raise DisagreementError(f"{name}: {said}; the file must read back exactly as {plan_name}, with every "
                                    "tracked change and comment resolved, before the quarter is archived")
        fields = list(plan_differences(got, want))
        if fields:
            more = f" and {len(fields) - SHOWN} more" if len(fields) > SHOWN else ""
            raise DisagreementError(
                f"{name}: says something else than {plan_name} at {', '.join(fields[:SHOWN])}{more}; it was changed "
                f"after it was rendered (in review?): carry the change into {plan_name} and render the quarter again, "
                "so the Word file, the PDF and the plan agree; an archive is not written until they do")


@contextmanager
def _held_back() -> Iterator[list[str]]:
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
