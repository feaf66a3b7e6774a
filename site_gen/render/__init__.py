"""Catalogue → the generated Markdown pages and static files of the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..catalogue import Catalogue
from .pages import Site, all_pages, redirects


def write_site(catalogue: Catalogue, docs: Path, dates: dict[str, dt.date] | None = None) -> set[Path]:
    """Write every generated page under ``docs``; return the paths written (changed or not).

    A file whose content is unchanged is not rewritten, so a live-reloading server only sees
    the pages that really changed.
    """
    site = Site(catalogue, dates or {})
    written: set[Path] = set()
    for page in all_pages(site):
        written.add(_write(docs / page.path, page.content))
    for path, html in redirects(site):
        written.add(_write(docs / path, html))
    from ..search.index import write_search_index

    written |= write_search_index(catalogue, docs)
    return written


def _write(path: Path, content: str) -> Path:
    try:
        if path.read_text(encoding="utf-8") == content:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path
