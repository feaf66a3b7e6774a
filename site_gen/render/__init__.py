"""Catalogue → the generated Markdown pages and static files of the site."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..catalogue import Catalogue
from ..files import write_if_changed
from .pages import Page, Site, page_jobs, redirects

#: Below this many records, a second process costs more than it saves.
PARALLEL_THRESHOLD = 400
_JOBS: list[Callable[[], Iterable[Page]]] = []
_DOCS = Path()


def write_site(catalogue: Catalogue, docs: Path, dates: dict[str, dt.date] | None = None, *, jobs: int | None = None,
               history: object = None) -> set[Path]:
    """Write every generated page under ``docs``; return the paths written (changed or not).

    A file whose content is unchanged is not rewritten, so a live-reloading server only sees
    the pages that really changed. Large catalogues render on every core: the pages are
    independent, and forked workers share the catalogue without copying it. ``history``
    (:func:`site_gen.history.read_history`) feeds /history/ and each card's list of changes.
    """
    from ..export import write_exports
    from ..search.index import write_search_index

    site = Site(catalogue, dates or {}, history=history)
    all_jobs = page_jobs(site)
    written: set[Path] = set()
    workers = min(jobs or os.cpu_count() or 1, 8)
    if workers > 1 and len(catalogue.services) + len(catalogue.licences) >= PARALLEL_THRESHOLD:
        global _JOBS, _DOCS
        _JOBS, _DOCS = all_jobs, docs
        try:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                search = pool.apply_async(write_search_index, (catalogue, docs))
                exports = pool.apply_async(write_exports, (catalogue, docs, dates))
                size = max(1, len(all_jobs) // (workers * 16))
                ranges = [(i, i + size) for i in range(0, len(all_jobs), size)]
                for part in pool.imap_unordered(_run, ranges, chunksize=1):
                    written |= part
                written |= search.get()
                written |= exports.get()
        finally:
            _JOBS, _DOCS = [], Path()
    else:
        for job in all_jobs:
            for page in job():
                written.add(_write(docs / page.path, page.content))
        written |= write_search_index(catalogue, docs)
        written |= write_exports(catalogue, docs, dates)
    for path, html in redirects(site):
        written.add(_write(docs / path, html))
    return written


def _run(span: tuple[int, int]) -> set[Path]:
    """In a worker: the jobs ``span[0]`` to ``span[1]``."""
    out: set[Path] = set()
    for job in _JOBS[span[0] : span[1]]:
        for page in job():
            out.add(_write(_DOCS / page.path, page.content))
    return out


def _write(path: Path, content: str) -> Path:
    return write_if_changed(path, content.encode("utf-8"))
