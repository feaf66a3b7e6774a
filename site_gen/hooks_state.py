"""State shared between site_gen.build and the MkDocs hooks module (loaded by path)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

progress: Callable[[str, int, int], None] | None = None
total = 0
done = 0


def start(callback: Callable[[str, int, int], None] | None, pages: int) -> None:
    global progress, total, done
    progress, total, done = callback, pages, 0


def page_done() -> None:
    global done
    done += 1
    if progress is not None:
        progress("mkdocs", done, total)


def restage(root: str) -> None:
    """Under ``site-gen serve``: validate and regenerate; on errors keep the last good pages."""
    from .build import stage
    from .report import render

    report, _ = stage(Path(root))
    if report.errors:
        sys.stderr.write(render(report, "text"))
