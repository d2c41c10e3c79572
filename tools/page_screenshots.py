"""Take full-page screenshots of the appendix's HTML page in Debian's Chromium, to look at.

    .venv/bin/python tools/page_screenshots.py [PAGE.html] [-o FOLDER] [--width 320 --width 1366]

PAGE defaults to what `make q2` writes (outputs/2014-15/q2/appendix-1-q2.html), FOLDER to a
`screenshots/` folder beside it (outputs/ is not in git). One PNG per width: 320 CSS px is the WCAG
1.4.10 reflow width (a 1280 px window at 400% zoom), 1366 a common laptop. The whole page is taken:
the viewport is made as tall as the document. The browser helper is the tests' own
(tests/render/html/chromium.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "render" / "html"))

from chromium import available, chromium, full_page_png, open_page  # noqa: E402

DEFAULT_PAGE = ROOT / "outputs" / "2014-15" / "q2" / "appendix-1-q2.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", nargs="?", type=Path, default=DEFAULT_PAGE, help="the HTML page (default: make q2's)")
    parser.add_argument("-o", "--output", type=Path, help="the folder for the PNGs (default: screenshots/ beside the page)")
    parser.add_argument("--width", type=int, action="append", help="a viewport width in CSS px (default: 320 and 1366)")
    args = parser.parse_args(argv)
    if not args.page.is_file():
        parser.error(f"{args.page}: no such file (make q2 writes it)")
    if (why := available()) is not None:
        parser.error(why)
    folder = args.output or args.page.parent / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        for width in args.width or [320, 1366]:
            open_page(driver, args.page, width)
            target = folder / f"{args.page.stem}-{width}px.png"
            target.write_bytes(full_page_png(driver, width))
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
