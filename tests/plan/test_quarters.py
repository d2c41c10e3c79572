import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.plan.quarters import next_quarter, period, quarter_end, quarter_start


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        (1, "1 April – 30 June 2014"),
        (2, "1 July – 30 September 2014"),
        (3, "1 October – 31 December 2014"),
        (4, "1 January – 31 March 2015"),
    ],
)
def test_period(quarter: int, expected: str) -> None:
    assert period("2014/15", quarter) == expected


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        ("2014/15", 1, datetime.date(2014, 6, 30)),
        ("2014/15", 2, datetime.date(2014, 9, 30)),
        ("2014/15", 3, datetime.date(2014, 12, 31)),
        ("2014/15", 4, datetime.date(2015, 3, 31)),
        ("1999/00", 4, datetime.date(2000, 3, 31)),
    ],
)
def test_quarter_end(year: str, quarter: int, expected: datetime.date) -> None:
    assert quarter_end(year, quarter) == expected


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        ("2014/15", 1, ("2014/15", 2)),
        ("2014/15", 3, ("2014/15", 4)),
        ("2014/15", 4, ("2015/16", 1)),
        ("1999/00", 4, ("2000/01", 1)),
    ],
)
def test_next_quarter(year: str, quarter: int, expected: tuple[str, int]) -> None:
    assert next_quarter(year, quarter) == expected


@pytest.mark.parametrize(("year", "quarter"), [("2014", 1), ("2014/16", 1), ("2014/15", 0), ("2014/15", 5)])
def test_rejects_bad_year_or_quarter(year: str, quarter: int) -> None:
    with pytest.raises(ValueError):
        period(year, quarter)


@given(st.integers(1900, 2200), st.integers(1, 4))
def test_quarters_tile_the_year(start: int, quarter: int) -> None:
    year = f"{start}/{(start + 1) % 100:02d}"
    nyear, nquarter = next_quarter(year, quarter)
    assert quarter_start(nyear, nquarter) == quarter_end(year, quarter) + datetime.timedelta(days=1)
