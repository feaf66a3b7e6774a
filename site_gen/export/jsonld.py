"""Linked data: each service as CPSV-AP 3.2 JSON-LD, and schema.org GovernmentService.

CPSV-AP (``index.jsonld`` beside each service page, and every service in one
``downloads/catalogue.jsonld``): a ``cpsv:PublicService`` with its competent authority (the
agency, a ``cv:PublicOrganisation`` in Iran), its channels (one per channel named in its access
stages), its costs (``cv:Cost`` in rials, currency IRR), its documents as ``cpsv:hasInput``
evidence, its laws as ``eli:LegalResource``, its average duration as an ISO 8601
``cv:processingTime`` and its life events as ``cv:isGroupedBy``. The context is inline (nothing
is fetched to read a file), and every address is relative to the file, so the data holds under
any host or path prefix: a reader resolves it against the address it fetched.

schema.org (``<script type="application/ld+json">`` in each service page): a
``GovernmentService`` with its provider, channels and price; the JSON is escaped so that no card
text can close the script (``<``, ``>``, ``&`` and the line separators become ``\\uXXXX``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ..model import Agency, Service
from ..model.common import Document, Duration, Law
from ..model.vocab import Channel, LifeEvent, TimeUnit

Key = tuple[str, str]

CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IRAN = "http://publications.europa.eu/resource/authority/country/IRN"
RIAL = "http://publications.europa.eu/resource/authority/currency/IRR"

#: ISO 8601 designator of each unit, and how many of the next smaller unit it holds (a value
#: with a fraction is written in a smaller unit: xsd:duration allows a fraction of seconds only).
_UNITS: dict[str, tuple[str, bool, str | None, int]] = {
    TimeUnit.YEAR.value: ("Y", False, TimeUnit.MONTH.value, 12),
    TimeUnit.MONTH.value: ("M", False, TimeUnit.DAY.value, 30),
    TimeUnit.WEEK.value: ("W", False, TimeUnit.DAY.value, 7),
    TimeUnit.DAY.value: ("D", False, TimeUnit.HOUR.value, 24),
    TimeUnit.HOUR.value: ("H", True, TimeUnit.MINUTE.value, 60),
    TimeUnit.MINUTE.value: ("M", True, "second", 60),
    "second": ("S", True, None, 0),
}


def iso_duration(value: float, unit: str) -> str:
    """``3 day`` → ``P3D``, ``1.5 hour`` → ``PT90M``, ``0 minute`` → ``PT0M``."""
    amount = Decimal(str(value))
    while amount != amount.to_integral_value():
        designator, timed, smaller, factor = _UNITS[unit]
        if smaller is None:
            break
        amount, unit = amount * factor, smaller
    designator, timed, _, _ = _UNITS[unit]
    shown = format(amount.normalize(), "f") if amount != amount.to_integral_value() else str(int(amount))
    return ("PT" if timed else "P") + shown + designator


def _fa(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "fa"}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _concept(root: str, scheme: str, value: str, label: str) -> dict[str, Any]:
    return {"@id": f"{root}downloads/#{scheme}-{value}", "@type": "skos:Concept", "skos:prefLabel": _fa(label), "skos:notation": value}


def service_iri(root: str, key: Key) -> str:
    return f"{root}services/{key[0]}/{key[1]}/#service"


def agency_iri(root: str, slug: str) -> str:
    return f"{root}agencies/{slug}/#agency"


def service_nodes(root: str, key: Key, card: Service, agency: Agency) -> list[dict[str, Any]]:
    """The nodes of one service (and the agency, places and concepts it points at). ``root`` is
    the way from the file to the site's root (``../../../`` beside a service page)."""
    me = service_iri(root, key)
    ident = card.id or f"{key[0]}/{key[1]}"
    nodes: list[dict[str, Any]] = []
    service: dict[str, Any] = {
        "@id": me,
        "@type": "cpsv:PublicService",
        "dct:identifier": ident,
        "dct:title": _fa(card.title),
        "dct:description": _fa(card.description or card.summary or card.title),
        "cv:hasCompetentAuthority": _ref(agency_iri(root, key[0])),
        "foaf:page": _ref(f"{root}services/{key[0]}/{key[1]}/"),
    }
    nodes.append(service)
    nodes += organisation_nodes(root, key[0], agency)

    channels: list[Channel] = []
    for _, stage in card.access.stages() if card.access else []:
        channels += [c for c in stage.channels or [] if c not in channels]
    if channels:
        service["cv:hasChannel"] = []
    for channel in channels:
        iri = f"{me}-channel-{channel.value}"
        service["cv:hasChannel"].append(_ref(iri))
        concept = _concept(root, "channel", channel.value, channel.label)
        nodes.append({"@id": iri, "@type": "cv:Channel", "dct:identifier": f"{ident}/channel/{channel.value}", "dct:type": _ref(str(concept["@id"]))})
        nodes.append(concept)

    costs = []
    if card.cost and card.cost.free:
        costs.append({"@id": f"{me}-cost-free", "@type": "cv:Cost", "dct:identifier": f"{ident}/cost/free",
                      "cv:hasValue": {"@value": 0.0, "@type": "xsd:double"}, "cv:currency": _ref(RIAL), "dct:description": _fa("رایگان")})
    for i, item in enumerate((card.cost.items or []) if card.cost else [], 1):
        cost: dict[str, Any] = {"@id": f"{me}-cost-{i}", "@type": "cv:Cost", "dct:identifier": f"{ident}/cost/{i}", "cv:currency": _ref(RIAL)}
        if item.amount_rials is not None:
            cost["cv:hasValue"] = {"@value": float(item.amount_rials), "@type": "xsd:double"}
        words = [item.title] + [w for w in (item.rule, item.condition) if w]
        if item.amount_rials is None and item.min_rials is not None and item.max_rials is not None:
            words.append(f"از {item.min_rials} تا {item.max_rials} ریال")
        cost["dct:description"] = _fa("؛ ".join(words))
        costs.append(cost)
    if costs:
        service["cv:hasCost"] = [_ref(str(c["@id"])) for c in costs]
        nodes += costs
        nodes.append({"@id": RIAL, "@type": "skos:Concept", "skos:prefLabel": _fa("ریال")})

    documents = []
    for i, doc in enumerate(card.required_documents or [], 1):
        title, code = (doc.title, doc.code) if isinstance(doc, Document) else (doc, None)
        documents.append({"@id": f"{me}-document-{i}", "@type": "cv:Evidence", "dct:identifier": code or f"{ident}/document/{i}", "dct:title": _fa(title)})
    if documents:
        service["cpsv:hasInput"] = [_ref(str(d["@id"])) for d in documents]
        nodes += documents

    laws = []
    for i, law in enumerate(card.laws or [], 1):
        node: dict[str, Any] = {"@id": f"{me}-law-{i}", "@type": "eli:LegalResource"}
        if isinstance(law, Law):
            node["dct:title"] = _fa(law.title)
            if law.number:
                node["dct:identifier"] = law.number
            if law.url:
                node["rdfs:seeAlso"] = _ref(law.url)
        else:
            node["dct:title"] = _fa(law)
        laws.append(node)
    if laws:
        service["cv:hasLegalResource"] = [_ref(n["@id"]) for n in laws]
        nodes += laws

    time = processing_time(card.average_duration)
    if time:
        service["cv:processingTime"] = {"@value": time, "@type": "xsd:duration"}

    events = [e for e in card.life_events or [] if e is not LifeEvent.OTHER]
    if events:
        service["cv:isGroupedBy"] = [_ref(f"{root}downloads/#life-event-{e.value}") for e in events]
        for e in events:
            nodes.append({"@id": f"{root}downloads/#life-event-{e.value}", "@type": ["cv:LifeEvent", "cv:Event"],
                          "dct:identifier": e.value, "dct:title": _fa(e.label)})
    return nodes


def processing_time(d: Duration | None) -> str | None:
    if d is None or d.value is None or d.unit is None:
        return None
    return iso_duration(d.value, d.unit.value)


def organisation_nodes(root: str, slug: str, agency: Agency) -> list[dict[str, Any]]:
    return [
        {"@id": agency_iri(root, slug), "@type": "cv:PublicOrganisation", "skos:prefLabel": _fa(agency.name),
         "dct:identifier": agency.code or slug, "dct:spatial": _ref(IRAN), "foaf:page": _ref(f"{root}agencies/{slug}/")},
        {"@id": IRAN, "@type": "dct:Location", "skos:prefLabel": _fa("ایران")},
    ]


def document(nodes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A JSON-LD document of these nodes, each ``@id`` once (the first one kept)."""
    seen: dict[str, dict[str, Any]] = {}
    for node in nodes:
        seen.setdefault(node["@id"], node)
    return {"@context": CONTEXT, "@graph": list(seen.values())}


def service_jsonld(key: Key, card: Service, agency: Agency) -> bytes:
    """``services/<agency>/<slug>/index.jsonld``."""
    return _dumps(document(service_nodes("../../../", key, card, agency)))


def catalogue_jsonld(services: Iterable[tuple[Key, Service]], agencies: dict[str, Agency]) -> bytes:
    """``downloads/catalogue.jsonld``: every service."""
    nodes: list[dict[str, Any]] = []
    for key, card in services:
        nodes += service_nodes("../", key, card, agencies[key[0]])
    return _dumps(document(nodes))


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- schema.org -------------------------------------------------------------------------------

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--`` or line separator can
    appear in it, whatever the strings hold (the escapes are still the same JSON strings)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def government_service(key: Key, card: Service, agency: Agency) -> dict[str, Any]:
    """schema.org GovernmentService of one card (inline ``@vocab``: nothing to fetch)."""
    data: dict[str, Any] = {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "GovernmentService",
        "name": card.title,
        "identifier": card.id or f"{key[0]}/{key[1]}",
        "provider": {"@type": "GovernmentOrganization", "name": agency.name, **({"url": agency.website} if agency.website else {})},
        "areaServed": {"@type": "Country", "name": "ایران"},
    }
    if card.description or card.summary:
        data["description"] = card.description or card.summary
    if card.service_types:
        data["serviceType"] = [t.label for t in card.service_types]
    if card.audience:
        data["audience"] = [{"@type": "Audience", "audienceType": a} for a in card.audience]
    channels: list[Channel] = []
    for _, stage in card.access.stages() if card.access else []:
        channels += [c for c in stage.channels or [] if c not in channels]
    available = [{"@type": "ServiceChannel", "name": c.label} for c in channels]
    if card.website:
        available.insert(0, {"@type": "ServiceChannel", "name": card.system_name or card.title, "serviceUrl": card.website})
    if available:
        data["availableChannel"] = available
    if card.cost and card.cost.free:
        data["offers"] = {"@type": "Offer", "price": 0, "priceCurrency": "IRR"}
    elif card.cost and card.cost.items:
        offers = [{"@type": "Offer", "name": i.title, "price": i.amount_rials, "priceCurrency": "IRR"} for i in card.cost.items if i.amount_rials is not None]
        if offers:
            data["offers"] = offers
    return data


def schema_org_script(key: Key, card: Service, agency: Agency) -> Markup:
    """The ``<script type="application/ld+json">`` of a service page, on one line."""
    return Markup('<script type="application/ld+json">' + script_json(government_service(key, card, agency)) + "</script>")
