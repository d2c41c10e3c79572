"""Turn a Plan into the appendix as one web page: context → Jinja (autoescaped) → UTF-8 bytes.

The page is self-contained: its stylesheet (appendix-page.css) is inlined in a <style> element and
the page names nothing outside itself (contained.py refuses one that does), so a council can put it
on its website or committee system as it is. `templates` is a folder of the user's own
(render --templates), or None for the bundled one; a user's folder without the page's two files is
refused, naming them, as templates.py refuses any other missing template (never a silent fall back).
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from pipeline.errors import InputError, RenderError
from pipeline.plan.model import Plan
from pipeline.reading.source import DOCUMENT, read_input
from pipeline.reading.text import decode
from pipeline.render import templates as bundle
from pipeline.render.context import plan_to_context
from pipeline.render.html.contained import check_contained, stylesheet_faults

TEMPLATE = "appendix-page.html.j2"
STYLESHEET = "appendix-page.css"


def render_html(plan: Plan, previous: Plan | None = None, templates: Path | None = None) -> bytes:
    """Return the HTML page for `plan` (UTF-8; same plan, same bytes); `previous` feeds the
    summary and the direction of travel, as in the Word and PDF appendices."""
    root = page_folder(templates)
    context = plan_to_context(plan, previous)
    page = bundle.jinja_environment(root).get_template(TEMPLATE).render(context, stylesheet=_stylesheet(root))
    check_contained(page, f"HTML page ({root / TEMPLATE})")
    return page.encode("utf-8")


def page_folder(templates: str | Path | None = None) -> Path:
    """The templates folder holding the page's template and stylesheet, or RenderError naming what is missing."""
    root = bundle.folder(templates)
    missing = [name for name in (TEMPLATE, STYLESHEET) if not (root / name).is_file()]
    if missing:
        raise RenderError(f"{root}: no {' or '.join(missing)} for the HTML page "
                          f"(copy the bundled one from {bundle.bundled()} and restyle it)")
    return root


def _stylesheet(root: Path) -> Markup:
    """The page's stylesheet, to inline as it is (CSS is not HTML: escaping would break its quotes)."""
    path = root / STYLESHEET
    try:
        css = decode(read_input(path, DOCUMENT), str(path))
    except InputError as exc:
        raise RenderError(f"template file: {exc}") from exc
    fault = stylesheet_faults(css)
    if fault:
        raise RenderError(f"{path}: {fault}")
    return Markup(css)  # the templates folder's own file, checked above
