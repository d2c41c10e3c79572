"""Turn a PDF's embedded plan.json into a warning when the visible pages say something else.

An archived appendix carries the plan it was made from as an attachment (PDF/A-3, AFRelationship
/Source). Extraction still reads the visible pages; this module reads the attachment with pikepdf
(qpdf walks the /EmbeddedFiles name tree) and names every field where the two disagree, which
means the PDF was edited after it was made. The file stream is inflated here, with a ceiling,
rather than by qpdf, which would inflate a decompression bomb whole.
"""
from __future__ import annotations

import io
import logging
import zlib

from pipeline.errors import InputError
from pipeline.plan.compare import plan_differences
from pipeline.plan.model import Plan, to_dict

log = logging.getLogger("pipeline")

PLAN_NAME = "plan.json"
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # a plan.json is tens of kB; refuse a decompression bomb
MAX_REPORTED = 8


def embedded_files(data: bytes) -> dict[str, bytes]:
    """Return the PDF's embedded files by name (the /EmbeddedFiles name tree); {} when it has none.

    Raises InputError when the PDF cannot be parsed or an attachment cannot be decoded.
    """
    if not _has_attachments(data):
        return {}  # the usual case, asked of PDFium in a millisecond (pikepdf is not even imported)
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return {name: _file_bytes(name, spec) for name, spec in pdf.attachments.items()}
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, zlib.error) as exc:
        raise InputError(f"cannot read the PDF's embedded files: {exc}") from exc


def _has_attachments(data: bytes) -> bool:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return True  # let pikepdf say what is wrong
    try:
        return raw.FPDFDoc_GetAttachmentCount(document.raw) > 0
    finally:
        document.close()


def _file_bytes(name: str, spec) -> bytes:
    import pikepdf

    stream = spec.obj.get("/EF", {}).get("/F")
    if not isinstance(stream, pikepdf.Stream):
        raise ValueError(f"attachment {name!r} has no embedded file stream")
    filters = stream.get("/Filter")
    filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters] if filters is not None else []
    raw_data = stream.read_raw_bytes()  # decrypted, not decoded
    if not filters:
        out = raw_data
    elif filters == [pikepdf.Name.FlateDecode] and stream.get("/DecodeParms") is None:
        out = zlib.decompressobj().decompress(raw_data, MAX_ATTACHMENT_BYTES + 1)
    else:
        raise ValueError(f"attachment {name!r} uses filters {[str(f) for f in filters]}, not plain FlateDecode")
    if len(out) > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"attachment {name!r} is larger than {MAX_ATTACHMENT_BYTES} bytes")
    return out


def check_embedded_plan(data: bytes, plan: Plan, source: str) -> None:
    """Log a warning naming each field where `plan` (read from the pages) differs from the embedded one."""
    from pipeline.plan.schema import plan_from_json

    try:
        attached = embedded_files(data).get(PLAN_NAME)
    except InputError as exc:
        log.warning("%s: %s; the visible pages were read without checking them", source, exc)
        return
    if attached is None:
        return
    try:
        embedded = plan_from_json(attached.decode("utf-8"), f"{source} ({PLAN_NAME} attachment)")
    except (UnicodeDecodeError, InputError) as exc:
        log.warning("%s: the embedded %s is not a valid plan (%s); not compared", source, PLAN_NAME, exc)
        return
    fields = list(plan_differences(to_dict(plan), to_dict(embedded)))
    if fields:
        shown = ", ".join(fields[:MAX_REPORTED]) + (f" and {len(fields) - MAX_REPORTED} more" if len(fields) > MAX_REPORTED else "")
        log.warning(
            "%s: the PDF was edited after it was made: its pages differ from its embedded %s at %s",
            source, PLAN_NAME, shown,
        )
