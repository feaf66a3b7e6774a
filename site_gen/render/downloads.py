"""The downloads page, ``/downloads/``: each file of :mod:`site_gen.export`, what it holds, its
licence, and every column of the tables (key, Persian header, description)."""

from __future__ import annotations

from markupsafe import Markup

from ..model.vocab import Channel, LifeEvent
from . import html as h
from .pages import Page, Site, _block, yaml_string

#: The licence of the published data (one place to change it).
DATA_LICENCE = Markup('<a href="https://creativecommons.org/licenses/by/4.0/deed.fa" rel="license">CC BY 4.0</a> (استفاده، بازنشر و تغییر آزاد است به شرط ذکر منبع: «کاتالوگ خدمات و مجوزهای دولت»)')


def _file(name: str) -> Markup:
    return h.fmt('<a href="{}" download>{}</a>', name, h.ltr(name))


def downloads_page(site: Site) -> Page:
    from ..model.docs import with_field_docs

    with_field_docs()
    from ..export.tables import tables

    c = site.catalogue
    n_actions = sum(len(lic.actions or []) for lic in c.licences.values())
    n_inquiries = sum(len(a.inquiries or []) for lic in c.licences.values() for a in lic.actions or [])
    counts = {"agencies": len(c.agencies), "services": len(c.services), "licenses": len(c.licences),
              "license_actions": n_actions, "license_inquiries": n_inquiries}
    total = h.fmt("{} دستگاه، {} خدمت و {} مجوز", h.number(len(c.agencies)), h.number(len(c.services)), h.number(len(c.licences)))
    intro = h.fmt(
        "<p>همهٔ کاتالوگ ({}) در این پرونده‌ها هم منتشر می‌شود تا سامانه‌های دیگر، پژوهشگران و روزنامه‌نگاران آن را به کار ببرند. "
        "پرونده‌ها با هر بار ساخت وبگاه از همان پرونده‌های YAML کاتالوگ دوباره ساخته می‌شوند و همیشه با صفحه‌ها یکی‌اند.</p>"
        "<p>مجوز بهره‌برداری از داده‌ها: {}. دادهٔ هر رکورد را دستگاه ارائه‌دهنده اعلام کرده است؛ رکوردهایی که «دادهٔ نمونه» دارند (sample: true) نمونه‌اند و رسمی نیستند.</p>",
        total, DATA_LICENCE)
    rows = [
        [_file("catalogue.json"), Markup("همهٔ دستگاه‌ها، خدمات و مجوزها با شناسه، نامک و نشانی صفحه (url)؛ کلیدها همان کلیدهای YAML‌اند و فیلدهای اعلام‌نشده نمی‌آیند"), Markup("JSON")],
        [_file("catalogue.xlsx"), Markup("همان جدول‌های CSV، هر جدول در یک برگه؛ سطر اول سرستون فارسی، سطر دوم کلید؛ برگه‌ها راست‌به‌چپ"), Markup("Excel (xlsx)")],
    ]
    for table in tables():
        rows.append([_file(f"{table.name}.csv"), h.fmt("جدول «{}»: هر سطر {}؛ {} سطر", table.sheet, table.title, h.number(counts[table.name])), Markup("CSV (UTF-8 با BOM)")])
    rows += [
        [_file("catalogue.jsonld"), Markup("همهٔ خدمات به شکل دادهٔ پیوندی CPSV-AP 3.2 (واژگان اروپایی خدمات عمومی)"), Markup("JSON-LD")],
        [h.fmt("{} (کنار هر صفحهٔ خدمت)", h.ltr("services/<agency>/<slug>/index.jsonld")), Markup("یک خدمت به شکل CPSV-AP 3.2"), Markup("JSON-LD")],
        [_file("schema/service.schema.json"), Markup("JSON Schema شناسنامهٔ خدمت"), Markup("JSON Schema")],
        [_file("schema/licence.schema.json"), Markup("JSON Schema مجوز"), Markup("JSON Schema")],
        [_file("schema/agency.schema.json"), Markup("JSON Schema دستگاه"), Markup("JSON Schema")],
        [_file("sitemap.xml"), Markup("فهرست نشانی همهٔ صفحه‌های رکوردها با تاریخ آخرین تغییر"), Markup("XML (sitemap)")],
    ]
    files = h.table(["پرونده", "چه دارد", "قالب"], rows)
    how = Markup(
        "<p>در CSV و اکسل هر خانه مقدار همان فیلد در YAML است: متن، عدد با رقم لاتین، true/false، یا مقدار واژگان (مانند G2C). "
        "فهرست یا نگاشت (مانند مدارک، قوانین، نحوهٔ دسترسی) در یک خانه به شکل JSON می‌آید؛ خانهٔ خالی یعنی «اعلام نشده» و <code>[]</code> یعنی «هیچ‌کدام». "
        "اقدام‌های هر مجوز و استعلام‌های هر اقدام جدول‌های جدا دارند و با شناسهٔ دستگاه، نامک مجوز و شمارهٔ اقدام به مجوز خود می‌رسند. "
        "در CSV متنی که با = یا + یا - یا @ آغاز شود یک ' در آغاز می‌گیرد تا صفحه‌گسترده آن را فرمول نخواند؛ در اکسل متن همان است که هست.</p>"
        "<p>کارپوشه‌ای به همین شکل را فرمان <code>site-gen import xlsx FILE --out ROOT</code> به پرونده‌های YAML برمی‌گرداند "
        "و هر خانه‌ای را که نتواند بخواند با برگه، ردیف، ستون و دلیلش گزارش می‌کند.</p>")
    columns = Markup("").join(
        h.fmt("<h3>{} ({})</h3>{}", table.sheet, h.ltr(f"{table.name}.csv"),
              h.table(["کلید (CSV)", "سرستون (اکسل)", "شرح"], [[h.ltr(col.key), h.text(col.label), h.text(col.description) + (Markup(" (JSON)") if col.compound else Markup(""))] for col in table.columns]))
        for table in tables())
    linked = Markup(
        "<p>هر خدمت یک <code>cpsv:PublicService</code> است با دستگاه صالح (<code>cv:hasCompetentAuthority</code>)، مجراها (<code>cv:hasChannel</code>)، "
        "هزینه‌ها به ریال (<code>cv:hasCost</code>)، مدارک (<code>cpsv:hasInput</code>)، قوانین (<code>cv:hasLegalResource</code>)، "
        "مدت انجام به شکل ISO 8601 (<code>cv:processingTime</code>) و رویدادهای زندگی (<code>cv:isGroupedBy</code>). "
        "نشانی‌ها نسبی‌اند و هر خواننده آن‌ها را نسبت به نشانی پرونده می‌خواند. "
        "هر صفحهٔ خدمت هم یک GovernmentService از schema.org در خود دارد.</p>")
    vocab = h.items([h.fmt('<span id="channel-{}">{}</span> {}', ch.value, h.ltr(ch.value), ch.label) for ch in Channel]
                    + [h.fmt('<span id="life-event-{}">{}</span> {}', ev.value, h.ltr(ev.value), ev.label) for ev in LifeEvent])
    sections = [("پرونده‌ها", files), ("خواندن جدول‌ها", how), ("ستون‌های جدول‌ها", columns), ("دادهٔ پیوندی", linked), ("واژگان مجراها و رویدادهای زندگی", vocab)]
    content = site.render("downloads.md.j2", title_yaml=yaml_string("دادهٔ باز: دریافت کاتالوگ"), head=_block(intro),
                          sections=[(t, _block(b)) for t, b in sections])
    return Page("downloads/index.md", content)
