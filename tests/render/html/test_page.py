"""render_html: the appendix as one self-contained web page — its headings, semantic tables, status
words and lists, its escaping, its templates folder, and `render --html` writing it in the set."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, GOLD_JSON, small_plan

from pipeline.cli import main
from pipeline.errors import RenderError
from pipeline.plan.model import Plan, from_dict
from pipeline.plan.schema import plan_to_json
from pipeline.render.context import plan_to_context
from pipeline.render.html.contained import check_contained, stylesheet_faults
from pipeline.render.html.page import render_html
from pipeline.render.templates import bundled, template_files

CORPUS = FIXTURES / "corpus"
NASTY = ("A & B", "<b>bold</b>", "{{ x }}", "{% if %}", "</style><script>alert(1)</script>", "url(http://x/)")


def corpus_plan(case: str) -> Plan:
    return from_dict(json.loads((CORPUS / case / "expected.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def q2_page(q2_plan: Plan, gold_plan: Plan) -> bytes:
    return render_html(q2_plan, gold_plan)


@pytest.fixture(scope="module")
def q2_tree(q2_page: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(q2_page)


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_one_utf8_file_with_language_title_and_landmarks(q2_page: bytes, q2_tree, q2_plan: Plan, gold_plan: Plan) -> None:
    context = plan_to_context(q2_plan, gold_plan)
    assert q2_page.startswith(b"<!DOCTYPE html>\n") and q2_page.decode("utf-8")
    assert q2_tree.get("lang") == "en-GB" == context["properties"]["language"]
    assert q2_tree.findtext(".//title") == "Stevenage Community Safety Partnership – Action plan 2014/15 – Q2 update"
    assert q2_tree.xpath("//meta/@charset") == ["utf-8"]
    assert len(q2_tree.xpath("//body/header")) == len(q2_tree.xpath("//body/main[@id='main']")) == 1
    # the skip link is the first focusable element and names the main landmark
    first = q2_tree.xpath("//body//*[self::a or @tabindex][1]")[0]
    assert first.tag == "a" and first.get("href") == "#main" and text(first) == "Skip to main content"


def test_headings_in_order(q2_tree, q2_plan: Plan) -> None:
    (h1,) = q2_tree.xpath("//h1")
    assert text(h1) == "Stevenage Community Safety Partnership Action plan 2014/15"
    assert h1.getparent().tag == "main"
    h2 = [text(h) for h in q2_tree.xpath("//h2")]
    assert h2 == ["Summary for the board", *(f"{p.number}. {p.title}" for p in q2_plan.priorities),
                  *(s.heading for s in q2_plan.closing)]
    assert [text(h) for h in q2_tree.xpath("//h3")] == [
        "Outcomes that turned red", "Actions overdue", "Actions with no update this quarter", "Actions struck"]
    assert not q2_tree.xpath("//h4 | //h5 | //h6")


def test_every_table_has_a_caption_headers_and_its_own_scrolling_region(q2_tree, q2_plan: Plan) -> None:
    tables = q2_tree.xpath("//table")
    assert len(tables) == 1 + len(q2_plan.priorities)
    for table in tables:
        (caption,) = table.xpath("./caption")
        region = table.getparent()
        assert region.get("class") == "table-scroll" and region.get("role") == "region" and region.get("tabindex") == "0"
        assert region.get("aria-labelledby") == caption.get("id") and text(caption)
        assert table.xpath("./thead/tr/*") and all(th.tag == "th" and th.get("scope") == "col" for th in table.xpath("./thead/tr/*"))
        for row in table.xpath("./tbody/tr | ./tfoot/tr"):
            assert row[0].tag == "th" and row[0].get("scope") == "row"
            assert all(cell.tag == "td" for cell in row[1:])
    ids = q2_tree.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_the_action_tables_row_by_row(q2_tree, q2_plan: Plan) -> None:
    for priority, table in zip(q2_plan.priorities, q2_tree.xpath("//table[@class='actions']")):
        assert text(table.xpath("./caption")[0]) == f"Priority {priority.number} actions"
        assert [text(th) for th in table.xpath("./thead/tr/th")] == [
            "No.", "Objectives / aims", "Lead", "When by", "Resource", "Expected outcomes / outputs",
            "Action taken and progress (to be updated each quarter)", "Status"]
        rows = table.xpath("./tbody/tr")
        assert [row.xpath("./th/span[@class='id']")[0].text for row in rows] == [a.id for a in priority.actions]
        for action, row in zip(priority.actions, rows):
            outcomes = row.xpath("./td[5]/ol/li")
            assert [text(li) for li in outcomes] == list(action.outcomes)
            assert len(row.xpath(".//div[@class='rag']")) == len(action.status)


def test_status_words_are_text_on_the_plans_shades(q2_tree) -> None:
    fills = {"Green": "00B050", "Amber": "FFC000", "Red": "FF0000"}
    blocks = q2_tree.xpath("//td[@class='status']/div[@class='rag']")
    assert len(blocks) == 59
    for block in blocks:
        label = text(block.xpath("./p[@class='label']")[0])
        number, word = label.split(". ", 1)
        assert number.isdigit() and word in fills
        assert block.get("style") == f"background-color: #{fills[word]}; color: #000000;"


def test_struck_actions_say_so_in_words(q2_tree) -> None:
    (row,) = q2_tree.xpath("//tbody/tr[@class='struck']")
    assert text(row[0]) == "2.2 → unchanged Struck"


def test_bullets_and_numbers_are_lists(q2_tree) -> None:
    row = q2_tree.xpath("//tbody/tr[th/span[@class='id']='1.1']")[0]
    assert [text(li) for li in row.xpath("./td[1]/ul/li")] == [
        "continue awareness raising initiatives", "increase reporting", "decrease repeat offending."]
    assert len(row.xpath("./td[4]/ol/li")) == 2
    assert not q2_tree.xpath("//*[starts-with(normalize-space(text()), '•')]")


def test_the_board_summary(q2_tree, q2_plan: Plan) -> None:
    (table,) = q2_tree.xpath("//table[@class='summary']")
    assert text(table.xpath("./caption")[0]).startswith("Q2 2014/15: status of the expected outcomes")
    assert [text(th) for th in table.xpath("./thead/tr/th")] == ["Priority", "Green", "Amber", "Red", "No status", "Direction of travel"]
    assert [text(th) for th in table.xpath("./tbody/tr/th")] == [f"{p.number}. {p.title}" for p in q2_plan.priorities]
    assert [text(c) for c in table.xpath("./tfoot/tr/*")] == ["All priorities", "21", "33", "5", "0", "↑ improved"]
    assert [text(li) for li in q2_tree.xpath("//h3[.='Actions struck']/following-sibling::ul[1]/li")] == ["2.2"]


def test_the_page_names_nothing_outside_itself(q2_page: bytes, q2_tree) -> None:
    page = q2_page.decode("utf-8")
    for pattern in (r"https?:", r"\bsrc\s*=", r"url\s*\(", "@import", "<script", "<link", "<img"):
        assert not re.search(pattern, page, re.IGNORECASE), pattern
    assert q2_tree.xpath("//@href") == ["#main"]
    assert len(q2_tree.xpath("//style")) == 1


def test_same_plan_same_bytes(q2_page: bytes, q2_plan: Plan, gold_plan: Plan) -> None:
    assert render_html(q2_plan, gold_plan) == q2_page


def test_plan_text_is_never_markup() -> None:
    plan = small_plan()
    action = dataclasses.replace(plan.priorities[0].actions[0], objectives=NASTY, progress=NASTY, lead=NASTY[:2])
    priority = dataclasses.replace(plan.priorities[0], actions=(action,), title="Abuse <i>& more</i>")
    plan = dataclasses.replace(plan, priorities=(priority,), partnership="A & B <Partnership>", preamble=NASTY)
    page = render_html(plan).decode("utf-8")
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//script | //i | //main//b[.='bold']")
    assert len(tree.xpath("//style")) == 1
    assert [p.text for p in tree.xpath("//main/p[@class='body']")] == list(NASTY)
    assert text(tree.xpath("//h1")[0]) == "A & B <Partnership> Action plan 2014/15"
    assert "&lt;/style&gt;&lt;script&gt;" in page and "{{ x }}" in page


@pytest.mark.parametrize("case", ["brag", "budget-after-resource", "status-words"])
def test_a_plan_in_its_own_shape(case: str) -> None:
    plan = corpus_plan(case)
    tree = lxml.html.fromstring(render_html(plan))
    columns = plan_to_context(plan)["columns"]
    for table in tree.xpath("//table[@class='actions']"):
        assert [text(th) for th in table.xpath("./thead/tr/th")] == [c["heading"] for c in columns]
    scale = {s.label: s for s in plan.status_scale()}
    for block in tree.xpath("//div[@class='rag']"):
        word = text(block.xpath("./p[@class='label']")[0]).split(". ", 1)[1]
        entry = scale.get(word)
        if entry is None or entry.colour is None:  # "No status", or a scale printed in words only
            assert block.get("style") is None
        else:
            assert block.get("style").startswith(f"background-color: #{entry.colour};")
    if case == "brag":
        assert 'style="background-color: #0070C0; color: #FFFFFF;"' in lxml.html.tostring(tree, encoding="unicode")
        assert [text(th) for th in tree.xpath("//table[@class='summary']/thead/tr/th")][1:5] == ["Blue", "Green", "Amber", "Red"]
    if case == "budget-after-resource":
        assert "Budget £" in [c["heading"] for c in columns]


# --- the templates folder ------------------------------------------------------------------------

@pytest.fixture
def own_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    for path in template_files(bundled()):
        target = folder / path.relative_to(bundled())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return folder


def test_a_restyled_folder_is_used(own_templates: Path) -> None:
    css = own_templates / "appendix-page.css"
    css.write_text(css.read_text("utf-8") + "\nh1 { color: #003366; }\n", "utf-8")
    assert "h1 { color: #003366; }" in render_html(small_plan(), templates=own_templates).decode("utf-8")


@pytest.mark.parametrize("name", ["appendix-page.html.j2", "appendix-page.css"])
def test_a_folder_without_the_page_is_refused_by_name(own_templates: Path, name: str) -> None:
    (own_templates / name).unlink()
    with pytest.raises(RenderError, match=f"no {re.escape(name)} for the HTML page"):
        render_html(small_plan(), templates=own_templates)


@pytest.mark.parametrize("css", ["h1 { background: url(logo.png); }", '@import "site.css";', r"h1 { background: u\72l(x.png) }",
                                 "/* </style> */"])
def test_a_stylesheet_that_fetches_is_refused(own_templates: Path, css: str) -> None:
    (own_templates / "appendix-page.css").write_text(css, "utf-8")
    with pytest.raises(RenderError, match="appendix-page.css: .* in the stylesheet: the HTML page must name no other file"):
        render_html(small_plan(), templates=own_templates)


def test_a_template_that_fetches_is_refused(own_templates: Path) -> None:
    template = own_templates / "appendix-page.html.j2"
    template.write_text(template.read_text("utf-8").replace("<main", '<img src="logo.png" alt="Logo"><main'), "utf-8")
    with pytest.raises(RenderError, match="HTML page .*a <img> element: the page must be self-contained"):
        render_html(small_plan(), templates=own_templates)


@pytest.mark.parametrize("html", [
    '<img src="x.png" alt="">', '<link rel="stylesheet" href="a.css">', '<a href="https://example.org/">x</a>',
    '<div style="background: url(x.png)">x</div>', '<style>@import "x.css";</style>', "<style>b { background: u\\72l(x) }</style>",
    "<script>alert(1)</script>", '<body onload="x()">', '<meta http-equiv="refresh" content="0; url=https://x/">',
    '<svg><image href="x.png"/></svg>', '<object data="x.pdf"></object>',
])
def test_what_the_page_may_not_hold(html: str) -> None:
    with pytest.raises(RenderError, match="the page must be self-contained"):
        check_contained(html, "page")


def test_what_the_page_may_hold() -> None:
    check_contained('<a href="#main">Skip</a><div style="background-color: #00B050">x</div>'
                    "<style>/* url() and @import are refused */ p { margin: 0 }</style><p>see https://example.org/ url(x)</p>", "page")
    assert stylesheet_faults("p { color: #000 } /* no url( here */") is None


# --- render --html: written with the set, or nothing is ----------------------------------------

@pytest.fixture
def q2_files(tmp_path: Path, q2_plan: Plan) -> Path:
    (tmp_path / "q2.json").write_text(plan_to_json(q2_plan), "utf-8")
    return tmp_path


def test_render_writes_the_page(q2_files: Path, q2_page: bytes) -> None:
    out = q2_files / "appendix-1-q2.html"
    assert main(["render", str(q2_files / "q2.json"), "--previous", str(GOLD_JSON), "--html", str(out)]) == 0
    assert out.read_bytes() == q2_page


def test_a_failing_render_writes_none_of_the_set(q2_files: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from pipeline.render.word import appendix as word

    docx, html = q2_files / "appendix-1-q2.docx", q2_files / "appendix-1-q2.html"
    args = ["render", str(q2_files / "q2.json"), "--previous", str(GOLD_JSON), "--docx", str(docx), "--html", str(html)]

    def broken(*_: object, **__: object) -> bytes:
        raise RenderError("Word: the template broke")

    monkeypatch.setattr(word, "render_docx", broken)
    assert main(args) == 1 and "error: Word: the template broke" in capsys.readouterr().err
    assert sorted(p.name for p in q2_files.iterdir()) == ["q2.json"]  # neither file, no temporary file

    docx.write_bytes(b"last good Word file")
    html.write_bytes(b"last good page")
    assert main(args) == 1
    assert (docx.read_bytes(), html.read_bytes()) == (b"last good Word file", b"last good page")


def test_a_refused_page_stops_the_set_before_the_word_file(q2_files: Path, own_templates: Path, capsys) -> None:
    (own_templates / "appendix-page.html.j2").unlink()
    docx, html = q2_files / "a.docx", q2_files / "a.html"
    rc = main(["render", str(q2_files / "q2.json"), "--docx", str(docx), "--html", str(html), "--templates", str(own_templates)])
    assert rc == 1 and "no appendix-page.html.j2 for the HTML page" in capsys.readouterr().err
    assert not docx.exists() and not html.exists()
