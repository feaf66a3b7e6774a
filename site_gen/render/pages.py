"""Catalogue → Markdown pages (with escaped HTML blocks) for the static-site builder.

Every page has a stable address derived from agency and slug (never from a title):
``services/<agency>/<slug>/``, ``licenses/<agency>/<slug>/``, ``agencies/<agency>/``, and the
indexes. Headings are our own Persian labels; all card text lands inside HTML produced by
:mod:`.html`, which escapes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape
from pydantic import BaseModel

from ..catalogue import Catalogue
from ..editor.page import editor_pages
from ..export.jsonld import schema_org_script
from ..model import Agency, Licence, Service
from ..model.common import Document, Duration, Law, LegalBasis, ShortDuration, Validity, shown_label
from ..model.licence import Action, Inquiry
from ..model.service import AccessStage, Contact, Cost, SubServiceItem
from ..model.vocab import (
    ActionType,
    Applicant,
    Level,
    LicenceKind,
    LifeEvent,
    Nature,
    RecordKind,
    ServiceType,
    Stage,
    Vocab,
)
from ..patterns import ID_RE
from ..summary import is_reference
from ..text import initial, persian_digits, persian_sort_key
from . import html as h
from .availability import availability_home, availability_jobs, status_line
from .flow import flow_svg
from .registers import register_jobs
from .search_page import search_page
from .sources import sources_part

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PAGE_SIZE = 300
Key = tuple[str, str]


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` in a template goes through the one escaping function."""
    if value is None:
        return ""
    return h.text(value)


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )


def yaml_string(value: str) -> Markup:
    """A front-matter value: HTML-escaped (MkDocs prints titles unescaped) and YAML-quoted."""
    return Markup(json.dumps(str(escape(value.replace("\n", " "))), ensure_ascii=False))


def service_url(key: Key) -> str:
    return f"services/{key[0]}/{key[1]}/"


def licence_url(key: Key) -> str:
    return f"licenses/{key[0]}/{key[1]}/"


def agency_url(slug: str) -> str:
    return f"agencies/{slug}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one directory URL (``a/b/``, or ``""`` for the home page) to another,
    relative so that the site works under any path prefix."""
    if from_url == to_url:
        return "./"
    return "../" * from_url.count("/") + to_url


@dataclass
class Page:
    path: str  # relative to the docs folder
    content: str


@dataclass
class Site:
    """What every page needs to link across the catalogue."""

    catalogue: Catalogue
    dates: dict[str, dt.date] = field(default_factory=dict)
    env: jinja2.Environment = field(default_factory=environment)
    history: Any = None  # site_gen.history.History: git history (monitoring pages, card changes)

    def __post_init__(self) -> None:
        c = self.catalogue
        self.services_of: dict[str, list[Key]] = defaultdict(list)
        self.licences_of: dict[str, list[Key]] = defaultdict(list)
        for key in c.services:
            self.services_of[key[0]].append(key)
        for key in c.licences:
            self.licences_of[key[0]].append(key)
        self.licences_for_service: dict[Key, list[Key]] = defaultdict(list)
        for key, lic in c.licences.items():
            if lic.service:
                self.licences_for_service[self.resolve(lic.service, key[0])].append(key)
        self.instances: dict[Key, list[Key]] = defaultdict(list)
        for key, card in c.services.items():
            if card.instance_of:
                self.instances[self.resolve(card.instance_of, key[0])].append(key)
        self.children: dict[str, list[str]] = defaultdict(list)
        for slug, agency in c.agencies.items():
            if agency.parent and is_reference(agency.parent) and agency.parent in c.agencies:
                self.children[agency.parent].append(slug)

    @staticmethod
    def resolve(ref: str, agency: str) -> Key:
        owner, _, slug = ref.rpartition("/")
        return (owner or agency, slug)

    # --- links -------------------------------------------------------------------------------

    def agency_name(self, slug: str) -> str:
        agency = self.catalogue.agencies.get(slug)
        return agency.name if agency else slug

    def agency_link(self, here: str, value: str) -> Markup:
        """A registered agency (by slug) as a link to its page; free text as text."""
        if is_reference(value) and value in self.catalogue.agencies:
            return h.internal(relative(here, agency_url(value)), self.agency_name(value))
        return h.text(value)

    def service_link(self, here: str, key: Key) -> Markup:
        card = self.catalogue.services.get(key)
        return h.internal(relative(here, service_url(key)), card.title) if card else h.ltr("/".join(key))

    def licence_link(self, here: str, key: Key) -> Markup:
        lic = self.catalogue.licences.get(key)
        return h.internal(relative(here, licence_url(key)), lic.title) if lic else h.ltr("/".join(key))

    def last_change(self, rel: str | None) -> Markup | None:
        date = self.dates.get(rel) if rel else None
        return h.jalali_from(date) if date else None

    def render(self, template: str, **ctx: Any) -> str:
        return self.env.get_template(template).render(**ctx)


# --- values -----------------------------------------------------------------------------------


def value(v: Any) -> Markup:
    """Any stated value, rendered by its type; ``None`` is «اعلام نشده», ``[]`` is «هیچ‌کدام»."""
    if v is None:
        return h.not_stated()
    if isinstance(v, Vocab):
        return h.text(v.label)
    if isinstance(v, bool):
        return h.yes_no(v)
    if isinstance(v, (int, float)):
        return h.number(v)
    if isinstance(v, list):
        if not v:
            return h.none()
        if all(isinstance(x, Vocab) for x in v):
            return h.labels(v)
        return h.items(value(x) for x in v)
    if isinstance(v, tuple):
        return Markup(" ← ").join(value(x) for x in v)
    if isinstance(v, Document):
        return h.fmt("{}{}", h.text(v.title), h.quiet(h.fmt(" (کد {})", h.code(v.code))) if v.code else "")
    if isinstance(v, (Law, LegalBasis)):
        return law(v)
    if isinstance(v, str):  # free text: Persian digits for the numbers in it
        v = persian_digits(v)
        return h.multiline(v) if "\n" in v else h.text(v)
    return h.dl((_label(type(v), name), value(getattr(v, name))) for name in type(v).model_fields if getattr(v, name) is not None)


def L(model: type[BaseModel], name: str) -> str:
    """A field's label on the site, from its model (one source): the plain ``shown`` label, else
    the form's title."""
    return shown_label(model, name)


def _label(model: type, name: str) -> str:
    return L(model, name)


def law(v: Law | LegalBasis) -> Markup:
    parts = [h.link(v.url, persian_digits(v.title)) if v.url else h.digits(v.title)]
    if isinstance(v, LegalBasis) and v.type:
        parts.append(h.fmt("({})", v.type.label))
    if v.number:
        parts.append(h.fmt("شمارهٔ {}", h.digits(v.number)))
    if v.date:
        parts.append(h.fmt("مورخ {}", h.jalali_date(v.date)))
    if v.articles:
        parts.append(h.digits(v.articles))
    return Markup("، ").join(parts)


def duration(d: Duration | ShortDuration | None) -> Markup:
    if d is None:
        return h.not_stated()
    unit = d.unit.label if d.unit else ""
    parts = []
    if d.value is not None:
        if d.value == 0 and isinstance(d, ShortDuration):
            parts.append(Markup("فوری"))
        else:
            shown = h.number(d.value)
            if isinstance(d, Duration) and d.max is not None:
                shown = h.fmt("{} تا {}", shown, h.number(d.max))
            parts.append(h.fmt("{} {}", shown, unit))
    if isinstance(d, Duration) and d.note:
        parts.append(h.text(d.note))
    return Markup("؛ ").join(parts) if parts else h.not_stated()


def validity(v: Validity | str | None) -> Markup:
    if v is None:
        return h.not_stated()
    if v == "unlimited":
        return Markup("نامحدود")
    assert isinstance(v, Validity)
    if v.value is None:
        return h.not_stated()
    return h.fmt("{} {}", h.number(v.value), v.unit.label if v.unit else "")


def cost(c: Cost | None) -> Markup:
    if c is None:
        return h.not_stated()
    rows: list[tuple[str, Markup]] = []
    if c.free:
        rows.append((L(Cost, "free"), Markup("بله؛ این خدمت هزینه‌ای ندارد")))
    for item in c.items or []:
        amounts = []
        if item.amount_rials:
            amounts.append(h.money(item.amount_rials))
        if item.min_rials or item.max_rials:
            low = h.money(item.min_rials) if item.min_rials else Markup("…")
            high = h.money(item.max_rials) if item.max_rials else Markup("…")
            amounts.append(h.fmt("از {} تا {}", low, high))
        if item.rule:
            amounts.append(h.text(item.rule))
        if item.condition:
            amounts.append(h.fmt("({})", h.text(item.condition)))
        if item.bank_account:
            amounts.append(h.fmt("حساب {}", h.code(item.bank_account)))
        rows.append((item.title, Markup(" ").join(amounts)))
    if c.free is False and c.items == []:
        rows.append((L(Cost, "items"), h.none()))
    if c.free is None and c.items is None:
        rows.append((L(Cost, "free"), h.not_stated()))
    if c.electronic_payment is not None:
        rows.append((L(Cost, "electronic_payment"), h.yes_no(c.electronic_payment)))
    return h.dl(rows, "card-fields cost")


def stage_row(stage: Stage, s: AccessStage) -> list[Markup]:
    kinds = []
    if s.electronic:
        kinds.append("الکترونیکی")
    if s.non_electronic:
        kinds.append("غیرالکترونیکی")
    how = Markup(" و ").join(kinds) if kinds else h.not_stated()
    channels = value(s.channels)
    if s.channel_other:
        channels = h.fmt("{} ({})", channels, h.text(s.channel_other))
    if s.counter_contract_no:
        channels = h.fmt("{}؛ {}", channels, h.quiet(h.fmt("قرارداد {}", h.code(s.counter_contract_no))))
    visit = Markup("ندارد")
    if s.in_person is not None:
        ip = s.in_person
        parts = []
        if ip.levels:
            parts.append(h.fmt("مراجعه به دستگاه {}", h.labels(ip.levels)))
        if ip.reasons:
            parts.append(h.labels(ip.reasons))
        if ip.reason_other:
            parts.append(h.text(ip.reason_other))
        visit = Markup("؛ ").join(parts) if parts else h.not_stated()
    note = h.text(s.note) if s.note else Markup("")
    return [h.text(stage.label), how, channels, visit, note]


# --- the service card ---------------------------------------------------------------------


class Parts(dict[str, Markup]):
    """The named, ready (escaped) parts of one page, for its template (``r.cost``, ``r.who``…).
    Every part is one raw-HTML block on one line; a part that is not there is empty, and the
    template's ``section`` macro leaves an empty part out."""

    def __getattr__(self, name: str) -> Markup:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name, Markup(""))

    def __setitem__(self, name: str, part: Markup) -> None:
        super().__setitem__(name, _block(part) if part else Markup(""))


def service_page(site: Site, key: Key, card: Service) -> Page:
    """A service card: the parts are made here; their order and headings are the template's,
    ``site_gen/templates/service.md.j2`` (a citizen's order: at a glance, who can apply,
    documents, cost, how to get it, time; then laws; the classification last, collapsed)."""
    here = service_url(key)
    agency = site.catalogue.agencies[key[0]]
    r = Parts()
    r["crumbs"] = _crumbs(site, here, [(agency_url(key[0]), agency.name)], card.title)
    r["sample"] = _sample_banner(card.sample)
    r["summary"] = h.fmt('<p class="lead">{}</p>', h.text(card.summary)) if card.summary else Markup("")
    r["meta"] = h.fmt('<p class="meta">{}{}</p>', site.agency_link(here, key[0]), h.fmt(" · شناسهٔ خدمت {}", h.code(card.id)) if card.id else "")
    r["completeness"] = _completeness(card)
    r["glance"] = glance(site, key, card)
    r["share"] = _share()
    r["availability"] = status_line(site, key)
    r["description"] = value(card.description) if card.description else Markup("")
    who = [(L(Service, "audience"), value(card.audience))]
    if card.eligibility:
        who.append((L(Service, "eligibility"), value(card.eligibility)))
    r["who"] = h.dl(who)
    r["documents"] = _documents(card.required_documents)
    r["cost"] = cost(card.cost)
    r["access"] = _access(site, card)
    r["time"] = h.dl([(L(Service, "average_duration"), duration(card.average_duration)), (L(Service, "frequency"), _frequency(card))])
    if card.sub_services:
        r["sub_services"] = _collapsed(h.fmt("فهرست زیرخدمات ({} گروه)", h.number(len(card.sub_services))), _sub_services(site, here, key, card))
    r["laws"] = _laws(card.laws)
    if card.faq:
        r["faq"] = h.dl((h.text(f.q) if f.q else Markup("پرسش"), value(f.a)) for f in card.faq)
    if card.attachments:
        r["attachments"] = h.items(h.link(a.url, a.title) if a.url else h.text(a.title) for a in card.attachments)
    licences = [site.resolve(ref, key[0]) for ref in card.licenses or []]
    licences += [k for k in site.licences_for_service.get(key, []) if k not in licences]
    if licences:
        r["licences"] = h.items(site.licence_link(here, k) for k in licences)
    footer = [(L(Service, "contact"), _contact(card)), (L(Service, "last_reviewed"), h.jalali_date(card.last_reviewed) if card.last_reviewed else h.not_stated())]
    changed = site.last_change(site.catalogue.paths.get(_path_key("service", key)))
    if changed:
        footer.append(("آخرین تغییر در این کاتالوگ", changed))
    r["upkeep"] = h.dl(footer)
    r["sources"] = sources_part(card.sources)
    r["changes"] = _monitoring().card_changes(site, RecordKind.SERVICE, key, card)
    r["classification"] = _collapsed(Markup("نوع، ماهیت و سطح خدمت، فرایندها و ارتباط با سامانه‌ها"), _classification(site, here, key, card))
    r["jsonld"] = schema_org_script(key, card, agency)
    content = site.render("service.md.j2", r=r, title_yaml=yaml_string(card.title),
                          description_yaml=yaml_string(card.summary or f"{card.title} — {agency.name}"))
    return Page(f"services/{key[0]}/{key[1]}/index.md", content)


def _share() -> Markup:
    """Copy the page's address, and print it; hidden until assets/javascripts/catalogue.js can act."""
    return Markup('<p class="share" data-share hidden><button type="button" class="md-button" data-copy-link>رونوشت پیوند این صفحه</button> '
                  '<button type="button" class="md-button" data-print>چاپ</button> <span class="share-status" role="status" aria-live="polite"></span></p>')


def _collapsed(summary: Markup, body: Markup) -> Markup:
    return h.fmt('<details class="more"><summary>{}</summary>{}</details>', summary, body)


def _crumbs(site: Site, here: str, trail: list[tuple[str, str]], current: str) -> Markup:
    """Breadcrumbs: home › … › this page (the last one is not a link)."""
    links = [h.internal(relative(here, ""), "خانه")] + [h.internal(relative(here, url), label) for url, label in trail]
    items = Markup("").join(h.fmt("<li>{}</li>", x) for x in links) + h.fmt('<li aria-current="page">{}</li>', current)
    # The page's own <h1> follows the breadcrumbs (the theme then adds none above them).
    return h.fmt('<nav class="crumbs" aria-label="مسیر صفحه"><ol>{}</ol></nav><h1>{}</h1>', items, current)


def glance(site: Site, key: Key, card: Service) -> Markup:
    """The facts a citizen comes for, at the top of the card."""
    rows: list[tuple[str, Markup]] = [("نحوهٔ انجام", _online(card)), (L(Service, "cost"), _cost_short(card.cost)),
                                      (L(Service, "average_duration"), duration(card.average_duration)),
                                      (L(Service, "required_documents"), _doc_count(card.required_documents))]
    return _glance_box(rows, card.website)


def _glance_box(rows: list[tuple[str, Markup]], start: str | None, start_label: str = "شروع خدمت") -> Markup:
    body = Markup("").join(h.fmt('<div class="glance-item"><dt>{}</dt><dd>{}</dd></div>', label, v) for label, v in rows)
    button = h.fmt('<p class="glance-start"><a class="md-button md-button--primary" href="{}" rel="nofollow noopener">{}</a></p>', h.text(start), start_label) if start else Markup("")
    return h.fmt('<section class="glance" aria-label="در یک نگاه"><h2 class="glance-title">در یک نگاه</h2><dl class="glance-list">{}</dl>{}</section>', body, button)


def _online(card: Service) -> Markup:
    fe = card.fully_electronic()
    if fe is True:
        return Markup('<span class="badge badge-electronic">کاملاً اینترنتی، بدون مراجعهٔ حضوری</span>')
    visits = card.in_person_visits
    if fe is False:
        shown = Markup('<span class="badge badge-visit">نیاز به مراجعهٔ حضوری</span>')
        if visits:
            shown = h.fmt("{} {}", shown, h.fmt("({} بار)", h.number(visits)))
        return shown
    if visits == 0:
        return Markup("بدون مراجعهٔ حضوری")
    return h.not_stated()


def _cost_short(c: Cost | None) -> Markup:
    if c is None:
        return h.not_stated()
    if c.free:
        return Markup("رایگان")
    amounts = [a for item in c.items or [] for a in (item.amount_rials, item.min_rials, item.max_rials) if a]
    if not amounts:
        if c.items:  # amounts by a rule or a condition: the cost section says how
            return Markup('<a href="#هزینه">بسته به مورد؛ بخش هزینه را ببینید</a>')
        return Markup("بدون هزینه") if c.free is False and c.items == [] else h.not_stated()
    low, high = min(amounts), max(amounts)
    if low == high:
        return h.money_tomans(low)
    return h.money_range_tomans(low, high)


def _doc_count(docs: list[Any] | None) -> Markup:
    if docs is None:
        return h.not_stated()
    if not docs:
        return Markup("بدون مدرک")
    return h.fmt("{} مدرک", h.number(len(docs)))


def _documents(docs: list[Any] | None) -> Markup:
    """Documents by title; an internal document code is shown quietly."""
    if docs is None:
        return h.not_stated()
    if not docs:
        return h.none()
    return h.items(h.fmt("{}{}", h.text(d.title), h.quiet(h.fmt(" (کد {})", h.code(d.code))) if d.code else "") if isinstance(d, Document) else value(d)
                   for d in docs)


def _laws(laws: list[Any] | None) -> Markup:
    if laws is None:
        return h.not_stated()
    if not laws:
        return h.none()
    return h.items(value(x) for x in laws)


#: The official form's fields, for «how complete is this card».
def _form_fields(model: type) -> list[str]:
    from ..model.common import is_form_field

    return [n for n in model.model_fields if is_form_field(model, n)]  # type: ignore[attr-defined]


def _completeness(record: Service | Licence) -> Markup:
    """Said once at the top: how many of the form's fields the agency stated, and where to report."""
    names = _form_fields(type(record))
    stated = sum(1 for n in names if getattr(record, n) is not None)
    if stated == len(names):
        return Markup("")
    return h.fmt('<p class="completeness" role="note">این شناسنامه کامل نیست: {} مورد از {} مورد فرم را دستگاه اعلام کرده است؛ '
                 'موارد دیگر با برچسب «{}» آمده‌اند. <a href="#report">گزارش اشتباه یا کمبود</a></p>',
                 h.number(stated), h.number(len(names)), h.NOT_STATED)


def _classification(site: Site, here: str, key: Key, card: Service) -> Markup:
    what = [(L(Service, "service_types"), value(card.service_types)), (L(Service, "nature"), value(card.nature)),
            (L(Service, "levels"), value(card.levels)), (L(Service, "life_events"), _with_other(card.life_events, card.life_event_other)),
            (L(Service, "triggers"), _with_other(card.triggers, card.trigger_other))]
    for name in ("provider_unit", "process_title", "execution_method"):
        if getattr(card, name) is not None:
            what.append((L(Service, name), value(getattr(card, name))))
    if card.row is not None:
        what.append((L(Service, "row"), h.quiet(h.code(card.row))))
    if card.instance_of:
        what.append((L(Service, "instance_of"), site.service_link(here, site.resolve(card.instance_of, key[0]))))
    if site.instances.get(key):
        what.append(("نسخه‌های استانی و محلی", h.items(site.service_link(here, k) for k in sorted(site.instances[key]))))
    return Markup("").join([
        h.dl(what),
        Markup("<h3>فرایندهای خدمت</h3>"), _processes(card),
        Markup("<h3>ارتباط با سامانه‌ها و دستگاه‌های دیگر</h3>"), _related(site, here, key, card),
    ])


def _path_key(kind: str, key: Key) -> Any:
    return (RecordKind.SERVICE if kind == "service" else RecordKind.LICENCE, key[0], key[1])


def _block(m: Markup) -> Markup:
    """One raw-HTML block on one line: nothing inside is read as Markdown."""
    return Markup(str(m).replace("\r", " ").replace("\n", "&#10;"))


def _sample_banner(sample: bool | None) -> Markup:
    if not sample:
        return Markup("")
    return Markup('<p class="sample-banner" role="note">دادهٔ نمونه: این صفحه برای نمایش کاتالوگ ساخته شده و شناسنامهٔ منتشرشدهٔ دستگاه نیست.</p>')


def _with_other(values: list[Any] | None, other: str | None) -> Markup:
    shown = value(values)
    return h.fmt("{} ({})", shown, h.text(other)) if other else shown


def _frequency(card: Service) -> Markup:
    f = card.frequency
    if f is None:
        return h.not_stated()
    if f.once:
        return Markup("یک بار برای همیشه")
    parts = []
    if f.times is not None:
        parts.append(h.fmt("{} بار", h.number(f.times)))
    if f.per:
        parts.append(h.fmt("در هر {}", Markup(" / ").join(h.text(p.label) for p in f.per)))
    return Markup(" ").join(parts) if parts else h.not_stated()


def _sub_services(site: Site, here: str, key: Key, card: Service) -> Markup:
    groups = []
    for group in card.sub_services or []:
        entries = []
        for item in group.items or []:
            if isinstance(item, SubServiceItem):
                label = site.service_link(here, site.resolve(item.card, key[0])) if item.card else h.text(item.title)
                if item.card:
                    label = h.fmt("{} ({})", h.text(item.title), label)
                if item.id:
                    label = h.fmt("{} {}", label, h.quiet(h.fmt("(شناسهٔ {})", h.code(item.id))))
                entries.append(label)
            else:
                entries.append(h.text(item))
        inner = h.items(entries) if group.items else h.not_stated()
        groups.append(h.fmt("<strong>{}</strong>{}", h.text(group.title), inner))
    return h.items(groups, "sub-services")


def _access(site: Site, card: Service) -> Markup:
    rows: list[tuple[str, Markup]] = []
    visits = value(card.in_person_visits)
    if card.in_person_note:
        visits = h.fmt("{} ({})", visits, h.text(card.in_person_note))
    rows.append((L(Service, "in_person_visits"), visits))
    rows.append((L(Service, "website"), h.link(card.website) if card.website else h.not_stated()))
    rows.append((L(Service, "system_name"), value(card.system_name)))
    if card.service_hours:
        rows.append((L(Service, "service_hours"), value(card.service_hours)))
    if card.locations:
        rows.append((L(Service, "locations"), h.items(h.fmt("<strong>{}</strong>: {}{}",
            h.text(loc.title), value(loc.address), h.fmt(" ({})", h.text(loc.hours)) if loc.hours else "") for loc in card.locations)))
    if card.contact and card.contact.phone:
        rows.append((L(Contact, "phone"), h.phone(card.contact.phone)))
    if card.access is None:
        rows.append(("مجراهای دسترسی در مراحل خدمت", h.not_stated()))
    parts = [h.dl(rows)]
    if card.access is not None:
        stages = list(card.access.stages())
        if stages:
            parts.append(Markup("<h3>مراحل خدمت</h3>"))
            parts.append(h.fmt('<div class="table-wrap">{}</div>',
                h.table(["مرحله", "نوع ارائه", "مجرا", "مراجعهٔ حضوری و دلیل", "توضیح"], (stage_row(st, s) for st, s in stages))))
        if card.access.note:
            parts.append(value(card.access.note))
    return Markup("").join(parts)


def _processes(card: Service) -> Markup:
    if card.processes is None:
        return h.not_stated()
    if not card.processes:
        return h.none()
    listing = h.fmt('<ol class="processes">{}</ol>', Markup("").join(h.fmt("<li>{}</li>", value(p)) for p in card.processes))
    if card.process_flow:
        return h.fmt("{}{}", flow_svg(card.processes, list(card.process_flow)), listing)
    return h.fmt("{}<p>نمودار ارتباطی فرایندها: {}</p>", listing, h.not_stated())


def _related(site: Site, here: str, key: Key, card: Service) -> Markup:
    rows: list[tuple[str, Markup]] = []
    if card.related_systems is None:
        rows.append(("سامانه‌های همان دستگاه", h.not_stated()))
    else:
        rows.append(("سامانه‌های همان دستگاه", h.items(
            h.fmt("{}{}{}", h.text(s.name) if s.name else Markup("سامانهٔ بی‌نام"), h.fmt(" — فیلدها: {}", Markup("، ").join(h.text(f) for f in s.fields)) if s.fields else "",
                                    h.fmt(" — {}", "الکترونیکی" if s.electronic else "غیرالکترونیکی") if s.electronic is not None else "")
            for s in card.related_systems) if card.related_systems else h.none()))
    if card.related_agencies is None:
        rows.append(("استعلام از دستگاه‌های دیگر", h.not_stated()))
    else:
        entries = []
        for r in card.related_agencies:
            bits = [site.agency_link(here, r.agency)]
            if r.fields:
                bits.append(h.fmt("فیلدها: {}", Markup("، ").join(h.text(f) for f in r.fields)))
            if r.electronic is not None:
                bits.append(Markup("الکترونیکی") if r.electronic else Markup("غیرالکترونیکی"))
            if r.non_electronic_by:
                bits.append(h.fmt("توسط {}", h.labels(r.non_electronic_by)))
            if r.cost_rials is not None:
                bits.append(h.money(r.cost_rials))
            entries.append(Markup(" — ").join(bits))
        rows.append(("استعلام از دستگاه‌های دیگر", h.items(entries) if entries else h.none()))
    return h.dl(rows)


def _contact(card: Service) -> Markup:
    c = card.contact
    if c is None:
        return h.not_stated()
    parts = [h.text(c.unit) if c.unit else h.fmt("واحد: {}", h.not_stated())]
    if c.role:
        parts.append(h.text(c.role))
    if c.phone:
        parts.append(h.fmt("تلفن {}", h.phone(c.phone)))
    if c.email:
        parts.append(h.email(c.email))
    return Markup("، ").join(parts)


# --- licences -----------------------------------------------------------------------------


def licence_page(site: Site, key: Key, lic: Licence) -> Page:
    """A licence: the parts are made here; their order and headings are the template's,
    ``site_gen/templates/licence.md.j2`` (at a glance, who applies, each action with documents and
    cost first, then the legal basis and revocation, then supervision and upkeep)."""
    here = licence_url(key)
    agency = site.catalogue.agencies[key[0]]
    r = Parts()
    r["crumbs"] = _crumbs(site, here, [(agency_url(key[0]), agency.name)], lic.title)
    r["sample"] = _sample_banner(lic.sample)
    r["meta"] = h.fmt('<p class="meta">مرجع صدور: {}{}</p>', site.agency_link(here, key[0]), h.fmt(" · شناسهٔ مجوز {}", h.code(lic.id)) if lic.id else "")
    r["completeness"] = _completeness(lic)
    r["glance"] = licence_glance(site, key, lic)
    r["share"] = _share()
    who: list[tuple[str, Markup]] = [(L(Licence, "applicants"), value(lic.applicants)), (L(Licence, "kind"), value(lic.kind))]
    if lic.prerequisites is not None:
        who.append((L(Licence, "prerequisites"), h.items(
            site.licence_link(here, site.resolve(p, key[0])) if is_reference(p) else h.text(p) for p in lic.prerequisites) if lic.prerequisites else h.none()))
    if lic.service:
        who.append((L(Licence, "service"), site.service_link(here, site.resolve(lic.service, key[0]))))
    r["who"] = h.dl(who)
    actions = [(a.type.label, _block(_action(site, here, a))) for a in lic.actions or []]
    r["actions_not_stated"] = h.not_stated() if lic.actions is None else Markup("")
    r["legal_basis"] = _laws(lic.legal_basis)
    if lic.revocation_conditions is not None:
        r["revocation"] = value(lic.revocation_conditions)
    about: list[tuple[str, Markup]] = []
    if lic.issuing_unit:
        about.append((L(Licence, "issuing_unit"), value(lic.issuing_unit)))
    about.append((L(Licence, "supervisors"), h.items(site.agency_link(here, s) for s in lic.supervisors) if lic.supervisors else value(lic.supervisors)))
    if lic.sample_url:
        about.append((L(Licence, "sample_url"), h.link(lic.sample_url, "دریافت نمونه")))
    if lic.row:
        about.append((L(Licence, "row"), h.quiet(h.code(lic.row))))
    changed = site.last_change(site.catalogue.paths.get(_path_key("licence", key)))
    if changed:
        about.append(("آخرین تغییر در این کاتالوگ", changed))
    r["upkeep"] = h.dl(about)
    r["sources"] = sources_part(lic.sources)
    content = site.render("licence.md.j2", r=r, actions=actions, title_yaml=yaml_string(lic.title),
                          description_yaml=yaml_string(f"{lic.title} — {site.agency_name(key[0])}"))
    return Page(f"licenses/{key[0]}/{key[1]}/index.md", content)


def _main_action(lic: Licence) -> Action | None:
    """The action a citizen most likely comes for: issuing, else the first one stated."""
    actions = lic.actions or []
    return next((a for a in actions if a.type is ActionType.ISSUE), actions[0] if actions else None)


def licence_glance(site: Site, key: Key, lic: Licence) -> Markup:
    a = _main_action(lic)
    rows: list[tuple[str, Markup]] = []
    if a is not None and a.type is not ActionType.ISSUE:
        rows.append(("اقدام", h.text(a.type.label)))
    rows += [
        (L(Action, "cost_rials"), _fees_short(a) if a else h.not_stated()),
        (L(Action, "validity"), validity(a.validity) if a else h.not_stated()),
        (L(Action, "duration"), duration(a.duration) if a else h.not_stated()),
        (L(Action, "required_documents"), _doc_count(a.required_documents) if a else h.not_stated()),
        (L(Licence, "agency"), site.agency_link(licence_url(key), key[0])),
    ]
    start = None
    if lic.service:
        service = site.catalogue.services.get(site.resolve(lic.service, key[0]))
        start = service.website if service else None
    return _glance_box(rows, start, "درخواست مجوز")


def _fees_short(a: Action) -> Markup:
    if a.fees:
        amounts = [f.amount_rials for f in a.fees if f.amount_rials is not None]
        if len(amounts) != len(a.fees):
            return h.fmt("{} ردیف هزینه", h.number(len(a.fees)))
        return h.fmt("{} (جمع {} ردیف)", h.money_tomans(sum(amounts)), h.number(len(amounts))) if len(amounts) > 1 else h.money_tomans(amounts[0])
    return h.money_tomans(a.cost_rials) if a.cost_rials is not None else h.not_stated()


def _fees(action: Action) -> Markup:
    if action.fees:
        return h.items(h.fmt("{}: {}", h.text(f.title), h.money(f.amount_rials) if f.amount_rials is not None else h.not_stated()) for f in action.fees)
    return h.money(action.cost_rials) if action.cost_rials is not None else h.not_stated()


def _action(site: Site, here: str, a: Action) -> Markup:
    rows: list[tuple[str, Markup]] = [(L(Action, "required_documents"), _documents(a.required_documents))]
    if a.conditions is not None:
        rows.append((L(Action, "conditions"), value(a.conditions)))
    if a.rules is not None:
        rows.append((L(Action, "rules"), value(a.rules)))
    rows += [(L(Action, "cost_rials"), _fees(a)), (L(Action, "duration"), duration(a.duration))]
    if a.type is not ActionType.REVOKE:  # a revocation has no validity
        rows.append((L(Action, "validity"), validity(a.validity)))
    rows += [(L(Action, "process"), value(a.process)), (L(Action, "electronic"), value(a.electronic))]
    if a.process_diagram_url:
        rows.append((L(Action, "process_diagram_url"), h.link(a.process_diagram_url, "دریافت نمودار")))
    if a.notes:
        rows.append((L(Action, "notes"), value(a.notes)))
    parts = [h.dl(rows)]
    if a.inquiries:
        parts.append(Markup("<h3>استعلام‌ها از دستگاه‌های دیگر</h3>"))
        parts.append(h.fmt('<div class="table-wrap">{}</div>', h.table(
            ["دستگاه اعلام‌شونده", "نوع فرایند و توضیح", "مدارک", "اعتبار", "هزینه", "زمان", "الکترونیکی"],
            (_inquiry_row(site, here, q) for q in a.inquiries))))
    return Markup("").join(parts)


def _inquiry_row(site: Site, here: str, q: Inquiry) -> list[Markup]:
    kind = value(q.process_type)
    if q.description:
        kind = h.fmt("{}: {}", kind, h.text(q.description))
    if q.code:
        kind = h.fmt("{}{}", kind, h.quiet(h.fmt(" (کد {})", h.code(q.code))))
    agency = site.agency_link(here, q.agency)
    if q.website:
        agency = h.fmt("{} {}", agency, h.link(q.website, "وبگاه"))
    return [agency, kind, value(q.required_documents), validity(q.validity), h.money(q.cost_rials) if q.cost_rials is not None else h.not_stated(),
            duration(q.duration), value(q.electronic)]


# --- agencies -----------------------------------------------------------------------------


def agency_page(site: Site, slug: str, agency: Agency) -> Page:
    """An agency: the parts are made here; their order and headings are the template's,
    ``site_gen/templates/agency.md.j2``."""
    here = agency_url(slug)
    r = Parts()
    r["crumbs"] = _crumbs(site, here, [("agencies/", "دستگاه‌ها")], agency.name)
    r["sample"] = _sample_banner(agency.sample)
    contact: list[tuple[str, Markup]] = []
    if agency.address:
        contact.append((L(Agency, "address"), value(agency.address)))
    if agency.phone:
        contact.append((L(Agency, "phone"), h.phone(agency.phone)))
    if agency.hours:
        contact.append((L(Agency, "hours"), h.text(agency.hours)))
    if agency.email:
        contact.append((L(Agency, "email"), h.email(agency.email)))
    if agency.website:
        contact.append((L(Agency, "website"), h.link(agency.website)))
    if agency.map_url:
        contact.append((L(Agency, "map_url"), h.link(agency.map_url, "دیدن محل روی نقشه")))
    r["contact"] = h.dl(contact) if contact else h.fmt("<p>{}</p>", h.not_stated())
    services = sorted(site.services_of.get(slug, []), key=lambda k: persian_sort_key(site.catalogue.services[k].title))
    licences = sorted(site.licences_of.get(slug, []), key=lambda k: persian_sort_key(site.catalogue.licences[k].title))
    r["services"] = _service_list(site, here, services, with_agency=False) if services else h.none()
    r["licences"] = _licence_list(site, here, licences, with_agency=False) if licences else h.none()
    about: list[tuple[str, Markup]] = []
    if agency.parent:
        about.append((L(Agency, "parent"), site.agency_link(here, agency.parent)))
    if agency.province:
        about.append((L(Agency, "province"), h.text(agency.province)))
    if site.children.get(slug):
        about.append(("دستگاه‌های زیرمجموعه", h.items(site.agency_link(here, c) for c in sorted(site.children[slug]))))
    if agency.code:
        about.append((L(Agency, "code"), h.quiet(h.code(agency.code))))
    r["about"] = h.dl(about) if about else Markup("")
    r["readiness"] = _monitoring().agency_readiness(site, slug)
    content = site.render("agency.md.j2", r=r, title_yaml=yaml_string(agency.name),
                          services_count=persian_digits(len(services)), licences_count=persian_digits(len(licences)))
    return Page(f"agencies/{slug}/index.md", content)


# --- lists and indexes --------------------------------------------------------------------


def _record_list(link: Callable[[str, Key], Markup], site: Site, here: str, keys: Iterable[Key], with_agency: bool) -> Markup:
    out = []
    for k in keys:
        extra = h.fmt(' <span class="list-agency">{}</span>', site.agency_name(k[0])) if with_agency else Markup("")
        out.append(h.fmt("{}{}", link(here, k), extra))
    return h.items(out, "record-list")


def _service_list(site: Site, here: str, keys: Iterable[Key], *, with_agency: bool = True) -> Markup:
    return _record_list(site.service_link, site, here, keys, with_agency)


def _licence_list(site: Site, here: str, keys: Iterable[Key], *, with_agency: bool = True) -> Markup:
    return _record_list(site.licence_link, site, here, keys, with_agency)


def _listing(site: Site, path: str, title: str, sections: list[tuple[str, Markup]], intro: str = "", back: tuple[str, str] | None = None) -> Page:
    head = h.fmt("<p>{}</p>", intro) if intro else Markup("")
    if back:
        head = h.fmt("{}{}", _crumbs(site, path.removesuffix("index.md"), [back], title), head)
    return Page(path, site.render("listing.md.j2", title_yaml=yaml_string(title), head=_block(head), sections=[(t, _block(b)) for t, b in sections]))


def _paged(site: Site, base: str, title: str, keys: list[Key], lister: Callable[..., Markup], intro: str = "",
           *, back: tuple[str, str] | None = None, bar: Callable[[str], Markup] | None = None) -> Iterator[Page]:
    """A long list split into pages of :data:`PAGE_SIZE`: ``base/``, ``base/2/``, …

    Each page has breadcrumbs and a way back (``back``: url and label of the index it belongs
    to), an optional bar above the list (``bar(here)``, the A–Z letters), and, when there is
    more than one page, a pager in words at the top and the bottom."""
    chunks = [keys[i : i + PAGE_SIZE] for i in range(0, len(keys), PAGE_SIZE)] or [[]]
    for n, chunk in enumerate(chunks, 1):
        url = base if n == 1 else f"{base}{n}/"
        shown = title if n == 1 else f"{title} (صفحهٔ {persian_digits(n)})"
        r = Parts()
        r["crumbs"] = _crumbs(site, url, [back], shown) if back else Markup("")
        r["bar"] = bar(url) if bar else Markup("")
        r["intro"] = h.fmt("<p>{}</p>", intro) if intro else Markup("")
        r["pager"] = _pager(url, base, n, len(chunks))
        r["list"] = lister(site, url, chunk) if chunk else h.none()
        r["back"] = h.fmt('<p class="back">{}</p>', h.internal(relative(url, back[0]), f"بازگشت به {back[1]}")) if back else Markup("")
        yield Page(f"{url}index.md", site.render("browse.md.j2", r=r, title_yaml=yaml_string(shown)))


def _pager(url: str, base: str, n: int, total: int) -> Markup:
    """«صفحهٔ قبل · صفحهٔ ۲ از ۵ · صفحهٔ بعد», with the page numbers between."""
    if total <= 1:
        return Markup("")

    def href(i: int) -> str:
        return relative(url, base if i == 1 else f"{base}{i}/")

    parts = [h.internal(href(n - 1), "‹ صفحهٔ قبل") if n > 1 else Markup("")]
    parts.append(h.fmt('<span class="pager-where">صفحهٔ {} از {}</span>', persian_digits(n), persian_digits(total)))
    parts += [h.fmt('<strong aria-current="page">{}</strong>', persian_digits(i)) if i == n else h.internal(href(i), persian_digits(i)) for i in range(1, total + 1)]
    parts.append(h.internal(href(n + 1), "صفحهٔ بعد ›") if n < total else Markup(""))
    return h.fmt('<nav class="pager" aria-label="صفحه‌ها">{}</nav>', Markup(" ").join(p for p in parts if p))


FACETS: list[tuple[str, str, type[Vocab], Callable[[Service], Iterable[Vocab]]]] = [
    ("types", L(Service, "service_types"), ServiceType, lambda s: s.service_types or []),
    ("life-events", "رویداد زندگی", LifeEvent, lambda s: s.life_events or []),
    ("levels", L(Service, "levels"), Level, lambda s: s.levels or []),
    ("nature", L(Service, "nature"), Nature, lambda s: [s.nature] if s.nature else []),
]
LICENCE_FACETS: list[tuple[str, str, type[Vocab], Callable[[Licence], Iterable[Vocab]]]] = [
    ("kind", L(Licence, "kind"), LicenceKind, lambda lic: [lic.kind] if lic.kind else []),
    ("applicant", "متقاضی", Applicant, lambda lic: lic.applicants or []),
]


def _letters(here: str, base: str, letters: dict[str, list[Key]], current: str | None = None) -> Markup:
    """The A–Z bar: one link per initial letter, with its count; the current letter is not a link."""
    ordered = sorted(letters, key=persian_sort_key)
    if not ordered:
        return h.none()
    cells = []
    for i, ch in enumerate(ordered):
        label = h.fmt("{} <small>({})</small>", ch, persian_digits(len(letters[ch])))
        if ch == current:
            cells.append(h.fmt('<strong aria-current="page">{}</strong>', label))
        else:
            cells.append(h.fmt('<a href="{}">{}</a>', relative(here, f"{base}{i:02d}/"), label))
    return h.fmt('<nav class="letters" aria-label="حرف اول عنوان">{}</nav>', Markup(" ").join(cells))


def _facet(
    site: Site, base: str, title: str, label: str, vocab: type[Vocab], keys: list[Key],
    records: Mapping[Key, Any], values_of: Callable[[Any], Iterable[Vocab]], lister: Callable[..., Markup],
) -> Iterator[Page]:
    """One vocabulary as an index: a page of its values with counts, then a list per value."""
    groups: dict[Vocab, list[Key]] = defaultdict(list)
    for k in keys:
        for v in values_of(records[k]):
            groups[v].append(k)

    def url(v: Vocab) -> str:
        return f"{base}{v.value.replace('_', '-').lower()}/"

    root = "licenses/" if base.startswith("browse/licenses/") else "services/"
    r = Parts()
    r["crumbs"] = _crumbs(site, base, [(root, "مجوزها" if root == "licenses/" else "خدمات")], title)
    r["entries"] = h.items((h.fmt("{} ({})", h.internal(relative(base, url(v)), v.label), persian_digits(len(groups[v])))
                           for v in vocab if groups.get(v)), "entry-points")
    yield Page(f"{base}index.md", site.render("facet.md.j2", r=r, title_yaml=yaml_string(title)))
    for v, members in groups.items():
        yield from _paged(site, url(v), f"{label}: {v.label}", members, lister, back=(base, title))


def index_pages(site: Site) -> Iterator[Page]:
    c = site.catalogue
    by_title = sorted(c.services, key=lambda k: persian_sort_key(c.services[k].title))
    lic_by_title = sorted(c.licences, key=lambda k: persian_sort_key(c.licences[k].title))

    # services: A–Z by initial letter, facets, fully electronic
    letters: dict[str, list[Key]] = defaultdict(list)
    for k in by_title:
        letters[initial(c.services[k].title)].append(k)
    r = Parts()
    r["count"] = h.fmt("<p>{} شناسنامهٔ خدمت</p>", persian_digits(len(c.services)))
    r["letters"] = _letters("services/", "browse/services/a-z/", letters)
    r["facets"] = h.items([h.internal(relative("services/", f"browse/services/{slug}/"), label) for slug, label, _, _ in FACETS]
                          + [h.internal(relative("services/", "browse/services/electronic/"), "خدمات کاملاً اینترنتی")])
    r["agencies"] = h.fmt("<p>{}</p>", h.internal(relative("services/", "agencies/"), "فهرست دستگاه‌ها"))
    yield Page("services/index.md", site.render("services_index.md.j2", r=r, title_yaml=yaml_string("خدمات")))
    for i, ch in enumerate(sorted(letters, key=persian_sort_key)):
        yield from _paged(site, f"browse/services/a-z/{i:02d}/", f"خدمات: {ch}", letters[ch], _service_list, back=("services/", "خدمات"),
                          bar=functools.partial(_letters, base="browse/services/a-z/", letters=letters, current=ch))
    for slug, label, vocab, getter in FACETS:
        yield from _facet(site, f"browse/services/{slug}/", f"خدمات بر اساس {label}", label, vocab, by_title, c.services, getter, _service_list)
    electronic = [k for k in by_title if c.services[k].fully_electronic()]
    yield from _paged(site, "browse/services/electronic/", "خدمات کاملاً اینترنتی", electronic, _service_list,
                      "خدماتی که همهٔ مراحل اعلام‌شدهٔ آن‌ها از راه اینترنت انجام می‌شود، مراجعهٔ حضوری ندارند و استعلام‌هایشان الکترونیکی است.",
                      back=("services/", "خدمات"))

    # licences
    lic_letters: dict[str, list[Key]] = defaultdict(list)
    for k in lic_by_title:
        lic_letters[initial(c.licences[k].title)].append(k)
    r = Parts()
    r["count"] = h.fmt("<p>{} مجوز</p>", persian_digits(len(c.licences)))
    r["facets"] = h.items([h.internal(relative("licenses/", f"browse/licenses/{slug}/"), label) for slug, label, _, _ in LICENCE_FACETS]
                          + [h.internal(relative("licenses/", "browse/licenses/issuers/"), L(Licence, "agency"))])
    r["letters"] = _letters("licenses/", "browse/licenses/a-z/", lic_letters)
    yield Page("licenses/index.md", site.render("licences_index.md.j2", r=r, title_yaml=yaml_string("مجوزها")))
    for i, ch in enumerate(sorted(lic_letters, key=persian_sort_key)):
        yield from _paged(site, f"browse/licenses/a-z/{i:02d}/", f"مجوزها: {ch}", lic_letters[ch], _licence_list, back=("licenses/", "مجوزها"),
                          bar=functools.partial(_letters, base="browse/licenses/a-z/", letters=lic_letters, current=ch))
    for slug, label, vocab, lgetter in LICENCE_FACETS:
        yield from _facet(site, f"browse/licenses/{slug}/", f"مجوزها بر اساس {label}", label, vocab, lic_by_title, c.licences, lgetter, _licence_list)
    issuers = sorted((a for a in site.licences_of if site.licences_of[a]), key=lambda a: persian_sort_key(site.agency_name(a)))
    r = Parts()
    base = "browse/licenses/issuers/"
    r["crumbs"] = _crumbs(site, base, [("licenses/", "مجوزها")], "مجوزها بر اساس مرجع صدور")
    r["entries"] = h.items((h.fmt("{} ({})", site.agency_link(base, a), persian_digits(len(site.licences_of[a]))) for a in issuers), "entry-points")
    yield Page(f"{base}index.md", site.render("facet.md.j2", r=r, title_yaml=yaml_string("مجوزها بر اساس مرجع صدور")))

    # agencies grouped under parents
    roots = sorted((a for a in c.agencies if not (c.agencies[a].parent and c.agencies[a].parent in c.agencies)),
                   key=lambda a: persian_sort_key(site.agency_name(a)))

    def tree(slug: str, depth: int) -> Markup:
        kids = sorted(site.children.get(slug, []), key=lambda a: persian_sort_key(site.agency_name(a)))
        label = h.fmt("{} ({} خدمت، {} مجوز)", site.agency_link("agencies/", slug), persian_digits(len(site.services_of.get(slug, []))),
                                                      persian_digits(len(site.licences_of.get(slug, []))))
        return h.fmt("{}{}", label, h.items(tree(k, depth + 1) for k in kids) if kids and depth < 8 else "")

    r = Parts()
    r["count"] = h.fmt("<p>{} دستگاه اجرایی، زیر دستگاه مادر</p>", persian_digits(len(c.agencies)))
    r["tree"] = h.items((tree(a, 0) for a in roots), "agency-tree")
    yield Page("agencies/index.md", site.render("agencies_index.md.j2", r=r, title_yaml=yaml_string("دستگاه‌ها")))


#: Life events (the form's list) → icon (site_gen/templates/icons, Material Design Icons).
LIFE_EVENT_ICONS: dict[LifeEvent, str] = {
    LifeEvent.BIRTH: "baby-carriage", LifeEvent.EDUCATION: "school", LifeEvent.HEALTH: "hospital-box",
    LifeEvent.TAX: "cash-multiple", LifeEvent.BUSINESS: "store", LifeEvent.SOCIAL_SECURITY: "shield-account",
    LifeEvent.PROPERTY_REGISTRATION: "home-city", LifeEvent.UTILITIES: "water", LifeEvent.INSURANCE: "umbrella",
    LifeEvent.MARRIAGE: "ring", LifeEvent.RETIREMENT: "human-cane", LifeEvent.DOCUMENTS_CERTIFICATES: "card-account-details",
    LifeEvent.DEATH: "flower", LifeEvent.OTHER: "dots-horizontal",
}

#: What citizens look for beyond the form's life events: (label, icon, search words). Each tile
#: opens the catalogue's search with its words (?q=…); edit this list to change the tiles.
TOPICS: list[tuple[str, str, str]] = [
    ("مسکن و ساختمان", "home", "ساختمان"),
    ("سفر و گذرنامه", "passport", "گذرنامه"),
    ("نظام وظیفه", "shield-star", "نظام وظیفه"),
    ("خودرو و وسیلهٔ نقلیه", "car", "وسیله نقلیه"),
]


@functools.cache
def icon(name: str) -> Markup:
    """One of our own SVG icons, inline (it takes the text colour); decorative."""
    svg = (TEMPLATES / "icons" / f"{name}.svg").read_text(encoding="utf-8").strip()
    return Markup(svg.replace("<svg ", '<svg class="tile-icon" aria-hidden="true" focusable="false" fill="currentColor" ', 1))


def _tiles(tiles: Iterable[tuple[str, str, Markup]], label: str) -> Markup:
    """Link tiles: (href, icon name, label)."""
    return h.fmt('<ul class="tiles" aria-label="{}">{}</ul>', label, Markup("").join(
        h.fmt('<li><a href="{}">{}<span>{}</span></a></li>', href, icon(name), text) for href, name, text in tiles))


def home_page(site: Site) -> Page:
    """The home page's parts; their order is ``site_gen/templates/home.md.j2``'s (search first,
    then life events as tiles, other topics, other ways in, the counters)."""
    c = site.catalogue
    intro = Markup("<h1>کاتالوگ خدمات و مجوزهای دولت</h1><p>برای هر خدمت دولتی: چه مدارکی لازم است، چقدر هزینه دارد، چقدر طول می‌کشد و از کجا می‌توان آن را گرفت.</p>")
    search = Markup('<form class="home-search" role="search" method="get" action="search/" aria-label="جست‌وجو در کاتالوگ">'
                    '<label for="home-search-input">دنبال چه خدمت یا مجوزی می‌گردید؟</label>'
                    '<div class="home-search__row"><input id="home-search-input" type="search" name="q" placeholder="مثلاً شناسنامه، گذرنامه یا پروانهٔ کسب" enterkeyhint="search">'
                    '<button type="submit" class="md-button md-button--primary">جست‌وجو</button></div></form>')
    counts_by_event: dict[LifeEvent, int] = defaultdict(int)
    for card in c.services.values():
        for ev in card.life_events or []:
            counts_by_event[ev] += 1
    events = _tiles(((f"browse/services/life-events/{ev.value.replace('_', '-')}/", LIFE_EVENT_ICONS.get(ev, "dots-horizontal"),
                      h.fmt("{} <small>({})</small>", ev.label, persian_digits(counts_by_event[ev]))) for ev in LifeEvent if counts_by_event.get(ev)),
                    "رویدادهای زندگی")
    topics = _tiles(((f"search/?q={quote(words)}", name, h.text(label)) for label, name, words in TOPICS), "موضوع‌های پرجست‌وجو")
    electronic = sum(1 for s in c.services.values() if s.fully_electronic())
    counts = h.fmt('<ul class="counts">{}</ul>', Markup("").join(
        h.fmt('<li><a href="{}"><strong>{}</strong> {}</a></li>', href, persian_digits(n), label) for href, n, label in [
            ("services/", len(c.services), "شناسنامهٔ خدمت"),
            ("licenses/", len(c.licences), "مجوز"),
            ("agencies/", len(c.agencies), "دستگاه اجرایی"),
            ("browse/services/electronic/", electronic, "خدمت کاملاً اینترنتی"),
        ]))
    sample = sum(1 for s in c.services.values() if s.sample) + sum(1 for lic in c.licences.values() if lic.sample)
    banner = Markup("")
    if sample:
        banner = h.fmt('<p class="sample-banner" role="note">{} رکورد این کاتالوگ دادهٔ نمونه است و با برچسب «دادهٔ نمونه» مشخص شده است.</p>', persian_digits(sample))
    entries = h.items([
        h.internal("services/", "همهٔ خدمات (الفبایی)"),
        h.internal("browse/services/types/", "خدمات بر اساس نوع (شهروندان، کسب‌وکار، دستگاه‌ها)"),
        h.internal("browse/services/levels/", "خدمات بر اساس سطح (ملی، استانی، …)"),
        h.internal("browse/services/electronic/", "خدمات کاملاً اینترنتی"),
        h.internal("licenses/", "مجوزها"),
        h.internal("agencies/", "دستگاه‌های اجرایی"),
    ], "entry-points")
    r = Parts(intro=_block(intro), search=_block(search), sample=_block(banner), life_events=_block(events), topics=_block(topics),
              entries=_block(entries), counts=_block(counts))
    r["availability"] = availability_home(site)
    content = site.render("home.md.j2", r=r, title_yaml=yaml_string("کاتالوگ خدمات و مجوزهای دولت"))
    return Page("index.md", content)


def redirects(site: Site) -> Iterator[tuple[str, str]]:
    """``s/<id>/index.html`` → the card, for every card with an id (path, html).

    Validation rejects the ids that cannot be published (:data:`~site_gen.patterns.ID_RE`); this
    writer still never yields a path that would be skipped by MkDocs or that collides with
    another's (``a1/index.html`` under ``a1``'s file, the same id twice): the first id in sorted
    order keeps its address, the other is left out, and the build goes on.
    """
    template = site.env.get_template("redirect.html.j2")
    files: set[str] = set()
    folders: set[str] = set()
    cards = sorted((card.id, key, card) for key, card in site.catalogue.services.items() if card.id)
    for card_id, key, card in cards:
        if not ID_RE.match(card_id):
            continue
        here = f"s/{card_id}/"
        path = f"{here}index.html"
        parts = here.rstrip("/").split("/")
        above = {"/".join(parts[:i]) for i in range(2, len(parts) + 1)}
        if path in files or path in folders or not above.isdisjoint(files):
            continue
        files.add(path)
        folders |= above
        yield path, template.render(title=card.title, target=relative(here, service_url(key)))


def guide_page(site: Site) -> Page:
    from .guide import guide_sections

    return _listing(site, "guide/fields/index.md", "راهنمای فیلدها", guide_sections())


def page_jobs(site: Site) -> list[Callable[[], Iterable[Page]]]:
    """Every page of the site as independent jobs (so that they can be shared among processes)."""
    c = site.catalogue
    jobs: list[Callable[[], Iterable[Page]]] = [lambda: [home_page(site), guide_page(site)], lambda: index_pages(site)]
    jobs += [functools.partial(lambda k, v: [service_page(site, k, v)], key, card) for key, card in c.services.items()]
    jobs += [functools.partial(lambda k, v: [licence_page(site, k, v)], key, lic) for key, lic in c.licences.items()]
    jobs += [functools.partial(lambda k, v: [agency_page(site, k, v)], slug, agency) for slug, agency in c.agencies.items()]
    jobs += register_jobs(site)  # the registers' pages (issue 20)
    jobs.append(functools.partial(editor_pages, site))
    jobs += availability_jobs(site)
    jobs.append(lambda: [search_page(site)])
    from .downloads import downloads_page
    jobs.append(lambda: [downloads_page(site)])
    jobs += _monitoring().jobs(site)  # /statistics/, /readiness/, /interoperability/, /history/
    return jobs


def _monitoring() -> Any:
    from . import statistics

    return statistics


def all_pages(site: Site) -> Iterator[Page]:
    for job in page_jobs(site):
        yield from job()


