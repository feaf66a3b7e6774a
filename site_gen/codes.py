"""The catalogue of diagnostic codes: one stable slug per kind of problem.

Codes are part of the public interface (CI annotations, JSON reports, tests): never rename one.
Each has a Persian title used in the contributor guide and in the JUnit report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """When a problem is found: text layer, a single record, or across records."""

    TEXT = "text"
    RECORD = "record"
    CATALOGUE = "catalogue"


@dataclass(frozen=True)
class Code:
    slug: str
    phase: Phase
    title: str
    warning: bool = False


_ALL: dict[str, Code] = {}


def _code(slug: str, phase: Phase, title: str, *, warning: bool = False) -> str:
    _ALL[slug] = Code(slug, phase, title, warning)
    return slug


T, R, C = Phase.TEXT, Phase.RECORD, Phase.CATALOGUE

# --- files and the text layer -------------------------------------------------------------
SYMLINK = _code("symlink", T, "پیوند نمادین به جای پرونده")
BAD_FILE_NAME = _code("bad-file-name", T, "نام پرونده یا پوشه شناسهٔ معتبر نیست")
MISPLACED_FILE = _code("misplaced-file", T, "پرونده بیرون از پوشهٔ یک دستگاه")
FILE_TOO_LARGE = _code("file-too-large", T, "پرونده بزرگ‌تر از حد مجاز")
NOT_UTF8 = _code("not-utf8", T, "رمزگذاری غیر از UTF-8")
BOM = _code("bom", T, "نشانهٔ ترتیب بایت (BOM)")
FORBIDDEN_CHARACTER = _code("forbidden-character", T, "نویسهٔ نامرئی یا کنترلی ممنوع")
YAML_SYNTAX = _code("yaml-syntax", T, "نحو نادرست YAML")
YAML_ANCHOR = _code("yaml-anchor", T, "لنگر YAML (&)")
YAML_ALIAS = _code("yaml-alias", T, "ارجاع YAML (*)")
YAML_TAG = _code("yaml-tag", T, "برچسب نوع YAML (!)")
MERGE_KEY = _code("merge-key", T, "کلید ادغام YAML (<<)")
TOO_DEEP = _code("too-deep", T, "تودرتویی بیش از حد")
DUPLICATE_KEY = _code("duplicate-key", T, "کلید تکراری")
BAD_KEY = _code("bad-key", T, "کلید غیرمتنی")
EMPTY_FILE = _code("empty-file", T, "پروندهٔ خالی")
NOT_A_MAPPING = _code("not-a-mapping", T, "ریشهٔ پرونده نگاشت نیست")
ARABIC_LETTERS = _code("arabic-letters", T, "حروف عربی ي/ك", warning=True)
NON_ASCII_DIGITS = _code("non-ascii-digits", T, "رقم فارسی یا عربی در عدد یا شناسه", warning=True)

# --- one record ---------------------------------------------------------------------------
MISSING_KEY = _code("missing-key", R, "کلید الزامی نیامده")
UNKNOWN_KEY = _code("unknown-key", R, "کلید ناشناخته")
INVALID_TYPE = _code("invalid-type", R, "نوع نادرست")
INVALID_VALUE = _code("invalid-value", R, "مقدار بیرون از فهرست مجاز")
INVALID_BOOL = _code("invalid-bool", R, "مقدار بله/خیر نادرست")
INVALID_NUMBER = _code("invalid-number", R, "عدد نادرست")
OUT_OF_RANGE = _code("out-of-range", R, "عدد بیرون از بازه")
INVALID_DATE = _code("invalid-date", R, "تاریخ شمسی نادرست")
INVALID_URL = _code("invalid-url", R, "نشانی اینترنتی نادرست")
INVALID_ID = _code("invalid-id", R, "شناسه یا کد نادرست")
INVALID_SLUG = _code("invalid-slug", R, "شناسهٔ پرونده (slug) نادرست")
INVALID_REFERENCE = _code("invalid-reference", R, "ارجاع نادرست")
INVALID_TEXT = _code("invalid-text", R, "متن نادرست")
MULTI_LINE = _code("multi-line", R, "شکست خط در فیلد یک‌خطی")
EMPTY_TEXT = _code("empty-text", R, "متن خالی")
EMPTY_LIST = _code("empty-list", R, "فهرست خالی در جایی که نباید")
DUPLICATE_ITEM = _code("duplicate-item", R, "گزینهٔ تکراری در فهرست")
SLUG_MISMATCH = _code("slug-mismatch", R, "شناسه با نام پرونده یا پوشه نمی‌خواند")
AGENCY_MISMATCH = _code("agency-mismatch", R, "دستگاه با پوشه نمی‌خواند")
PARENT_IS_SELF = _code("parent-is-self", R, "دستگاه مادر خود دستگاه است")
FREE_WITH_COST = _code("free-with-cost", R, "خدمت رایگان با ردیف هزینه")
COST_ITEM_EMPTY = _code("cost-item-empty", R, "ردیف هزینه بدون مبلغ، بازه یا قاعده")
BAD_RANGE = _code("bad-range", R, "کمینه بزرگ‌تر از بیشینه")
COST_AND_FEES = _code("cost-and-fees", R, "هم هزینهٔ یک‌جا و هم ردیف‌های هزینه")
DUPLICATE_ACTION = _code("duplicate-action", R, "دو اقدام از یک نوع")
SHARED_WITHOUT_INQUIRIES = _code("shared-without-inquiries", R, "فرایند مشترک بدون استعلام")
INQUIRIES_WITHOUT_SHARED = _code("inquiries-without-shared", R, "استعلام در فرایند غیرمشترک")
FLOW_OUT_OF_RANGE = _code("flow-out-of-range", R, "یال نمودار بیرون از فهرست فرایندها")
STAGE_NOT_ELECTRONIC = _code("stage-not-electronic", R, "مرحلهٔ الکترونیکی بدون مجرای الکترونیکی")
IN_PERSON_ON_ELECTRONIC = _code(
    "in-person-on-electronic", R, "دلیل مراجعهٔ حضوری در مرحلهٔ تمام‌الکترونیکی"
)
OTHER_TEXT_WITHOUT_OTHER = _code("other-text-without-other", R, "توضیح «سایر» بدون گزینهٔ سایر")
ONCE_WITH_TIMES = _code("once-with-times", R, "«یک‌بار برای همیشه» همراه با تعداد دفعات")
DURATION_INCOMPLETE = _code("duration-incomplete", R, "مدت زمان ناقص")
NOT_STATED = _code("not-stated", R, "فیلد فرم اعلام نشده (با --complete)")

# --- across records -----------------------------------------------------------------------
MISSING_AGENCY_FILE = _code("missing-agency-file", C, "پوشهٔ دستگاه بدون _agency.yaml")
UNKNOWN_AGENCY = _code("unknown-agency", C, "دستگاه ثبت‌نشده")
UNKNOWN_SERVICE = _code("unknown-service", C, "خدمت ثبت‌نشده")
UNKNOWN_LICENCE = _code("unknown-licence", C, "مجوز ثبت‌نشده")
DUPLICATE_ID = _code("duplicate-id", C, "شناسهٔ تکراری")
AGENCY_CYCLE = _code("agency-cycle", C, "چرخه در زنجیرهٔ دستگاه مادر")
UNREGISTERED_AGENCY = _code(
    "unregistered-agency", C, "نام دستگاهی که در فهرست ثبت نشده", warning=True
)
UNREGISTERED_LICENCE = _code(
    "unregistered-licence", C, "نام مجوزی که در فهرست ثبت نشده", warning=True
)
NOT_AN_OWNER = _code("not-an-owner", C, "تغییر در پوشه‌ای که نویسندهٔ تغییر نگه‌دارندهٔ آن نیست")

# --- site-gen fmt -------------------------------------------------------------------------
FMT_UNSAFE = _code("fmt-unsafe", T, "پرونده‌ای که قالب‌بندی خودکار آن بی‌خطر نیست")
# --- added by the validation hardening (appended: codes never move) --------------------------
NOT_A_FOLDER = _code("not-a-folder", T, "cards یا licenses پوشه نیست")
NO_CATALOGUE = _code("no-catalogue", T, "نه پوشهٔ cards هست و نه licenses")
UNSAFE_PATH = _code("unsafe-path", T, "پوشهٔ ساخت یا خروجی پیوند نمادین است یا روی کاتالوگ می‌افتد")
# --- added by the contribution loop (issue 11; appended: codes never move) --------------------
PLACEHOLDER = _code("placeholder", R, "متن نمونهٔ site-gen new به جای مقدار")
LABEL_AS_VALUE = _code("label-as-value", R, "برچسب فیلد به جای مقدار آن")
# --- added by the registers (issue 20; appended: codes never move) ----------------------------
STANDARD_CODE_NOT_STANDARD = _code("standard-code-not-standard", R, "کد استاندارد برای فناوری‌ای که استاندارد یا پروتکل نیست")
OTHER_WITHOUT_TEXT = _code("other-without-text", R, "گزینهٔ «سایر» بدون نام آن")
CALL_DATES_MISSING = _code("call-dates-missing", R, "فراخوان باز بدون تاریخ آغاز یا پایان")
DONE_INCOMPLETE = _code("done-incomplete", R, "پروژهٔ انجام‌شده با نقطهٔ عطف انجام‌نشده یا پیشرفت کمتر از ۱۰۰")
UNKNOWN_PROJECT = _code("unknown-project", C, "طرح ثبت‌نشده")
UNKNOWN_BODY = _code("unknown-body", C, "نهاد ثبت‌نشده")
UNKNOWN_CERTIFICATE = _code("unknown-certificate", C, "گواهی ثبت‌نشده")
UNKNOWN_DOCUMENT = _code("unknown-document", C, "سند ثبت‌نشده")
SUPERSEDES_CYCLE = _code("supersedes-cycle", C, "چرخه در زنجیرهٔ جایگزینی سندها")
VALIDITY_EXPIRED = _code("validity-expired", R, "اعتبار گذشته با وضعیت «معتبر»", warning=True)
CALL_CLOSED = _code("call-closed", R, "فراخوان بسته‌شده با وضعیت «فراخوان باز»", warning=True)
MILESTONE_OVERDUE = _code("milestone-overdue", R, "نقطهٔ عطف گذشته از موعد و انجام‌نشده", warning=True)
# --- added by availability monitoring (issue 18; appended: codes never move) -----------------
AVAILABILITY_STATUS = _code("availability-status", T, "پروندهٔ وضعیت دسترس‌پذیری (status.json) خوانا یا درست نیست")

# --- site-gen import xlsx (issue 19; appended: codes never move) -----------------------------
IMPORT_UNREADABLE = _code("import-unreadable", T, "کارپوشه‌ای که خوانده نمی‌شود")
IMPORT_UNKNOWN_SHEET = _code("import-unknown-sheet", T, "برگه‌ای که به هیچ جدولی نمی‌خورد")
IMPORT_UNKNOWN_COLUMN = _code("import-unknown-column", T, "ستونی که به هیچ فیلدی نمی‌خورد")
IMPORT_BAD_CELL = _code("import-bad-cell", T, "خانه‌ای که مقدارش خوانده نمی‌شود")
IMPORT_DUPLICATE_ROW = _code("import-duplicate-row", C, "ردیف تکراری برای یک رکورد")
IMPORT_ORPHAN_ROW = _code("import-orphan-row", C, "ردیف اقدام یا استعلام بی‌مجوز")

def all_codes() -> dict[str, Code]:
    """Every code, in declaration order."""
    return dict(_ALL)


def is_warning(slug: str) -> bool:
    return _ALL[slug].warning
# --- added by the Word form import (issue 14; appended: codes never move) --------------------
DOCX_NOT_DOCX = _code("docx-not-docx", T, "پرونده‌ای که سند Word (‎.docx‎) نیست")
DOCX_ENCRYPTED = _code("docx-encrypted", T, "سند Word رمزگذاری‌شده یا در قالب قدیمی ‎.doc‎")
DOCX_DAMAGED = _code("docx-damaged", T, "سند Word آسیب‌دیده")
DOCX_TOO_LARGE = _code("docx-too-large", T, "سند Word بزرگ‌تر از یک فرم (یا بمب فشرده)")
DOCX_NOT_A_FORM = _code("docx-not-a-form", T, "سند Word که فرم شناسنامهٔ خدمت یا فرم مجوز نیست")
DOCX_DRAFT_EXISTS = _code("docx-draft-exists", T, "پیش‌نویسی که پرونده‌اش از پیش هست (بدون ‎--force‎)")
