"""Field types of the card format: every YAML scalar arrives as text and is typed here.

Each type raises :class:`PydanticCustomError` whose ``type`` is the stable diagnostic code and
whose message, in Persian, says what was expected and what was found.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    Tag,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from .. import codes, jalali, text
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
    schema_pattern,
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
#: One line with something visible; the direction marks (LRM, RLM, ALM) belong to free text only.
LINE_PATTERN = rf"\A[^\r\n{text.DIRECTION_MARKS}]*[^\s{text.DIRECTION_MARKS}][^\r\n{text.DIRECTION_MARKS}]*\Z"


def _schema(**extra: Any) -> Any:
    return Field(json_schema_extra=extra)


class _SchemaPattern:
    """Puts the JSON Schema (ECMA-262) form of a pattern into the schema: the Python form ends
    in ``\\Z``, which ECMA-262 reads as a letter Z."""

    def __init__(self, regex: re.Pattern[str] | str) -> None:
        self.pattern = regex if isinstance(regex, str) else schema_pattern(regex)

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        found = handler(core)
        found["pattern"] = self.pattern
        return found


def _constrained(regex: re.Pattern[str], code: str, expected: str, **schema: Any) -> Any:
    PATTERN_ERRORS[regex.pattern] = (code, expected)
    return Annotated[str, StringConstraints(pattern=regex.pattern), _SchemaPattern(regex), _schema(**schema)]


def pattern_error(pattern: str, value: Any) -> tuple[str, str]:
    """(code, Persian message) for a value that did not match one of our patterns."""
    if pattern in (TEXT_PATTERN, LINE_PATTERN):
        if pattern == LINE_PATTERN and isinstance(value, str) and ("\n" in value or "\r" in value):
            return codes.MULTI_LINE, f"انتظار می‌رفت متن یک‌خطی، اما متن چندخطی آمده است: {_shown(value)}"
        marks = [ch for ch in value if ch in text.DIRECTION_MARKS] if pattern == LINE_PATTERN and isinstance(value, str) else []
        if marks:
            return codes.FORBIDDEN_CHARACTER, (
                f"نویسهٔ جهت‌نمای {text.char_name(marks[0])} فقط در متن آزاد (شرح، خلاصه، توضیح) پذیرفته است، نه در متن یک‌خطی"
            )
        return codes.EMPTY_TEXT, "متن خالی آمده است؛ برای «اعلام نشده» null بنویسید یا کلید را حذف کنید"
    code, expected = PATTERN_ERRORS.get(pattern, (codes.INVALID_TEXT, "متنی دیگر"))
    return code, f"انتظار می‌رفت {expected}، اما {_shown(value)} آمده است"


Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN), _SchemaPattern(r"\S"), _schema(minLength=1)]
"""Free text: may span lines."""

_NOT_LINE = r"\r\n\u200e\u200f\u061c"
Line = Annotated[
    str,
    StringConstraints(pattern=LINE_PATTERN),
    _SchemaPattern(rf"^[^{_NOT_LINE}]*[^\s\u200e\u200f\u061c][^{_NOT_LINE}]*$"),
    _schema(minLength=1),
]
"""One line of text."""

Slug = _constrained(SLUG_RE, codes.INVALID_SLUG, "شناسه‌ای از حروف کوچک لاتین، رقم و خط تیره (مانند sabt-ahval)")
RecordId = _constrained(ID_RE, codes.INVALID_ID, "شناسه‌ای ۱ تا ۳۲ نویسه از حروف لاتین، رقم، «-»، «/» یا «.» که هیچ بخشش با «.» آغاز نشود و index.html نباشد (مانند \"12011076106\")")
#: Codes (of a document, an inquiry) follow the shape of ids.
Code = RecordId
Digits = _constrained(DIGITS_RE, codes.INVALID_ID, "رشته‌ای از رقم‌ها (در گیومه، مانند \"1003\")")
Ref = _constrained(REF_RE, codes.INVALID_REFERENCE, "ارجاع به شکل slug یا agency/slug (مانند sabt/birth-certificate)")
Phone = _constrained(PHONE_RE, codes.INVALID_ID, "شماره تلفن با رقم لاتین (مانند \"021-88115831\")")
Email = _constrained(EMAIL_RE, codes.INVALID_ID, "نشانی پست الکترونیک (مانند info@example.ir)", format="email")
Handle = _constrained(HANDLE_RE, codes.INVALID_ID, "شناسهٔ کاربری یا گروه در فورج (مانند @user یا @group/team)")


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
    str, AfterValidator(_date), _schema(pattern=schema_pattern(DATE_RE), examples=["1403-05-12"])
]
"""A Solar Hijri date ``YYYY-MM-DD``, year 1300–1499."""


#: One label of a host name as browsers accept it without mapping: ASCII letters, digits and
#: inner hyphens (a Persian domain is written in its xn-- form).
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
#: A last label that makes a browser read the host as an IPv4 address (WHATWG "ends in a number").
_NUMERIC_LABEL = re.compile(r"(?:[0-9]+|0[xX][0-9A-Fa-f]*)\Z")


def _host_ok(netloc: str, host: str) -> bool:
    """Is ``host`` (from ``netloc``) a DNS name, an IPv4 address in its plain dotted form or an
    IPv6 address in brackets, read the same way by urllib and by browsers?"""
    if netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        return False
    if _NUMERIC_LABEL.match(labels[-1]):  # browsers read it as IPv4 (also 0x7f.1, 010.0.0.1)
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return False
        return True
    return len(labels) > 1 or name.lower() == "localhost"


def _url(v: str) -> str:
    """An http(s) URL that urllib and browsers (WHATWG URL rules) read alike: no backslash (a
    path separator to browsers), no whitespace, controls or invisible characters (browsers drop
    tabs and line breaks), no user-info, and a host that is a plain DNS name or IP address."""
    expected = "انتظار می‌رفت نشانی http یا https (مانند https://www.example.ir)"
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in v):
        raise fail(codes.INVALID_URL, f"{expected}، اما نشانی فاصله یا نویسهٔ نامرئی دارد: {_shown(v)}")
    if "\\" in v:
        raise fail(codes.INVALID_URL, f"{expected}، اما نشانی «\\» دارد که مرورگرها آن را «/» می‌خوانند: {_shown(v)}")
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
    if not v[len(parts.scheme) :].startswith("://") or not parts.hostname:
        raise fail(codes.INVALID_URL, f"{expected} با نام میزبان، اما {_shown(v)} آمده است")
    if not _host_ok(parts.netloc, parts.hostname):
        raise fail(
            codes.INVALID_URL,
            f"{expected} با نام میزبان معتبر (حرف و رقم لاتین و خط تیره، یا نشانی IP؛ "
            f"نام دامنهٔ فارسی به شکل xn--)، اما {_shown(v)} آمده است",
        )
    return v


Url = Annotated[str, AfterValidator(_url), _schema(format="uri", pattern=r"^https?://[^@\s/\\]+([/?#][^\s\\]*)?$")]


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


_SCALE = {"هزار": 1000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000}
_AMOUNT_PART = re.compile(r"\A([0-9][0-9,٬،]*(?:\.[0-9]+)?)\s*((?:هزار|میلیون|میلیارد)(?:\s+(?:هزار|میلیون|میلیارد))*)?\Z")


def amount_in_words(v: str) -> tuple[int, str] | None:
    """An amount written as text («۵۰۰ هزار ریال», «2 میلیون و 500 هزار تومان», «500,000»):
    the integer in rials and a note when it was given in tomans; ``None`` when not an amount."""
    s = text.ascii_digits(v).replace("\u200c", " ").strip()
    note = ""
    if s.endswith("تومان"):
        s, note = s[: -len("تومان")].strip(), " (هر تومان ۱۰ ریال است)"
    elif s.endswith("ریال"):
        s = s[: -len("ریال")].strip()
    if not s:
        return None
    total = 0.0
    for part in s.split(" و "):
        m = _AMOUNT_PART.match(part.strip())
        if not m:
            return None
        amount = float(re.sub(r"[,٬،]", "", m[1]))
        for word in (m[2] or "").split():
            amount *= _SCALE[word]
        total += amount
    if note:
        total *= 10
    if total != int(total):
        return None
    return int(total), note


def _int(v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str) and INT_RE.match(v):
        return int(v)
    hint = ""
    if isinstance(v, str):
        found = amount_in_words(v)
        if found is not None:
            hint = f"؛ عدد را بی‌واحد و بی‌جداکننده بنویسید: {found[0]}{found[1]}"
    raise fail(codes.INVALID_NUMBER, f"انتظار می‌رفت عدد صحیح با رقم لاتین، اما {_shown(v)} آمده است{hint}")


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
