"""Turn an archive tree into a list of problems: tampered, missing and extra files, one line each.

Every folder holding a manifest.json is an archive folder (a quarter, or one of its r<k>/
revisions). Its manifest must name the year, quarter and revision its place says (a Q1 folder
copied into q2/ is not Q2's archive) and list the files every quarter has (the PDF, the Word file,
plan.json); each file it lists must be there with the recorded SHA-256 and size; each archived PDF
must carry, as plan.json, the very bytes the manifest records for plan.json. A quarter's folder
without a manifest is "manifest missing"; any other file under the tree is extra.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.archive.write import MANIFEST, PLAN, sha256
from pipeline.errors import InputError
from pipeline.extract.pdf.embedded import embedded_files
from pipeline.reading.source import DOCUMENT, RECORD, read_input

_PLACE = re.compile(r"^(?P<year>[0-9]{4}-[0-9]{2})/q(?P<quarter>[1-4])(?:/r(?P<revision>[0-9]+))?$")
REQUIRED = {"the PDF": ".pdf", "the Word file": ".docx"}


@dataclass
class Verdict:
    """What verify found: the archive folders and files checked, and one line per problem."""

    folders: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def verify_tree(root: Path) -> Verdict:
    """Check every archive folder under `root` against its manifest."""
    if not root.is_dir():
        raise InputError(f"{root}: no such folder")
    verdict = Verdict()
    paths = sorted(_walk(root))
    folders = [p.parent for p in paths if p.name == MANIFEST and p.is_file() and not p.is_symlink() and not _in_temp(p, root)]
    listed: set[Path] = set()
    for folder in folders:
        verdict.folders += 1
        listed |= _verify_folder(folder, verdict, root)
    unmanifested = {p.parent for p in paths if p.is_file() and not p.is_symlink() and p not in listed
                    and not _in_temp(p, root) and _PLACE.match(_relative(p.parent, root)) and p.parent not in folders}
    for folder in sorted(unmanifested):
        verdict.problems.append(f"{folder}: manifest missing: {MANIFEST} is gone, so none of its files can be checked")
        listed |= {p for p in paths if p.parent == folder}
    for path in paths:
        if _in_temp(path, root):
            if not _in_temp(path.parent, root):
                verdict.problems.append(f"{path}: left by an interrupted archive run; remove it")
        elif path.is_symlink():
            verdict.problems.append(f"{path}: extra: a symbolic link has no place in an archive")
        elif path.is_file() and path not in listed:
            verdict.problems.append(f"{path}: extra file, not in {_owner(path, folders) or 'any manifest'}")
    if not folders and not verdict.problems:
        verdict.problems.append(f"{root}: no archive folders (no {MANIFEST}) found")
    return verdict


def _verify_folder(folder: Path, verdict: Verdict, root: Path) -> set[Path]:
    """Check one folder's files against its manifest; return the paths accounted for."""
    manifest_path = folder / MANIFEST
    seen = {manifest_path}
    try:
        manifest = json.loads(read_input(manifest_path, RECORD))
        files: dict[str, Any] = manifest["files"]
        entries = {name: (str(e["sha256"]), int(e["size"])) for name, e in files.items()}
    except InputError as exc:
        verdict.problems.append(f"unreadable manifest: {exc}")
        return seen | {p for p in folder.iterdir() if p.is_file()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        verdict.problems.append(f"{manifest_path}: unreadable manifest ({exc.__class__.__name__}: {exc})")
        return seen | {p for p in folder.iterdir() if p.is_file()}
    _check_place(folder, manifest, entries, root, verdict)
    for name, (digest, size) in sorted(entries.items()):
        path = folder / name
        if Path(name).name != name or name in (MANIFEST, "", ".", ".."):
            verdict.problems.append(f"{manifest_path}: lists {name!r}, which is not a plain file name")
            continue
        seen.add(path)
        if path.is_symlink() or not path.is_file():
            verdict.problems.append(f"{path}: missing (listed in {manifest_path})")
            continue
        try:
            data = read_input(path, DOCUMENT)
        except InputError as exc:
            verdict.problems.append(str(exc))
            continue
        verdict.files += 1
        if len(data) != size or sha256(data) != digest:
            verdict.problems.append(f"{path}: tampered: SHA-256 {sha256(data)[:12]}…, {len(data)} bytes; the manifest says {digest[:12]}…, {size} bytes")
        elif path.suffix.lower() == ".pdf":
            _check_attachment(path, data, entries.get(PLAN), verdict)
    return seen


def _check_place(folder: Path, manifest: dict[str, Any], entries: dict[str, Any], root: Path, verdict: Verdict) -> None:
    """The manifest says the quarter its folder is for, and lists every file a quarter has."""
    where = folder / MANIFEST
    place = _PLACE.match(_relative(folder, root))
    if place is None:
        verdict.problems.append(f"{where}: not in a <year>/q<n>/ (or q<n>/r<k>/) folder of the archive")
    else:
        said = (manifest.get("year"), manifest.get("quarter"), manifest.get("revision"))
        wanted = (place["year"], int(place["quarter"]), int(place["revision"] or 1))
        if said != wanted:
            verdict.problems.append(f"{where}: is the manifest of {said[0]} Q{said[1]} revision {said[2]}, but sits "
                                    f"where {wanted[0]} Q{wanted[1]} revision {wanted[2]} belongs")
    for what, suffix in REQUIRED.items():
        if not any(name.lower().endswith(suffix) for name in entries):
            verdict.problems.append(f"{where}: lists no {suffix} file: {what} of the quarter is not archived here")
    if PLAN not in entries:
        verdict.problems.append(f"{where}: lists no {PLAN}: the plan of the quarter is not archived here")
    review = manifest.get("review")
    if isinstance(review, dict):  # the final legal review signed off is the one archived (PDFs are re-rendered as PDF/A)
        for name, digest in sorted((review.get("final") or {}).items()):
            if not name.lower().endswith(".pdf") and name in entries and entries[name][0] != digest:
                verdict.problems.append(f"{where}: its review's final {name} is not the archived {name}")


def _relative(path: Path, root: Path) -> str:
    return "/".join(path.relative_to(root).parts) if path.is_relative_to(root) else str(path)


def _check_attachment(path: Path, data: bytes, plan: tuple[str, int] | None, verdict: Verdict) -> None:
    try:
        attached = embedded_files(data).get(PLAN)
    except InputError as exc:
        verdict.problems.append(f"{path}: {exc}")
        return
    if attached is None:
        verdict.problems.append(f"{path}: carries no embedded {PLAN}")
    elif plan is None:
        verdict.problems.append(f"{path}: embeds {PLAN} but the manifest lists no {PLAN} to compare it with")
    elif sha256(attached) != plan[0]:
        verdict.problems.append(f"{path}: its embedded {PLAN} differs from the manifest's {PLAN}")


def _walk(root: Path) -> list[Path]:
    """Every folder and file under `root`, without following symbolic links."""
    found: list[Path] = []
    for top, dirs, files in os.walk(root):
        found += [Path(top) / name for name in dirs + files]
    return found


def _owner(path: Path, folders: list[Path]) -> str | None:
    owners = [f for f in folders if path.is_relative_to(f)]
    return str(max(owners, key=lambda f: len(f.parts)) / MANIFEST) if owners else None


def _in_temp(path: Path, root: Path) -> bool:
    return any(part.startswith(".") and part.endswith(".tmp") for part in path.relative_to(root).parts)


def summary_line(root: Path, verdict: Verdict) -> str:
    """Return the one-line OK summary."""
    return f"OK: {verdict.folders} archive folder(s), {verdict.files} file(s) under {root} match their manifests"
