"""Monitoring pages, computed from the cards at build time: ``/statistics/``, ``/readiness/``,
``/interoperability/`` and ``/history/``; the readiness part of an agency's page and the list
of changes of a card's page.

What every page needs is computed once, before the pages are shared among processes
(:func:`jobs`), and kept on the :class:`~site_gen.render.pages.Site`. Charts come from
:mod:`.charts`, the index from :mod:`site_gen.readiness`, history from
:func:`site_gen.history.read_history` (one ``git log``) and the names of what changed from the
review diff (:mod:`site_gen.diff`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from .. import jalali, readiness
from ..history import TEHRAN, History
from ..model import Licence, Service
from ..model.common import is_form_field
from ..model.licence import Action
from ..model.service import Access, RelatedAgency
from ..model.types import NonNegInt
from ..model.vocab import (
    ActionType,
    Applicant,
    Channel,
    Level,
    LicenceKind,
    LifeEvent,
    Nature,
    Process,
    RecordKind,
    ServiceType,
    Stage,
    Vocab,
)
from ..summary import is_reference
from ..text import fold_arabic_letters, persian_digits, persian_sort_key
from . import charts
from . import html as h
from .pages import (
    Key,
    L,
    Page,
    Site,
    _block,
    agency_url,
    relative,
    yaml_string,
)

#: A card's page lists at most this many of its changes, newest first.
CHANGES_SHOWN = 10
#: A card whose last review is older than this is said to be unreviewed.
STALE_DAYS = 365
#: The most partners drawn, and listed, for one agency on /interoperability/ (the rest: one row).
PARTNERS_DRAWN = 12
#: The most rows of one report table on /interoperability/.
REPORT_ROWS = 500


def today() -> dt.date:
    """The build's day in Tehran; ``SOURCE_DATE_EPOCH`` (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = dt.datetime.fromtimestamp(int(epoch), TEHRAN) if epoch.isdigit() else dt.datetime.now(TEHRAN)
    return moment.date()


@dataclass
class Monitor:
    """What the monitoring pages and parts share, computed once per build."""

    today: dt.date
    agencies: dict[str, readiness.Score] = field(default_factory=dict)
    agency_order: list[str] = field(default_factory=list)
    provinces: dict[str, readiness.Score] = field(default_factory=dict)
    province_order: list[str] = field(default_factory=list)
    history: History = field(default_factory=History)
    #: blob id → bytes, for the changes shown on card pages
    blobs: dict[str, bytes] = field(default_factory=dict)


def monitor(site: Site) -> Monitor:
    """The site's :class:`Monitor`, computed on first use."""
    cached = vars(site).get("_monitor")
    if isinstance(cached, Monitor):
        return cached
    c = site.catalogue
    m = Monitor(today())
    for slug in c.agencies:
        m.agencies[slug] = readiness.score((c.services[k] for k in site.services_of.get(slug, [])), m.today)
    m.agency_order = readiness.rank(m.agencies)
    by_province: dict[str, list[Service]] = defaultdict(list)
    for slug, agency in c.agencies.items():
        if agency.province:
            by_province[agency.province].extend(c.services[k] for k in site.services_of.get(slug, []))
    m.provinces = {p: readiness.score(cards, m.today) for p, cards in by_province.items()}
    m.province_order = readiness.rank(m.provinces)
    hist = getattr(site, "history", None)
    if isinstance(hist, History):
        m.history = hist
        m.blobs = _change_blobs(site, hist)
    vars(site)["_monitor"] = m
    return m


def jobs(site: Site) -> list[Callable[[], Iterable[Page]]]:
    """The four pages, as jobs of :func:`~site_gen.render.pages.page_jobs`; what they share is
    computed here, before the jobs are shared among processes."""
    monitor(site)
    return [lambda: [statistics_page(site)], lambda: [readiness_page(site)], lambda: [interoperability_page(site)],
            lambda: [history_page(site)]]


def _page(site: Site, url: str, title: str, intro: str, sections: list[tuple[str, Markup]]) -> Page:
    return Page(f"{url}index.md", site.render("statistics.md.j2", title_yaml=yaml_string(title), title=title,
                                              crumbs=_block(h.fmt('<nav class="crumbs" aria-label="مسیر صفحه"><ol><li>{}</li>'
                                                                  '<li aria-current="page">{}</li></ol></nav><h1>{}</h1><p>{}</p>',
                                                                  h.internal(relative(url, ""), "خانه"), title, title, intro)),
                                              sections=[(t, _block(b)) for t, b in sections if b]))


# --- /statistics/ -----------------------------------------------------------------------------

YES, NO, UNKNOWN = "الکترونیکی", "غیرالکترونیکی", h.NOT_STATED


def _count(values: Iterable[Vocab], vocab: type[Vocab]) -> list[tuple[str, float]]:
    counts = Counter(values)
    return [(v.label, counts[v]) for v in vocab if counts.get(v)]


def _days(d: Any) -> float | None:
    """A duration in days (minutes, hours, weeks, months, years converted), or ``None``."""
    if d is None or d.value is None or d.unit is None:
        return None
    per_day = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
    return float(d.value) * per_day[d.unit.value]


def _service_cost(s: Service) -> int | None:
    """What a citizen pays at least: 0 when free, else the sum of the stated amounts (the low end
    of a range); ``None`` when not stated."""
    if s.cost is None:
        return None
    if s.cost.free:
        return 0
    amounts = [i.amount_rials or i.min_rials for i in s.cost.items or []]
    stated = [a for a in amounts if a]
    return sum(stated) if stated else None


def _issue(lic: Licence) -> Action | None:
    return next((a for a in lic.actions or [] if a.type is ActionType.ISSUE), None)


def _median(values: list[float]) -> float | None:
    return stats.median(values) if values else None


def statistics_page(site: Site) -> Page:
    c = site.catalogue
    services = list(c.services.values())
    licences = list(c.licences.values())
    n = len(services)
    sections: list[tuple[str, Markup]] = []
    sections.append(("در یک نگاه", h.dl([
        ("شناسنامهٔ خدمت", h.number(n)), ("مجوز", h.number(len(licences))), ("دستگاه اجرایی", h.number(len(c.agencies))),
        ("خدمت کاملاً اینترنتی", h.number(sum(1 for s in services if s.fully_electronic() is True))),
    ])))
    by = [
        ("خدمات بر اساس نوع", _count((t for s in services for t in s.service_types or []), ServiceType)),
        ("خدمات بر اساس سطح", _count((v for s in services for v in s.levels or []), Level)),
        ("خدمات بر اساس ماهیت", _count((s.nature for s in services if s.nature), Nature)),
        ("خدمات بر اساس رویداد زندگی", _count((v for s in services for v in s.life_events or []), LifeEvent)),
    ]
    per_agency = sorted(((site.agency_name(a), float(len(keys))) for a, keys in site.services_of.items()), key=lambda r: (-r[1], persian_sort_key(r[0])))
    sections.append(("دسته‌بندی خدمات", Markup("").join(charts.bars(t, rows) for t, rows in by)
                     + charts.bars("خدمات هر دستگاه", per_agency, head=("دستگاه", "شمار خدمات"))))

    stage_rows = []
    for stage in Stage:
        counts = [0, 0, 0]
        for s in services:
            st = getattr(s.access, stage.value) if s.access else None
            if st is None or (st.electronic is None and st.non_electronic is None):
                counts[2] += 1
            elif st.electronic:
                counts[0] += 1
            else:
                counts[1] += 1
        stage_rows.append((stage.label, counts))
    fe = Counter(s.fully_electronic() for s in services)
    sections.append(("خدمات الکترونیکی", charts.stacked("نحوهٔ ارائه در هر مرحله", [YES, NO, UNKNOWN], stage_rows, head="مرحله")
                     + charts.stacked("خدمات کاملاً اینترنتی (بنا بر تعریف قالب شناسنامه)", ["کاملاً اینترنتی", "نه", "معلوم نیست"],
                                      [("همهٔ خدمات", [fe[True], fe[False], fe[None]])], head="خدمات")))
    visits: Counter[str] = Counter()
    for s in services:
        v = s.in_person_visits
        visits["اعلام نشده" if v is None else "سه بار و بیشتر" if v >= 3 else f"{persian_digits(v)} بار"] += 1
    visit_rows = [(k, float(visits[k])) for k in ["۰ بار", "۱ بار", "۲ بار", "سه بار و بیشتر", "اعلام نشده"] if visits.get(k)]
    channels = Counter(ch for s in services if s.access for _, st in s.access.stages() for ch in set(st.channels or []))
    sections.append(("مراجعهٔ حضوری و مجراها", charts.bars("تعداد مراجعهٔ حضوری", visit_rows, head=("مراجعه", "شمار خدمات"))
                     + charts.bars("مجراهای دسترسی (شمار خدماتی که در دست‌کم یک مرحله از مجرا استفاده می‌کنند)",
                                   [(ch.label, float(channels[ch])) for ch in Channel if channels.get(ch)], head=("مجرا", "شمار خدمات"))))

    process: Counter[str] = Counter()
    electronic: Counter[str] = Counter()
    for lic in licences:
        kinds = {a.process for a in lic.actions or []}
        process["مشترک" if Process.SHARED in kinds else "اختصاصی" if Process.EXCLUSIVE in kinds else "اعلام نشده"] += 1
        flags = {a.electronic for a in lic.actions or []}
        electronic[YES if flags == {True} else NO if False in flags else UNKNOWN] += 1
    sections.append(("مجوزها", charts.bars("مجوزها بر اساس نوع", _count((lic.kind for lic in licences if lic.kind), LicenceKind))
                     + charts.bars("مجوزها بر اساس متقاضی", _count((a for lic in licences for a in lic.applicants or []), Applicant))
                     + charts.stacked("فرایند صدور و الکترونیکی بودن مجوزها", ["مشترک", "اختصاصی", "اعلام نشده"],
                                      [("فرایند", [process["مشترک"], process["اختصاصی"], process["اعلام نشده"]])], head="مجوزها")
                     + charts.stacked("مجوزهایی که همهٔ اقدام‌هایشان الکترونیکی است", [YES, NO, UNKNOWN],
                                      [("اقدام‌ها", [electronic[YES], electronic[NO], electronic[UNKNOWN]])], head="مجوزها")))

    durations = [d for s in services if (d := _days(s.average_duration)) is not None]
    costs = [float(x) for s in services if (x := _service_cost(s))]
    lic_days = [d for lic in licences if (a := _issue(lic)) and (d := _days(a.duration)) is not None]
    lic_costs = [float(x) for lic in licences if (a := _issue(lic)) and (x := _action_cost(a))]

    def med(values: list[float], unit: str) -> Markup:
        m = _median(values)
        return h.text(f"{charts.shown(round(m, 1), unit=unit)} (از {persian_digits(len(values))} مورد اعلام‌شده)") if m is not None else h.not_stated()

    sections.append(("میانهٔ زمان و هزینه", h.table(["", "خدمات", "صدور مجوز"], [
        [Markup("زمان"), med(durations, "روز"), med(lic_days, "روز")],
        [Markup("هزینه (غیر رایگان)"), med(costs, "ریال"), med(lic_costs, "ریال")],
    ])))
    sections.append(("کامل بودن شناسنامه‌ها در هر دستگاه", _completeness_table(site)))
    return _page(site, "statistics/", "آمار خدمات و مجوزها",
                 "همهٔ این آمار هنگام ساخت وبگاه از شناسنامه‌های همین کاتالوگ شمرده می‌شود.", sections)


def _action_cost(a: Action) -> int | None:
    if a.fees:
        return sum(f.amount_rials or 0 for f in a.fees) or None
    return a.cost_rials or None


_SERVICE_FORM = [n for n in Service.model_fields if is_form_field(Service, n)]
_LICENCE_FORM = [n for n in Licence.model_fields if is_form_field(Licence, n)]


def _completeness_table(site: Site) -> Markup:
    c = site.catalogue
    rows = []
    for slug in sorted(c.agencies, key=lambda a: persian_sort_key(site.agency_name(a))):
        records: list[tuple[Any, list[str], type]] = [(c.services[k], _SERVICE_FORM, Service) for k in site.services_of.get(slug, [])]
        records += [(c.licences[k], _LICENCE_FORM, Licence) for k in site.licences_of.get(slug, [])]
        if not records:
            continue
        stated = sum(sum(1 for n in names if getattr(r, n) is not None) for r, names, _ in records)
        total = sum(len(names) for _, names, _ in records)
        missing: Counter[str] = Counter(L(model, n) for r, names, model in records for n in names if getattr(r, n) is None)
        most = "، ".join(f"{label} ({persian_digits(k)})" for label, k in missing.most_common(3)) or "—"
        rows.append([site.agency_link("statistics/", slug), h.number(len(records)), h.text(charts.shown(stated / total, percent=True)), h.text(most)])
    return h.fmt('<div class="table-wrap">{}</div>', h.table(["دستگاه", "رکورد", "موردهای اعلام‌شده", "بیشترین موردهای اعلام‌نشده"], rows))


# --- /readiness/ ------------------------------------------------------------------------------


def readiness_page(site: Site) -> Page:
    m = monitor(site)
    head = ["رتبه", "", "شاخص", *(c.label for c in readiness.COMPONENTS), "خدمت"]

    def row(rank: int, name: Markup, s: readiness.Score) -> list[Markup]:
        return [h.number(rank), name, h.text(charts.shown(round(s.index, 1))),
                *(h.text(charts.shown(s.components[c.key], percent=True)) for c in readiness.COMPONENTS), h.number(s.services)]

    formula = h.fmt('<p class="formula"><strong>{}</strong></p>{}', readiness.formula(), h.items(
        h.fmt("<strong>{}</strong> (وزن {}): {}", c.label, h.number(c.weight), c.rule) for c in readiness.COMPONENTS))
    note = h.fmt("<p>{}</p>", "هر مؤلفه برای هر شناسنامه عددی از ۰ تا ۱ است؛ مؤلفهٔ دستگاه میانگین آن در شناسنامه‌های دستگاه است. "
                 "شاخص استان از همهٔ شناسنامه‌های دستگاه‌های آن استان با هم حساب می‌شود. دستگاه‌های هم‌امتیاز رتبهٔ یکسان دارند. "
                 f"امروز در این محاسبه: {h.jalali_from(m.today)}.")
    agencies = [row(m.agencies[a].rank, site.agency_link("readiness/", a), m.agencies[a]) for a in m.agency_order]
    head[1] = "دستگاه"
    sections = [("فرمول شاخص", formula + note),
                ("رتبه‌بندی دستگاه‌ها", charts.bars("شاخص آمادگی دستگاه‌ها", [(site.agency_name(a), m.agencies[a].index) for a in m.agency_order],
                                                    head=("دستگاه", "شاخص"))
                 + h.fmt('<div class="table-wrap">{}</div>', h.table(head, agencies)))]
    if m.province_order:
        head_p = [*head]
        head_p[1] = "استان"
        provinces = [row(m.provinces[p].rank, h.text(p), m.provinces[p]) for p in m.province_order]
        sections.append(("رتبه‌بندی استان‌ها", charts.bars("شاخص آمادگی استان‌ها", [(p, m.provinces[p].index) for p in m.province_order],
                                                           head=("استان", "شاخص"))
                         + h.fmt('<div class="table-wrap">{}</div>', h.table(head_p, provinces))))
    unranked = [a for a in site.catalogue.agencies if not m.agencies[a].services]
    if unranked:
        sections.append(("دستگاه‌های بدون شناسنامهٔ خدمت", h.items(site.agency_link("readiness/", a) for a in sorted(unranked, key=lambda a: persian_sort_key(site.agency_name(a))))))
    return _page(site, "readiness/", "آمادگی الکترونیکی دستگاه‌ها و استان‌ها",
                 "شاخصی که فقط از شناسنامه‌های خدمت همین کاتالوگ حساب می‌شود؛ فرمول آن در همین صفحه آمده است.", sections)


def agency_readiness(site: Site, slug: str) -> Markup:
    """The part of an agency's page: its index, rank and components, linking to /readiness/."""
    m = monitor(site)
    s = m.agencies.get(slug)
    if s is None or not s.services:
        return Markup("")
    here = agency_url(slug)
    rows: list[tuple[str | Markup, Markup]] = [
        ("شاخص آمادگی", h.fmt("{} از ۱۰۰", charts.shown(round(s.index, 1)))),
        ("رتبه", h.fmt("{} از {} دستگاه", h.number(s.rank), h.number(len(m.agency_order)))),
    ]
    rows += [(c.label, h.text(charts.shown(s.components[c.key], percent=True))) for c in readiness.COMPONENTS]
    return h.fmt("{}<p>{}</p>", h.dl(rows), h.internal(relative(here, "readiness/"), "فرمول شاخص و رتبه‌بندی همهٔ دستگاه‌ها"))


# --- /interoperability/ -------------------------------------------------------------------------


@dataclass
class Link:
    electronic: int = 0
    not_electronic: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.electronic + self.not_electronic + self.unknown


def links(site: Site) -> dict[str, dict[str, Link]]:
    """Agency → partner (a registered agency's slug, else the name as written) → the exchanges
    between them: services' related agencies and licences' inquiries."""
    out: dict[str, dict[str, Link]] = defaultdict(lambda: defaultdict(Link))

    def add(agency: str, partner: str, electronic: bool | None) -> None:
        link = out[agency][partner]
        if electronic is True:
            link.electronic += 1
        elif electronic is False:
            link.not_electronic += 1
        else:
            link.unknown += 1

    for (agency, _), s in site.catalogue.services.items():
        for r in s.related_agencies or []:
            add(agency, r.agency, r.electronic)
    for (agency, _), lic in site.catalogue.licences.items():
        for a in lic.actions or []:
            for q in a.inquiries or []:
                add(agency, q.agency, q.electronic)
    return out


def _partner_name(site: Site, partner: str) -> str:
    return site.agency_name(partner) if is_reference(partner) and partner in site.catalogue.agencies else partner


def _star(site: Site, agency: str, partners: dict[str, Link]) -> Markup:
    """The agency on the right, its partners (most exchanges first, at most
    :data:`PARTNERS_DRAWN`) on the left; a solid line: every exchange electronic, dashed red: some
    not electronic, dotted: not stated."""
    ordered = sorted(partners, key=lambda p: (-partners[p].total, persian_sort_key(_partner_name(site, p))))
    drawn = ordered[:PARTNERS_DRAWN]
    row = 30
    height = 12 + max(1, len(drawn)) * row + (row if len(ordered) > len(drawn) else 0)
    name = site.agency_name(agency)
    cy = height / 2
    parts = [h.fmt('<rect x="{}" y="{}" width="130" height="40" rx="6" fill="#3f51b5"/>', charts.WIDTH - 136, round(cy - 20, 1)),
             h.fmt('<text x="{}" y="{}" text-anchor="start" fill="#fff" font-size="12">{}</text>', charts.WIDTH - 142 + 136 - 4, round(cy + 4, 1),
                   _short(name, 18))]
    for i, p in enumerate(drawn):
        y = 12 + i * row + row / 2
        link = partners[p]
        style = (Markup('stroke="#c62828" stroke-dasharray="6 4"') if link.not_electronic
                 else Markup('stroke="#9e9e9e" stroke-dasharray="2 3"') if link.unknown else Markup('stroke="#2e7d32"'))
        parts.append(h.fmt('<line x1="{}" y1="{}" x2="150" y2="{}" stroke-width="2" {}><title>{}: {}</title></line>',
                           charts.WIDTH - 136, round(cy, 1), round(y, 1), style, _partner_name(site, p), _link_text(link)))
        parts.append(h.fmt('<text x="146" y="{}" text-anchor="start" fill="currentColor" font-size="12">{}</text>', round(y + 4, 1),
                           _short(_partner_name(site, p), 22)))
    if len(ordered) > len(drawn):
        parts.append(h.fmt('<text x="146" y="{}" text-anchor="start" fill="currentColor" font-size="12">و {} دستگاه دیگر</text>',
                           round(12 + len(drawn) * row + row / 2 + 4, 1), persian_digits(len(ordered) - len(drawn))))
    title = f"ارتباط {name} با دستگاه‌های دیگر"
    svg = h.fmt('<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
                'direction="rtl" font-family="Vazirmatn, sans-serif"><title>{}</title>{}</svg>', charts.WIDTH, round(height), title, title,
                Markup("").join(parts))
    rows = [[site.agency_link("interoperability/", p), h.number(partners[p].electronic), h.number(partners[p].not_electronic),
             h.number(partners[p].unknown)] for p in drawn]
    if len(ordered) > len(drawn):  # bounded per agency: the rest in one row
        rest = [partners[p] for p in ordered[len(drawn):]]
        rows.append([h.fmt("{} دستگاه دیگر", persian_digits(len(rest))), h.number(sum(r.electronic for r in rest)),
                     h.number(sum(r.not_electronic for r in rest)), h.number(sum(r.unknown for r in rest))])
    table = h.table(["دستگاه طرف تبادل", "الکترونیکی", "غیرالکترونیکی", "اعلام نشده"], rows)
    return h.fmt('<figure class="chart"><figcaption>{}</figcaption><div class="chart-body">{}<div class="chart-data table-wrap">{}</div></div></figure>',
                 title, svg, table)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _link_text(link: Link) -> str:
    return f"{persian_digits(link.electronic)} الکترونیکی، {persian_digits(link.not_electronic)} غیرالکترونیکی، {persian_digits(link.unknown)} اعلام نشده"


def _doc_key(title: str) -> str:
    """A document's title, compared loosely: Arabic letter forms folded, spaces and ZWNJ dropped,
    a leading «اصل»/«تصویر»/«کپی» left out."""
    t = fold_arabic_letters(title).strip()
    for prefix in ("اصل و تصویر ", "تصویر ", "اصل ", "کپی "):
        if t.startswith(prefix):
            t = t[len(prefix):]
    return t.replace("\u200c", "").replace(" ", "")


def interoperability_page(site: Site) -> Page:
    c = site.catalogue
    graph = links(site)
    legend = Markup('<p class="chart-note">خط سبز پیوسته: همهٔ تبادل‌ها الکترونیکی؛ خط قرمز بریده: دست‌کم یک تبادل غیرالکترونیکی؛ '
                    'خط خاکستری نقطه‌چین: الکترونیکی بودن اعلام نشده.</p>')
    stars = [
        h.fmt('<section class="interop-agency"><h3>{}</h3>{}</section>', site.agency_link("interoperability/", a), _star(site, a, graph[a]))
        for a in sorted(graph, key=lambda a: persian_sort_key(site.agency_name(a)))
    ]
    not_electronic: list[list[Markup]] = []
    for key, s in sorted(c.services.items(), key=lambda kv: persian_sort_key(kv[1].title)):
        for r in s.related_agencies or []:
            if r.electronic is False:
                by = h.labels(r.non_electronic_by) if r.non_electronic_by else h.not_stated()
                not_electronic.append([site.service_link("interoperability/", key), site.agency_link("interoperability/", r.agency), by])
    for key, lic in sorted(c.licences.items(), key=lambda kv: persian_sort_key(kv[1].title)):
        for a in lic.actions or []:
            for q in a.inquiries or []:
                if q.electronic is False:
                    not_electronic.append([site.licence_link("interoperability/", key), site.agency_link("interoperability/", q.agency), h.text(a.type.label)])
    issued: dict[str, tuple[str, Markup]] = {}
    for key, lic in c.licences.items():
        issued.setdefault(_doc_key(lic.title), (key[0], site.licence_link("interoperability/", key)))
    for key, s in c.services.items():
        issued.setdefault(_doc_key(s.title), (key[0], site.service_link("interoperability/", key)))
    bring: list[list[Markup]] = []
    for key, s in sorted(c.services.items(), key=lambda kv: persian_sort_key(kv[1].title)):
        for d in s.required_documents or []:
            title = d if isinstance(d, str) else d.title
            found = issued.get(_doc_key(title))
            if found and found[0] != key[0]:
                bring.append([site.service_link("interoperability/", key), h.text(title), h.fmt("{} ({})", site.agency_link("interoperability/", found[0]), found[1])])
    sections = [
        ("ارتباط دستگاه‌ها", legend + Markup("").join(stars) if stars else h.none()),
        ("تبادل‌هایی که هنوز الکترونیکی نیست", _report(not_electronic, ["خدمت یا مجوز", "دستگاه طرف استعلام", "توسط / اقدام"])),
        ("مدارکی که شهروند می‌آورد و دستگاهی در همین کاتالوگ آن را صادر می‌کند", _report(bring, ["خدمت", "مدرک", "صادرکننده"])),
    ]
    return _page(site, "interoperability/", "تبادل اطلاعات میان دستگاه‌ها",
                 "دستگاه‌ها بر پایهٔ استعلام‌های شناسنامه‌های خدمت (ارتباط با سامانه‌های دستگاه‌های دیگر) و استعلام‌های مجوزها به هم پیوند خورده‌اند؛ "
                 "گزارش پایین صفحه جاهایی را نشان می‌دهد که هنوز شهروند باید اطلاعاتی را بیاورد که دولت خود دارد.", sections)


def _report(rows: list[list[Markup]], head: list[str]) -> Markup:
    if not rows:
        return h.none()
    more = h.fmt("<p>{} مورد دیگر در این فهرست نیامده است.</p>", persian_digits(len(rows) - REPORT_ROWS)) if len(rows) > REPORT_ROWS else Markup("")
    return h.fmt('<p>{} مورد</p><div class="table-wrap">{}</div>{}', persian_digits(len(rows)), h.table(head, rows[:REPORT_ROWS]), more)


# --- /history/ and the changes of a card -------------------------------------------------------------


def _month(ym: tuple[int, int]) -> str:
    return f"{jalali.MONTH_NAMES[ym[1] - 1]} {persian_digits(ym[0])}"


def history_page(site: Site) -> Page:
    m = monitor(site)
    months = m.history.months
    if not months:
        return _page(site, "history/", "تاریخچهٔ کاتالوگ", "تاریخچه از تاریخچهٔ git کاتالوگ خوانده می‌شود.",
                     [("", h.fmt("<p>{}</p>", "این کاتالوگ تاریخچهٔ git ندارد."))])
    fe = _fully_electronic_of(site, {oid for _, state in months for path, oid in state.items() if path.startswith("cards/")})
    total: list[tuple[str, float]] = []
    share: list[tuple[str, float]] = []
    per_agency: dict[str, list[tuple[int, int]]] = defaultdict(lambda: [(0, 0)] * len(months))
    for i, (ym, state) in enumerate(months):
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for path, oid in state.items():
            parts = path.split("/")
            if parts[0] != "cards" or len(parts) != 3 or parts[2].startswith("_") or not parts[2].endswith(".yaml"):
                continue
            counts[parts[1]][0] += 1
            counts[parts[1]][1] += 1 if fe.get(oid) else 0
        n = sum(v[0] for v in counts.values())
        total.append((_month(ym), float(n)))
        share.append((_month(ym), sum(v[1] for v in counts.values()) / n if n else 0.0))
        for agency, (a, b) in counts.items():
            per_agency[agency][i] = (a, b)
    rows = []
    for agency in sorted(per_agency, key=lambda a: persian_sort_key(site.agency_name(a))):
        series = per_agency[agency]
        first = next((j for j, (a, _) in enumerate(series) if a), 0)
        (a0, b0), (a1, b1) = series[first], series[-1]
        rows.append([site.agency_link("history/", agency), h.text(_month(months[first][0])), h.number(a0), h.number(a1),
                     h.text(charts.shown(b0 / a0, percent=True) if a0 else "—"), h.text(charts.shown(b1 / a1, percent=True) if a1 else "—")])
    sections = [
        ("همهٔ کاتالوگ", charts.line("شمار شناسنامه‌های خدمت در پایان هر ماه", total, head=("ماه", "شناسنامه"))
         + charts.line("سهم خدمات کاملاً اینترنتی در پایان هر ماه", share, percent=True, head=("ماه", "سهم"))),
        ("هر دستگاه", h.fmt('<div class="table-wrap">{}</div>', h.table(
            ["دستگاه", "نخستین ماه", "شناسنامه در آغاز", "شناسنامه اکنون", "کاملاً اینترنتی در آغاز", "کاملاً اینترنتی اکنون"], rows))),
    ]
    return _page(site, "history/", "تاریخچهٔ کاتالوگ",
                 "شمار شناسنامه‌ها و سهم خدمات کاملاً اینترنتی در پایان هر ماه (تقویم خورشیدی)، از تاریخچهٔ git کاتالوگ.", sections)


def historic_data(raw: bytes) -> Any:
    """The data of one historic version of a record (``None``: unreadable). libyaml's safe
    loader when the text can hold no anchor, alias or tag (no ``&``, ``*`` or ``!``) and is
    within the validator's size limit; otherwise the validator's own loader, which refuses them."""
    import yaml

    from ..load import MAX_BYTES, load_bytes

    if len(raw) <= MAX_BYTES and not any(ch in raw for ch in (b"&", b"*", b"!")):
        try:
            return yaml.load(raw, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError):
            return None
    return load_bytes(raw, "history").data


_ELECTRONIC_KEYS = (b"access", b"in_person_visits", b"related_agencies")


def top_entries(raw: bytes) -> dict[bytes, bytes]:
    """A record's YAML cut into its top-level entries, key → the entry's text. A line that
    starts in the first column (not a comment) opens a top-level entry, and every line up to the
    next one belongs to it (block scalars, nested mappings and multi-line flow values are
    indented). Two versions of a card can then be compared, and parsed, entry by entry."""
    found: dict[bytes, list[bytes]] = {}
    current: list[bytes] | None = None
    for line in raw.split(b"\n"):
        if line[:1] not in (b" ", b"\t", b"#", b"", b"\r"):
            key = line.split(b":", 1)[0].strip().strip(b"\"'")
            current = found.setdefault(key, [])
        if current is not None:
            current.append(line)
    return {k: b"\n".join(v) for k, v in found.items()}


class _Electronic(BaseModel):
    """The fields of a card that decide whether it is fully electronic, validated as the card's."""

    access: Access | None = None
    in_person_visits: NonNegInt | None = None
    related_agencies: list[RelatedAgency] | None = None


def _fully_electronic_of(site: Site, oids: set[str]) -> dict[str, bool]:
    """Blob id → whether that version of a card is fully electronic (unreadable: False), by
    :meth:`~site_gen.model.Service.fully_electronic` itself on the three fields it reads."""
    from ..git import DiffError, read_blobs

    known = {}
    for key, card in site.catalogue.services.items():  # the versions on disk are parsed already
        rel = site.catalogue.paths.get((RecordKind.SERVICE, key[0], key[1]))
        seen = site.history.changes.get(rel) if rel and isinstance(site.history, History) else None
        if seen and seen[-1][2] in oids:
            known[seen[-1][2]] = card.fully_electronic() is True
    try:
        blobs = read_blobs(site.catalogue.root, oids - set(known))
    except DiffError:
        return known
    # Versions of a card mostly differ elsewhere: each distinct text of the three entries is
    # parsed and judged once (this is what keeps /history/ linear and cheap).
    judged: dict[tuple[bytes, ...], bool] = {}
    for oid, raw in blobs.items():
        top = top_entries(raw)
        entries = tuple(top.get(k, b"") for k in _ELECTRONIC_KEYS)
        if entries not in judged:
            data = historic_data(b"\n".join(entries))
            try:
                part = _Electronic.model_validate(data) if isinstance(data, dict) else None
            except ValueError:
                part = None
            judged[entries] = part is not None and Service.model_construct(**dict(part)).fully_electronic() is True
        known[oid] = judged[entries]
    return known


def _change_blobs(site: Site, hist: History) -> dict[str, bytes]:
    """The blobs the card pages compare: both sides of each modification shown."""
    from ..git import DiffError, read_blobs

    wanted = {oid for seen in hist.changes.values() for _, old, new in seen[-CHANGES_SHOWN:] if old and new for oid in (old, new)}
    try:
        return read_blobs(site.catalogue.root, wanted)
    except DiffError:
        return {}


def card_changes(site: Site, kind: RecordKind, key: Key, record: Service | Licence) -> Markup:
    """The part of a card's page: its changes, newest first, in Jalali days, each with the
    Persian labels of the fields that changed, as the review diff names them
    (:func:`site_gen.diff.field_changes`); and a note when the card has not been reviewed for
    over :data:`STALE_DAYS` days. Only the top-level entries whose text differs are parsed."""
    from ..diff import field_changes

    m = monitor(site)
    rel = site.catalogue.paths.get((kind, key[0], key[1]))
    seen = m.history.changes.get(rel, []) if rel else []
    parts = []
    reviewed = readiness.reviewed_on(record) if isinstance(record, Service) else None
    last = reviewed or (seen[-1][0] if seen else None)
    if last is not None and (m.today - last).days > STALE_DAYS:
        parts.append(h.fmt('<p class="stale" role="note">این {} بیش از ۱۲ ماه است بازبینی نشده است (آخرین بار: {}).</p>',
                           "شناسنامه" if kind is RecordKind.SERVICE else "مجوز", h.jalali_from(last)))
    model = type(record)
    items = []
    for day, old, new in reversed(seen[-CHANGES_SHOWN:]):
        if old is None:
            what = Markup("افزوده شد")
        elif new is None:
            what = Markup("حذف شد")
        else:
            o_top, n_top = top_entries(m.blobs.get(old, b"")), top_entries(m.blobs.get(new, b""))
            keys = [k for k in dict.fromkeys([*o_top, *n_top]) if o_top.get(k) != n_top.get(k)]
            o = historic_data(b"\n".join(o_top[k] for k in keys if k in o_top))
            n = historic_data(b"\n".join(n_top[k] for k in keys if k in n_top))
            if not m.blobs.get(old) or not m.blobs.get(new) or not isinstance(o or {}, dict) or not isinstance(n or {}, dict):
                what = Markup("ویرایش")
            else:
                order = {name: i for i, name in enumerate(model.model_fields)}
                found = sorted(field_changes(model, o or {}, n or {}), key=lambda f: order.get(f.path.split(".")[0].split("[")[0], len(order)))
                labels = list(dict.fromkeys(f.label for f in found))
                what = h.text("، ".join(labels[:6]) + (f" و {persian_digits(len(labels) - 6)} مورد دیگر" if len(labels) > 6 else "")
                              or "بدون تغییر در مقادیر")
        items.append(h.fmt("<li><span class=\"change-date\">{}</span>: {}</li>", h.jalali_from(day), what))
    if items:
        parts.append(h.fmt('<ul class="changes">{}</ul>', Markup("").join(items)))
        if len(seen) > CHANGES_SHOWN:
            parts.append(h.fmt("<p>{} تغییر قدیمی‌تر در این فهرست نیامده است.</p>", persian_digits(len(seen) - CHANGES_SHOWN)))
    return Markup("").join(parts)

