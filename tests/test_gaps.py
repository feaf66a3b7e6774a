"""Behaviour a mutation audit found untested: escaping of the fields outside the payload set,
Jalali month names on pages, the rarer letters and boundaries of search, and every vocabulary.

Each test pins one observable behaviour through a public entry point (the rendering functions,
the page renderer, the search files and their Python and JavaScript readers, ``validate_file``),
so that a one-line slip in the module fails here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import harness
from markupsafe import Markup

from site_gen import jalali
from site_gen.build import build
from site_gen.catalogue import load_catalogue
from site_gen.model import vocab
from site_gen.record import validate_file
from site_gen.render import html as h
from site_gen.render.pages import Site, licence_page, service_page
from site_gen.search.index import search_files
from site_gen.search.normalise import index_terms, normalise, query_terms, stem
from site_gen.search.query import Searcher

REPO = Path(__file__).resolve().parents[1]

# --- parsing what we render -----------------------------------------------------------------


class _Parsed(HTMLParser):
    """Every element (tag, attributes), the text shown, and the content of every script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.data_scripts: list[str] = []  # <script type="application/ld+json">: data, never run
        self.links: list[list[str]] = []  # [href, text shown inside the link]
        self._in_script = False
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._data_script = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if tag == "a":
            self.links.append([dict(attrs).get("href") or "", ""])
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        (self.data_scripts if self._in_script and self._data_script else self.scripts if self._in_script else self.text).append(data)
        if self._in_link:
            self.links[-1][1] += data


def parse(markup: str) -> _Parsed:
    p = _Parsed()
    p.feed(markup)
    p.close()
    return p


def assert_inert(markup: str, allowed_urls: set[str]) -> _Parsed:
    """No element or attribute came from card text: no event handlers, no injected elements,
    and every outside link is exactly one of the card's URLs."""
    p = parse(markup)
    for tag, attrs in p.tags:
        assert tag not in ("iframe", "b") and not (tag == "img" and attrs.get("src") == "x"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name, val in attrs.items():
            if name == "href" and val in allowed_urls:
                continue
            assert "alert(" not in name + (val or ""), (tag, attrs)
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith(("http:", "https:")) and "127.0.0.1" not in href and not href.startswith(REPORT_URL + "?"):
            assert href in allowed_urls, href
    for script in p.scripts:
        assert "alert(" not in script and "__pwned" not in script
    for data in p.data_scripts:  # card text as JSON data: it can neither close the script nor run
        assert "<" not in data and ">" not in data and isinstance(json.loads(data), dict), data
    return p


#: One line of hostile text; every field below carries it after a marker of its own.
HOSTILE = '"><script>window.__pwned=1;alert(1)</script><img src=x onerror=alert(1)> {{ 7*7 }} [x](javascript:alert(1)) <b onmouseover=alert(1)>'
#: A URL that passes validation but would close an unescaped attribute.
URL_QUOTE = 'https://evil.example/a"onmouseover="alert(1)"x=\'y\'<b>'
URL_LAW = 'https://law.example/q?a=1&b="2"><script>alert(1)</script>'
URL_LEGAL = "https://legal.example/'onfocus='alert(1)"


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


FIELDS = ("CHANNEL_OTHER", "IN_PERSON_NOTE", "LOC_TITLE", "LOC_ADDRESS", "LOC_HOURS", "LAW_TITLE", "LAW_NO_URL", "LAW_PLAIN", "REASON_OTHER")


def hostile_card() -> str:
    t = {f: _q(f"{f} {HOSTILE}") for f in FIELDS}
    return (
        "title: خدمت با متن ناامن\nagency: demo\n"
        f"website: {_q(URL_QUOTE)}\n"
        f"in_person_visits: 1\nin_person_note: {t['IN_PERSON_NOTE']}\n"
        f"locations:\n  - title: {t['LOC_TITLE']}\n    address: {t['LOC_ADDRESS']}\n    hours: {t['LOC_HOURS']}\n"
        f"laws:\n  - title: {t['LAW_TITLE']}\n    url: {_q(URL_LAW)}\n    date: 1403-05-12\n"
        f"  - title: {t['LAW_NO_URL']}\n    number: '12/34'\n  - {t['LAW_PLAIN']}\n"
        "access:\n  request:\n    electronic: true\n    non_electronic: true\n    channels: [internet, other]\n"
        f"    channel_other: {t['CHANNEL_OTHER']}\n"
        f"    in_person:\n      reasons: [other]\n      reason_other: {t['REASON_OTHER']}\n"
        "last_reviewed: 1403-07-01\n"
    )


def hostile_licence() -> str:
    return (
        "title: مجوز با متن ناامن\nagency: demo\n"
        f"legal_basis:\n  - title: {_q('LEGAL_TITLE ' + HOSTILE)}\n    type: law\n    url: {_q(URL_LEGAL)}\n    date: 1402-12-29\n"
        f"sample_url: {_q(URL_QUOTE)}\n"
    )


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    root = harness(tmp_path_factory.mktemp("hostile"))
    write(root, "cards/demo/hostile.yaml", hostile_card())
    write(root, "licenses/demo/hostile.yaml", hostile_licence())
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert not report.errors, report.errors
    return root, catalogue


#: Pages show digits in Persian (issue 12); the escaping checks compare text with ASCII digits.
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def shown(p: _Parsed) -> str:
    return "".join(p.text)


def shown_ascii(p: _Parsed) -> str:
    return shown(p).translate(_ASCII_DIGITS)


def links(p: _Parsed) -> list[list[str]]:
    return [[href, label.translate(_ASCII_DIGITS)] for href, label in p.links]


#: The «گزارش اشتباه» link of every page goes to the catalogue's forge (mkdocs.yml, extra).
REPORT_URL = re.search(r"report_issue_url:\s*(\S+)", (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))[1]  # type: ignore[index]


# --- escaping: the rendering functions ------------------------------------------------------


@pytest.mark.parametrize("url", [URL_QUOTE, URL_LAW, URL_LEGAL])
def test_link_href_is_an_escaped_attribute(url: str) -> None:
    for label in (None, "برچسب"):
        out = h.link(url, label)
        p = parse(str(out))
        assert [t for t, _ in p.tags] == (["a", "bdi"] if label is None else ["a"])
        attrs = p.tags[0][1]
        assert attrs == {"href": url, "rel": "nofollow noopener"}
        assert shown(p) == (url if label is None else label)
        assert '"' not in str(out).split('href="', 1)[1].split('"', 1)[0]


def test_internal_link_and_ltr_escape_too() -> None:
    p = parse(str(h.internal('../x"onclick="alert(1)/', HOSTILE)))
    assert p.tags == [("a", {"href": '../x"onclick="alert(1)/'})] and shown(p) == HOSTILE
    p = parse(str(h.ltr(HOSTILE)))
    assert [t for t, _ in p.tags] == ["bdi"] and shown(p) == HOSTILE


def test_text_escapes_every_active_character() -> None:
    out = str(h.text("<>&\"'{}[]|*_`~\\"))
    assert out == "&lt;&gt;&amp;&#34;&#39;&#123;&#125;&#91;&#93;&#124;&#42;&#95;&#96;&#126;&#92;"
    assert h.text(Markup("<b>")) == Markup("<b>")  # already safe markup is not escaped twice


# --- escaping: the fields outside the payload set, on the rendered page ----------------------


def test_hostile_fields_render_as_text_on_the_service_page(hostile: tuple[Path, Any]) -> None:
    _, catalogue = hostile
    site = Site(catalogue)
    page = service_page(site, ("demo", "hostile"), catalogue.services[("demo", "hostile")])
    p = assert_inert(page.content, {URL_QUOTE, URL_LAW})
    text = shown_ascii(p)
    for f in FIELDS:
        assert f"{f} {HOSTILE}" in text, f
    hrefs = [a.get("href") for t, a in p.tags if t == "a"]
    assert URL_QUOTE in hrefs and URL_LAW in hrefs
    # the law title is the label of the link to the law's URL; the site link shows the URL itself
    assert [URL_LAW, f"LAW_TITLE {HOSTILE}"] in links(p) and [URL_QUOTE, URL_QUOTE] in links(p)


def test_hostile_fields_render_as_text_on_the_licence_page(hostile: tuple[Path, Any]) -> None:
    _, catalogue = hostile
    page = licence_page(Site(catalogue), ("demo", "hostile"), catalogue.licences[("demo", "hostile")])
    p = assert_inert(page.content, {URL_LEGAL, URL_QUOTE})
    assert f"LEGAL_TITLE {HOSTILE}" in shown_ascii(p)
    assert [URL_LEGAL, f"LEGAL_TITLE {HOSTILE}"] in links(p) and [URL_QUOTE, "دریافت نمونه"] in links(p)


def test_hostile_fields_in_the_built_site(hostile: tuple[Path, Any], tmp_path: Path) -> None:
    """One real MkDocs build: the escaped fields stay escaped through Markdown and the theme."""
    root, _ = hostile
    result = build(root, tmp_path / "site")
    assert not result.report.errors
    for rel, urls, markers in (
        ("services/demo/hostile/index.html", {URL_QUOTE, URL_LAW}, FIELDS),
        ("licenses/demo/hostile/index.html", {URL_LEGAL, URL_QUOTE}, ("LEGAL_TITLE",)),
    ):
        page = (tmp_path / "site" / rel).read_text(encoding="utf-8")
        p = assert_inert(page, urls)
        text = shown_ascii(p)
        for marker in markers:
            assert f"{marker} {HOSTILE}" in text, marker
        assert not [a for t, a in p.tags if t == "script" and not a.get("src") and "alert" in json.dumps(a)]


# --- Jalali month names ----------------------------------------------------------------------

#: The first day of every month of 1403 (a leap year) in the Gregorian calendar, and its name.
MONTHS_1403 = [
    (1, "فروردین", dt.date(2024, 3, 20)), (2, "اردیبهشت", dt.date(2024, 4, 20)), (3, "خرداد", dt.date(2024, 5, 21)),
    (4, "تیر", dt.date(2024, 6, 21)), (5, "مرداد", dt.date(2024, 7, 22)), (6, "شهریور", dt.date(2024, 8, 22)),
    (7, "مهر", dt.date(2024, 9, 22)), (8, "آبان", dt.date(2024, 10, 22)), (9, "آذر", dt.date(2024, 11, 21)),
    (10, "دی", dt.date(2024, 12, 21)), (11, "بهمن", dt.date(2025, 1, 20)), (12, "اسفند", dt.date(2025, 2, 19)),
]
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize(("month", "name", "first"), MONTHS_1403, ids=[m[1] for m in MONTHS_1403])
def test_month_names_on_pages(month: int, name: str, first: dt.date) -> None:
    assert jalali.from_gregorian(first) == (1403, month, 1)
    assert jalali.from_gregorian(first - dt.timedelta(days=1))[1] == (month - 2) % 12 + 1
    assert str(h.jalali_date(f"1403-{month:02d}-01")) == f"۱ {name} ۱۴۰۳"
    assert str(h.jalali_date(f"1403-{month:02d}-29")) == f"۲۹ {name} ۱۴۰۳"
    assert str(h.jalali_from(first)) == f"۱ {name} ۱۴۰۳"
    assert str(h.jalali_from(first + dt.timedelta(days=28))) == f"۲۹ {name} ۱۴۰۳"


def test_month_names_on_a_rendered_card(hostile: tuple[Path, Any]) -> None:
    """The card's last review (1403-07-01), its law (1403-05-12), the licence's (1402-12-29), and the
    catalogue's last change (git date) each show the right month."""
    _, catalogue = hostile
    key = ("demo", "hostile")
    rel = catalogue.paths[next(k for k in catalogue.paths if k[1:] == key and k[0] is vocab.RecordKind.SERVICE)]
    site = Site(catalogue, {rel: dt.date(2025, 1, 20)})
    text = shown(parse(service_page(site, key, catalogue.services[key]).content))
    assert "۱ مهر ۱۴۰۳" in text and "۱۲ مرداد ۱۴۰۳" in text and "۱ بهمن ۱۴۰۳" in text
    lic = shown(parse(licence_page(site, key, catalogue.licences[key]).content))
    assert "۲۹ اسفند ۱۴۰۲" in lic


@pytest.mark.parametrize(("date", "month"), [("1402-12-30", "اسفند"), ("1403-07-31", "مهر"), ("1403-11-31", "بهمن")])
def test_month_name_in_an_invalid_date_message(date: str, month: str) -> None:
    result = validate_file("/nonexistent", "cards/demo/x.yaml", f"title: t\nagency: demo\nlast_reviewed: {date}\n".encode())
    assert [d.code for d in result.diagnostics] == ["invalid-date"]
    assert month in result.diagnostics[0].message


# --- search: the rarer letters ---------------------------------------------------------------

#: What each rarer letter of normalise.json must become (written from the letters' meaning, not
#: read from the table).
RARE = {
    "ڪ": "ک",  # swash kaf (Sindhi)
    "ھ": "ه",  # heh doachashmee (Urdu)
    "ہ": "ه",  # heh goal (Urdu)
    "ۂ": "ه",  # heh goal with hamza above
    "ە": "ه",  # ae (Kurdish)
    "ۍ": "ی",  # yeh with tail (Pashto)
    "ې": "ی",  # e (Pashto)
    "ٲ": "ا",  # alef with wavy hamza above (Kashmiri)
    "ٳ": "ا",  # alef with wavy hamza below
    "ٶ": "و",  # high hamza waw
    "\u200b": "\u200c",  # zero-width space: a ZWNJ
}


@pytest.mark.parametrize("letter", RARE, ids=[f"U+{ord(c):04X}" for c in RARE])
def test_rare_letters_python(letter: str) -> None:
    expected = RARE[letter]
    assert normalise(f"ب{letter}ب") == f"ب{expected}ب"
    assert normalise(letter) == ("" if expected == "\u200c" else expected)
    joined = f"ب{letter}ب".replace("\u200c", "")
    assert query_terms(joined) == [f"ب{expected}ب".replace("\u200c", "")]


@pytest.mark.parametrize(("letter", "expected"), [("ٵ", "ا"), ("ٶ", "و"), ("ٷ", "ۇ"), ("ٸ", "ی"), ("ٴ", "")])
def test_high_hamza_letters_lose_the_hamza(letter: str, expected: str) -> None:
    """NFKC splits the «high hamza» letters into a letter and U+0674; the hamza is a mark, like ء."""
    assert normalise(f"ب{letter}ب") == f"ب{expected}ب"
    assert "\u0674" not in "".join(index_terms(f"مو{letter}سسه"))


def test_zero_width_space_joins_like_a_zwnj() -> None:
    assert query_terms("ثبت\u200bنام") == query_terms("ثبت\u200cنام") == ["ثبتنام"]
    assert index_terms("ثبت\u200bنام") == index_terms("ثبت\u200cنام")


# --- search: the stem boundary and the title classes ------------------------------------------

#: Word counts of titles that all contain «گذرنامه»; slugs sort the longer titles first, so that
#: two titles of one class keep that order and a class boundary moved by one word shows.
TITLE_WORDS = {
    1: "گذرنامه",
    3: "تمدید گذرنامه عادی",
    4: "تمدید گذرنامه عادی اتباع",
    6: "تمدید گذرنامه عادی اتباع در مرز",
    7: "تمدید گذرنامه عادی اتباع در مرز زمینی",
    9: "تمدید گذرنامه عادی اتباع در مرز زمینی شمال غربی",
}


def title_slug(words: int) -> str:
    return f"k{10 - words}-title"


def test_stem_length_boundary() -> None:
    assert stem("سندها") == "سند"  # a stem of exactly min_stem letters
    assert stem("دمها") is None  # one letter shorter
    assert stem("سندهای") == "سند" and stem("دمهای") is None
    assert "سند" in index_terms("سندها") and "دم" not in index_terms("دمها")


@pytest.fixture(scope="module")
def search_catalogue(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = harness(tmp_path_factory.mktemp("ranking"))
    for words, title in TITLE_WORDS.items():
        assert len(title.split()) == words
        write(root, f"cards/demo/{title_slug(words)}.yaml", f"title: {title}\nagency: demo\n")
    write(root, "cards/demo/stem-three.yaml", "title: سند\nagency: demo\n")
    write(root, "cards/demo/stem-two.yaml", "title: دم\nagency: demo\n")
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert not report.errors
    return search_files(catalogue)


RANKING_QUERIES = ["گذرنامه", "سندها", "دمها", "سند", "دم"]


def expected_ranking(results: dict[str, list[str]]) -> None:
    urls = results["گذرنامه"]
    order = [int(u.split("/k")[1].split("-")[0]) for u in urls]
    words = [10 - n for n in order]
    assert len(words) == len(TITLE_WORDS)
    # the classes, best first: at most 3 words, at most 6, longer
    assert set(words[:2]) == {1, 3} and set(words[2:4]) == {4, 6} and set(words[4:]) == {7, 9}, words
    assert results["سندها"] == ["/services/demo/stem-three/"]
    assert results["دمها"] == []
    assert results["سند"][0] == "/services/demo/stem-three/" and results["دم"][0] == "/services/demo/stem-two/"


def test_ranking_and_stems_python(search_catalogue: dict[str, str]) -> None:
    searcher = Searcher.from_files(search_catalogue)
    expected_ranking({q: searcher.search(q, 20) for q in RANKING_QUERIES})


# --- the same in search.js, on a page that loads only the script and the index ----------------


@pytest.fixture(scope="module")
def js_page(search_catalogue: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from browser import chromium, serve

    www = tmp_path_factory.mktemp("js")
    (www / "assets/javascripts").mkdir(parents=True)
    shutil.copy(REPO / "site_gen/theme/assets/javascripts/search.js", www / "assets/javascripts/search.js")
    for rel, content in search_catalogue.items():
        write(www, f"search/{rel}", content)
    (www / "index.html").write_text('<!doctype html><meta charset="utf-8"><title>t</title><script src="assets/javascripts/search.js"></script>', encoding="utf-8")
    with serve(www) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(base)
        page.wait_for_function("typeof window.catalogueSearch === 'function'")
        yield page


def test_rare_letters_javascript(js_page: Any) -> None:
    inputs = [f"ب{c}ب" for c in RARE] + list(RARE) + ["ثبت\u200bنام"]
    got = js_page.evaluate(
        "async xs => Promise.all(xs.map(async x => [await window.catalogueSearch.normalise(x), await window.catalogueSearch.queryTerms(x)]))",
        inputs,
    )
    want = [[normalise(x), query_terms(x)] for x in inputs]
    assert got == want
    for (letter, expected), (norm, _) in zip(RARE.items(), got, strict=False):
        assert norm == f"ب{expected}ب", f"U+{ord(letter):04X}"
    assert got[-1][1] == ["ثبتنام"]


def test_ranking_and_stems_javascript(js_page: Any, search_catalogue: dict[str, str]) -> None:
    got = js_page.evaluate("async qs => Promise.all(qs.map(q => window.catalogueSearch(q, 20)))", RANKING_QUERIES)
    results = dict(zip(RANKING_QUERIES, got, strict=True))
    expected_ranking(results)
    searcher = Searcher.from_files(search_catalogue)
    assert results == {q: searcher.search(q, 20) for q in RANKING_QUERIES}


# --- the vocabularies ------------------------------------------------------------------------

#: Every vocabulary: its values and their Persian labels, in order (values as in FORMAT.md).
VOCABULARIES: dict[str, dict[str, str]] = {
    "ActionType": {"issue": "صدور", "renew": "تمدید", "amend": "اصلاح", "revoke": "لغو / ابطال", "reinstate": "احیاء"},
    "Applicant": {"natural_person": "حقیقی", "legal_person": "حقوقی", "government": "دولتی"},
    "Channel": {"internet": "اینترنتی (وبگاه دستگاه)", "intranet": "اینترانتی (اینترانت یا ERP)", "mobile_app": "تلفن همراه",
                "email": "پست الکترونیک", "post": "ارسال پستی", "ivr": "تلفن گویا یا مرکز تماس", "sms": "پیام کوتاه",
                "counter_offices": "دفاتر پیشخوان", "similar_offices": "عناوین مشابه دفاتر پیشخوان", "other": "سایر"},
    "InquiryProcessType": {"named": "موارد اعلام با ذکر نام", "other": "سایر"},
    "LawType": {"law": "قانون", "resolution": "مصوبه", "circular": "بخشنامه", "bylaw": "آیین\u200cنامه"},
    "Level": {"national": "ملی", "regional": "منطقه\u200cای", "provincial": "استانی", "urban": "شهری", "rural": "روستایی"},
    "LicenceKind": {"licence": "جواز", "permit": "پروانه", "certificate": "گواهی", "inquiry": "استعلام", "approval": "موافقت",
                    "generic": "مجوز", "other": "سایر"},
    "LifeEvent": {"birth": "تولد", "education": "آموزش", "health": "سلامت", "tax": "مالیات", "business": "کسب\u200cوکار",
                  "social_security": "تأمین اجتماعی", "property_registration": "ثبت مالکیت", "utilities": "تأسیسات شهری",
                  "insurance": "بیمه", "marriage": "ازدواج", "retirement": "بازنشستگی",
                  "documents_certificates": "مدارک و گواهینامه\u200cها", "death": "وفات", "other": "سایر"},
    "Nature": {"sovereign": "حاکمیتی", "proprietary": "تصدی\u200cگری"},
    "NonElectronicBy": {"agency": "دستگاه", "applicant": "مراجعه\u200cکننده"},
    "Period": {"month": "ماه", "season": "فصل", "year": "سال"},
    "Process": {"exclusive": "اختصاصی", "shared": "مشترک"},
    "RecordKind": {"agency": "دستگاه", "service": "خدمت", "licence": "مجوز"},
    "ServiceType": {"G2C": "خدمت به شهروندان", "G2B": "خدمت به کسب\u200cوکار", "G2G": "خدمت به دیگر دستگاه\u200cهای دولتی",
                    "G2E": "خدمت به کارکنان دولت"},
    "ShortUnit": {"hour": "ساعت", "day": "روز"},
    "Stage": {"information": "اطلاع\u200cرسانی", "request": "درخواست", "production": "تولید خدمت", "delivery": "ارائه"},
    "TimeUnit": {"minute": "دقیقه", "hour": "ساعت", "day": "روز", "week": "هفته", "month": "ماه", "year": "سال"},
    "Trigger": {"applicant_request": "تقاضای گیرنده خدمت", "scheduled_time": "فرارسیدن زمانی مشخص", "agency_detection": "تشخیص دستگاه",
                "event": "رخداد رویدادی مشخص", "other": "سایر"},
    "ValidityUnit": {"day": "روز", "month": "ماه", "year": "سال"},
    "VisitLevel": {"national": "ملی", "provincial": "استانی", "county": "شهرستانی"},
    "VisitReason": {"identity_authentication": "جهت احراز اصالت فرد", "document_authentication": "جهت احراز اصالت مدرک",
                    "no_infrastructure": "نبود زیرساخت ارتباطی مناسب", "other": "سایر"},
}


def all_vocabularies() -> dict[str, type[vocab.Vocab]]:
    return {name: cls for name, cls in vars(vocab).items() if isinstance(cls, type) and issubclass(cls, vocab.Vocab) and cls is not vocab.Vocab}


def test_every_vocabulary_is_pinned() -> None:
    assert sorted(all_vocabularies()) == sorted(VOCABULARIES)


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_vocabulary_values_and_labels(name: str) -> None:
    cls = all_vocabularies()[name]
    assert {m.value: m.label for m in cls} == VOCABULARIES[name]
    assert list(cls.labels()) == list(VOCABULARIES[name])  # the order the pages and schema use
    labels = [m.label for m in cls]
    assert len(set(labels)) == len(labels), "labels must be unique within a vocabulary"
    for value, label in VOCABULARIES[name].items():
        member = cls(value)
        assert str(member) == member == value and member.label == label
        assert h.text(member.label) == h.text(label)


SERVICE = "title: t\nagency: demo\n"
LICENCE = "title: t\nagency: demo\n"
#: A field of each vocabulary with a value outside it: (file, YAML, dotted key of the error).
UNKNOWN: dict[str, tuple[str, str, str]] = {
    "ServiceType": ("cards", "service_types: [G2X]\n", "service_types[0]"),
    "Nature": ("cards", "nature: royal\n", "nature"),
    "Level": ("cards", "levels: [galactic]\n", "levels[0]"),
    "LifeEvent": ("cards", "life_events: [graduation]\n", "life_events[0]"),
    "Trigger": ("cards", "triggers: [whim]\n", "triggers[0]"),
    "Period": ("cards", "frequency: {once: false, times: 1, per: [decade]}\n", "frequency.per[0]"),
    "TimeUnit": ("cards", "average_duration: {value: 1, unit: fortnight}\n", "average_duration.unit"),
    "Channel": ("cards", "access: {request: {electronic: true, channels: [pigeon]}}\n", "access.request.channels[0]"),
    "VisitLevel": ("cards", "access: {request: {non_electronic: true, in_person: {levels: [planet]}}}\n", "access.request.in_person.levels[0]"),
    "VisitReason": ("cards", "access: {request: {non_electronic: true, in_person: {reasons: [whim]}}}\n", "access.request.in_person.reasons[0]"),
    "NonElectronicBy": ("cards", "related_agencies: [{agency: demo, non_electronic_by: [courier]}]\n", "related_agencies[0].non_electronic_by[0]"),
    "LicenceKind": ("licenses", "kind: passport\n", "kind"),
    "Applicant": ("licenses", "applicants: [robot]\n", "applicants[0]"),
    "LawType": ("licenses", "legal_basis: [{title: x, type: decree}]\n", "legal_basis[0].type"),
    "ActionType": ("licenses", "actions: [{type: destroy}]\n", "actions[0].type"),
    "ShortUnit": ("licenses", "actions: [{type: issue, duration: {value: 1, unit: week}}]\n", "actions[0].duration.unit"),
    "ValidityUnit": ("licenses", "actions: [{type: issue, validity: {value: 1, unit: hour}}]\n", "actions[0].validity.unit"),
    "Process": ("licenses", "actions: [{type: issue, process: solo}]\n", "actions[0].process"),
    "InquiryProcessType": ("licenses", "actions: [{type: issue, inquiries: [{agency: demo, process_type: odd}]}]\n",
                           "actions[0].inquiries[0].process_type"),
}


def test_every_card_vocabulary_has_an_unknown_value_case() -> None:
    assert set(UNKNOWN) == set(VOCABULARIES) - {"RecordKind", "Stage"}  # those two are never values in a file


@pytest.mark.parametrize("name", sorted(UNKNOWN))
def test_unknown_value_is_rejected_with_the_vocabulary(name: str) -> None:
    top, snippet, key = UNKNOWN[name]
    base = SERVICE if top == "cards" else LICENCE
    result = validate_file("/nonexistent", f"{top}/demo/x.yaml", (base + snippet).encode())
    found = [d for d in result.diagnostics if d.key == key]
    assert [d.code for d in found] == ["invalid-value"], result.diagnostics
    message = found[0].message
    bad = snippet.split(":")[-1].strip(" []{}\n")
    assert bad in message
    # the message lists exactly this vocabulary's values, each once with its Persian label
    for value in VOCABULARIES[name]:
        assert message.count(f" {value} (") == 1, (value, message)
    assert found[0].line == 3 and found[0].is_error
    # and a known value of the same vocabulary in the same place is accepted
    good = snippet.replace(bad, next(iter(VOCABULARIES[name])), 1)
    ok = validate_file("/nonexistent", f"{top}/demo/x.yaml", (base + good).encode())
    assert not [d for d in ok.diagnostics if d.key == key and d.code == "invalid-value"]



# --- one diagnostic, one line -----------------------------------------------------------------


def test_a_line_break_in_a_key_stays_on_the_diagnostic_line(tmp_path: Path) -> None:
    """A quoted YAML key may hold a line break (or U+2028, U+0085); a text report line must not break."""
    import subprocess

    root = harness(tmp_path)
    write(root, "cards/demo/keys.yaml", 'title: t\nagency: demo\n"a\\nb": 1\n"c\\u2028d": 2\n"e\\x85f": 3\n')
    proc = subprocess.run([str(REPO / ".venv/bin/site-gen"), "validate", str(root), "--no-cache"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stderr == ""
    lines = [x for x in proc.stdout.split("\n") if x.startswith("cards/demo/keys.yaml")]
    assert len(lines) == 3 and all(": error: unknown-key: " in x for x in lines), proc.stdout
    assert "a\\nb" in lines[0] and "c\\u2028d" in lines[1] and "e\\x85f" in lines[2]
    assert len(proc.stdout.splitlines()) == len(proc.stdout.split("\n")) - 1
