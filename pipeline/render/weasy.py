"""Turn `import weasyprint` into a quick import on Linux.

WeasyPrint 70 asks for each native library by its Windows and macOS names first; on Linux every
miss makes cffi call ctypes.util.find_library, which runs gcc and ldconfig in subprocesses
(Kozea/WeasyPrint#1125): about 0.4 s of every render. The Linux sonames it tries next are found by
dlopen directly, so the lookups are skipped while it imports, and done as usual if that fails.
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


_import()
from weasyprint import HTML, Attachment  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

__all__ = ["HTML", "Attachment", "FatalURLFetchingError", "URLFetcher", "URLFetcherResponse"]
