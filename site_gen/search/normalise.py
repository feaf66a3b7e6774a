"""Persian search normalisation, as defined by ``normalise.json`` (the only definition).

The same JSON is copied into the site's ``search/manifest.json`` and applied to queries by
``site_gen/theme/assets/javascripts/search.js``; ``tests/search_cases.json`` checks that both
give the same output. Python here normalises the text that is indexed:

* :func:`normalise` — one string, letters and digits folded, words separated by one space, the
  ZWNJ kept inside words;
* :func:`query_terms` — the terms a query looks up (the JavaScript has the same function);
* :func:`index_terms` — the terms a text is indexed under: the query terms of every spelling a
  citizen may type (ZWNJ-joined, spaced or joined compounds, plural stems).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("normalise.json")


@functools.cache
def table() -> dict[str, Any]:
    """The normalisation table, as read from ``normalise.json``."""
    data: dict[str, Any] = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class _Rules:
    form: str
    translate: dict[int, str | None]
    zwnj: str
    suffixes: frozenset[str]
    prefixes: frozenset[str]
    stem_suffixes: tuple[str, ...]
    min_stem: int
    min_term: int


@functools.cache
def _rules() -> _Rules:
    t = table()
    trans: dict[int, str | None] = {ord(k): v for k, v in t["map"].items()}
    for ch in t["remove"]:
        trans[ord(ch)] = None
    return _Rules(
        form=t["form"],
        translate=trans,
        zwnj=t["zwnj"],
        suffixes=frozenset(t["suffixes"]),
        prefixes=frozenset(t["prefixes"]),
        # longest first, so that «های» is tried before «ها»
        stem_suffixes=tuple(sorted(t["stem_suffixes"], key=len, reverse=True)),
        min_stem=int(t["min_stem"]),
        min_term=int(t["min_term"]),
    )


# Python's \w is Unicode letters (L*), numbers (N*) and "_"; the JavaScript uses
# [^\p{L}\p{N}\u200c]. Underscore is a separator in both.
_SEPARATORS = re.compile(r"(?:[^\w\u200c]|_)+")
_GAPS = re.compile("[ \u200c]* [ \u200c]*")
_ZWNJ_RUNS = re.compile("\u200c+")


def normalise(text: str) -> str:
    """The search form of ``text`` (see ``normalise.json``)."""
    r = _rules()
    text = unicodedata.normalize(r.form, text).lower().translate(r.translate)  # type: ignore[arg-type]
    text = _SEPARATORS.sub(" ", text)
    text = _GAPS.sub(" ", text)
    text = _ZWNJ_RUNS.sub(r.zwnj, text)
    return text.strip(" " + r.zwnj)


def query_terms(text: str) -> list[str]:
    """The terms a query looks up: ZWNJ parts joined, suffix and prefix words attached."""
    r = _rules()
    terms: list[str] = []
    for word in normalise(text).split(" "):
        if not word:
            continue
        term = word.replace(r.zwnj, "")
        if terms and (term in r.suffixes or terms[-1] in r.prefixes):
            terms[-1] += term
        else:
            terms.append(term)
    return terms


def stem(term: str) -> str | None:
    """``دستگاهها`` → ``دستگاه``: a plural suffix removed, if what is left is long enough."""
    r = _rules()
    for suffix in r.stem_suffixes:
        if term.endswith(suffix) and len(term) - len(suffix) >= r.min_stem:
            return term[: -len(suffix)]
    return None


def _pieces(normalised: str) -> Iterator[list[str]]:
    for word in normalised.split(" "):
        if word:
            yield word.split(_rules().zwnj)


def index_terms(text: str) -> set[str]:
    """Every term under which a text is found.

    For «دستگاه‌های اجرایی» that is «دستگاههای», «دستگاه», «اجرایی» (the parts, the ZWNJ-joined
    word, and the stem); for «دستگاه های» the same (a suffix word is joined to the word before).
    Parts that are only a suffix or a prefix, and one-letter terms, are not indexed alone.
    """
    r = _rules()
    out: set[str] = set()
    flat: list[str] = []
    for parts in _pieces(normalise(text)):
        if len(parts) > 1:
            out.add("".join(parts))
        flat.extend(parts)
    for i, piece in enumerate(flat):
        if piece not in r.suffixes and piece not in r.prefixes:
            out.add(piece)
        if i + 1 < len(flat):
            nxt = flat[i + 1]
            if nxt in r.suffixes or piece in r.prefixes:
                out.add(piece + nxt)
    for term in list(out):
        s = stem(term)
        if s:
            out.add(s)
    return {t for t in out if len(t) >= r.min_term}


def terms_of(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out |= index_terms(text)
    return out
