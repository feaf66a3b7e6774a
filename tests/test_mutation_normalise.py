"""Search normalisation on the index side: what a text is found under (docs/mutation.md).

A citizen may type a compound with a ZWNJ, a space or nothing, with Arabic or Persian letters,
with diacritics or a tatweel; the index must hold the term each of those spellings looks up.
"""

from __future__ import annotations

from site_gen.search.normalise import index_terms, normalise, query_terms, stem, table, terms_of

ZWNJ = "\u200c"


def test_normalise_folds_case_width_diacritics_and_digits() -> None:
    assert normalise("ＡＢ Cd") == "ab cd"  # NFKC folds full-width letters, then lower-case
    assert normalise("ﻻ") == "لا"  # presentation forms become letters
    assert normalise("کِتـاب") == "کتاب"  # a diacritic and a tatweel are removed
    assert normalise("۱۲۳ ٤٥") == "123 45"


def test_separators_become_one_space_and_the_ends_are_trimmed() -> None:
    assert normalise("a_b-c.d,,  e") == "a b c d e"
    assert normalise(f" {ZWNJ} x {ZWNJ}") == "x"
    assert normalise(f"{ZWNJ}x{ZWNJ}") == "x"
    assert normalise("...") == ""


def test_zwnj_kept_inside_a_word_once() -> None:
    assert normalise(f"می{ZWNJ}{ZWNJ}{ZWNJ}روم") == f"می{ZWNJ}روم"
    assert normalise(f"می{ZWNJ} روم") == "می روم"  # a ZWNJ beside a space is only a gap
    assert normalise(f"می {ZWNJ}{ZWNJ} روم") == "می روم"


def test_query_terms_join_suffixes_and_prefixes() -> None:
    assert query_terms("دستگاه های اجرایی") == ["دستگاههای", "اجرایی"]
    assert query_terms(f"دستگاه{ZWNJ}های اجرایی") == ["دستگاههای", "اجرایی"]
    assert query_terms("می روم به خانه") == ["میروم", "به", "خانه"]
    assert query_terms("های دستگاه") == ["های", "دستگاه"]  # a suffix first has nothing to attach to
    assert query_terms("  ,, ") == []


def test_stem_takes_the_longest_plural_suffix() -> None:
    assert stem("دستگاههایی") == "دستگاه"
    assert stem("دستگاههای") == "دستگاه"
    assert stem("دستگاهها") == "دستگاه"
    assert stem("دستگاه") is None
    assert stem("ها") is None


def test_index_terms_cover_every_spelling_of_a_compound() -> None:
    expected = {"دستگاههای", "دستگاه", "اجرایی"}
    assert index_terms(f"دستگاه{ZWNJ}های اجرایی") == expected
    assert index_terms("دستگاه های اجرایی") == expected
    assert index_terms("دستگاههای اجرایی") == expected
    assert index_terms(f"بی{ZWNJ}کار شد") == {"بیکار", "کار", "شد"}
    assert index_terms("می روم") == {"میروم", "روم"}
    assert index_terms("کتاب ها") == {"کتابها", "کتاب"}


def test_one_letter_terms_and_lone_affixes_are_not_indexed() -> None:
    assert index_terms("و a") == set()
    assert index_terms("a ی") == {"aی"}  # a suffix word makes the word before it longer
    assert index_terms("ها") == set()
    assert index_terms("می") == set()
    for term in index_terms("خدمات الکترونیکی دولت"):
        assert len(term) >= table()["min_term"]


def test_terms_of_unites_the_texts() -> None:
    assert terms_of(["کتاب", "دفتر ها"]) == {"کتاب", "دفترها", "دفتر"}
    assert terms_of([]) == set()
