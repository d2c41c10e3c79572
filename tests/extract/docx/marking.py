"""Put a reviewer's marks into a Word file as Word writes them: tracked insertions and deletions with
their author and date, comments with their part, content controls, text boxes, notes, extra headers.
The tests of tests/extract/docx build their documents from the rendered appendix with these."""
from __future__ import annotations

import copy
import logging
from collections.abc import Callable

import pytest
from conftest import rebuild_docx
from lxml import etree

from pipeline.extract import extract_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
DATE = "2014-10-01T09:00:00Z"
NAME = "appendix-1-q1.docx"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run(text: str, deleted: bool = False) -> etree._Element:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def tracked(kind: str, author: str, *children: etree._Element, mark_id: int = 900) -> etree._Element:
    """A w:ins or w:del (or w:moveTo …) by `author`, holding `children`."""
    el = etree.Element(w(kind), {w("id"): str(mark_id), w("author"): author, w("date"): DATE})
    el.extend(children)
    return el


def inserted(text: str, author: str) -> etree._Element:
    return tracked("ins", author, run(text))


def comment_ref(comment_id: int) -> etree._Element:
    r = etree.Element(w("r"))
    etree.SubElement(r, w("commentReference"), {w("id"): str(comment_id)})
    return r


def paragraph(root: etree._Element, text: str) -> etree._Element:
    """The first paragraph whose text holds `text` (a paragraph of a text box counts too)."""
    return next(p for p in root.iter(w("p")) if text in "".join(p.itertext()))


def row_of(root: etree._Element, action_id: str) -> etree._Element:
    """The table row whose first cell reads `action_id`."""
    return next(tr for tr in root.iter(w("tr"))
                if "".join(tr.find("w:tc", NS).itertext()).strip() == action_id)


def wrap(element: etree._Element, tag: str, *inner: str) -> etree._Element:
    """Put `element` inside a new `tag` (and `inner` tags within it), where it stood."""
    outer = etree.Element(w(tag))
    element.addprevious(outer)
    holder = outer
    for name in inner:
        holder = etree.SubElement(holder, w(name))
    holder.append(element)
    return outer


def content_control(element: etree._Element, alias: str) -> etree._Element:
    """Wrap `element` (a paragraph, a run, a row) in a content control, as Word's Developer tab does."""
    sdt = wrap(element, "sdt", "sdtContent")
    pr = etree.Element(w("sdtPr"))
    etree.SubElement(pr, w("alias"), {w("val"): alias})
    etree.SubElement(pr, w("tag"), {w("val"): alias.lower()})
    sdt.insert(0, pr)
    return sdt


def delete_row(tr: etree._Element, author: str) -> None:
    """Mark the row deleted as Word's Track Changes does: the row, every run and every paragraph mark."""
    trpr = tr.find("w:trPr", NS)
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        tr.insert(0, trpr)
    trpr.append(tracked("del", author))
    for r in list(tr.iter(w("r"))):
        for t in r.findall("w:t", NS):
            t.tag = w("delText")
        wrap(r, "del").attrib.update({w("id"): "950", w("author"): author, w("date"): DATE})
    _mark_paragraphs(tr, "del", author)


def insert_row(tr: etree._Element, author: str) -> None:
    """Mark the row inserted as Word's Track Changes does: the row, every run and every paragraph mark."""
    trpr = tr.find("w:trPr", NS)
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        tr.insert(0, trpr)
    trpr.append(tracked("ins", author))
    for r in list(tr.iter(w("r"))):
        wrap(r, "ins").attrib.update({w("id"): "960", w("author"): author, w("date"): DATE})
    _mark_paragraphs(tr, "ins", author)


def _mark_paragraphs(tr: etree._Element, kind: str, author: str) -> None:
    for p in tr.iter(w("p")):
        ppr = p.find("w:pPr", NS)
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find("w:rPr", NS)
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        rpr.append(tracked(kind, author))


def copy_row(tr: etree._Element) -> etree._Element:
    return copy.deepcopy(tr)


def comments_part(comments: dict[int, tuple[str, str]]) -> bytes:
    body = "".join(f'<w:comment w:id="{cid}" w:author="{author}" w:date="{DATE}"><w:p><w:r><w:t>{text}</w:t>'
                   "</w:r></w:p></w:comment>" for cid, (author, text) in comments.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">{body}</w:comments>'.encode()


def notes_part(kind: str, notes: dict[int, str]) -> bytes:
    """A footnotes or endnotes part: Word's two separators, then `notes` (id → inner XML of its paragraph)."""
    tag = kind[:-1]  # footnotes → footnote
    separators = "".join(f'<w:{tag} w:type="{t}" w:id="{i}"><w:p><w:r><w:{s}/></w:r></w:p></w:{tag}>'
                         for i, t, s in ((-1, "separator", "separator"),
                                         (0, "continuationSeparator", "continuationSeparator")))
    body = "".join(f'<w:{tag} w:id="{nid}"><w:p>{inner}</w:p></w:{tag}>' for nid, inner in notes.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W}">{separators}{body}'
            f"</w:{kind}>").encode()


def with_parts(data: bytes, xml: dict[str, Callable[[etree._Element], None]],
               extra: dict[str, tuple[str, str, bytes]] | None = None) -> bytes:
    """A copy of `data` with parts edited in place (`xml`: part name → edit of its root) and parts
    added (`extra`: part name → (relationship id, relationship type, bytes)), each related from the
    document and given its content type, as Word would."""
    extra = extra or {}

    def edit(change: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
        def apply(part: bytes) -> bytes:
            root = etree.fromstring(part)
            change(root)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return apply

    edits = {name: edit(change) for name, change in xml.items()}
    rels = "".join(f'<Relationship Id="{rid}" Type="{RELS}{kind}" Target="{name.removeprefix("word/")}"/>'
                   for name, (rid, kind, _) in extra.items())
    types = "".join(f'<Override PartName="/{name}" ContentType="{TYPES}{kind}+xml"/>' for name, (_, kind, _) in extra.items())
    if extra:
        rels_edit = edits.get("word/_rels/document.xml.rels", lambda part: part)
        edits["word/_rels/document.xml.rels"] = lambda part: rels_edit(part).replace(
            b"</Relationships>", rels.encode() + b"</Relationships>")
        edits["[Content_Types].xml"] = lambda part: part.replace(b"</Types>", types.encode() + b"</Types>")
    return rebuild_docx(data, edits, {name: part for name, (_, _, part) in extra.items()})


def read(data: bytes, caplog: pytest.LogCaptureFixture):
    """Extract `data` as NAME: (the plan, the warnings said). Every warning is one line starting with
    the file's name, and no place is said twice (a place's marks are folded into its line)."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        plan = extract_bytes(data, NAME)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert all(m.startswith(f"{NAME}: ") and "\n" not in m for m in said), said
    places = [m.split(": ")[1] for m in said]
    assert len(places) == len(set(places)), said
    return plan, said
