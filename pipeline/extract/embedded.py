"""Turn a PDF's embedded plan.json into a warning when the visible pages say something else.

An archived appendix carries the plan it was made from as an attachment (PDF/A-3, AFRelationship
/Source). Extraction still reads the visible pages; this module reads the attachment with pdfminer
(already a dependency, so no new one) and names every field where the two disagree, which means
the PDF was edited after it was made.
"""
from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import PSException

from ..errors import InputError
from ..model import Plan, to_dict

log = logging.getLogger("pipeline")

PLAN_NAME = "plan.json"
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # a plan.json is tens of kB; refuse a decompression bomb
MAX_TREE_DEPTH = 16
MAX_REPORTED = 8


def embedded_files(data: bytes) -> dict[str, bytes]:
    """Return the PDF's embedded files by name (the /EmbeddedFiles name tree); {} when it has none.

    Raises InputError when the PDF cannot be parsed or an attachment cannot be decoded.
    """
    if not _has_attachments(data):
        return {}  # the usual case, asked of PDFium in a millisecond; pdfminer reads bomb-safely
    try:
        catalog = PDFDocument(PDFParser(io.BytesIO(data))).catalog
        names = resolve1(resolve1(catalog.get("Names")) or {}).get("EmbeddedFiles")
        return {name: _spec_bytes(name, spec) for name, spec in _name_tree(resolve1(names), 0)}
    except (PSException, ValueError, TypeError, KeyError, AttributeError, zlib.error) as exc:
        raise InputError(f"cannot read the PDF's embedded files: {exc}") from exc


def _has_attachments(data: bytes) -> bool:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return True  # let pdfminer say what is wrong
    try:
        return raw.FPDFDoc_GetAttachmentCount(document.raw) > 0
    finally:
        document.close()


def check_embedded_plan(data: bytes, plan: Plan, source: str) -> None:
    """Log a warning naming each field where `plan` (read from the pages) differs from the embedded one."""
    from ..schema import plan_from_json

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


def plan_differences(read: Any, embedded: Any, path: str = "", action: str | None = None) -> Iterator[str]:
    """Yield the path of every leaf where two action-plan/1 dicts differ, e.g. 'priorities[0].actions[2].progress[0] (action 1.3)'."""
    if isinstance(read, dict) and isinstance(embedded, dict):
        if path.endswith("]") and ".actions[" in path:
            action = str(embedded.get("id", read.get("id", action)))
        for key in sorted(read.keys() | embedded.keys()):
            yield from plan_differences(read.get(key), embedded.get(key), f"{path}.{key}" if path else key, action)
    elif isinstance(read, list) and isinstance(embedded, list):
        for i in range(max(len(read), len(embedded))):
            left = read[i] if i < len(read) else None
            right = embedded[i] if i < len(embedded) else None
            yield from plan_differences(left, right, f"{path}[{i}]", action)
    elif read != embedded:
        yield f"{path} (action {action})" if action else path


def _name_tree(node: Any, depth: int) -> Iterator[tuple[str, Any]]:
    if not isinstance(node, dict) or depth > MAX_TREE_DEPTH:
        return
    pairs = resolve1(node.get("Names")) or []
    for key, value in zip(pairs[0::2], pairs[1::2]):
        yield _text(resolve1(key)), value
    for kid in resolve1(node.get("Kids")) or []:
        yield from _name_tree(resolve1(kid), depth + 1)


def _spec_bytes(name: str, spec: Any) -> bytes:
    spec = resolve1(spec)
    stream = resolve1(resolve1(spec.get("EF", {})).get("F"))
    if not isinstance(stream, PDFStream):
        raise ValueError(f"attachment {name!r} has no embedded file stream")
    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    if not filters:
        out = data
    elif len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and not filters[0][1]:
        out = zlib.decompressobj().decompress(data, MAX_ATTACHMENT_BYTES + 1)
    else:
        raise ValueError(f"attachment {name!r} uses filters {[str(f) for f, _ in filters]}, not plain FlateDecode")
    if len(out) > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"attachment {name!r} is larger than {MAX_ATTACHMENT_BYTES} bytes")
    return out


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16")
        return value.decode("latin-1")
    return str(value)
