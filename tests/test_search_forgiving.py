"""Search that forgives (issue 15): everyday words, typos, ranking with snippets, the results page.

``search_forgiving.json`` is the table: a query as a citizen types it (a typo of each confusable
pair and of each kind of edit, everyday Persian words, English names, Arabic letters), the page
expected among the first five results and, for a typo, the «منظورتان … بود؟» expected. It runs
on the project's sample catalogue through the Python twin of the ranking and through
``window.catalogueSearch`` in one Chromium for the module; both must give the same pages in the
same order and the same suggestion.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from site_gen.catalogue import load_catalogue
from site_gen.search import forgiving
from site_gen.search.index import doc_terms, documents
from site_gen.search.normalise import query_terms
from site_gen.search.query import Searcher

HERE = Path(__file__).resolve().parent
ROWS: list[dict[str, Any]] = json.loads((HERE / "search_forgiving.json").read_text(encoding="utf-8"))
TOP = 5


@pytest.fixture(scope="module")
def searcher(sample_site: Path) -> Searcher:
    return Searcher.from_dir(sample_site / "search")


@pytest.fixture(scope="module")
def sample_catalogue(sample_root: Path) -> Any:
    catalogue, report = load_catalogue(sample_root, use_cache=False, keep_records=True)
    assert not report.errors
    return catalogue


# --- the tables -----------------------------------------------------------------------------


def test_the_table_covers_the_issue() -> None:
    assert len(ROWS) >= 40
    kinds = " ".join(r["kind"] for r in ROWS)
    for pair in ("ذ→ز", "ز→ذ", "ض→ظ", "ظ→ز", "س→ص", "ص→س", "ث→س", "ت→ط", "ط→ت", "ه→ح", "ح→ه", "ا→ع", "آ→ع", "ق→غ", "غ→ق"):
        assert f"typo: {pair}" in kinds, pair
    for edit in ("insertion", "deletion", "substitution", "swap"):
        assert f"typo: {edit}" in kinds, edit
    assert sum(r["kind"] == "english" for r in ROWS) >= 10 and sum(r["kind"] == "everyday" for r in ROWS) >= 5
    assert len({r["query"] for r in ROWS}) == len(ROWS)


def test_every_everyday_word_leads_to_words_of_the_catalogue(sample_catalogue: Any) -> None:
    """Each phrase under ``means`` in synonyms.yaml is made of words the sample catalogue's index
    has, or is listed under ``documented`` (a target that finds nothing is a mistake)."""
    indexed: set[str] = set()
    for doc in documents(sample_catalogue):
        indexed |= set(doc_terms(doc))
    source = forgiving.synonym_source()
    documented = set(source.get("documented") or {})
    missing = []
    for entry in source["entries"]:
        assert entry["words"] and entry["means"], entry
        for target in entry["means"]:
            for term in query_terms(target):
                if term not in indexed and target not in documented:
                    missing.append((target, term))
    assert missing == []
    table = forgiving.synonym_table()
    assert table["پاسپورت"] == ["گذرنامه"] and table["passport"] == ["گذرنامه"]
    assert table["id card"] == ["کارت ملی"] and table["سربازی"] == ["نظام وظیفه"]


def test_a_word_one_edit_away_shares_a_typo_key() -> None:
    """The lexicon's three keys (first two letters, last two, first and last, after folding)
    catch every single edit of a word of four letters or more."""
    rng = random.Random(15)
    letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    for _ in range(300):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        i = rng.randrange(len(word))
        ch = rng.choice(letters)
        edits = [word[:i] + ch + word[i + 1 :], word[:i] + word[i + 1 :], word[:i] + ch + word[i:]]
        if i + 1 < len(word):
            edits.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        for typo in edits:
            if len(typo) >= 3:
                assert set(forgiving.typo_keys(typo)) & set(forgiving.typo_keys(word)), (word, typo)
                assert forgiving.distance(typo, word) <= 1


def test_confusable_letters_are_half_an_edit() -> None:
    d = forgiving.distance
    assert d("ثبط", "ثبت") == 0.5 and d("گزرنامه", "گذرنامه") == 0.5 and d("طلاغ", "طلاق") == 0.5
    assert d("عزدواج", "ازدواج") == 0.5 and d("شناسنامح", "شناسنامه") == 0.5
    assert d("شناسنانه", "شناسنامه") == 1 and d("بازنشتسگی", "بازنشستگی") == 1
    assert d("ذبت", "ثبت") == 1 and d("شناسنامه", "شنامه") == 2
    lexicon = {k: [["ثبت", 9], ["ثبات", 2]] for k in forgiving.typo_keys("ثبت")}
    assert forgiving.candidates("ثبط", lexicon) == ["ثبت"]  # three letters: confusable letters only
    assert forgiving.candidates("ذبت", lexicon) == []
    assert forgiving.candidates("ثب", lexicon) == []


@pytest.mark.parametrize("row", ROWS, ids=[r["query"] for r in ROWS])
def test_forgiving_query_python(searcher: Searcher, row: dict[str, Any]) -> None:
    ranked = searcher.ranked(row["query"])
    urls = [searcher.url(d) for d in ranked.numbers[:TOP]]
    assert row["expect"] in urls, (row, urls)
    assert ranked.suggestion == row.get("suggest"), row


def test_typo_results_rank_below_exact_ones(searcher: Searcher) -> None:
    # «شناسنامه» as typed finds the same cards as the typo; a typo never outranks an exact
    # match: with both in one query, the exact term decides
    exact = searcher.ranked("شناسنامه")
    typo = searcher.ranked("شناسنانه")
    assert exact.suggestion is None and typo.suggestion == "شناسنامه"
    assert set(typo.numbers) <= set(exact.numbers)
    assert searcher.ranked("ثبت").suggestion is None  # a word that matches is never corrected


def test_a_title_match_ranks_before_a_document_list_match(searcher: Searcher) -> None:
    """«کارت آمایش» is the title of a licence and only a required document of the work permit."""
    urls = searcher.search("کارت آمایش", 20)
    title = urls.index("/licenses/interior-atba/residence-card/")
    documents_only = urls.index("/services/mcls/foreign-work-permit/")
    assert title < documents_only
    ranked = searcher.ranked("کارت آمایش")
    numbers = {searcher.url(d): d for d in ranked.numbers}
    assert numbers["/services/mcls/foreign-work-permit/"] in ranked.body_only
    assert numbers["/licenses/interior-atba/residence-card/"] not in ranked.body_only


# --- Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def base(sample_site: Path) -> Iterator[str]:
    from browser import serve

    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser: Any, base: str) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) and not r.url.startswith("data:") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base)
    page.wait_for_function("typeof window.catalogueSearch === 'function'")
    yield page
    page.close()
    assert outside == [] and errors == []


def test_forgiving_queries_in_chromium(page: Any, searcher: Searcher) -> None:
    got = page.evaluate("async qs => Promise.all(qs.map(q => window.catalogueSearch.details(q, 10)))", [r["query"] for r in ROWS])
    missing = [(r["query"], [x["path"] for x in d["results"][:TOP]]) for r, d in zip(ROWS, got, strict=True)
               if r["expect"] not in [x["path"] for x in d["results"][:TOP]]]
    assert missing == []
    for r, d in zip(ROWS, got, strict=True):
        assert d["suggestion"] == r.get("suggest"), r["query"]
        # the browser and the Python twin: the same pages in the same order, the same suggestion
        assert [x["path"] for x in d["results"]] == searcher.search(r["query"], 10), r["query"]
    # the contract: window.catalogueSearch(query) → ranked paths, typo and synonym results included
    assert page.evaluate("window.catalogueSearch('پاسپورت')") == searcher.search("پاسپورت")


def test_a_body_match_shows_its_sentence_highlighted(page: Any) -> None:
    found = page.evaluate("window.catalogueSearch.details('طلاق', 5)")
    first = found["results"][0]
    assert first["path"] == "/services/interior-atba/marriage-permit-foreign-men/"
    parts = first["snippet"]
    assert "".join(p["text"] for p in parts) == "گواهی تجرد یا طلاق مرد از کشور متبوع"
    assert [p["text"] for p in parts if p["mark"]] == ["طلاق"]
    # a result found by its title shows its summary, not a snippet
    title = page.evaluate("window.catalogueSearch.details('کارت آمایش', 5)")["results"][0]
    assert title["path"] == "/licenses/interior-atba/residence-card/" and title["snippet"] is None
    # in the search box: the sentence, the word in <mark>, as text
    page.fill("#catalogue-search-input", "پاسپورت")
    page.locator(".catalogue-search__snippet mark").first.wait_for()
    assert page.locator(".catalogue-search__snippet mark").first.inner_text() == "گذرنامه"
    assert page.locator(".catalogue-search__snippet").first.inner_text() == "مدرک اقامتی معتبر یا گذرنامه مرد"


def test_did_you_mean_in_the_search_box(page: Any, base: str) -> None:
    page.fill("#catalogue-search-input", "شناسنانه")
    box = page.locator("#catalogue-search-panel [data-search-suggest]")
    box.wait_for()
    assert box.inner_text() == "منظورتان «شناسنامه» بود؟"
    assert box.locator("a").get_attribute("href") == f"{base}search/?q={quote('شناسنامه')}"
    page.fill("#catalogue-search-input", "شناسنامه")
    page.wait_for_function("document.querySelector('#catalogue-search').dataset.searchDone === 'شناسنامه'")
    assert box.is_hidden()


def test_enter_opens_the_results_page_and_arrows_pick_a_suggestion(page: Any, base: str, searcher: Searcher) -> None:
    page.goto(f"{base}services/")
    page.fill("#catalogue-search-input", "پروانه")
    page.locator(".catalogue-search__item").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}search/?q={quote('پروانه')}")
    page.wait_for_function("document.querySelector('[data-search-page]').dataset.searchDone === 'پروانه'")
    total = len(searcher.rank("پروانه"))
    assert total > 10  # more than the search box shows at once
    items = page.locator(".search-page__list .catalogue-search__link")
    assert items.count() == min(total, 50)
    assert [a.get_attribute("href").removeprefix(base.rstrip("/")) for a in items.all()[:10]] == searcher.search("پروانه", 10)
    assert page.locator(".search-page [data-search-count]").inner_text() == f"{total} نتیجه برای «پروانه»".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert page.locator("#catalogue-search-panel").is_hidden()  # the page shows them, not the box
    # the arrows still pick a suggestion: down to the second, Enter follows it
    page.fill("#catalogue-search-input", "گواهی عدم سوء پیشینه")
    page.locator("#catalogue-search-panel .catalogue-search__item").nth(1).wait_for()
    expected = page.locator("#catalogue-search-panel .catalogue-search__link").nth(1).get_attribute("href")
    page.focus("#catalogue-search-input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(expected)


def test_the_results_page_of_a_typo_and_of_an_everyday_word(page: Any, base: str) -> None:
    page.goto(f"{base}search/?q={quote('گذرنامح')}")
    page.wait_for_function("document.querySelector('[data-search-page]').dataset.searchDone")
    assert page.locator(".search-page [data-search-suggest]").inner_text() == "منظورتان «گذرنامه» بود؟"
    assert page.locator("#search-page-input").input_value() == "گذرنامح"
    page.goto(f"{base}search/?q=passport")
    page.wait_for_function("document.querySelector('[data-search-page]').dataset.searchDone")
    links = [a.get_attribute("href") for a in page.locator(".search-page__list a").all()]
    assert f"{base}services/mcls/foreign-work-permit/" in links
    assert page.locator(".search-page__list mark").first.inner_text() == "گذرنامه"


def test_without_javascript_the_form_goes_to_the_results_page(browser: Any, base: str) -> None:
    for width in (1280, 390):
        context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
        try:
            page = context.new_page()
            page.goto(f"{base}licenses/")
            if width == 1280:
                page.goto(base)  # the home page's own form goes there too
                page.fill("#home-search-input", "مسکن")
                page.keyboard.press("Enter")
                page.wait_for_url(f"{base}search/?q={quote('مسکن')}")
                page.goto(f"{base}licenses/")
                page.fill("#catalogue-search-input", "گذرنامه")
                page.keyboard.press("Enter")
                page.wait_for_url(f"{base}search/?q={quote('گذرنامه')}")
            else:  # the phone's search icon is a link to the page
                page.click("[data-search-open]")
                page.wait_for_url(f"{base}search/")
            assert page.locator("noscript").count() == 1
            hrefs = [a.get_attribute("href") for a in page.locator("article a").all()]
            assert any(h and re.search(r"browse/services/a-z/\d\d/$", h) for h in hrefs)
            assert any(h and re.search(r"browse/licenses/a-z/\d\d/$", h) for h in hrefs)
            assert any(h and "browse/services/life-events/" in h for h in hrefs)
            page.click("article a[href*='life-events/birth/']")  # a life event leads to its services
            assert "/browse/services/life-events/birth/" in page.url
        finally:
            context.close()


def test_the_results_page_is_axe_clean(browser: Any, base: str) -> None:
    from test_search import REPO

    axe = (REPO / "tests/vendor/axe.min.js").read_text(encoding="utf-8")
    for scheme, width in (("dark", 390),):  # the header's axe test covers light and wide
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(f"{base}search/?q={quote('پاسپورت')}")
            page.wait_for_function("document.querySelector('[data-search-page]').dataset.searchDone")
            assert page.locator(".search-page__list mark").count() >= 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.evaluate(axe)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))")
            serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in json.loads(result) if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{scheme} at {width}px: {serious}"
        finally:
            context.close()
