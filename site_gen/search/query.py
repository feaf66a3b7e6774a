"""Python twin of the query side of search.js: the same files, the same scores, the same order.

The site searches in the browser; this module runs the same algorithm over the same index files
so that ranking can be tested without a browser (``tests/test_search.py`` runs one table of
queries through both). Keep the two in step: a change to the scoring here without the same
change in ``search.js`` makes the browser test fail.

Algorithm: the query's terms (:func:`~.normalise.query_terms`) give *units*: every term of at
least ``min_term`` characters, and every two adjacent terms written together (a spaced query
finds a joined word). A unit matches a document by the exact term, by a longer term it is a
prefix of (× ``prefix``), or by its plural stem (× ``stem``), scoring the weight of the best
field. A document matches the query when the terms can be covered by matching units, in order
(one-letter terms and very frequent terms may stay uncovered); its score is the best such cover,
a two-term unit counting twice. The query's everyday-word variants are searched too (a document
scores its best variant times the variant's factor); when no document matches any, terms that
matched nothing are corrected to index terms one edit away (:mod:`.forgiving`) and searched again;
when still none matches, any unit is enough and scores add up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import forgiving
from .index import BODY, decode
from .normalise import query_terms, stem

MAX_TERMS = 8
NEG = float("-inf")


@dataclass
class Unit:
    start: int
    end: int
    text: str
    matches: dict[int, float] = field(default_factory=dict)
    capped: bool = False
    #: document → the best field class it matched in
    classes: dict[int, int] = field(default_factory=dict)


@dataclass
class Ranked:
    numbers: list[int]
    #: the query with its corrections, when typos were corrected («منظورتان … بود؟»)
    suggestion: str | None = None
    #: the results that matched only in their body text (they show the sentence that matched)
    body_only: set[int] = field(default_factory=set)
    #: the terms a snippet highlights: the query's terms and the corrections used
    marks: list[str] = field(default_factory=list)


class Searcher:
    """Searches the files of one built ``search/`` folder, read through ``load(relative path)``."""

    def __init__(self, load: Callable[[str], str]) -> None:
        self._load = load
        self.manifest: dict[str, Any] = json.loads(load("manifest.json"))
        self.keys: list[str] = self.manifest["keys"]
        self._key_no = {k: i for i, k in enumerate(self.keys)}
        self._shards: dict[str, dict[str, str]] = {}
        self._chunks: dict[int, list[list[Any]]] = {}
        self._agencies: list[list[str]] | None = None
        self._buckets: dict[int, dict[str, list[list[Any]]]] = {}
        self.min_term: int = self.manifest["normalise"]["min_term"]
        #: Index terms are cut to this many characters; so are the units of a query.
        self.max_term: int = self.manifest.get("max_term") or 10**9

    @classmethod
    def from_dir(cls, folder: Path) -> Searcher:
        return cls(lambda rel: (folder / rel).read_text(encoding="utf-8"))

    @classmethod
    def from_files(cls, files: dict[str, str]) -> Searcher:
        return cls(files.__getitem__)

    # --- shards ---------------------------------------------------------------------------

    def shard_key(self, term: str) -> str | None:
        """The longest shard key that starts ``term``."""
        for n in range(len(term), 1, -1):
            if term[:n] in self._key_no:
                return term[:n]
        return None

    def descendants(self, key: str) -> list[str]:
        return [k for k in self.keys if len(k) > len(key) and k.startswith(key)]

    def shard(self, key: str) -> dict[str, str]:
        if key not in self._shards:
            self._shards[key] = json.loads(self._load(f"s/{self._key_no[key]}.json"))
        return self._shards[key]

    # --- matching -------------------------------------------------------------------------

    def match_exact(self, text: str, classes: dict[int, int] | None = None) -> tuple[dict[int, float], bool]:
        """The documents of the term ``text`` itself (no prefix, no stem): a typo's correction."""
        weights: list[float] = self.manifest["weights"]
        key = self.shard_key(text)
        found = self.shard(key).get(text) if key and text != "*" else None
        res: dict[int, float] = {}
        for d, c in decode(found or ""):
            res[d] = weights[c]
            if classes is not None and classes.get(d, -1) < c:
                classes[d] = c
        return res, bool(found and found.startswith("!"))

    def match(self, text: str, classes: dict[int, int] | None = None) -> tuple[dict[int, float], bool]:
        """The documents of a unit with their scores, and whether its exact term is capped;
        ``classes`` (if given) gets each document's best field class."""
        weights: list[float] = self.manifest["weights"]
        prefix: float = self.manifest["prefix"]
        res: dict[int, float] = {}
        text = text[: self.max_term]
        key = self.shard_key(text)
        if key is None:
            return res, False
        shard = self.shard(key)
        exact = shard.get(text) if text != "*" else None
        if exact is not None:
            for d, c in decode(exact):
                res[d] = weights[c]
                if classes is not None:
                    classes[d] = max(classes.get(d, -1), c)

        def add(postings: str, factor: float) -> None:
            for d, c in decode(postings):
                s = weights[c] * factor
                if res.get(d, 0.0) < s:
                    res[d] = s
                if classes is not None and classes.get(d, -1) < c:
                    classes[d] = c

        if key == text and "*" in shard:
            below = self.descendants(key)
            if len(below) <= self.manifest["descend"]:
                for k in below:
                    for term, postings in self.shard(k).items():
                        if term != "*":
                            add(postings, prefix)
            else:
                add(shard["*"], prefix)
        else:
            for term, postings in shard.items():
                if term != "*" and term != text and term.startswith(text):
                    add(postings, prefix)
        root = stem(text)
        if root is not None:
            rkey = self.shard_key(root)
            found = self.shard(rkey).get(root) if rkey else None
            if found is not None:
                add(found, self.manifest["stem"])
        return res, exact is not None and exact.startswith("!")

    def rank(self, query: str) -> list[int]:
        """Document numbers, best first."""
        return self.ranked(query).numbers

    def _typo_lexicon(self, terms: list[str]) -> dict[str, list[list[Any]]]:
        typo = self.manifest["typo"]
        merged: dict[str, list[list[Any]]] = {}
        for t in terms:
            for k in forgiving.typo_keys(t):
                n = forgiving.bucket(k, typo["buckets"])
                if n not in self._buckets:
                    self._buckets[n] = json.loads(self._load(f"t/{n}.json"))
                if k in self._buckets[n]:
                    merged[k] = self._buckets[n][k]
        return merged

    def _units(self, terms: list[str]) -> list[Unit]:
        units = [Unit(i, i + 1, t[: self.max_term]) for i, t in enumerate(terms) if len(t) >= self.min_term]
        units += [Unit(i, i + 2, (terms[i] + terms[i + 1])[: self.max_term]) for i in range(len(terms) - 1)]
        for u in units:
            u.matches, u.capped = self.match(u.text, u.classes)
        return units

    def _cover(self, terms: list[str], units: list[Unit]) -> tuple[dict[int, float], dict[int, float]]:
        """(documents covering every term with their best cover, every unit's documents with
        their scores added up)."""
        n = len(terms)
        optional = [len(t) < self.min_term for t in terms]
        for u in units:
            if u.end - u.start == 1 and u.capped:
                optional[u.start] = True
        ending: list[list[Unit]] = [[] for _ in range(n + 1)]
        for u in units:
            ending[u.end].append(u)
        candidates: set[int] = set()
        for u in units:
            candidates.update(u.matches)
        full: dict[int, float] = {}
        for d in candidates:
            best = [NEG] * (n + 1)
            best[0] = 0.0
            for j in range(1, n + 1):
                b = best[j - 1] if optional[j - 1] else NEG
                for u in ending[j]:
                    s = u.matches.get(d)
                    if s is not None and best[u.start] != NEG:
                        v = best[u.start] + s * (u.end - u.start)
                        if v > b:
                            b = v
                best[j] = b
            if best[n] > 0:
                full[d] = best[n]
        partial: dict[int, float] = {}
        for u in units:
            for d, s in u.matches.items():
                partial[d] = partial.get(d, 0.0) + s * (u.end - u.start)
        return full, partial

    def ranked(self, query: str) -> Ranked:
        """The ranking with what the results show beside it (see :class:`Ranked`).

        The query and its everyday-word variants (:func:`~.forgiving.variants`) are searched;
        a document scores its best variant's cover times the variant's factor. When no document
        covers any variant, terms that matched nothing are corrected (:mod:`.forgiving`) and the
        variants searched again; when still none covers, any unit is enough and scores add up."""
        terms = query_terms(query)[:MAX_TERMS]
        if not any(len(t) >= self.min_term for t in terms):
            return Ranked([])
        table: dict[str, list[str]] = self.manifest.get("synonyms") or {}
        typo: dict[str, Any] | None = self.manifest.get("typo")
        runs = [(v[:MAX_TERMS], f, self._units(v[:MAX_TERMS])) for v, f in forgiving.variants(terms, table)]
        suggestion: str | None = None
        marks: list[str] = []

        def merge(part: int) -> dict[int, float]:
            out: dict[int, float] = {}
            for vterms, factor, units in runs:
                for d, s in self._cover(vterms, units)[part].items():
                    if out.get(d, 0.0) < s * factor:
                        out[d] = s * factor
            return out

        scores = merge(0)
        if not scores and typo:
            lost = [(r, u) for r, (_, _, units) in enumerate(runs) for u in units
                    if u.end - u.start == 1 and not u.matches and len(u.text) >= typo["short"]]
            lexicon = self._typo_lexicon([u.text for _, u in lost])
            fixes: dict[int, str] = {}
            for r, u in lost:
                for t in forgiving.candidates(u.text, lexicon, typo):
                    found, _ = self.match_exact(t, u.classes)
                    for d, s in found.items():
                        if u.matches.get(d, 0.0) < s * typo["factor"]:
                            u.matches[d] = s * typo["factor"]
                    if found and r == 0:
                        fixes.setdefault(u.start, t)
                        if t not in marks:
                            marks.append(t)
            scores = merge(0)
            if fixes:
                suggestion = " ".join(fixes.get(i, t) for i, t in enumerate(terms))
        if not scores:
            scores = merge(1)
        numbers = sorted(scores, key=lambda d: (-scores[d], d))
        best: dict[int, int] = {}
        for _, _, units in runs:
            for u in units:
                if u.end - u.start == 1 and u.text not in marks:
                    marks.append(u.text)
                for d, c in u.classes.items():
                    if best.get(d, -1) < c:
                        best[d] = c
        body = {d for d in numbers if best.get(d, 0) == BODY}
        return Ranked(numbers, suggestion, body, marks)

    # --- results --------------------------------------------------------------------------

    def doc(self, number: int) -> list[Any]:
        size: int = self.manifest["chunk"]
        chunk = number // size
        if chunk not in self._chunks:
            self._chunks[chunk] = json.loads(self._load(f"d/{chunk}.json"))
        return self._chunks[chunk][number % size]

    def url(self, number: int) -> str:
        kind, agency_no, slug, _title, _summary = self.doc(number)
        kinds: list[str] = self.manifest["kinds"]
        if kind == 0:
            return f"/{kinds[0]}/{slug}/"
        if self._agencies is None:
            self._agencies = json.loads(self._load("a.json"))
        return f"/{kinds[kind]}/{self._agencies[agency_no][0]}/{slug}/"

    def search(self, query: str, limit: int = 10) -> list[str]:
        """Site-root-relative URLs of the best ``limit`` pages, like ``catalogueSearch(query)``."""
        return [self.url(d) for d in self.rank(query)[:limit]]
