"""Turn a profile file (YAML) into a Profile, naming the line of anything wrong; and a plan into the
profile that reads it back the same (`extract --write-profile`).

    # plan-profile.yaml: what the reader of this partnership's monitors cannot guess
    headings:            # a field, or an extra column's key -> the headings that hold it, as printed
      objectives: [Action]
      budget: [Budget £]
    status_words:        # a scale key -> the words printed in status cells
      green: [Complete]
    status_colours:      # a scale key -> the shadings that mean it (six hex digits)
      blue: ["0070C0"]
    id_pattern: "[A-Z]{2,3}[0-9]+"   # what an action id looks like, in full (a regular expression)
"""
from __future__ import annotations

import difflib
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.errors import InputError
from pipeline.extract.layout.profile import Profile, fold
from pipeline.plan.model import FIELDS, Plan
from pipeline.reading.source import PROFILE
from pipeline.reading.yaml_tree import compose

KEYS = ("headings", "status_words", "status_colours", "id_pattern")
_KEY = re.compile(r"^[a-z0-9_]+$")
_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")


def profile_from_yaml(text: str, source: str) -> Profile:
    """Read a profile; an unknown key, a bad value or a duplicate is an InputError naming its line."""
    root = compose(text, source, PROFILE.max_bytes)
    if root is None:
        return Profile(source=source)
    top = _mapping(root, source, "the profile")
    values: dict[str, object] = {}
    for key, (key_node, value) in top.items():
        if key not in KEYS:
            raise InputError(f"{source}:{_line(key_node)}: unknown key {key!r} (a profile has {', '.join(KEYS)})")
        if key == "id_pattern":
            values[key] = _pattern(value, source)
        else:
            values[key] = _lists(value, source, key)
    return Profile(**values, source=source, lines=heading_lines(root))  # type: ignore[arg-type]


def heading_lines(root: Node) -> dict[str, int]:
    """Each heading the profile names, with its line (to say where a heading the document lacks is)."""
    out: dict[str, int] = {}
    if isinstance(root, MappingNode):
        for key_node, value in root.value:
            if key_node.value == "headings" and isinstance(value, MappingNode):
                for _, items in value.value:
                    for item in items.value if isinstance(items, SequenceNode) else [items]:
                        out.setdefault(str(item.value), _line(item))
    return out


def plan_to_profile_yaml(plan: Plan) -> str:
    """The profile that reads this plan's monitor as it was read: its headings, scale and ids."""
    lines = ["# plan-profile.yaml, written by `extract --write-profile`: edit it, then `extract --profile`", "headings:"]
    for column in plan.columns or ():
        if column.heading:
            lines.append(f"  {column.key if column.field == 'extra' else column.field}: [{_quote(column.heading)}]")
    if lines[-1] == "headings:":
        lines[-1] = "headings: {}  # the reference's eight columns"
    scale = plan.scale or ()
    words = [s for s in scale if s.colour is None]
    lines.append("status_words:" + ("" if words else " {}"))
    lines += [f"  {s.key}: [{_quote(s.label)}]" for s in words]
    colours = [s for s in scale if s.colour is not None]
    lines.append("status_colours:" + ("" if colours else " {}"))
    lines += [f"  {s.key}: [\"{s.colour}\"]" for s in colours]
    ids = [a.id for a in plan.actions()]
    if not all(re.fullmatch(r"[0-9]+\.[0-9]+", i) for i in ids):
        lines.append(f"id_pattern: {_quote(_id_pattern(ids))}")
    return "\n".join(lines) + "\n"


def _id_pattern(ids: list[str]) -> str:
    shapes = sorted({re.sub(r"[0-9]+", "[0-9]+", re.sub(r"[A-Z]+", "[A-Z]+", re.escape(i))) for i in ids})
    return shapes[0] if len(shapes) == 1 else "(?:" + "|".join(shapes) + ")"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: Node, source: str, what: str) -> dict[str, tuple[Node, Node]]:
    if not isinstance(node, MappingNode):
        raise InputError(f"{source}:{_line(node)}: {what} must be a mapping of keys to values")
    out: dict[str, tuple[Node, Node]] = {}
    for key_node, value in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if not isinstance(key, str) or key in out:
            raise InputError(f"{source}:{_line(key_node)}: {what}: "
                             f"{'duplicate key ' + repr(key) if key in out else 'a key must be text'}")
        out[key] = (key_node, value)
    return out


def _lists(node: Node, source: str, what: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, (key_node, value) in _mapping(node, source, what).items():
        if not _KEY.match(key):
            raise InputError(f"{source}:{_line(key_node)}: {what}: {key!r} is not a key like 'objectives' or 'budget'")
        if what == "headings" and key not in FIELDS and key in ("extra", "status_words"):
            raise InputError(f"{source}:{_line(key_node)}: headings: {key!r} cannot be a column's key")
        near = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.8) if what == "headings" and key not in FIELDS else []
        if near:
            raise InputError(f"{source}:{_line(key_node)}: headings: {key!r} is not a field; did you mean {near[0]!r}? "
                             f"(the fields are {', '.join(FIELDS)}; any other key names an extra column)")
        items = value.value if isinstance(value, SequenceNode) else [value]
        texts = []
        for item in items:
            if not isinstance(item, ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value.strip():
                raise InputError(f"{source}:{_line(item)}: {what}: {key}: each entry must be text in quotes or plain words")
            if what == "status_colours" and not _HEX.match(item.value):
                raise InputError(f"{source}:{_line(item)}: status_colours: {key}: {item.value!r} is not six hex digits")
            text = item.value.strip()
            other = next((k for k, values in out.items() if any(fold(v) == fold(text) for v in values)), None)
            if other is not None or any(fold(v) == fold(text) for v in texts):
                raise InputError(f"{source}:{_line(item)}: {what}: {text!r} is listed under {other or key!r} "
                                 f"already; one {'heading' if what == 'headings' else 'entry'} can mean one thing")
            texts.append(text)
        out[key] = tuple(texts)
    return out


def _pattern(node: Node, source: str) -> str:
    if not isinstance(node, ScalarNode) or not node.value:
        raise InputError(f"{source}:{_line(node)}: id_pattern must be a regular expression in quotes")
    try:
        re.compile(node.value)
    except re.error as exc:
        raise InputError(f"{source}:{_line(node)}: id_pattern is not a regular expression: {exc}") from exc
    return node.value
