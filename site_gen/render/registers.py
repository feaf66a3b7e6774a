"""The registers' pages (REGISTERS.md, issue 20): technologies, projects, bodies, certificates,
``/verify/``, the programme and the documents.

Every value a register file gives lands through :mod:`.html` (escaped once); labels are the
models' Persian labels, numbers are Persian digits, dates are Jalali in words. What a date says
wins over what a status says (:mod:`site_gen.registers.status`), on the day of the build in
Tehran (``Registers.today``). Pages render through ``registers.md.j2``; the one line in
``page_jobs()`` is :func:`register_jobs`, which also gives the home and agency templates their
register links (the Jinja globals ``registers_home`` and ``registers_agency``).
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model.registers import (
    Body,
    Certificate,
    Holder,
    Origin,
    ParticipationModel,
    ProgrammeProject,
    ProgrammeStatus,
    Project,
    ProjectStatus,
    StrategicDocument,
    TechKind,
    TechLicence,
    Technologies,
    certificate_slug,
)
from ..registers import status
from ..registers.dates import days_between
from ..registers.validate import Registers
from ..text import persian_digits, persian_sort_key
from . import html as h

Page = Any  # site_gen.render.pages.Page (imported late: pages imports this module's caller)
Site = Any

TITLES = {
    "technologies": "فناوری‌ها و استانداردهای دستگاه‌ها",
    "projects": "طرح‌های قابل مشارکت با بخش غیردولتی",
    "bodies": "نهادهای احراز صلاحیت‌شده",
    "certificates": "گواهی‌های مشارکت",
    "verify": "استعلام گواهی و صلاحیت",
    "programme": "داشبورد برنامهٔ گذار به دولت الکترونیکی نسل دوم",
    "documents": "اسناد راهبردی، چارچوب‌ها و استانداردها",
}


def L(model: Any, name: str) -> str:
    from ..model.common import shown_label

    return shown_label(model, name)


def _date(value: str | None) -> Markup:
    return h.jalali_date(value) if value else h.not_stated()


def _vocab(value: Any) -> Markup:
    return h.text(value.label) if value is not None else h.not_stated()


def _sample(record: Any) -> Markup:
    if not getattr(record, "sample", None):
        return Markup("")
    return Markup('<p class="sample-banner" role="note">دادهٔ نمونه: این رکورد برای نمایش کاتالوگ ساخته شده و ثبت واقعی نیست.</p>')


def _rel(here: str, to: str) -> str:
    from .pages import relative

    return relative(here, to)


def _crumbs(site: Site, here: str, trail: list[tuple[str, str]], current: str) -> Markup:
    from .pages import _crumbs as crumbs

    return crumbs(site, here, trail, current)


def _page(site: Site, path: str, title: str, head: Markup, sections: list[tuple[str, Markup]]) -> Page:
    from .pages import Page, _block, yaml_string

    content = site.render(
        "registers.md.j2", title_yaml=yaml_string(title), head=_block(head),
        sections=[(heading, _block(body)) for heading, body in sections if body],
    )
    return Page(path, content)


def bar(percent: float, label: str = "") -> Markup:
    """A static SVG progress bar (0–100), its value in Persian digits beside it."""
    p = max(0.0, min(100.0, float(percent)))
    shown = persian_digits(f"{p:.0f}")
    return h.fmt(
        '<span class="reg-bar"><svg role="img" aria-label="{}" width="120" height="12" viewBox="0 0 100 10" preserveAspectRatio="none">'
        '<rect width="100" height="10" rx="2" fill="#e0e0e0"/><rect x="{}" width="{}" height="10" rx="2" fill="#3f51b5"/></svg> {}٪</span>',
        f"{label} {shown} درصد".strip(), f"{100 - p:g}", f"{p:g}", shown,
    )


def _status_class(value: Any) -> str:
    return f"reg-status reg-status--{getattr(value, 'value', 'none')}"


def _status(value: Any) -> Markup:
    if value is None:
        return h.not_stated()
    return h.fmt('<span class="{}">{}</span>', _status_class(value), value.label)


# --- the jobs ----------------------------------------------------------------------------------


def register_jobs(site: Site) -> list[Callable[[], Iterable[Page]]]:
    """Every register page as jobs, for ``page_jobs()``; also the home and agency links."""
    regs: Registers | None = getattr(site.catalogue, "registers", None)
    site.env.globals["registers_home"] = home_links(regs) if regs is not None and regs.present else Markup("")
    site.env.globals["registers_agency"] = _agency_part(site, regs)
    if regs is None or not regs.present:
        return []
    return [
        lambda: technologies_pages(site, regs),
        lambda: project_pages(site, regs),
        lambda: body_pages(site, regs),
        lambda: certificate_pages(site, regs),
        lambda: [verify_page(site, regs), Page_file("verify/verify.js", VERIFY_JS)],
        lambda: [programme_page(site, regs)],
        lambda: [documents_page(site, regs)],
    ]


def Page_file(path: str, content: str) -> Page:
    from .pages import Page

    return Page(path, content)


def home_links(regs: Registers) -> Markup:
    """The home page's way into the registers (with their counts)."""
    rows = [
        ("technologies/", TITLES["technologies"], len(regs.technologies)),
        ("projects/", TITLES["projects"], len(regs.projects)),
        ("bodies/", TITLES["bodies"], len(regs.bodies)),
        ("certificates/", TITLES["certificates"], len(regs.certificates)),
        ("verify/", TITLES["verify"], None),
        ("programme/", TITLES["programme"], len(regs.programme)),
        ("documents/", TITLES["documents"], len(regs.documents)),
    ]
    return h.items([
        h.fmt("{}{}", h.internal(url, label), h.fmt(" <small>({})</small>", persian_digits(n)) if n is not None else Markup(""))
        for url, label, n in rows
    ], "entry-points")


def _agency_part(site: Site, regs: Registers | None) -> Any:
    """``registers_agency``: the part of an agency's page about its registers, found from the
    page's title (the agency template has no slug; a name two agencies share gets nothing)."""
    from .pages import yaml_string

    by_title: dict[str, str | None] = {}
    for slug, agency in site.catalogue.agencies.items():
        key = str(yaml_string(agency.name))
        by_title[key] = None if key in by_title else slug

    @jinja2.pass_context
    def part(ctx: Any) -> Markup:
        if regs is None or not regs.present:
            return Markup("")
        slug = by_title.get(str(ctx.get("title_yaml", "")))
        if slug is None:
            return Markup("")
        here = f"agencies/{slug}/"
        out = []
        tech = regs.technologies.get(slug)
        if tech is not None:
            out.append(h.fmt("<p>{}</p>", h.internal(_rel(here, f"technologies/{slug}/"), f"فناوری‌ها و استانداردهای این دستگاه ({persian_digits(len(tech.items or []))} مورد)")))
        projects = sorted(k for k in regs.projects if k[0] == slug)
        if projects:
            out.append(h.fmt("<p>طرح‌های قابل مشارکت:</p>{}", h.items(h.internal(_rel(here, f"projects/{a}/{s}/"), regs.projects[(a, s)].title) for a, s in projects)))
        owned = sorted(k for k, p in regs.programme.items() if p.owner == slug)
        if owned:
            out.append(h.fmt("<p>پروژه‌های برنامهٔ گذار:</p>{}", h.items(h.internal(_rel(here, "programme/") + f"#{k}", regs.programme[k].title) for k in owned)))
        if not out:
            return Markup("")
        from .pages import _block

        return _block(Markup("").join(out))

    return part


# --- technologies ------------------------------------------------------------------------------


def tech_stats(regs: Registers) -> dict[str, Any]:
    """The diversity statistics of every agency's technologies (also for tests and exports)."""
    items = [(agency, item) for agency, t in sorted(regs.technologies.items()) for item in t.items or []]
    today = regs.today
    products: Counter[str] = Counter()
    agencies_of: dict[str, set[str]] = defaultdict(set)
    for agency, item in items:
        agencies_of[item.name].add(agency)
    for name, agencies in agencies_of.items():
        products[name] = len(agencies)
    return {
        "items": len(items),
        "agencies": len(regs.technologies),
        "by_kind": Counter(item.kind for _, item in items if item.kind is not None),
        "by_origin": Counter(item.origin for _, item in items if item.origin is not None),
        "by_licence": Counter(item.licence for _, item in items if item.licence is not None),
        "products": products,
        "past_support": [(agency, item) for agency, item in items if item.end_of_support and item.end_of_support < today],
    }


def _share_table(head: str, counts: Counter[Any], vocab: Iterable[Any], total: int) -> Markup:
    rows = []
    for member in vocab:
        n = counts.get(member, 0)
        if n:
            rows.append([h.text(member.label), h.number(n), bar(100 * n / total if total else 0, member.label)])
    return h.table([head, "تعداد", "سهم"], rows) if rows else h.none()


def technologies_pages(site: Site, regs: Registers) -> Iterator[Page]:
    here = "technologies/"
    stats = tech_stats(regs)
    total = stats["items"]
    head = h.fmt("{}<p>{} فناوری و استاندارد در {} دستگاه؛ آمار بر پایهٔ آخرین اعلام هر دستگاه و تاریخ {}.</p>",
                 _crumbs(site, here, [], TITLES["technologies"]), persian_digits(total), persian_digits(stats["agencies"]), h.jalali_date(regs.today))
    top = stats["products"].most_common(15)
    past = stats["past_support"]
    per_agency = []
    for agency, t in sorted(regs.technologies.items(), key=lambda kv: persian_sort_key(site.agency_name(kv[0]))):
        its = t.items or []
        dom = sum(1 for i in its if i.origin is Origin.DOMESTIC)
        opn = sum(1 for i in its if i.licence is TechLicence.OPEN_SOURCE)
        old = sum(1 for i in its if i.end_of_support and i.end_of_support < regs.today)
        per_agency.append([
            h.internal(_rel(here, f"technologies/{agency}/"), site.agency_name(agency)), h.number(len(its)),
            bar(100 * dom / len(its) if its else 0, "داخلی"), bar(100 * opn / len(its) if its else 0, "متن‌باز"), h.number(old), _date(t.as_of),
        ])
    sections = [
        ("بر اساس نوع", _share_table("نوع", stats["by_kind"], TechKind, total)),
        ("داخلی یا خارجی", _share_table("خاستگاه", stats["by_origin"], Origin, total)),
        ("متن‌باز یا تجاری", _share_table("نوع مجوز", stats["by_licence"], TechLicence, total)),
        ("پرکاربردترین محصولات", h.table(["محصول یا استاندارد", "شمار دستگاه‌ها"], [[h.text(name), h.number(n)] for name, n in top]) if top else h.none()),
        (f"گذشته از پایان پشتیبانی ({persian_digits(len(past))})", h.table(["دستگاه", "فناوری", "نسخه", "پایان پشتیبانی"], [
            [h.text(site.agency_name(a)), h.text(i.name), h.ltr(i.version) if i.version else Markup(""), h.jalali_date(i.end_of_support)] for a, i in past
        ]) if past else h.none()),
        ("هر دستگاه", h.table(["دستگاه", "شمار", "داخلی", "متن‌باز", "گذشته از پشتیبانی", "تاریخ اطلاعات"], per_agency) if per_agency else h.none()),
    ]
    yield _page(site, "technologies/index.md", TITLES["technologies"], head, sections)
    for agency, t in regs.technologies.items():
        yield _technologies_of(site, regs, agency, t)


def _technologies_of(site: Site, regs: Registers, agency: str, t: Technologies) -> Page:
    here = f"technologies/{agency}/"
    name = site.agency_name(agency)
    title = f"فناوری‌ها و استانداردهای {name}"
    head = h.fmt("{}{}<p>تاریخ اطلاعات: {}؛ {}</p>", _crumbs(site, here, [("technologies/", "فناوری‌ها")], title), _sample(t), _date(t.as_of),
                 h.internal(_rel(here, f"agencies/{agency}/"), f"صفحهٔ {name}") if agency in site.catalogue.agencies else Markup(""))
    from ..model.registers import Technology

    rows = []
    for item in sorted(t.items or [], key=lambda i: (list(TechKind).index(i.kind) if i.kind else 99, i.name.casefold())):
        eos: Markup = Markup("")
        if item.end_of_support:
            eos = h.jalali_date(item.end_of_support)
            if item.end_of_support < regs.today:
                eos = h.fmt('{} <span class="reg-status reg-status--expired">گذشته</span>', eos)
        used = Markup("، ").join(
            h.internal(_rel(here, f"services/{s.rpartition('/')[0] or agency}/{s.rpartition('/')[2]}/"), _service_title(site, s, agency)) for s in item.used_by or []
        )
        rows.append([
            _vocab(item.kind), h.text(item.name), h.ltr(item.version) if item.version else Markup(""), h.text(item.vendor or ""),
            _vocab(item.origin) if item.origin else Markup(""), _vocab(item.licence) if item.licence else Markup(""),
            h.ltr(item.standard_code) if item.standard_code else Markup(""), eos, used,
        ])
    head_row = [L(Technology, n) for n in ("kind", "name", "version", "vendor", "origin", "licence", "standard_code", "end_of_support", "used_by")]
    body = h.table(head_row, rows) if rows else h.none()
    return _page(site, f"{here}index.md", title, head, [("فهرست", body)])


def _service_title(site: Site, ref: str, agency: str) -> str:
    owner, _, slug = ref.rpartition("/")
    card = site.catalogue.services.get((owner or agency, slug))
    return card.title if card is not None else ref


# --- projects ----------------------------------------------------------------------------------


def _project_order(regs: Registers, key: tuple[str, str]) -> tuple[Any, ...]:
    p = regs.projects[key]
    if status.call_open(p, regs.today):
        return (0, p.call_closes or "", persian_sort_key(p.title))
    order = list(ProjectStatus).index(p.status) if p.status is not None else 99
    return (1, order, persian_sort_key(p.title))


def project_state(p: Project, today: str) -> Markup:
    """The status shown: an open call says its days left; a closed one says so."""
    if status.call_closed(p, today):
        return h.fmt('<span class="reg-status reg-status--closed">فراخوان بسته‌شده</span> <small>(از {})</small>', h.jalali_date(p.call_closes or ""))
    if status.call_open(p, today) and p.call_closes:
        left = days_between(today, p.call_closes)
        when = "آخرین روز" if left == 0 else f"{persian_digits(left)} روز مانده"
        return h.fmt('<span class="reg-status reg-status--open">فراخوان باز</span> <small>({})</small>', when)
    return _status(p.status)


def _cost(p: Project) -> Markup:
    cost = p.estimated_cost_rials
    if cost is None:
        return h.not_stated()
    if isinstance(cost, int):
        return h.money_tomans(cost) if cost else h.text("۰ ریال")
    if cost.min is not None and cost.max is not None:
        return h.money_range_tomans(cost.min, cost.max)
    one = cost.min if cost.min is not None else cost.max
    return h.money_tomans(one) if one else h.not_stated()


def project_pages(site: Site, regs: Registers) -> Iterator[Page]:
    here = "projects/"
    keys = sorted(regs.projects, key=lambda k: _project_order(regs, k))
    open_now = sum(1 for k in keys if status.call_open(regs.projects[k], regs.today))
    rows = []
    for key in keys:
        p = regs.projects[key]
        shown = "open" if status.call_open(p, regs.today) else ("closed" if status.call_closed(p, regs.today) else (p.status.value if p.status else ""))
        rows.append(h.fmt(
            '<tr data-status="{}" data-model="{}" data-agency="{}"><td data-label="طرح">{}</td><td data-label="دستگاه">{}</td>'
            '<td data-label="وضعیت">{}</td><td data-label="الگوی مشارکت">{}</td><td data-label="برآورد هزینه">{}</td></tr>',
            shown, p.model.value if p.model else "", key[0], h.internal(_rel(here, f"projects/{key[0]}/{key[1]}/"), p.title),
            site.agency_name(key[0]), project_state(p, regs.today), _vocab(p.model), _cost(p),
        ))
    options = [("status", "وضعیت", [(s.value, s.label) for s in ProjectStatus] + [("closed", "فراخوان بسته‌شده")]),
               ("model", "الگوی مشارکت", [(m.value, m.label) for m in ParticipationModel if m in {p.model for p in regs.projects.values()}]),
               ("agency", "دستگاه", [(a, site.agency_name(a)) for a in sorted({k[0] for k in keys})])]
    filters = Markup("").join(
        h.fmt('<label>{} <select data-filter="{}"><option value="">همه</option>{}</select></label> ', label, name,
              Markup("").join(h.fmt('<option value="{}">{}</option>', v, t) for v, t in values))
        for name, label, values in options
    )
    table = h.fmt('<form class="reg-filters" aria-label="پالایش طرح‌ها">{}</form><table class="stack" id="reg-projects"><thead><tr><th>طرح</th><th>دستگاه</th><th>وضعیت</th><th>الگوی مشارکت</th><th>برآورد هزینه</th></tr></thead><tbody>{}</tbody></table>'
                  '<p class="reg-count" aria-live="polite"></p><script src="filter.js"></script>', filters, Markup("").join(rows)) if rows else h.none()
    head = h.fmt("{}<p>{} طرح؛ {} فراخوان باز در {} (فراخوان‌های باز نخست، به ترتیب روزهای مانده).</p>",
                 _crumbs(site, here, [], TITLES["projects"]), persian_digits(len(keys)), persian_digits(open_now), h.jalali_date(regs.today))
    yield _page(site, "projects/index.md", TITLES["projects"], head, [("فهرست طرح‌ها", table)])
    yield Page_file("projects/filter.js", FILTER_JS)
    for key in keys:
        yield _project_page(site, regs, key, regs.projects[key])


def _project_page(site: Site, regs: Registers, key: tuple[str, str], p: Project) -> Page:
    here = f"projects/{key[0]}/{key[1]}/"
    certs = [(n, certificate_slug(n)) for n in p.certificates or []]
    issued = sorted(s for s, c in regs.certificates.items() if c.project == f"{key[0]}/{key[1]}")
    cert_links = dict.fromkeys([s for _, s in certs] + issued)
    contact: list[tuple[str, Markup]] = []
    if p.contact is not None:
        from ..model.registers import Contact

        contact.append((L(Contact, "unit"), h.text(p.contact.unit)))
        if p.contact.phone:
            contact.append((L(Contact, "phone"), h.phone(p.contact.phone)))
        if p.contact.email:
            contact.append((L(Contact, "email"), h.email(p.contact.email)))
        if p.contact.website:
            contact.append((L(Contact, "website"), h.link(p.contact.website)))
    fields: list[tuple[str, Markup]] = [
        (L(Project, "id"), h.code(p.id) if p.id else h.not_stated()),
        (L(Project, "agency"), site.agency_link(here, p.agency)),
        (L(Project, "status"), project_state(p, regs.today)),
        (L(Project, "model"), h.text(p.model_other) if p.model_other else _vocab(p.model)),
        ("فراخوان", h.fmt("از {} تا {}", _date(p.call_opens), _date(p.call_closes)) if p.call_opens or p.call_closes else h.not_stated()),
        (L(Project, "estimated_cost_rials"), _cost(p)),
        (L(Project, "duration_months"), h.fmt("{} ماه", h.number(p.duration_months)) if p.duration_months else h.not_stated()),
        (L(Project, "services"), Markup("، ").join(h.internal(_rel(here, f"services/{(s.rpartition('/')[0] or p.agency)}/{s.rpartition('/')[2]}/"), _service_title(site, s, p.agency)) for s in p.services) if p.services else (h.none() if p.services == [] else h.not_stated())),
    ]
    sections = [
        ("در یک نگاه", h.dl(fields)),
        (L(Project, "summary"), h.multiline(p.summary) if p.summary else Markup("")),
        (L(Project, "scope"), h.multiline(p.scope) if p.scope else Markup("")),
        (L(Project, "requirements"), h.items(h.text(r) for r in p.requirements) if p.requirements else Markup("")),
        (L(Project, "documents"), h.items(h.link(d.url, d.title) if d.url else h.text(d.title) for d in p.documents) if p.documents else Markup("")),
        (L(Project, "contact"), h.dl(contact) if contact else Markup("")),
        (L(Project, "certificates"), h.items(
            h.internal(_rel(here, f"certificates/{s}/"), regs.certificates[s].number) if s in regs.certificates else h.text(s) for s in cert_links
        ) if cert_links else h.none()),
    ]
    head = h.fmt("{}{}", _crumbs(site, here, [("projects/", "طرح‌ها")], p.title), _sample(p))
    return _page(site, f"{here}index.md", p.title, head, sections)


# --- bodies and certificates --------------------------------------------------------------------


def _standing(record: Body | Certificate, today: str) -> Markup:
    shown = status.standing(record, today)
    if shown is None:
        return h.not_stated()
    note = Markup("")
    if shown is not record.status:
        note = h.fmt(" <small>(اعتبار در {} گذشته است)</small>", h.jalali_date(record.valid_until or ""))
    return h.fmt("{}{}", _status(shown), note)


def body_pages(site: Site, regs: Registers) -> Iterator[Page]:
    here = "bodies/"
    keys = sorted(regs.bodies, key=lambda s: persian_sort_key(regs.bodies[s].name))
    rows = [[
        h.internal(_rel(here, f"bodies/{s}/"), b.name), _vocab(b.kind), h.code(b.national_id) if b.national_id else Markup(""),
        _vocab(b.grade) if b.grade else Markup(""), _standing(b, regs.today), _date(b.valid_until),
    ] for s in keys for b in [regs.bodies[s]]]
    head = h.fmt("{}<p>{} نهاد؛ وضعیت‌ها در تاریخ {}. {}</p>", _crumbs(site, here, [], TITLES["bodies"]), persian_digits(len(keys)), h.jalali_date(regs.today),
                 h.internal(_rel(here, "verify/"), "استعلام با شناسهٔ ملی"))
    yield _page(site, "bodies/index.md", TITLES["bodies"], head, [("فهرست", h.table(["نام نهاد", "نوع", "شناسهٔ ملی", "رتبه", "وضعیت", "اعتبار تا"], rows) if rows else h.none())])
    for s in keys:
        b = regs.bodies[s]
        page_here = f"bodies/{s}/"
        holds = sorted(c for c, cert in regs.certificates.items() if cert.holder == s)
        fields = [
            (L(Body, "kind"), _vocab(b.kind)), (L(Body, "national_id"), h.code(b.national_id) if b.national_id else h.not_stated()),
            (L(Body, "status"), _standing(b, regs.today)), (L(Body, "grade"), _vocab(b.grade)),
            (L(Body, "qualified_on"), _date(b.qualified_on)), (L(Body, "valid_until"), _date(b.valid_until)),
            (L(Body, "website"), h.link(b.website) if b.website else h.not_stated()),
        ]
        sections = [
            ("در یک نگاه", h.dl(fields)),
            (L(Body, "scopes"), h.items(h.text(x) for x in b.scopes) if b.scopes else h.not_stated()),
            ("گواهی‌های مشارکت", h.items(h.internal(_rel(page_here, f"certificates/{c}/"), regs.certificates[c].number) for c in holds) if holds else Markup("")),
        ]
        head = h.fmt("{}{}", _crumbs(site, page_here, [("bodies/", "نهادها")], b.name), _sample(b))
        yield _page(site, f"{page_here}index.md", b.name, head, sections)


def _holder(site: Site, here: str, regs: Registers, c: Certificate) -> Markup:
    if c.holder is None:
        return h.not_stated()
    if isinstance(c.holder, Holder):
        return h.fmt("{}{}", c.holder.name, h.fmt(" <small>(شناسهٔ ملی {})</small>", h.code(c.holder.national_id)) if c.holder.national_id else Markup(""))
    body = regs.bodies.get(c.holder)
    return h.internal(_rel(here, f"bodies/{c.holder}/"), body.name) if body is not None else h.text(c.holder)


def _holder_name(regs: Registers, c: Certificate) -> str:
    if isinstance(c.holder, Holder):
        return c.holder.name
    if isinstance(c.holder, str):
        body = regs.bodies.get(c.holder)
        return body.name if body is not None else c.holder
    return ""


def _project_link(here: str, regs: Registers, c: Certificate) -> Markup:
    if not c.project:
        return h.not_stated()
    a, _, s = c.project.partition("/")
    p = regs.projects.get((a, s))
    return h.internal(_rel(here, f"projects/{a}/{s}/"), p.title) if p is not None else h.text(c.project)


def certificate_pages(site: Site, regs: Registers) -> Iterator[Page]:
    here = "certificates/"
    keys = sorted(regs.certificates, key=lambda s: (regs.certificates[s].issued_on or "", s), reverse=True)
    rows = [[
        h.internal(_rel(here, f"certificates/{s}/"), h.code(c.number)), _project_link(here, regs, c), _holder(site, here, regs, c),
        _date(c.issued_on), _date(c.valid_until), _standing(c, regs.today),
    ] for s in keys for c in [regs.certificates[s]]]
    head = h.fmt("{}<p>{} گواهی؛ وضعیت‌ها در تاریخ {}. {}</p>", _crumbs(site, here, [], TITLES["certificates"]), persian_digits(len(keys)), h.jalali_date(regs.today),
                 h.internal(_rel(here, "verify/"), "استعلام با شمارهٔ گواهی"))
    yield _page(site, "certificates/index.md", TITLES["certificates"], head, [("فهرست", h.table(["شماره", "طرح", "دارنده", "تاریخ صدور", "اعتبار تا", "وضعیت"], rows) if rows else h.none())])
    for s in keys:
        c = regs.certificates[s]
        page_here = f"certificates/{s}/"
        title = f"گواهی مشارکت {c.number}"
        fields = [
            (L(Certificate, "number"), h.code(c.number)), (L(Certificate, "status"), _standing(c, regs.today)),
            (L(Certificate, "project"), _project_link(page_here, regs, c)), (L(Certificate, "holder"), _holder(site, page_here, regs, c)),
            (L(Certificate, "issued_on"), _date(c.issued_on)), (L(Certificate, "valid_until"), _date(c.valid_until)),
        ]
        sections = [("در یک نگاه", h.dl(fields)), (L(Certificate, "notes"), h.multiline(c.notes) if c.notes else Markup(""))]
        head = h.fmt("{}{}", _crumbs(site, page_here, [("certificates/", "گواهی‌ها")], title), _sample(c))
        yield _page(site, f"{page_here}index.md", title, head, sections)


# --- /verify/ ----------------------------------------------------------------------------------


def verify_data(regs: Registers) -> dict[str, Any]:
    """What ``/verify/`` looks numbers up in: certificates by the slug form of their number,
    bodies by national id; each with its status on the day of the build, in Persian."""
    certs = {}
    for s, c in regs.certificates.items():
        shown = status.standing(c, regs.today)
        certs[s] = {
            "number": c.number, "status": shown.value if shown else "", "label": shown.label if shown else "اعلام نشده",
            "until": str(h.jalali_date(c.valid_until)) if c.valid_until else "", "holder": _holder_name(regs, c),
            "project": (regs.projects[(c.project.partition("/")[0], c.project.partition("/")[2])].title
                        if c.project and (c.project.partition("/")[0], c.project.partition("/")[2]) in regs.projects else ""),
            "url": f"../certificates/{s}/",
        }
    bodies = {}
    for s, b in regs.bodies.items():
        if not b.national_id:
            continue
        shown = status.standing(b, regs.today)
        bodies[b.national_id] = {
            "name": b.name, "kind": b.kind.label if b.kind else "", "status": shown.value if shown else "",
            "label": shown.label if shown else "اعلام نشده", "until": str(h.jalali_date(b.valid_until)) if b.valid_until else "",
            "url": f"../bodies/{s}/",
        }
    return {"today": str(h.jalali_date(regs.today)), "certificates": certs, "bodies": bodies}


def verify_page(site: Site, regs: Registers) -> Page:
    here = "verify/"
    data = json.dumps(verify_data(regs), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    form = h.fmt(
        '<form id="verify-form" class="reg-verify" role="search" aria-label="{}">'
        '<label for="verify-input">شمارهٔ گواهی مشارکت یا شناسهٔ ملی نهاد</label>'
        '<div class="home-search__row"><input id="verify-input" name="n" type="text" inputmode="latin" autocomplete="off" dir="ltr" placeholder="PPP-1405-0001 یا ۱۰۱۰۰۰۰۰۰۰۱">'
        '<button type="submit" class="md-button md-button--primary">استعلام</button></div></form>'
        '<div id="verify-result" aria-live="polite"></div>'
        '<noscript><p>این استعلام در مرورگر و بدون اینترنت انجام می‌شود و جاوااسکریپت می‌خواهد؛ بدون آن، {} و {} را ببینید.</p></noscript>'
        '<script type="application/json" id="verify-data">{}</script><script src="verify.js"></script>',
        TITLES["verify"], h.internal(_rel(here, "certificates/"), "فهرست گواهی‌ها"), h.internal(_rel(here, "bodies/"), "فهرست نهادها"), Markup(data),
    )
    head = h.fmt("{}<p>شمارهٔ گواهی یا شناسهٔ ملی را با رقم فارسی یا لاتین بنویسید. پاسخ همین‌جا در مرورگر و بدون فرستادن به جایی پیدا می‌شود؛ وضعیت‌ها در تاریخ {} است.</p>",
                 _crumbs(site, here, [], TITLES["verify"]), h.jalali_date(regs.today))
    return _page(site, "verify/index.md", TITLES["verify"], head, [("", form)])


# --- programme ---------------------------------------------------------------------------------


def _weighted(p: ProgrammeProject) -> float:
    return float(p.progress) if p.progress is not None else 0.0


def programme_history(root: Path) -> dict[str, list[str]]:
    """File → the Jalali days (newest first) of the commits that changed it under
    ``registers/programme``; empty outside git."""
    from .. import jalali
    from ..history import TEHRAN

    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        log = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "registers/programme"],
                             capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    import datetime as dt

    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    out: dict[str, list[str]] = defaultdict(list)
    day = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            day = jalali.format_iso(*jalali.from_gregorian(dt.datetime.fromtimestamp(int(line[1:]), TEHRAN).date()))
        elif line and day and line.startswith(prefix):
            days = out[line[len(prefix):]]
            if day not in days:
                days.append(day)
    return dict(out)


def programme_page(site: Site, regs: Registers) -> Page:
    here = "programme/"
    today = regs.today
    shown = {k: status.programme_status(p, today) for k, p in regs.programme.items()}
    late_first = sorted(regs.programme, key=lambda k: (shown[k] is not ProgrammeStatus.LATE, -len(status.overdue(regs.programme[k], today)), persian_sort_key(regs.programme[k].title)))

    def group(keyf: Callable[[ProgrammeProject], str]) -> Markup:
        groups: dict[str, list[ProgrammeProject]] = defaultdict(list)
        for p in regs.programme.values():
            groups[keyf(p)].append(p)
        rows = [[h.text(name), h.number(len(ps)), bar(sum(_weighted(p) for p in ps) / len(ps), name),
                 h.number(sum(1 for p in ps if status.programme_status(p, today) is ProgrammeStatus.LATE))]
                for name, ps in sorted(groups.items(), key=lambda kv: persian_sort_key(kv[0]))]
        return h.table(["", "پروژه‌ها", "میانگین پیشرفت", "با تأخیر"], rows) if rows else h.none()

    history = programme_history(site.catalogue.root) if getattr(site.catalogue, "root", None) else {}
    cards = []
    for k in late_first:
        p = regs.programme[k]
        late = status.overdue(p, today)
        state = _status(shown[k])
        if shown[k] is not p.status and p.status is not None:
            state = h.fmt("{} <small>(اعلام‌شده: {})</small>", state, p.status.label)
        milestones = h.table(["نقطهٔ عطف", "موعد", "انجام", ""], [[
            h.text(m.title), h.jalali_date(m.due), h.jalali_date(m.done) if m.done else Markup("—"),
            Markup('<span class="reg-status reg-status--late">گذشته از موعد</span>') if (i, m) in late else Markup(""),
        ] for i, m in enumerate(p.milestones or [])]) if p.milestones else Markup("")
        indicators = h.table(["شاخص", "پایه", "کنونی", "هدف", ""], [[
            h.fmt("{} <small>({})</small>", ind.title, ind.unit), h.number(ind.baseline) if ind.baseline is not None else Markup(""),
            h.number(ind.current) if ind.current is not None else Markup(""), h.number(ind.target),
            bar(100 * ((ind.current or 0) - (ind.baseline or 0)) / (ind.target - (ind.baseline or 0)) if ind.current is not None and ind.target != (ind.baseline or 0) else 0, ind.title),
        ] for ind in p.indicators]) if p.indicators else Markup("")
        rel = regs.paths.get(("programme", k), "")
        days = history.get(rel, [])
        hist = h.fmt("<p><small>تاریخچهٔ به‌روزرسانی: {}</small></p>", Markup("، ").join(h.jalali_date(d) for d in days[:6])) if days else Markup("")
        cards.append(h.fmt(
            '<section class="reg-programme" id="{}"><h3>{}</h3>{}{}<p>{} · {} · {}</p><p>{}</p>{}{}{}{}</section>',
            k, p.title, _sample(p), h.multiline(p.goal) if p.goal else Markup(""),
            h.fmt("{}: {}", L(ProgrammeProject, "owner"), site.agency_link(here, p.owner) if p.owner else h.not_stated()),
            h.fmt("{}: {}", L(ProgrammeProject, "pillar"), p.pillar or h.not_stated()),
            h.fmt("{} تا {}", _date(p.start), _date(p.end)), h.fmt("{} {}", state, bar(_weighted(p), p.title)),
            milestones, indicators, hist, Markup(""),
        ))
    head = h.fmt("{}<p>{} پروژه؛ {} با تأخیر در {}. پروژه‌ای که نقطهٔ عطفی از آن از موعد گذشته و انجام نشده «با تأخیر» است، هر وضعیتی که اعلام شده باشد.</p>",
                 _crumbs(site, here, [], TITLES["programme"]), persian_digits(len(regs.programme)),
                 persian_digits(sum(1 for s in shown.values() if s is ProgrammeStatus.LATE)), h.jalali_date(today))
    sections = [
        ("پیشرفت هر محور", group(lambda p: p.pillar or "بی‌محور")),
        ("پیشرفت هر دستگاه مسئول", group(lambda p: site.agency_name(p.owner) if p.owner else "اعلام نشده")),
        ("پروژه‌ها (با تأخیرها نخست)", Markup("").join(cards) if cards else h.none()),
    ]
    return _page(site, "programme/index.md", TITLES["programme"], head, sections)


# --- documents ---------------------------------------------------------------------------------


def documents_page(site: Site, regs: Registers) -> Page:
    from ..model.registers import DocumentKind, DocumentStatus

    here = "documents/"
    superseded_by: dict[str, list[str]] = defaultdict(list)
    for slug, d in regs.documents.items():
        for old in d.supersedes or []:
            superseded_by[old].append(slug)

    def row(slug: str, d: StrategicDocument) -> list[Markup]:
        title = h.link(d.url, d.title) if d.url else h.text(d.title)
        rel = []
        if d.supersedes:
            rel.append(h.fmt("جایگزینِ {}", Markup("، ").join(h.fmt('<a href="#{}">{}</a>', s, regs.documents[s].title if s in regs.documents else s) for s in d.supersedes)))
        if superseded_by.get(slug):
            rel.append(h.fmt("جایگزین‌شده با {}", Markup("، ").join(h.fmt('<a href="#{}">{}</a>', s, regs.documents[s].title) for s in superseded_by[slug])))
        approved = h.jalali_date(d.approved_on) if d.approved_on else Markup("")
        if d.approved_by:
            approved = h.fmt("{} {}", approved, site.agency_link(here, d.approved_by) if d.approved_by in site.catalogue.agencies else h.text(d.approved_by))
        return [h.fmt('<span id="{}">{}</span>{}', slug, title, h.fmt(" <small>({})</small>", "دادهٔ نمونه") if d.sample else Markup("")),
                h.digits(d.number) if d.number else Markup(""), h.ltr(d.version) if d.version else Markup(""), _status(d.status), approved,
                Markup("<br>").join(rel), h.text(d.applies_to or "")]

    sections = []
    for kind in [*DocumentKind, None]:
        docs = sorted((s for s, d in regs.documents.items() if d.kind is kind),
                      key=lambda s: (list(DocumentStatus).index(regs.documents[s].status) if regs.documents[s].status is not None else 9,  # type: ignore[arg-type]
                                      persian_sort_key(regs.documents[s].title)))
        if docs:
            sections.append((kind.label if kind else "نوع اعلام نشده", h.table(["عنوان", "شماره", "نسخه", "وضعیت", "تصویب", "جایگزینی", "دامنهٔ شمول"], [row(s, regs.documents[s]) for s in docs])))
    counts = Counter(d.status for d in regs.documents.values() if d.status)
    head = h.fmt("{}<p>{} سند: {}.</p>", _crumbs(site, here, [], TITLES["documents"]), persian_digits(len(regs.documents)),
                 Markup("، ").join(h.fmt("{} {}", persian_digits(counts[s]), s.label) for s in DocumentStatus if counts.get(s)) or h.none())
    return _page(site, "documents/index.md", TITLES["documents"], head, sections or [("", h.none())])


# --- scripts -----------------------------------------------------------------------------------

#: /verify/: look a number up in the page's own JSON (no request): Persian and Arabic digits
#: become ASCII, a certificate number its slug form, a national id its digits.
VERIFY_JS = r"""(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("verify-data").textContent);
  var form = document.getElementById("verify-form");
  var input = document.getElementById("verify-input");
  var out = document.getElementById("verify-result");
  function ascii(s) {
    return s.replace(/[\u06F0-\u06F9]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x06F0 + 48); })
            .replace(/[\u0660-\u0669]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x0660 + 48); });
  }
  function slug(s) { return s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join("-"); }
  function fa(s) { return String(s).replace(/[0-9]/g, function (d) { return "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9"[d]; }); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function row(dl, k, v) { if (!v) return; dl.appendChild(el("dt", "", k)); dl.appendChild(el("dd", "", v)); }
  function show(kind, rec) {
    out.textContent = "";
    var box = el("div", "reg-verify__result reg-verify__result--" + (rec.status || "none"));
    box.setAttribute("data-status", rec.status || "");
    box.appendChild(el("p", "reg-verify__status", kind + ": " + rec.label));
    var dl = el("dl", "card-fields");
    if (rec.number) row(dl, "شمارهٔ گواهی", fa(rec.number));
    if (rec.name) row(dl, "نام نهاد", rec.name);
    row(dl, "نوع", rec.kind);
    row(dl, "دارنده", rec.holder);
    row(dl, "طرح", rec.project);
    row(dl, "اعتبار تا", rec.until);
    box.appendChild(dl);
    var a = el("a", "", "صفحهٔ کامل"); a.href = rec.url; box.appendChild(a);
    box.appendChild(el("p", "reg-verify__day", "وضعیت در تاریخ " + data.today));
    out.appendChild(box);
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var raw = ascii(input.value.trim());
    var digits = raw.replace(/[^0-9]/g, "");
    if (!raw) { out.textContent = ""; return; }
    var cert = data.certificates[slug(raw)];
    if (cert) return show("گواهی مشارکت", cert);
    if (/^[0-9\s-]+$/.test(raw) && data.bodies[digits]) return show("نهاد احراز صلاحیت‌شده", data.bodies[digits]);
    out.textContent = "";
    var none = el("div", "reg-verify__result reg-verify__result--unknown", "گواهی یا نهادی با «" + fa(input.value.trim()) + "» ثبت نشده است.");
    none.setAttribute("data-status", "unknown");
    out.appendChild(none);
  });
  var q = new URLSearchParams(location.search).get("n");
  if (q) { input.value = q; form.dispatchEvent(new Event("submit", { cancelable: true })); }
})();
"""

#: /projects/: the filters hide the rows that do not match; without JavaScript every row shows.
FILTER_JS = r"""(function () {
  "use strict";
  var table = document.getElementById("reg-projects");
  if (!table) return;
  var selects = document.querySelectorAll("select[data-filter]");
  var count = document.querySelector(".reg-count");
  function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9"[d]; }); }
  function apply() {
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var ok = true;
      selects.forEach(function (s) { if (s.value && tr.getAttribute("data-" + s.getAttribute("data-filter")) !== s.value) ok = false; });
      tr.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = fa(shown) + " طرح";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();
"""
