"""A deterministic synthetic catalogue for benchmarks and scale tests.

``synthesise(out, n)`` writes N service cards over max(1, N/50) agencies and N/2 licences, with
realistic Persian text (ZWNJ compounds included) and the field mix of real cards: some fully
electronic, some needing visits, fees as amounts, ranges and rules, fields not stated, shared
licence processes with inquiries. Every file is valid; the same seed gives the same bytes.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{}.schema.json\n"

_AGENCY_KINDS = [
    "سازمان", "اداره کل", "شرکت", "معاونت", "مرکز", "دفتر", "اداره",
]
_AGENCY_TOPICS = [
    "ثبت احوال", "امور مالیاتی", "تأمین اجتماعی", "آب و فاضلاب", "توزیع نیروی برق", "راهداری و حمل‌ونقل جاده‌ای",
    "غذا و دارو", "فنی و حرفه‌ای", "منابع طبیعی و آبخیزداری", "میراث فرهنگی و گردشگری", "صنعت، معدن و تجارت",
    "جهاد کشاورزی", "ورزش و جوانان", "بهزیستی", "نظام مهندسی ساختمان", "حفاظت محیط زیست", "ثبت اسناد و املاک",
    "امور اتباع و مهاجرین خارجی", "استاندارد", "پست", "راه و شهرسازی", "آموزش و پرورش", "بیمه سلامت",
]
_PROVINCES = [
    "تهران", "خراسان رضوی", "اصفهان", "فارس", "آذربایجان شرقی", "خوزستان", "کرمان", "سیستان و بلوچستان",
    "گیلان", "مازندران", "کرمانشاه", "همدان", "یزد", "قزوین", "البرز", "چهارمحال و بختیاری",
]
_VERBS = ["صدور", "تمدید", "ثبت", "تغییر", "ابطال", "استعلام", "پرداخت", "انتقال", "اصلاح", "درخواست", "پیگیری"]
_OBJECTS = [
    "شناسنامه", "کارت ملی هوشمند", "گواهی فوت", "پروانه کسب", "مفاصاحساب بیمه", "انشعاب آب", "کنتور برق",
    "پروانه ساختمان", "سند مالکیت", "گواهی عدم سوء پیشینه", "کارت بازرگانی", "گواهینامه رانندگی",
    "پروانه بهره‌برداری", "مجوز حفر چاه", "پروانه داروخانه", "کارت اقامت", "گذرنامه", "سابقه بیمه",
    "اظهارنامه مالیاتی", "یارانه معیشتی", "وام ازدواج", "گواهی اشتغال به تحصیل", "مجوز نصب تابلو",
]
_QUALIFIERS = [
    "اشخاص حقیقی", "اشخاص حقوقی", "اتباع خارجی", "بازنشستگان", "دانشجویان", "واحدهای صنفی", "کشاورزان",
    "مشترکان خانگی", "شرکت‌های دانش‌بنیان", "دستگاه‌های اجرایی", "ساکنان روستاها", "مالکان",
]
_PHRASES = [
    "این خدمت به‌صورت یکپارچه در سامانه‌های دستگاه ارائه می‌شود",
    "متقاضی پس از ثبت درخواست، نتیجه را از طریق پیامک دریافت می‌کند",
    "بررسی مدارک توسط کارشناسان دستگاه انجام می‌شود",
    "در صورت نقص مدارک، درخواست به متقاضی بازگردانده می‌شود",
    "استعلام‌های لازم به‌صورت برخط از دستگاه‌های دیگر گرفته می‌شود",
    "هزینه‌ها مطابق تعرفه مصوب سالانه محاسبه می‌شود",
    "مراجعه حضوری فقط برای احراز اصالت مدارک لازم است",
    "نتیجه بررسی حداکثر ظرف مدت اعلام‌شده به اطلاع متقاضی می‌رسد",
    "دفاتر پیشخوان خدمات دولت در سراسر کشور این خدمت را ارائه می‌کنند",
    "اطلاعات هویتی متقاضی از سامانه ثبت احوال استعلام می‌شود",
]
_DOCUMENTS = [
    "تصویر کارت ملی", "تصویر شناسنامه", "اصل سند مالکیت", "فرم درخواست تکمیل‌شده", "گواهی پایان خدمت",
    "تصویر آگهی تأسیس", "اجاره‌نامه رسمی", "عکس پرسنلی", "گواهی سلامت", "مدرک تحصیلی",
]
_AUDIENCE = ["عموم مردم", "دانشجو", "بازنشستگان", "کسب‌وکارها", "دستگاه‌های اجرایی", "کشاورزان", "اتباع خارجی"]
_PROCESSES = [
    "ثبت درخواست", "بررسی مدارک", "استعلام از دستگاه‌های دیگر", "بازدید کارشناسی", "محاسبه هزینه",
    "پرداخت الکترونیکی", "صدور نتیجه", "اطلاع‌رسانی به متقاضی", "بایگانی پرونده",
]
_LAWS = [
    "قانون ثبت احوال کشور", "قانون مالیات‌های مستقیم", "قانون تأمین اجتماعی", "قانون نظام صنفی",
    "قانون کار جمهوری اسلامی ایران", "آیین‌نامه توسعه خدمات الکترونیکی", "قانون برنامه پنجم توسعه",
]
_ENTITY_WORDS = ["سلامت", "سپهر", "پیشخوان", "هوشمند", "یکپارچه", "ملی", "نوین", "همراه"]
_LIFE_EVENTS = [
    "birth", "education", "health", "tax", "business", "social_security", "property_registration", "utilities",
    "insurance", "marriage", "retirement", "documents_certificates", "death",
]
_ELECTRONIC = ["internet", "mobile_app", "sms", "ivr", "email"]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def to_yaml(data: dict[str, Any], indent: str = "") -> str:
    """Block-style YAML for a mapping; short lists of scalars in flow style."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{indent}{key}:")
            lines.append(to_yaml(value, indent + "  ").rstrip("\n"))
        elif isinstance(value, list) and value and (
            any(isinstance(v, (dict, list)) for v in value) or len(_flow(value)) > 70
        ):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict) and item:
                    body = to_yaml(item, indent + "    ").rstrip("\n")
                    lines.append(f"{indent}  - " + body[len(indent) + 4 :])
                else:
                    lines.append(f"{indent}  - {_flow(item)}")
        else:
            lines.append(f"{indent}{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


class _Synth:
    def __init__(self, n: int, seed: int) -> None:
        self.r = random.Random(seed)
        self.n = n
        self.n_agencies = max(1, n // 50)
        self.n_licences = n // 2
        self.next_id = 10_000_000_000

    def pick(self, seq: list[Any], k: int | None = None) -> Any:
        if k is None:
            return self.r.choice(seq)
        return self.r.sample(seq, k)

    def new_id(self) -> str:
        self.next_id += self.r.randint(1, 97)
        return str(self.next_id)

    def sentence(self, parts: int = 2) -> str:
        return "، ".join(self.pick(_PHRASES, parts)) + "."

    def agency(self, i: int, slugs: list[str]) -> dict[str, Any]:
        topic = _AGENCY_TOPICS[i % len(_AGENCY_TOPICS)]
        kind = _AGENCY_KINDS[(i // len(_AGENCY_TOPICS)) % len(_AGENCY_KINDS)]
        provincial = i >= len(_AGENCY_TOPICS)
        province = _PROVINCES[i % len(_PROVINCES)] if provincial else None
        name = f"{kind} {topic}" + (f" استان {province}" if province else " کشور") + (f" {i}" if i >= 200 else "")
        data: dict[str, Any] = {"slug": slugs[i], "name": name}
        data["parent"] = slugs[i % len(_AGENCY_TOPICS)] if provincial else self.pick(["وزارت کشور", "وزارت اقتصاد و دارایی", "وزارت نیرو", "وزارت بهداشت، درمان و آموزش پزشکی", None])
        data["code"] = str(1000 + i)
        data["website"] = f"https://www.{slugs[i]}.gov.ir"
        if province:
            data["province"] = province
        data["maintainers"] = [f"@{slugs[i]}-services"]
        return data

    def service(self, agency: str, slug: str, agencies: list[str], licences: list[str]) -> dict[str, Any]:
        r = self.r
        verb, obj, qual = self.pick(_VERBS), self.pick(_OBJECTS), self.pick(_QUALIFIERS)
        sparse = r.random() < 0.15  # a card with many fields not stated, as published cards often are
        electronic = r.random() < 0.35
        d: dict[str, Any] = {}
        d["id"] = self.new_id() if r.random() < 0.9 else None
        d["title"] = f"{verb} {obj} {qual}"
        d["agency"] = agency
        d["summary"] = f"{verb} {obj} برای {qual}؛ {self.pick(_PHRASES)}."
        d["description"] = self.sentence(3) if not sparse else None
        d["service_types"] = self.pick([["G2C"], ["G2B"], ["G2C", "G2B"], ["G2G"], ["G2E"]])
        d["audience"] = self.pick(_AUDIENCE, r.randint(1, 3))
        d["nature"] = self.pick(["sovereign", "proprietary"])
        d["levels"] = self.pick([["national"], ["provincial"], ["urban", "rural"], ["national", "provincial"]])
        d["life_events"] = self.pick(_LIFE_EVENTS, r.randint(0, 2)) if not sparse else None
        d["triggers"] = self.pick([["applicant_request"], ["applicant_request", "event"], ["scheduled_time"]])
        d["required_documents"] = self.pick(_DOCUMENTS, r.randint(0, 4)) if not sparse else None
        d["laws"] = [self.pick(_LAWS)] + ([{"title": self.pick(_LAWS), "number": f"{r.randint(10, 999)}/{r.randint(10, 99)}", "date": f"13{r.randint(70, 99)}-{r.randint(1, 12):02d}-{r.randint(1, 29):02d}", "articles": f"ماده {r.randint(1, 40)}"}] if r.random() < 0.5 else [])
        d["recipients"] = [{"period": "year", "count": r.randint(100, 900000), "unit": "نفر"}]
        d["average_duration"] = self.pick([{"value": r.randint(1, 30), "unit": "day"}, {"value": r.randint(10, 90), "unit": "minute"}, {"value": 1, "unit": "week", "max": 3}, {"value": None, "unit": None, "note": "بسته به نوع درخواست از یک روز تا چند ماه"}])
        d["frequency"] = self.pick([{"once": True}, {"once": False, "times": r.randint(1, 4), "per": ["year"]}])
        d["in_person_visits"] = 0 if electronic else r.randint(1, 3)
        if not electronic and r.random() < 0.3:
            d["in_person_note"] = "در صورت واگذاری به دفاتر پیشخوان یک بار"
        cost = self.pick(["free", "amount", "range", "rule"])
        if cost == "free":
            d["cost"] = {"free": True, "electronic_payment": False, "items": []}
        elif cost == "amount":
            d["cost"] = {"free": False, "electronic_payment": True, "items": [{"title": f"هزینه {verb}", "amount_rials": r.randint(1, 500) * 10000}]}
        elif cost == "range":
            low = r.randint(1, 20) * 50000
            d["cost"] = {"free": False, "electronic_payment": True, "items": [{"title": "جریمه تاخیر", "min_rials": low, "max_rials": low * 4, "condition": "بعد از مهلت قانونی"}]}
        else:
            d["cost"] = {"free": False, "electronic_payment": False, "items": [{"title": "عوارض", "rule": "بر اساس دفترچه عوارض سالیانه"}]}
        d["website"] = f"https://{agency}.gov.ir/services/{slug}"
        d["system_name"] = f"سامانه {self.pick(_ENTITY_WORDS)} {obj}"
        d["access"] = self.access(electronic, sparse)
        d["related_systems"] = [{"name": f"سامانه {self.pick(_ENTITY_WORDS)}", "fields": ["کد ملی", "نشانی"], "electronic": True}]
        related = []
        for other in self.pick(agencies, min(len(agencies), r.randint(0, 2))):
            if other != agency:
                related.append({"agency": other, "fields": ["وضعیت پرونده"], "electronic": electronic or r.random() < 0.5})
        if r.random() < 0.2:
            related.append({"agency": "نیروی انتظامی", "fields": [], "electronic": electronic, "non_electronic_by": [] if electronic else ["applicant"]})
        d["related_agencies"] = related
        steps = self.pick(_PROCESSES, r.randint(2, 6))
        d["processes"] = steps
        d["process_flow"] = [[i, i + 1] for i in range(1, len(steps))]
        if licences and r.random() < 0.3:
            d["licenses"] = [self.pick(licences)]
        d["keywords"] = [obj, f"{obj} {self.pick(_ENTITY_WORDS)}"]
        d["last_reviewed"] = f"140{r.randint(0, 4)}-{r.randint(1, 12):02d}-{r.randint(1, 29):02d}"
        d["contact"] = {"unit": f"اداره {self.pick(_ENTITY_WORDS)} خدمات", "phone": f"021-{r.randint(20000000, 99999999)}"}
        if sparse:
            for key in ("recipients", "frequency", "related_systems", "process_flow", "contact"):
                d[key] = None
        return d

    def access(self, electronic: bool, sparse: bool) -> dict[str, Any] | None:
        if sparse and self.r.random() < 0.5:
            return None
        stages: dict[str, Any] = {}
        for stage in ("information", "request", "production", "delivery"):
            if stage == "production" and self.r.random() < 0.6:
                continue
            if electronic or stage == "information":
                stages[stage] = {"electronic": True, "non_electronic": False, "channels": self.pick(_ELECTRONIC, self.r.randint(1, 2))}
            else:
                stages[stage] = {
                    "electronic": self.r.random() < 0.5,
                    "non_electronic": True,
                    "channels": ["counter_offices"],
                    "in_person": {"levels": ["provincial"], "reasons": self.pick(["identity_authentication", "document_authentication", "no_infrastructure"], 1)},
                }
        return stages

    def licence(self, agency: str, slug: str, services: list[str], agencies: list[str]) -> dict[str, Any]:
        r = self.r
        obj = self.pick(_OBJECTS)
        d: dict[str, Any] = {"id": self.new_id(), "title": f"{self.pick(['پروانه', 'مجوز', 'گواهی', 'جواز'])} {obj}", "agency": agency}
        d["kind"] = self.pick(["licence", "permit", "certificate", "approval", "generic", None])
        d["legal_basis"] = [{"title": self.pick(_LAWS), "number": str(r.randint(100, 9999)), "date": f"13{r.randint(60, 99)}-{r.randint(1, 12):02d}-{r.randint(1, 29):02d}", "articles": f"ماده {r.randint(1, 30)}"}]
        d["applicants"] = self.pick([["natural_person"], ["legal_person"], ["natural_person", "legal_person"]])
        d["supervisors"] = [self.pick(agencies)]
        if services:
            d["service"] = self.pick(services)
        actions = []
        for kind in ("issue", "renew", "revoke"):
            if kind != "issue" and r.random() < 0.5:
                continue
            shared = kind == "issue" and r.random() < 0.4
            action: dict[str, Any] = {
                "type": kind,
                "required_documents": [{"title": t, "code": str(10000 + i)} for i, t in enumerate(self.pick(_DOCUMENTS, 2))],
                "conditions": ["داشتن فضای فیزیکی مناسب"] if kind == "issue" else [],
                "validity": self.pick([{"value": r.randint(1, 5), "unit": "year"}, "unlimited", None]),
                "cost_rials": self.pick([0, r.randint(1, 90) * 10000, None]),
                "process": "shared" if shared else "exclusive",
                "duration": {"value": r.randint(1, 30), "unit": "day"},
                "electronic": r.random() < 0.6,
            }
            if shared:
                action["inquiries"] = [
                    {"agency": self.pick(agencies), "code": str(10080 + i), "process_type": "named", "description": "استعلام سوابق", "cost_rials": 0, "duration": {"value": self.pick([0, 2, 5]), "unit": "day"}, "electronic": True}
                    for i in range(r.randint(1, 3))
                ]
            actions.append(action)
        d["actions"] = actions
        return d


def synthesise(out: Path, n: int, *, seed: int = 1) -> dict[str, int]:
    """Write the catalogue into ``out`` (its cards/ and licenses/ are replaced)."""
    s = _Synth(n, seed)
    slugs = [f"agency-{i:03d}" for i in range(s.n_agencies)]
    for top in ("cards", "licenses"):
        shutil.rmtree(out / top, ignore_errors=True)
    per_agency_services: dict[str, list[str]] = {a: [] for a in slugs}
    for i in range(n):
        per_agency_services[slugs[i % len(slugs)]].append(f"service-{i:05d}")
    per_agency_licences: dict[str, list[str]] = {a: [] for a in slugs}
    for i in range(s.n_licences):
        per_agency_licences[slugs[i % len(slugs)]].append(f"licence-{i:05d}")
    for i, agency in enumerate(slugs):
        folder = out / "cards" / agency
        folder.mkdir(parents=True)
        (folder / "_agency.yaml").write_text(SCHEMA_LINE.format("agency") + to_yaml(s.agency(i, slugs)), encoding="utf-8")
        lic_folder = out / "licenses" / agency
        lic_folder.mkdir(parents=True)
        for slug in per_agency_services[agency]:
            data = s.service(agency, slug, slugs, per_agency_licences[agency])
            (folder / f"{slug}.yaml").write_text(SCHEMA_LINE.format("service") + to_yaml(data), encoding="utf-8")
        for slug in per_agency_licences[agency]:
            data = s.licence(agency, slug, per_agency_services[agency], slugs)
            (lic_folder / f"{slug}.yaml").write_text(SCHEMA_LINE.format("licence") + to_yaml(data), encoding="utf-8")
    return {"agencies": len(slugs), "services": n, "licences": s.n_licences}
