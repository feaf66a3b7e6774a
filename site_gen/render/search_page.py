"""The results page, ``search/`` (issue 15): where the header's search box and the home page's
form go on Enter (``search/?q=…``, a shareable address).

With JavaScript, ``search.js`` fills the page with every result of ``q`` (fifty at a time),
its «منظورتان … بود؟» and the matching sentences. Without it the page cannot search (the site is
static): it says so and offers the ways in that need no search, the A–Z index of services and
licences and the life events, so that the form still leads somewhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model.vocab import LifeEvent
from ..text import initial, persian_digits, persian_sort_key
from . import html as h

if TYPE_CHECKING:
    from .pages import Key, Page, Site

HERE = "search/"

FORM = Markup(
    '<div class="search-page" data-search-page>'
    '<form class="home-search search-page__form" role="search" method="get" action="./" aria-label="جست‌وجو در کاتالوگ">'
    '<label for="search-page-input">جست‌وجو در خدمات، مجوزها و دستگاه‌ها</label>'
    '<div class="home-search__row"><input id="search-page-input" type="search" name="q" placeholder="مثلاً شناسنامه، گذرنامه یا پروانهٔ کسب" enterkeyhint="search">'
    '<button type="submit" class="md-button md-button--primary">جست‌وجو</button></div></form>'
    '<p class="search-page__count" role="status" data-search-count></p>'
    '<p class="catalogue-search__suggest" data-search-suggest hidden></p>'
    '<ol class="catalogue-search__list search-page__list" data-search-list aria-label="نتایج جست‌وجو"></ol>'
    '<button type="button" class="catalogue-search__more" data-search-more hidden>نتایج بیشتر</button>'
    "<noscript><p class=\"search-page__noscript\">جست‌وجو در این صفحه با جاوااسکریپت کار می‌کند که در مرورگر شما خاموش است. "
    "خدمت یا مجوزی را که می‌خواهید از فهرست الفبایی یا رویدادهای زندگی زیر پیدا کنید.</p></noscript>"
    "</div>"
)


def search_page(site: Site) -> Page:
    from .pages import Page, _block, _letters

    c = site.catalogue
    letters: dict[str, list[Key]] = defaultdict(list)
    for k in sorted(c.services, key=lambda k: persian_sort_key(c.services[k].title)):
        letters[initial(c.services[k].title)].append(k)
    lic_letters: dict[str, list[Key]] = defaultdict(list)
    for k in sorted(c.licences, key=lambda k: persian_sort_key(c.licences[k].title)):
        lic_letters[initial(c.licences[k].title)].append(k)
    counts: dict[LifeEvent, int] = defaultdict(int)
    for card in c.services.values():
        for ev in card.life_events or []:
            counts[ev] += 1
    events = h.items([
        h.fmt("{} ({})", h.internal(f"../browse/services/life-events/{ev.value.replace('_', '-')}/", ev.label), persian_digits(counts[ev]))
        for ev in LifeEvent if counts.get(ev)
    ], "entry-points")
    parts = [
        ("", Markup("<h1>جست‌وجو</h1>") + FORM),
        ("خدمات به ترتیب الفبا", _letters(HERE, "browse/services/a-z/", letters)),
        ("مجوزها به ترتیب الفبا", _letters(HERE, "browse/licenses/a-z/", lic_letters)),
        ("خدمات بر اساس رویداد زندگی", events),
        ("", h.items([h.internal("../agencies/", "دستگاه‌های اجرایی"), h.internal("../services/", "همهٔ خدمات"),
                      h.internal("../licenses/", "همهٔ مجوزها")], "entry-points")),
    ]
    return Page(f"{HERE}index.md", site.render("search.md.j2", sections=[(t, _block(b)) for t, b in parts]))
