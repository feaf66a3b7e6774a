"""The field reference of the contributor guide, generated from the models (never by hand)."""

from __future__ import annotations

from markupsafe import Markup
from pydantic import BaseModel

from ..codes import all_codes
from ..model import Agency, Licence, Service
from ..model.common import is_form_field
from ..model.docs import models_under, with_field_docs
from ..scaffold import _vocab_of
from . import html as h

RECORDS: list[tuple[str, type[BaseModel], str, str]] = [
    ("service", Service, "شناسنامهٔ خدمت", "cards/<agency>/<slug>.yaml"),
    ("licence", Licence, "مجوز", "licenses/<agency>/<slug>.yaml"),
    ("agency", Agency, "دستگاه اجرایی", "cards/<agency>/_agency.yaml"),
]


def _fields_table(model: type[BaseModel]) -> Markup:
    rows = []
    for name, f in model.model_fields.items():
        vocab = _vocab_of(f.annotation)
        allowed = h.fmt("<br>").join(h.fmt("{} — {}", h.ltr(m.value), m.label) for m in vocab) if vocab else Markup("")
        marks = []
        if f.is_required():
            marks.append("الزامی")
        if is_form_field(model, name):
            marks.append("فیلد فرم")
        rows.append([h.ltr(name), h.text(f.title or name), h.text(f.description or ""), allowed, h.text("، ".join(marks))])
    return h.fmt('<div class="table-wrap">{}</div>', h.table(["کلید", "برچسب", "توضیح", "مقدارهای مجاز", ""], rows))


def guide_sections() -> list[tuple[str, Markup]]:
    with_field_docs()
    intro = Markup(
        "<p>این صفحه از روی مدل‌های اعتبارسنج ساخته می‌شود و همیشه با آن هم‌خوان است. "
        "<code>null</code> یعنی «اعلام نشده»، <code>[]</code> یعنی «هیچ‌کدام». "
        "شناسه‌ها، کدها، تاریخ‌های شمسی (YYYY-MM-DD) و تلفن‌ها را در گیومه بنویسید. "
        'قاعده‌ها و نمونهٔ کامل هر نوع پرونده: <a href="../../format/">قالب پرونده‌ها</a>.</p>'
    )
    sections: list[tuple[str, Markup]] = [("", intro)]
    for _, model, title, path in RECORDS:
        parts = [h.fmt("<p>پرونده: {}</p>", h.ltr(path))]
        for sub in models_under(model):
            heading = h.fmt("<h3>{} <bdi class=\"ltr\" dir=\"ltr\">{}</bdi></h3>", sub.__doc__ or sub.__name__, sub.__name__) if sub is not model else Markup("")
            parts.append(h.fmt("{}{}", heading, _fields_table(sub)))
        sections.append((title, Markup("").join(parts)))
    codes_rows = [[h.ltr(c.slug), h.text("هشدار" if c.warning else "خطا"), h.text(c.title)] for c in all_codes().values()]
    sections.append(("کدهای خطا و هشدار", h.fmt('<div class="table-wrap">{}</div>', h.table(["کد", "نوع", "معنا"], codes_rows))))
    return sections
