"""The site's search: one normalisation in Python and JavaScript, the index, ranking, the UI.

Two tables drive the tests: ``search_cases.json`` (text → normalised text and query terms),
checked against ``site_gen/search/normalise.py`` and against ``search.js`` in Chromium, and
``search_queries.json`` (query → the page expected among the first five results), run against
the project's own sample catalogue (``cards/``, ``licenses/``) through the Python twin of the
ranking and through ``window.catalogueSearch`` on the built site. Both must give the same order.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import harness, record_paths

from site_gen.build import build
from site_gen.catalogue import load_catalogue
from site_gen.search import index as search_index
from site_gen.search.index import decode, encode, search_files
from site_gen.search.normalise import index_terms, normalise, query_terms, table
from site_gen.search.query import Searcher

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CASES: list[dict[str, Any]] = json.loads((HERE / "search_cases.json").read_text(encoding="utf-8"))
QUERIES: list[dict[str, Any]] = json.loads((HERE / "search_queries.json").read_text(encoding="utf-8"))
TOP = 5


def _copy_sample(dest: Path) -> Path:
    """The project's sample catalogue, copied so that the build stages outside the work tree."""
    root = dest / "sample"
    for top in ("cards", "licenses"):
        shutil.copytree(REPO / top, root / top)
    return root


# sample_root and sample_site (the sample catalogue built once per session): tests/conftest.py


@pytest.fixture(scope="session")
def searcher(sample_site: Path) -> Searcher:
    return Searcher.from_dir(sample_site / "search")


# --- the tables -----------------------------------------------------------------------------


def test_tables_are_large_enough() -> None:
    assert len(CASES) >= 25
    assert len(QUERIES) >= 40
    inputs = [c["input"] for c in CASES]
    assert len(set(inputs)) == len(inputs)


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_normalise_python(case: dict[str, Any]) -> None:
    assert normalise(case["input"]) == case["normalised"]
    assert query_terms(case["input"]) == case["query_terms"]


def test_normalisation_table_covers_the_issue() -> None:
    t = table()
    for src, dst in {"ي": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی"}.items():
        assert t["map"][src] == dst
    for code in [*range(0x064B, 0x0660), 0x0670, 0x0640]:
        assert chr(code) in t["remove"]
    for i, (fa, ar) in enumerate(zip("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩", strict=True)):
        assert t["map"][fa] == t["map"][ar] == str(i)
    assert {"ها", "های", "ای", "ی", "تر", "ترین", "هایی"} <= set(t["suffixes"])
    assert {"می", "نمی"} <= set(t["prefixes"])


def test_compound_spellings_share_a_term() -> None:
    zwnj, joined, spaced = "دستگاه\u200cهای اجرایی", "دستگاههای اجرایی", "دستگاه های اجرایی"
    for text in (zwnj, joined, spaced):
        assert "دستگاههای" in index_terms(text)
        assert query_terms(text) == ["دستگاههای", "اجرایی"]
    # the parts of a ZWNJ or spaced compound, and the stem of a joined plural, are indexed too
    assert {"دستگاه", "اجرایی"} <= index_terms(zwnj) & index_terms(spaced) & index_terms(joined)
    assert {"ثبتنام", "ثبت", "نام"} <= index_terms("ثبت\u200cنام")
    assert "میشود" in index_terms("می شود") and "میشود" in index_terms("می\u200cشود")


def test_postings_round_trip() -> None:
    postings = [(0, 8), (1, 0), (2, 15), (40, 3), (41, 3), (5000, 5), (5001, 1), (123456, 7)]
    assert decode(encode(postings)) == postings
    assert decode("!" + encode(postings)) == postings
    assert encode([]) == ""


# --- the index ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = _copy_sample(tmp_path_factory.mktemp("search-catalogue"))
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True)
    assert not report.errors
    return catalogue


def test_every_record_is_a_document(sample_catalogue: Any) -> None:
    docs = search_index.documents(sample_catalogue)
    urls = {d.url for d in docs}
    assert len(urls) == len(docs) == len(sample_catalogue.agencies) + len(sample_catalogue.services) + len(sample_catalogue.licences)
    assert record_paths(sample_catalogue) <= urls


def test_keywords_are_indexed_but_not_shown(sample_catalogue: Any) -> None:
    files = search_files(sample_catalogue)
    shown = "".join(v for k, v in files.items() if k.startswith("d/"))
    searcher = Searcher.from_files(files)
    # what a result shows: kind, agency, slug, title and summary; never the keywords
    for n, doc in enumerate(search_index.documents(sample_catalogue)):
        row = searcher.doc(n)
        assert row[2:] == [doc.slug, doc.title, doc.summary]
        if doc.kind == search_index.SERVICE_KIND:
            card = sample_catalogue.services[(doc.agency, doc.slug)]
            assert doc.summary == search_index._short(card.summary or card.description)
    checked = 0
    for (agency, slug), card in sample_catalogue.services.items():
        for keyword in card.keywords or []:
            text = f"{card.title} {card.summary or ''} {card.description or ''}"
            if normalise(keyword) in normalise(text) or keyword in shown:
                continue  # also a word of the title or summary: it may be shown as that
            assert f"/services/{agency}/{slug}/" in searcher.search(keyword, 20), keyword
            checked += 1
    assert checked >= 5


def test_split_shards_find_the_same(tmp_path: Path) -> None:
    """A tiny shard limit splits most shards; queries find what the unsplit index finds: the same
    ranking, unless a term is a split key with many descendants (its ``*`` entry keeps titles,
    keywords and ids only: then the best result is still the same)."""
    from site_gen.synth import synthesise

    synthesise(tmp_path / "syn", 200)
    catalogue, report = load_catalogue(tmp_path / "syn", use_cache=False, keep_records=True)
    assert not report.errors
    whole = Searcher.from_files(search_files(catalogue, limit=10**9))
    split = Searcher.from_files(search_files(catalogue, limit=150))
    assert len(split.keys) > 3 * len(whole.keys)
    assert any(len(k) >= 4 and not k.isdigit() for k in split.keys) and any(len(k) >= 8 for k in split.keys)

    def uses_star(query: str) -> bool:
        terms = query_terms(query)
        units = terms + [a + b for a, b in itertools.pairwise(terms)]
        return any(split.shard_key(u) == u and len(split.descendants(u)) > split.manifest["descend"] for u in units)

    card = next(iter(catalogue.services.values()))
    assert card.id
    queries = ["صدور", "صد", "گذرنامه", "گذر", "دستگاه های اجرایی", card.id, card.id[:6], card.id[:2],
               card.title, "کسب و کار", "ثب", "اس", "است", "امور مالیاتی", "تامین اجتما"]
    starred = 0
    for query in queries:
        expected = whole.rank(query)
        got = split.rank(query)
        assert expected, query
        if uses_star(query):
            starred += 1
            assert got[:1] == expected[:1], query
        else:
            assert got == expected, query
    assert 0 < starred < len(queries)


# --- ranking on the sample catalogue, in Python ---------------------------------------------


@pytest.mark.parametrize("row", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_python(searcher: Searcher, row: dict[str, Any]) -> None:
    found = searcher.search(row["query"], TOP)
    assert row["expect"] in found, (row, found)


def test_title_matches_rank_above_body_matches(searcher: Searcher, sample_catalogue: Any) -> None:
    ranked = 0
    for (agency, slug), card in sample_catalogue.services.items():
        words = [w for w in query_terms(card.title) if len(w) >= 4]
        if not words:
            continue
        word = words[0]
        urls = searcher.search(word, 200)
        titles = {
            f"/services/{a}/{s}/" for (a, s), c in sample_catalogue.services.items() if word in index_terms(c.title)
        } | {f"/licenses/{a}/{s}/" for (a, s), c in sample_catalogue.licences.items() if word in index_terms(c.title)}
        titles |= {f"/agencies/{s}/" for s, a in sample_catalogue.agencies.items() if word in index_terms(a.name)}
        in_title = [i for i, u in enumerate(urls) if u in titles]
        others = [i for i, u in enumerate(urls) if u not in titles]
        assert f"/services/{agency}/{slug}/" in urls
        if in_title and others:
            assert max(in_title) < min(others), (word, urls)
            ranked += 1
    assert ranked >= 3


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module (Playwright's sync API cannot nest)."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def sample_base(sample_site: Path) -> Iterator[str]:
    from browser import serve

    with serve(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser_page(browser: Any, sample_base: str) -> Iterator[tuple[Any, str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(sample_base) and not r.url.startswith("data:") else None)
    page.goto(sample_base)
    page.wait_for_function("typeof window.catalogueSearch === 'function'")
    yield page, sample_base
    page.close()
    assert outside == []


def test_normalise_javascript(browser_page: tuple[Any, str]) -> None:
    page, _ = browser_page
    got = page.evaluate(
        """async cases => Promise.all(cases.map(async c => ({
            normalised: await window.catalogueSearch.normalise(c.input),
            query_terms: await window.catalogueSearch.queryTerms(c.input)})))""",
        CASES,
    )
    for case, result in zip(CASES, got, strict=True):
        assert result == {"normalised": case["normalised"], "query_terms": case["query_terms"]}, case["note"]


def test_queries_in_chromium(browser_page: tuple[Any, str], searcher: Searcher) -> None:
    page, _ = browser_page
    results = page.evaluate("async qs => Promise.all(qs.map(q => window.catalogueSearch(q, 10)))", [q["query"] for q in QUERIES])
    missing = [(q["query"], q["expect"], r[:TOP]) for q, r in zip(QUERIES, results, strict=True) if q["expect"] not in r[:TOP]]
    assert missing == []
    # the browser and the Python twin rank the same pages in the same order
    for q, r in zip(QUERIES, results, strict=True):
        assert r == searcher.search(q["query"], 10), q["query"]


def test_ids_in_three_digit_scripts(browser_page: tuple[Any, str], sample_catalogue: Any) -> None:
    page, _ = browser_page
    fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    ar = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    cards = [(k, c) for k, c in sample_catalogue.services.items() if c.id and c.id.isdigit()][:8]
    assert cards
    for (agency, slug), card in cards:
        for query in (card.id, card.id.translate(fa), card.id.translate(ar)):
            assert page.evaluate("q => window.catalogueSearch(q, 5)", query)[0] == f"/services/{agency}/{slug}/"


def _open_search(page: Any) -> None:
    opener = page.locator("[data-search-open]")
    if opener.is_visible():
        opener.click()


def test_search_box_shows_title_agency_summary(browser_page: tuple[Any, str], sample_catalogue: Any) -> None:
    page, base = browser_page
    (agency, _slug), card = next((k, c) for k, c in sample_catalogue.services.items() if c.summary and c.keywords)
    page.goto(f"{base}licenses/")
    form = page.locator("header form[role=search]")
    assert form.count() == 1
    assert page.locator("label[for=catalogue-search-input]").inner_text().strip()
    page.fill("#catalogue-search-input", card.title)
    first = page.locator(".catalogue-search__item").first
    first.wait_for()
    assert first.locator(".catalogue-search__title").inner_text() == card.title
    assert first.locator(".catalogue-search__agency").inner_text() == sample_catalogue.agencies[agency].name
    summary = first.locator(".catalogue-search__summary").inner_text()
    assert summary and card.summary.startswith(summary.rstrip("…"))
    panel = page.locator("#catalogue-search-panel").inner_text()
    for keyword in card.keywords:
        if normalise(keyword) not in normalise(panel):
            assert keyword not in panel
    assert page.locator("[role=status]").inner_text()
    # keyboard: down into the results and back; Enter opens the results page (issue 15)
    page.focus("#catalogue-search-input")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('catalogue-search__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "catalogue-search-input"
    page.keyboard.press("Escape")
    assert page.locator("#catalogue-search-panel").is_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"{base}search/?q=") + ".+"))


def test_search_box_on_a_phone(browser: Any, sample_base: str, sample_catalogue: Any) -> None:
    card = next(c for c in sample_catalogue.services.values() if c.summary)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{sample_base}agencies/")
        assert page.locator("#catalogue-search-input").is_hidden()
        page.click("[data-search-open]")
        assert page.evaluate("document.activeElement.id") == "catalogue-search-input"
        page.keyboard.type(card.title)
        page.locator(".catalogue-search__item").first.wait_for()
        box = page.locator("#catalogue-search-panel").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.click("[data-search-close]")
        assert page.locator("#catalogue-search-input").is_hidden()
    finally:
        context.close()


def test_search_under_a_path_prefix(browser: Any, sample_site: Path, tmp_path: Path) -> None:
    """Deployed under /some/prefix/, results link inside it but catalogueSearch paths do not."""
    from browser import serve

    www = tmp_path / "www"
    shutil.copytree(sample_site, www / "some" / "prefix")
    with serve(www) as base:
        page = browser.new_page()
        page.goto(f"{base}some/prefix/services/")
        urls = page.evaluate("q => window.catalogueSearch(q)", QUERIES[0]["query"])
        assert QUERIES[0]["expect"] in urls and all(u.startswith("/") and "prefix" not in u for u in urls)
        page.fill("#catalogue-search-input", QUERIES[0]["query"])
        href = page.locator(".catalogue-search__link").first.get_attribute("href")
        assert href and href.startswith(f"{base}some/prefix/")


PAYLOAD_TITLE = '<img src=x onerror="window.__pwned=1">خدمت آزمایشی <b>پررنگ</b>'


def test_card_text_stays_text_in_results(browser: Any, tmp_path: Path) -> None:
    from browser import serve

    root = harness(tmp_path)
    summary = "<script>window.__pwned=2</script> خلاصه"
    (root / "cards/demo/payload.yaml").write_text(
        f"title: {json.dumps(PAYLOAD_TITLE, ensure_ascii=False)}\nagency: demo\nsummary: {json.dumps(summary, ensure_ascii=False)}\n"
        "keywords: [واژه‌ی پنهان]\n",
        encoding="utf-8",
    )
    result = build(root, tmp_path / "site")
    assert not result.report.errors
    with serve(tmp_path / "site") as base:
        page = browser.new_page()
        page.goto(base)
        page.fill("#catalogue-search-input", "آزمایشی")
        item = page.locator(".catalogue-search__item").first
        item.wait_for()
        assert item.locator(".catalogue-search__title").inner_text() == PAYLOAD_TITLE
        assert item.locator(".catalogue-search__summary").inner_text() == summary
        assert page.locator(".catalogue-search__item img, .catalogue-search__item b, .catalogue-search__item script").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.fill("#catalogue-search-input", "واژه پنهان")
        page.wait_for_function("document.querySelector('[data-search-count]').textContent.includes('واژه پنهان')")
        assert "پنهان" not in page.locator(".catalogue-search__list").inner_text()
        assert page.evaluate("window.catalogueSearch('واژه‌ی پنهان')") == ["/services/demo/payload/"]


def test_search_files_are_written_and_stale_ones_removed(tmp_path: Path) -> None:
    root = harness(tmp_path)
    build(root, tmp_path / "a")
    manifest = json.loads((tmp_path / "a/search/manifest.json").read_text(encoding="utf-8"))
    assert manifest["normalise"]["map"] == table()["map"]
    assert re.fullmatch(r"[0-9a-f]{12}", manifest["version"])
    shards = sorted((tmp_path / "a/search/s").iterdir())
    assert len(shards) == len(manifest["keys"])
    (root / "cards/demo/other-service.yaml").unlink()
    build(root, tmp_path / "b")
    staged = root / ".cache/site-gen/docs/search"
    assert sorted(p.name for p in (staged / "s").iterdir()) == sorted(p.name for p in (tmp_path / "b/search/s").iterdir())
    assert len(list((staged / "d").iterdir())) == 1


@pytest.mark.parametrize("width", [390, 1280])
def test_open_search_is_axe_clean(browser: Any, sample_base: str, width: int) -> None:
    axe = (REPO / "tests/vendor/axe.min.js").read_text(encoding="utf-8")
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(f"{sample_base}services/")
            _open_search(page)
            page.fill("#catalogue-search-input", "پروانه")
            page.locator(".catalogue-search__item").first.wait_for()
            page.locator(".catalogue-search__more").click()
            page.wait_for_function("document.querySelectorAll('.catalogue-search__item').length > 10")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.evaluate(axe)
            result = page.evaluate(
                "axe.run(document.querySelector('header'), {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))"
            )
            serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in json.loads(result) if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{scheme} at {width}px: {serious}"
        finally:
            context.close()
