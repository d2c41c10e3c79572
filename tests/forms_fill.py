"""Fill an update form's content controls as Word does: by tag, placeholder flag removed, text in the box.

    fill(form_bytes, {"progress:2.1": ["First paragraph.", "Second."], "status:2.1:1": "Green",
                      "note:2.1:1": "Not started", "struck:2.2": "No resource"})

A progress box gets one paragraph per item; the other boxes one run. A tag the form does not have is
an error, so a test never passes on a fill that did not happen.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from pipeline.ooxml.ns import qn


def fill(data: bytes, values: dict[str, object]) -> bytes:
    """Return the form with each tagged control holding its value."""
    parts = _parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    for tag, value in values.items():
        sdts = [s for s in root.iter(qn("w:sdt")) if _tag(s) == tag]
        assert len(sdts) == 1, f"the form has {len(sdts)} controls tagged {tag}"
        _put(sdts[0], value)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


def edit_document(data: bytes, change) -> bytes:
    """Return the package with `change(document root)` applied to word/document.xml."""
    parts = _parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


def edit_part(data: bytes, name: str, change) -> bytes:
    """Return the package with part `name` replaced by `change(its bytes)`."""
    parts = _parts(data)
    parts[name] = change(parts[name])
    return _zip(parts)


def control(root: etree._Element, tag: str) -> etree._Element:
    """The control tagged `tag`."""
    return next(s for s in root.iter(qn("w:sdt")) if _tag(s) == tag)


def _tag(sdt: etree._Element) -> str | None:
    tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
    return tag.get(qn("w:val")) if tag is not None else None


def _put(sdt: etree._Element, value: object) -> None:
    pr = sdt.find(qn("w:sdtPr"))
    flag = pr.find(qn("w:showingPlcHdr"))
    if flag is not None:
        pr.remove(flag)
    content = sdt.find(qn("w:sdtContent"))
    block = content.find(qn("w:p")) is not None
    for child in list(content):
        content.remove(child)
    if block:
        for text in value if isinstance(value, list) else [value]:
            p = etree.SubElement(content, qn("w:p"))
            p.append(run(str(text)))
    else:
        content.append(run(str(value)))


def run(text: str) -> etree._Element:
    """One run of `text`, its spaces kept."""
    r = etree.Element(qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    t.set(qn("xml:space"), "preserve")
    return r


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()
