"""Turn a folder of returned forms, and the quarter's updates file if there is one, into one set of updates.

What was read is written out as an updates file (`collected_yaml`), each action under a comment naming
the return or line it came from, and that text is validated by the same checker as a typed-in updates
file: one set of rules for both ways in, and a record a person can read and audit.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import UpdatesError, shown
from pipeline.plan.model import Plan
from pipeline.plan.quarters import next_quarter, period
from pipeline.reading.source import DOCUMENT, read_input
from pipeline.updates.apply import ActionUpdate, Updates, is_filled
from pipeline.updates.template import quote, status_yaml
from pipeline.updates.yaml_file import check_updates

if TYPE_CHECKING:  # the reader imports python-docx and the forms writer: only when there are returns
    from pipeline.updates.returns.form import Return

log = logging.getLogger("pipeline")
COLLECTED = "<collected>"  # the collected text's name while it is checked; problems are named by origin
MAX_RETURNS = 500  # a partnership has tens of leads; thousands of files is the wrong folder


# Files a folder gathers that are nobody's return; anything else that is not a form is refused by name.
_NOT_RETURNS = {"thumbs.db": "Windows' thumbnail cache", "desktop.ini": "Windows' folder settings",
                "index.csv": "the forms' index, not a return", "index.md": "the forms' index, not a return"}


@dataclass(frozen=True)
class Collected:
    """The quarter's updates from every source, where each action's came from, and the record's text."""

    updates: Updates
    origins: dict[str, str]  # action id → "returns/police.docx (Insp Simon Tabert)" or "q2.yaml line 12"
    returns: tuple[Return, ...]
    text: str


def return_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The returns in `folder`, by name. Word's lock files, hidden files and folders are skipped, each with a
    warning; anything else that is not a regular file is refused."""
    root = Path(folder)
    if not root.is_dir():
        raise UpdatesError(f"{shown(root)}: no such folder of returned forms")
    files = []
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        name = path.name
        if name.lower() in _NOT_RETURNS:
            log.warning("%s: skipped (%s)", shown(path), _NOT_RETURNS[name.lower()])
        elif name.startswith("~$") or name.startswith("."):
            log.warning("%s: skipped (%s)", shown(path), "Word's lock file: is the form still open?"
                        if name.startswith("~$") else "a hidden file")
        elif path.is_dir():
            log.warning("%s: skipped: a folder (returns are read from %s itself, not its subfolders)", shown(path), shown(root))
        elif not path.is_file():  # never opened: a pipe would wait for ever, a device never end
            raise UpdatesError(f"{shown(path)}: not a file (a pipe, a device or a broken link): take it out of the "
                               "returns folder")
        else:
            files.append(path)
    if len(files) > MAX_RETURNS:
        raise UpdatesError(f"{shown(root)}: {len(files)} files, more than the {MAX_RETURNS} returns a partnership's leads "
                           "send: is this the returns folder?")
    return files


def read_returns(folder: str | os.PathLike[str], plan: Plan) -> tuple[Return, ...]:
    """Every return in the folder, read against last quarter's plan (each lead's blank form made once)."""
    from pipeline.updates.returns.form import read_return

    blanks: dict = {}
    return tuple(read_return(read_input(path, DOCUMENT), shown(path), plan, blanks) for path in return_files(folder))


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """True if `path` is in `folder` (or is it): an output there would be read as a return next time."""
    target, root = Path(path).resolve(), Path(folder).resolve()
    return target == root or root in target.parents


def collect(plan: Plan, returns: tuple[Return, ...], typed: Updates | None = None, typed_source: str | None = None) -> Collected:
    """Merge the returns with the typed updates; an action updated in two places is an error naming both."""
    actions = {a.id: a for a in plan.actions()}
    chosen: dict[str, ActionUpdate] = {}
    origins: dict[str, str] = {}
    clashes: list[str] = []
    sources = []
    if typed is not None:
        sources += [(i, u, f"{shown(typed_source or '')} line {typed.lines.get(i, '?')}") for i, u in typed.actions.items()]
    sources += [(i, u, f"{r.source} ({r.lead})") for r in returns for i, u in r.actions.items()]
    for action_id, update, origin in sources:
        if not is_filled(actions[action_id], update):
            continue
        if action_id in chosen:
            clashes.append(f"action {action_id} is updated in {origins[action_id]} and in {origin}: keep one "
                           "(empty the other's boxes, or delete its entry) and run again")
            continue
        chosen[action_id] = update
        origins[action_id] = origin
    if clashes:
        raise UpdatesError(clashes[0] if len(clashes) == 1 else
                           f"{len(clashes)} actions are updated twice\n" + "\n".join(clashes))
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    ordered = {a.id: chosen[a.id] for a in plan.actions() if a.id in chosen}
    if not ordered and typed is None and not returns:
        raise UpdatesError("no returned forms in the returns folder, and no updates file: nothing to apply")
    if not ordered and typed is None:
        names = ", ".join(r.source for r in returns)
        raise UpdatesError(f"nothing filled in: no return has progress, a changed status or a strike reason in its "
                           f"boxes (returns: {names}); are these the forms as sent?")
    text = collected_yaml(plan, ordered, origins, [typed_source] if typed is not None else [], returns)
    updates = _validated(text, plan, origins)
    if dict(updates.actions) != ordered:  # the record must say exactly what is applied
        raise AssertionError("collect: the collected updates file does not read back as collected")
    return Collected(Updates(year, quarter, ordered), origins, returns, text)


def _validated(text: str, plan: Plan, origins: dict[str, str]) -> Updates:
    """The collected text through the updates file's own checks; a problem is named by where its action came from."""
    try:
        updates, problems = check_updates(text, plan, COLLECTED)
    except UpdatesError as exc:  # the text as a whole (its size, a character YAML cannot hold): by line too
        m = re.match(rf"^{re.escape(COLLECTED)}:(\d+): (.*)$", str(exc), re.S)
        if m is None:
            raise
        updates, problems = None, [(int(m.group(1)), m.group(2))]
    if not problems:
        assert updates is not None
        return updates
    lines = text.splitlines()
    named = []
    for line, problem in sorted(problems):
        origin = next((lines[i][len("  # from "):] for i in range(min(line, len(lines)) - 1, -1, -1)
                       if lines[i].startswith("  # from ")), "the returns")
        named.append(f"{origin}: {problem}")
    raise UpdatesError(named[0] if len(named) == 1 else f"{len(named)} problems in the returns\n" + "\n".join(named))


def collected_yaml(plan: Plan, updates: dict[str, ActionUpdate], origins: dict[str, str], typed: list[str | None],
                   returns: tuple[Return, ...]) -> str:
    """The updates file saying exactly `updates`, each action under a comment naming its origin."""
    year, quarter = next_quarter(plan.report.year, plan.report.quarter)
    lines = [f"# {plan.partnership} – {plan.title}",
             f"# Q{quarter} {year} updates ({period(year, quarter)}), collected by `python -m pipeline collect` from:"]
    lines += [f"#   {shown(source)}" for source in typed if source]
    lines += [f"#   {r.source} ({r.lead})" for r in returns]
    if not typed and not returns:
        lines.append("#   nothing")
    lines += [f"year: {year}", f"quarter: {quarter}", "actions:" if updates else "actions: {}"]
    for action_id, update in updates.items():
        lines += ["", f"  # from {origins[action_id]}", f"  {quote(action_id)}:"]
        if update.struck is not None:
            lines.append(f"    struck: {quote(update.struck)}")
        if update.progress:
            lines.append("    progress:")
            lines += [f"      - {quote(p)}" for p in update.progress]
        if update.status is not None:
            lines.append(f"    status: [{', '.join(status_yaml(s) for s in update.status)}]")
    return "\n".join(lines) + "\n"
