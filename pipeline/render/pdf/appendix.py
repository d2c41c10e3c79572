"""Turn a Plan into the PDF appendix: context → HTML (Jinja, autoescaped) → WeasyPrint → bytes.

WeasyPrint may only read the templates folder and the Liberation Sans files; anything else a
document names (file:///etc/passwd, http://…) stops the rendering with a RenderError.
`templates` is a folder of the user's own (render --templates), or None for the bundled one.
"""
from __future__ import annotations

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.errors import InputError, RenderError
from pipeline.plan.model import Plan
from pipeline.reading.source import DOCUMENT, read_input
from pipeline.render import templates as bundle
from pipeline.render.context import plan_to_context
from pipeline.render.pdf.glyphs import text_width, undrawable
from pipeline.render.pdf.weasy import HTML, FatalURLFetchingError, URLFetcher, URLFetcherResponse
from pipeline.render.pdf.xmp import also_pdf_ua1

UA = "pdf/ua-1"
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/liberation2")
FONTS = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")


class TemplatesFetcher(URLFetcher):
    """Serve files under the templates folder (fonts from `fonts/` there or fonts-liberation2)."""

    def __init__(self, root: Path | None = None, fonts: Path = SYSTEM_FONTS) -> None:
        super().__init__(fail_on_errors=True)
        self.root = (root or bundle.bundled()).resolve()
        self.fonts = fonts

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self.resolve(url)
        try:
            body = read_input(path, DOCUMENT)  # a template's own file: bounded like any input
        except InputError as exc:
            raise RenderError(f"template file: {exc}") from exc
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def resolve(self, url: str) -> Path:
        """Return the file `url` names, or raise RenderError if it is outside the templates."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RenderError(f"refused to fetch {url!r}: only files under {self.root} are served")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root):
            raise RenderError(f"refused to fetch {url!r}: outside {self.root}")
        if path.parent == self.root / "fonts" and not path.exists() and path.name in FONTS:
            return self.fonts / path.name
        return path


def render_pdf(plan: Plan, previous: Plan | None = None, templates: Path | None = None, **write_options: Any) -> bytes:
    """Return the PDF appendix for `plan` (same plan, same bytes); `write_options` go to
    WeasyPrint's write_pdf (the archive adds pdf_variant and attachments)."""
    check_drawable(plan, templates, "PDF")
    return html_to_pdf(plan_to_html(plan, previous, templates), templates, **write_options)


def check_drawable(plan: Plan, templates: Path | None = None, source: str = "PDF") -> None:
    """Refuse, naming `source` and the place, text the PDF would not show as written (glyphs.py)
    or a page header too wide for its line: before any layout, so a refusal costs nothing."""
    fonts = font_files(bundle.folder(templates))
    fault = undrawable(plan, fonts, "Liberation Sans") or _header_overflow(plan, fonts[0])
    if fault:
        raise RenderError(f"{source}: {fault}")


def plan_to_html(plan: Plan, previous: Plan | None = None, templates: Path | None = None) -> str:
    """The HTML that WeasyPrint lays out for `plan`."""
    root = bundle.folder(templates)
    return bundle.jinja_environment(root).get_template("appendix.html.j2").render(plan_to_context(plan, previous))


def html_to_pdf(html: str, templates: Path | None = None, **write_options: Any) -> bytes:
    """Lay out `html` (relative URLs resolve in the templates folder) with WeasyPrint, tagged, fonts embedded."""
    root = bundle.folder(templates)
    _check_fonts(root)
    try:
        source = HTML(string=html, base_url=(root / "appendix.html.j2").as_uri(), url_fetcher=TemplatesFetcher(root))
        # pdf_identifier=True: the file ID is a hash of the content, so it is stable and still unique.
        # PDF/UA-1 (tagging.py makes the tree whole); another variant (the archive's PDF/A-3b) claims it too.
        options = {"pdf_tags": True, "pdf_identifier": True, "pdf_variant": UA, **write_options}
        # What HTML.write_pdf does, in two steps, so the layout's cyclic garbage is collected
        # before the PDF objects are built (it set a long appendix's peak memory).
        with _fewer_collections():
            document = source.render(**options)
            if options["pdf_variant"] != UA:
                also_pdf_ua1(document.metadata)
            gc.collect()
            data = document.write_pdf(**options)
            # WeasyPrint copies the fonts into a /tmp/weasyprint-* folder that its FontConfiguration
            # removes when collected; a forked render ends by os._exit, which collects nothing: free it now
            del document
            gc.collect()
            return data
    except FatalURLFetchingError as exc:
        raise RenderError(f"PDF: {exc}: {exc.__cause__}") from exc.__cause__


@contextmanager
def _fewer_collections(threshold: tuple[int, int, int] = (10_000, 10, 10)) -> Iterator[None]:
    """Run Python's cycle collector less often while WeasyPrint builds its box tree: with the
    default young-generation threshold (700) it spent a sizeable part of a render walking that
    growing tree; switched off outright it costs too much memory (bench/results.md, one-off
    measurements)."""
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)


# The page header's two running texts (10 pt) share one line across the page's text width (26.1 cm,
# less a gap between them): wrapped, they run past the top margin and print over the title block.
HEADER_WIDTH_PT = 26.1 / 2.54 * 72 - 24


def _header_overflow(plan: Plan, font: Path) -> str | None:
    label, line = plan.report.appendix or "", plan.report.line
    needed = text_width(label, font, 10) + text_width(line, font, 10)
    if needed <= HEADER_WIDTH_PT:
        return None
    return (f"the page header ({label!r} and {line!r}) needs {needed:.0f} pt, more than the {HEADER_WIDTH_PT:.0f} pt "
            "of its one line: wrapped, it would print over the title; shorten the appendix label or the report period")


def _check_fonts(root: Path) -> None:
    # WeasyPrint falls back to any system font when a @font-face fails to load; refuse instead.
    font_files(root)


def font_files(root: Path) -> tuple[Path, ...]:
    """The font files the PDF is drawn with: the templates folder's own fonts/, else fonts-liberation2's."""
    found = []
    for name in FONTS:
        path = next((p for p in (root / "fonts" / name, SYSTEM_FONTS / name) if p.is_file()), None)
        if path is None:
            raise RenderError(f"font {name} not found in {root / 'fonts'} or {SYSTEM_FONTS}: install fonts-liberation2")
        found.append(path)
    return tuple(found)
