"""Turn a form row's context into Word content controls (w:sdt): rich text, drop-down, plain text.

Every control is locked against deletion (`sdtLocked`) but not against editing, carries its tag
(`progress:1.2`, `status:1.2:1`, `note:1.2:1`, `struck:1.2`) and a title (w:alias) that Word and
screen readers announce. An empty box shows its placeholder words in grey.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from pipeline.ooxml.ns import qn

PLACEHOLDER_COLOUR = "595959"  # grey that still reads at 7:1 on white


def _el(tag: str, **attrs: str) -> etree._Element:
    e = etree.Element(qn(tag))
    for key, value in attrs.items():
        e.set(qn(f"w:{key}"), value)
    return e


def _run(text: str, grey: bool = False) -> etree._Element:
    r = _el("w:r")
    if grey:
        rpr = etree.SubElement(r, qn("w:rPr"))  # grey and italic: guidance, not an entry, in print too
        rpr.append(_el("w:i"))
        rpr.append(_el("w:color", val=PLACEHOLDER_COLOUR))
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    t.set(qn("xml:space"), "preserve")
    return r


def _properties(row: dict[str, Any], number: int, placeholder: bool) -> etree._Element:
    pr = _el("w:sdtPr")
    pr.append(_el("w:alias", val=row["alias"]))
    pr.append(_el("w:tag", val=row["tag"]))
    pr.append(_el("w:id", val=str(number)))
    pr.append(_el("w:lock", val="sdtLocked"))
    if placeholder:
        pr.append(_el("w:showingPlcHdr"))
    return pr


def progress_control(row: dict[str, Any], number: int) -> etree._Element:
    """A block-level rich-text control holding one placeholder paragraph (it takes paragraphs and lists)."""
    sdt = _el("w:sdt")
    sdt.append(_properties(row, number, placeholder=True))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    p = etree.SubElement(content, qn("w:p"))
    p.append(_run(row["placeholder"], grey=True))
    return sdt


def dropdown_control(row: dict[str, Any], number: int, choices: list[str], chosen: str) -> etree._Element:
    """A run-level drop-down list showing `chosen`; each choice's value is its label."""
    sdt = _el("w:sdt")
    pr = _properties(row, number, placeholder=False)
    listing = _el("w:dropDownList", lastValue=chosen)
    for choice in choices:
        listing.append(_el("w:listItem", displayText=choice, value=choice))
    pr.append(listing)
    sdt.append(pr)
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    content.append(_run(chosen))
    return sdt


def text_control(row: dict[str, Any], number: int) -> etree._Element:
    """A run-level plain-text control (one paragraph, line breaks allowed) showing its placeholder."""
    sdt = _el("w:sdt")
    pr = _properties(row, number, placeholder=True)
    pr.append(_el("w:text", multiLine="1"))
    sdt.append(pr)
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    content.append(_run(row["placeholder"], grey=True))
    return sdt
