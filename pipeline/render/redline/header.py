"""Turn the page headers and footers of last quarter's appendix and this quarter's into tracked
changes ("Q1 update / progress monitor (1 April – 30 June 2014)" → "Q2 …"), so Reject All gives
last quarter's header too. Both documents come from one template, so their parts have one name."""
from __future__ import annotations

import re

from pipeline.ooxml.ns import qn
from pipeline.ooxml.package import parse_xml, serialise_xml
from pipeline.render.redline.cells import looks, replace_with_diff
from pipeline.render.redline.diff import Copy, Marks

_PART = re.compile(r"word/(header|footer)\d*\.xml")


def redline_headers(old_parts: dict[str, bytes], new_parts: dict[str, bytes], marks: Marks, copy_old: Copy) -> None:
    """Rewrite each header and footer part of `new_parts` whose text or look changed since `old_parts`."""
    for name in sorted(new_parts):  # sorted: the ids handed out do not depend on the package's order
        if not _PART.fullmatch(name) or name not in old_parts:
            continue
        old, new = parse_xml(old_parts[name]), parse_xml(new_parts[name])
        old_ps, new_ps = old.findall(qn("w:p")), new.findall(qn("w:p"))
        if old_ps and new_ps and looks(old_ps) != looks(new_ps):
            replace_with_diff(old_ps, new_ps, marks, copy_old)
            new_parts[name] = serialise_xml(new)
