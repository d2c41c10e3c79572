"""Turn a plan.json into the Word, PDF and/or HTML appendix files: read once, render them all, then write."""
from __future__ import annotations

import ctypes
import gc
from pathlib import Path

from pipeline.errors import RenderError
from pipeline.files import check_outputs, write_files
from pipeline.plan.model import Plan
from pipeline.plan.schema import plan_from_json
from pipeline.reading.source import PLAN, read_input
from pipeline.reading.text import decode
from pipeline.render import templates as bundle
from pipeline.render.forked import Forked

__all__ = ["render_files"]


def render_files(plan_path: str, docx: str | None = None, pdf: str | None = None, previous: str | None = None,
                 redline: str | None = None, templates: str | Path | None = None, html: str | None = None) -> None:
    """Render `plan_path` to the outputs asked for (the redline against `previous`), with the
    bundled templates or the folder `templates`. The outputs are checked before the render and written
    as one set: afterwards all are new, or (any render or write failing) all as they were.
    With Word files to build as well, the PDF is laid out in a forked process alongside them
    (WeasyPrint is the long pole of a quarter's render)."""
    plan = _read_plan(plan_path)
    before = _read_plan(previous) if previous else None
    check_outputs(docx, pdf, redline if before is not None else None, html, inputs=(plan_path, previous))
    root = bundle.folder(templates)
    if pdf:  # what the PDF cannot draw, named with the plan file it is in, before any work
        from pipeline.render.pdf.appendix import check_drawable

        check_drawable(plan, root, f"{plan_path} (for the PDF)")
    outputs: list[tuple[str, bytes]] = []
    if html:  # the page takes milliseconds: a refused template stops the set before the long renders start
        from pipeline.render.html.page import render_html

        outputs.append((html, render_html(plan, before, root)))
    pdf_job = Forked(pdf, _render_pdf, plan, before, root) if pdf and (docx or (redline and before)) else None
    try:
        if docx:
            from pipeline.render.word.appendix import render_docx

            outputs.append((docx, render_docx(plan, before, root)))
        if redline and before is not None:
            from pipeline.render.redline.document import redline_docx

            outputs.append((redline, redline_docx(before, plan, root)))
        if pdf_job:
            _give_back_memory()  # the layout beside us is about to peak; the Word work's heap is garbage
        if pdf:
            try:
                outputs.append((pdf, pdf_job.result() if pdf_job else _render_pdf(plan, before, root)))
            except RenderError as exc:  # a refusal of the layout (a block taller than a page): name the plan too
                raise RenderError(f"{plan_path} (for the PDF): {exc}") from exc
    finally:
        if pdf_job:
            pdf_job.cancel()
    write_files(dict(outputs))


def _render_pdf(plan: Plan, before: Plan | None, templates: Path) -> bytes:
    # WeasyPrint is imported only when a PDF is asked for (the module is looked up late: tests patch it)
    from pipeline.render.pdf import appendix

    return appendix.render_pdf(plan, before, templates)


def _give_back_memory() -> None:
    """Return freed heap to the system: lxml frees into glibc's arenas, which keep it, so after a
    long plan's redline this process would sit on hundreds of MiB while the PDF child peaks."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim, or no way to ask
        pass


def _read_plan(path: str) -> Plan:
    return plan_from_json(decode(read_input(path, PLAN), path), source=path)
