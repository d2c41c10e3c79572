"""Turn an action-plan/1 or /2 dict and a CorpusLayout into a council-style progress-monitor .docx.

Like tools/variant_docx.py (whose helpers it uses, and whose documents it leaves unchanged) it
writes Word XML directly, independent of `pipeline.render`; on top of the tables of
tools/corpus_tables.py it adds A4 portrait pages, Word footnotes, hyperlinks and 1.15 line spacing.
"""
from __future__ import annotations

import copy
from typing import Any

from corpus_tables import CorpusLayout, Numbering, WordNumbering, table_blocks
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from variant_docx import el, finish, heading, para, run, setup_page, setup_styles, title_block

from pipeline.ooxml.package import serialise_xml

Plan = dict[str, Any]
ElementT = Any
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def make_portrait(document: Any, layout: CorpusLayout) -> None:
    """Turn the landscape page of variant_docx.setup_page into A4 portrait, moving the header's right tab."""
    sec = document.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    _, _, left, right = layout.base.margins_cm
    for tab in sec.header.paragraphs[0]._p.iter(qn("w:tab")):
        if tab.get(qn("w:val")) == "right":
            tab.set(qn("w:pos"), str(Cm(21.0 - left - right).twips))


def split_out(p: ElementT, words: str) -> ElementT | None:
    """Split the run printing `words` into before / words / after runs; return the words' run."""
    for r in p.iter(qn("w:r")):
        t = r.find(qn("w:t"))
        if t is None or words not in (t.text or ""):
            continue
        before, after = t.text.split(words, 1)
        t.text = words
        for text, where in ((before, r.addprevious), (after, r.addnext)):
            if text:
                twin = copy.deepcopy(r)
                twin.find(qn("w:t")).text = text
                where(twin)
        return r
    return None


def first_run(body: ElementT, words: str) -> ElementT:
    """The run holding the first printing of `words` in the body, split out of its neighbours."""
    for p in body.iter(qn("w:p")):
        r = split_out(p, words)
        if r is not None:
            return r
    raise ValueError(f"{words!r} is not printed in the document")


def add_link(document: Any, words: str, url: str) -> None:
    """Wrap the first printing of `words` in a w:hyperlink to an external URL, blue and underlined."""
    r = first_run(document.element.body, words)
    r_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("hyperlink", history="1")
    link.set(qn("r:id"), r_id)
    r.addprevious(link)
    link.append(r)
    rpr = r.find(qn("w:rPr"))
    el("color", rpr, val="0563C1")
    el("u", rpr, val="single")


FOOTNOTE_SEPARATORS = (
    f'<w:footnote {nsdecls("w")} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
    f'<w:footnote {nsdecls("w")} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
)


def footnote(n: int, text: str, layout: CorpusLayout) -> ElementT:
    """A w:footnote: its superscript number (w:footnoteRef), a space and the note, 8 pt."""
    fn = el("footnote", id=str(n))
    p = para("", layout.base)
    fn.append(p)
    r = el("r", p)
    el("vertAlign", el("rPr", r), val="superscript")
    el("footnoteRef", r)
    run(p, f" {text}")
    for rpr in p.iter(qn("w:rPr")):
        el("sz", rpr, val="16")
    return fn


def add_footnotes(document: Any, layout: CorpusLayout) -> None:
    """Put a footnote mark after each anchor's words and the notes in word/footnotes.xml."""
    root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
    for xml in FOOTNOTE_SEPARATORS:
        root.append(parse_xml(xml))
    for n, (words, text) in enumerate(layout.footnotes, 1):
        anchor = first_run(document.element.body, words)
        r = el("r")
        el("vertAlign", el("rPr", r), val="superscript")
        el("footnoteReference", r, id=str(n))
        anchor.addnext(r)
        root.append(footnote(n, text, layout))
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, serialise_xml(root), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    pr = el("footnotePr")
    for n in ("-1", "0"):
        el("footnote", pr, id=n)
    settings.find(qn("w:compat")).addprevious(pr)


def space_lines(document: Any, factor: float) -> None:
    """Set 'multiple' line spacing (1.15: w:line 276, lineRule auto) on the Normal style and every paragraph."""
    document.styles["Normal"].paragraph_format.line_spacing = factor
    sec = document.sections[0]
    for p in [*document.element.body.iter(qn("w:p")), *sec.header._element.iter(qn("w:p")),
              *sec.footer._element.iter(qn("w:p"))]:
        Paragraph(p, None).paragraph_format.line_spacing = factor


def body_blocks(plan: Plan, layout: CorpusLayout, numbering: Numbering) -> list[ElementT]:
    """Title block, the tables and the closing sections, in reading order."""
    blocks = title_block(plan, layout.base) + table_blocks(plan, layout, numbering)
    for section in plan["closing"]:
        blocks.append(heading(section["heading"], layout.base))
        blocks += [para(t, layout.base) for t in section["paragraphs"]]
    return blocks


def build_corpus_docx(plan: Plan, layout: CorpusLayout) -> bytes:
    """Return the bytes of the .docx (deterministic: fixed properties and zip timestamps)."""
    document = Document()
    setup_styles(document, layout.base)
    setup_page(document, plan, layout.base)
    if layout.portrait:
        make_portrait(document, layout)
    numbering = (WordNumbering if layout.word_lists else Numbering)(document)
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for b in body_blocks(plan, layout, numbering):
        sect.addprevious(b)
    for words, url in layout.links:
        add_link(document, words, url)
    if layout.footnotes:
        add_footnotes(document, layout)
    if layout.line_spacing:
        space_lines(document, layout.line_spacing)
    return finish(document, plan)
