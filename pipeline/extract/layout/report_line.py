"""Turn the page header's text into the Report: appendix label, quarter, period, year."""
from __future__ import annotations

import re

from pipeline.errors import ExtractionError
from pipeline.extract.grid import Grid, Para
from pipeline.plan.model import Report

APPENDIX_RE = re.compile(r"\b(Appendix\s+[A-Z0-9]+)\b", re.I)
REPORT_RE = re.compile(r"\b(?:Q|Quarter)\s*([1-4])\b[^()]*?\(\s*([^()]*\d{4})\s*\)", re.I)
# No period in brackets, but a quarter and a financial year: "Quarter 2 2014/15 progress monitor".
BARE_RE = re.compile(r"\b(?:Q|Quarter)\s*([1-4])\b.*?\b(\d{4})\s*[/-]\s*(\d{2})\b", re.I)
YEAR_RE = re.compile(r"\b(\d{4})\s*$")


def report_from_header(grid: Grid) -> Report:
    """Find 'Appendix N' and 'Qn update / progress monitor (period)' in the page header (or,
    failing that, in the first paragraphs of the body)."""
    candidates = list(grid.header) + [
        b.text for b in grid.blocks[:6] if isinstance(b, Para)
    ]
    appendix = next((m.group(1) for t in candidates if (m := APPENDIX_RE.search(t))), None)
    found = next((m for t in candidates if (m := REPORT_RE.search(" ".join(t.split())))), None)
    bare = next((m for t in candidates if (m := BARE_RE.search(" ".join(t.split())))), None)
    if found is None and bare is not None:
        from pipeline.plan.quarters import period

        quarter, year = int(bare.group(1)), f"{bare.group(2)}/{bare.group(3)}"
        return Report(appendix=appendix, quarter=quarter, year=year, period=period(year, quarter))
    if found is None:
        raise ExtractionError(
            f"{grid.source}: no report line like 'Q1 update / progress monitor (1 April – 30 June 2014)' "
            "in the page header"
        )
    quarter = int(found.group(1))
    period = " ".join(found.group(2).split())
    return Report(appendix=appendix, quarter=quarter, year=_financial_year(period, quarter), period=period)


def _financial_year(period: str, quarter: int) -> str:
    """'1 July – 30 September 2014', Q2 → '2014/15' (Q4's period ends in the second year)."""
    end_year = int(YEAR_RE.search(period).group(1))  # REPORT_RE guarantees a year at the end
    start = end_year - 1 if quarter == 4 else end_year
    return f"{start}/{(start + 1) % 100:02d}"
