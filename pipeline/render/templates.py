"""Turn a template's name into its file: the bundled templates (package data) or a user's own folder.

The project's `templates/` folder is installed as the package `pipeline.templates`
(pyproject's package-dir), so `pip install .` carries it and an editable install reads the
checkout's own files. A partnership that restyles the appendix passes its folder instead
(`render --templates DIR`); a name missing there is an error, never a silent fall back.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from pipeline.errors import RenderError

NAMES = ("appendix.docx", "appendix.html.j2", "appendix.css")


@lru_cache(maxsize=1)
def bundled() -> Path:
    """The folder of the templates installed with the package."""
    folder = resources.files("pipeline.templates")
    if not isinstance(folder, Path):  # e.g. a zipped install: WeasyPrint and docxtpl need real files
        raise RenderError("the bundled templates are not files on disk; install the package unzipped")
    return folder


def template_files(root: Path) -> list[Path]:
    """Every file a render may read from the templates folder `root` (not the package's own .py)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
                  and not p.name.startswith(".") and "__pycache__" not in p.parts)


def folder(templates: str | Path | None = None) -> Path:
    """The templates folder to render with: `templates` if given (checked), else the bundled one."""
    if templates is None:
        return bundled()
    root = Path(templates)
    missing = [name for name in NAMES if not (root / name).is_file()]
    if missing:
        raise RenderError(f"{root}: not a templates folder: {', '.join(missing)} missing "
                          f"(copy the bundled ones from {bundled()} and restyle them)")
    return root.resolve()


@lru_cache(maxsize=4)
def jinja_environment(root: Path) -> jinja2.Environment:
    """The Jinja environment of the templates folder `root`: autoescaped (plan text is never markup),
    and an undefined name is an error rather than an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
