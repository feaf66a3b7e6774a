"""The «منبع» part of a card or licence page: the published pages a real record was taken from,
each with the Jalali date it was read, and a note when only part of the page was readable."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from ..model.common import Source
from . import html as h


def sources_part(sources: Iterable[Source] | None) -> Markup:
    """A list of source links, or nothing when the record names no source (sample data)."""
    rows = []
    for s in sources or []:
        note = " · فقط بخشی از صفحه خوانا بود" if s.partial else ""
        rows.append(h.fmt("{} (برداشت: {}{})", h.link(s.url, _host(s.url)), h.jalali_date(s.retrieved), note))
    if not rows:
        return Markup("")
    return h.fmt('<div class="record-sources">{}</div>', h.items(rows))


def _host(url: str) -> str:
    """The site's address shown as the link text (the full URL stays in the link)."""
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0] or url
