"""Turn `import weasyprint` into a quick import on Linux.

WeasyPrint 70 asks for each native library by its Windows and macOS names first; on Linux every
miss makes cffi call ctypes.util.find_library, which runs gcc and ldconfig in subprocesses
(Kozea/WeasyPrint#1125): a noticeable part of every render. The Linux sonames it tries next are found by
dlopen directly, so the lookups are skipped while it imports, and done as usual if that fails.

It also makes pydyf's `PDF.page_references` cached: pydyf 0.13 rebuilds the tuple of every page's
reference on each read, and WeasyPrint's tagger reads it once per structure element, so a tagged
PDF cost O(elements × pages). Same bytes either way. (Figures: bench/results.md, one-off measurements.)

And it puts tagging.py's structure tree, whole across page breaks, in place of WeasyPrint's.
"""
from __future__ import annotations

import ctypes.util
import sys


def _import() -> None:
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:  # a system where only find_library knows the libraries: import as usual
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = real
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = real


uncached_page_references: property | None = None  # pydyf's own, kept for the tests


def _cache_page_references() -> None:
    import pydyf

    original = pydyf.PDF.page_references
    if not isinstance(original, property) or original.fget is None:
        return  # a pydyf that changed the attribute: leave it alone
    build = original.fget
    global uncached_page_references
    uncached_page_references = original

    def page_references(self: pydyf.PDF) -> tuple[bytes, ...]:
        # Pages are only ever appended (PDF.add_page), so the count of Kids is the cache key.
        key = len(self.pages["Kids"])
        cached = self.__dict__.get("_pipeline_page_references")
        if cached is None or cached[0] != key:
            cached = (key, build(self))
            self.__dict__["_pipeline_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)


_import()
_cache_page_references()
from weasyprint import HTML, Attachment  # noqa: E402

from pipeline.render.pdf import tagging  # noqa: E402

tagging.install()  # the structure tree whole across pages (tagging.py)
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

__all__ = ["HTML", "Attachment", "FatalURLFetchingError", "URLFetcher", "URLFetcherResponse"]
