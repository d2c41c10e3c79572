"""Turn a table cell's (w:tc) merge properties into plain answers: one reading of w:vMerge and w:gridSpan.

OOXML writes a vertical merge as w:vMerge on every cell of the span: "restart" on the first, and
"continue" (or no value at all, which means the same) on the rest.
"""
from __future__ import annotations

from lxml import etree

from pipeline.ooxml.ns import NS, qn


def continues_merge(tc: etree._Element) -> bool:
    """True when the cell continues a vertical merge from the row above (it shows nothing of its own)."""
    merge = tc.find("w:tcPr/w:vMerge", NS)
    return merge is not None and merge.get(qn("w:val")) in (None, "continue")


def grid_span(tc: etree._Element) -> int:
    """How many grid columns the cell spans (w:gridSpan; 1 when absent)."""
    span = tc.find("w:tcPr/w:gridSpan", NS)
    return int(span.get(qn("w:val"))) if span is not None else 1
