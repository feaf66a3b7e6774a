"""``site-gen new``: a valid skeleton of a card, licence or agency, commented in Persian.

Every field of the model appears, in the model's order, under a comment with its Persian label,
its description and (for vocabularies) the allowed values; unstated fields are ``null``, which
the validator reads as «اعلام نشده». Generated from the models, never written by hand.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from .model import Agency, Licence, Service
from .model.docs import with_field_docs
from .model.kind import vocab_of

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "service": (Service, "service"),
    "licence": (Licence, "licence"),
    "agency": (Agency, "agency"),
}
INTRO = {
    "service": "شناسنامهٔ خدمت",
    "licence": "مجوز (بانک اطلاعاتی مجوزها، فرم‌های ۱ و ۲)",
    "agency": "دستگاه اجرایی",
}


_vocab_of = vocab_of


#: A worked example for each compound field, written under the field as a comment: uncommented,
#: each is valid (``tests/test_clerk_loop.py`` checks it) and the reference pages show them too.
EXAMPLES: dict[str, dict[str, str]] = {
    "service": {
        "sub_services": """sub_services:
  - title: گواهی‌ها
    items:
      - {title: صدور گواهی ولادت, id: "12011076107"}
      - title: المثنی
        card: birth-certificate-duplicate""",
        "required_documents": """required_documents:
  - تصویر کارت ملی
  - {title: اصل شناسنامه, code: "10001"}""",
        "laws": """laws:
  - title: تصویب‌نامهٔ شناسنامهٔ خدمات دستگاه‌های اجرایی
    number: "206/93/7740"
    date: "1393-07-15"
    articles: ماده ۳
    url: https://www.example.ir/law.pdf""",
        "recipients": """recipients:
  - {period: year, count: 120000, unit: نفر, category: شهروندان}""",
        "average_duration": """average_duration: {value: 3, unit: day, max: 5, note: پس از تکمیل مدارک}""",
        "frequency": """frequency: {once: false, times: 1, per: [year]}""",
        "cost": """cost:
  free: false
  electronic_payment: true
  items:
    - title: هزینهٔ صدور
      amount_rials: 500000
      bank_account: "IR820170000000123456789001"
    - title: هزینهٔ ارسال پستی
      min_rials: 150000
      max_rials: 300000
      condition: اگر متقاضی ارسال پستی بخواهد""",
        "access": """access:
  information: {electronic: true, non_electronic: false, channels: [internet, sms]}
  request: {electronic: true, non_electronic: true, channels: [internet, counter_offices]}
  production: {electronic: true, non_electronic: false, channels: [intranet]}
  delivery:
    electronic: false
    non_electronic: true
    channels: [post]
    in_person:
      levels: [county]
      reasons: [document_authentication]
  note: تحویل فقط با پست""",
        "processes": """processes: [ثبت درخواست, بررسی مدارک, صدور گواهی, ارسال]""",
        "process_flow": """# (هر یال [از، به] با شمارهٔ فرایند در processes، از ۱)
process_flow: [[1, 2], [2, 3], [3, 4]]""",
        "locations": """locations:
  - {title: ادارهٔ ثبت احوال منطقهٔ ۳, address: تهران، خیابان نمونه، پلاک ۱, hours: شنبه تا چهارشنبه ۸ تا ۱۴}""",
        "related_systems": """related_systems:
  - {name: سامانهٔ ثبت ولادت, fields: [کد ملی نوزاد], electronic: true}""",
        "related_agencies": """related_agencies:
  - agency: سازمان ثبت اسناد و املاک کشور
    fields: [کد ملی, نشانی]
    electronic: false
    cost_rials: 0
    non_electronic_by: [applicant]""",
        "attachments": """attachments:
  - {title: راهنمای خدمت, url: https://www.example.ir/guide.pdf}""",
        "faq": """faq:
  - {q: آیا حضور متقاضی لازم است؟, a: فقط برای تحویل}""",
        "contact": """contact: {unit: دفتر خدمات, role: کارشناس, email: info@example.ir, phone: "021-88115831"}""",
    },
    "licence": {
        "legal_basis": """legal_basis:
  - {title: قانون نظام صنفی, type: law, number: "12", date: "1382-12-24", articles: ماده ۱۲}""",
        "actions": """actions:
  - type: issue
    required_documents: [تصویر کارت ملی]
    conditions: [داشتن محل کسب]
    validity: {value: 5, unit: year}
    fees:
      - {title: هزینهٔ صدور, amount_rials: 2000000}
    process: shared
    duration: {value: 10, unit: day}
    electronic: true
    inquiries:
      - agency: سازمان ثبت اسناد و املاک کشور
        process_type: named
        description: استعلام سوء پیشینه
        validity: {value: 3, unit: month}
        cost_rials: 0
        duration: {value: 2, unit: day}
        electronic: true
  - {type: renew, validity: unlimited, cost_rials: 0, process: exclusive}""",
    },
    "agency": {},
}


def skeleton(kind: str, agency: str) -> str:
    with_field_docs()
    model, schema = KINDS[kind]
    lines = [
        f"# yaml-language-server: $schema=../../schema/{schema}.schema.json",
        f"# {INTRO[kind]} — هر فیلد را پر کنید. null یعنی «اعلام نشده»، [] یعنی «هیچ‌کدام».",
        "# شناسه‌ها، کدها، تاریخ‌ها (شمسی، مانند \"1403-05-12\") و تلفن‌ها را در گیومه بنویسید.",
        "",
    ]
    values = {
        "service": {"title": "عنوان خدمت را اینجا بنویسید", "agency": agency},
        "licence": {"title": "عنوان مجوز را اینجا بنویسید", "agency": agency},
        "agency": {"slug": agency, "name": "نام دستگاه اجرایی را اینجا بنویسید"},
    }[kind]
    for name, f in model.model_fields.items():
        if name == "sample":
            continue
        note = f"# {f.title}: {f.description}" if f.description else f"# {f.title}"
        lines.append(note.rstrip())
        vocab = _vocab_of(f.annotation)
        if vocab is not None:
            allowed = "، ".join(f"{m.value} ({m.label})" for m in vocab)
            lines.append(f"#   مقدارهای مجاز: {allowed}")
        example = EXAMPLES[kind].get(name)
        if example is not None:
            lines.append(f"# نمونه (برای به کار بردن: «# » را از آغاز سطرهای زیر بردارید و سطر «{name}: null» را پاک کنید):")
            lines += [f"# {line}" for line in example.splitlines()]
        value = values.get(name)
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False) if value is not None else 'null'}")
    return "\n".join(lines) + "\n"
