"""Turn the Word appendix as legal review returned it into the quarter's final: plan, appendix, record.

The reviewed file must carry no unresolved tracked change or comment. It is read back with the
extractor into the final plan.json; the Word and PDF appendices are rendered again from that plan
(so the three say the same, in the layout the board expects, and each is read back to prove it);
the review record lists what the review changed against the draft and who reviewed. The set goes
into <quarter>/final/ as a whole; the draft stays where it is.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.archive.agree import check_agreement, held_back
from pipeline.errors import InputError, PipelineError, StrictError
from pipeline.files import check_output_folder, replace_folder
from pipeline.ooxml.package import read_parts
from pipeline.plan.load import load_plan
from pipeline.plan.model import Plan
from pipeline.plan.schema import plan_from_json, plan_to_json
from pipeline.reading.source import PLAN as PLAN_FILE
from pipeline.reading.source import RECORD as RECORD_FILE
from pipeline.reading.source import read_input
from pipeline.reading.text import decode
from pipeline.review.marks import describe_marks, reviewers, unresolved_marks
from pipeline.review.record import record_markdown, review_changes

log = logging.getLogger("pipeline")

RECORD = "review.json"
RECORD_TEXT = "review.md"
REVIEWED = "reviewed.docx"
PLAN = "plan.json"
FORMAT = "board-paper-review/1"
SHOWN = 8


class ReviewError(PipelineError):
    """The reviewed Word file cannot become the quarter's final as it is."""


@dataclass(frozen=True)
class Draft:
    """The quarter as rendered before review: its plan.json and Word appendix, and last quarter's plan."""

    plan: Path
    docx: Path
    previous: Path | None = None


def make_final(draft: Draft, reviewed: Path, folder: Path, strict: bool = False,
               named: tuple[str, ...] = ()) -> dict[str, Any]:
    """Write the final set into `folder` (replacing any earlier final as a whole); return the record.
    `named`: reviewers to record besides those the document names (LibreOffice forgets a tracked
    change's author once it is accepted). With `strict`, any warning (a status shaded against its
    word, no reviewer named) refuses it."""
    from hashlib import sha256

    for path, what in ((draft.plan, "plan.json"), (draft.docx, "Word appendix")):
        if not path.is_file():
            raise ReviewError(f"{path}: the draft's {what} is missing; render the quarter first (make q<n>)")
    check_output_folder(folder)  # before the renders, not after
    draft_json = read_input(draft.plan, PLAN_FILE)
    draft_plan = plan_from_json(decode(draft_json, str(draft.plan)), str(draft.plan))
    previous = load_plan(draft.previous) if draft.previous else None
    data = read_input(reviewed)
    parts = _parts(data, reviewed)
    final, said = _read_reviewed(data, parts, reviewed, draft_plan)
    stem = draft.docx.stem
    files = _render(final, previous)
    appendix = {f"{stem}.docx": files["docx"], f"{stem}.pdf": files["pdf"]}
    check_agreement(appendix, final, f"{folder / PLAN}", hint="the final could not be rendered faithfully")
    final_json = plan_to_json(final).encode("utf-8")
    changes = review_changes(draft_plan, final)
    said += [f"{reviewed}: {c.where} was {'removed' if c.after == '(removed)' else 'added'} in review; the final "
             + ("no longer reports on it (strike it with a reason instead, if it is dropped from the plan)"
                if c.after == "(removed)" else "reports on it") for c in changes if c.field == "whole action"]
    own = frozenset({draft_plan.partnership, f"{draft_plan.partnership} Q{draft_plan.report.quarter} update"})
    who = tuple(sorted(set(reviewers(parts, own)) | {n.strip() for n in named if n.strip()}))
    if not who:
        said.append(f"{reviewed}: names no reviewer (no revision or comment authors, no last editor): "
                    "the record says so; name them with --reviewer (make final … REVIEWERS=\"A. Name, B. Name\")")
    if strict and said:
        raise StrictError(f"{len(said)} warning(s) with --strict: {said[0]}")
    for message in said:  # the reading's own doubts (a status shaded against its word): shown, not hidden
        log.warning("%s", message)
    digest = {name: sha256(b).hexdigest() for name, b in (*appendix.items(), (PLAN, final_json))}
    record = {
        "format": FORMAT,
        "partnership": final.partnership,
        "year": final.report.year,
        "quarter": final.report.quarter,
        "draft": {PLAN: sha256(draft_json).hexdigest(), draft.docx.name: _sha_or_none(draft.docx)},
        "reviewed": {"file": reviewed.name, "sha256": sha256(data).hexdigest()},
        "final": dict(sorted(digest.items())),
        "reviewers": list(who),
        "changes": [c.as_dict() for c in changes],
        "record": RECORD_TEXT,
    }
    text = record_markdown(final, changes, who, reviewed.name)
    replace_folder(folder, {PLAN: final_json, **appendix, REVIEWED: data, RECORD_TEXT: text.encode("utf-8"),
                            RECORD: (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")})
    return record


def check_current(folder: Path, draft_plan: Path) -> dict[str, Any]:
    """Return the final's record, or raise ReviewError when the draft changed since it was made
    (the final would carry a review of another draft) or a final file no longer has its recorded bytes."""
    from hashlib import sha256

    record_path = folder / RECORD
    try:
        record = json.loads(read_input(record_path, RECORD_FILE))
        recorded_draft, finals = record["draft"][PLAN], record["final"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ReviewError(f"{record_path}: unreadable review record ({exc}); run make final again") from exc
    if sha256(read_input(draft_plan)).hexdigest() != recorded_draft:
        raise ReviewError(f"{folder}: made from another draft than {draft_plan} (the quarter was rebuilt since the "
                          "review): send the new Word appendix for review and run make final again, or delete "
                          f"{folder} to go on from the draft")
    for name, digest in finals.items():
        if sha256(read_input(folder / name)).hexdigest() != digest:
            raise ReviewError(f"{folder / name}: changed since make final wrote it; run make final again")
    return record


def check_if_final(plan: Path) -> None:
    """When `plan` is a quarter's final (…/q<n>/final/plan.json beside its review record), refuse it
    if its draft changed since: next quarter must not go on from a review of another draft."""
    folder = plan.parent
    if plan.name == PLAN and (folder / RECORD).is_file() and (folder.parent / PLAN).is_file():
        check_current(folder, folder.parent / PLAN)


def _parts(data: bytes, path: Path) -> dict[str, bytes]:
    import zipfile

    from pipeline.ooxml.safety import check_package

    if not data.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: not a Word (.docx) file: save the reviewed appendix as a Word Document")
    check_package(data, str(path))  # sizes and DTDs vetted before a part is inflated
    try:
        return read_parts(data)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"{path}: not a Word (.docx) file: save the reviewed appendix as a Word Document") from exc


def _read_reviewed(data: bytes, parts: dict[str, bytes], path: Path, draft: Plan) -> tuple[Plan, list[str]]:
    """The plan the reviewed file says, and the reader's warnings; refused while marks are unresolved."""
    from pipeline.extract import extract_bytes

    with held_back() as said:
        final = extract_bytes(data, str(path))
    if unresolved_marks(parts):
        ids = {a.id for a in draft.actions()} | {a.id for a in final.actions()}
        listed = describe_marks(parts, ids)
        more = f"; and {len(listed) - SHOWN} more" if len(listed) > SHOWN else ""
        raise ReviewError(
            f"{path}: {len(listed)} unresolved review mark(s): {'; '.join(listed[:SHOWN])}{more}. Accept or reject "
            "every tracked change and resolve or delete every comment (Word: Review ▸ Accept/Reject, "
            "Resolve), save, and run make final again")
    want = (draft.partnership, draft.report.year, draft.report.quarter)
    got = (final.partnership, final.report.year, final.report.quarter)
    if got != want:
        raise ReviewError(f"{path}: is the appendix of {got[0]}, Q{got[2]} {got[1]}, not of this draft "
                          f"({want[0]}, Q{want[2]} {want[1]}): give the reviewed copy of this quarter's appendix")
    return final, said


def _render(plan: Plan, previous: Plan | None) -> dict[str, bytes]:
    from pipeline.render.pdf.appendix import render_pdf
    from pipeline.render.word.appendix import render_docx

    return {"docx": render_docx(plan, previous), "pdf": render_pdf(plan, previous)}


def _sha_or_none(path: Path) -> str | None:
    from hashlib import sha256

    return sha256(read_input(path)).hexdigest() if path.is_file() else None
