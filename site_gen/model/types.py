"""Field types of the card format: every YAML scalar arrives as text and is typed here.

Each type raises :class:`PydanticCustomError` whose ``type`` is the stable diagnostic code and
whose message, in Persian, says what was expected and what was found.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, StringConstraints, Tag
from pydantic_core import PydanticCustomError

from .. import codes, jalali
from ..patterns import (
    DATE_RE,
    DIGITS_RE,
    EMAIL_RE,
    HANDLE_RE,
    ID_RE,
    INT_RE,
    NUMBER_RE,
    PHONE_RE,
    REF_RE,
    SLUG_RE,
)


def fail(code: str, message: str) -> PydanticCustomError:
    """An error for pydantic to collect; ``code`` comes from :mod:`site_gen.codes`."""
    return PydanticCustomError(code, message)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return "نگاشت (کلید: مقدار)"
    if isinstance(value, list):
        return "فهرست"
    return repr(value)


# --- text ---------------------------------------------------------------------------------
# Text types are checked by pydantic-core (a pattern per type, no Python call per value: a card
# has a hundred of them). A mismatch comes back as ``string_pattern_mismatch`` with the pattern;
# :data:`PATTERN_ERRORS` turns it into our code and a Persian "expected X".

#: pattern → (code, what was expected); the text patterns decide between two codes.
PATTERN_ERRORS: dict[str, tuple[str, str]] = {}

TEXT_PATTERN = r"(?s)\A.*?\S"
LINE_PATTERN = r"\A[^\r\n]*\S[^\r\n]*\Z"


def _schema(**extra: Any) -> Any:
    return Field(json_schema_extra=extra)


def _constrained(regex: re.Pattern[str], code: str, expected: str, **schema: Any) -> Any:
    PATTERN_ERRORS[regex.pattern] = (code, expected)
    return Annotated[str, StringConstraints(pattern=regex.pattern), _schema(pattern=regex.pattern, **schema)]


def pattern_error(pattern: str, value: Any) -> tuple[str, str]:
    """(code, Persian message) for a value that did not match one of our patterns."""
    if pattern in (TEXT_PATTERN, LINE_PATTERN):
        if pattern == LINE_PATTERN and isinstance(value, str) and ("\n" in value or "\r" in value):
            return codes.MULTI_LINE, f"انتظار می‌رفت متن یک‌خطی، اما متن چندخطی آمده است: {_shown(value)}"
        return codes.EMPTY_TEXT, "متن خالی آمده است؛ برای «اعلام نشده» null بنویسید یا کلید را حذف کنید"
    code, expected = PATTERN_ERRORS.get(pattern, (codes.INVALID_TEXT, "متنی دیگر"))
    return code, f"انتظار می‌رفت {expected}، اما {_shown(value)} آمده است"


Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN), _schema(minLength=1, pattern=r"\S")]
"""Free text: may span lines."""

Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN), _schema(minLength=1, pattern=r"^[^\r\n]*\S[^\r\n]*$")]
"""One line of text."""

Slug = _constrained(SLUG_RE, codes.INVALID_SLUG, "شناسه‌ای از حروف کوچک لاتین، رقم و خط تیره (مانند sabt-ahval)")
RecordId = _constrained(ID_RE, codes.INVALID_ID, "شناسه‌ای ۱ تا ۳۲ نویسه از حروف لاتین، رقم، «-»، «/» یا «.» که هیچ بخشش با «.» آغاز نشود و index.html نباشد (مانند \"12011076106\")")
#: Codes (of a document, an inquiry) follow the shape of ids.
Code = RecordId
Digits = _constrained(DIGITS_RE, codes.INVALID_ID, "رشته‌ای از رقم‌ها (در گیومه، مانند \"1003\")")
Ref = _constrained(REF_RE, codes.INVALID_REFERENCE, "ارجاع به شکل slug یا agency/slug (مانند sabt/birth-certificate)")
Phone = _constrained(PHONE_RE, codes.INVALID_ID, "شماره تلفن با رقم لاتین (مانند \"021-88115831\")")
Email = _constrained(EMAIL_RE, codes.INVALID_ID, "نشانی پست الکترونیک (مانند info@example.ir)", format="email")
Handle = _constrained(HANDLE_RE, codes.INVALID_ID, "شناسه‌ی کاربری یا گروه در فورج (مانند @user یا @group/team)")


def _date(v: str) -> str:
    if not DATE_RE.match(v):
        raise fail(codes.INVALID_DATE, f"انتظار می‌رفت تاریخ شمسی به شکل YYYY-MM-DD (مانند \"1403-05-12\")، اما {_shown(v)} آمده است")
    y, m, d = (int(p) for p in v.split("-"))
    if not 1300 <= y <= 1499:
        raise fail(codes.INVALID_DATE, f"انتظار می‌رفت سال شمسی بین 1300 و 1499، اما {y} آمده است")
    if not 1 <= m <= 12:
        raise fail(codes.INVALID_DATE, f"انتظار می‌رفت ماه بین 01 و 12، اما {m:02d} آمده است")
    days = jalali.month_length(y, m)
    if not 1 <= d <= days:
        raise fail(
            codes.INVALID_DATE,
            f"{jalali.MONTH_NAMES[m - 1]} سال {y} {days} روز دارد، اما روز {d:02d} آمده است",
        )
    return v


JalaliDate = Annotated[
    str, AfterValidator(_date), _schema(pattern=DATE_RE.pattern, examples=["1403-05-12"])
]
"""A Solar Hijri date ``YYYY-MM-DD``, year 1300–1499."""


def _url(v: str) -> str:
    expected = "انتظار می‌رفت نشانی http یا https (مانند https://www.example.ir)"
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in v):
        raise fail(codes.INVALID_URL, f"{expected}، اما نشانی فاصله یا نویسه‌ی نامرئی دارد: {_shown(v)}")
    try:
        parts = urlsplit(v)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise fail(codes.INVALID_URL, f"{expected}، اما {_shown(v)} آمده است") from None
    if parts.scheme not in ("http", "https"):
        hint = "؛ نشانی را با https:// آغاز کنید" if not parts.scheme else ""
        raise fail(codes.INVALID_URL, f"{expected}، اما {_shown(v)} آمده است{hint}")
    if "@" in parts.netloc:
        raise fail(codes.INVALID_URL, f"{expected} بدون نام کاربری، اما {_shown(v)} بخش user@ دارد")
    if not parts.hostname or ("." not in parts.hostname.strip(".") and parts.hostname != "localhost"):
        raise fail(codes.INVALID_URL, f"{expected} با نام میزبان، اما {_shown(v)} آمده است")
    return v


Url = Annotated[str, AfterValidator(_url), _schema(format="uri", pattern=r"^https?://[^@\s/]+(/\S*)?$")]


# --- booleans and numbers -----------------------------------------------------------------


def _bool(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if v == "true":
        return True
    if v == "false":
        return False
    raise fail(codes.INVALID_BOOL, f"انتظار می‌رفت true یا false، اما {_shown(v)} آمده است")


Bool = Annotated[bool, BeforeValidator(_bool)]


def _int(v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str) and INT_RE.match(v):
        return int(v)
    raise fail(codes.INVALID_NUMBER, f"انتظار می‌رفت عدد صحیح با رقم لاتین، اما {_shown(v)} آمده است")


def _number(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    if isinstance(v, str) and NUMBER_RE.match(v):
        return float(v) if "." in v else int(v)
    raise fail(codes.INVALID_NUMBER, f"انتظار می‌رفت عدد با رقم لاتین (مانند 3 یا 1.5)، اما {_shown(v)} آمده است")


NonNegInt = Annotated[int, BeforeValidator(_int), Field(ge=0)]
PosInt = Annotated[int, BeforeValidator(_int), Field(gt=0)]
NonNegNumber = Annotated[float, BeforeValidator(_number), Field(ge=0)]
PosNumber = Annotated[float, BeforeValidator(_number), Field(gt=0)]


# --- "text or mapping" unions -------------------------------------------------------------


def _text_or_mapping(v: Any) -> str | None:
    if isinstance(v, str):
        return "as-text"
    if isinstance(v, dict) or hasattr(v, "model_fields"):
        return "as-mapping"
    return None


def text_or(mapping: Any, text: Any = Text, what: str = "متن یا نگاشت") -> Any:
    """A value that is either text or a mapping of the given model."""
    return Annotated[
        Annotated[text, Tag("as-text")] | Annotated[mapping, Tag("as-mapping")],
        Discriminator(
            _text_or_mapping,
            custom_error_type=codes.INVALID_TYPE,
            custom_error_message=f"انتظار می‌رفت {what}، اما فهرست آمده است",
        ),
    ]


Unlimited = Literal["unlimited"]
