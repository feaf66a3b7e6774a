"""When each record last changed, from git: one ``git log`` for the whole catalogue.

Dates are the day in Tehran (Asia/Tehran), whatever time zone the commit was made in: a commit
at 21:43 UTC is already the next day for the citizens who read the page. Outside a git
repository (or without git) there are no dates, and no error.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    TEHRAN: dt.tzinfo = ZoneInfo("Asia/Tehran")
except ZoneInfoNotFoundError:  # no tz database on this machine: Iran's offset since 2022 (no summer time)
    TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


@dataclass
class History:
    """What one ``git log`` pass over cards/ and licenses/ tells (first-parent line, oldest
    first): each path's changes as (day in Tehran, blob before, blob after; ``None``: absent),
    the date of its last change, and the state (path → blob) at the end of each Jalali month
    in which something changed."""

    changes: dict[str, list[tuple[dt.date, str | None, str | None]]] = field(default_factory=dict)
    months: list[tuple[tuple[int, int], dict[str, str]]] = field(default_factory=list)

    @property
    def dates(self) -> dict[str, dt.date]:
        return {path: seen[-1][0] for path, seen in self.changes.items() if seen}


_ZERO = frozenset({"0" * 40, "0" * 64})


def read_history(root: Path) -> History:
    """The :class:`History` of ``root`` from one ``git log`` (NUL-separated raw output, paths
    relative to ``root``); outside a repository, or without git, an empty history. Linear in
    the size of the log (plus one copy of the state per month)."""
    from . import jalali

    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "-z", "--first-parent", "--diff-merges=first-parent", "--reverse", "--format=%x01%ct",
             "--raw", "--no-renames", "--no-abbrev", "--relative", "--", "cards", "licenses"],
            capture_output=True, check=True, timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return History()
    out = History()
    state: dict[str, str] = {}
    month: tuple[int, int] | None = None
    day: dt.date | None = None
    tokens = log.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x01"):
            day = dt.datetime.fromtimestamp(int(token[1:]), TEHRAN).date()
            y, m, _ = jalali.from_gregorian(day)
            if month is not None and (y, m) != month:
                out.months.append((month, dict(state)))
            month = (y, m)
        elif token.startswith(b":") and i < len(tokens) and day is not None:
            meta = token[1:].decode().split(" ")
            path = tokens[i].decode("utf-8", "backslashreplace")
            i += 1
            old = None if meta[2] in _ZERO else meta[2]
            new = None if meta[3] in _ZERO else meta[3]
            if new is None:
                state.pop(path, None)
            else:
                state[path] = new
            out.changes.setdefault(path, []).append((day, old, new))
    if month is not None:
        out.months.append((month, state))
    return out
