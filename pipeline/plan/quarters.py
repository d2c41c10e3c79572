"""Turn a financial year and a quarter into dates and printed periods.

A financial year runs from 1 April to 31 March and is written "2014/15". Quarter 1 is April–June,
2 is July–September, 3 is October–December and 4 is January–March of the following calendar year.
"""
from __future__ import annotations

import calendar
import datetime
import re

_YEAR = re.compile(r"^([0-9]{4})/([0-9]{2})$")
# Spelt out rather than taken from `calendar.month_name`, which follows the locale.
MONTHS = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


def first_calendar_year(year: str) -> int:
    """Return the calendar year a financial year starts in: "2014/15" → 2014."""
    m = _YEAR.match(year)
    if not m:
        raise ValueError(f"financial year {year!r} is not like '2014/15'")
    start = int(m.group(1))
    if (start + 1) % 100 != int(m.group(2)):
        raise ValueError(f"financial year {year!r} does not span two consecutive years")
    return start


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter {quarter!r} is not 1, 2, 3 or 4")


def quarter_start(year: str, quarter: int) -> datetime.date:
    """Return the first day of the quarter: ("2014/15", 4) → 1 January 2015."""
    _check_quarter(quarter)
    start = first_calendar_year(year)
    return datetime.date(start + (quarter == 4), _FIRST_MONTH[quarter], 1)


def quarter_end(year: str, quarter: int) -> datetime.date:
    """Return the last day of the quarter: ("2014/15", 2) → 30 September 2014."""
    first = quarter_start(year, quarter)
    month = first.month + 2
    return datetime.date(first.year, month, calendar.monthrange(first.year, month)[1])


def _day(d: datetime.date) -> str:
    return f"{d.day} {MONTHS[d.month]}"


def period(year: str, quarter: int) -> str:
    """Return the period as printed in the page header: ("2014/15", 2) → "1 July – 30 September 2014"."""
    start, end = quarter_start(year, quarter), quarter_end(year, quarter)
    return f"{_day(start)} – {_day(end)} {end.year}"


def next_quarter(year: str, quarter: int) -> tuple[str, int]:
    """Return the quarter after this one: ("2014/15", 4) → ("2015/16", 1)."""
    _check_quarter(quarter)
    if quarter < 4:
        first_calendar_year(year)
        return year, quarter + 1
    start = first_calendar_year(year) + 1
    return f"{start}/{(start + 1) % 100:02d}", 1
