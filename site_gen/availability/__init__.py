"""E-service availability: probe every address of the catalogue, keep the results, show them.

* :mod:`.probe` probes addresses concurrently (``site-gen check-urls``);
* :mod:`.status` is the status file (``ROOT/status.json``): runs, daily rollups, uptime;
* :mod:`site_gen.render.availability` shows it: a line on each service page and the pages
  ``/availability/`` and ``/availability/<agency>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..catalogue import Catalogue

Kind = Literal["service", "licence", "agency"]


@dataclass(frozen=True)
class Target:
    """An address of the catalogue and the record that names it."""

    url: str
    agency: str
    kind: Kind
    slug: str  # the record's slug ("" for the agency itself)


def targets(catalogue: Catalogue) -> list[Target]:
    """Every address to probe: agencies' websites, services' addresses, licences' samples, in
    the order of the agencies, then of the records."""
    out: list[Target] = []
    for slug, agency in sorted(catalogue.agencies.items()):
        if agency.website:
            out.append(Target(agency.website, slug, "agency", ""))
    for (agency_slug, slug), card in sorted(catalogue.services.items()):
        if card.website:
            out.append(Target(card.website, agency_slug, "service", slug))
    for (agency_slug, slug), lic in sorted(catalogue.licences.items()):
        if lic.sample_url:
            out.append(Target(lic.sample_url, agency_slug, "licence", slug))
    return out
