"""Debian's Chromium, headless, driven by Selenium (chromium-driver): the HTML page's real browser.

Used by test_page_in_browser.py (one browser per module) and tools/page_screenshots.py. Nothing is
downloaded: the browser and its driver are the apt packages (make test installs them), axe-core is
vendored in tests/vendor/axe-core/.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).resolve().parents[2] / "vendor" / "axe-core" / "axe.min.js"
ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             "--force-device-scale-factor=1")
# WCAG 2.0–2.2 A and AA, and Deque's best practices (landmarks, one h1, heading order, region...).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")


def available() -> str | None:
    """Why the browser cannot run here, or None."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    return f"{', '.join(missing)} missing: make test installs chromium and chromium-driver" if missing else None


@contextmanager
def chromium(width: int = 1366, height: int = 900) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile of its own, removed afterwards."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (*ARGUMENTS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_script_timeout(120)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: webdriver.Chrome, path: Path, width: int, height: int = 900) -> None:
    """Load `path` at a viewport `width` CSS px wide (the device metrics, as a narrow window or a zoom gives)."""
    set_viewport(driver, width, height)
    driver.get(path.resolve().as_uri())


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def full_page_png(driver: webdriver.Chrome, width: int) -> bytes:
    """A screenshot of the whole page at `width`: the viewport made as tall as the document."""
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    set_viewport(driver, width, height)
    try:
        return driver.get_screenshot_as_png()
    finally:
        set_viewport(driver, width, 900)


def axe_run(driver: webdriver.Chrome, tags: tuple[str, ...] = AXE_TAGS) -> dict[str, Any]:
    """Run axe-core on the loaded page; its results (violations, incomplete, passes) as a dict."""
    driver.execute_script(AXE.read_text("utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations", "incomplete"]})
    script = ("const done = arguments[arguments.length - 1];"
              f"axe.run(document, {options}).then(r => done(JSON.stringify(r)), e => done(JSON.stringify({{error: String(e)}})));")
    result = json.loads(driver.execute_async_script(script))
    if "error" in result:
        raise AssertionError(f"axe-core failed: {result['error']}")
    return result


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One block per violated rule: its id, impact, help and the first few elements, as axe names them."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)
