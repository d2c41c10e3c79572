"""Turn elements of last quarter's document into copies fit for this quarter's: each list (w:num)
they use gets a twin in this quarter's numbering part, so deleted list paragraphs keep their
bullets and numbers."""
from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from pipeline.ooxml.ns import NS, qn


class NumberingCopier:
    """Copy elements from last quarter's document (numbering part `old`) into this quarter's (`new`)."""

    def __init__(self, old: etree._Element, new: etree._Element) -> None:
        self.old, self.new = old, new
        self.ids: dict[str, str] = {}

    def copy(self, element: etree._Element, joins: dict[str, str] | None = None) -> etree._Element:
        twin = copy.deepcopy(element)
        for num_id in twin.iter(qn("w:numId")):
            old_id = num_id.get(qn("w:val"))
            joined = (joins or {}).get(number_format(self.old, old_id))
            num_id.set(qn("w:val"), joined or self._twin(old_id))
        return twin

    def for_cell(self, new_tc: etree._Element) -> Callable[[etree._Element], etree._Element]:
        """`copy` for paragraphs going back into `new_tc`: a deleted item of a list the new cell
        still has (same kind: numbers, bullets) joins that list, so the numbers run on through it
        (1, 2 deleted, 3 -> after Reject 1, 2, 3) instead of restarting in a twin list."""
        joins: dict[str, str] = {}
        for num_id in new_tc.iter(qn("w:numId")):
            joins.setdefault(number_format(self.new, num_id.get(qn("w:val"))), num_id.get(qn("w:val")))
        return lambda element: self.copy(element, joins)

    def _twin(self, old_id: str) -> str:
        if old_id in self.ids or old_id == "0":
            return self.ids.get(old_id, old_id)
        source = next((n for n in self.old.iterfind(qn("w:num")) if n.get(qn("w:numId")) == old_id), None)
        if source is None:
            return old_id
        nums = self.new.findall(qn("w:num"))
        num = copy.deepcopy(source)
        num.set(qn("w:numId"), str(max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1))
        (nums[-1].addnext(num) if nums else self.new.append(num))
        self.ids[old_id] = num.get(qn("w:numId"))
        return self.ids[old_id]


def number_format(numbering: etree._Element, num_id: str | None) -> str | None:
    """The level-0 number format of list `num_id` ("decimal", "bullet", …), None if unknown."""
    num = next((n for n in numbering.iterfind(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    abstract_id = num.find(qn("w:abstractNumId")) if num is not None else None
    if abstract_id is None:
        return None
    abstract = next((a for a in numbering.iterfind(qn("w:abstractNum"))
                     if a.get(qn("w:abstractNumId")) == abstract_id.get(qn("w:val"))), None)
    fmt = abstract.find("w:lvl[@w:ilvl='0']/w:numFmt", NS) if abstract is not None else None
    return fmt.get(qn("w:val")) if fmt is not None else None
