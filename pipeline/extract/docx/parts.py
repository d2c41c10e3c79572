"""Turn the parts of a Word file beyond its body (page headers and footers, footnotes, endnotes) into
Marks named by part, and its comments part into the notes a comment Mark quotes.

A reviewer's mark in a footer or a footnote changes nothing the plan holds, but the file still
carries it: the archive would keep it, so it is said like any other. Each part is parsed once
(python-docx has already parsed headers, footers and comments) and only looked into when it has marks.
"""
from __future__ import annotations

from lxml import etree

from pipeline.extract.docx.review_marks import Notes, comment_notes, has_marks, marks_in
from pipeline.extract.grid import Mark
from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import parse_xml

STORIES = {"header": "page header", "footer": "page footer"}
NOTES = {"footnotes": "footnote", "endnotes": "endnote"}
PAGES = {"first": " (first page)", "even": " (even pages)"}  # a default header or footer is just the header
SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")


def notes_of(document) -> Notes:
    """The document's comments, by id: their authors and first words."""
    return comment_notes(next((_root(rel.target_part) for rel in _rels(document, "comments")), None))


def part_marks(document, notes: Notes) -> tuple[Mark, ...]:
    """Every mark in the page headers and footers and in the foot- and endnotes, named by its part."""
    body = document.element.body
    pages = {ref.get(qn("r:id")): PAGES.get(ref.get(qn("w:type")), "")
             for ref in body.iter(qn("w:headerReference"), qn("w:footerReference"))}
    found: list[Mark] = []
    for kind in (*STORIES, *NOTES):
        for rel in _rels(document, kind):
            root = _root(rel.target_part)
            if not has_marks(root):
                continue
            if kind in STORIES:
                found += marks_in(root, notes, where=STORIES[kind] + pages.get(rel.rId, ""))
            else:
                found += _note_marks(root, body, NOTES[kind], notes)
    return tuple(dict.fromkeys(found))


def _note_marks(root: etree._Element, body: etree._Element, kind: str, notes: Notes) -> list[Mark]:
    """Each note's marks, named by its number as printed (the order of the references in the body)."""
    numbers = {ref.get(qn("w:id")): n for n, ref in enumerate(body.iter(qn(f"w:{kind}Reference")), 1)}
    found: list[Mark] = []
    for note in root.iterchildren(qn(f"w:{kind}")):
        if note.get(qn("w:type")) in SEPARATORS or not has_marks(note):
            continue
        number = numbers.get(note.get(qn("w:id")), note.get(qn("w:id")))
        found += marks_in(note, notes, where=f"{kind} {number}")
    return found


def _rels(document, kind: str):
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] == kind:
            yield rel


def _root(part) -> etree._Element:
    """The part's XML: python-docx's own tree where it made one, else parsed here, once."""
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)
