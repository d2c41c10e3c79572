"""Turn a package's custom document properties (docProps/custom.xml) into a dict, and a dict into one.

Word shows them under File ▸ Info ▸ Properties ▸ Advanced ▸ Custom; LibreOffice keeps them on saving
a .docx (File ▸ Properties ▸ Custom Properties). The update forms carry their identity here.
"""
from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from pipeline.ooxml.package import parse_xml

PART = "docProps/custom.xml"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id every custom property uses


def with_custom_properties(parts: Mapping[str, bytes], values: Mapping[str, str]) -> dict[str, bytes]:
    """The package's parts with `values` as its custom properties (text, in the order given)."""
    body = "".join(f'<property fmtid="{_FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
                   for pid, (name, value) in enumerate(values.items(), start=2))
    out = dict(parts)
    out[PART] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_NS}" '
                 f'xmlns:vt="{_VT}">{body}</Properties>').encode("utf-8")
    types = out["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{PART}"' not in types:
        types = types.replace("</Types>", f'<Override PartName="/{PART}" ContentType="{_TYPE}"/></Types>')
    out["[Content_Types].xml"] = types.encode("utf-8")
    rels = out["_rels/.rels"].decode("utf-8")
    if _REL not in rels:
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdCustomProperties" Type="{_REL}" Target="{PART}"/></Relationships>')
    out["_rels/.rels"] = rels.encode("utf-8")
    return out


def custom_properties(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Name → text of every custom property (a number or date as its text); {} when there are none."""
    data = parts.get(PART)
    if data is None:
        return {}
    root = parse_xml(data)
    found: dict[str, str] = {}
    for prop in root.findall(f"{{{_NS}}}property"):
        name = prop.get("name")
        value = next(iter(prop), None)
        if name is not None and value is not None:
            found[name] = "".join(value.itertext()).strip()
    return found
