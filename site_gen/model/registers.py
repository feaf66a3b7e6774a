"""The registers of the seed service (REGISTERS.md): ``registers/<type>/…``.

Six record types beside the cards: an agency's technologies and standards, a project open to
private-sector participation, a qualified body, a participation certificate, a project of the
transition programme and a strategic document. Same field types, labels, errors and rules as the
cards (:mod:`.types`, :func:`.common.label`); the rules inside one record are each model's
``problems()``, the rules across records are :mod:`site_gen.registers.checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Discriminator, Field, Tag

from .. import codes
from ..patterns import whole
from ..registers import certificate_slug as certificate_slug
from .common import Problem, Strict, label
from .kind import Vocab
from .types import (
    Bool,
    Email,
    JalaliDate,
    Line,
    NonNegInt,
    NonNegNumber,
    Phone,
    PosInt,
    Ref,
    Slug,
    Text,
    Url,
    _constrained,
    text_or,
)

# --- vocabularies ------------------------------------------------------------------------------


class TechKind(Vocab):
    PLATFORM = ("platform", "سکو")
    OPERATING_SYSTEM = ("operating_system", "سیستم‌عامل")
    DATABASE = ("database", "پایگاه داده")
    MIDDLEWARE = ("middleware", "میان‌افزار")
    LANGUAGE = ("language", "زبان برنامه‌نویسی")
    FRAMEWORK = ("framework", "چارچوب")
    ESB = ("esb", "گذرگاه خدمت")
    IDENTITY = ("identity", "احراز هویت")
    SECURITY = ("security", "امنیت")
    CLOUD = ("cloud", "ابر")
    NETWORK = ("network", "شبکه")
    STANDARD = ("standard", "استاندارد")
    PROTOCOL = ("protocol", "پروتکل")
    OTHER = ("other", "سایر")


class Origin(Vocab):
    DOMESTIC = ("domestic", "داخلی")
    FOREIGN = ("foreign", "خارجی")


class TechLicence(Vocab):
    OPEN_SOURCE = ("open_source", "متن‌باز")
    PROPRIETARY = ("proprietary", "تجاری")
    GOVERNMENT = ("government", "دولتی")


class ParticipationModel(Vocab):
    BOT = ("bot", "ساخت، بهره‌برداری و واگذاری (BOT)")
    BOO = ("boo", "ساخت، تملک و بهره‌برداری (BOO)")
    BTO = ("bto", "ساخت، واگذاری و بهره‌برداری (BTO)")
    REVENUE_SHARE = ("revenue_share", "مشارکت در درآمد")
    SERVICE_CONTRACT = ("service_contract", "قرارداد خدمات")
    LEASE = ("lease", "اجاره")
    OTHER = ("other", "سایر")


class ProjectStatus(Vocab):
    PROPOSED = ("proposed", "پیشنهادی")
    OPEN = ("open", "فراخوان باز")
    EVALUATING = ("evaluating", "در حال ارزیابی")
    AWARDED = ("awarded", "واگذارشده")
    IN_PROGRESS = ("in_progress", "در حال اجرا")
    COMPLETED = ("completed", "پایان‌یافته")
    CANCELLED = ("cancelled", "لغوشده")


class BodyKind(Vocab):
    IMPLEMENTER = ("implementer", "نهاد فعال در پیاده‌سازی")
    EA_LAB = ("ea_lab", "آزمایشگاه اعتبارسنجی معماری سازمانی")


class Grade(Vocab):
    G1 = ("1", "رتبهٔ ۱")
    G2 = ("2", "رتبهٔ ۲")
    G3 = ("3", "رتبهٔ ۳")
    G4 = ("4", "رتبهٔ ۴")
    G5 = ("5", "رتبهٔ ۵")


class Standing(Vocab):
    """The standing of a qualification or a certificate."""

    VALID = ("valid", "معتبر")
    SUSPENDED = ("suspended", "تعلیق")
    REVOKED = ("revoked", "لغو")
    EXPIRED = ("expired", "منقضی")


class ProgrammeStatus(Vocab):
    NOT_STARTED = ("not_started", "آغازنشده")
    ON_TRACK = ("on_track", "طبق برنامه")
    AT_RISK = ("at_risk", "در معرض تأخیر")
    LATE = ("late", "با تأخیر")
    DONE = ("done", "انجام‌شده")
    STOPPED = ("stopped", "متوقف")


class DocumentKind(Vocab):
    ROADMAP = ("roadmap", "نقشه راه")
    FRAMEWORK = ("framework", "چارچوب")
    REFERENCE_MODEL = ("reference_model", "مدل مرجع")
    STANDARD = ("standard", "استاندارد")
    REGULATION = ("regulation", "ضوابط و مقررات")
    GUIDELINE = ("guideline", "دستورالعمل")
    REPORT = ("report", "گزارش")


class DocumentStatus(Vocab):
    DRAFT = ("draft", "پیش‌نویس")
    IN_FORCE = ("in_force", "لازم‌الاجرا")
    SUPERSEDED = ("superseded", "جایگزین‌شده")
    REPEALED = ("repealed", "لغوشده")


# --- types -------------------------------------------------------------------------------------

NATIONAL_ID_RE = whole(r"^[0-9]{11}$")
if TYPE_CHECKING:
    NationalId = str
else:
    NationalId = _constrained(
        NATIONAL_ID_RE, codes.INVALID_ID, "شناسهٔ ملی شخص حقوقی: ۱۱ رقم لاتین در گیومه (مانند \"10100000001\")"
    )


# --- technologies ------------------------------------------------------------------------------


class Technology(Strict):
    """یک فناوری یا استاندارد در کار دستگاه."""

    kind: TechKind | None = label("نوع")
    """نوع فناوری، مانند پایگاه داده یا استاندارد."""
    name: Line = label("نام", required=True)
    """نام فناوری یا استاندارد، مانند PostgreSQL."""
    version: Line | None = label("نسخه")
    """نسخهٔ در کار، در گیومه (مانند "16")."""
    vendor: Line | None = label("سازنده")
    """سازنده یا تأمین‌کننده."""
    origin: Origin | None = label("خاستگاه")
    """داخلی یا خارجی."""
    licence: TechLicence | None = label("نوع مجوز بهره‌برداری")
    """متن‌باز، تجاری یا دولتی."""
    standard_code: Line | None = label("کد استاندارد")
    """فقط برای استاندارد و پروتکل، مانند «ISO/IEC 27001» یا «INSO 12345»."""
    end_of_support: JalaliDate | None = label("پایان پشتیبانی")
    """تاریخ شمسی پایان پشتیبانی سازنده."""
    used_by: list[Ref] | None = label("خدمات استفاده‌کننده")
    """شناسنامه‌های خدمت همین دستگاه که این فناوری را به کار می‌برند."""
    notes: Text | None = label("توضیحات")
    """توضیح دیگر."""


class Technologies(Strict):
    """فناوری‌ها و استانداردهای فاوای یک دستگاه اجرایی."""

    agency: Slug = label("دستگاه اجرایی", required=True)
    """شناسهٔ دستگاه؛ برابر با نام پرونده."""
    as_of: JalaliDate = label("تاریخ اطلاعات", required=True)
    """تاریخ شمسی گردآوری این اطلاعات."""
    items: list[Technology] | None = label("فناوری‌ها و استانداردها")
    """فناوری‌ها و استانداردهای در کار؛ [] یعنی هیچ‌کدام."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        seen: dict[tuple[Any, ...], int] = {}
        for i, item in enumerate(self.items or []):
            key = (item.kind, item.name.casefold(), (item.version or "").casefold())
            if key in seen:
                yield Problem(("items", i, "name"), codes.DUPLICATE_ITEM, f"«{item.name}» با همین نوع و نسخه پیش‌تر در مورد {seen[key] + 1} آمده است")
            else:
                seen[key] = i
            if item.standard_code is not None and item.kind not in (TechKind.STANDARD, TechKind.PROTOCOL):
                yield Problem(
                    ("items", i, "standard_code"),
                    codes.STANDARD_CODE_NOT_STANDARD,
                    f"کد استاندارد فقط برای نوع standard (استاندارد) یا protocol (پروتکل) است، اما نوع این مورد {item.kind or 'اعلام نشده'} است",
                )


# --- projects open to participation --------------------------------------------------------------


class CostRange(Strict):
    """بازهٔ برآورد هزینه به ریال."""

    min: NonNegInt | None = label("کمینه (ریال)")
    """کمینهٔ برآورد به ریال."""
    max: NonNegInt | None = label("بیشینه (ریال)")
    """بیشینهٔ برآورد به ریال."""


def _cost_tag(v: Any) -> str | None:
    if isinstance(v, (str, int)) and not isinstance(v, bool):
        return "as-number"
    if isinstance(v, (dict, CostRange)):
        return "as-mapping"
    return None


CostValue = Annotated[
    Annotated[NonNegInt, Tag("as-number")] | Annotated[CostRange, Tag("as-mapping")],
    Discriminator(
        _cost_tag,
        custom_error_type=codes.INVALID_TYPE,
        custom_error_message="انتظار می‌رفت عدد صحیح یا نگاشت {min, max}، اما فهرست آمده است",
    ),
]


class CallDocument(Strict):
    """یک سند فراخوان."""

    title: Line = label("عنوان سند", required=True)
    """عنوان سند، مانند «سند فراخوان»."""
    url: Url | None = label("نشانی")
    """نشانی سند (http یا https)."""


class Contact(Strict):
    """نشانی تماس سازمانی (نه نام، تلفن یا پست الکترونیک یک شخص)."""

    unit: Line = label("واحد", required=True)
    """واحد سازمانی پاسخ‌گو."""
    phone: Phone | None = label("تلفن")
    """تلفن سازمانی، با رقم لاتین."""
    email: Email | None = label("پست الکترونیک")
    """پست الکترونیک سازمانی."""
    website: Url | None = label("وبگاه")
    """وبگاه فراخوان یا واحد."""


class Project(Strict):
    """طرح قابل مشارکت با بخش غیردولتی."""

    id: Line | None = label("شناسه طرح")
    """شناسهٔ طرح؛ در میان همهٔ طرح‌ها یکتا."""
    title: Line = label("عنوان طرح", required=True)
    """عنوان طرح."""
    agency: Slug = label("دستگاه اجرایی", required=True)
    """شناسهٔ دستگاه؛ برابر با نام پوشه."""
    summary: Text | None = label("خلاصه")
    """خلاصهٔ طرح."""
    scope: Text | None = label("دامنه")
    """دامنهٔ کار."""
    services: list[Ref] | None = label("خدمات مرتبط")
    """شناسنامه‌های خدمت مرتبط (slug یا agency/slug)."""
    model: ParticipationModel | None = label("الگوی مشارکت")
    """الگوی مشارکت بخش غیردولتی."""
    model_other: Line | None = label("سایر الگوها")
    """نام الگو وقتی model برابر other است."""
    status: ProjectStatus | None = label("وضعیت")
    """وضعیت طرح."""
    call_opens: JalaliDate | None = label("آغاز فراخوان")
    """تاریخ شمسی آغاز فراخوان؛ برای فراخوان باز الزامی."""
    call_closes: JalaliDate | None = label("پایان فراخوان")
    """تاریخ شمسی پایان فراخوان؛ برای فراخوان باز الزامی."""
    estimated_cost_rials: CostValue | None = label("برآورد هزینه (ریال)")
    """برآورد هزینه به ریال: یک عدد یا بازهٔ {min, max}."""
    duration_months: PosInt | None = label("مدت اجرا (ماه)")
    """مدت اجرا به ماه."""
    requirements: list[Text] | None = label("شرایط مشارکت")
    """شرایط مشارکت."""
    documents: list[CallDocument] | None = label("اسناد فراخوان")
    """اسناد فراخوان."""
    contact: Contact | None = label("نشانی تماس")
    """نشانی تماس سازمانی."""
    certificates: list[Line] | None = label("گواهی‌های مشارکت")
    """شماره‌های گواهی‌های مشارکت صادرشده برای این طرح."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        if self.model is ParticipationModel.OTHER and self.model_other is None:
            yield Problem(("model",), codes.OTHER_WITHOUT_TEXT, "الگوی «سایر» (other) آمده اما model_other نام آن را نگفته است")
        if self.model_other is not None and self.model is not ParticipationModel.OTHER:
            yield Problem(("model_other",), codes.OTHER_TEXT_WITHOUT_OTHER, "توضیح «سایر» آمده اما model برابر other نیست")
        if self.status is ProjectStatus.OPEN:
            missing = [name for name in ("call_opens", "call_closes") if getattr(self, name) is None]
            if missing:
                yield Problem(("status",), codes.CALL_DATES_MISSING, f"فراخوان باز (status: open) تاریخ آغاز و پایان فراخوان می‌خواهد، اما {' و '.join(missing)} نیامده است")
        if self.call_opens and self.call_closes and self.call_closes < self.call_opens:
            yield Problem(("call_closes",), codes.BAD_RANGE, f"پایان فراخوان ({self.call_closes}) پیش از آغاز آن ({self.call_opens}) است")
        cost = self.estimated_cost_rials
        if isinstance(cost, CostRange) and cost.min is not None and cost.max is not None and cost.min > cost.max:
            yield Problem(("estimated_cost_rials", "min"), codes.BAD_RANGE, f"کمینه ({cost.min}) بزرگ‌تر از بیشینه ({cost.max}) است")
        for i, number in enumerate(self.certificates or []):
            if number in (self.certificates or [])[:i]:
                yield Problem(("certificates", i), codes.DUPLICATE_ITEM, f"گزینهٔ «{number}» تکراری است")


# --- qualified bodies ---------------------------------------------------------------------------


class Body(Strict):
    """نهاد احراز صلاحیت‌شده: نهاد فعال در پیاده‌سازی یا آزمایشگاه اعتبارسنجی."""

    slug: Slug = label("شناسه", required=True)
    """شناسهٔ لاتین نهاد؛ برابر با نام پرونده."""
    name: Line = label("نام نهاد", required=True)
    """نام ثبتی نهاد (شخص حقوقی)."""
    kind: BodyKind | None = label("نوع")
    """نهاد فعال در پیاده‌سازی یا آزمایشگاه اعتبارسنجی معماری سازمانی."""
    national_id: NationalId | None = label("شناسه ملی")
    """شناسهٔ ملی ۱۱ رقمی شخص حقوقی، در گیومه."""
    scopes: Annotated[list[Text], Field(min_length=1)] | None = label("حوزه‌های صلاحیت")
    """حوزه‌های صلاحیت؛ دست‌کم یک مورد."""
    grade: Grade | None = label("رتبه")
    """رتبهٔ ۱ تا ۵، در گیومه (مانند "1")."""
    qualified_on: JalaliDate | None = label("تاریخ احراز")
    """تاریخ شمسی احراز صلاحیت."""
    valid_until: JalaliDate | None = label("اعتبار تا")
    """تاریخ شمسی پایان اعتبار؛ پس از تاریخ احراز."""
    status: Standing | None = label("وضعیت")
    """معتبر، تعلیق، لغو یا منقضی."""
    website: Url | None = label("وبگاه")
    """وبگاه نهاد."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        if self.qualified_on and self.valid_until and self.valid_until <= self.qualified_on:
            yield Problem(("valid_until",), codes.BAD_RANGE, f"اعتبار تا ({self.valid_until}) باید پس از تاریخ احراز ({self.qualified_on}) باشد")


# --- participation certificates ------------------------------------------------------------------


class Holder(Strict):
    """دارندهٔ گواهی که نهاد ثبت‌شده نیست (شخص حقوقی)."""

    name: Line = label("نام دارنده", required=True)
    """نام ثبتی شخص حقوقی."""
    national_id: NationalId | None = label("شناسه ملی")
    """شناسهٔ ملی ۱۱ رقمی شخص حقوقی، در گیومه."""


if TYPE_CHECKING:
    HolderValue = str | Holder
else:
    HolderValue = text_or(Holder, Slug, "شناسهٔ نهاد (slug) یا نگاشت {name, national_id}")


class Certificate(Strict):
    """گواهی مشارکت در یک طرح."""

    number: Line = label("شماره گواهی", required=True)
    """شمارهٔ گواهی؛ شکل slug آن (حروف کوچک، «-» به‌جای دیگر نویسه‌ها) نام پرونده است."""
    project: Ref | None = label("طرح")
    """طرح به شکل agency/slug."""
    holder: HolderValue | None = label("دارنده")
    """شناسهٔ نهاد ثبت‌شده، یا نگاشت {name, national_id}."""
    issued_on: JalaliDate | None = label("تاریخ صدور")
    """تاریخ شمسی صدور."""
    valid_until: JalaliDate | None = label("اعتبار تا")
    """تاریخ شمسی پایان اعتبار."""
    status: Standing | None = label("وضعیت")
    """معتبر، تعلیق، لغو یا منقضی."""
    notes: Text | None = label("توضیحات")
    """توضیح دیگر."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            yield Problem(("valid_until",), codes.BAD_RANGE, f"اعتبار تا ({self.valid_until}) پیش از تاریخ صدور ({self.issued_on}) است")
        if self.project is not None and "/" not in self.project:
            yield Problem(("project",), codes.INVALID_REFERENCE, f"انتظار می‌رفت طرح به شکل agency/slug، اما {self.project!r} آمده است")


# --- programme ---------------------------------------------------------------------------------


class Milestone(Strict):
    """نقطهٔ عطف پروژه."""

    title: Line = label("عنوان نقطه عطف", required=True)
    """عنوان نقطهٔ عطف."""
    due: JalaliDate = label("موعد", required=True)
    """تاریخ شمسی موعد."""
    done: JalaliDate | None = label("تاریخ انجام")
    """تاریخ شمسی انجام؛ null یعنی هنوز انجام نشده."""
    weight: PosInt | None = label("وزن")
    """وزن نقطهٔ عطف در پیشرفت، عدد صحیح بزرگ‌تر از ۰."""


class Indicator(Strict):
    """شاخص پیشرفت."""

    title: Line = label("عنوان شاخص", required=True)
    """عنوان شاخص."""
    unit: Line = label("واحد", required=True)
    """واحد شمارش، مانند «دستگاه»."""
    baseline: NonNegNumber | None = label("مقدار پایه")
    """مقدار در آغاز پروژه."""
    target: NonNegNumber = label("مقدار هدف", required=True)
    """مقدار هدف."""
    current: NonNegNumber | None = label("مقدار کنونی")
    """مقدار کنونی."""


class ProgrammeProject(Strict):
    """پروژهٔ برنامهٔ گذار به نسل دوم دولت الکترونیکی."""

    title: Line = label("عنوان پروژه", required=True)
    """عنوان پروژه."""
    owner: Slug | None = label("دستگاه مسئول")
    """شناسهٔ دستگاه مسئول."""
    goal: Text | None = label("هدف")
    """هدف پروژه."""
    pillar: Line | None = label("محور برنامه")
    """محور برنامه، مانند «تعامل‌پذیری»."""
    services: list[Ref] | None = label("خدمات مرتبط")
    """شناسنامه‌های خدمت مرتبط (slug در دستگاه مسئول یا agency/slug)."""
    start: JalaliDate | None = label("آغاز")
    """تاریخ شمسی آغاز."""
    end: JalaliDate | None = label("پایان")
    """تاریخ شمسی پایان برنامه‌ریزی‌شده."""
    status: ProgrammeStatus | None = label("وضعیت")
    """وضعیت اعلام‌شده؛ نقطهٔ عطف گذشته از موعد آن را در وبگاه «با تأخیر» می‌کند."""
    progress: Annotated[NonNegInt, Field(le=100)] | None = label("پیشرفت (درصد)")
    """درصد پیشرفت، ۰ تا ۱۰۰."""
    milestones: list[Milestone] | None = label("نقاط عطف")
    """نقاط عطف."""
    indicators: list[Indicator] | None = label("شاخص‌ها")
    """شاخص‌های پیشرفت."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        if self.start and self.end and self.end < self.start:
            yield Problem(("end",), codes.BAD_RANGE, f"پایان ({self.end}) پیش از آغاز ({self.start}) است")
        if self.status is ProgrammeStatus.DONE:
            undone = [i for i, m in enumerate(self.milestones or []) if m.done is None]
            if undone or self.progress != 100:
                what = f"نقطهٔ عطف {undone[0] + 1} انجام نشده است" if undone else f"پیشرفت {self.progress if self.progress is not None else 'اعلام نشده'} است، نه 100"
                yield Problem(("status",), codes.DONE_INCOMPLETE, f"پروژهٔ انجام‌شده (status: done) همهٔ نقاط عطف انجام‌شده و پیشرفت 100 می‌خواهد، اما {what}")


# --- documents ---------------------------------------------------------------------------------


class StrategicDocument(Strict):
    """سند راهبردی، چارچوب، استاندارد یا مقرره."""

    title: Line = label("عنوان سند", required=True)
    """عنوان سند."""
    kind: DocumentKind | None = label("نوع")
    """نوع سند."""
    number: Line | None = label("شماره")
    """شمارهٔ سند یا مصوبه."""
    version: Line | None = label("نسخه")
    """نسخه، در گیومه (مانند "1.0")."""
    approved_on: JalaliDate | None = label("تاریخ تصویب")
    """تاریخ شمسی تصویب."""
    approved_by: Line | None = label("مرجع تصویب")
    """شناسهٔ دستگاه ثبت‌شده، یا نام مرجع به فارسی."""
    status: DocumentStatus | None = label("وضعیت")
    """پیش‌نویس، لازم‌الاجرا، جایگزین‌شده یا لغوشده."""
    supersedes: list[Slug] | None = label("جایگزینِ")
    """شناسهٔ سندهایی که این سند جای آن‌ها را می‌گیرد."""
    url: Url | None = label("نشانی فایل")
    """نشانی متن سند."""
    summary: Text | None = label("خلاصه")
    """خلاصهٔ سند."""
    applies_to: Text | None = label("دامنه شمول")
    """دامنهٔ شمول سند."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای رکورد نمونه در داده‌های آزمایشی."""

    def problems(self) -> Iterator[Problem]:
        for i, slug in enumerate(self.supersedes or []):
            if slug in (self.supersedes or [])[:i]:
                yield Problem(("supersedes", i), codes.DUPLICATE_ITEM, f"گزینهٔ «{slug}» تکراری است")


#: (schema name, model, title) of each register type, for ``site-gen schema``.
SCHEMAS: list[tuple[str, type[Strict], str]] = [
    ("technologies", Technologies, "فناوری‌ها و استانداردهای فاوای دستگاه (registers/technologies/<agency>.yaml)"),
    ("project", Project, "طرح قابل مشارکت با بخش غیردولتی (registers/projects/<agency>/<slug>.yaml)"),
    ("body", Body, "نهاد احراز صلاحیت‌شده (registers/bodies/<slug>.yaml)"),
    ("certificate", Certificate, "گواهی مشارکت (registers/certificates/<number>.yaml)"),
    ("programme", ProgrammeProject, "پروژهٔ برنامهٔ گذار (registers/programme/<slug>.yaml)"),
    ("document", StrategicDocument, "سند راهبردی یا استاندارد (registers/documents/<slug>.yaml)"),
]
