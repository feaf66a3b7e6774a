"""``downloads/sitemap.xml``: every record page (services, licences, agencies) and the indexes,
with the day each record's file last changed where git knows it (``<lastmod>``).

Addresses are absolute when ``site_url`` is set in ``mkdocs.yml``; otherwise they are paths
from the site's root, as MkDocs' own ``/sitemap.xml`` writes them then.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from ..catalogue import Catalogue
from ..model.kind import RecordKind


def sitemap_xml(catalogue: Catalogue, dates: dict[str, dt.date], base: str = "/") -> bytes:
    from ..render.pages import agency_url, licence_url, service_url

    entries: list[tuple[str, str | None]] = [("", None), ("services/", None), ("licenses/", None), ("agencies/", None), ("downloads/", None)]

    def changed(kind: RecordKind, agency: str, slug: str) -> str | None:
        rel = catalogue.paths.get((kind, agency, slug))
        day = dates.get(rel) if rel else None
        return day.isoformat() if day else None

    for slug in sorted(catalogue.agencies):
        entries.append((agency_url(slug), changed(RecordKind.AGENCY, slug, "_agency")))
    for key in sorted(catalogue.services):
        entries.append((service_url(key), changed(RecordKind.SERVICE, *key)))
    for key in sorted(catalogue.licences):
        entries.append((licence_url(key), changed(RecordKind.LICENCE, *key)))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, day in entries:
        mod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"<url><loc>{escape(base + url)}</loc>{mod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
