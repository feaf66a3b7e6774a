"""When each record last changed, from git: one ``git log`` for the whole catalogue.

Outside a git repository (or without git) there are no dates, and no error.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changes(root: Path) -> dict[str, dt.date]:
    """Relative path (under ``root``) → date of the last commit that touched it."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "cards", "licenses"],
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
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)
    return dates
