"""The HTML page in a real browser (Debian's Chromium, headless): axe-core finds no WCAG 2.2 A/AA or
best-practice violation, the page reflows at 320 CSS px with only its tables scrolling, it makes no
request, the status words are text, the skip link works, and it prints as A4 landscape."""
from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from chromium import AXE_TAGS, available, axe_run, chromium, describe_violations, open_page
from conftest import FIXTURES
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from pipeline.plan.model import Plan, from_dict
from pipeline.render.context import plan_to_context
from pipeline.render.html.page import render_html

# The bundled Q2 appendix, and plans in their own shape: a BRAG scale (blue, white text), an extra
# column ("Budget £"), a scale printed in words only (no shading).
CASES = ("q2", "brag", "budget-after-resource", "status-words")
WIDE, NARROW = 1366, 320


@pytest.fixture(scope="module")
def plans(q2_plan: Plan, gold_plan: Plan) -> dict[str, tuple[Plan, Plan | None]]:
    corpus = {case: (from_dict(json.loads((FIXTURES / "corpus" / case / "expected.json").read_text("utf-8"))), None)
              for case in CASES[1:]}
    return {"q2": (q2_plan, gold_plan), **corpus}


@pytest.fixture(scope="module")
def pages(plans: dict[str, tuple[Plan, Plan | None]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    for case, (plan, previous) in plans.items():
        (folder / f"{case}.html").write_bytes(render_html(plan, previous))
    return {case: folder / f"{case}.html" for case in plans}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    why = available()
    assert why is None, why
    with chromium() as driver:
        yield driver


@pytest.mark.parametrize(("case", "width"), [("q2", WIDE), ("q2", NARROW), *((case, WIDE) for case in CASES[1:])])
def test_axe_finds_no_violations(browser, pages: dict[str, Path], case: str, width: int) -> None:
    open_page(browser, pages[case], width)
    result = axe_run(browser)
    assert result["testEngine"]["version"] == "4.14.1"
    assert set(result["toolOptions"]["runOnly"]["values"]) == set(AXE_TAGS)
    assert result["violations"] == [], "\n" + describe_violations(result["violations"])


@pytest.mark.parametrize("case", ["q2", "budget-after-resource"])
def test_at_320px_only_the_tables_scroll_sideways(browser, pages: dict[str, Path], case: str) -> None:
    """WCAG 1.4.10 (a 1280 px window at 400% zoom): the page is never wider than the window, no text
    outside a table runs past its edge, and each action table scrolls within its own region, its
    action numbers staying in sight."""
    open_page(browser, pages[case], NARROW)
    page = browser.execute_script("""
        const root = document.documentElement;
        const outside = [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => e.outerHTML.slice(0, 80));
        const regions = [...document.querySelectorAll('.table-scroll')].map(r => {
            const wide = r.scrollWidth > r.clientWidth;
            r.scrollLeft = r.scrollWidth;
            const scrolled = r.scrollLeft > 0, number = r.querySelector('tbody th');
            const idInSight = number.getBoundingClientRect().left - r.getBoundingClientRect().left <= 2;
            r.scrollLeft = 0;
            return {table: r.querySelector('table').className, wide, scrolled, idInSight, right: r.getBoundingClientRect().right};
        });
        return {innerWidth: window.innerWidth, scrollWidth: root.scrollWidth, outside, regions};
    """)
    assert page["innerWidth"] == NARROW
    assert page["scrollWidth"] <= page["innerWidth"], page
    assert page["outside"] == []
    actions = [r for r in page["regions"] if r["table"] == "actions"]
    assert actions and all(r["wide"] and r["scrolled"] and r["idInSight"] and r["right"] <= NARROW for r in actions), page["regions"]


@pytest.mark.parametrize("case", CASES)
def test_the_page_makes_no_request(browser, pages: dict[str, Path], case: str) -> None:
    open_page(browser, pages[case], WIDE)
    loaded = browser.execute_script("""
        return {resources: performance.getEntriesByType('resource').map(e => e.name),
                sheets: document.styleSheets.length, scripts: document.scripts.length, images: document.images.length,
                fonts: [...document.fonts].length};
    """)
    assert loaded == {"resources": [], "sheets": 1, "scripts": 0, "images": 0, "fonts": 0}


@pytest.mark.parametrize("case", CASES)
def test_status_words_are_in_the_text_on_their_shades(browser, pages: dict[str, Path], plans, case: str) -> None:
    open_page(browser, pages[case], WIDE)
    context = plan_to_context(*plans[case])
    statuses = [s for p in context["priorities"] for a in p["actions"] for s in a["status"]]
    shown = browser.execute_script("""
        return [...document.querySelectorAll('td.status .rag')].map(b => ({
            text: b.querySelector('.label').innerText, visible: b.getBoundingClientRect().height > 0,
            background: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color}));
    """)
    assert [b["text"] for b in shown] == [s["label"] for s in statuses]
    for block, status in zip(shown, statuses):
        assert block["visible"]
        if status["fill"]:
            assert block["background"] == _rgb(status["fill"]) and block["color"] == _rgb(status["text"] or "000000")
    body = browser.execute_script("return document.body.innerText")
    assert all(s["label"] in body for s in statuses)


def test_the_skip_link_is_first_visible_on_focus_and_reaches_main(browser, pages: dict[str, Path]) -> None:
    open_page(browser, pages["q2"], WIDE)
    hidden = browser.execute_script("return document.querySelector('.skip-link').getBoundingClientRect().bottom")
    assert hidden <= 0  # out of sight until focused
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.execute_script("""
        const a = document.activeElement, r = a.getBoundingClientRect();
        return {cls: a.className, text: a.innerText, href: a.getAttribute('href'), top: r.top, height: r.height,
                outline: getComputedStyle(a).outlineStyle, target: !!document.getElementById('main')};
    """)
    assert focused["cls"] == "skip-link" and focused["text"] == "Skip to main content" and focused["href"] == "#main"
    assert focused["top"] >= 0 and focused["height"] > 0 and focused["outline"] != "none" and focused["target"]
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return [location.hash, document.activeElement.id]") == ["#main", "main"]
    ActionChains(browser).send_keys(Keys.TAB).perform()  # next: the summary table's scrolling region
    assert browser.execute_script("return document.activeElement.getAttribute('aria-labelledby')") == "summary-caption"


def test_it_prints_as_a4_landscape_with_whole_tables(browser, pages: dict[str, Path]) -> None:
    open_page(browser, pages["q2"], WIDE)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.execute_script("""
            const r = document.querySelector('.table-scroll'), t = document.querySelector('table.actions');
            return {skip: getComputedStyle(document.querySelector('.skip-link')).display,
                    overflow: getComputedStyle(r).overflowX, thead: getComputedStyle(t.tHead).display};
        """)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed == {"skip": "none", "overflow": "visible", "thead": "table-header-group"}
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) > 5
        for page in document.pages:
            width, height = (float(v) for v in page.mediabox[2:])
            assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"
