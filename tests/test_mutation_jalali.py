"""Jalali calendar: the cases mutation testing found unchecked (docs/mutation.md).

Reference values are those of jalaali-js (the algorithm's reference implementation) and of the
Iranian calendar; the consistency checks hold for any correct calendar over the whole range the
break table supports (Jalali years -61 to 3177).
"""

from __future__ import annotations

import datetime as dt

import pytest

from site_gen import jalali

BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
          2324, 2394, 2456, 3177)
#: Every year next to a break of the leap cycle, the ends of the range, and a spread in between.
YEARS = sorted({y for b in BREAKS for y in range(b - 6, b + 7) if -61 <= y <= 3177} | set(range(-61, 3178, 37)))


@pytest.mark.parametrize(
    ("jalali_date", "gregorian"),
    [
        ((1, 1, 1), dt.date(622, 3, 22)),  # the epoch, in the proleptic Gregorian calendar
        ((1360, 5, 26), dt.date(1981, 8, 17)),  # jalaali-js's own test cases
        ((1391, 10, 21), dt.date(2013, 1, 10)),
        ((1393, 5, 13), dt.date(2014, 8, 4)),
        ((1403, 6, 31), dt.date(2024, 9, 21)),  # last day of the 31-day half
        ((1403, 7, 1), dt.date(2024, 9, 22)),
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((-61, 1, 1), dt.date(560, 3, 20)),  # first year of the table
        ((3177, 1, 1), dt.date(3798, 3, 20)),  # last year of the table
    ],
)
def test_reference_dates_both_ways(jalali_date: tuple[int, int, int], gregorian: dt.date) -> None:
    assert jalali.to_gregorian(*jalali_date) == gregorian
    assert jalali.from_gregorian(gregorian) == jalali_date


def test_leap_years_match_the_reference() -> None:
    assert [y for y in range(1390, 1400) if jalali.is_leap(y)] == [1391, 1395, 1399]
    # around the break of 1210 the cycle runs five years instead of four
    assert [y for y in range(1200, 1220) if jalali.is_leap(y)] == [1201, 1205, 1210, 1214, 1218]


def test_every_year_is_as_long_as_its_leap_flag_says() -> None:
    """Nowruz to Nowruz is 366 days in a leap year and 365 otherwise, across the break years."""
    for y in YEARS:
        if y == 3177:
            continue
        length = (jalali.to_gregorian(y + 1, 1, 1) - jalali.to_gregorian(y, 1, 1)).days
        assert length == (366 if jalali.is_leap(y) else 365), y
        assert jalali.month_length(y, 12) == length - 336, y


def test_month_edges_convert_back() -> None:
    """The first day of every month, and the day before it, come back as the same Jalali date."""
    for y in YEARS[::3]:
        for m in range(1, 13 if y < 3177 else 10):  # Dey 3177 onward is in Gregorian 3799: see docs/mutation.md
            first = jalali.to_gregorian(y, m, 1)
            assert jalali.from_gregorian(first) == (y, m, 1)
            if (y, m) != (-61, 1):
                py, pm = (y, m - 1) if m > 1 else (y - 1, 12)
                assert jalali.from_gregorian(first - dt.timedelta(days=1)) == (py, pm, jalali.month_length(py, pm))


def test_day_by_day_through_a_year() -> None:
    day = jalali.to_gregorian(1403, 1, 1)
    for m in range(1, 13):
        for d in range(1, jalali.month_length(1403, m) + 1):
            assert jalali.from_gregorian(day) == (1403, m, d)
            assert jalali.to_gregorian(1403, m, d) == day
            day += dt.timedelta(days=1)
    assert jalali.from_gregorian(day) == (1404, 1, 1)


def test_years_outside_the_table_are_refused() -> None:
    for y in (-62, 3178):
        with pytest.raises(ValueError, match="out of the supported range"):
            jalali.is_leap(y)
    with pytest.raises(ValueError):
        jalali.from_gregorian(dt.date(3800, 1, 1))


def test_month_lengths() -> None:
    assert [jalali.month_length(1402, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert jalali.month_length(1403, 12) == 30
    for bad in (0, 13, -1):
        with pytest.raises(ValueError, match="month"):
            jalali.month_length(1403, bad)


@pytest.mark.parametrize(("y", "m", "d"), [(1403, 1, 0), (1403, 1, 32), (1403, 7, 31), (1402, 12, 30), (1403, 0, 1)])
def test_to_gregorian_refuses_days_that_do_not_exist(y: int, m: int, d: int) -> None:
    with pytest.raises(ValueError):
        jalali.to_gregorian(y, m, d)


@pytest.mark.parametrize(
    "bad",
    ["1403-05-1", "1403-5-01", "403-05-01", "14030-05-01", "1403-05-001", "1403/05/01", "1403-05", "1403-05-01-01",
     "1403-0a-01", "١٤٠٣-05-01", "1403-00-10", "1403-05-00", "1403-12-30x", "+403-05-01", " 1403-05-01"],
)
def test_parse_refuses_anything_but_a_real_yyyy_mm_dd(bad: str) -> None:
    with pytest.raises(ValueError):
        jalali.parse(bad)


def test_parse_gives_numbers_and_knows_the_last_day() -> None:
    assert jalali.parse("1403-12-30") == (1403, 12, 30)
    assert jalali.parse("1402-12-29") == (1402, 12, 29)
    assert jalali.parse("1403-06-31") == (1403, 6, 31)
    assert jalali.parse("0001-01-01") == (1, 1, 1)
    with pytest.raises(ValueError, match="اسفند 1402 has 29 days, not 30"):
        jalali.parse("1402-12-30")
    with pytest.raises(ValueError, match="month 13 does not exist"):
        jalali.parse("1403-13-01")
    with pytest.raises(ValueError, match=r"^expected YYYY-MM-DD$"):
        jalali.parse("1403-5-1")
    with pytest.raises(ValueError, match="1402-12 has no day 30"):
        jalali.to_gregorian(1402, 12, 30)


def test_iso_forms() -> None:
    assert jalali.to_iso("1403-05-12") == "2024-08-02"
    assert jalali.to_iso("1399-12-30") == "2021-03-20"
    assert jalali.format_iso(1403, 5, 2) == "1403-05-02"
    assert jalali.format_iso(403, 12, 30) == "0403-12-30"
