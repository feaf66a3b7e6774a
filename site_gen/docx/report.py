"""The import report: per file, each field mapped, guessed (and why), not found, or left out."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from ..report import Diagnostic
from ..text import persian_digits
from .mapping import Entry

STATUS = {
    "mapped": "نگاشته شد",
    "guessed": "حدس زده شد",
    "not_found": "پیدا نشد",
    "left_out": "کنار گذاشته شد",
    "unknown": "بی‌جا ماند",
}


@dataclass
class FileReport:
    source: str
    ok: bool = False
    target: str = ""
    kind: str = ""
    entries: list[Entry] = field(default_factory=list)
    error: Diagnostic | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "ok": self.ok,
            "kind": self.kind or None,
            "target": self.target or None,
            "error": self.error.as_dict() if self.error else None,
            "fields": [e.as_dict() for e in self.entries],
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


def summary(reports: list[FileReport]) -> str:
    done = sum(1 for r in reports if r.ok)
    failed = len(reports) - done
    left = sum(
        1 for r in reports for e in r.entries if e.status == "left_out" and "تکمیل‌کننده" in e.field
    )
    line = f"{persian_digits(len(reports))} پرونده: {persian_digits(done)} پیش‌نویس نوشته شد، {persian_digits(failed)} ناموفق"
    if left:
        line += f"؛ دادهٔ شخصی تکمیل‌کنندهٔ فرم در {persian_digits(left)} مورد کنار گذاشته شد"
    return line


def render_text(reports: list[FileReport], verbose: bool = True) -> str:
    out: list[str] = []
    for r in reports:
        if r.error is not None:
            out.append(r.error.text())
            continue
        out.append(f"{r.source}: پیش‌نویس {r.target} نوشته شد")
        if verbose:
            for e in r.entries:
                parts = [f"  {STATUS.get(e.status, e.status)}:", e.field or "—"]
                if e.detail:
                    parts.append(f"— {e.detail}")
                if e.where:
                    parts.append(f"({e.where})")
                out.append(" ".join(parts))
        for d in r.diagnostics:
            out.append("  " + d.text())
    out.append(summary(reports))
    return "\n".join(out) + "\n"


def render_json(reports: list[FileReport]) -> str:
    return (
        json.dumps(
            {"files": [r.as_dict() for r in reports], "summary": summary(reports)},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


class Progress:
    """A one-line progress bar on a terminal (Persian); nothing on a pipe."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream: TextIO = stream or sys.stderr
        self.enabled = self.stream.isatty() and total > 1
        self.total = total
        self.last = 0.0

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < 0.2 and done < self.total:
            return
        self.last = now
        width = 30
        filled = width * done // max(self.total, 1)
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(
            f"\r\x1b[Kخواندن فرم‌ها {bar} {persian_digits(done)} از {persian_digits(self.total)}"
        )
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
