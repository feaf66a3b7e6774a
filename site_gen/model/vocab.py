"""Every controlled vocabulary of the card format, each value with its Persian label.

This module is the single source of the allowed values: the models, the JSON Schema, the pages,
the diff labels and the scaffolding all read them from here.
"""

from __future__ import annotations

# the base class and the kinds of record live in .kind, so that light modules need not load
# every vocabulary; they are part of this module's vocabulary all the same
from .kind import RecordKind as RecordKind
from .kind import Vocab as Vocab


class ServiceType(Vocab):
    G2C = ("G2C", "خدمت به شهروندان")
    G2B = ("G2B", "خدمت به کسب‌وکار")
    G2G = ("G2G", "خدمت به دیگر دستگاه‌های دولتی")
    G2E = ("G2E", "خدمت به کارکنان دولت")


class Nature(Vocab):
    SOVEREIGN = ("sovereign", "حاکمیتی")
    PROPRIETARY = ("proprietary", "تصدی‌گری")


class Level(Vocab):
    NATIONAL = ("national", "ملی")
    REGIONAL = ("regional", "منطقه‌ای")
    PROVINCIAL = ("provincial", "استانی")
    URBAN = ("urban", "شهری")
    RURAL = ("rural", "روستایی")


class LifeEvent(Vocab):
    BIRTH = ("birth", "تولد")
    EDUCATION = ("education", "آموزش")
    HEALTH = ("health", "سلامت")
    TAX = ("tax", "مالیات")
    BUSINESS = ("business", "کسب‌وکار")
    SOCIAL_SECURITY = ("social_security", "تأمین اجتماعی")
    PROPERTY_REGISTRATION = ("property_registration", "ثبت مالکیت")
    UTILITIES = ("utilities", "تأسیسات شهری")
    INSURANCE = ("insurance", "بیمه")
    MARRIAGE = ("marriage", "ازدواج")
    RETIREMENT = ("retirement", "بازنشستگی")
    DOCUMENTS_CERTIFICATES = ("documents_certificates", "مدارک و گواهینامه‌ها")
    DEATH = ("death", "وفات")
    OTHER = ("other", "سایر")


class Trigger(Vocab):
    APPLICANT_REQUEST = ("applicant_request", "تقاضای گیرنده خدمت")
    SCHEDULED_TIME = ("scheduled_time", "فرارسیدن زمانی مشخص")
    AGENCY_DETECTION = ("agency_detection", "تشخیص دستگاه")
    EVENT = ("event", "رخداد رویدادی مشخص")
    OTHER = ("other", "سایر")


class Period(Vocab):
    MONTH = ("month", "ماه")
    SEASON = ("season", "فصل")
    YEAR = ("year", "سال")


class TimeUnit(Vocab):
    MINUTE = ("minute", "دقیقه")
    HOUR = ("hour", "ساعت")
    DAY = ("day", "روز")
    WEEK = ("week", "هفته")
    MONTH = ("month", "ماه")
    YEAR = ("year", "سال")


class ShortUnit(Vocab):
    """Units of a licence process duration (form 1 and 2: «روز / ساعت»)."""

    HOUR = ("hour", "ساعت")
    DAY = ("day", "روز")


class ValidityUnit(Vocab):
    DAY = ("day", "روز")
    MONTH = ("month", "ماه")
    YEAR = ("year", "سال")


class Stage(Vocab):
    """The stages of access to a service, in the order a citizen meets them."""

    INFORMATION = ("information", "اطلاع‌رسانی")
    REQUEST = ("request", "درخواست")
    PRODUCTION = ("production", "تولید خدمت")
    DELIVERY = ("delivery", "ارائه")


class Channel(Vocab):
    INTERNET = ("internet", "اینترنتی (وبگاه دستگاه)")
    INTRANET = ("intranet", "اینترانتی (اینترانت یا ERP)")
    MOBILE_APP = ("mobile_app", "تلفن همراه")
    EMAIL = ("email", "پست الکترونیک")
    POST = ("post", "ارسال پستی")
    IVR = ("ivr", "تلفن گویا یا مرکز تماس")
    SMS = ("sms", "پیام کوتاه")
    COUNTER_OFFICES = ("counter_offices", "دفاتر پیشخوان")
    SIMILAR_OFFICES = ("similar_offices", "عناوین مشابه دفاتر پیشخوان")
    OTHER = ("other", "سایر")

    @property
    def is_electronic(self) -> bool:
        """Electronic channels: the citizen needs no office."""
        return self in ELECTRONIC_CHANNELS

    @property
    def is_assisted(self) -> bool:
        """Electronic processing at an office the citizen visits."""
        return self in ASSISTED_CHANNELS


ELECTRONIC_CHANNELS = frozenset(
    {Channel.INTERNET, Channel.INTRANET, Channel.MOBILE_APP, Channel.EMAIL, Channel.SMS, Channel.IVR}
)
ASSISTED_CHANNELS = frozenset({Channel.COUNTER_OFFICES, Channel.SIMILAR_OFFICES})


class VisitLevel(Vocab):
    NATIONAL = ("national", "ملی")
    PROVINCIAL = ("provincial", "استانی")
    COUNTY = ("county", "شهرستانی")


class VisitReason(Vocab):
    IDENTITY_AUTHENTICATION = ("identity_authentication", "جهت احراز اصالت فرد")
    DOCUMENT_AUTHENTICATION = ("document_authentication", "جهت احراز اصالت مدرک")
    NO_INFRASTRUCTURE = ("no_infrastructure", "نبود زیرساخت ارتباطی مناسب")
    OTHER = ("other", "سایر")


class NonElectronicBy(Vocab):
    AGENCY = ("agency", "دستگاه")
    APPLICANT = ("applicant", "مراجعه‌کننده")


class LicenceKind(Vocab):
    LICENCE = ("licence", "جواز")
    PERMIT = ("permit", "پروانه")
    CERTIFICATE = ("certificate", "گواهی")
    INQUIRY = ("inquiry", "استعلام")
    APPROVAL = ("approval", "موافقت")
    GENERIC = ("generic", "مجوز")
    OTHER = ("other", "سایر")


class LawType(Vocab):
    LAW = ("law", "قانون")
    RESOLUTION = ("resolution", "مصوبه")
    CIRCULAR = ("circular", "بخشنامه")
    BYLAW = ("bylaw", "آیین‌نامه")


class Applicant(Vocab):
    NATURAL_PERSON = ("natural_person", "حقیقی")
    LEGAL_PERSON = ("legal_person", "حقوقی")
    GOVERNMENT = ("government", "دولتی")


class ActionType(Vocab):
    ISSUE = ("issue", "صدور")
    RENEW = ("renew", "تمدید")
    AMEND = ("amend", "اصلاح")
    REVOKE = ("revoke", "لغو / ابطال")
    REINSTATE = ("reinstate", "احیاء")


class Process(Vocab):
    EXCLUSIVE = ("exclusive", "اختصاصی")
    SHARED = ("shared", "مشترک")


class InquiryProcessType(Vocab):
    NAMED = ("named", "موارد اعلام با ذکر نام")
    OTHER = ("other", "سایر")
