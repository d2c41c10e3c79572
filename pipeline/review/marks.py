"""Turn a Word package into what its reviewers left in it: unresolved marks, and who reviewed it.

A reviewed appendix becomes the quarter's final only with every tracked change and comment
resolved. The scan covers every XML part a reviewer can mark (body, headers, footers, footnotes,
endnotes, comments), so a mark the extractor's warnings might not place still refuses.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import parse_xml

_REVISIONS = {qn("w:" + t): t for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange",
                                        "tcPrChange", "trPrChange", "tblPrChange", "sectPrChange",
                                        "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge")}
_MARKED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


@dataclass(frozen=True)
class Mark:
    """One kind of unresolved mark in one part: 'tracked insertion' in word/header1.xml, by whom, how many."""

    part: str
    kind: str
    authors: tuple[str, ...]
    count: int

    def __str__(self) -> str:
        place = {"word/document.xml": "the body"}.get(self.part, self.part)
        return f"{self.count} {self.kind}{'s' if self.count > 1 else ''} in {place} by {', '.join(self.authors)}"


_KINDS = {"ins": "tracked insertion", "del": "tracked deletion", "moveFrom": "tracked move", "moveTo": "tracked move"}


def unresolved_marks(parts: dict[str, bytes]) -> tuple[Mark, ...]:
    """Every tracked change and open comment in the package's marked parts, by part and kind."""
    done = _done_comments(parts)
    found: list[Mark] = []
    for name in sorted(n for n in parts if _MARKED.match(n)):
        root = parse_xml(parts[name])
        by_kind: dict[str, Counter[str]] = {}
        for el in root.iter():
            tag = _REVISIONS.get(el.tag)
            if tag is not None:
                kind = _KINDS.get(tag, "tracked formatting change")
                by_kind.setdefault(kind, Counter())[el.get(qn("w:author")) or "unknown author"] += 1
            elif el.tag == qn("w:comment") and not _is_done(el, done):
                by_kind.setdefault("open comment", Counter())[el.get(qn("w:author")) or "unknown author"] += 1
        found += [Mark(name, kind, tuple(sorted(authors)), sum(authors.values())) for kind, authors in by_kind.items()]
    return tuple(found)


def reviewers(parts: dict[str, bytes], own: frozenset[str]) -> tuple[str, ...]:
    """The people the package says reviewed it: authors of tracked changes and comments (resolved
    comments included), Word's list of people (kept after changes are accepted), and the last
    person to save it; names in `own` (the pipeline's own author names) are left out."""
    names: set[str] = set()
    for name in parts:
        if not (_MARKED.match(name) or name == "word/people.xml"):
            continue
        for el in parse_xml(parts[name]).iter():
            if el.tag in _REVISIONS or el.tag == qn("w:comment"):
                names.add(el.get(qn("w:author")) or "")
            elif el.tag == f"{{{W15}}}person":
                names.add(el.get(f"{{{W15}}}author") or "")
    if "docProps/core.xml" in parts:
        last = parse_xml(parts["docProps/core.xml"]).find(f"{{{CP}}}lastModifiedBy")
        names.add((last.text or "") if last is not None else "")
    return tuple(sorted(n.strip() for n in names if n.strip() and n.strip() not in own))


def _done_comments(parts: dict[str, bytes]) -> set[str]:
    """Paragraph ids of comments marked resolved in Word (commentsExtended.xml, w15:done="1")."""
    data = parts.get("word/commentsExtended.xml")
    if data is None:
        return set()
    return {el.get(f"{{{W15}}}paraId") for el in parse_xml(data).iter(f"{{{W15}}}commentEx")
            if el.get(f"{{{W15}}}done") == "1"}


def _is_done(comment, done: set[str]) -> bool:
    """A comment is resolved when Word marked its last paragraph done."""
    ids = [p.get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId") for p in comment.iter(qn("w:p"))]
    return bool(ids) and ids[-1] in done


_PLACES = (("header", "the page header"), ("footer", "the page footer"), ("footnotes", "a footnote"),
           ("endnotes", "an endnote"), ("comments", "a comment"))
_TEXT_MARKS = {qn("w:ins"): "inserted", qn("w:moveTo"): "moved", qn("w:del"): "deleted", qn("w:moveFrom"): "moved away"}


def describe_marks(parts: dict[str, bytes], ids: set[str]) -> list[str]:
    """Each unresolved mark as 'action 2.4: tracked change by Ann Lee: deleted "green"', placed by the
    action whose row holds it (`ids`: the plan's action ids), else by part of the document."""
    comments = _comments(parts)
    out: list[str] = []
    for name in sorted(n for n in parts if _MARKED.match(n) and not n.endswith("comments.xml")):
        root = parse_xml(parts[name])
        default = next((p for key, p in _PLACES if key in name), "the body text")
        for el in root.iter():
            if el.tag == qn("w:commentReference"):
                author, text = comments.get(el.get(qn("w:id")), ("unknown author", ""))
                out.append(f"{_place(el, ids, default)}: comment by {author}: {text!r}")
            elif el.tag in _REVISIONS and not any(a.tag in _REVISIONS for a in el.iterancestors()):
                author = el.get(qn("w:author")) or "unknown author"
                out.append(f"{_place(el, ids, default)}: tracked change by {author}: {_what(el)}")
    return list(dict.fromkeys(out))


def _what(el) -> str:
    parent = el.getparent()
    if parent is not None and parent.tag == qn("w:trPr"):
        return "row " + _TEXT_MARKS.get(el.tag, "changed")
    if el.tag in _TEXT_MARKS:
        text = "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))
        return f"{_TEXT_MARKS[el.tag]} {' '.join(text.split())[:60]!r}" if text.strip() else f"{_TEXT_MARKS[el.tag]} a paragraph mark"
    return "formatting changed (" + el.tag.rsplit("}", 1)[1] + ")"


def _place(el, ids: set[str], default: str) -> str:
    """The action whose table row holds `el` (looking up through merged continuation rows), else `default`."""
    row = next((a for a in el.iterancestors(qn("w:tr"))), None)
    while row is not None:
        first = row.find(f"{qn('w:tc')}/{qn('w:p')}")  # the id is the first cell's first paragraph
        text = " ".join("".join(t.text or "" for t in first.iter(qn("w:t"), qn("w:delText"))).split()) if first is not None else ""
        if text in ids:
            return f"action {text}"
        if text:
            return f"the table row {text[:40]!r}"
        row = row.getprevious()
        while row is not None and row.tag != qn("w:tr"):
            row = row.getprevious()
    return default


def _comments(parts: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    data = parts.get("word/comments.xml")
    if data is None:
        return {}
    return {c.get(qn("w:id")): (c.get(qn("w:author")) or "unknown author",
                                " ".join("".join(t.text or "" for t in c.iter(qn("w:t"))).split())[:80])
            for c in parse_xml(data).iter(qn("w:comment"))}
