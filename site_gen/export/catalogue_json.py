"""``catalogue.json``: every agency, service and licence with its slug, id and page address."""

from __future__ import annotations

import json
from typing import Any

from ..catalogue import Catalogue

FORMAT_VERSION = 1


def catalogue_data(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue as plain data: records in sorted order, the YAML keys, fields that
    are not stated left out, and each record's ``url`` (from the site's root)."""
    from ..render.pages import agency_url, licence_url, service_url

    agencies = [{**catalogue.agencies[slug].model_dump(mode="json", exclude_none=True), "url": "/" + agency_url(slug)}
                for slug in sorted(catalogue.agencies)]
    services = [{"agency": key[0], "slug": key[1], **catalogue.services[key].model_dump(mode="json", exclude_none=True),
                 "url": "/" + service_url(key)} for key in sorted(catalogue.services)]
    licences = [{"agency": key[0], "slug": key[1], **catalogue.licences[key].model_dump(mode="json", exclude_none=True),
                 "url": "/" + licence_url(key)} for key in sorted(catalogue.licences)]
    return {
        "format_version": FORMAT_VERSION,
        "counts": {"agencies": len(agencies), "services": len(services), "licenses": len(licences)},
        "agencies": agencies,
        "services": services,
        "licenses": licences,
    }


def catalogue_json(catalogue: Catalogue) -> bytes:
    return json.dumps(catalogue_data(catalogue), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
