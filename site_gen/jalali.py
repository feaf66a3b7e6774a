"""Solar Hijri (Jalali) calendar: validity of a date and conversion to and from Gregorian.

The arithmetic is the Borkowski algorithm used by jalaali-js: a table of the years where the
33-year leap cycle breaks, valid for Jalali years -61 to 3177.
"""

from __future__ import annotations

import datetime as _dt

_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
    2324, 2394, 2456, 3178,
)

MONTH_NAMES = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)


def _div(a: int, b: int) -> int:
    """Integer division truncated toward zero, as in the reference JavaScript."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _jal_cal(jy: int) -> tuple[int, int, int]:
    """Return (leap, gregorian year, day of March when the Jalali year starts)."""
    if jy < _BREAKS[0] or jy >= _BREAKS[-1]:
        raise ValueError(f"Jalali year {jy} is out of the supported range")
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    if leap == -1:
        leap = 4
    return leap, gy, march


def is_leap(jy: int) -> bool:
    """True when Esfand of Jalali year ``jy`` has 30 days."""
    return _jal_cal(jy)[0] == 0


def month_length(jy: int, jm: int) -> int:
    if not 1 <= jm <= 12:
        raise ValueError(f"month {jm} is not between 1 and 12")
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_leap(jy) else 29


def to_gregorian(jy: int, jm: int, jd: int) -> _dt.date:
    """Convert a valid Jalali date to a Gregorian :class:`datetime.date`."""
    if not 1 <= jd <= month_length(jy, jm):
        raise ValueError(f"{jy}-{jm:02d} has no day {jd}")
    _, gy, march = _jal_cal(jy)
    day_of_year = (jm - 1) * 31 - max(0, jm - 7) + jd - 1
    return _dt.date(gy, 3, march) + _dt.timedelta(days=day_of_year)


def from_gregorian(date: _dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to (year, month, day) in the Jalali calendar."""
    jy = date.year - 621
    _, gy, march = _jal_cal(jy)
    start = _dt.date(gy, 3, march)
    if date < start:
        jy -= 1
        _, gy, march = _jal_cal(jy)
        start = _dt.date(gy, 3, march)
    k = (date - start).days
    if k < 186:
        return jy, 1 + k // 31, k % 31 + 1
    k -= 186
    return jy, 7 + k // 30, k % 30 + 1


def parse(text: str) -> tuple[int, int, int]:
    """Parse ``YYYY-MM-DD`` (ASCII digits) into a valid Jalali (y, m, d) or raise ValueError."""
    parts = text.split("-")
    if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2] or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError("expected YYYY-MM-DD")
    y, m, d = (int(p) for p in parts)
    if not 1 <= m <= 12:
        raise ValueError(f"month {m} does not exist")
    if not 1 <= d <= month_length(y, m):
        raise ValueError(f"{MONTH_NAMES[m - 1]} {y} has {month_length(y, m)} days, not {d}")
    return y, m, d


def to_iso(text: str) -> str:
    """The ISO Gregorian date of a Jalali ``YYYY-MM-DD``."""
    return to_gregorian(*parse(text)).isoformat()


def format_iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"
