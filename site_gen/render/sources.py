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
        rows.append(h.fmt("{} (برداشت: {}{})", _source_link(s.url), h.jalali_date(s.retrieved), note))
    if not rows:
        return Markup("")
    return h.fmt('<div class="record-sources">{}</div>', h.items(rows))


def _source_link(url: str) -> Markup:
    """The link shows the address itself, shortened to scheme and host (the full URL, often long and
    percent-encoded, stays in the link): an address keeps its Latin characters and digits."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0]
    shown = f"{scheme}://{host}" + ("/…" if rest[len(host):].strip("/") else "")
    return h.fmt('<a href="{}" rel="nofollow noopener">{}</a>', h.text(url), h.ltr(shown))
