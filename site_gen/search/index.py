"""The static search index: ``search/`` in the docs folder, fetched piece by piece by search.js.

Layout (all JSON, UTF-8, no third-party host):

``search/manifest.json``
    the normalisation table (``normalise.json``), the shard keys, field weights, the number of
    documents, the document-chunk size and a version that the other files are fetched with.
``search/s/<n>.json``
    term shard ``n``: ``{term: postings}`` for every term whose longest prefix among the shard
    keys is ``keys[n]``. Keys start as the first two characters of a term; a shard larger than
    :data:`SHARD_LIMIT` is split by one more character (its own file then keeps the terms as
    long as the key, and under ``"*"`` the best documents of all longer terms, so a short
    prefix still finds titles without fetching every descendant).
``search/d/<n>.json``
    documents ``n*CHUNK …``: ``[kind, agency number, slug, title, summary]``.
``search/a.json``
    agencies: ``[slug, name]`` by agency number.
``search/t/<n>.json``, ``search/x/<n>.json``
    the typo lexicon and the body sentences of chunk ``n`` (see :mod:`.forgiving`).

Postings are a string: for every document (ascending) the number ``gap * 16 + field class``,
written as base-64 digits of 5 bits, lowest first, with the 6th bit set when more digits
follow. A leading ``!`` marks a term found in so many documents that only its high-weight
postings are kept; such a term ranks but does not filter.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import write_if_changed
from ..model.service import SubServiceItem
from ..model.vocab import Vocab
from ..text import persian_digits
from . import forgiving
from .normalise import index_terms, normalise, table

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..model import Agency, Licence, Service

#: Field classes; the weights of :data:`WEIGHTS` are indexed by class.
BODY, SUMMARY, SECONDARY, AGENCY, KEYWORD, ID, TITLE_LONG, TITLE, TITLE_SHORT = range(9)
WEIGHTS = [1, 3, 6, 10, 40, 60, 50, 54, 58]
#: A title of at most this many words is «short», of at most TITLE_WORDS[1] «medium».
TITLE_WORDS = (3, 6)
#: A prefix match counts this fraction of an exact match; a stem match this fraction.
PREFIX_FACTOR = 0.7
STEM_FACTOR = 0.8
#: A term in more documents than this fraction (and at least CAP_MIN) keeps only postings of
#: class AGENCY and above, and stops filtering.
CAP_FRACTION = 0.2
CAP_MIN = 200
#: Shard size (bytes) above which a shard is split by one more character.
SHARD_LIMIT = 20_000
#: The ``"*"`` entry of a split shard keeps this many documents, of class KEYWORD and above.
STAR_LIMIT = 400
#: Documents per metadata chunk.
CHUNK = 24
#: A query term that is itself a split key fetches its descendant shards when there are at most
#: this many; otherwise it uses the ``"*"`` entry.
DESCEND_LIMIT = 6
SUMMARY_CHARS = 160
#: What one document can add to the index, whatever its text: terms are cut to MAX_TERM
#: characters (queries are cut the same way, so a long word is still found), at most
#: MAX_DOC_CHARS characters of its fields are read (title and keywords first, body last) and
#: it adds at most MAX_DOC_TERMS distinct terms (those met first). Shard keys are at most
#: MAX_KEY characters: a shard is not split further even when larger than SHARD_LIMIT. So a
#: document adds at most MAX_DOC_TERMS terms and MAX_DOC_TERMS * (MAX_KEY - 2) shard keys.
MAX_TERM = 32
MAX_DOC_CHARS = 60_000
MAX_DOC_TERMS = 3_000
MAX_KEY = 12
#: A title in the documents' metadata (shown in the results) is cut to this many characters.
TITLE_CHARS = 200

KINDS = ("agencies", "services", "licenses")
AGENCY_KIND, SERVICE_KIND, LICENCE_KIND = range(3)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class Doc:
    kind: int
    agency: str
    slug: str
    title: str
    summary: str
    fields: list[tuple[int, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        if self.kind == AGENCY_KIND:
            return f"agencies/{self.slug}/"
        return f"{KINDS[self.kind]}/{self.agency}/{self.slug}/"


# --- documents --------------------------------------------------------------------------------


def _texts(values: Iterable[Any]) -> Iterator[str]:
    for v in values:
        if v is None:
            continue
        if isinstance(v, Vocab):
            yield v.label
        elif isinstance(v, str):
            yield v
        elif isinstance(v, list):
            yield from _texts(v)
        elif hasattr(v, "title"):
            yield v.title


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _short(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _title_class(title: str) -> int:
    words = len(normalise(title).split(" "))
    if words <= TITLE_WORDS[0]:
        return TITLE_SHORT
    return TITLE if words <= TITLE_WORDS[1] else TITLE_LONG


def service_doc(slug: str, card: Service, agency_name: str) -> Doc:
    doc = Doc(SERVICE_KIND, card.agency, slug, card.title, _short(card.summary or card.description))
    f = doc.fields
    f.append((_title_class(card.title), card.title))
    f += [(KEYWORD, k) for k in card.keywords or []]
    ids = [card.id] if card.id else []
    secondary = [card.provider_unit, card.process_title, card.execution_method, card.system_name]
    for group in card.sub_services or []:
        secondary.append(group.title)
        for item in group.items or []:
            if isinstance(item, SubServiceItem):
                secondary.append(item.title)
                if item.id:
                    ids.append(item.id)
            else:
                secondary.append(item)
    f += [(ID, i) for i in ids]
    f.append((AGENCY, agency_name))
    f += [(SECONDARY, t) for t in _texts(secondary)]
    if card.summary:
        f.append((SUMMARY, card.summary))
    body: list[Any] = [card.description, card.eligibility, card.audience, card.required_documents, card.processes,
                       card.laws, card.life_events, card.life_event_other, card.service_hours, card.in_person_note]
    body += [(q.q, q.a) for q in card.faq or []]
    body += [(loc.title, loc.address) for loc in card.locations or []]
    if card.contact:
        body.append(card.contact.unit)
    f += [(BODY, t) for t in _texts(_flatten(body))]
    return doc


def licence_doc(slug: str, lic: Licence, agency_name: str) -> Doc:
    parts = [f"نوع مجوز: {lic.kind.label}" if lic.kind else None, f"واحد صادرکننده: {lic.issuing_unit}" if lic.issuing_unit else None]
    summary = "؛ ".join(p for p in parts if p)
    doc = Doc(LICENCE_KIND, lic.agency, slug, lic.title, _short(summary))
    f = doc.fields
    f.append((_title_class(lic.title), lic.title))
    if lic.id:
        f.append((ID, lic.id))
    f.append((AGENCY, agency_name))
    f += [(SECONDARY, t) for t in _texts([lic.issuing_unit, lic.kind])]
    body: list[Any] = [lic.legal_basis, lic.prerequisites, lic.revocation_conditions, lic.applicants]
    for action in lic.actions or []:
        body += [action.type, action.required_documents, action.conditions, action.rules, action.notes]
    f += [(BODY, t) for t in _texts(_flatten(body))]
    return doc


def agency_doc(slug: str, agency: Agency, services: int, licences: int) -> Doc:
    counts = [f"{persian_digits(services)} خدمت", f"{persian_digits(licences)} مجوز"]
    where = [agency.parent, agency.province]
    summary = "؛ ".join([p for p in where if p] + [" و ".join(counts)])
    doc = Doc(AGENCY_KIND, slug, slug, agency.name, _short(summary))
    f = doc.fields
    f.append((_title_class(agency.name), agency.name))
    if agency.code:
        f.append((ID, agency.code))
    f.append((KEYWORD, slug.replace("-", " ")))
    f += [(SECONDARY, t) for t in _texts([agency.province])]
    f += [(BODY, t) for t in _texts([agency.parent])]
    return doc


def _flatten(values: Iterable[Any]) -> Iterator[Any]:
    for v in values:
        if isinstance(v, tuple):
            yield from _flatten(v)
        else:
            yield v


def documents(catalogue: Catalogue) -> list[Doc]:
    """Every searchable page, numbered in the order of the index: each agency, its services,
    its licences (results of one query are often neighbours, and share a metadata chunk)."""
    services: dict[str, list[str]] = defaultdict(list)
    licences: dict[str, list[str]] = defaultdict(list)
    for agency, slug in catalogue.services:
        services[agency].append(slug)
    for agency, slug in catalogue.licences:
        licences[agency].append(slug)
    docs: list[Doc] = []

    def name(slug: str) -> str:
        agency = catalogue.agencies.get(slug)
        return agency.name if agency else slug

    for agency in sorted(set(catalogue.agencies) | set(services) | set(licences)):
        record = catalogue.agencies.get(agency)
        if record is not None:
            docs.append(agency_doc(agency, record, len(services[agency]), len(licences[agency])))
        for slug in sorted(services[agency]):
            docs.append(service_doc(slug, catalogue.services[(agency, slug)], name(agency)))
        for slug in sorted(licences[agency]):
            docs.append(licence_doc(slug, catalogue.licences[(agency, slug)], name(agency)))
    return docs


# --- postings ---------------------------------------------------------------------------------


def encode(postings: Iterable[tuple[int, int]]) -> str:
    """``[(doc, class), …]`` (ascending docs) → the postings string."""
    out: list[str] = []
    prev = 0
    for doc, cls in postings:
        v = (doc - prev) * 16 + cls
        prev = doc
        while v >= 32:
            out.append(_B64[32 + (v & 31)])
            v >>= 5
        out.append(_B64[v])
    return "".join(out)


def decode(text: str) -> list[tuple[int, int]]:
    """The inverse of :func:`encode` (a leading ``!`` is skipped)."""
    out: list[tuple[int, int]] = []
    doc = 0
    v = shift = 0
    for ch in text.lstrip("!"):
        d = _B64.index(ch)
        v |= (d & 31) << shift
        if d >= 32:
            shift += 5
            continue
        doc += v >> 4
        out.append((doc, v & 15))
        v = shift = 0
    return out


@dataclass
class Index:
    docs: list[Doc]
    #: term → {doc: best class}
    postings: dict[str, dict[int, int]]
    capped: set[str]


def doc_terms(doc: Doc) -> dict[str, int]:
    """A document's terms with the best class each, within the caps (:data:`MAX_TERM`,
    :data:`MAX_DOC_CHARS`, :data:`MAX_DOC_TERMS`)."""
    best: dict[str, int] = {}
    budget = MAX_DOC_CHARS
    for cls, text in doc.fields:
        if budget <= 0:
            break
        text = text[:budget]
        budget -= len(text)
        terms = {t[:MAX_TERM] for t in index_terms(text)}
        new = terms.difference(best)
        room = MAX_DOC_TERMS - len(best)
        if len(new) > room:  # keep the terms met first in the text (deterministic)
            order: dict[str, int] = {}
            for word in normalise(text).replace(table()["zwnj"], " ").split(" "):
                order.setdefault(word[:MAX_TERM], len(order))
            keep = set(sorted(new, key=lambda t: (order.get(t, len(order)), t))[: max(room, 0)])
            terms = (terms - new) | keep
        for term in terms:
            if best.get(term, -1) < cls:
                best[term] = cls
    return best


def build_index(docs: list[Doc]) -> Index:
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for n, doc in enumerate(docs):
        for term, cls in doc_terms(doc).items():
            postings[term][n] = cls
    cap = max(CAP_MIN, int(len(docs) * CAP_FRACTION))
    capped: set[str] = set()
    for term, plist in postings.items():
        if len(plist) > cap:
            capped.add(term)
            postings[term] = {d: c for d, c in plist.items() if c >= AGENCY}
    return Index(docs, dict(postings), capped)


# --- shards -----------------------------------------------------------------------------------


def _entry(index: Index, term: str) -> str:
    plist = index.postings[term]
    text = encode(sorted(plist.items()))
    return ("!" if term in index.capped else "") + text


def _size(entries: dict[str, str], terms: list[str]) -> int:
    return sum(len(t.encode()) + len(entries[t]) + 6 for t in terms)


def _star(index: Index, terms: Iterable[str]) -> str:
    best: dict[int, int] = {}
    for t in terms:
        for d, c in index.postings[t].items():
            if c >= KEYWORD and best.get(d, -1) < c:
                best[d] = c
    top = sorted(best.items(), key=lambda dc: (-dc[1], dc[0]))[:STAR_LIMIT]
    return encode(sorted(top))


def shards(index: Index, limit: int | None = None) -> dict[str, dict[str, str]]:
    """Shard key → {term: postings}, split by one more character while larger than ``limit``
    (default :data:`SHARD_LIMIT`)."""
    limit = limit or SHARD_LIMIT
    out: dict[str, dict[str, str]] = {}
    entries = {t: _entry(index, t) for t in index.postings}
    groups: dict[str, list[str]] = defaultdict(list)
    for term in index.postings:
        groups[term[:2]].append(term)
    todo = list(groups.items())
    while todo:
        key, terms = todo.pop()
        longer = [t for t in terms if len(t) > len(key)]
        if _size(entries, terms) <= limit or not longer or len(key) >= MAX_KEY:
            out[key] = {t: entries[t] for t in sorted(terms)}
            continue
        shard = {t: entries[t] for t in terms if len(t) == len(key)}
        shard["*"] = _star(index, longer)
        out[key] = shard
        children: dict[str, list[str]] = defaultdict(list)
        for t in longer:
            children[t[: len(key) + 1]].append(t)
        todo.extend(children.items())
    return out


# --- files ------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(catalogue: Catalogue, limit: int | None = None) -> dict[str, str]:
    """Relative path under ``search/`` → file content."""
    docs = documents(catalogue)
    index = build_index(docs)
    by_key = shards(index, limit)
    keys = sorted(by_key)
    agencies = sorted({d.agency for d in docs})
    agency_no = {a: i for i, a in enumerate(agencies)}
    files: dict[str, str] = {}
    for n, key in enumerate(keys):
        files[f"s/{n}.json"] = _dumps(by_key[key])
    for start in range(0, len(docs), CHUNK):
        chunk = [[d.kind, agency_no[d.agency], d.slug, _cut(d.title, TITLE_CHARS), d.summary] for d in docs[start : start + CHUNK]]
        files[f"d/{start // CHUNK}.json"] = _dumps(chunk)
        body = [forgiving.sentences(t for c, t in d.fields if c == BODY) for d in docs[start : start + CHUNK]]
        files[f"x/{start // CHUNK}.json"] = forgiving.snippet_chunk(body)
    buckets, lexicon = forgiving.lexicon_files(index.postings)
    files.update(lexicon)
    names = {d.agency: d.title for d in docs if d.kind == AGENCY_KIND}
    files["a.json"] = _dumps([[a, names.get(a, a)] for a in agencies])
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    norm = {k: v for k, v in table().items() if not k.startswith("_")}
    manifest = {
        "version": digest.hexdigest()[:12],
        "docs": len(docs),
        "chunk": CHUNK,
        "kinds": list(KINDS),
        "weights": WEIGHTS,
        "prefix": PREFIX_FACTOR,
        "stem": STEM_FACTOR,
        "descend": DESCEND_LIMIT,
        "max_term": MAX_TERM,
        "keys": keys,
        "normalise": norm,
        "synonyms": forgiving.synonym_table(),
        "synonym_factor": forgiving.SYNONYM_FACTOR,
        "typo": {
            "groups": list(forgiving.CONFUSABLE),
            "min": forgiving.TYPO_MIN,
            "short": forgiving.TYPO_SHORT,
            "factor": forgiving.TYPO_FACTOR,
            "candidates": forgiving.TYPO_CANDIDATES,
            "buckets": buckets,
        },
    }
    files["manifest.json"] = _dumps(manifest)
    return files


def write_search_index(catalogue: Catalogue, docs: Path) -> set[Path]:
    """Write ``docs/search/…``; return every path written (unchanged files are not rewritten)."""
    written: set[Path] = set()
    base = docs / "search"
    for rel, content in search_files(catalogue).items():
        written.add(write_if_changed(base / rel, content.encode("utf-8")))
    return written
