"""When each record last changed, from git: one ``git log`` for the whole catalogue.

Dates are the day in Tehran (Asia/Tehran), whatever time zone the commit was made in: a commit
at 21:43 UTC is already the next day for the citizens who read the page. Outside a git
repository (or without git) there are no dates, and no error.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    TEHRAN: dt.tzinfo = ZoneInfo("Asia/Tehran")
except ZoneInfoNotFoundError:  # no tz database on this machine: Iran's offset since 2022 (no summer time)
    TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


def last_changes(root: Path) -> dict[str, dt.date]:
    """Relative path (under ``root``) → date of the last commit that touched it."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "cards", "licenses"],
            capture_output=True, text=True, check=True, timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = dt.datetime.fromtimestamp(int(line[1:]), TEHRAN).date()
        elif line and current is not None and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)
    return dates
