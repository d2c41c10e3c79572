"""The house rules a fork relies on: the repository stands alone, the package installs and renders,
the README lists every command, and the package's folders show the pipeline's stages."""
from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import GOLD_JSON, ROOT, field_differences

from pipeline.cli import build_parser

# Spelt in pieces so that this file does not match its own search.
SHARED = "sha" + "red"
OUTSIDE = re.compile("|".join([
    re.escape("../" + SHARED),
    r"[\"']" + SHARED + r"[\"']",  # a path joined with the quoted folder name
    r"(?<![\w.])/" + "(?:work|root|home|tmp/lo-)" + r"\b",  # a path of the machine it was written on
]))


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in out.stdout.decode().split("\0") if name]


def test_no_tracked_file_reaches_outside_the_repository() -> None:
    hits = []
    for path in tracked_files():
        if not path.is_file() or path.suffix in (".pdf", ".docx", ".png", ".ttf"):
            continue
        text = path.read_text("utf-8", errors="replace")
        hits += [f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
                 for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert hits == []


def test_the_search_for_outside_paths_finds_them() -> None:
    for line in (f'GOLD = ROOT.parent / "{SHARED}" / "x.json"', f"cp ../{SHARED}/spec/score.py .",
                 'Pa' + 'th("/' + f'work/{SHARED}/spec")', "PROFILE = 'file:///" + "tmp/lo-variants'"):
        assert OUTSIDE.search(line), line
    for line in ("from docx.shared import Pt", "/usr/share/fonts/truetype", "shared by every writer"):
        assert not OUTSIDE.search(line), line


def readme_commands() -> set[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("## Commands", 1)[1].split("```", 2)[1]
    return set(re.findall(r"-m pipeline ([a-z-]+)", block))


def test_the_readme_lists_every_command() -> None:
    (commands,) = [a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert readme_commands() == set(commands)


def test_the_package_shows_its_stages() -> None:
    package = ROOT / "pipeline"
    top = sorted(p.name for p in package.glob("*.py"))
    assert len(top) <= 5, top
    for init in sorted(package.rglob("__init__.py")):
        if init.parent == package:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert doc and "\n" not in doc and doc.startswith("Turn "), f"{init.relative_to(ROOT)}: {doc!r}"


def test_every_subpackage_is_installed() -> None:
    """pyproject lists packages by hand (one is mapped from templates/): a new folder must be listed."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    listed = set(re.findall(r'"(pipeline(?:\.[a-z_]+)*)"', text.split("packages = [", 1)[1].split("]", 1)[0]))
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert found | {"pipeline.templates"} == listed


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel a plain `pip install .` would build from a clone, unpacked into a folder of its own."""
    clone = tmp_path_factory.mktemp("clone")
    for path in tracked_files():
        target = clone / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(wheels), str(clone)], check=True, capture_output=True)
    (wheel,) = wheels.glob("*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The console script's entry point, run from `cwd` with only the unpacked wheel on the path first."""
    code = ("import sys, pipeline; assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__; "
            "from pipeline.cli import main; sys.exit(main(sys.argv[2:]))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-c", code, str(site), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_templates_schema_and_command(installed: Path) -> None:
    names = {str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()}
    for name in ("pipeline/templates/appendix.docx", "pipeline/templates/appendix.html.j2",
                 "pipeline/templates/appendix.css", "pipeline/plan/action-plan.schema.json"):
        assert name in names
    (entry_points,) = installed.glob("*.dist-info/entry_points.txt")
    assert "board-paper = pipeline.cli:main" in entry_points.read_text()


def test_the_installed_command_renders_from_anywhere_and_reads_back(installed: Path, tmp_path: Path, gold_dict) -> None:
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    done = run_installed(installed, empty, "render", str(GOLD_JSON), "--docx", "a.docx", "--pdf", "a.pdf")
    assert done.returncode == 0, done.stderr
    for name in ("a.docx", "a.pdf"):
        out = run_installed(installed, empty, "extract", name, "-o", f"{name}.json")
        assert out.returncode == 0, out.stderr
        assert field_differences(gold_dict, json.loads((empty / f"{name}.json").read_text("utf-8"))) == []
    assert sorted(p.name for p in empty.iterdir()) == ["a.docx", "a.docx.json", "a.pdf", "a.pdf.json"]


def test_a_templates_folder_of_ones_own(installed: Path, tmp_path: Path) -> None:
    """render --templates DIR: a restyled copy is used; a folder lacking a template is refused by name."""
    own = tmp_path / "own"
    shutil.copytree(ROOT / "templates", own, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    css = own / "appendix.css"
    restyled = css.read_text("utf-8").replace("line-height: 1.15; color: #000;", "line-height: 1.15; color: #333;")
    assert restyled != css.read_text("utf-8")
    css.write_text(restyled, "utf-8")
    done = run_installed(installed, tmp_path, "render", str(GOLD_JSON), "--pdf", "own.pdf", "--templates", str(own))
    assert done.returncode == 0, done.stderr
    bundled = run_installed(installed, tmp_path, "render", str(GOLD_JSON), "--pdf", "bundled.pdf")
    assert bundled.returncode == 0, bundled.stderr
    assert (tmp_path / "own.pdf").read_bytes() != (tmp_path / "bundled.pdf").read_bytes()
    (own / "appendix.html.j2").unlink()
    refused = run_installed(installed, tmp_path, "render", str(GOLD_JSON), "--pdf", "x.pdf", "--templates", str(own))
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [f"error: {own}: not a templates folder: appendix.html.j2 missing "
                                                   f"(copy the bundled ones from {installed / 'pipeline' / 'templates'} "
                                                   "and restyle them)"]
    assert not (tmp_path / "x.pdf").exists()
