"""The service identity card (شناسنامه خدمت): ``cards/<agency>/<slug>.yaml``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from .. import codes
from .common import DocumentItem, Duration, LawItem, Problem, Source, Strict, duplicates, label
from .types import (
    Bool,
    Email,
    JalaliDate,
    Line,
    NonNegInt,
    Phone,
    PosInt,
    RecordId,
    Ref,
    Slug,
    Text,
    Url,
    text_or,
)
from .vocab import (
    ASSISTED_CHANNELS,
    ELECTRONIC_CHANNELS,
    Channel,
    Level,
    LifeEvent,
    Nature,
    NonElectronicBy,
    Period,
    ServiceType,
    Stage,
    Trigger,
    VisitLevel,
    VisitReason,
)


class SubServiceItem(Strict):
    """زیرخدمتی با شناسهٔ خود یا پیوند به شناسنامهٔ دیگر."""

    title: Line = label("عنوان زیرخدمت", required=True)
    """عنوان زیرخدمت."""
    id: RecordId | None = label("شناسه زیر خدمت")
    """شناسهٔ زیرخدمت؛ در میان همهٔ شناسه‌های خدمات یکتا."""
    card: Ref | None = label("شناسنامهٔ زیرخدمت")
    """ارجاع به شناسنامهٔ جداگانهٔ این زیرخدمت (slug یا agency/slug)."""


if TYPE_CHECKING:
    SubServiceEntry = str | SubServiceItem
else:
    SubServiceEntry = text_or(SubServiceItem, Line, "عنوان زیرخدمت (متن) یا نگاشت {title, id, card}")


class SubServiceGroup(Strict):
    """گروهی از زیرخدمات."""

    title: Line = label("عنوان گروه زیرخدمات", required=True)
    """عنوان گروه."""
    items: list[SubServiceEntry] | None = label("زیرخدمات")
    """زیرخدمات این گروه: متن، یا نگاشتی با شناسه یا پیوند."""


class Recipients(Strict):
    """آمار خدمت‌گیرندگان در یک دوره."""

    period: Period | None = label("دوره")
    """ماه، فصل یا سال."""
    count: NonNegInt | None = label("تعداد")
    """تعداد خدمت‌گیرندگان در دوره."""
    unit: Line | None = label("واحد شمارش")
    """واحد شمارش، مانند «نفر» یا «پرونده»."""
    category: Line | None = label("دسته")
    """دستهٔ خدمت‌گیرندگان وقتی آمار تفکیک شده است."""


class Frequency(Strict):
    """تواتر: دفعات دریافت خدمت در یک بازه."""

    once: Bool | None = label("یکبار برای همیشه")
    """true وقتی خدمت یک بار برای همیشه دریافت می‌شود."""
    times: PosInt | None = label("تعداد دفعات")
    """چند بار در هر دوره."""
    per: list[Period] | None = label("در هر")
    """دوره‌هایی که در فرم علامت خورده‌اند."""


class CostItem(Strict):
    """یک ردیف هزینه."""

    title: Line = label("عنوان هزینه", required=True)
    """عنوان ردیف هزینه."""
    amount_rials: PosInt | None = label("مبلغ (ریال)")
    """مبلغ به ریال (تومان × ۱۰)."""
    min_rials: PosInt | None = label("کمینه (ریال)")
    """کمینهٔ مبلغ وقتی هزینه یک بازه است."""
    max_rials: PosInt | None = label("بیشینه (ریال)")
    """بیشینهٔ مبلغ وقتی هزینه یک بازه است."""
    rule: Text | None = label("قاعدهٔ محاسبه")
    """قاعده به‌جای مبلغ، مانند «بر اساس دفترچه عوارض سالیانه»."""
    condition: Text | None = label("شرط")
    """شرطی که این ردیف در آن اعمال می‌شود، مانند «بعد از مهلت قانونی»."""
    bank_account: Line | None = label("شماره حساب بانکی")
    """حساب بانکی دریافت وجه."""


class Cost(Strict):
    """هزینهٔ ارائهٔ خدمت به خدمت‌گیرنده."""

    free: Bool | None = label("رایگان")
    """true وقتی خدمت رایگان است."""
    electronic_payment: Bool | None = label("پرداخت به صورت الکترونیک", shown="پرداخت الکترونیکی")
    """true وقتی پرداخت الکترونیکی است."""
    items: list[CostItem] | None = label("مبالغ")
    """ردیف‌های هزینه؛ برای خدمت رایگان خالی."""


class InPerson(Strict):
    """مراجعهٔ حضوری در یک مرحله و دلیل آن."""

    levels: list[VisitLevel] | None = label("مراجعه به دستگاه")
    """سطح دستگاهی که باید به آن مراجعه کرد."""
    reasons: list[VisitReason] | None = label("دلیل مراجعه")
    """دلیل‌های ضرورت مراجعهٔ حضوری."""
    reason_other: Text | None = label("سایر دلایل")
    """توضیح دلیل «سایر»."""


class AccessStage(Strict):
    """نحوهٔ دسترسی در یک مرحلهٔ خدمت."""

    electronic: Bool | None = label("الکترونیکی")
    """true وقتی این مرحله به صورت الکترونیکی انجام می‌شود."""
    non_electronic: Bool | None = label("غیرالکترونیکی")
    """true وقتی این مرحله به صورت غیرالکترونیکی انجام می‌شود."""
    channels: list[Channel] | None = label("مجراهای دسترسی")
    """مجراهایی که این مرحله از آن‌ها انجام می‌شود."""
    channel_other: Line | None = label("سایر مجراها")
    """نام مجرای «سایر» یا عنوان دفاتر مشابه پیشخوان."""
    counter_contract_no: Line | None = label("شماره قرارداد واگذاری به دفاتر پیشخوان")
    """شمارهٔ قرارداد واگذاری خدمت به دفاتر پیشخوان."""
    in_person: InPerson | None = label("ضرورت مراجعه حضوری")
    """مراجعهٔ حضوری در این مرحله و دلیل آن."""
    note: Text | None = label("توضیح")
    """توضیح این مرحله."""


class Access(Strict):
    """نحوهٔ دسترسی به خدمت در هر مرحله."""

    information: AccessStage | None = label("مرحله اطلاع‌رسانی")
    """اطلاع‌رسانی خدمت."""
    request: AccessStage | None = label("مرحله درخواست")
    """درخواست خدمت."""
    production: AccessStage | None = label("مرحله تولید خدمت")
    """فرایند داخل دستگاه یا ارتباط با دیگر دستگاه‌ها."""
    delivery: AccessStage | None = label("مرحله ارائه")
    """ارائهٔ خدمت."""
    note: Text | None = label("توضیح دسترسی")
    """توضیح دسترسی وقتی شناسنامه مراحل را جدا نکرده است."""

    def stages(self) -> Iterator[tuple[Stage, AccessStage]]:
        """The stated stages, in the order a citizen meets them."""
        for stage in Stage:
            value = getattr(self, stage.value)
            if value is not None:
                yield stage, value


class Location(Strict):
    """محل مراجعه."""

    title: Line = label("عنوان محل", required=True)
    """مانند «محل درخواست» یا «محل دریافت نتیجه»."""
    address: Text | None = label("نشانی")
    """نشانی پستی."""
    hours: Line | None = label("ساعات")
    """ساعات کاری این محل."""


class RelatedSystem(Strict):
    """ارتباط با سامانه‌ای دیگر در همان دستگاه."""

    name: Line | None = label("نام سامانه دیگر")
    """نام یا نشانی سامانه."""
    fields: list[Line] | None = label("فیلدهای مورد تبادل")
    """فیلدهایی که از آن سامانه دریافت می‌شود."""
    electronic: Bool | None = label("استفاده الکترونیکی")
    """true وقتی تبادل الکترونیکی است."""


class RelatedAgency(Strict):
    """ارتباط با سامانه‌های دستگاه دیگر (استعلام)."""

    agency: Line = label("نام دستگاه دیگر", required=True)
    """شناسهٔ دستگاه ثبت‌شده، یا نام آن به فارسی."""
    fields: list[Line] | None = label("فیلدهای مورد تبادل")
    """فیلدهایی که از آن دستگاه دریافت می‌شود."""
    electronic: Bool | None = label("استفاده الکترونیکی")
    """true وقتی تبادل الکترونیکی است."""
    cost_rials: NonNegInt | None = label("مبلغ (ریال)")
    """هزینهٔ استعلام به ریال، در صورت پرداخت."""
    non_electronic_by: list[NonElectronicBy] | None = label("استفاده غیرالکترونیکی توسط")
    """اگر تبادل غیرالکترونیکی است: دستگاه یا مراجعه‌کننده."""


class Attachment(Strict):
    """پیوست قابل دریافت."""

    title: Line = label("عنوان پیوست", required=True)
    """عنوان پیوست، مانند «فرم درخواست»."""
    url: Url | None = label("نشانی")
    """نشانی پرونده."""


class Faq(Strict):
    """پرسش و پاسخ."""

    q: Text | None = label("پرسش")
    """پرسش."""
    a: Text | None = label("پاسخ")
    """پاسخ."""


class Contact(Strict):
    """واحد پاسخ‌گو (منتشر می‌شود؛ نام تکمیل‌کنندهٔ فرم در مخزن نمی‌آید)."""

    unit: Line | None = label("واحد مربوط")
    """نام واحد پاسخ‌گو."""
    role: Line | None = label("سمت")
    """سمت مسئول انجام خدمت."""
    email: Email | None = label("پست الکترونیک")
    """نشانی پست الکترونیک واحد."""
    phone: Phone | None = label("تلفن")
    """تلفن واحد، در گیومه."""


Edge = Annotated[tuple[PosInt, PosInt], Field(json_schema_extra={"x-edge": True})]


class Service(Strict):
    """شناسنامهٔ خدمت."""

    id: RecordId | None = label("شناسه خدمت")
    """کد یکتایی که سازمان مدیریت و برنامه‌ریزی کشور به خدمت می‌دهد؛ در گیومه."""
    title: Line = label("عنوان خدمت", form=True, required=True)
    """عنوان استاندارد خدمت."""
    agency: Slug = label("نام دستگاه اجرایی", form=True, required=True)
    """شناسهٔ دستگاه ارائه‌دهنده؛ برابر با پوشهٔ شناسنامه."""
    provider_unit: Line | None = label("واحد ارائه‌دهنده")
    """واحد درون دستگاه، مانند «اداره کل امور اتباع و مهاجرین خارجی»."""
    instance_of: Ref | None = label("نسخه‌ای از خدمت")
    """ارجاع به شناسنامهٔ ملی‌ای که این شناسنامهٔ استانی یا محلی آن را اجرا می‌کند."""
    row: Line | None = label("ردیف", shown="ردیف فرم")
    """ردیف خدمت در فهرست دستگاه."""
    process_title: Line | None = label("عنوان فرایند")
    """فرایندی که خدمت به آن تعلق دارد."""
    execution_method: Line | None = label("روش اجرایی")
    """روش اجرایی یا برنامه."""
    summary: Text | None = label("خلاصه")
    """یک یا دو جمله؛ در فهرست‌ها و نتایج جست‌وجو نمایش داده می‌شود."""
    description: Text | None = label("شرح خدمت", form=True)
    """تعریف کامل خدمت."""
    sub_services: list[SubServiceGroup] | None = label("زیرخدمات")
    """درخت زیرخدمات."""
    service_types: list[ServiceType] | None = label("نوع خدمت", form=True, minItems=1)
    """به شهروندان، کسب‌وکار، دستگاه‌های دولتی یا کارکنان دولت."""
    audience: list[Line] | None = label("نوع مخاطبان / خدمت‌گیرندگان", shown="مخاطبان", form=True)
    """دسته‌های مخاطبان، مانند «دانشجو» یا «عموم مردم»."""
    eligibility: Text | None = label("واجدان شرایط درخواست خدمت", shown="واجدان شرایط")
    """چه کسانی می‌توانند خدمت را درخواست کنند."""
    nature: Nature | None = label("ماهیت خدمت", form=True)
    """حاکمیتی یا تصدی‌گری."""
    levels: list[Level] | None = label("سطح خدمت", form=True, minItems=1)
    """ملی، منطقه‌ای، استانی، شهری یا روستایی."""
    life_events: list[LifeEvent] | None = label("رویداد مرتبط", form=True)
    """رویدادهای زندگی مرتبط؛ [] یعنی هیچ‌کدام."""
    life_event_other: Text | None = label("سایر رویدادها")
    """توضیح رویداد «سایر»."""
    triggers: list[Trigger] | None = label("نحوهٔ آغاز خدمت", form=True, minItems=1)
    """رویدادی که خدمت را آغاز می‌کند."""
    trigger_other: Text | None = label("سایر نحوه‌های آغاز")
    """توضیح «سایر» در نحوهٔ آغاز."""
    required_documents: list[DocumentItem] | None = label("مدارک لازم برای انجام خدمت", shown="مدارک لازم", form=True)
    """مدارک و مستندات لازم؛ [] یعنی بدون مدرک."""
    laws: list[LawItem] | None = label("قوانین و مقررات مرتبط", shown="قوانین و مقررات", form=True)
    """قوانین و مقررات مرتبط با خدمت."""
    recipients: list[Recipients] | None = label("آمار تعداد خدمت‌گیرندگان", form=True)
    """آمار مراجعه برای گرفتن خدمت."""
    average_duration: Duration | None = label("متوسط مدت زمان ارائه خدمت", shown="مدت تقریبی انجام", form=True)
    """مدت لازم برای ارائهٔ کامل خدمت."""
    frequency: Frequency | None = label("تواتر", shown="تعداد دفعات", form=True)
    """دفعات ارائهٔ خدمت به یک خدمت‌گیرنده در یک بازه."""
    in_person_visits: NonNegInt | None = label("تعداد بار مراجعه حضوری", shown="تعداد مراجعهٔ حضوری", form=True)
    """چند بار باید حضوری مراجعه کرد؛ 0 یعنی هیچ."""
    in_person_note: Text | None = label("توضیح مراجعه حضوری")
    """شرایط مراجعه، مانند «سه بار؛ با واگذاری به دفاتر کفالت یک بار»."""
    cost: Cost | None = label("هزینه ارائه خدمت", shown="هزینه", form=True)
    """هزینه‌ای که خدمت‌گیرنده می‌پردازد."""
    website: Url | None = label("آدرس دقیق و مستقیم خدمت در وبگاه", shown="نشانی اینترنتی خدمت", form=True)
    """پیوند مستقیم به صفحهٔ ارائهٔ خدمت."""
    system_name: Line | None = label("نام سامانه مربوط به خدمت", shown="نام سامانه", form=True)
    """نام سامانهٔ الکترونیکی خدمت."""
    access: Access | None = label("نحوهٔ دسترسی به خدمت", form=True)
    """مجراهای دسترسی در هر مرحله."""
    locations: list[Location] | None = label("محل مراجعه")
    """محل‌های مراجعهٔ حضوری."""
    service_hours: Text | None = label("ساعات ارائه خدمت", shown="ساعات ارائهٔ خدمت")
    """ساعات ارائهٔ خدمت."""
    related_systems: list[RelatedSystem] | None = label("ارتباط با سایر سامانه‌ها در همان دستگاه", form=True)
    """سامانه‌های همان دستگاه که خدمت از آن‌ها اطلاعات می‌گیرد."""
    related_agencies: list[RelatedAgency] | None = label("ارتباط با سامانه‌های دستگاه‌های دیگر (استعلامات)", form=True)
    """دستگاه‌های دیگری که خدمت از آن‌ها استعلام می‌کند."""
    processes: list[Text] | None = label("عناوین فرایندهای خدمت", form=True)
    """فرایندهای اصلی خدمت به ترتیب."""
    process_flow: list[Edge] | None = label("نمودار ارتباطی فرایندهای خدمت", form=True)
    """یال‌های [از، به] میان شمارهٔ فرایندها (از ۱)."""
    attachments: list[Attachment] | None = label("پیوست‌ها")
    """فرم‌ها و پرونده‌های قابل دریافت."""
    faq: list[Faq] | None = label("پرسش و پاسخ")
    """پرسش‌های رایج."""
    licenses: list[Ref] | None = label("مجوزهای مرتبط")
    """ارجاع به مجوزهای مرتبط (slug یا agency/slug)."""
    keywords: list[Line] | None = label("کلیدواژه‌ها")
    """نام‌های دیگری که شهروندان به کار می‌برند؛ جست‌وجو می‌شوند و نمایش داده نمی‌شوند."""
    last_reviewed: JalaliDate | None = label("آخرین بازبینی", shown="آخرین بازبینی دستگاه")
    """تاریخ شمسی آخرین تأیید شناسنامه توسط دستگاه."""
    contact: Contact | None = label("واحد پاسخ‌گو", form=True)
    """واحد پاسخ‌گوی خدمت."""

    sources: list[Source] | None = label("منبع")
    """صفحه‌های منتشرشده‌ای که این شناسنامه از آن‌ها برداشته شده است، با تاریخ برداشت."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای شناسنامهٔ نمونه‌ای که دستگاه منتشر نکرده است (صفحه برچسب «دادهٔ نمونه» می‌گیرد)."""

    def fully_electronic(self) -> bool | None:
        """FORMAT.md: every stated stage electronic through an electronic (not assisted) channel,
        no in-person visit, every related-agency exchange electronic. ``None``: not known."""
        unknown = False
        stages = list(self.access.stages()) if self.access else []
        if not stages:
            unknown = True
        for _, stage in stages:
            if stage.electronic is False or stage.in_person is not None:
                return False
            if stage.electronic is None or not stage.channels:
                unknown = True
            elif not any(c in ELECTRONIC_CHANNELS for c in stage.channels):
                return False
        if self.in_person_visits is None:
            unknown = True
        elif self.in_person_visits > 0:
            return False
        for related in self.related_agencies or []:
            if related.electronic is False:
                return False
            if related.electronic is None:
                unknown = True
        return None if unknown else True

    def problems(self) -> Iterator[Problem]:
        """Rules across the fields of one card (FORMAT.md)."""
        for name in ("service_types", "levels", "life_events", "triggers", "audience", "keywords", "licenses"):
            for i in duplicates(getattr(self, name)):
                yield Problem((name, i), codes.DUPLICATE_ITEM, f"گزینهٔ «{getattr(self, name)[i]}» تکراری است")
        for name in ("service_types", "levels", "triggers"):
            if getattr(self, name) == []:
                yield Problem((name,), codes.EMPTY_LIST, "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید")
        if self.life_event_other is not None and LifeEvent.OTHER not in (self.life_events or []):
            yield Problem(("life_event_other",), codes.OTHER_TEXT_WITHOUT_OTHER, "توضیح «سایر» آمده اما life_events گزینهٔ other ندارد")
        if self.trigger_other is not None and Trigger.OTHER not in (self.triggers or []):
            yield Problem(("trigger_other",), codes.OTHER_TEXT_WITHOUT_OTHER, "توضیح «سایر» آمده اما triggers گزینهٔ other ندارد")
        if self.frequency is not None:
            yield from _frequency(self.frequency)
        if self.average_duration is not None:
            yield from _duration(self.average_duration, ("average_duration",))
        if self.cost is not None:
            yield from _cost(self.cost)
        if self.access is not None:
            for stage, value in self.access.stages():
                yield from _stage(value, ("access", stage.value))
        n = len(self.processes or [])
        for i, edge in enumerate(self.process_flow or []):
            for j, end in enumerate(edge):
                if end > n:
                    yield Problem(
                        ("process_flow", i, j),
                        codes.FLOW_OUT_OF_RANGE,
                        f"انتظار می‌رفت شمارهٔ فرایندی بین 1 و {n}، اما {end} آمده است" if n else f"یال به فرایند {end} اشاره می‌کند اما processes فرایندی ندارد",
                    )


def _frequency(f: Frequency) -> Iterator[Problem]:
    if f.once and (f.times is not None or f.per):
        yield Problem(("frequency", "once"), codes.ONCE_WITH_TIMES, "«یکبار برای همیشه» (once: true) با تعداد دفعات (times/per) نمی‌آید")
    for i in duplicates(f.per):
        yield Problem(("frequency", "per", i), codes.DUPLICATE_ITEM, f"گزینهٔ «{f.per[i]}» تکراری است")  # type: ignore[index]


def _duration(d: Duration, loc: tuple[Any, ...]) -> Iterator[Problem]:
    if (d.value is None) != (d.unit is None):
        missing = "unit" if d.unit is None else "value"
        yield Problem(loc + (missing,), codes.DURATION_INCOMPLETE, "مقدار و واحد با هم می‌آیند: یا هر دو، یا هیچ‌کدام همراه با note")
    elif d.value is None and d.note is None and d.max is None:
        yield Problem(loc, codes.DURATION_INCOMPLETE, "مدت بدون مقدار باید توضیح (note) داشته باشد؛ برای «اعلام نشده» کل کلید را null کنید")
    if d.max is not None and d.value is not None and d.max < d.value:
        yield Problem(loc + ("max",), codes.BAD_RANGE, f"انتظار می‌رفت حداکثر دست‌کم {d.value:g}، اما {d.max:g} آمده است")
    if d.max is not None and d.unit is None:
        yield Problem(loc + ("unit",), codes.DURATION_INCOMPLETE, "حداکثر مدت بدون واحد آمده است")


def _cost(c: Cost) -> Iterator[Problem]:
    if c.free and c.items:
        yield Problem(("cost", "items"), codes.FREE_WITH_COST, f"خدمت رایگان (free: true) است اما {len(c.items)} ردیف هزینه دارد")
    for i, item in enumerate(c.items or []):
        loc = ("cost", "items", i)
        if item.amount_rials is None and item.min_rials is None and item.max_rials is None and item.rule is None:
            yield Problem(loc, codes.COST_ITEM_EMPTY, "ردیف هزینه باید مبلغ (amount_rials)، بازه (min_rials/max_rials) یا قاعده (rule) داشته باشد")
        if item.min_rials is not None and item.max_rials is not None and item.min_rials > item.max_rials:
            yield Problem(loc + ("max_rials",), codes.BAD_RANGE, f"انتظار می‌رفت بیشینه دست‌کم {item.min_rials}، اما {item.max_rials} آمده است")


def _stage(s: AccessStage, loc: tuple[Any, ...]) -> Iterator[Problem]:
    channels = s.channels or []
    if s.electronic and channels and not any(c in ELECTRONIC_CHANNELS or c in ASSISTED_CHANNELS for c in channels):
        shown = "، ".join(c.value for c in channels)
        yield Problem(
            loc + ("channels",),
            codes.STAGE_NOT_ELECTRONIC,
            f"مرحله الکترونیکی است (electronic: true) اما مجراهای آن ({shown}) هیچ‌کدام الکترونیکی یا دفاتر پیشخوان نیستند",
        )
    for i in duplicates(channels):
        yield Problem(loc + ("channels", i), codes.DUPLICATE_ITEM, f"گزینهٔ «{channels[i]}» تکراری است")
    if s.channel_other is not None and not ({Channel.OTHER, Channel.SIMILAR_OFFICES} & set(channels)):
        yield Problem(loc + ("channel_other",), codes.OTHER_TEXT_WITHOUT_OTHER, "channel_other آمده اما channels گزینهٔ other یا similar_offices ندارد")
    if s.in_person is not None and s.non_electronic is False:
        yield Problem(loc + ("in_person",), codes.IN_PERSON_ON_ELECTRONIC, "ضرورت مراجعهٔ حضوری فقط در مرحلهٔ غیرالکترونیکی (non_electronic: true) می‌آید")
    if s.in_person is not None and s.in_person.reason_other is not None and VisitReason.OTHER not in (s.in_person.reasons or []):
        yield Problem(loc + ("in_person", "reason_other"), codes.OTHER_TEXT_WITHOUT_OTHER, "reason_other آمده اما reasons گزینهٔ other ندارد")
