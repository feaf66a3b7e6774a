"""The licence record (بانک اطلاعاتی مجوزها, forms 1 and 2): ``licenses/<agency>/<slug>.yaml``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Discriminator, Tag

from .. import codes
from .common import (
    DocumentItem,
    LegalBasis,
    Problem,
    ShortDuration,
    Source,
    Strict,
    Validity,
    duplicates,
    label,
)
from .types import Bool, Code, Line, NonNegInt, RecordId, Ref, Slug, Text, Unlimited, Url
from .vocab import ActionType, Applicant, InquiryProcessType, LicenceKind, Process


def _validity_tag(v: Any) -> str | None:
    if isinstance(v, str):
        return "as-text"
    if isinstance(v, (dict, Validity)):
        return "as-mapping"
    return None


ValidityValue = Annotated[
    Annotated[Unlimited, Tag("as-text")] | Annotated[Validity, Tag("as-mapping")],
    Discriminator(
        _validity_tag,
        custom_error_type=codes.INVALID_TYPE,
        custom_error_message="انتظار می‌رفت {value, unit} یا \"unlimited\"، اما فهرست آمده است",
    ),
]


class Fee(Strict):
    """یک ردیف هزینهٔ مجوز."""

    title: Line = label("عنوان هزینه", required=True)
    """عنوان هزینه، مانند «هزینه صدور»."""
    amount_rials: NonNegInt | None = label("مبلغ (ریال)")
    """مبلغ به ریال."""


class Inquiry(Strict):
    """استعلام از دستگاه دیگر در فرایند مشترک (فرم شماره ۲)."""

    agency: Line = label("عنوان دستگاه اعلام‌شونده", form=True, required=True)
    """شناسهٔ دستگاه ثبت‌شده، یا نام آن به فارسی."""
    code: Code | None = label("کد استعلام")
    """کد استعلام در درگاه مجوزها."""
    process_type: InquiryProcessType | None = label("نوع فرایند", form=True)
    """موارد اعلام با ذکر نام، یا سایر."""
    description: Text | None = label("توضیحات", form=True)
    """موارد نام‌برده، یا شرح «سایر»."""
    required_documents: list[DocumentItem] | None = label("مدارک مورد نیاز", form=True)
    """مدارک لازم برای استعلام."""
    validity: ValidityValue | None = label("مدت اعتبار", form=True)
    """مدت اعتبار پاسخ استعلام، یا "unlimited"."""
    cost_rials: NonNegInt | None = label("هزینه (ریال)", form=True)
    """هزینهٔ استعلام به ریال؛ 0 یعنی رایگان."""
    duration: ShortDuration | None = label("زمان انجام کار", form=True)
    """زمان پاسخ؛ 0 یعنی پاسخ فوری."""
    electronic: Bool | None = label("فرایند الکترونیکی", form=True)
    """true وقتی استعلام الکترونیکی است."""
    website: Url | None = label("آدرس وب سایت")
    """نشانی وبگاه استعلام."""
    notes: Text | None = label("توضیحات بیشتر")
    """توضیح دیگر."""


class Action(Strict):
    """یک اقدام مجوز (فرم شماره ۱): صدور، تمدید، اصلاح، لغو یا احیاء."""

    type: ActionType = label("نوع اقدام", required=True)
    """صدور، تمدید، اصلاح، لغو/ابطال یا احیاء."""
    required_documents: list[DocumentItem] | None = label("مدارک مورد نیاز", shown="مدارک لازم", form=True)
    """مدارک لازم."""
    conditions: list[Text] | None = label("شرایط")
    """شرایط اخذ."""
    rules: list[Text] | None = label("ضوابط")
    """ضوابط خاص."""
    validity: ValidityValue | None = label("مدت اعتبار", form=True)
    """مدت اعتبار مجوز، یا "unlimited" برای بدون انقضا."""
    cost_rials: NonNegInt | None = label("هزینه (ریال)", shown="هزینه", form=True)
    """هزینه به ریال؛ 0 یعنی رایگان. با fees با هم نمی‌آید."""
    fees: list[Fee] | None = label("ردیف‌های هزینه")
    """چند ردیف هزینه به‌جای cost_rials."""
    process: Process | None = label("فرایند صدور مجوز", shown="فرایند صدور", form=True)
    """اختصاصی، یا مشترک با دستگاه‌های دیگر (با استعلام)."""
    duration: ShortDuration | None = label("زمان تقریبی فرایند مجوز", shown="مدت تقریبی انجام", form=True)
    """زمان تقریبی به روز یا ساعت."""
    electronic: Bool | None = label("فرایند الکترونیکی", form=True)
    """true وقتی فرایند الکترونیکی است."""
    process_diagram_url: Url | None = label("فرایند مجوز (نمودار)", shown="نمودار فرایند")
    """نشانی نمودار فرایند."""
    notes: Text | None = label("توضیحات")
    """توضیحات."""
    inquiries: list[Inquiry] | None = label("استعلام‌ها (فرم شماره ۲)")
    """استعلام‌های فرایند مشترک؛ در فرایند مشترک الزامی."""


class Licence(Strict):
    """مجوز در بانک اطلاعاتی مجوزها."""

    id: RecordId | None = label("شناسه مجوز")
    """شناسهٔ یکتای مجوز؛ در گیومه."""
    row: Line | None = label("ردیف", shown="ردیف فرم")
    """ردیف مجوز در جدول."""
    title: Line = label("عنوان مجوز", form=True, required=True)
    """عنوان مجوز."""
    agency: Slug = label("مرجع صدور", form=True, required=True)
    """شناسهٔ دستگاه صادرکننده؛ برابر با پوشه."""
    issuing_unit: Line | None = label("واحد صادرکننده")
    """واحد صادرکننده درون دستگاه."""
    kind: LicenceKind | None = label("نوع مجوز", form=True)
    """جواز، پروانه، گواهی، استعلام، موافقت، مجوز یا سایر."""
    legal_basis: list[LegalBasis] | None = label("مبانی قانونی (مستندات قانونی)", shown="مبانی قانونی", form=True)
    """مبانی قانونی موکول بودن فعالیت به اخذ مجوز."""
    applicants: list[Applicant] | None = label("متقاضی مجوز", form=True, minItems=1)
    """حقیقی، حقوقی یا دولتی."""
    supervisors: list[Line] | None = label("مراجع ناظر", form=True)
    """شناسهٔ دستگاه ثبت‌شده یا نام مرجع ناظر."""
    prerequisites: list[Line] | None = label("مجوزهای پیش‌نیاز")
    """ارجاع به مجوز ثبت‌شده یا عنوان آن."""
    service: Ref | None = label("خدمت مرتبط")
    """ارجاع به شناسنامهٔ خدمت (slug یا agency/slug)."""
    sample_url: Url | None = label("نمونه مجوز صادر شده", shown="نمونهٔ مجوز صادرشده")
    """نشانی نمونهٔ مجوز."""
    revocation_conditions: list[Text] | None = label("شرایط قابلیت ابطال مجوز", shown="شرایط ابطال مجوز")
    """شرایطی که مجوز در آن ابطال می‌شود."""
    actions: list[Action] | None = label("نوع مجوز (اقدام‌ها)", form=True, minItems=1)
    """صدور، تمدید، اصلاح، لغو و احیاء؛ از هر نوع حداکثر یکی."""

    sources: list[Source] | None = label("منبع")
    """صفحه‌های منتشرشده‌ای که این مجوز از آن‌ها برداشته شده است، با تاریخ برداشت."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای مجوز نمونه‌ای که دستگاه منتشر نکرده است (صفحه برچسب «دادهٔ نمونه» می‌گیرد)."""

    def problems(self) -> Iterator[Problem]:
        """Rules across the fields of one licence (FORMAT.md)."""
        for name in ("applicants", "supervisors", "prerequisites"):
            for i in duplicates(getattr(self, name)):
                yield Problem((name, i), codes.DUPLICATE_ITEM, f"گزینهٔ «{getattr(self, name)[i]}» تکراری است")
        for name in ("applicants", "actions"):
            if getattr(self, name) == []:
                yield Problem((name,), codes.EMPTY_LIST, "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید")
        seen: dict[ActionType, int] = {}
        for i, action in enumerate(self.actions or []):
            loc = ("actions", i)
            if action.type in seen:
                yield Problem(
                    loc + ("type",),
                    codes.DUPLICATE_ACTION,
                    f"اقدام «{action.type.label}» ({action.type.value}) دو بار آمده است: actions[{seen[action.type]}] و actions[{i}]",
                )
            seen.setdefault(action.type, i)
            if action.cost_rials is not None and action.fees is not None:
                yield Problem(loc + ("fees",), codes.COST_AND_FEES, "یا cost_rials یا fees؛ هر دو با هم نمی‌آیند")
            has_inquiries = bool(action.inquiries)
            if action.process is Process.SHARED and not has_inquiries:
                yield Problem(
                    loc + ("process",),
                    codes.SHARED_WITHOUT_INQUIRIES,
                    "فرایند مشترک (process: shared) باید دست‌کم یک استعلام (inquiries، فرم شماره ۲) داشته باشد",
                )
            if has_inquiries and action.process is not Process.SHARED:
                shown = action.process.value if action.process else "null"
                yield Problem(
                    loc + ("inquiries",),
                    codes.INQUIRIES_WITHOUT_SHARED,
                    f"استعلام فقط در فرایند مشترک می‌آید؛ انتظار می‌رفت process: shared، اما {shown} آمده است",
                )
