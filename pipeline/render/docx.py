"""Turn a Plan into the Word appendix: context → docxtpl frame → table rows → fixed-order zip bytes.

The same plan gives the same bytes: document properties are pinned to the quarter's last day and
the package is rewritten with fixed timestamps and a fixed entry order.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from ..errors import RenderError
from ..model import Plan
from .context import plan_to_context
from .word_table import Lists, fill_tables

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "appendix.docx"
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def render_docx(plan: Plan, previous: Plan | None = None) -> bytes:
    """Return the Word appendix for `plan` (same plan, same bytes)."""
    context = plan_to_context(plan, previous)
    try:
        template = DocxTemplate(str(TEMPLATE))
        template.render(context, jinja_env=_environment())
    except (OSError, jinja2.TemplateError) as exc:
        raise RenderError(f"{TEMPLATE}: {exc}") from exc
    document = template.docx
    fill_tables(document.element.body, context["priorities"], Lists(document.part.numbering_part.element))
    _set_properties(document, context["properties"])
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), context["properties"]["date"])


def _environment() -> jinja2.Environment:
    # autoescape: the context is data pasted into XML; an '&' would otherwise corrupt the part
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _set_properties(document: Any, properties: dict[str, Any]) -> None:
    moment = dt.datetime.combine(properties["date"], dt.time(0, 0))
    core = document.core_properties
    core.title = properties["title"]
    core.subject = properties["subject"]
    core.author = properties["author"]
    core.last_modified_by = properties["author"]
    core.language = properties["language"]
    core.comments = ""
    core.revision = 1
    core.created = moment
    core.modified = moment


def _fixed_zip(data: bytes, date: dt.date) -> bytes:
    """Rewrite the package with every entry stamped `date` and in a fixed order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    order = [n for n in _FIRST if n in entries] + sorted(n for n in entries if n not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()
