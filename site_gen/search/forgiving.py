"""Search that forgives (issue 15): everyday words, typos and the sentences that matched.

Three parts, each written into the site's ``search/`` folder by :mod:`.index` and used by the
query side (``query.py`` and the theme's ``search.js``, which must stay in step):

* **Everyday words** (``synonyms.yaml``): a reviewed table of what citizens type → the
  catalogue's words. It goes into ``manifest.json`` normalised (:func:`synonym_table`); a query
  is searched as typed and with every replacement (:func:`variants`), a replaced variant
  ranking :data:`SYNONYM_FACTOR` of a literal one.
* **Typos**: when no document covers a query, a term of at least :data:`TYPO_MIN` letters that
  matched nothing is replaced by the index terms one edit away (insert, delete, substitute,
  swap of two neighbours), a substitution inside one of :data:`CONFUSABLE`'s groups counting half
  an edit (:func:`distance`). Candidates are found in ``t/<n>.json``: every term of at least
  three letters is filed under three keys of its *folded* spelling (confusable letters made
  one): its first two letters, its last two and its first and last (:func:`typo_keys`); a word
  one edit away from a term shares at least one of them (a single edit cannot touch both ends
  of a word of four letters or more without leaving the first-and-last pair). Keys are hashed
  into :data:`typo_buckets` files (:func:`bucket`); each key lists ``[term, documents]``, most
  frequent first.
* **Snippets**: ``x/<n>.json`` holds, for the documents of metadata chunk ``n``, the sentences of
  their body text (deduplicated within the chunk: ``{"s": [sentence, …], "d": [[sentence no,
  …], …]}``); a result that matched only in its body shows the first sentence that matched.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .normalise import query_terms

SYNONYMS_PATH = Path(__file__).with_name("synonyms.yaml")

#: Letters Persian writers confuse; a substitution inside a group costs half an edit.
CONFUSABLE = ("زذضظ", "سصث", "تط", "هح", "اعآ", "قغ")
#: A query term shorter than this is corrected only for confusable letters (half an edit) …
TYPO_MIN = 4
#: … and one shorter than this never.
TYPO_SHORT = 3
#: A typo match scores this fraction of an exact match.
TYPO_FACTOR = 0.5
#: At most this many corrections of one term are searched (the nearest, then the most frequent).
TYPO_CANDIDATES = 3
#: Index terms shorter than this are not candidates.
LEXICON_MIN = 3
#: Target size (bytes) of one typo bucket file.
BUCKET_BYTES = 8_000
#: A variant with an everyday word replaced scores this fraction of the literal query.
SYNONYM_FACTOR = 0.9
#: At most this many variants of one query are searched.
MAX_VARIANTS = 8
#: Body sentences are cut to this many characters; a document keeps at most SNIPPET_DOC_CHARS.
SNIPPET_CHARS = 200
SNIPPET_DOC_CHARS = 2_000
_SENTENCE_END = re.compile(r"[.!?؟؛;\n]+\s*")

_FOLD = {ch: group[0] for group in CONFUSABLE for ch in group[1:]}
_GROUP = {ch: n for n, group in enumerate(CONFUSABLE) for ch in group}


# --- everyday words ---------------------------------------------------------------------------


@functools.cache
def synonym_source() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SYNONYMS_PATH.read_text(encoding="utf-8"))
    return data


def _key(text: str) -> str:
    return " ".join(query_terms(text))


@functools.cache
def synonym_table() -> dict[str, list[str]]:
    """Normalised everyday word (query terms joined by a space) → normalised catalogue phrases."""
    table: dict[str, list[str]] = {}
    for entry in synonym_source()["entries"]:
        means = [_key(m) for m in entry["means"]]
        for word in entry["words"]:
            key = _key(str(word))
            if not key:
                continue
            targets = table.setdefault(key, [])
            targets += [m for m in means if m and m not in targets and m != key]
    return table


def variants(terms: list[str], table: dict[str, list[str]]) -> list[tuple[list[str], float]]:
    """The query as typed, then with everyday words replaced (leftmost, longest first); each
    with its score factor. The order and the cut at :data:`MAX_VARIANTS` are search.js's."""
    longest = max((k.count(" ") + 1 for k in table), default=0)
    slots: list[list[tuple[list[str], bool]]] = []
    i = 0
    while i < len(terms):
        for k in range(min(longest, len(terms) - i), 0, -1):
            key = " ".join(terms[i : i + k])
            if key in table:
                slots.append([(terms[i : i + k], False)] + [(t.split(" "), True) for t in table[key]])
                i += k
                break
        else:
            slots.append([([terms[i]], False)])
            i += 1
    out: list[tuple[list[str], bool]] = [([], False)]
    for slot in slots:
        out = [(a + t, r or rep) for a, r in out for t, rep in slot][:MAX_VARIANTS]
    return [(t, SYNONYM_FACTOR if r else 1.0) for t, r in out]


# --- typos ------------------------------------------------------------------------------------


def fold(term: str) -> str:
    """Confusable letters made one (ذ ض ظ → ز, …)."""
    return "".join(_FOLD.get(ch, ch) for ch in term)


def typo_keys(term: str) -> list[str]:
    """The three keys a term (or a query term) is filed under; see the module's docstring."""
    f = fold(term)
    return ["<" + f[:2], ">" + f[-2:], "=" + f[0] + f[-1]]


def bucket(key: str, buckets: int) -> int:
    """The file a typo key is in: a string hash that search.js computes the same way."""
    h = 0
    for ch in key:
        h = (h * 31 + ord(ch)) % 2147483647
    return h % buckets


def _sub(a: str, b: str) -> float:
    if a == b:
        return 0.0
    g = _GROUP.get(a)
    return 0.5 if g is not None and g == _GROUP.get(b) else 1.0


def distance(a: str, b: str) -> float:
    """Edit distance with neighbours swapped as one edit (optimal string alignment) and a
    substitution between confusable letters as half an edit."""
    if abs(len(a) - len(b)) > 1:
        return 2.0
    prev2: list[float] = []
    prev = [float(j) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _sub(a[i - 1], b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[len(b)]


def lexicon_files(postings: dict[str, dict[int, int]]) -> tuple[int, dict[str, str]]:
    """``(number of buckets, {"t/<n>.json": content})`` for the index's terms."""
    terms = [t for t in postings if len(t) >= LEXICON_MIN and not t.isdigit()]
    by_key: dict[str, list[str]] = defaultdict(list)
    for t in terms:
        for k in typo_keys(t):
            if t not in by_key[k]:
                by_key[k].append(t)
    size = sum(len(k.encode()) + sum(len(t.encode()) + 8 for t in v) for k, v in by_key.items())
    buckets = max(1, math.ceil(size / BUCKET_BYTES))
    files: dict[str, dict[str, list[list[Any]]]] = {f"t/{n}.json": {} for n in range(buckets)}
    for k in sorted(by_key):
        ranked = sorted(by_key[k], key=lambda t: (-len(postings[t]), t))
        files[f"t/{bucket(k, buckets)}.json"][k] = [[t, len(postings[t])] for t in ranked]
    return buckets, {p: _dumps(v) for p, v in files.items()}


def candidates(term: str, lexicon: dict[str, list[list[Any]]], rules: dict[str, Any] | None = None) -> list[str]:
    """The index terms one edit away from ``term``, nearest then most frequent first, at most
    :data:`TYPO_CANDIDATES`; ``lexicon`` is the merged content of its keys' buckets; ``rules``
    the manifest's ``typo`` entry (the constants of this module by default)."""
    short, full, most = (rules["short"], rules["min"], rules["candidates"]) if rules else (TYPO_SHORT, TYPO_MIN, TYPO_CANDIDATES)
    if len(term) < short or term.isdigit():
        return []
    limit = 1.0 if len(term) >= full else 0.5
    found: dict[str, tuple[float, int, str]] = {}
    for k in typo_keys(term):
        for t, df in lexicon.get(k, []):
            if t not in found and t != term:
                d = distance(term, t)
                if d <= limit:
                    found[t] = (d, -df, t)
    return sorted(found, key=lambda t: found[t])[:most]


# --- snippets ---------------------------------------------------------------------------------


def sentences(texts: Iterable[str]) -> list[str]:
    """A document's body as sentences, each cut to :data:`SNIPPET_CHARS`, in order, at most
    :data:`SNIPPET_DOC_CHARS` in all."""
    out: list[str] = []
    seen: set[str] = set()
    budget = SNIPPET_DOC_CHARS
    for text in texts:
        for part in _SENTENCE_END.split(" ".join(text.split())):
            part = part.strip()
            if not part or part in seen:
                continue
            if len(part) > SNIPPET_CHARS:
                part = part[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
            if budget - len(part) < 0:
                return out
            budget -= len(part)
            seen.add(part)
            out.append(part)
    return out


def snippet_chunk(docs_sentences: list[list[str]]) -> str:
    """One ``x/<n>.json``: the chunk's sentences once each, and each document's as numbers."""
    table: dict[str, int] = {}
    rows: list[list[int]] = []
    for doc in docs_sentences:
        rows.append([table.setdefault(s, len(table)) for s in doc])
    return _dumps({"s": list(table), "d": rows})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
