"""Turn a rendered page into the list of what it would fetch or run: nothing, or the render is refused.

A page for a council's website must make no request of its own (no fonts, images, styles or scripts
from elsewhere) and run nothing. The plan's text is escaped by the template; this guards the
template and stylesheet, which a partnership may restyle (render --templates).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from pipeline.errors import RenderError

# Elements that fetch, embed or run something, and attributes that name something to fetch.
FETCHING_TAGS = frozenset({"script", "link", "img", "picture", "source", "iframe", "frame", "object", "embed",
                           "video", "audio", "track", "base", "form", "svg", "math", "noscript", "template"})
FETCHING_ATTRIBUTES = frozenset({"src", "srcset", "action", "formaction", "data", "poster", "background",
                                 "ping", "manifest", "xlink:href", "cite", "longdesc", "codebase", "archive"})
# CSS that fetches: url(...), @import, image-set(...); and what would end the <style> element early.
CSS_FETCH = re.compile(r"url\s*\(|@import|image-set\s*\(", re.IGNORECASE)
STYLE_END = re.compile(r"</style", re.IGNORECASE)  # ends the element even inside a CSS comment


def stylesheet_faults(css: str) -> str | None:
    """What in `css` would fetch a file or end its <style> element, or None."""
    found = STYLE_END.search(css) or CSS_FETCH.search(_unescaped(css))
    if found is None:
        return None
    return f"{found.group(0)!r} in the stylesheet: the HTML page must name no other file (inline what it needs, or drop it)"


def check_contained(page: str, source: str) -> None:
    """Raise RenderError naming the first element of `page` that would fetch or run anything."""
    parser = _Finder()
    parser.feed(page)
    parser.close()
    if parser.found:
        raise RenderError(f"{source}: {parser.found[0]}: the page must be self-contained (no requests, no scripts)")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FETCHING_TAGS:
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name in FETCHING_ATTRIBUTES or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "href" and not value.startswith("#"):
                self.found.append(f"<{tag} href={value!r}> (only links within the page)")
            elif name == "style" and stylesheet_faults(value):
                self.found.append(f"<{tag} style={value!r}>")
            elif name == "http-equiv":
                self.found.append(f"<{tag} http-equiv={value!r}>")
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and stylesheet_faults(data):
            self.found.append(f"<style>: {stylesheet_faults(data)}")


def _unescaped(css: str) -> str:
    """`css` with its comments dropped and its escapes resolved (u\\72l( is url( to a browser)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"

    css = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", char, css)
    return re.sub(r"\\(.)", r"\1", css)
