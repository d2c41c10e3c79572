"""A tagged PDF's structure tree and marked content, read with pikepdf, for the tests."""
from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pdfplumber
import pikepdf


@dataclass
class Node:
    role: str
    kids: list[Node] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    attributes: dict[str, object] = field(default_factory=dict)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def find(self, role: str) -> list[Node]:
        return [n for n in self.walk() if n.role == role]


@dataclass
class Tree:
    root: Node
    page_text: dict[tuple[int, int], str]  # (page, MCID) -> text drawn in it
    artifacts: list[tuple[int, str, str]]  # (page, /Type/Subtype properties, text drawn)
    untagged: list[tuple[int, str]]  # (page, text drawn outside any marked content)
    painted: dict[int, list[int]]  # page -> its MCIDs in the order the page paints them

    def tree_order(self) -> dict[int, list[tuple[int, tuple[str, ...]]]]:
        """page -> (MCID, roles of the elements above it) in the order the structure tree reads them."""
        order: dict[int, list[tuple[int, tuple[str, ...]]]] = {}

        def visit(node: Node, above: tuple[str, ...]) -> None:
            for page, mcid in node.mcids:
                order.setdefault(page, []).append((mcid, above + (node.role,)))
            for kid in node.kids:
                visit(kid, above + (node.role,))

        visit(self.root, ())
        return order

    def text(self, node: Node) -> str:
        return "".join(self.page_text.get(m, "") for n in node.walk() for m in n.mcids)

    def counts(self) -> Counter:
        return Counter(n.role for n in self.root.walk())


def read_tree(data: bytes) -> Tree:
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    page_text, artifacts, untagged, painted = {}, [], [], {}
    for index, page in enumerate(pdf.pages):
        stack: list[tuple[str, object]] = []
        painted[index] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                stack.append((str(operands[0]), operands[1] if op == "BDC" else None))
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    painted[index].append(int(operands[1]["/MCID"]))
            elif op == "EMC":
                stack.pop()
            elif op in ("Tj", "TJ"):
                text = _shown(operands[0])
                marked = next(((t, p) for t, p in reversed(stack) if t == "/Artifact" or (p is not None and "/MCID" in p)), None)
                if marked is None:
                    untagged.append((index, text))
                elif marked[0] == "/Artifact":
                    props = marked[1]
                    kind = f"{props.get('/Type', '')}{props.get('/Subtype', '')}" if props is not None else ""
                    artifacts.append((index, kind, text))
                else:
                    key = (index, int(marked[1]["/MCID"]))
                    page_text[key] = page_text.get(key, "") + text
    root = _node(pdf.Root.StructTreeRoot.K[0], pages, None)
    return Tree(root, page_text, artifacts, untagged, painted)


def _node(element, pages, page) -> Node:
    page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
    node = Node(str(element.S))
    if "/A" in element:
        attributes = element.A
        for name, value in (attributes.items() if isinstance(attributes, pikepdf.Dictionary) else []):
            node.attributes[name] = value
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, int):
            node.mcids.append((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            node.mcids.append((pages.get(kid.Pg.objgen, page), int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            node.kids.append(_node(kid, pages, page))
    return node


def _shown(operand) -> str:
    """The glyph bytes a text operator shows, as hex (fonts are subset: compared by count, not read)."""
    if isinstance(operand, pikepdf.Array):
        return "".join(bytes(o).hex() for o in operand if isinstance(o, pikepdf.String))
    return bytes(operand).hex()


WORD = re.compile(r"\S+")


@lru_cache(maxsize=64)
def texts_by_mcid(data: bytes) -> dict[tuple[int, int], str]:
    """(page, MCID) -> the text drawn in it, as pdfplumber reads the characters."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char["mcid"] is not None:
                    texts[(index, char["mcid"])] += char["text"]
    return texts


def node_text(node: Node, texts: dict[tuple[int, int], str]) -> str:
    """The text of `node` and everything under it, in the tree's order."""
    return "".join(texts.get(m, "") for n in node.walk() for m in n.mcids)


@lru_cache(maxsize=64)
def shaded_blocks(data: bytes) -> list[tuple[int, str]]:
    """(page number, text inside) of every rectangle painted in a status shade."""
    from pipeline.extract.layout.colour import hue_name

    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for rect in page.rects:
                colour = rect["non_stroking_color"]
                if not rect["fill"] or not isinstance(colour, tuple) or len(colour) != 3:
                    continue
                if hue_name(tuple(round(c * 255) for c in colour)) is None:
                    continue
                inside = page.within_bbox((rect["x0"], rect["top"], rect["x1"], rect["bottom"])).extract_text() or ""
                found.append((page.page_number, inside))
    return found
