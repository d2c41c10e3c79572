"""Turn a Plan into the Word appendix: context → docxtpl frame → table rows → fixed-order zip bytes.

The same plan gives the same bytes: document properties are pinned to the quarter's last day and
the package is rewritten with fixed timestamps and a fixed entry order.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from pipeline.errors import RenderError
from pipeline.ooxml.package import fixed_zip
from pipeline.plan.model import Plan
from pipeline.render import templates as bundle
from pipeline.render.context import plan_to_context
from pipeline.render.word.table import Lists, fill_tables, fit_summary

TEMPLATE_NAME = "appendix.docx"


def render_docx(plan: Plan, previous: Plan | None = None, templates: Path | None = None) -> bytes:
    """Return the Word appendix for `plan` (same plan, same bytes); `templates` is a user's own
    templates folder, None for the bundled one."""
    context = plan_to_context(plan, previous)
    template_file = bundle.folder(templates) / TEMPLATE_NAME
    try:
        template = DocxTemplate(str(template_file))
        template.render(context, jinja_env=_environment())
    except (OSError, jinja2.TemplateError) as exc:
        raise RenderError(f"{template_file}: {exc}") from exc
    document = template.docx
    fill_tables(document.element.body, context["priorities"], Lists(document.part.numbering_part.element),
                context["columns"])
    if context["summary"]:
        fit_summary(document.element.body, context["summary"])
    _set_properties(document, context["properties"])
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), context["properties"]["date"])


def _environment() -> jinja2.Environment:
    # autoescape: the context is data pasted into XML; an '&' would otherwise corrupt the part
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


# python-docx refuses a core property longer than this (Word shows them in File ▸ Info).
PROPERTY_LIMIT = 255


def _set_properties(document: Any, properties: dict[str, Any]) -> None:
    moment = dt.datetime.combine(properties["date"], dt.time(0, 0))
    core = document.core_properties
    core.title = _clipped(properties["title"])
    core.subject = _clipped(properties["subject"])
    core.author = _clipped(properties["author"])
    core.last_modified_by = _clipped(properties["author"])
    core.language = properties["language"]
    core.comments = ""
    core.revision = 1
    core.created = moment
    core.modified = moment


def _clipped(text: str) -> str:
    """A property as long as python-docx takes: a long partnership name is printed whole in the
    document, only its summary in the file's properties is cut, with an ellipsis."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"
