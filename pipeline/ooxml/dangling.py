"""Turn a Word package whose relationships name parts it lacks into one python-docx can open:
a missing picture (or other media) is dropped with a warning, since the plan is text; a missing
part that carries text or marks (header, numbering, comments…) is refused, naming it. Strict Open
XML files, which python-docx cannot read, are refused with the way to save them ordinarily."""
from __future__ import annotations

import io
import logging
import posixpath
import zipfile

from lxml import etree

from pipeline.errors import InputError

log = logging.getLogger("pipeline")

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT = b"http://purl.oclc.org/ooxml/"
# Relationship types whose parts hold nothing the plan is read from: dropped, with a warning, when missing.
_DROPPABLE = ("/image", "/media", "/video", "/audio", "/oleObject", "/package", "/font", "/thumbnail",
              "/hyperlink", "/customXml", "/glossaryDocument", "/attachedTemplate", "/diagramData",
              "/diagramLayout", "/diagramQuickStyle", "/diagramColors", "/diagramDrawing", "/chart")


def openable(data: bytes, source: str) -> bytes:
    """`data`, or a copy without relationships to missing media parts; InputError for the rest."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    root_rels = archive.read("_rels/.rels") if "_rels/.rels" in names else b""
    if _STRICT in root_rels:
        raise InputError(f"{source}: saved as a Strict Open XML Document, which this reader does not take: "
                         "in Word, File > Save As > Word Document (*.docx), and give that file")
    fixed: dict[str, bytes] = {}
    for rels_name in sorted(n for n in names if n.endswith(".rels")):
        kept = _without_missing(archive.read(rels_name), rels_name, names, source)
        if kept is not None:
            fixed[rels_name] = kept
    if not fixed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, fixed.get(info.filename, archive.read(info)))
    return out.getvalue()


def _without_missing(rels: bytes, rels_name: str, names: set[str], source: str) -> bytes | None:
    """The .rels part without relationships to missing droppable parts (None: nothing missing)."""
    try:
        root = etree.fromstring(rels)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{source}: part {rels_name} is not readable XML ({exc}); open and re-save it in Word") from exc
    owner = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/document.xml.rels → word
    dropped = []
    for rel in root.findall(f"{{{_RELS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(owner, target))
        if part in names:
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if not rel.get("Type", "").endswith(_DROPPABLE):
            raise InputError(f"{source}: {part} ({kind}) is missing from the file, which is damaged: "
                             "open it in Word and save it again, then give that file")
        log.warning("%s: %s (%s) is missing from the file; read without it (the plan is its text)", source, part, kind)
        root.remove(rel)
        dropped.append(part)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if dropped else None
