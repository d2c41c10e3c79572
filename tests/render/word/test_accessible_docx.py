"""The Word appendix passes Word's accessibility checker by construction: one header row per table,
marked and styled as such and nothing else; no merged cell; real list numbering, no typed bullets;
every table named; title and language set. LibreOffice, a real Word client, shows it: its PDF/UA
export of the file tags one Table per table, TH only in the header rows, and L / LI for the lists."""
from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections import Counter

import docx
import pikepdf
import pytest
from conftest import libreoffice_pdf
from lxml import etree

from pipeline.extract import extract_bytes
from pipeline.plan.model import Plan, Section
from pipeline.render.word.appendix import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLETS = "•●▪◦‣∙·\uf0b7\uf0a7"
PDF_UA = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
          '"PDFUACompliance":{"type":"boolean","value":"true"}}')
PRIORITY_COLUMNS = 8
SUMMARY_COLUMNS = 6  # priority, green, amber, red, no status, direction
EXCEPTION_COLUMNS = 4  # turned red, overdue, no update, struck


@pytest.fixture(scope="module")
def plan(gold: Plan) -> Plan:
    """The reference plan as its Q2 (so the summary compares with Q1), with a bulleted paragraph in
    the preamble and in the closing section."""
    closing = gold.closing[0]
    return dataclasses.replace(
        gold, report=dataclasses.replace(gold.report, quarter=2, period="1 July – 30 September 2014"),
        preamble=(*gold.preamble, "• A list item in the preamble.", "• And another."),
        closing=(Section(closing.heading, (*closing.paragraphs, "• A closing list item.")),))


@pytest.fixture(scope="module")
def rendered(plan: Plan, gold: Plan) -> bytes:
    return render_docx(plan, gold)


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def val(element: etree._Element | None) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def styles_of(row: etree._Element) -> set[str | None]:
    return {val(p.find(f"{W}pPr/{W}pStyle")) for p in row.iter(f"{W}p")}


def bullet_nums(data: bytes) -> set[str]:
    """The w:num ids whose level 0 is a bullet."""
    numbering = part(data, "word/numbering.xml")
    bullets = {a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")
               if val(a.find(f"{W}lvl[@{W}ilvl='0']/{W}numFmt")) == "bullet"}
    return {n.get(f"{W}numId") for n in numbering.iter(f"{W}num") if val(n.find(f"{W}abstractNumId")) in bullets}


def test_each_table_has_one_header_row_marked_and_styled_and_no_other(rendered: bytes) -> None:
    tables = part(rendered, "word/document.xml").findall(f"{W}body/{W}tbl")
    assert len(tables) == 2 + 6
    for table in tables:
        header, *body = table.findall(f"{W}tr")
        assert header.find(f"{W}trPr/{W}tblHeader") is not None
        assert styles_of(header) == {"TableHeading"}
        assert all("".join(tc.itertext()).strip() for tc in header.findall(f"{W}tc"))  # every column headed
        for row in body:  # the summary's total and the exceptions are data, not headers
            assert row.find(f"{W}trPr/{W}tblHeader") is None
            assert "TableHeading" not in styles_of(row)
    assert "".join(tables[2].find(f"{W}tr").find(f"{W}tc").itertext()) == "No."


def test_no_cell_is_merged(rendered: bytes) -> None:
    body = part(rendered, "word/document.xml")
    assert not list(body.iter(f"{W}gridSpan", f"{W}vMerge", f"{W}hMerge"))
    for table in body.iter(f"{W}tbl"):
        grid = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        assert {len(tr.findall(f"{W}tc")) for tr in table.findall(f"{W}tr")} == {grid}


def test_bullets_are_word_lists_not_typed(rendered: bytes) -> None:
    body = part(rendered, "word/document.xml")
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    assert not [t for t in texts if t.lstrip()[:1] in BULLETS and t.strip()]
    bullets = bullet_nums(rendered)
    listed = {}
    for p in body.iter(f"{W}p"):
        num = val(p.find(f"{W}pPr/{W}numPr/{W}numId"))
        if num in bullets:
            listed.setdefault(val(p.find(f"{W}pPr/{W}pStyle")), []).append("".join(p.itertext()))
    assert listed["ListBullet"] == ["A list item in the preamble.", "And another.", "A closing list item."]
    exceptions = body.findall(f"{W}body/{W}tbl")[1]
    items = [p for p in exceptions.findall(f"{W}tr")[1].iter(f"{W}p")]
    assert items and all(val(p.find(f"{W}pPr/{W}numPr/{W}numId")) in bullets for p in items)  # "None." too


def test_every_table_is_named_and_nothing_lacks_alt_text(rendered: bytes, plan: Plan) -> None:
    body = part(rendered, "word/document.xml")
    captions = [val(t.find(f"{W}tblPr/{W}tblCaption")) for t in body.iter(f"{W}tbl")]
    assert captions == ["Board summary", "Board summary: exceptions",
                        *(f"Priority {p.number} actions: {p.title}" for p in plan.priorities)]
    assert val(body.find(f"{W}body/{W}tbl/{W}tblPr/{W}tblDescription")).startswith("Q2 2014/15: status of")
    # no picture, shape, chart or embedded object that would need alt text
    assert not list(body.iter(f"{W}drawing", f"{W}pict", f"{W}object"))
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


def test_title_and_language_are_set(rendered: bytes) -> None:
    document = docx.Document(io.BytesIO(rendered))
    assert document.core_properties.title == "Stevenage Community Safety Partnership – Action plan 2014/15 – Q2 update"
    assert document.core_properties.language == "en-GB"
    lang = part(rendered, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert val(lang) == "en-GB"
    assert {val(e) for e in part(rendered, "word/document.xml").iter(f"{W}lang")} <= {"en-GB"}  # no run says otherwise


def test_the_board_summary_title_is_a_caption_the_extractor_leaves_out(rendered: bytes, plan: Plan) -> None:
    """The summary's title and intro are caption paragraphs before its table, not a merged row; the
    plan read back has neither in its preamble, and its '• ' paragraphs back from Word's lists."""
    document = docx.Document(io.BytesIO(rendered))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Summary for the board"] == "Summary Title"
    assert document.styles["Summary Title"].base_style.name == "Caption"  # python-docx says Word's built-in "caption" so
    assert extract_bytes(rendered, "q2.docx") == plan


def test_a_word_file_with_real_bullets_reads_them_as_bullet_items(gold: Plan) -> None:
    """Someone else's Word file: its preamble's bullets are a list of its own (another numbering,
    the list style only), and they read as the model's '• ' paragraphs, as a PDF's bullets do."""
    plan = dataclasses.replace(gold, preamble=("First.", "• Listed."))
    data = render_docx(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # the list item's numbering moved from the paragraph to its style, as Word's List Bullet does it
    document = parts["word/document.xml"].decode()
    start = document.index('<w:pStyle w:val="ListBullet"/>')
    end = document.index("</w:numPr>", start) + len("</w:numPr>")
    num_id = document[start:end].split('w:numId w:val="')[1].split('"')[0]
    parts["word/document.xml"] = (document[:start] + '<w:pStyle w:val="ListBullet"/>' + document[end:]).encode()
    styles = parts["word/styles.xml"].decode()
    marker = 'w:styleId="ListBullet">'
    at = styles.index("<w:pPr>", styles.index(marker)) + len("<w:pPr>")
    parts["word/styles.xml"] = (styles[:at] + f'<w:numPr><w:numId w:val="{num_id}"/></w:numPr>' + styles[at:]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    assert "• Listed." not in document and extract_bytes(buffer.getvalue(), "theirs.docx").preamble == plan.preamble


# LibreOffice as the Word client: its tagged PDF/UA export of the file


def structure(pdf: pikepdf.Pdf) -> tuple[Counter, list[list[list[str]]]]:
    """Every structure element's type (role-mapped ones as written), and per Table its rows' cell types."""
    kinds: Counter = Counter()
    tables: list[list[list[str]]] = []

    def children(node) -> list:
        k = node.get("/K")
        return [c for c in (k if isinstance(k, pikepdf.Array) else [k]) if isinstance(c, pikepdf.Dictionary)]

    def rows(node) -> list:
        out = []
        for child in children(node):
            kind = str(child.get("/S"))
            out += rows(child) if kind in ("/THead", "/TBody", "/TFoot") else [child] if kind == "/TR" else []
        return out

    def walk(node) -> None:
        kind = node.get("/S")
        if kind is not None:
            kinds[str(kind)] += 1
            if str(kind) == "/Table":
                tables.append([[str(c.get("/S")) for c in children(tr)] for tr in rows(node)])
        for child in children(node):
            walk(child)

    walk(pdf.Root.StructTreeRoot)
    return kinds, tables


@pytest.fixture(scope="module")
def libreoffice_export(rendered: bytes, tmp_path_factory) -> bytes:
    return libreoffice_pdf({"appendix.docx": rendered}, tmp_path_factory.mktemp("ua"), export=PDF_UA)["appendix.docx"]


def test_libreoffice_tags_one_table_per_table_and_headers_only_in_header_rows(rendered: bytes, libreoffice_export: bytes) -> None:
    with pikepdf.open(io.BytesIO(libreoffice_export)) as pdf:
        kinds, tables = structure(pdf)
    assert kinds["/Table"] == len(tables) == 2 + 6
    widths = [SUMMARY_COLUMNS, EXCEPTION_COLUMNS] + [PRIORITY_COLUMNS] * 6
    for rows, width in zip(tables, widths):
        assert rows[0] == ["/TH"] * width
        assert all("/TH" not in row for row in rows[1:])
    assert kinds["/TH"] == sum(widths)
    # every list paragraph (outcomes, resources, bullets in cells, the exceptions, the preamble's) is an LI
    body = part(rendered, "word/document.xml")
    listed = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert kinds["/LI"] == kinds["/LBody"] == len(listed)
    assert kinds["/L"] >= 1 + 4  # the preamble's list and at least one per exception group


def test_pdfua_finds_nothing_in_libreoffices_export(libreoffice_export: bytes, tmp_path) -> None:
    from pdfua import validate

    path = tmp_path / "appendix.pdf"
    path.write_bytes(libreoffice_export)
    report = validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []


def test_extracted_plan_is_json_stable(rendered: bytes, plan: Plan) -> None:
    """The round trip holds through JSON too (the '• ' items of the preamble and closing)."""
    from pipeline.plan.model import to_dict

    read = extract_bytes(rendered, "q2.docx")
    assert json.dumps(to_dict(read), sort_keys=True) == json.dumps(to_dict(plan), sort_keys=True)
