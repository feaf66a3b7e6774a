"""The static search index (``site_gen/search/index.py``) on a catalogue built in the test: what
each record puts in its document, the postings code, the caps, the shards and the files.

tests/test_search.py checks the index through the sample catalogue and Chromium, which the
mutation run leaves out (docs/mutation.md says why); these check the same rules with a handful of
records.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import site_gen.search.index as ix
from site_gen.catalogue import Catalogue
from site_gen.model import Agency, Licence, Service
from site_gen.search.index import (
    AGENCY,
    AGENCY_KIND,
    BODY,
    CHUNK,
    ID,
    KEYWORD,
    LICENCE_KIND,
    SECONDARY,
    SERVICE_KIND,
    SUMMARY,
    TITLE,
    TITLE_LONG,
    TITLE_SHORT,
    Doc,
    Index,
    agency_doc,
    build_index,
    decode,
    doc_terms,
    documents,
    encode,
    licence_doc,
    search_files,
    service_doc,
    shards,
    write_search_index,
)
from site_gen.search.normalise import normalise, table


def service(**data: Any) -> Service:
    return Service.model_validate({"title": "خدمت", "agency": "demo", **data})


def licence(**data: Any) -> Licence:
    return Licence.model_validate({"title": "مجوز", "agency": "demo", **data})


def agency(**data: Any) -> Agency:
    return Agency.model_validate({"slug": "demo", "name": "سازمان نمونه", **data})


# --- documents -----------------------------------------------------------------------------


def test_urls_by_kind() -> None:
    assert Doc(AGENCY_KIND, "demo", "demo", "t", "").url == "agencies/demo/"
    assert Doc(SERVICE_KIND, "demo", "kart", "t", "").url == "services/demo/kart/"
    assert Doc(LICENCE_KIND, "demo", "parvane", "t", "").url == "licenses/demo/parvane/"


def test_title_class_by_its_number_of_words() -> None:
    assert ix._title_class("یک") == TITLE_SHORT
    assert ix._title_class("یک دو سه") == TITLE_SHORT
    assert ix._title_class("یک دو سه چهار") == TITLE
    assert ix._title_class("یک دو سه چهار پنج شش") == TITLE
    assert ix._title_class("یک دو سه چهار پنج شش هفت") == TITLE_LONG
    assert ix._title_class("  یک   دو  ") == TITLE_SHORT


def test_summary_is_one_line_cut_at_a_word() -> None:
    assert ix._short(None) == ""
    assert ix._short("") == ""
    assert ix._short(" الف \n ب\tپ ") == "الف ب پ"
    exact = "ا" * ix.SUMMARY_CHARS
    assert ix._short(exact) == exact
    words = " ".join(["واژه"] * 60)  # 299 characters
    cut = ix._short(words)
    assert cut.endswith("واژه…") and len(cut) <= ix.SUMMARY_CHARS + 1
    # 160 characters hold 32 words and a space: all 32 are kept, the cut is at the last space
    assert cut == " ".join(["واژه"] * 32) + "…"
    assert ix._short("الف " + "ب" * 200) == "الف…"
    assert cut[:-1] == words[: len(cut) - 1] and words[len(cut) - 1] == " "
    assert ix._short("ا" * 200) == "ا" * ix.SUMMARY_CHARS + "…"  # no space: cut at the limit


def test_titles_in_results_are_cut_to_a_length() -> None:
    assert ix._cut("abc", 3) == "abc"
    assert ix._cut("abcd", 3) == "ab…"
    assert len(ix._cut("x" * 500, ix.TITLE_CHARS)) == ix.TITLE_CHARS


def test_service_document_fields_and_classes() -> None:
    card = service(
        id="10000000001",
        title="صدور کارت",
        keywords=["یارانه", "کارت هوشمند"],
        summary="خلاصه‌ی خدمت",
        description="شرح",
        provider_unit="واحد ارائه",
        process_title="فرایند",
        sub_services=[
            {
                "title": "گروه",
                "items": [
                    "زیر متنی",
                    {"title": "زیر دار", "id": "10000000002"},
                    {"title": "بی‌شناسه"},
                ],
            }
        ],
        faq=[{"q": "پرسش", "a": "پاسخ"}],
        locations=[{"title": "دفتر", "address": "نشانی"}],
        contact={"unit": "واحد تماس"},
    )
    doc = service_doc("kart", card, "سازمان نمونه")
    assert (doc.kind, doc.agency, doc.slug, doc.title, doc.summary) == (
        SERVICE_KIND,
        "demo",
        "kart",
        "صدور کارت",
        "خلاصه‌ی خدمت",
    )
    assert doc.fields == [
        (TITLE_SHORT, "صدور کارت"),
        (KEYWORD, "یارانه"),
        (KEYWORD, "کارت هوشمند"),
        (ID, "10000000001"),
        (ID, "10000000002"),
        (AGENCY, "سازمان نمونه"),
        (SECONDARY, "واحد ارائه"),
        (SECONDARY, "فرایند"),
        (SECONDARY, "گروه"),
        (SECONDARY, "زیر متنی"),
        (SECONDARY, "زیر دار"),
        (SECONDARY, "بی‌شناسه"),
        (SUMMARY, "خلاصه‌ی خدمت"),
        (BODY, "شرح"),
        (BODY, "پرسش"),
        (BODY, "پاسخ"),
        (BODY, "دفتر"),
        (BODY, "نشانی"),
        (BODY, "واحد تماس"),
    ]


def test_service_without_summary_is_summarised_by_its_description() -> None:
    doc = service_doc("x", service(description="شرح  خدمت"), "ن")
    assert doc.summary == "شرح خدمت"
    assert (SUMMARY, "شرح  خدمت") not in doc.fields and (BODY, "شرح  خدمت") in doc.fields
    assert [c for c, _ in doc.fields if c == ID] == []
    bare = service_doc("x", service(), "ن")
    assert bare.summary == "" and bare.fields == [(TITLE_SHORT, "خدمت"), (AGENCY, "ن")]


def test_licence_document_fields_and_summary() -> None:
    lic = licence(
        id="20000000001",
        title="پروانه‌ی کسب",
        kind="permit",
        issuing_unit="اداره‌ی صدور",
        legal_basis=[{"title": "قانون"}],
    )
    doc = licence_doc("parvane", lic, "سازمان نمونه")
    assert (doc.kind, doc.agency, doc.slug, doc.title) == (
        LICENCE_KIND,
        "demo",
        "parvane",
        "پروانه‌ی کسب",
    )
    kind = lic.kind.label if lic.kind else ""
    assert doc.summary == f"نوع مجوز: {kind}؛ واحد صادرکننده: اداره‌ی صدور"
    assert doc.fields == [
        (TITLE_SHORT, "پروانه‌ی کسب"),
        (ID, "20000000001"),
        (AGENCY, "سازمان نمونه"),
        (SECONDARY, "اداره‌ی صدور"),
        (SECONDARY, kind),
        (BODY, "قانون"),
    ]
    only_unit = licence_doc("x", licence(issuing_unit="اداره"), "ن")
    assert only_unit.summary == "واحد صادرکننده: اداره"
    bare = licence_doc("x", licence(), "ن")
    assert bare.summary == "" and bare.fields == [(TITLE_SHORT, "مجوز"), (AGENCY, "ن")]


def test_agency_document_fields_and_summary() -> None:
    a = agency(parent="mpo", province="تهران", code="123")
    doc = agency_doc("demo", a, 12, 0)
    assert (doc.kind, doc.agency, doc.slug, doc.title) == (
        AGENCY_KIND,
        "demo",
        "demo",
        "سازمان نمونه",
    )
    assert doc.summary == "mpo؛ تهران؛ ۱۲ خدمت و ۰ مجوز"
    assert doc.fields == [
        (TITLE_SHORT, "سازمان نمونه"),
        (ID, "123"),
        (KEYWORD, "demo"),
        (SECONDARY, "تهران"),
        (BODY, "mpo"),
    ]
    dashed = agency_doc("sabt-ahval", agency(slug="sabt-ahval"), 1, 2)
    assert dashed.summary == "۱ خدمت و ۲ مجوز"
    assert dashed.fields == [(TITLE_SHORT, "سازمان نمونه"), (KEYWORD, "sabt ahval")]


def test_documents_in_index_order() -> None:
    cat = Catalogue(Path("."))
    cat.agencies = {"b": agency(slug="b", name="ب"), "a": agency(slug="a", name="الف")}
    cat.services = {
        ("b", "s2"): service(agency="b"),
        ("b", "s1"): service(agency="b"),
        ("c", "s"): service(agency="c"),
    }
    cat.licences = {
        ("a", "l2"): licence(agency="a"),
        ("a", "l1"): licence(agency="a"),
        ("b", "l"): licence(agency="b"),
    }
    docs = documents(cat)
    assert [(d.kind, d.agency, d.slug) for d in docs] == [
        (AGENCY_KIND, "a", "a"),
        (LICENCE_KIND, "a", "l1"),
        (LICENCE_KIND, "a", "l2"),
        (AGENCY_KIND, "b", "b"),
        (SERVICE_KIND, "b", "s1"),
        (SERVICE_KIND, "b", "s2"),
        (LICENCE_KIND, "b", "l"),
        (SERVICE_KIND, "c", "s"),  # an agency without its record: no agency document
    ]
    assert docs[0].summary == "۰ خدمت و ۲ مجوز" and docs[3].summary == "۲ خدمت و ۱ مجوز"
    assert (AGENCY, "ب") in docs[4].fields and (AGENCY, "الف") in docs[1].fields
    assert (AGENCY, "c") in docs[7].fields  # the folder's name when the agency has no record


# --- postings ------------------------------------------------------------------------------


def test_postings_code() -> None:
    assert encode([]) == ""
    assert encode([(0, 3)]) == "D"  # 0 * 16 + 3
    assert encode([(1, 15)]) == "f"  # 31: one digit
    assert encode([(2, 0)]) == "gB"  # 32: low 5 bits with the more-bit, then 1
    assert encode([(2, 1), (3, 8)]) == "hBY"  # gaps: 2 then 1 (1 * 16 + 8 = 24)
    assert encode([(64, 4)]) == "kg" + "B"  # 1028 = 4 + 0 * 32 + 1 * 1024
    for postings in ([(0, 3)], [(2, 1), (3, 8)], [(5, 0), (6, 15), (1000, 7), (100000, 8)]):
        assert decode(encode(postings)) == postings
        assert decode("!" + encode(postings)) == postings
    assert decode("") == []


# --- terms and caps -------------------------------------------------------------------------


def test_document_terms_keep_the_best_class() -> None:
    doc = Doc(
        SERVICE_KIND,
        "d",
        "s",
        "کارت",
        "",
        [(BODY, "کارت ملی"), (TITLE_SHORT, "کارت"), (KEYWORD, "ملی")],
    )
    terms = doc_terms(doc)
    assert terms["کارت"] == TITLE_SHORT
    assert terms["ملی"] == KEYWORD


def test_document_terms_are_cut_to_max_term() -> None:
    long = "ب" * (ix.MAX_TERM + 5)
    terms = doc_terms(Doc(SERVICE_KIND, "d", "s", "t", "", [(BODY, long)]))
    assert "ب" * ix.MAX_TERM in terms and all(len(t) <= ix.MAX_TERM for t in terms)


def test_document_text_is_read_up_to_max_doc_chars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ix, "MAX_DOC_CHARS", 12)
    doc = Doc(
        SERVICE_KIND,
        "d",
        "s",
        "t",
        "",
        [(TITLE_SHORT, "کارت ملی"), (BODY, "سند خودرو"), (BODY, "گذرنامه")],
    )
    terms = doc_terms(doc)
    # 8 characters of the title, 4 of the body («سند »), none of the last field
    assert set(terms) >= {"کارت", "ملی", "سند"}
    assert not any(t.startswith("خود") for t in terms) and "گذرنامه" not in terms


def test_document_adds_at_most_max_doc_terms_those_met_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ix, "MAX_DOC_TERMS", 3)
    doc = Doc(SERVICE_KIND, "d", "s", "t", "", [(TITLE_SHORT, "کارت"), (BODY, "پنج چهار سه دو")])
    terms = doc_terms(doc)
    assert set(terms) == {"کارت", "پنج", "چهار"}
    again = Doc(
        SERVICE_KIND,
        "d",
        "s",
        "t",
        "",
        [(BODY, "کارت"), (TITLE_SHORT, "کارت ملی"), (BODY, "سند"), (BODY, "کارت")],
    )
    monkeypatch.setattr(ix, "MAX_DOC_TERMS", 2)
    assert doc_terms(again) == {"کارت": TITLE_SHORT, "ملی": TITLE_SHORT}


def test_terms_in_too_many_documents_keep_only_high_postings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ix, "CAP_MIN", 2)
    docs = [
        Doc(SERVICE_KIND, "d", f"s{n}", "t", "", [(cls, "خدمت"), (BODY, f"ویژه{n}")])
        for n, cls in enumerate([BODY, AGENCY, SECONDARY, KEYWORD])
    ]
    index = build_index(docs)
    assert index.docs == docs
    assert index.capped == {"خدمت"}
    assert index.postings["خدمت"] == {1: AGENCY, 3: KEYWORD}
    assert index.postings["ویژه0"] == {0: BODY}
    three = build_index(docs[:2])  # two documents: at the cap, not over it
    assert three.capped == set() and three.postings["خدمت"] == {0: BODY, 1: AGENCY}
    # the cap grows with the catalogue: a fifth of the documents
    monkeypatch.setattr(ix, "CAP_MIN", 1)
    many = [
        Doc(SERVICE_KIND, "d", f"s{n}", "t", "", [(BODY, "همه" if n < 3 else "جز")])
        for n in range(10)
    ]
    assert build_index(many).capped == {"همه", "جز"}
    assert build_index(many[:3] + many[3:4]).capped == {"همه"}


# --- shards ----------------------------------------------------------------------------------


def small_index() -> Index:
    postings = {
        "کار": {0: BODY},
        "کارت": {1: TITLE_SHORT, 2: BODY},
        "کارها": {2: KEYWORD, 3: ID},
        "کاری": {4: SECONDARY},
        "ثبت": {0: TITLE},
    }
    return Index([], postings, {"کارت"})


def test_shards_by_the_first_two_characters() -> None:
    out = shards(small_index())
    assert set(out) == {"کا", "ثب"}
    assert out["ثب"] == {"ثبت": encode([(0, TITLE)])}
    assert list(out["کا"]) == ["کار", "کارت", "کارها", "کاری"]  # sorted
    assert out["کا"]["کارت"] == "!" + encode([(1, TITLE_SHORT), (2, BODY)])  # capped: marked


def test_large_shard_is_split_by_one_more_character() -> None:
    index = small_index()
    out = shards(index, limit=40)
    assert set(out) >= {"کا", "کار", "ثب"}
    assert set(out["کا"]) == {"*"}  # no term of two letters
    assert decode(out["کا"]["*"]) == [
        (1, TITLE_SHORT),
        (2, KEYWORD),
        (3, ID),
    ]  # KEYWORD and above only
    # «کار» is as long as its key: it stays in the key's own shard, beside the "*" of the longer terms
    assert out["کار"]["کار"] == encode([(0, BODY)]) and "*" in out["کار"]
    every = {t for shard in out.values() for t in shard if t != "*"}
    assert every == set(index.postings)


def test_split_shard_star_keeps_keyword_and_above_best_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = Index(
        [], {"ابت": {0: BODY, 1: KEYWORD, 2: TITLE}, "ابث": {1: ID, 3: KEYWORD, 4: SUMMARY}}, set()
    )
    assert decode(ix._star(index, ["ابت", "ابث"])) == [(1, ID), (2, TITLE), (3, KEYWORD)]
    monkeypatch.setattr(ix, "STAR_LIMIT", 2)
    assert decode(ix._star(index, ["ابت", "ابث"])) == [(1, ID), (2, TITLE)]


def test_split_stops_at_max_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ix, "MAX_KEY", 3)
    postings = {"ابپتث": {0: BODY}, "ابپتج": {1: BODY}, "ابپ": {2: BODY}}
    out = shards(Index([], postings, set()), limit=1)
    assert set(out) == {"اب", "ابپ"}
    assert set(out["ابپ"]) == {"ابپ", "ابپتث", "ابپتج"}  # not split further
    assert out["اب"] == {"*": ""}


def test_shard_size_counts_bytes_of_terms_and_postings() -> None:
    entries = {"ab": "xyz", "پ": "q"}
    assert ix._size(entries, ["ab"]) == 2 + 3 + 6
    assert ix._size(entries, ["ab", "پ"]) == 11 + 2 + 1 + 6


def test_shard_at_the_limit_is_not_split() -> None:
    index = Index([], {"ابپ": {0: BODY}, "ابت": {1: BODY}}, set())
    entries = {t: ix._entry(index, t) for t in index.postings}
    size = ix._size(entries, list(index.postings))
    assert set(shards(index, limit=size)) == {"اب"}
    assert set(shards(index, limit=size - 1)) == {"اب", "ابپ", "ابت"}


# --- files ---------------------------------------------------------------------------------


def catalogue(n_services: int = 3) -> Catalogue:
    cat = Catalogue(Path("."))
    cat.agencies = {"demo": agency(), "mpo": agency(slug="mpo", name="سازمان برنامه")}
    cat.services = {("demo", f"s{n:02d}"): service(title=f"خدمت {n}") for n in range(n_services)}
    cat.licences = {("mpo", "l"): licence(agency="mpo", title="مجوز کسب")}
    return cat


def test_search_files_layout_and_manifest() -> None:
    files = search_files(catalogue())
    docs = documents(catalogue())
    assert len(docs) == 6
    manifest = json.loads(files["manifest.json"])
    assert manifest["docs"] == 6 and manifest["chunk"] == CHUNK
    assert manifest["kinds"] == ["agencies", "services", "licenses"]
    assert manifest["weights"] == ix.WEIGHTS and manifest["prefix"] == ix.PREFIX_FACTOR
    assert manifest["stem"] == ix.STEM_FACTOR and manifest["descend"] == ix.DESCEND_LIMIT
    assert manifest["max_term"] == ix.MAX_TERM
    assert manifest["normalise"] == {k: v for k, v in table().items() if not k.startswith("_")}
    keys = manifest["keys"]
    assert keys == sorted(keys) and {f"s/{n}.json" for n in range(len(keys))} <= set(files)
    for n, key in enumerate(keys):
        shard = json.loads(files[f"s/{n}.json"])
        assert all(t == "*" or t.startswith(key) for t in shard)
    assert json.loads(files["a.json"]) == [["demo", "سازمان نمونه"], ["mpo", "سازمان برنامه"]]
    chunk = json.loads(files["d/0.json"])
    assert chunk[0] == [AGENCY_KIND, 0, "demo", "سازمان نمونه", docs[0].summary]
    assert chunk[1] == [SERVICE_KIND, 0, "s00", "خدمت 0", ""]
    assert chunk[5] == [LICENCE_KIND, 1, "l", "مجوز کسب", ""]
    # issue 15: the chunk's body sentences and the typo lexicon's buckets
    buckets = manifest["typo"]["buckets"]
    assert set(files) == {"manifest.json", "a.json", "d/0.json", "x/0.json"} | {
        f"s/{n}.json" for n in range(len(keys))
    } | {f"t/{n}.json" for n in range(buckets)}
    body = {k: v for k, v in files.items() if k != "manifest.json"}
    digest = hashlib.sha256()
    for path in sorted(body):
        digest.update(path.encode() + b"\0" + body[path].encode() + b"\0")
    assert manifest["version"] == digest.hexdigest()[:12]
    assert "\\u" not in files["a.json"] and ", " not in files["a.json"]  # UTF-8, compact


def test_documents_are_chunked() -> None:
    files = search_files(catalogue(CHUNK))  # CHUNK + 3 documents: two chunks
    assert len(json.loads(files["d/0.json"])) == CHUNK
    assert len(json.loads(files["d/1.json"])) == 3
    assert "d/2.json" not in files
    assert json.loads(files["d/1.json"])[-1][2] == "l"


def test_agency_without_its_record_is_named_by_its_folder() -> None:
    cat = catalogue(1)
    del cat.agencies["mpo"]
    assert json.loads(search_files(cat)["a.json"]) == [["demo", "سازمان نمونه"], ["mpo", "mpo"]]


def test_long_title_is_cut_in_the_results_but_indexed_whole() -> None:
    cat = catalogue(0)
    title = " ".join(["عنوان"] * 50)
    cat.services = {("demo", "x"): service(title=title)}
    files = search_files(cat)
    shown = json.loads(files["d/0.json"])[1][3]
    assert len(shown) == ix.TITLE_CHARS and shown.endswith("…")


def test_split_limit_reaches_the_shards() -> None:
    cat = catalogue(30)
    assert len(json.loads(search_files(cat, limit=50)["manifest.json"])["keys"]) > len(
        json.loads(search_files(cat)["manifest.json"])["keys"]
    )


def test_search_index_written_once_and_unchanged_files_kept(tmp_path: Path) -> None:
    cat = catalogue()
    written = write_search_index(cat, tmp_path)
    files = search_files(cat)
    assert written == {tmp_path / "search" / rel for rel in files}
    for rel, content in files.items():
        assert (tmp_path / "search" / rel).read_text(encoding="utf-8") == content
    manifest = tmp_path / "search" / "manifest.json"
    before = manifest.stat().st_mtime_ns
    manifest.touch()
    stamp = manifest.stat().st_mtime_ns
    assert write_search_index(cat, tmp_path) == written
    assert manifest.stat().st_mtime_ns == stamp  # same bytes: not written again
    (tmp_path / "search" / "a.json").write_text("[]", encoding="utf-8")
    write_search_index(cat, tmp_path)
    assert (tmp_path / "search" / "a.json").read_text(encoding="utf-8") == files["a.json"]
    assert before <= stamp
    assert normalise("x") == "x"


def test_every_text_of_a_service_is_in_its_document() -> None:
    card = service(
        title="یک دو سه چهار پنج شش هفت",
        execution_method="روش اجرا",
        system_name="سامانه",
        eligibility="شرایط",
        audience=["مخاطب"],
        required_documents=["مدرک متنی", {"title": "مدرک نگاشت"}],
        processes=["فرایند یک"],
        laws=["قانون متنی", {"title": "قانون نگاشت"}],
        life_events=["birth", "other"],
        life_event_other="رویداد دیگر",
        service_hours="ساعت",
        in_person_note="حضوری",
    )
    doc = service_doc("s", card, "ن")
    assert doc.fields == [
        (TITLE_LONG, "یک دو سه چهار پنج شش هفت"),
        (AGENCY, "ن"),
        (SECONDARY, "روش اجرا"),
        (SECONDARY, "سامانه"),
        (BODY, "شرایط"),
        (BODY, "مخاطب"),
        (BODY, "مدرک متنی"),
        (BODY, "مدرک نگاشت"),
        (BODY, "فرایند یک"),
        (BODY, "قانون متنی"),
        (BODY, "قانون نگاشت"),
        (BODY, card.life_events[0].label if card.life_events else ""),
        (BODY, card.life_events[1].label if card.life_events else ""),
        (BODY, "رویداد دیگر"),
        (BODY, "ساعت"),
        (BODY, "حضوری"),
    ]
    assert doc.fields[11] == (BODY, "تولد")


def test_every_text_of_a_licence_is_in_its_document() -> None:
    lic = licence(
        title="مجوز",
        prerequisites=["پیش‌نیاز"],
        revocation_conditions=["ابطال"],
        applicants=["natural_person"],
        actions=[
            {
                "type": "issue",
                "required_documents": ["مدرک"],
                "conditions": ["شرط"],
                "rules": ["ضابطه"],
                "notes": "یادداشت",
            }
        ],
    )
    doc = licence_doc("l", lic, "ن")
    applicant = lic.applicants[0].label if lic.applicants else ""
    action = lic.actions[0].type.label if lic.actions else ""
    assert doc.fields == [
        (TITLE_SHORT, "مجوز"),
        (AGENCY, "ن"),
        (BODY, "پیش‌نیاز"),
        (BODY, "ابطال"),
        (BODY, applicant),
        (BODY, action),
        (BODY, "مدرک"),
        (BODY, "شرط"),
        (BODY, "ضابطه"),
        (BODY, "یادداشت"),
    ]
    assert applicant and action


def test_texts_skip_what_is_not_text() -> None:
    assert list(ix._texts([None, "a", ["b", None, ["c"]], 3])) == ["a", "b", "c"]
    assert list(ix._flatten([("a", ("b", None)), "c"])) == ["a", "b", None, "c"]


def test_star_keeps_each_documents_best_class_whatever_the_order_of_terms() -> None:
    index = Index([], {"ابت": {1: ID}, "ابث": {1: KEYWORD}}, set())
    assert decode(ix._star(index, ["ابت", "ابث"])) == [(1, ID)]
    assert decode(ix._star(index, ["ابث", "ابت"])) == [(1, ID)]


def test_star_limit_keeps_the_best_classes_then_the_first_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ix, "STAR_LIMIT", 2)
    index = Index([], {"ابت": {1: KEYWORD, 2: TITLE, 3: ID}}, set())
    assert decode(ix._star(index, ["ابت"])) == [(2, TITLE), (3, ID)]
    monkeypatch.setattr(ix, "STAR_LIMIT", 1)
    tie = Index([], {"ابت": {5: ID, 3: ID, 1: KEYWORD}}, set())
    assert decode(ix._star(tie, ["ابت"])) == [(3, ID)]


def test_postings_starting_with_any_digit_decode() -> None:
    for doc, cls in [(1, TITLE), (1, 8), (0, 0), (3, 15)]:  # «X», «Y», «A», «v»
        assert decode(encode([(doc, cls)])) == [(doc, cls)]
    assert encode([(1, TITLE)]) == "X"
    assert decode("!X") == [(1, TITLE)]
