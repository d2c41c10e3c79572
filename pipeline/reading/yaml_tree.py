"""Turn YAML text into a node tree, bounded: nesting depth capped, and aliases counted at their full
expanded size, so a small file whose aliases fan out (a "billion laughs") is refused before it
becomes a huge plan; and no scalar holding a character a board paper cannot print.

Nodes, not Python values: callers name the line of every problem from the nodes' marks."""
from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.composer import ComposerError
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode

from pipeline.errors import InputError
from pipeline.reading.text import check_printable, describe, first_unprintable

MAX_DEPTH = 32  # an updates file nests five deep, a profile three


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer, counting as it goes: depth, and the expanded size of every node
    (characters of its scalars plus one per node, an alias weighing what it stands for)."""

    def __init__(self, text: str, max_chars: int) -> None:
        super().__init__(text)
        self.max_chars = max_chars
        self.depth = 0
        self.size = 0
        self.sizes: dict[int, int] = {}  # id(node) → expanded size, once the node is complete

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            if id(node) not in self.sizes:
                raise ComposerError(None, None, "an alias refers to the list or mapping it is inside", mark)
            self._grow(self.sizes[id(node)], mark, alias=True)
            return node
        mark = self.peek_event().start_mark
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        before = self.size
        node = super().compose_node(parent, index)
        self.depth -= 1
        self._grow(len(node.value) + 1 if isinstance(node, ScalarNode) else 1, mark, alias=False)
        self.sizes[id(node)] = self.size - before
        return node

    def _grow(self, amount: int, mark: yaml.Mark, alias: bool) -> None:
        self.size += amount
        if self.size > self.max_chars:
            why = "its aliases (*name) repeat text" if alias else "it holds"
            raise ComposerError(None, None, f"{why} beyond {self.max_chars:,} characters in all; "
                                            "write each text out once", mark)


def compose(text: str, source: str, max_chars: int) -> Node | None:
    """The YAML document in `text` as nodes (None if empty), or InputError naming `source`'s line."""
    check_printable(text, source)
    loader = _BoundedLoader(text, max_chars)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "unreadable"
        raise InputError(f"{source}:{line}: YAML error at column {column}: {problem}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: not readable as YAML: {' '.join(str(exc).split())}") from exc
    finally:
        loader.dispose()
    if root is not None:
        _check_scalars(root, source)
    return root


def scalars(root: Node) -> Iterator[ScalarNode]:
    """Each scalar under `root` (keys too) once, though aliases make the tree a graph."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, CollectionNode):
            stack.extend(node.value)


def _check_scalars(root: Node, source: str) -> None:
    """Refuse a scalar holding an unprintable character (only an escape such as "\\x01" makes one)."""
    for node in scalars(root):
        bad = first_unprintable(node.value)
        if bad:
            raise InputError(f"{source}:{node.start_mark.line + 1}: {describe(bad.group())}, written as an "
                             "escape, cannot be printed in Word or PDF; delete it")
