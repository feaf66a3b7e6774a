"""The status file: probe runs, daily rollups, uptime.

``ROOT/status.json`` (written by ``site-gen check-urls``, read by ``site-gen build``)::

    {"runs": [{"started": "2026-12-04T18:30:00+00:00",
               "results": [{"url": …, "ok": true, "status": 200, "error": null,
                            "ms": 182.4, "tls_days_left": 61}, …]}, …],
     "daily": [{"date": "2026-12-04", "urls": {"https://…": [4, 3, 1], …}}, …]}

Runs are newest last; only the last ``keep_runs`` are kept. Every run is also counted into the
rollup of its day (the day in Tehran): for each address ``[checks, up, slow]``; only the last
``keep_days`` days are kept. The file therefore stays bounded however often the job runs (a
repository that commits every probe, as Upptime's do, grows to gigabytes), and uptime is
computed from the rollups over the kept period. The file is written one result per line, so
that the commit of a run is a small diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import codes
from ..history import TEHRAN
from .probe import Result

#: Where the build looks for the status file, relative to the catalogue's root.
FILE = "status.json"
#: A working address slower than this (to its headers, in milliseconds) is shown as slow.
SLOW_MS = 3000
KEEP_RUNS = 10
KEEP_DAYS = 90


class StatusError(Exception):
    """The status file cannot be read: ``path:line:col: error: code: key: message``."""

    def __init__(self, path: Path | str, message: str, line: int = 1, col: int = 1, key: str = "-") -> None:
        super().__init__(f"{path}:{line}:{col}: error: {codes.AVAILABILITY_STATUS}: {key}: {message}")


@dataclass
class Check:
    """One address in one run."""

    started: dt.datetime
    ok: bool
    status: int | None
    error: str | None
    ms: float | None
    tls_days_left: int | None

    def state(self, slow_ms: float = SLOW_MS) -> str:
        """``up``, ``slow`` or ``down``."""
        if not self.ok:
            return "down"
        return "slow" if self.ms is not None and self.ms > slow_ms else "up"


@dataclass(eq=False)
class Status:
    runs: list[dict[str, Any]] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)

    def latest(self) -> dict[str, Check]:
        """Each address's last check (in the newest run that has it)."""
        out: dict[str, Check] = {}
        for run in reversed(self.runs):
            started = parse_time(run["started"])
            for r in run["results"]:
                if r["url"] not in out:
                    out[r["url"]] = Check(started, r["ok"], r["status"], r["error"], r["ms"], r["tls_days_left"])
        return out

    def uptime(self) -> dict[str, tuple[int, int]]:
        """Address → (checks, up) over the kept days; slow counts as up."""
        out: dict[str, tuple[int, int]] = {}
        for day in self.daily:
            for url, (checks, up, _slow) in day["urls"].items():
                n, u = out.get(url, (0, 0))
                out[url] = (n + checks, u + up)
        return out

    def period(self) -> tuple[str, str] | None:
        """The first and last day of the kept rollups."""
        return (self.daily[0]["date"], self.daily[-1]["date"]) if self.daily else None

    def append(self, started: dt.datetime, results: Iterable[Result], *, keep_runs: int = KEEP_RUNS, keep_days: int = KEEP_DAYS, slow_ms: float = SLOW_MS) -> None:
        """Add a run (newest last), count it into its day's rollup, drop what is past keeping."""
        rows = [r.to_dict() for r in results]
        self.runs.append({"started": started.astimezone(dt.UTC).isoformat(timespec="seconds"), "results": rows})
        del self.runs[: max(0, len(self.runs) - keep_runs)]
        day = started.astimezone(TEHRAN).date().isoformat()
        entry = next((d for d in self.daily if d["date"] == day), None)
        if entry is None:
            entry = {"date": day, "urls": {}}
            self.daily.append(entry)
            self.daily.sort(key=lambda d: d["date"])
        for r in rows:
            checks, up, slow = entry["urls"].get(r["url"], [0, 0, 0])
            is_slow = r["ok"] and r["ms"] is not None and r["ms"] > slow_ms
            entry["urls"][r["url"]] = [checks + 1, up + int(r["ok"]), slow + int(is_slow)]
        del self.daily[: max(0, len(self.daily) - keep_days)]

    def dumps(self) -> str:
        """JSON with one result (or one day's address) per line: small diffs between commits."""
        def obj(d: Mapping[str, Any]) -> str:
            return json.dumps(d, ensure_ascii=False, separators=(", ", ": "))

        runs = ",\n".join(
            '  {"started": ' + json.dumps(run["started"]) + ', "results": [\n' + ",\n".join("    " + obj(r) for r in run["results"]) + "\n  ]}"
            for run in self.runs)
        daily = ",\n".join(
            '  {"date": ' + json.dumps(day["date"]) + ', "urls": {\n'
            + ",\n".join(f"    {json.dumps(url, ensure_ascii=False)}: {json.dumps(v)}" for url, v in day["urls"].items()) + "\n  }}"
            for day in self.daily)
        return '{"runs": [\n' + runs + '\n],\n"daily": [\n' + daily + "\n]}\n"


def parse_time(value: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(value)
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def load(path: Path) -> Status:
    """Read and check a status file; :class:`StatusError` (never a traceback) when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StatusError(path, "انتظار می‌رفت متن UTF-8 باشد، اما بایت‌های دیگری آمده است") from None
    except OSError as exc:
        raise StatusError(path, f"پرونده خوانده نشد: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StatusError(path, f"انتظار می‌رفت JSON درست باشد، اما اینجا خطا دارد ({exc.msg})", exc.lineno, exc.colno) from None
    except RecursionError:
        raise StatusError(path, "انتظار می‌رفت JSON درست باشد، اما تودرتویی آن بیش از اندازه است") from None
    _expect(path, "", data, dict, "نگاشتی با کلیدهای runs و daily")
    runs = data.get("runs", [])
    daily = data.get("daily", [])
    _expect(path, "runs", runs, list, "فهرست اجراها")
    _expect(path, "daily", daily, list, "فهرست روزها")
    for i, run in enumerate(runs):
        key = f"runs[{i}]"
        _expect(path, key, run, dict, "نگاشتی با started و results")
        started = run.get("started")
        _expect(path, f"{key}.started", started, str, "زمان به قالب ISO-8601")
        try:
            parse_time(started)
        except ValueError:
            raise StatusError(path, f"انتظار می‌رفت زمان به قالب ISO-8601 باشد، اما «{started}» آمده است", key=f"{key}.started") from None
        results = run.get("results")
        _expect(path, f"{key}.results", results, list, "فهرست نتیجه‌ها")
        for j, r in enumerate(results):
            rkey = f"{key}.results[{j}]"
            _expect(path, rkey, r, dict, "نگاشت یک نتیجه")
            _expect(path, f"{rkey}.url", r.get("url"), str, "نشانی (متن)")
            _expect(path, f"{rkey}.ok", r.get("ok"), bool, "true یا false")
            for name, kind, what in (("status", int, "عدد صحیح یا null"), ("error", str, "متن یا null"), ("ms", (int, float), "عدد یا null"), ("tls_days_left", int, "عدد صحیح یا null")):
                if r.get(name) is not None:
                    _expect(path, f"{rkey}.{name}", r[name], kind, what)
            for name in ("status", "error", "ms", "tls_days_left"):
                r.setdefault(name, None)
    for i, day in enumerate(daily):
        key = f"daily[{i}]"
        _expect(path, key, day, dict, "نگاشتی با date و urls")
        _expect(path, f"{key}.date", day.get("date"), str, "روز به قالب YYYY-MM-DD")
        try:
            dt.date.fromisoformat(day["date"])
        except ValueError:
            raise StatusError(path, f"انتظار می‌رفت روز به قالب YYYY-MM-DD باشد، اما «{day['date']}» آمده است", key=f"{key}.date") from None
        _expect(path, f"{key}.urls", day.get("urls"), dict, "نگاشت نشانی به [بررسی، در دسترس، کند]")
        for counts in day["urls"].values():
            if not (isinstance(counts, list) and len(counts) == 3 and all(type(n) is int and n >= 0 for n in counts) and counts[1] <= counts[0]):
                raise StatusError(path, f"انتظار می‌رفت سه عدد [بررسی، در دسترس، کند] باشد، اما {_shown(counts)} آمده است", key=f"{key}.urls")
    daily.sort(key=lambda d: d["date"])
    return Status(runs, daily)


def load_if_present(root: Path) -> Status | None:
    """The catalogue's status file, or ``None`` when there is none (the site builds as before)."""
    path = root / FILE
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        raise StatusError(path, "انتظار می‌رفت پرونده باشد، اما پیوند نمادین آمده است")
    return load(path)


_KINDS = {dict: "نگاشت", list: "فهرست", str: "متن", bool: "true یا false", int: "عدد صحیح", float: "عدد"}


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"


def _expect(path: Path, key: str, value: Any, kind: type | tuple[type, ...], what: str) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    good = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not good:
        got = "هیچ" if value is None else _KINDS.get(type(value), type(value).__name__)
        raise StatusError(path, f"انتظار می‌رفت {what} باشد، اما {got} آمده است", key=key or "-")
