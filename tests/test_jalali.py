from __future__ import annotations

import datetime as dt

import pytest

from site_gen import jalali


@pytest.mark.parametrize(
    ("jalali_date", "iso"),
    [
        ("1393-06-10", "2014-09-01"),  # the regulation 206/93/7740
        ("1400-01-01", "2021-03-21"),
        ("1403-01-01", "2024-03-20"),
        ("1403-12-30", "2025-03-20"),  # 1403 is a leap year
        ("1357-11-22", "1979-02-11"),
    ],
)
def test_known_dates(jalali_date: str, iso: str) -> None:
    assert jalali.to_iso(jalali_date) == iso
    assert jalali.format_iso(*jalali.from_gregorian(dt.date.fromisoformat(iso))) == jalali_date


def test_leap_years() -> None:
    assert [y for y in range(1395, 1411) if jalali.is_leap(y)] == [1395, 1399, 1403, 1408]


def test_round_trip_over_a_century() -> None:
    start = dt.date(1950, 1, 1)
    for offset in range(0, 365 * 100, 7):
        day = start + dt.timedelta(days=offset)
        assert jalali.to_gregorian(*jalali.from_gregorian(day)) == day


@pytest.mark.parametrize("bad", ["1402-12-30", "1403-07-31", "1403-13-01", "1403-5-12", "۱۴۰۳-۰۵-۱۲"])
def test_invalid(bad: str) -> None:
    with pytest.raises(ValueError):
        jalali.parse(bad)
