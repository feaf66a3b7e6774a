"""The Python twin of search.js on a hand-made index: each rule of the ranking alone.

The files follow the layout of ``site_gen/search/index.py`` (manifest, shards, document chunks,
agencies); weights are powers of two so that every score is exact. docs/mutation.md says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from site_gen.search.index import encode
from site_gen.search.query import MAX_TERMS, Searcher

WEIGHTS = [1, 2, 4, 8, 16]
PREFIX = 0.5
STEM = 0.25

#: documents: [kind, agency number, slug, title, summary]; chunks of two
DOCS = [
    [0, 0, "sabt", "ثبت", ""],
    [1, 0, "kart", "کارت", ""],
    [1, 1, "kar", "کار", ""],
    [2, 1, "parvane", "پروانه", ""],
    [1, 1, "gozar", "گذرنامه", ""],
]
AGENCIES = [["sabt", "ثبت"], ["police", "پلیس"]]


def make_files(shards: dict[str, dict[str, Any]], descend: int = 6, docs: list[list[Any]] = DOCS) -> dict[str, str]:
    """The files of a search folder; a shard's postings are given as [(doc, class), …] (a
    leading "!" string marks a capped term)."""
    keys = sorted(shards)
    files = {
        "manifest.json": json.dumps({
            "keys": keys, "weights": WEIGHTS, "prefix": PREFIX, "stem": STEM, "descend": descend,
            "chunk": 2, "kinds": ["agencies", "services", "licenses"], "normalise": {"min_term": 2},
        }),
        "a.json": json.dumps(AGENCIES),
    }
    for n, key in enumerate(keys):
        files[f"s/{n}.json"] = json.dumps({
            term: (p if isinstance(p, str) else encode(p)) for term, p in shards[key].items()
        })
    for start in range(0, len(docs), 2):
        files[f"d/{start // 2}.json"] = json.dumps(docs[start : start + 2])
    return files


SHARDS: dict[str, dict[str, Any]] = {
    "کا": {"کا": [(4, 0)], "*": [(1, 3), (2, 2)]},
    "کار": {"کار": [(2, 4)], "کارت": [(1, 4), (2, 0), (3, 1)], "کارها": [(0, 2)]},
    "ثب": {"ثبت": [(0, 4)], "ثبتی": [(1, 1)]},
    "پر": {"پروانه": [(3, 4)], "پرو": "!" + encode([(0, 3), (3, 3)])},
    "گذ": {"گذرنامه": [(4, 4)]},
    "صد": {"صدور": [(1, 2), (4, 2)]},
    # «دا» is split into «دار», itself split into «دارو»: a split shard's "*" is not a term
    "دا": {"*": [(0, 4)]},
    "دار": {"دار": [(1, 4)], "*": [(2, 4)]},
    "دارو": {"دارو": [(3, 4)]},
}


@pytest.fixture
def searcher() -> Searcher:
    return Searcher.from_files(make_files(SHARDS))


def test_shard_key_is_the_longest_key_that_starts_the_term(searcher: Searcher) -> None:
    assert searcher.shard_key("کارتها") == "کار"
    assert searcher.shard_key("کار") == "کار"
    assert searcher.shard_key("کاغذ") == "کا"
    assert searcher.shard_key("کا") == "کا"
    assert searcher.shard_key("ک") is None  # one letter is never a key
    assert searcher.shard_key("زرد") is None
    assert searcher.descendants("کا") == ["کار"]
    assert searcher.descendants("کار") == []


def test_exact_match_scores_the_weight_of_its_class(searcher: Searcher) -> None:
    assert searcher.match("ثبت") == ({0: 16, 1: 2 * PREFIX}, False)
    assert searcher.match("گذرنامه") == ({4: 16}, False)
    assert searcher.match("زرد") == ({}, False)
    assert searcher.match("*") == ({}, False)  # the star entry is not a term


def test_prefix_match_inside_a_shard(searcher: Searcher) -> None:
    assert searcher.match("ثب") == ({0: 16 * PREFIX, 1: 2 * PREFIX}, False)
    assert searcher.match("گذر") == ({4: 16 * PREFIX}, False)


def test_a_split_key_reads_its_descendants_or_its_star_entry() -> None:
    few = Searcher.from_files(make_files(SHARDS, descend=1))
    # «کا» is a key with one descendant shard: every term there counts as a prefix match
    assert few.match("کا") == ({4: 1, 2: 16 * PREFIX, 1: 16 * PREFIX, 3: 2 * PREFIX, 0: 4 * PREFIX}, False)
    many = Searcher.from_files(make_files(SHARDS, descend=0))
    assert many.match("کا") == ({4: 1, 1: 8 * PREFIX, 2: 4 * PREFIX}, False)


def test_stem_match_and_the_best_of_several_matches(searcher: Searcher) -> None:
    # «کارها» is also found by its stem «کار» (× stem) and keeps its exact match
    assert searcher.match("کارها") == ({0: 4, 2: 16 * STEM}, False)
    # an exact match is not lowered by a weaker prefix match of the same document
    scores, _ = searcher.match("کار")
    assert scores == {2: 16, 1: 16 * PREFIX, 3: 2 * PREFIX, 0: 4 * PREFIX}


def test_a_capped_term_is_reported_and_still_scores(searcher: Searcher) -> None:
    assert searcher.match("پرو") == ({0: 8, 3: 8}, True)
    assert searcher.match("پروانه") == ({3: 16}, False)


def test_rank_requires_every_term_in_order() -> None:
    s = Searcher.from_files(make_files(SHARDS))
    assert s.rank("ثبت") == [0, 1]
    assert s.rank("صدور کارت") == [1]  # only document 1 has both words
    assert s.rank("کارت صدور") == [1]
    # best first; equal scores by document number
    assert s.rank("صدور") == [1, 4]


def test_two_words_written_apart_find_the_joined_word() -> None:
    shards: dict[str, dict[str, Any]] = {"کا": {"کارت": [(1, 4)], "کارتملی": [(3, 4)]}, "مل": {"ملی": [(2, 4)]}}
    s = Searcher.from_files(make_files(shards))
    # «کارت ملی» as two words: document 3 has the joined word, which counts twice
    assert s.rank("کارت ملی") == [3]


def test_short_and_capped_terms_do_not_filter() -> None:
    s = Searcher.from_files(make_files(SHARDS))
    assert s.rank("و ثبت") == [0, 1]  # a one-letter word may stay uncovered
    assert s.rank("پرو گذرنامه") == [4]  # «پرو» is capped: it may stay uncovered
    assert s.rank("پرو") == [0, 3]
    assert s.rank("و") == []  # nothing long enough to look up
    assert s.rank("") == []


def test_when_no_document_has_every_term_the_scores_add_up() -> None:
    s = Searcher.from_files(make_files(SHARDS))
    # nobody has both «گذرنامه» and «پروانه»: each document scores what it matches
    assert s.rank("گذرنامه پروانه") == [3, 4]
    assert s.rank("ثبت پروانه") == [0, 3, 1]  # 16, 16 (a tie: by number), then 1


def test_only_the_first_terms_count() -> None:
    s = Searcher.from_files(make_files(SHARDS))
    filler = " ".join(["ثبت"] * MAX_TERMS)
    assert s.rank(filler + " گذرنامه") == s.rank(filler)
    assert s.rank(" ".join(["ثبت"] * (MAX_TERMS - 1)) + " گذرنامه") != s.rank(filler)


def test_urls_and_documents_from_their_chunks() -> None:
    loads: list[str] = []
    files = make_files(SHARDS)

    def load(rel: str) -> str:
        loads.append(rel)
        return files[rel]

    s = Searcher(load)
    assert s.doc(3) == DOCS[3]
    assert s.doc(4) == DOCS[4]
    assert s.url(0) == "/agencies/sabt/"
    assert s.url(1) == "/services/sabt/kart/"
    assert s.url(3) == "/licenses/police/parvane/"
    assert s.url(2) == "/services/police/kar/"
    assert loads.count("a.json") == 1 and loads.count("d/1.json") == 1 and loads.count("d/0.json") == 1
    assert s.search("ثبت") == ["/agencies/sabt/", "/services/sabt/kart/"]
    assert s.search("ثبت", limit=1) == ["/agencies/sabt/"]
    assert s.search("زرد") == []
    s.shard("ثب")
    s.shard("ثب")
    assert loads.count(f"s/{s.keys.index('ثب')}.json") == 1


def test_from_dir_reads_the_same_files(tmp_path: Path) -> None:
    for rel, text in make_files(SHARDS).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert Searcher.from_dir(tmp_path).search("صدور") == ["/services/sabt/kart/", "/services/police/gozar/"]


def test_descendant_shards_give_their_terms_not_their_star_entries(searcher: Searcher) -> None:
    assert searcher.descendants("دا") == ["دار", "دارو"]
    assert searcher.match("دا") == ({1: 16 * PREFIX, 3: 16 * PREFIX}, False)


def test_two_letter_terms_are_looked_up() -> None:
    s = Searcher.from_files(make_files(SHARDS))
    assert s.rank("ثب") == [0, 1]
    # and must be covered like longer terms: nobody has both, so the scores add up
    assert s.rank("ثب گذرنامه") == [4, 0, 1]
    assert s.rank("گذرنامه پرو") == [4]  # a capped term after another may stay uncovered too


def test_a_joined_unit_counts_twice_wherever_it_starts() -> None:
    shards: dict[str, dict[str, Any]] = {
        "کا": {"کارت": [(1, 4)], "کارتملی": [(3, 4)]},
        "مل": {"ملی": [(1, 1)]},
        "صد": {"صدور": [(1, 2), (3, 2)]},
    }
    s = Searcher.from_files(make_files(shards))
    # document 3: the joined word, 16 × 2; document 1: the two words apart, 16 + 2
    assert s.rank("کارت ملی") == [3, 1]
    # after a first word the joined unit starts at 1 and still counts twice, no more:
    # document 3: 4 + 16 × 2; document 1: 4 + 16 + 8
    shards["مل"]["ملی"] = [(1, 3)]
    s = Searcher.from_files(make_files(shards))
    assert s.rank("صدور کارت ملی") == [3, 1]


def test_fallback_adds_every_unit_a_document_matches() -> None:
    shards: dict[str, dict[str, Any]] = {
        "ال": {"الف": [(0, 4), (1, 4)]},
        "بی": {"بیت": [(1, 4)]},
        "کا": {"کارت": [(2, 4)], "کارتملی": [(3, 3)]},
    }
    s = Searcher.from_files(make_files(shards))
    assert s.rank("الف زرد بیت") == [1, 0]  # nobody has «زرد»: 16 + 16 against 16
    # a joined unit counts twice in the sum as well: 8 × 0.5 + 8 × 2 against 16
    assert s.rank("کارت ملی زرد") == [3, 2]


def test_search_shows_ten_results_unless_told() -> None:
    docs = [[1, 0, f"s{i}", f"t{i}", ""] for i in range(12)]
    s = Searcher.from_files(make_files({"خد": {"خدمت": [(i, 4) for i in range(12)]}}, docs=docs))
    assert s.search("خدمت") == [f"/services/sabt/s{i}/" for i in range(10)]
    assert len(s.search("خدمت", limit=11)) == 11
