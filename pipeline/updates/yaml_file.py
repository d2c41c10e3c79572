"""Turn an updates file's YAML text into validated Updates, or one error listing every problem.

The YAML is read as a node tree (bounded: pipeline.reading.yaml_tree), not as Python values, so that every problem
can name its line, duplicate keys are caught (PyYAML's loader silently keeps the last one) and
action ids keep their spelling ("1.10" is not the float 1.1). Nothing is returned unless the
whole file is valid; the error message is `<file>:<line>: <problem>` for one problem, and

    <file>: <n> errors in the updates file
    <file>:<line>: <problem>
    ...

one line per problem, in line order, so the CLI's `error: <message>` shows them all at once.
"""
from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import InputError, UpdatesError
from pipeline.plan.model import Action, Plan, Status, as_rag, rag_key
from pipeline.plan.quarters import next_quarter
from pipeline.reading.source import UPDATES, read_input
from pipeline.reading.text import decode, describe
from pipeline.reading.yaml_tree import compose, scalars
from pipeline.updates.apply import STRUCK_PREFIX, ActionUpdate, Updates, changed_status, is_filled

_TOP_KEYS = ("year", "quarter", "actions")
_ACTION_KEYS = ("progress", "status", "struck")
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
MAX_PARAGRAPH = 20_000  # characters: a long progress paragraph is 2,000
MAX_NOTE = 1_000  # a status's note, printed in the narrow status column (30,000 took minutes of layout)
_NOT_REASONS = {"no", "n", "false", "off", "yes", "y", "true", "on", "none", "null", "n/a", "-", "x", "0", "1"}
_KINDS = {"tag:yaml.org,2002:bool": "yes/no value", "tag:yaml.org,2002:int": "number",
          "tag:yaml.org,2002:float": "number", "tag:yaml.org,2002:timestamp": "date"}


def read_updates(path: str | os.PathLike[str], plan: Plan) -> Updates:
    """Read and validate the updates file at `path` against last quarter's `plan`."""
    try:
        text = decode(read_input(path, UPDATES), str(path))
    except UpdatesError:
        raise
    except InputError as exc:  # unreadable: still the updates file's error, for callers that tell them apart
        raise UpdatesError(str(exc)) from exc
    return parse_updates(text, plan, str(path))


def parse_updates(text: str, plan: Plan, source: str = "<updates>") -> Updates:
    """Validate updates YAML `text` against last quarter's `plan`; raise UpdatesError naming `source`."""
    updates, problems = check_updates(text, plan, source)
    if problems:
        raise _error(source, problems)
    assert updates is not None
    return updates


def check_updates(text: str, plan: Plan, source: str) -> tuple[Updates | None, list[tuple[int, str]]]:
    """Validate updates YAML `text`; return the Updates (None when invalid) and the (line, problem) pairs."""
    try:
        root = compose(text, source, UPDATES.max_bytes)
    except InputError as exc:
        raise UpdatesError(str(exc)) from exc
    checker = _Checker(plan)
    updates = checker.check(root)
    return (None if checker.problems else updates), checker.problems


def format_problems(source: str, problems: list[tuple[int, str]]) -> str:
    """Return the UpdatesError message: `<source>:<line>: <problem>` for one problem; for more, a
    count line and then one such line each."""
    ordered = sorted(problems, key=lambda p: p[0])
    if len(ordered) == 1:
        return f"{source}:{ordered[0][0]}: {ordered[0][1]}"
    count = f"{len(ordered)} error" + ("" if len(ordered) == 1 else "s")
    lines = [f"{source}: {count} in the updates file"]
    lines += [f"{source}:{line}: {problem}" for line, problem in ordered]
    return "\n".join(lines)


def _error(source: str, problems: list[tuple[int, str]]) -> UpdatesError:
    return UpdatesError(format_problems(source, problems))


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _text(value: str) -> str:
    # NFC: an accent typed as a letter and a combining mark is stored as the one character it is
    # (the PDF draws and reads it back so; the two forms are the same text to Unicode)
    return unicodedata.normalize("NFC", " ".join(value.split()))


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'"


@dataclass
class _Checker:
    """Walk the node tree once, collecting (line, problem) pairs and building the Updates."""

    plan: Plan
    problems: list[tuple[int, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def problem(self, node: Node, message: str) -> None:
        self.problems.append((_line(node), message))

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...] | None) -> dict[str, tuple[Node, Node]]:
        """Return key → (key node, value node); report duplicates, non-text and unknown keys."""
        seen: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"{what}: a key must be text, not {_describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                first = _line(seen[key][0])
                if allowed is None:
                    self.problem(key_node, f"action {key} is listed twice (first at line {first})")
                else:
                    self.problem(key_node, f"{what}: duplicate key '{key}' (first at line {first})")
                continue
            if allowed is not None and key not in allowed:
                self.problem(key_node, f"{what}: unknown key '{key}' (expected {_or(allowed)}){_lookalike(key, allowed)}")
                continue
            seen[key] = (key_node, value_node)
        return seen

    def check(self, root: Node | None) -> Updates | None:
        if root is None:
            self.problems.append((1, "the file is empty: expected year, quarter and actions"))
            return None
        if not isinstance(root, MappingNode):
            self.problem(root, f"expected a mapping with year, quarter and actions, found {_describe(root)}")
            return None
        top = self.mapping(root, "top level", _TOP_KEYS)
        for key in _TOP_KEYS:
            if key not in top:
                self.problem(root, f"missing '{key}'")
        year = self.year(top["year"][1]) if "year" in top else None
        quarter = self.quarter(top["quarter"][1]) if "quarter" in top else None
        actions = self.actions(top["actions"][0], top["actions"][1]) if "actions" in top else {}
        if year is None or quarter is None:
            return None
        return Updates(year=year, quarter=quarter, actions=actions, lines=dict(self.lines))

    def expected(self) -> tuple[str, int]:
        return next_quarter(self.plan.report.year, self.plan.report.quarter)

    def _after(self) -> str:
        year, quarter = self.expected()
        r = self.plan.report
        return f"the plan is Q{r.quarter} {r.year}, so the updates are for Q{quarter} {year}"

    def year(self, node: Node) -> str | None:
        value = node.value if isinstance(node, ScalarNode) else None
        if value is None or not re.fullmatch(r"[0-9]{4}/[0-9]{2}", value):
            self.problem(node, f"year {_describe(node)} is not a financial year like '2014/15'")
            return None
        if value != self.expected()[0]:
            self.problem(node, f"year is {value}, expected {self.expected()[0]}: {self._after()}")
        return value

    def quarter(self, node: Node) -> int | None:
        value = node.value if isinstance(node, ScalarNode) else None
        if value not in ("1", "2", "3", "4"):
            self.problem(node, f"quarter {_describe(node)} is not 1, 2, 3 or 4")
            return None
        if int(value) != self.expected()[1]:
            self.problem(node, f"quarter is {value}, expected {self.expected()[1]}: {self._after()}")
        return int(value)

    def actions(self, key_node: Node, node: Node) -> dict[str, ActionUpdate]:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            self.problem(key_node, "actions is empty: fill in the template")
            return {}
        if not isinstance(node, MappingNode):
            self.problem(node, f"actions must be a mapping of action ids, found {_describe(node)}")
            return {}
        plan_actions = {a.id: a for a in self.plan.actions()}
        result: dict[str, ActionUpdate] = {}
        for action_id, (id_node, value_node) in self.mapping(node, "actions", None).items():
            action = plan_actions.get(action_id)
            if action is None:
                self.problem(id_node, f"unknown action '{action_id}': the plan has no action with this id"
                                      f"{_lookalike(action_id, tuple(plan_actions), near=False)}")
                continue
            update = self.action(action, id_node, value_node)
            if update is not None:
                result[action_id] = update
                self.lines[action_id] = _line(id_node)
        if not self.problems and not any(is_filled(plan_actions[i], u) for i, u in result.items()):
            self.problem(key_node, "nothing filled in: no action has progress, a changed status "
                                   "or a strike (is this the unfilled template?)")
        return result

    def action(self, action: Action, id_node: Node, node: Node) -> ActionUpdate | None:
        what = f"action {action.id}"
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return ActionUpdate()
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what}: expected progress, status or struck, found {_describe(node)}")
            return None
        entry = self.mapping(node, what, _ACTION_KEYS)
        before = len(self.problems)
        self.invisible(what, node)
        progress = self.progress(what, entry["progress"][1]) if "progress" in entry else ()
        status = self.status(action, entry["status"][1]) if "status" in entry else None
        struck = self.struck(what, entry["struck"][1]) if "struck" in entry else None
        if len(self.problems) > before:
            return None
        update = ActionUpdate(progress=progress, status=status, struck=struck)
        if changed_status(action, update) and not progress and struck is None:
            self.problem(entry["status"][1], f"{what}: status changed ({_changes(action, update)}) "
                                             "but progress is empty: say why in progress")
        return update

    def invisible(self, what: str, node: Node) -> None:
        """Refuse invisible formatting characters (zero-width spaces, a right-to-left override that
        shows text reversed, soft hyphens): they change what the board reads without showing."""
        for item in scalars(node):
            hidden = next((c for c in item.value if unicodedata.category(c) == "Cf"), None)
            if hidden:
                self.problem(item, f"{what}: {describe(hidden)} changes what is read without showing; delete it")

    def progress(self, what: str, node: Node) -> tuple[str, ...]:
        if isinstance(node, ScalarNode):
            if node.tag == _NULL:
                return ()
            separator = r"\n" if node.style == ">" else r"\n[ \t]*\n"
            block = tuple(p for p in (_text(s) for s in re.split(separator, node.value)) if p)
            for paragraph in block:
                self.length(what, node, paragraph)
                self.not_struck(what, node, paragraph)
            return block
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what}: progress must be a list of paragraphs or a block of text")
            return ()
        paragraphs = []
        for item in node.value:
            if not isinstance(item, ScalarNode):
                self.problem(item, f"{what}: a progress paragraph is {_describe(item)}, not text "
                                   "(put it in double quotes if it contains ': ')")
            elif item.tag != _NULL and _text(item.value):
                paragraphs.append(_text(item.value))
                self.length(what, item, paragraphs[-1])
                self.not_struck(what, item, paragraphs[-1])
        return tuple(paragraphs)

    def not_struck(self, what: str, node: Node, text: str) -> None:
        """A progress paragraph that begins as a struck action's does would strike the action when applied."""
        if text.casefold().startswith(STRUCK_PREFIX.strip().casefold()):
            self.problem(node, f"{what}: a progress paragraph begins “{STRUCK_PREFIX.strip()}”, which marks a struck "
                               "action: to strike it, give the reason under struck:; else reword the paragraph")

    def length(self, what: str, node: Node, text: str) -> None:
        if len(text) > MAX_PARAGRAPH:  # tens of pages in one cell: a paste gone wrong, and minutes of layout
            self.problem(node, f"{what}: a paragraph of {len(text):,} characters, more than a cell of the board paper "
                               f"takes ({MAX_PARAGRAPH:,}); shorten it, or split it into paragraphs")

    def status(self, action: Action, node: Node) -> tuple[Status, ...] | None:
        what = f"action {action.id}"
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return None
        expected = len(action.outcomes)
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what}: status must be a list of {expected} (one per expected outcome), "
                               f"found {_describe(node)}")
            return None
        items = [self.one_status(what, n, item) for n, item in enumerate(node.value, 1)]
        if len(items) != expected:
            self.problem(node, f"{what}: {len(items)} statuses for {expected} expected outcomes")
        if any(s is None for s in items):
            return None
        return tuple(s for s in items if s is not None)

    def one_status(self, what: str, number: int, node: Node) -> Status | None:
        if isinstance(node, ScalarNode):
            return self.rag(what, number, node, None)
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what}: status {number} is a list: expected a RAG word or {{rag: …, note: …}}")
            return None
        entry = self.mapping(node, f"{what}: status {number}", ("rag", "note"))
        if "rag" not in entry:
            self.problem(node, f"{what}: status {number} has a note but no rag")
            return None
        note_node = entry["note"][1] if "note" in entry else None
        note = None
        if isinstance(note_node, ScalarNode) and note_node.tag not in (_STR, _NULL):
            self.problem(note_node, f"{what}: the note of status {number} is {_describe(note_node)}, a {_kind(note_node)}, "
                                    f"not words: put it in quotes if that is the note (note: \"{note_node.value}\")")
            return None
        if isinstance(note_node, ScalarNode) and note_node.tag != _NULL:
            note = _text(note_node.value) or None
            if note and len(note) > MAX_NOTE:
                self.problem(note_node, f"{what}: the note of status {number} has {len(note):,} characters, more than "
                                        f"the status column takes ({MAX_NOTE:,}); shorten it, and say the rest in progress")
                return None
        elif note_node is not None and not isinstance(note_node, ScalarNode):
            self.problem(note_node, f"{what}: the note of status {number} must be text")
            return None
        return self.rag(what, number, entry["rag"][1], note)

    def rag(self, what: str, number: int, node: Node, note: str | None) -> Status | None:
        """A key of the plan's scale (green, amber, red; blue on a BRAG plan; a status-word plan's
        keys), or one of its printed labels, or none."""
        word = node.value.strip().lower() if isinstance(node, ScalarNode) and node.tag != _NULL else None
        scale = self.plan.status_scale()
        keys = {s.key: s.key for s in scale} | {s.label.lower(): s.key for s in scale}
        if word == "none":
            return Status(rag=None, note=note)
        if word not in keys:
            self.problem(node, f"{what}: status {number} is {_describe(node)}: "
                               f"expected {_or(tuple(s.key for s in scale) + ('none',))}")
            return None
        return Status(rag=as_rag(keys[word]), note=note)

    def struck(self, what: str, node: Node) -> str | None:
        if isinstance(node, ScalarNode) and node.tag != _NULL and (node.tag != _STR or (_text(node.value) and _bare(node.value) in _NOT_REASONS_BARE)):
            # `struck: no` would otherwise strike the action, printing "Struck from the action plan: no"
            self.problem(node, f"{what}: struck is {_describe(node)}, a {_kind(node)}, not a reason: to keep the action, "
                               "leave struck out; to strike it, give the reason, e.g. struck: \"ODG agreed: no staff resource\"")
            return None
        if not isinstance(node, ScalarNode) or node.tag == _NULL or not _text(node.value):
            self.problem(node, f"{what}: struck needs a reason, e.g. struck: \"ODG agreed: no staff resource\"")
            return None
        reason = _text(node.value)
        if reason.casefold().startswith(STRUCK_PREFIX.strip().casefold()):
            self.problem(node, f"{what}: struck: give the reason only; “{STRUCK_PREFIX.strip()}” is printed before it")
            return None
        self.length(what, node, STRUCK_PREFIX + reason)
        return reason


def _bare(text: str) -> str:
    """Only the letters and digits, folded: "No.", " N/A " and a full-width "ｎｏ" are "no", "na" and "no";
    a dash or dots alone are ""."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


_NOT_REASONS_BARE = {_bare(word) for word in _NOT_REASONS}  # "-" among them: a mark alone is ""


def _lookalike(typed: str, known: tuple[str, ...], near: bool = True) -> str:
    """'; did you mean …?' when `typed` is one of `known` but for the look-alikes a word processor puts
    in (no-break spaces, which YAML does not take as indentation; full-width digits; curly quotes), or
    is a near spelling of one (`near`: keys, not ids, where 2.1 is near 2.4)."""
    if typed[:1] == "\u00a0":
        return ("; it is indented with no-break spaces (pasted from a word processor?), which YAML does not take "
                "as indentation: indent with ordinary spaces")
    plain = unicodedata.normalize("NFKC", typed).replace("\u00a0", " ").strip().strip("\"'“”‘’").strip()
    if plain != typed and plain in known:
        return (f"; did you mean '{plain}'? It is typed with look-alike characters (no-break spaces, full-width "
                "letters or curly quotes): retype it with ordinary ones")
    close = difflib.get_close_matches(typed, known, n=1, cutoff=0.8) if near else []
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind(node: Node) -> str:
    """What YAML read an unquoted scalar as: `no` is a yes/no value, `2015-03-31` a date."""
    if node.tag == _STR:
        return "yes/no answer" if _bare(node.value) else "mark"
    return _KINDS.get(node.tag, f"value tagged {node.tag}")


def _or(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _word(status: Status) -> str:
    word = rag_key(status.rag) or "none"
    return f"{word} ({status.note})" if status.note else word


def _changes(action: Action, update: ActionUpdate) -> str:
    assert update.status is not None
    pairs = zip(action.status, update.status)
    return ", ".join(f"{n}: {_word(a)} → {_word(b)}" for n, (a, b) in enumerate(pairs, 1) if a != b)
