"""Turn a Word package's bytes into its parts and back: the one zip reader and fixed-timestamp writer.

A rendered appendix must be the same bytes for the same plan, so every package the project writes
goes through `write_parts`: each entry stamped with one date and written in a fixed order.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping

from lxml import etree

FIRST = ("[Content_Types].xml", "_rels/.rels")  # where Word and LibreOffice put them


def read_parts(data: bytes) -> dict[str, bytes]:
    """Every part of a zip package by name, in the package's own order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_parts(parts: Mapping[str, bytes], date: dt.date, *, sort: bool = True, mode: int | None = 0o644) -> bytes:
    """Zip `parts` with every entry stamped `date` (midnight), deflated. With `sort`, the content
    types and package relationships come first and the rest by name; else the order given.
    `mode` is the entries' Unix permissions (None: none recorded)."""
    names = list(parts)
    if sort:
        names = [n for n in FIRST if n in parts] + sorted(n for n in parts if n not in FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            package.writestr(info, parts[name])
    return out.getvalue()


def fixed_zip(data: bytes, date: dt.date) -> bytes:
    """Rewrite a package with every entry stamped `date` and in the fixed order."""
    return write_parts(read_parts(data), date)


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part without entities or network (parts come from documents users bring)."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def serialise_xml(root: etree._Element) -> bytes:
    """A part as Word writes it: declaration, UTF-8, standalone."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
