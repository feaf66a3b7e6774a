"""The citizen's page (issue 12): what a citizen needs first, in plain Persian, on a phone.

Most checks run in Chromium on the sample catalogue, as a citizen would see it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, serve

from site_gen.build import build

REPO = Path(__file__).resolve().parents[1]
BIRTH = "services/sabteahval/birth-certificate-issuance/"
SEED = "services/ito/egov-technical-strategy/"  # the one real card: incomplete
FINES = "services/rahvar/traffic-fines/"  # fully online
PHARMACY = "licenses/fda/pharmacy-licence/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("citizen") / "site"
    result = build(REPO, out)
    assert not result.report.errors
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


GLANCE = """() => {
  const box = document.querySelector('.md-content section.glance');
  if (!box) return null;
  const out = {};
  for (const item of box.querySelectorAll('.glance-item')) {
    out[item.querySelector('dt').textContent.trim()] = item.querySelector('dd').textContent.replace(/\\s+/g, ' ').trim();
  }
  const start = box.querySelector('.glance-start a');
  out['button'] = start ? [start.textContent.trim(), start.getAttribute('href')] : null;
  const top = box.getBoundingClientRect().top + window.scrollY;
  const firstSection = document.querySelector('.md-content h2:not(.glance-title)');
  out['above_first_section'] = firstSection ? top < firstSection.getBoundingClientRect().top + window.scrollY : true;
  return out;
}"""


# --- 1. at a glance --------------------------------------------------------------------------


def test_glance_box_values_for_three_cards_in_chromium(site: Path, browser: Any) -> None:
    expected = {
        BIRTH: {
            "نحوهٔ انجام": "نیاز به مراجعهٔ حضوری (۱ بار)",
            "هزینه": "از ۱۰۰٬۰۰۰ تا ۶۰۰٬۰۰۰ ریال (۱۰٬۰۰۰ تا ۶۰٬۰۰۰ تومان)",
            "مدت تقریبی انجام": "۱ تا ۳ ساعت",
            "مدارک لازم": "۴ مدرک",
            "button": ["شروع خدمت", "https://www.sabteahval.ir/Default.aspx?tabid=4766"],
            "above_first_section": True,
        },
        FINES: {
            "نحوهٔ انجام": "کاملاً اینترنتی، بدون مراجعهٔ حضوری",
            "هزینه": "۳۰٬۰۰۰ ریال (۳٬۰۰۰ تومان)",
            "مدت تقریبی انجام": "۲ دقیقه",
            "مدارک لازم": "۱ مدرک",
            "button": ["شروع خدمت", "https://my.rahvar120.ir"],
            "above_first_section": True,
        },
        SEED: {
            "نحوهٔ انجام": "نیاز به مراجعهٔ حضوری",
            "هزینه": "رایگان",
            "مدت تقریبی انجام": "اعلام نشده",
            "مدارک لازم": "۳ مدرک",
            "button": ["شروع خدمت", "https://www.ito.gov.ir"],
            "above_first_section": True,
        },
    }
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path, want in expected.items():
            page.goto(base + path)
            got = page.evaluate(GLANCE)
            assert got == want, path
            # the box is on the first screen of a phone
            top = page.evaluate("document.querySelector('.md-content section.glance').getBoundingClientRect().top")
            assert top < 844, path
        page.close()


def test_licence_glance_cost_validity_time_issuer_and_apply(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + PHARMACY)
        got = page.evaluate(GLANCE)
        page.close()
    assert got == {
        "هزینه": "۱۵٬۰۰۰٬۰۰۰ ریال (۱٬۵۰۰٬۰۰۰ تومان)",
        "مدت اعتبار": "۵ سال",
        "مدت تقریبی انجام": "۹۰ روز",
        "مدارک لازم": "۴ مدرک",
        "مرجع صدور": "سازمان غذا و دارو",
        "button": ["درخواست مجوز", got["button"][1] if got and got["button"] else None],
        "above_first_section": True,
    }
    assert got["button"][1].startswith("https://")


# --- 2. order by what a citizen needs --------------------------------------------------------


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<h2 id="[^"]*"[^>]*>(.*?)</h2>', html)]


def test_service_sections_in_the_order_a_citizen_needs(site: Path) -> None:
    heads = _headings(_html(site, BIRTH))
    order = ["چه کسانی می‌توانند درخواست کنند", "مدارک لازم", "هزینه", "نحوهٔ دریافت خدمت", "مدت زمان", "قوانین و مقررات",
             "طبقه‌بندی و جزئیات اداری"]
    assert [h for h in heads if h in order] == order
    assert heads[-1] == "طبقه‌بندی و جزئیات اداری"


def test_classification_and_sub_service_trees_are_collapsed(site: Path, browser: Any) -> None:
    html = _html(site, BIRTH)
    last = html.split("طبقه‌بندی و جزئیات اداری</h2>")[1]
    assert last.lstrip().startswith('<details class="more">')
    for label in ("نوع خدمت", "ماهیت خدمت", "سطح خدمت", "نحوهٔ آغاز خدمت", "فرایندهای خدمت"):
        assert label in last.split("</details>")[0]
        assert label not in html.split("طبقه‌بندی و جزئیات اداری</h2>")[0].split('<section class="glance"')[1], label
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "services/sabt/company-registration/")
        collapsed = page.evaluate("[...document.querySelectorAll('.md-content details.more')].map(d => [d.open, d.querySelector('summary').textContent])")
        page.close()
    assert collapsed and all(not is_open for is_open, _ in collapsed)


def test_licence_documents_and_cost_before_legal_basis_and_revocation(site: Path) -> None:
    html = _html(site, PHARMACY)
    heads = _headings(html)
    assert heads.index("صدور") < heads.index("مبانی قانونی") < heads.index("شرایط ابطال مجوز")
    issue = html.split('صدور</h2>')[1].split("<h2")[0]
    labels = re.findall(r"<dt>(.*?)</dt>", issue)
    assert labels.index("مدارک لازم") < labels.index("هزینه") < labels.index("مدت اعتبار")


def test_a_revocation_shows_no_validity(site: Path) -> None:
    found = False
    for page in (site / "licenses").glob("*/*/index.html"):
        html = page.read_text(encoding="utf-8")
        if "لغو / ابطال</h2>" in html:
            found = True
            section = html.split("لغو / ابطال</h2>")[1].split("<h2")[0]
            assert "مدت اعتبار" not in section, page
    if not found:
        pytest.skip("no revocation in the sample catalogue")


# --- 3. not stated, gracefully ---------------------------------------------------------------


def test_incomplete_card_says_so_once_at_the_top_with_a_report_link(site: Path) -> None:
    html = _html(site, SEED)
    assert html.count('class="completeness"') == 1
    top = html.split('class="completeness"')[1].split("</p>")[0]
    assert re.search(r"[۰-۹]+ مورد از [۰-۹]+ مورد", top)
    assert 'href="#report"' in top and 'id="report"' in html
    # the report link opens a prefilled issue on the configured forge
    report = re.search(r'<aside class="report" id="report".*?href="([^"]+)"', html, re.S)
    assert report and report.group(1).startswith("https://example.org/catalogue/issues/new?title=")
    assert "body=" in report.group(1)
    # a complete-enough sample card has no notice
    assert 'class="completeness"' not in _html(site, BIRTH)


def test_fields_not_stated_in_a_section_are_gathered_into_one_line(site: Path) -> None:
    html = _html(site, SEED)
    for section in re.split(r"<h2 id=", html)[1:]:  # the sections (not the glance box, which states every fact)
        body = section.split("<details")[0]
        rows = re.findall(r"<dd>(.*?)</dd>", body)
        assert not any(r == '<span class="not-stated">اعلام نشده</span>' for r in rows), section[:80]
        assert body.count('class="not-stated-line"') <= 1
    assert 'class="not-stated-line"' in html


def test_none_and_not_stated_look_different(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "agencies/sabteahval/")
        page.wait_for_load_state("load")
        style = """sel => { const e = document.querySelector(sel); const s = getComputedStyle(e);
            return [s.backgroundColor, s.borderTopStyle, s.color, s.fontWeight]; }"""
        none = page.evaluate(style, ".md-content .none-stated")
        page.goto(base + SEED)
        page.wait_for_load_state("load")
        missing = page.evaluate(style, ".md-content .not-stated")
        page.close()
    assert none != missing
    assert missing[1] == "dashed" and none[1] != "dashed"
    assert none[0] != missing[0]


def _render(tmp: Path, card: str) -> str:
    """The Markdown page of one extra card added to the test harness."""
    from helpers import harness

    from site_gen.catalogue import load_catalogue
    from site_gen.render.pages import Site, service_page

    root = harness(tmp)
    (root / "cards/demo/extra.yaml").write_text(card, encoding="utf-8")
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors, report.errors
    return service_page(Site(catalogue), ("demo", "extra"), catalogue.services[("demo", "extra")]).content


def test_no_line_contradicts_another(tmp_path: Path) -> None:
    """A system without a name is not «اعلام نشده» followed by what it exchanges."""
    page = _render(tmp_path, "title: خدمت آزمایشی\nagency: demo\nrelated_systems:\n  - {fields: [شماره ملی], electronic: true}\n")
    assert "شماره ملی" in page
    assert not re.search(r"اعلام نشده</span> — فیلدها", page)
    assert "سامانهٔ بی‌نام — فیلدها: شماره ملی" in page


def test_a_bare_card_has_one_notice_and_no_wall_of_not_stated(tmp_path: Path) -> None:
    page = _render(tmp_path, "title: خدمت آزمایشی\nagency: demo\n")
    assert page.count('class="completeness"') == 1
    sections = page.split("</section>", 1)[1]  # after the glance box, which states every fact
    # before: one «اعلام نشده» row per field; now one line per section at most
    assert re.findall(r'<dd><span class="not-stated">', sections) == []
    assert sections.count("اعلام نشده") <= 10
    assert "شناسهٔ خدمت" not in page  # no id: not mentioned at all


# --- 5. phones ---------------------------------------------------------------------------------

PAGE_KINDS = {
    "home": "",
    "service": BIRTH,
    "service, incomplete": SEED,
    "service, sub-services": "services/sabt/company-registration/",
    "licence": PHARMACY,
    "licence, inquiries": "licenses/tehran-municipality/building-permit/",
    "agency": "agencies/sabteahval/",
    "services index": "services/",
    "licences index": "licenses/",
    "agencies index": "agencies/",
    "A–Z page": "browse/services/a-z/00/",
    "facet": "browse/services/life-events/",
    "facet value": "browse/services/types/g2c/",
    "guide": "guide/fields/",
    "about": "about/",
    "contributing": "contributing/",
    "404": "404.html",
}


def test_no_page_kind_scrolls_sideways_at_390px(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        wide = {}
        for kind, path in PAGE_KINDS.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            # a table that scrolls inside its own box is sideways scroll too
            inner = page.evaluate("[...document.querySelectorAll('.md-content .md-typeset__scrollwrap, .md-content .table-wrap')]"
                                  ".filter(w => w.scrollWidth - w.clientWidth > 1).length")
            if width > 390 or inner:
                wide[kind] = (width, inner)
        page.close()
    assert wide == {}


def test_generated_tables_become_label_value_lists_on_a_phone(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + BIRTH)
        got = page.evaluate("""() => { const td = document.querySelector('.md-content table.stack tbody td:nth-child(2)');
            return [getComputedStyle(td).display, getComputedStyle(td, '::before').content, td.getAttribute('data-label')]; }""")
        page.close()
    assert got == ["block", '"نوع ارائه"', "نوع ارائه"]


TAPPABLE = (".md-content .glance-start a, .md-content .report a, .md-content nav.crumbs a, .md-content .letters a, "
            ".md-content .pager a, .md-content ul.record-list > li > a, .md-content ul.entry-points > li > a, "
            ".md-content details.more > summary")


def test_tap_targets_are_at_least_44px(site: Path, browser: Any) -> None:
    small: dict[str, list[str]] = {}
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in ("", BIRTH, PHARMACY, "agencies/sabteahval/", "services/", "browse/services/a-z/00/", "services/sabt/company-registration/"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            bad = page.evaluate("sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)"
                                ".filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent.trim())", TAPPABLE)
            count = page.evaluate("sel => document.querySelectorAll(sel).length", TAPPABLE)
            assert count > 0, path
            if bad:
                small[path] = bad
        page.close()
    assert small == {}


# --- 6, 10. finding your way; the 404 page; titles ----------------------------------------


def test_breadcrumbs_lead_home_and_to_the_agency(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path, trail in ((BIRTH, ["خانه", "سازمان ثبت احوال کشور", "ثبت ولادت و صدور شناسنامه نوزاد"]),
                            (PHARMACY, ["خانه", "سازمان غذا و دارو", "پروانه تاسیس داروخانه"]),
                            ("agencies/sabteahval/", ["خانه", "دستگاه‌ها", "سازمان ثبت احوال کشور"])):
            page.goto(base + path)
            crumbs = page.evaluate("[...document.querySelectorAll('.md-content nav.crumbs li')].map(li => li.textContent.trim())")
            assert crumbs == trail, path
            # the crumbs are above the page title
            assert page.evaluate("document.querySelector('.md-content nav.crumbs').nextElementSibling.tagName") == "H1"
            assert page.evaluate("document.querySelectorAll('.md-content h1').length") == 1
            page.click(".md-content nav.crumbs li:nth-child(2) a")
            page.wait_for_load_state("load")
            assert page.evaluate("document.querySelector('.md-content h1').textContent.trim()") == trail[1], path
            page.goto(base + path)
            page.click(".md-content nav.crumbs li:first-child a")
            page.wait_for_load_state("load")
            assert page.url == base, path
        page.close()


def test_404_page_is_persian(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        response = page.goto(base + "no/such/page/")
        assert response is not None and response.status == 404
        page.goto(base + "404.html")
        page.wait_for_load_state("load")
        text = page.evaluate("document.querySelector('.md-content').innerText")
        title = page.title()
        assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl"
        links = page.evaluate("[...document.querySelectorAll('.md-content a')].map(a => a.getAttribute('href'))")
        page.close()
    assert "Not found" not in text and "404 -" not in text
    assert "این صفحه پیدا نشد" in text
    assert title == "صفحه پیدا نشد - کاتالوگ خدمات و مجوزهای دولت"
    assert links and all(href.startswith("/") for href in links)  # absolute: the page is served at any depth


def test_no_doubled_page_titles(site: Path) -> None:
    name = "کاتالوگ خدمات و مجوزهای دولت"
    titles = {}
    for page in site.rglob("index.html"):
        if page.parent.parent.name == "s":
            continue
        m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert m, page
        titles[page.relative_to(site).as_posix()] = m.group(1).strip()
    assert titles["index.html"] == name
    assert all(t.count(name) == 1 for t in titles.values()), [p for p, t in titles.items() if t.count(name) != 1]


# --- 8. last changed, in Tehran ------------------------------------------------------------


def test_last_change_is_the_date_in_tehran(tmp_path: Path) -> None:
    """A commit at 21:43 UTC on 19 March 2024 is 01:13 on 20 March in Tehran: ۱ فروردین ۱۴۰۳."""
    import subprocess

    from helpers import harness

    from site_gen.history import read_history

    root = harness(tmp_path)
    env = {"GIT_AUTHOR_DATE": "2024-03-19T21:43:00+0000", "GIT_COMMITTER_DATE": "2024-03-19T21:43:00+0000",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    import datetime as dt

    assert read_history(root).dates["cards/demo/other-service.yaml"] == dt.date(2024, 3, 20)  # what the build shows


# --- 6. finding your way: A–Z ---------------------------------------------------------------


def test_a_to_z_pages_have_a_letter_bar_and_a_way_back(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "browse/services/a-z/00/")
        letters = page.evaluate("[...document.querySelectorAll('.md-content nav.letters > *')].map(e => [e.tagName, e.textContent.trim()])")
        assert letters[0][0] == "STRONG" and letters[0][1].startswith("ا")
        assert all(tag == "A" for tag, _ in letters[1:]) and len(letters) > 5
        # the bar is above the list, on the first screen
        assert page.evaluate("document.querySelector('.md-content nav.letters').getBoundingClientRect().bottom") < 844
        page.click(".md-content nav.letters a >> nth=0")
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelector('.md-content h1').textContent.trim()") == "خدمات: " + letters[1][1].split()[0]
        page.click(".md-content p.back a")
        page.wait_for_load_state("load")
        assert page.url == base + "services/"
        page.close()


def test_pager_in_words_at_top_and_bottom() -> None:
    from site_gen.render.pages import _pager

    middle = str(_pager("browse/x/2/", "browse/x/", 2, 3))
    assert "صفحهٔ قبل" in middle and "صفحهٔ بعد" in middle and "صفحهٔ ۲ از ۳" in middle
    assert 'href="../../../browse/x/">‹ صفحهٔ قبل' in middle and 'href="../../../browse/x/3/">صفحهٔ بعد' in middle and '<strong aria-current="page">۲</strong>' in middle
    first = str(_pager("browse/x/", "browse/x/", 1, 3))
    assert "صفحهٔ قبل" not in first and 'href="../../browse/x/2/">صفحهٔ بعد' in first
    assert str(_pager("browse/x/", "browse/x/", 1, 1)) == ""


def test_long_list_pages_have_the_pager_at_top_and_bottom(tmp_path: Path) -> None:
    from helpers import harness

    from site_gen.catalogue import load_catalogue
    from site_gen.render import pages

    root = harness(tmp_path)
    for i in range(pages.PAGE_SIZE + 5):
        (root / f"cards/demo/bulk-{i}.yaml").write_text(f"title: اقامت {i}\nagency: demo\nsample: true\n", encoding="utf-8")
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors
    out = {p.path: p.content for p in pages.index_pages(pages.Site(catalogue))}
    letter = next(p for p, c in out.items() if p.startswith("browse/services/a-z/") and "خدمات: ا" in c and p.endswith("/2/index.md"))
    body = out[letter]
    assert body.count('<nav class="pager"') == 2
    assert body.index('<nav class="pager"') < body.index('class="record-list"') < body.rindex('<nav class="pager"')
    assert "بازگشت به خدمات" in body and '<nav class="letters"' in body


# --- 5, 6. the home page ---------------------------------------------------------------------


def test_home_page_search_first_then_life_events_topics_and_counters(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base)
        page.wait_for_load_state("load")
        box = page.evaluate("(() => { const r = document.querySelector('#home-search-input').getBoundingClientRect(); return [r.top, r.bottom, r.width, r.height]; })()")
        assert box[1] < 844 and box[2] > 150 and box[3] >= 44  # the field itself, on the first phone screen
        order = page.evaluate("""['#home-search-input', 'ul.tiles[aria-label="رویدادهای زندگی"]', 'ul.tiles[aria-label="موضوع‌های پرجست‌وجو"]', 'ul.counts']
            .map(sel => document.querySelector('.md-content ' + sel).getBoundingClientRect().top + window.scrollY)""")
        assert order == sorted(order)
        tiles = page.evaluate("[...document.querySelectorAll('.md-content ul.tiles a')].map(a => [a.querySelector('svg.tile-icon') !== null, a.getAttribute('href')])")
        assert tiles and all(has_icon for has_icon, _ in tiles)
        assert any(href.startswith("browse/services/life-events/birth/") for _, href in tiles)
        # searching from the home page opens the results
        page.fill("#home-search-input", "گذرنامه")
        page.press("#home-search-input", "Enter")
        page.wait_for_load_state("load")
        page.wait_for_selector("[data-search-list] li", timeout=10000)
        assert page.evaluate("document.querySelectorAll('[data-search-list] li').length") > 0
        page.close()


# --- 11. one orthography ---------------------------------------------------------------------

#: Spellings not to use in the site's own words (دستور خط فارسی, Academy of Persian Language and
#: Literature), each with the form to use. Card text is the agencies' and is not checked.
NOT_TO_USE = {
    r"جستجو": "جست‌وجو",
    r"فرآیند": "فرایند",
    r"کسب و کار": "کسب‌وکار",
    r"تامین": "تأمین",
    r"تاسیس": "تأسیس",
    r"مخاطبین": "مخاطبان",
    r"واجدین": "واجدان",
    "ه\u200cی(?=[\\s<»\"،.:)؛]|$)": "ـهٔ (the site's one izafe style)",
    r"نحوه(?= )": "نحوهٔ",
    r"تمام الکترونیکی": "کاملاً اینترنتی، یا نیاز به مراجعهٔ حضوری",
}
_NOT_TO_USE = re.compile("|".join(f"(?:{p})" for p in NOT_TO_USE))


def _bad(texts: dict[str, str]) -> dict[str, str]:
    return {where: m.group(0) for where, text in texts.items() if (m := _NOT_TO_USE.search(text))}


def test_orthography_list_catches_what_it_should() -> None:
    assert _bad({"a": "نتایج جستجو", "b": "شناسنامه‌ی خدمت", "c": "نحوه آغاز", "d": "تامین اجتماعی"}).keys() == {"a", "b", "c", "d"}
    assert _bad({"a": "نتایج جست‌وجو", "b": "شناسنامهٔ خدمت", "c": "نحوهٔ آغاز", "d": "تأمین اجتماعی", "e": "هیچ‌یک"}) == {}


def test_ui_strings_and_generated_labels_follow_one_orthography() -> None:
    import ast
    import inspect

    import pydantic

    from site_gen.model import agency, common, licence, service, vocab

    texts: dict[str, str] = {}
    # every string literal of the page generator that is not a docstring
    for path in (REPO / "site_gen/render").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
                and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                texts[f"{path.name}:{node.lineno}"] = node.value
    # templates, the theme's own pages and the site's configuration (comments aside)
    for path in [*(REPO / "site_gen/templates").glob("*.j2"), REPO / "site_gen/theme/main.html", REPO / "site_gen/theme/404.html",
                 REPO / "site_gen/theme/partials/languages/fa.html",
                 REPO / "mkdocs.yml", REPO / "docs/about.md"]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#"):
                texts[f"{path.name}:{n}"] = line
    # the labels the pages print: field titles and vocabulary labels
    for mod in (service, licence, common, agency):
        for name, obj in vars(mod).items():
            if inspect.isclass(obj) and issubclass(obj, pydantic.BaseModel):
                for field, info in obj.model_fields.items():
                    texts[f"{name}.{field}"] = info.title or ""
    for name, obj in vars(vocab).items():
        if inspect.isclass(obj) and issubclass(obj, vocab.Vocab) and obj is not vocab.Vocab:
            for member in obj:
                texts[f"{name}.{member.value}"] = member.label
    assert len(texts) > 300
    assert _bad(texts) == {}


def test_messages_help_schemas_and_docs_follow_one_orthography() -> None:
    """Beyond the pages: every Persian line of the generator's code (CLI messages, error messages,
    the models' help), its templates and scripts, the JSON Schemas and the guides a clerk reads.
    Left out on purpose: the search tables (the spellings citizens type) and the Word form's
    labels that the importer matches (site_gen/docx/labels.py, mapping.py: the form's own words),
    and docs/format-gaps.md, which quotes agencies' published pages word for word."""
    texts: dict[str, str] = {}
    for pattern in ("site_gen/**/*.py", "site_gen/**/*.j2", "site_gen/**/*.html", "site_gen/**/*.js", "site_gen/**/*.css",
                    "schema/*.json", "docs/**/*.md", "mkdocs.yml"):
        for path in REPO.glob(pattern):
            rel = path.relative_to(REPO).as_posix()
            if (rel.startswith("site_gen/search/") and path.suffix != ".py") or rel in ("site_gen/docx/labels.py", "site_gen/docx/mapping.py", "docs/format-gaps.md"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                texts[f"{rel}:{n}"] = line
    assert len(texts) > 15_000
    assert _bad(texts) == {}


OWN_WORDS = ("h2, h3, summary, .glance dt, .glance-start, .md-copyright, nav.crumbs li:first-child, .report, .completeness, "
             ".not-stated-line > .not-stated, .home-search label, ul.tiles span, ul.entry-points, .pager, .back, .meta, .sample-banner")


def test_rendered_pages_follow_one_orthography(site: Path, browser: Any) -> None:
    texts: dict[str, str] = {}
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in ["", BIRTH, SEED, PHARMACY, "agencies/sabteahval/", "services/", "browse/services/a-z/00/", "browse/services/life-events/", "404.html"]:
            page.goto(base + path)
            for i, t in enumerate(page.evaluate("sel => [...document.querySelectorAll(sel)].map(e => e.textContent)", OWN_WORDS)):
                texts[f"{path}#{i}"] = t
            for i, t in enumerate(page.evaluate("[...document.querySelectorAll('[data-label]')].map(e => e.getAttribute('data-label'))")):
                texts[f"{path}@{i}"] = t
        page.close()
    assert _bad(texts) == {}


# --- 8. report a mistake; a footer for citizens ------------------------------------------------


def test_every_card_licence_and_agency_page_has_report_a_mistake(site: Path) -> None:
    pages = [*(site / "services").glob("*/*/index.html"), *(site / "licenses").glob("*/*/index.html"), *(site / "agencies").glob("*/index.html")]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<aside class="report" id="report".*?<a class="md-button" href="([^"]+)"[^>]*>گزارش اشتباه</a>', html, re.S)
        assert link, page
        assert link.group(1).startswith("https://example.org/catalogue/issues/new?title="), page
        assert "<" not in link.group(1) and '"' not in link.group(1)
    assert 'id="report"' not in _html(site, "services")  # an index page is nobody's to correct


def test_footer_speaks_to_citizens(site: Path) -> None:
    footer = _html(site, BIRTH).split('class="md-copyright__highlight"')[1].split("</div>")[0]
    assert "درخواست ادغام" not in footer and "گزارش اشتباه" in footer


# --- 4. Persian digits ---------------------------------------------------------------------------

LATIN_DIGITS = """async (paths) => { const found = {};
  for (const path of paths) {
    const doc = new DOMParser().parseFromString(await (await fetch(path)).text(), 'text/html');
    const root = doc.querySelector('.md-content');
    // a script is not shown (the schema.org JSON-LD of a service page is data for machines)
    root.querySelectorAll('script').forEach(s => s.remove());
    // a web or mail address shown as itself keeps its characters
    root.querySelectorAll('a[href^="http"], a[href^="mailto"]').forEach(a => { if (/^(https?:|www\\.)|@/.test(a.textContent.trim())) a.remove(); });
    const latin = root.textContent.match(/.{0,20}[0-9]+.{0,20}/g);
    if (latin) found[path] = latin;
  }
  return found; }"""


def test_every_number_a_citizen_reads_is_in_persian_digits(site: Path, browser: Any) -> None:
    """Every card, licence and agency page, read by Chromium's own HTML parser (one page load, the
    others fetched and parsed: the text a citizen reads is the served HTML; no script rewrites it)."""
    paths = sorted("/" + p.parent.relative_to(site).as_posix() + "/" for pattern in ("services/*/*/index.html", "licenses/*/*/index.html", "agencies/*/index.html")
                   for p in site.glob(pattern))
    assert len(paths) > 100
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # ids stay copyable in their ASCII form, and /s/<id>/ keeps ASCII
        page.goto(base + BIRTH)
        code = page.evaluate("(() => { const c = document.querySelector('.md-content .meta bdi.code'); return [c.textContent, c.dataset.copy]; })()")
        latin = page.evaluate(LATIN_DIGITS, [base.rstrip("/") + p for p in paths])
        page.close()
    assert latin == {}
    assert code == ["۱۲۰۱۱۰۳۵۱۰۰", "12011035100"]
    assert (site / "s/12011035100/index.html").exists()


def test_phone_numbers_are_tel_links_with_persian_digits(site: Path) -> None:
    html = _html(site, BIRTH)
    tel = re.findall(r'<a class="tel" href="tel:([0-9+]+)"><bdi dir="ltr">([^<]+)</bdi></a>', html)
    assert tel and all(not re.search(r"[0-9]", shown) for _, shown in tel)


# --- 7. agencies ---------------------------------------------------------------------------------


def test_agency_page_shows_contacts_and_not_the_slug(tmp_path: Path) -> None:
    from helpers import harness

    from site_gen.catalogue import load_catalogue
    from site_gen.render.pages import Site, agency_page

    root = harness(tmp_path)
    path = root / "cards/demo/_agency.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "address: تهران، خیابان آزادی، پلاک ۱۰\nphone: \"021-88115831\"\nemail: info@example.ir\n"
        "hours: شنبه تا چهارشنبه، ۸ تا ۱۴\nmap_url: https://maps.example.ir/?q=35.7,51.4\n"), encoding="utf-8")
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors, report.errors
    page = agency_page(Site(catalogue), "demo", catalogue.agencies["demo"]).content
    contact = page.split("## تماس با دستگاه")[1].split("##")[0]
    assert "تهران، خیابان آزادی، پلاک ۱۰" in contact
    assert '<a class="tel" href="tel:02188115831"><bdi dir="ltr">۰۲۱-۸۸۱۱۵۸۳۱</bdi></a>' in contact
    assert 'href="mailto:info@example.ir"' in contact and "شنبه تا چهارشنبه" in contact
    assert 'href="https://maps.example.ir/?q=35.7,51.4"' in contact and "دیدن محل روی نقشه" in contact
    assert "شناسه" not in page and "<dt>demo" not in page and ">demo<" not in page


def test_agency_contact_keys_are_validated(tmp_path: Path) -> None:
    from helpers import diagnostics_for, harness

    root = harness(tmp_path)
    path = root / "cards/demo/_agency.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "phone: تلفن ندارد\nmap_url: javascript:alert(1)\n", encoding="utf-8")
    keys = {d.key for d in diagnostics_for(root, "cards/demo/_agency.yaml") if d.severity == "error"}
    assert keys == {"phone", "map_url"}


# --- 9. print and share; 13. focus and the closed drawer -------------------------------------


def test_print_stylesheet_shows_the_card_without_navigation(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + BIRTH)
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        hidden = page.evaluate("""['.md-header', '.md-sidebar--primary', '.md-footer', '.md-content .report', '.md-content nav.crumbs', '.md-content .share']
            .map(sel => getComputedStyle(document.querySelector(sel)).display)""")
        shown = page.evaluate("getComputedStyle(document.querySelector('.md-content section.glance')).display")
        pdf = page.pdf(format="A4")
        page.close()
    assert hidden == ["none"] * 6
    assert shown != "none"
    assert pdf.startswith(b"%PDF") and 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 8


def test_copy_link_button_copies_the_address(site: Path, browser: Any) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        page.goto(base + BIRTH)
        page.wait_for_load_state("load")
        page.click("[data-copy-link]")
        page.wait_for_function("document.querySelector('.share-status').textContent !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        status = page.evaluate("document.querySelector('.share-status').textContent")
        context.close()
    assert copied == base + BIRTH
    assert status == "پیوند رونوشت شد."


def test_focus_ring_is_visible_and_closed_drawer_takes_no_tab(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + BIRTH)
        page.wait_for_load_state("load")
        in_drawer, rings = [], []
        for _ in range(25):
            page.keyboard.press("Tab")
            info = page.evaluate("""(() => { const e = document.activeElement; const s = getComputedStyle(e);
                return [!!e.closest('.md-sidebar--primary'), s.outlineStyle, parseFloat(s.outlineWidth), e.closest('.md-content') !== null]; })()""")
            in_drawer.append(info[0])
            if info[3]:
                rings.append((info[1], info[2]))
        # open the drawer: its links take Tab again
        page.click("label.md-header__button[for='__drawer']")
        page.wait_for_timeout(400)
        visible = page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility")
        page.close()
    assert not any(in_drawer)
    assert rings and all(style == "solid" and width >= 2 for style, width in rings)
    assert visible == "visible"


# --- 12. weight ----------------------------------------------------------------------------------


def test_font_subset_covers_every_persian_character_of_the_site(site: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    import subset_font

    css = (REPO / "site_gen/theme/assets/stylesheets/catalogue.css").read_text(encoding="utf-8")
    assert css.count(f"unicode-range: {subset_font.UNICODE_RANGE};") == 2
    kept = set(subset_font.UNICODES)
    used: set[str] = set()
    for page in site.rglob("*.html"):
        used |= set(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    persian = {ch for ch in used if 0x0600 <= ord(ch) <= 0x06FF or 0x200B <= ord(ch) <= 0x206F}
    assert persian and sorted(ch for ch in persian if ord(ch) not in kept) == []
    for name in subset_font.WEIGHTS.values():
        assert (REPO / "site_gen/theme/assets/fonts" / name).stat().st_size < 20_000


def test_first_visit_of_a_card_page_weighs_under_100kb_compressed(site: Path, browser: Any) -> None:
    """Everything a phone fetches to show a card page the first time: text gzip -9, fonts as they
    are (benchmarks/page_weight.py prints the same table). Material's 35 KB bundle is not loaded."""
    import gzip

    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        seen: list[str] = []
        page.on("response", lambda r: seen.append(r.url) if r.status == 200 else None)
        page.goto(base + BIRTH)
        page.wait_for_load_state("networkidle")
        fonts = page.evaluate("document.fonts.check('1em Vazirmatn', 'سلام')")
        page.close()
    total = 0
    for url in dict.fromkeys(seen):
        path = url[len(base):].split("?")[0].split("#")[0]
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        data = file.read_bytes()
        total += len(data) if file.suffix == ".woff2" else len(gzip.compress(data, 9))
    assert fonts and any(u.endswith(".woff2") for u in seen)
    assert not any("bundle" in u for u in seen)
    assert 30_000 < total <= 100_000


def test_plain_tables_scroll_inside_their_wrapper_without_javascript(site: Path) -> None:
    """Material's JavaScript used to wrap plain tables; the build does it now (theme/hooks.py)."""
    html = (site / "format/service/index.html").read_text(encoding="utf-8")
    plain = html.count("<table>")
    assert plain and html.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>') == plain
    card = _html(site, BIRTH)
    assert "<table class=" in card and '<div class="md-typeset__table"><table class=' not in card


def test_second_card_page_weighs_under_10kb_compressed(site: Path) -> None:
    import gzip

    for path in (BIRTH, FINES, PHARMACY, SEED):
        assert len(gzip.compress(_html(site, path).encode(), 9)) < 10_000, path


# --- 14. one place for a page's shape ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["service", "licence", "agency", "services_index", "licences_index", "home"])
def test_reordering_a_page_template_reorders_the_page(tmp_path: Path, kind: str) -> None:
    """A newcomer moves one line of templates/<kind>.md.j2; the page follows, without Python."""
    import shutil

    import jinja2

    from site_gen.catalogue import load_catalogue
    from site_gen.render import pages

    catalogue, report = load_catalogue(REPO, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors
    moved = {"service": "هزینه", "licence": "مبانی قانونی", "agency": "دربارهٔ دستگاه", "services_index": "بر اساس دستگاه",
             "licences_index": "فهرست الفبایی", "home": "کاتالوگ در یک نگاه"}[kind]
    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    path = templates / f"{kind}.md.j2"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(x for x in lines if x.startswith(f'{{{{ section("{moved}"'))
    lines.remove(line)
    first = next(i for i, x in enumerate(lines) if x.startswith("{{ section("))
    lines.insert(first, line)  # now the first section
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def render(env: jinja2.Environment) -> str:
        site = pages.Site(catalogue, env=env)
        if kind == "service":
            return pages.service_page(site, ("sabteahval", "birth-certificate-issuance"), catalogue.services[("sabteahval", "birth-certificate-issuance")]).content
        if kind == "licence":
            return pages.licence_page(site, ("fda", "pharmacy-licence"), catalogue.licences[("fda", "pharmacy-licence")]).content
        if kind == "home":
            return pages.home_page(site).content
        if kind.endswith("_index"):
            index = {"services_index": "services/index.md", "licences_index": "licenses/index.md"}[kind]
            return next(p.content for p in pages.index_pages(site) if p.path == index)
        return pages.agency_page(site, "sabteahval", catalogue.agencies["sabteahval"]).content

    env = pages.environment()
    env.loader = jinja2.FileSystemLoader(templates)
    before = re.findall(r"^## (.+)$", render(pages.environment()), re.M)
    after = re.findall(r"^## (.+)$", render(env), re.M)
    assert after[0] == moved and before[0] != moved
    assert sorted(before) == sorted(after)


def test_copying_an_id_gives_its_ascii_form(site: Path, browser: Any) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        page.goto(base + BIRTH)
        page.wait_for_load_state("load")
        page.evaluate("""(() => { const c = document.querySelector('.md-content .meta bdi.code'); const r = document.createRange();
            r.selectNodeContents(c); const s = getSelection(); s.removeAllRanges(); s.addRange(r); document.execCommand('copy'); })()""")
        copied = page.evaluate("navigator.clipboard.readText()")
        context.close()
    assert copied == "12011035100"


def test_field_labels_come_from_the_models_only() -> None:
    """pages.py does not repeat a model's label: a row's label is ``L(Model, "field")``."""
    import inspect

    import pydantic

    from site_gen.model import agency, common, licence, service
    from site_gen.model.common import shown_label

    source = (REPO / "site_gen/render/pages.py").read_text(encoding="utf-8")
    labels = set()
    for mod in (service, licence, common, agency):
        for _, obj in vars(mod).items():
            if inspect.isclass(obj) and issubclass(obj, pydantic.BaseModel) and obj.__module__ == mod.__name__:
                labels |= {shown_label(obj, f) for f in obj.model_fields}
    repeated = sorted(lab for lab in labels if f'("{lab}",' in source)
    assert repeated == []
    assert source.count('L(Service, "') > 20 and source.count('L(Action, "') > 8 and source.count('L(Agency, "') > 6


def test_glance_cost_by_rule_points_to_the_cost_section(tmp_path: Path) -> None:
    page = _render(tmp_path, "title: خدمت آزمایشی\nagency: demo\ncost:\n  items:\n    - {title: هزینهٔ کارشناسی, rule: ۲ درصد ارزش ملک}\n")
    glance = page.split('<section class="glance"')[1].split("</section>")[0]
    assert '<a href="#هزینه">بسته به مورد؛ بخش هزینه را ببینید</a>' in glance
    assert "اعلام نشده" not in glance.split("<dt>هزینه</dt>")[1].split("</dd>")[0]


def test_the_cost_anchor_of_the_glance_box_exists(site: Path) -> None:
    assert 'id="هزینه"' in _html(site, BIRTH)


def test_site_stylesheet_is_minified_without_losing_a_rule(site: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "site_gen/theme"))
    from hooks import minify_css

    source = (REPO / "site_gen/theme/assets/stylesheets/catalogue.css").read_text(encoding="utf-8")
    built = (site / "assets/stylesheets/catalogue.css").read_text(encoding="utf-8")
    assert built == minify_css(source) and "/*" not in built
    assert len(built) < len(source) * 0.7
    assert built.count("{") == source.count("{") - sum(c.count("{") for c in re.findall(r"/\*.*?\*/", source, re.S))
    assert 'content:" (" attr(href) ")"' in built.replace(": ", ":") and 'content: "— "' in built
    assert minify_css("a > b ,\n c { x: 1 ;\n y: 2 }") == "a>b,c{x: 1;y: 2}"
