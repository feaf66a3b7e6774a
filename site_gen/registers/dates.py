"""The day of the build in Tehran, and what a date says about a record whatever its status says.

``SITE_GEN_TODAY`` (a Jalali ``YYYY-MM-DD``) fixes the day, for tests and for rebuilding a site
as it was on a given day; otherwise it is today in Asia/Tehran.
"""

from __future__ import annotations

import datetime as dt
import os

from .. import jalali

ENV = "SITE_GEN_TODAY"


def today() -> str:
    """Today in Tehran as a Jalali ``YYYY-MM-DD`` (``SITE_GEN_TODAY`` when set and valid)."""
    fixed = os.environ.get(ENV, "").strip()
    if fixed:
        try:
            jalali.parse(fixed)
            return fixed
        except ValueError:
            pass
    from ..history import TEHRAN

    return jalali.format_iso(*jalali.from_gregorian(dt.datetime.now(TEHRAN).date()))


def days_between(start: str, end: str) -> int:
    """Days from one Jalali date to another (negative when ``end`` is earlier)."""
    return (jalali.to_gregorian(*jalali.parse(end)) - jalali.to_gregorian(*jalali.parse(start))).days
