#!/usr/bin/env python3
"""Turn this script's XML into templates/appendix.docx, the docxtpl template of the Word appendix.

Run `python tools/make_docx_template.py` after changing it; the output is byte-identical on every
run. The template holds the document frame (styles, page, header, footer, title block, one table
per priority with its header row and one prototype body row); pipeline.render.word.appendix fills the
prototype row. A comms officer may restyle the styles, the table style and the header row in Word.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.ooxml.package import write_parts

OUT = Path(__file__).resolve().parents[1] / "templates" / "appendix.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# twips: 1.8 4.2 2.9 2.1 3.6 4.0 5.3 2.2 cm (pipeline.render.context.COLUMNS; 26.1 cm = 14797 twips)
GRID = (1021, 2381, 1644, 1191, 2041, 2268, 3004, 1247)
# The board summary table: Priority 12.1, four counts of 2.0, direction 6.0 cm.
SUMMARY_GRID = (6861, 1134, 1134, 1134, 1134, 3400)
# The exceptions table under it: one column per group of exceptions (four), 26.1 cm in all.
EXCEPTIONS_GRID = (3699, 3699, 3699, 3700)
BULLET_NUM = 2  # numbering.xml's bullet list (w:num 2)
HEADINGS = (
    "No.", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes / outputs",
    "Action taken and progress (to be updated each quarter)", "Status",
)
FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def tag(text: str) -> str:
    """A docxtpl paragraph tag ({%p … %}): the whole paragraph is replaced by the Jinja statement."""
    return para("Normal", run(text))


def cell(width: int, content: str, fill: str | None = None) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{content}</w:tc>'


def table() -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in GRID)
    header = "".join(cell(w, para("TableHeading", run(h) if h else ""), "D9D9D9") for w, h in zip(GRID, HEADINGS))
    prototype = "".join(cell(w, para("TableContents")) for w in GRID)
    return (
        "<w:tbl>" + table_properties("ActionPlanTable")  # its caption names the priority (the renderer's)
        + f"<w:tblGrid>{grid}</w:tblGrid>" + header_row(header)
        + f"<w:tr>{prototype}</w:tr></w:tbl>"
    )


def table_properties(style: str, caption: str = "", description: str = "") -> str:
    """w:tblPr of a fixed-width table, with its caption (Word's Alt Text title: a screen reader names the table by it)."""
    described = f'<w:tblCaption w:val="{caption}"/>' if caption else ""
    described += f'<w:tblDescription w:val="{description}"/>' if description else ""
    return (
        f'<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="14797" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>{described}'
        '</w:tblPr>'
    )


def header_row(cells: str) -> str:
    """The table's one header row: repeated on each page (w:tblHeader) and read as the column headers."""
    return f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>'


def bullet(text: str) -> str:
    """A real list item (numbering.xml's bullet list), not a typed '•'."""
    return (f'<w:p><w:pPr><w:pStyle w:val="TableList"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{BULLET_NUM}"/>'
            f"</w:numPr></w:pPr>{run(text)}</w:p>")


def summary() -> list[str]:
    """The board summary: its title and intro as caption paragraphs (a merged title row is no header
    for any column), the counts table, then the exceptions table, one column per group.

    No cell is merged and only each table's first row is a header row (style and w:tblHeader).
    Their paragraphs use the table styles: LibreOffice 7.4 flattens this table into loose
    paragraphs when it carries paragraph styles of its own (seen, not understood). The extractor
    skips both tables (no action-table header words) and the caption paragraphs before them; the
    captions (w:tblCaption) mark them for pipeline.render.word.table.
    """
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in SUMMARY_GRID)
    n = len(SUMMARY_GRID)

    def tr_tag(text: str) -> str:
        cells = cell(SUMMARY_GRID[0], para("TableContents", run(text)))
        cells += "".join(cell(w, para("TableContents")) for w in SUMMARY_GRID[1:])
        return f"<w:tr>{cells}</w:tr>"

    headings = "".join(
        cell(w, para("TableHeading", run(f"{{{{ summary.columns[{i}].heading }}}}")), "D9D9D9")
        for i, w in enumerate(SUMMARY_GRID)
    )

    def counts(row: str, bold: bool = False) -> str:
        cells = cell(SUMMARY_GRID[0], para("TableContents", run(f"{{{{ {row}.label }}}}", bold)))
        cells += "".join(cell(w, para("TableContents", run(f"{{{{ {row}.counts[{i}] }}}}", bold)))
                         for i, w in enumerate(SUMMARY_GRID[1:n - 1]))
        cells += cell(SUMMARY_GRID[-1], para("TableContents", run(f"{{{{ {row}.direction }}}}", bold)))
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"

    counts_table = (
        "<w:tbl>" + table_properties("BoardSummaryTable", "Board summary", "{{ summary.intro }}")
        + f"<w:tblGrid>{grid}</w:tblGrid>" + header_row(headings)
        + tr_tag("{%tr for row in summary.rows %}")
        + counts("row")
        + tr_tag("{%tr endfor %}")
        + counts("summary.total", bold=True)  # the total: bold, but a row of data, not a header
        + "</w:tbl>"
    )
    groups = range(len(EXCEPTIONS_GRID))
    exception_headings = "".join(
        cell(w, para("TableHeading", run(f"{{{{ summary.exceptions[{i}].heading }}}}")), "D9D9D9")
        for i, w in zip(groups, EXCEPTIONS_GRID))
    exception_items = "".join(
        cell(w, para("TableContents", run(f'{{%p for item in summary.exceptions[{i}]["items"] %}}'))
             + bullet("{{ item }}") + para("TableContents", run("{%p endfor %}")))
        for i, w in zip(groups, EXCEPTIONS_GRID))
    exceptions_grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in EXCEPTIONS_GRID)
    exceptions_table = (
        "<w:tbl>" + table_properties("BoardSummaryTable", "Board summary: exceptions")
        + f"<w:tblGrid>{exceptions_grid}</w:tblGrid>" + header_row(exception_headings)
        + f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{exception_items}</w:tr></w:tbl>"
    )
    return [
        para("SummaryTitle", run("{{ summary.heading }}")),
        para("SummaryIntro", run("{{ summary.intro }}")),
        counts_table,
        para("SummaryGap"),  # Word joins two tables that touch: one empty line keeps them apart
        exceptions_table,
    ]


def body_paragraph() -> list[str]:
    """A paragraph of the preamble or a closing section: a plan's '• ' paragraph is a real list item."""
    item = (f'<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{BULLET_NUM}"/>'
            f'</w:numPr></w:pPr>{run("{{ paragraph[2:] }}")}</w:p>')
    return [
        tag('{%p if paragraph.startswith("• ") %}'),
        item,
        tag("{%p else %}"),
        para("BodyText", run("{{ paragraph }}")),
        tag("{%p endif %}"),
    ]


def document() -> str:
    body = [
        para("Title", run("{{ partnership }}")),
        para("Subtitle", run("{{ title }}")),
        tag("{%p for paragraph in preamble %}"),
        *body_paragraph(),
        tag("{%p endfor %}"),
        tag("{%p if summary %}"),
        *summary(),
        tag("{%p endif %}"),
        tag("{%p for priority in priorities %}"),
        para("Heading1", run("{{ priority.heading }}")),
        tag("{%p for line in priority.lines %}"),
        para("PriorityLine", run("{{ line.label }}", bold=True), run(" {{ line.value }}")),
        tag("{%p endfor %}"),
        table(),
        tag("{%p endfor %}"),
        tag("{%p for section in closing %}"),
        para("Heading1", run("{{ section.heading }}")),
        tag("{%p for paragraph in section.paragraphs %}"),
        *body_paragraph(),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
    ]
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/>'
        '<w:footerReference w:type="default" r:id="rId6"/>'
        '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="1307" w:right="1020" w:bottom="1114" w:left="1020" w:header="850" '
        'w:footer="737" w:gutter="0"/></w:sectPr>'
    )
    return f'{HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body)}{sect}</w:body></w:document>'


def header() -> str:
    runs = '<w:r><w:t xml:space="preserve">{{ appendix }}</w:t></w:r><w:r><w:tab/></w:r>'
    runs += '<w:r><w:t xml:space="preserve">{{ report_line }}</w:t></w:r>'
    return f'{HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{runs}</w:p></w:hdr>'


def field(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer() -> str:
    runs = run("Page ") + field("PAGE") + run(" of ") + field("NUMPAGES")
    return f'{HEAD}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{runs}</w:p></w:ftr>'


def pstyle(style_id: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal", extra: str = "") -> str:
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{based_on}{extra}'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


BOLD = "<w:b/><w:bCs/>"


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def spacing(before: int, after: int) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}"/>'


def styles() -> str:
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{side} w:w="57" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    parts = [
        f'<w:docDefaults><w:rPrDefault><w:rPr>{FONT}{size(20)}<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>',
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{spacing(0, 142)}</w:pPr><w:rPr>{FONT}<w:color w:val="000000"/>{size(20)}</w:rPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>',
        pstyle("Title", "Title", "<w:keepNext/>" + spacing(0, 85), BOLD + size(28)),
        pstyle("Subtitle", "Subtitle", "<w:keepNext/>" + spacing(0, 198), BOLD + size(24)),
        pstyle("BodyText", "Body Text", spacing(0, 142)),
        pstyle("ListBullet", "List Bullet", spacing(0, 57) + '<w:ind w:left="283" w:hanging="283"/>', based="BodyText"),
        pstyle("Caption", "caption", spacing(0, 57), extra='<w:next w:val="Normal"/>'),
        # the board summary's title and intro: captions of its table (the extractor skips a table's captions with it)
        pstyle("SummaryTitle", "Summary Title", "<w:keepNext/><w:keepLines/>" + spacing(227, 57), BOLD + size(24),
               based="Caption"),
        pstyle("SummaryIntro", "Summary Intro", "<w:keepNext/>" + spacing(0, 85), based="Caption"),
        pstyle("SummaryGap", "Summary Gap", spacing(0, 0), size(8), based="Caption"),
        pstyle("Heading1", "heading 1", '<w:keepNext/><w:keepLines/>' + spacing(227, 85) + '<w:outlineLvl w:val="0"/>',
               BOLD + size(24), extra='<w:next w:val="BodyText"/>'),
        pstyle("PriorityLine", "Priority Line", "<w:keepNext/>" + spacing(0, 57)),
        pstyle("TableContents", "Table Contents", spacing(0, 85)),
        pstyle("TableLines", "Table Lines", spacing(0, 0), based="TableContents"),
        pstyle("TableHeading", "Table Heading", "<w:keepNext/>" + spacing(0, 0), BOLD, based="TableContents"),
        pstyle("TableList", "Table List", spacing(0, 28) + '<w:ind w:left="283" w:hanging="283"/>', based="TableContents"),
        pstyle("ActionNote", "Action Note", spacing(0, 28), size(18), based="TableContents"),
        pstyle("ActionStruck", "Action Struck", spacing(0, 28), BOLD + size(18), based="TableContents"),
        pstyle("Header", "header", '<w:tabs><w:tab w:val="right" w:pos="14797"/></w:tabs>' + spacing(0, 0)),
        pstyle("Footer", "footer", spacing(0, 0) + '<w:jc w:val="center"/>', size(18)),
        '<w:style w:type="table" w:styleId="ActionPlanTable"><w:name w:val="Action Plan Table"/>'
        f'<w:basedOn w:val="TableNormal"/><w:qFormat/><w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr></w:style>',
        '<w:style w:type="table" w:styleId="BoardSummaryTable"><w:name w:val="Board Summary Table"/>'
        f'<w:basedOn w:val="TableNormal"/><w:qFormat/><w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr></w:style>",
    ]
    return f'{HEAD}<w:styles xmlns:w="{W_NS}">{"".join(parts)}</w:styles>'


def numbering() -> str:
    def level(fmt: str, text: str) -> str:
        rpr = FONT if fmt == "bullet" else ""
        return (
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="283" w:hanging="283"/></w:pPr>'
            f"<w:rPr>{rpr}</w:rPr></w:lvl>"
        )

    abstract = (
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>{level("decimal", "%1.")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>{level("bullet", "•")}</w:abstractNum>'
    )
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    return f'{HEAD}<w:numbering xmlns:w="{W_NS}">{abstract}{nums}</w:numbering>'


def settings() -> str:
    return (
        f'{HEAD}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )


def font_table() -> str:
    return (
        f'{HEAD}<w:fonts xmlns:w="{W_NS}"><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def parts() -> dict[str, str]:
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{wml}.document.main+xml",
        "/word/styles.xml": f"{wml}.styles+xml",
        "/word/numbering.xml": f"{wml}.numbering+xml",
        "/word/settings.xml": f"{wml}.settings+xml",
        "/word/fontTable.xml": f"{wml}.fontTable+xml",
        "/word/header1.xml": f"{wml}.header+xml",
        "/word/footer1.xml": f"{wml}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    types = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    doc_rels = [("styles", "styles.xml"), ("numbering", "numbering.xml"), ("settings", "settings.xml"),
                ("fontTable", "fontTable.xml"), ("header", "header1.xml"), ("footer", "footer1.xml")]
    doc_rels_xml = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/{kind}" Target="{target}"/>' for i, (kind, target) in enumerate(doc_rels, 1)
    )
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
        ),
        "_rels/.rels": (
            f'{HEAD}<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            f'<Relationship Id="rId2" Type="{pkg}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/></Relationships>'
        ),
        "docProps/core.xml": (
            f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Action plan appendix</dc:title>'
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>board-paper-pipeline</Application></Properties>"
        ),
        "word/_rels/document.xml.rels": f'{HEAD}<Relationships xmlns="{pkg}">{doc_rels_xml}</Relationships>',
        "word/document.xml": document(),
        "word/styles.xml": styles(),
        "word/numbering.xml": numbering(),
        "word/settings.xml": settings(),
        "word/fontTable.xml": font_table(),
        "word/header1.xml": header(),
        "word/footer1.xml": footer(),
    }


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    package = {name: text.encode("utf-8") for name, text in parts().items()}
    OUT.write_bytes(write_parts(package, dt.date(1980, 1, 1), sort=False))
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
