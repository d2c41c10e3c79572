"""Turn the text of an action's "When by" cell into the date the action is due, if it names one.

Recognised, anywhere in a line, case-insensitive:

- a month and year, "September 2014" or "Sept 2014": due on the last day of that month;
- a day, month and year, "30 September 2014" (or "30th"): due that day;
- a season and year: Spring = March–May, Summer = June–August, Autumn (or Fall) =
  September–November, Winter = December–February; due on the last day of the season's last month.
  "Winter 2014" is December 2014 – February 2015, so it is due on 28 February 2015; "Winter
  2014/15" means the same.

Everything else ("Quarterly", "Ongoing", "When necessary and appropriate.", "As required.") has no
date and is never overdue. An action with several dated lines is due on the latest of them: it is
overdue only when every deadline it names has passed.
"""
from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable

from pipeline.plan.quarters import MONTHS

_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS) if name}
_MONTH_NUMBERS.update({name[:3]: n for name, n in list(_MONTH_NUMBERS.items())})
_MONTH_NUMBERS["sept"] = 9
# season → (months after the year's start the season ends, i.e. its last month may be next year)
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 14}

_DATE = re.compile(
    r"\b(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+)?"
    r"(?P<name>" + "|".join(sorted({*_MONTH_NUMBERS, *_SEASON_END}, key=len, reverse=True)) + r")\.?"
    r"\s+(?P<year>[0-9]{4})(?:/[0-9]{2})?\b",
    re.IGNORECASE,
)


def line_to_date(line: str) -> datetime.date | None:
    """Return the date a "When by" line names, or None: "Summer 2014" → 31 August 2014."""
    found = [d for d in (_match_to_date(m) for m in _DATE.finditer(line)) if d is not None]
    return max(found) if found else None


def due_date(when_by: Iterable[str]) -> datetime.date | None:
    """Return the latest date named by any of the lines, or None if none names a date."""
    dates = [d for d in (line_to_date(line) for line in when_by) if d is not None]
    return max(dates) if dates else None


def _match_to_date(m: re.Match[str]) -> datetime.date | None:
    name, year = m.group("name").lower(), int(m.group("year"))
    if name in _SEASON_END:
        if m.group("day"):
            return None  # "3 Summer 2014" is not a date
        month = _SEASON_END[name]
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    month = _MONTH_NUMBERS[name]
    last = calendar.monthrange(year, month)[1]
    if m.group("day"):
        day = int(m.group("day"))
        return datetime.date(year, month, day) if 1 <= day <= last else None
    return datetime.date(year, month, last)
