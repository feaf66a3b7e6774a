"""``site-gen check-urls``: probe the catalogue's addresses, append the run to the status file,
print a summary (up, down, slow; per agency) in Persian."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..text import persian_digits
from . import Target, targets
from .probe import ERRORS, Options, Result, probe
from .status import KEEP_DAYS, KEEP_RUNS, SLOW_MS, Status, load


@dataclass
class Outcome:
    results: list[Result]
    lines: list[str]
    skipped_files: int


class Progress:
    """A count on a terminal (standard error), nothing on a pipe: CI logs only the summary."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream: TextIO = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < total):
            return
        self.last = now
        self.stream.write(f"\r\x1b[Kبررسی نشانی‌ها: {persian_digits(done)} از {persian_digits(total)}")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def check_urls(root: Path, out: Path, options: Options, *, keep_runs: int = KEEP_RUNS, keep_days: int = KEEP_DAYS,
               slow_ms: float = SLOW_MS, progress: Progress | None = None, now: dt.datetime | None = None) -> Outcome:
    """Probe, append, write ``out`` (atomically), and say what was found. The status file is read
    first: one that cannot be read is an error (:class:`~.status.StatusError`) and is left as is."""
    from ..catalogue import load_catalogue

    status = load(out) if os.path.lexists(out) else Status()
    catalogue, report = load_catalogue(root, keep_records=True)
    skipped = len({d.file for d in report.errors})
    found = targets(catalogue)
    started = now or dt.datetime.now(dt.UTC)
    try:
        results = probe([t.url for t in found], options, progress)
    finally:
        if progress:
            progress.done()
    status.append(started, results, keep_runs=keep_runs, keep_days=keep_days, slow_ms=slow_ms)
    _write(out, status.dumps())
    return Outcome(results, summary(found, results, slow_ms, out, skipped), skipped)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".status-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _state(r: Result, slow_ms: float) -> str:
    if not r.ok:
        return "down"
    return "slow" if r.ms is not None and r.ms > slow_ms else "up"


def summary(found: list[Target], results: list[Result], slow_ms: float, out: Path, skipped: int = 0) -> list[str]:
    """The lines printed at the end: totals, then per agency, then each address that is down."""
    by_url = {r.url: r for r in results}
    p = persian_digits
    totals = Counter(_state(r, slow_ms) for r in results)
    lines = [f"{p(len(results))} نشانی بررسی شد: {p(totals['up'])} در دسترس، {p(totals['slow'])} کند "
             f"(دیرتر از {p(f'{slow_ms / 1000:g}')} ثانیه)، {p(totals['down'])} از دسترس خارج؛ نتیجه در {out} نوشته شد"]
    if skipped:
        lines.append(f"{p(skipped)} پرونده خطا دارد و نشانی‌های آن بررسی نشد (site-gen validate)")
    per_agency: dict[str, Counter[str]] = defaultdict(Counter)
    for agency, url in dict.fromkeys((t.agency, t.url) for t in found):
        per_agency[agency][_state(by_url[url], slow_ms)] += 1
    for agency in sorted(per_agency):
        c = per_agency[agency]
        lines.append(f"  {agency}: {p(c['up'])} در دسترس، {p(c['slow'])} کند، {p(c['down'])} از دسترس خارج")
    for r in results:
        if not r.ok:
            reason = ERRORS.get(r.error or "", r.error or "")
            code = f" (کد {p(r.status)})" if r.status is not None else ""
            lines.append(f"از دسترس خارج: {r.url}: {reason}{code}")
    return lines
