"""Turn a rendered quarter into a write-once archive folder: PDF/A-3b carrying its plan.json, the Word
appendix, the plan, and a manifest of hashes, inputs and software versions.

outputs/archive/<year>/q<n>/ is written once; a correction goes beside it as q<n>/r2/, r3/, … with
the reason in its manifest. Each folder is built in a temporary folder next to it and renamed into
place, so a failure never leaves half an archive. Same inputs, same bytes, manifest included.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.archive.agree import check_agreement
from pipeline.errors import InputError, PipelineError, output_error
from pipeline.files import check_creatable, write_new_files
from pipeline.plan.model import Plan
from pipeline.plan.schema import plan_from_json
from pipeline.reading.source import read_input

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "board-paper-archive/1"
PLAN = "plan.json"
PDF_VARIANT = "pdf/a-3b"
SOFTWARE = ("weasyprint", "docxtpl", "pydyf", "fonttools", "python-docx")
_YEAR = re.compile(r"^[0-9]{4}-[0-9]{2}$")
_REVISION = re.compile(r"^r([0-9]+)$")


class ArchiveError(PipelineError):
    """An archive cannot be made: it exists already, or its sources do not belong together."""


@dataclass(frozen=True)
class QuarterSources:
    """One quarter's files to archive and the inputs they were made from."""

    year: str  # as in folder names: "2014-15"
    quarter: int
    plan: Path  # the quarter's plan.json
    docx: Path  # the quarter's Word appendix, copied as is
    previous: Path | None  # last quarter's plan.json (direction of travel), None for Q1
    inputs: tuple[tuple[str, Path], ...]  # (name in the manifest, file) for every input
    review: Path | None = None  # the quarter's final/ folder when legal review made one (make final)


def quarter_sources(year: str, quarter: int, outputs: Path = Path("outputs"), inputs: Path = Path("inputs"),
                    base: Path | None = None) -> QuarterSources:
    """Return the Makefile's layout for a quarter: outputs/<year>/q<n>/…, inputs/<year>/…, and the
    bundled templates. `base` is the published monitor the year started from (make's BASE=;
    default inputs/<year>/action-plan-<year>-q1.pdf)."""
    from pipeline.render import templates as bundle
    from pipeline.render.pdf.appendix import FONTS, TemplatesFetcher
    from pipeline.review.final import check_current

    _check_year(year)
    folder = outputs / year / f"q{quarter}"
    review = folder / "final"
    if review.is_dir():
        check_current(review, folder / PLAN)  # a final made from another draft is refused, not archived
    else:
        review = None
    base = base or inputs / year / f"action-plan-{year}-q1.pdf"
    named = [base] + [inputs / year / f"q{n}.yaml" for n in range(2, quarter + 1)]
    root = bundle.bundled()
    fetcher = TemplatesFetcher(root)
    fonts = [fetcher.resolve((root / "fonts" / name).as_uri()) for name in FONTS]
    pairs = [(str(p), p) for p in named]
    pairs += [(f"templates/{p.relative_to(root)}", p) for p in bundle.template_files(root)]
    pairs += [(f"templates/fonts/{p.name}" if p.is_relative_to(root) else str(p), p) for p in fonts]
    return QuarterSources(
        year=year,
        quarter=quarter,
        plan=(review or folder) / PLAN,
        docx=(review or folder) / f"appendix-1-q{quarter}.docx",
        previous=plan_of_record(outputs / year / f"q{quarter - 1}") if quarter > 1 else None,
        inputs=tuple(pairs),
        review=review,
    )


def plan_of_record(folder: Path) -> Path:
    """A quarter's plan as it stands: the final from legal review when there is one, else the draft."""
    final = folder / "final" / PLAN
    return final if final.is_file() else folder / PLAN


def archive_quarter(sources: QuarterSources, root: Path, revision: str | None = None) -> Path:
    """Archive the quarter under `root` (e.g. outputs/archive) and return the new folder.

    Without `revision` the quarter must not be archived yet; with it, the next r<k>/ is added.
    """
    _check_year(sources.year)
    target = root / sources.year / f"q{sources.quarter}"
    number = _revision_number(target, revision)
    check_creatable(root / sources.year)  # before the PDF/A is laid out, not after
    files = quarter_files(sources)
    files[MANIFEST] = manifest_bytes(sources, files, number, revision)
    folder = target if number == 1 else target / f"r{number}"
    _write_folder(root / sources.year, folder, files, target)
    return folder


def quarter_files(sources: QuarterSources) -> dict[str, bytes]:
    """Return the archived files by name: the PDF/A-3b appendix, the Word appendix and plan.json."""
    plan_json = read_input(sources.plan)
    plan = _read_plan(plan_json, sources.plan)
    expected = sources.year.replace("-", "/")
    if (plan.report.year, plan.report.quarter) != (expected, sources.quarter):
        raise ArchiveError(
            f"{sources.plan}: is the plan for Q{plan.report.quarter} {plan.report.year}, "
            f"not Q{sources.quarter} {expected}"
        )
    previous = _read_plan(read_input(sources.previous), sources.previous) if sources.previous else None
    docx = read_input(sources.docx)
    if not docx.startswith(b"PK\x03\x04"):
        raise InputError(f"{sources.docx}: not a Word (.docx) file")
    pdf = archival_pdf(plan, plan_json, previous)
    files = {sources.docx.with_suffix(".pdf").name: pdf, sources.docx.name: docx, PLAN: plan_json}
    check_agreement(files, plan, str(sources.plan))
    if sources.review:  # the reviewer's own file and the record, beside the final they produced
        from pipeline.review.final import RECORD_TEXT, REVIEWED

        files |= {name: read_input(sources.review / name) for name in (REVIEWED, RECORD_TEXT)}
    return files


def archival_pdf(plan: Plan, plan_json: bytes, previous: Plan | None = None) -> bytes:
    """Return the appendix as PDF/A-3b with `plan_json` attached (/Source), dated the quarter's last day."""
    from pipeline.plan.quarters import quarter_end
    from pipeline.render.pdf.appendix import render_pdf
    from pipeline.render.pdf.weasy import Attachment

    moment = dt.datetime.combine(quarter_end(plan.report.year, plan.report.quarter), dt.time())
    attachment = Attachment(
        string=plan_json, name=PLAN, description="The plan this appendix was made from (action-plan/1)",
        created=moment, modified=moment, relationship="Source",
    )
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB output-intent profile without closing it (PDF/A only).
        warnings.filterwarnings("ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning)
        return render_pdf(plan, previous, pdf_variant=PDF_VARIANT, attachments=[attachment])


def manifest_bytes(sources: QuarterSources, files: dict[str, bytes], number: int, reason: str | None) -> bytes:
    """Return manifest.json: each file's and input's SHA-256 and size, and the software versions."""
    inputs = {name: _entry(read_input(path)) for name, path in sources.inputs}
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "year": sources.year,
        "quarter": sources.quarter,
        "revision": number,
        "reason": reason,
        "pdf": {"variant": PDF_VARIANT, "attachment": PLAN},
        "files": {name: _entry(data) for name, data in sorted(files.items())},
        "inputs": dict(sorted(inputs.items())),
        "software": software_versions(),
    }
    if sources.review:
        manifest["review"] = _review_entry(sources.review)
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _review_entry(folder: Path) -> dict[str, Any]:
    """What legal review did, for the manifest: draft, reviewed and final hashes, reviewers, changes."""
    from pipeline.review.final import RECORD

    record = json.loads(read_input(folder / RECORD))
    return {key: record[key] for key in ("draft", "reviewed", "final", "reviewers", "changes", "record")}


def software_versions() -> dict[str, str]:
    """Return the versions that decide the archived bytes: this pipeline, its renderers, Python."""
    versions = {"pipeline": __version__, "python": ".".join(map(str, sys.version_info[:3]))}
    for name in SOFTWARE:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def _entry(data: bytes) -> dict[str, Any]:
    return {"sha256": sha256(data), "size": len(data)}


def _revision_number(target: Path, reason: str | None) -> int:
    if reason is None:
        if target.exists() and any(target.iterdir()):
            raise ArchiveError(f'{target}: already archived, and an archive is never overwritten; use --revision "reason" to add a revision')
        return 1
    if not reason.strip():
        raise ArchiveError("--revision needs a reason, e.g. --revision \"corrected action 3.4's status\"")
    if not (target / MANIFEST).is_file():
        raise ArchiveError(f"{target}: not archived yet, so there is nothing to revise; archive it without --revision")
    taken = [int(m.group(1)) for p in target.iterdir() if (m := _REVISION.match(p.name))]
    return max(taken, default=1) + 1


def _write_folder(parent: Path, folder: Path, files: dict[str, bytes], target: Path) -> None:
    """Write `files` into a temporary folder in `parent`, then rename it to `folder` in one step."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise output_error(folder, exc) from exc
    try:
        write_new_files(tmp, files, 0o444)  # read-only: a slip of the hand should not edit an archive
        os.rename(tmp, folder)  # refuses a non-empty folder that appeared meanwhile
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise ArchiveError(f"{target}: archived meanwhile by another run; nothing written") from exc
        if isinstance(exc, OSError):
            raise output_error(folder, exc) from exc
        raise
    with contextlib.suppress(OSError):  # the archive is in place; a folder that cannot be synced is left to the kernel
        _fsync_dir(folder.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_plan(data: bytes, path: Path) -> Plan:
    try:
        return plan_from_json(data.decode("utf-8"), str(path))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text: {exc.reason} at byte {exc.start}") from exc


def _check_year(year: str) -> None:
    if not _YEAR.match(year):
        raise ArchiveError(f"year {year!r} is not like 2014-15")
