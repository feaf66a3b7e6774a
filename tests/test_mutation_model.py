"""The models (site_gen/model/), rule by rule on small inputs: field types, the Persian error
translation, the rules across fields, the vocabularies and the field documentation.

Each test states a behaviour of the card format (FORMAT.md) or of a message a clerk reads; the
messages are checked for what they must say (the value found, what was expected, the hint),
not word for word (docs/mutation.md)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from site_gen import codes, jalali
from site_gen.model import Action, Agency, Inquiry, Licence, Service
from site_gen.model import types as T
from site_gen.model.common import (
    Document,
    Duration,
    Law,
    Problem,
    Strict,
    duplicates,
    is_form_field,
    label,
    shown_label,
)
from site_gen.model.docs import class_field_docs, models_under, with_field_docs
from site_gen.model.errors import field_label, model_at, translate, unknown_key_hint
from site_gen.model.kind import RecordKind, Vocab, vocab_of
from site_gen.model.service import Access, AccessStage, Cost, CostItem, InPerson, Location
from site_gen.model.vocab import (
    ASSISTED_CHANNELS,
    ELECTRONIC_CHANNELS,
    Channel,
    Level,
    LifeEvent,
    ServiceType,
    Stage,
    VisitReason,
)
from site_gen.record import validate_file

SERVICE = "cards/a/s.yaml"
LICENCE = "licenses/a/l.yaml"
AGENCY = "cards/a/_agency.yaml"
HEAD = {SERVICE: "title: خدمت\nagency: a\n", LICENCE: "title: مجوز\nagency: a\n", AGENCY: "slug: a\nname: سازمان\n"}


def check(body: str, rel: str = SERVICE, head: bool = True) -> list[tuple[str, int, int, str, str]]:
    """(code, line, column, key, message) of every diagnostic of a record made of the minimal
    head of its kind and ``body``."""
    src = (HEAD[rel] if head else "") + body
    result = validate_file("/nonexistent", rel, src.encode("utf-8"))
    out = []
    for d in result.diagnostics:
        assert d.message.strip() and "None" not in d.message, d
        out.append((d.code, d.line, d.column, d.key, d.message))
    return out


def codes_of(body: str, rel: str = SERVICE, head: bool = True) -> list[tuple[str, str]]:
    return [(c, k) for c, _, _, k, _ in check(body, rel, head)]


def one(body: str, rel: str = SERVICE, head: bool = True) -> tuple[str, int, int, str, str]:
    found = check(body, rel, head)
    assert len(found) == 1, found
    return found[0]


def error_of(annotation: Any, value: Any) -> tuple[str, str]:
    """(code, message) pydantic reports for ``value`` against a field type of ours."""
    with pytest.raises(ValidationError) as exc:
        TypeAdapter(annotation).validate_python(value)
    [e] = exc.value.errors()
    return e["type"], e["msg"]


def ok(annotation: Any, value: Any) -> Any:
    return TypeAdapter(annotation).validate_python(value)


# --- types: text patterns ------------------------------------------------------------------------


def test_a_line_with_a_line_break_is_multi_line_not_empty() -> None:
    for value in ("یک\nدو", "یک\rدو"):
        code, message = T.pattern_error(T.LINE_PATTERN, value)
        assert code == codes.MULTI_LINE and repr(value) in message and "چندخطی" in message
    # free text may span lines: a failure of the text pattern is an empty text
    code, _ = T.pattern_error(T.TEXT_PATTERN, "یک\nدو")
    assert code == codes.EMPTY_TEXT


def test_a_direction_mark_in_one_line_text_is_named() -> None:
    code, message = T.pattern_error(T.LINE_PATTERN, "الف\u200fب")
    assert code == codes.FORBIDDEN_CHARACTER
    assert "U+200F RIGHT-TO-LEFT MARK" in message and "متن آزاد" in message
    # in free text the marks are allowed: only blank text fails its pattern
    assert T.pattern_error(T.TEXT_PATTERN, "\u200f")[0] == codes.EMPTY_TEXT
    # a value that is not text has no marks to name
    assert T.pattern_error(T.LINE_PATTERN, 5)[0] == codes.EMPTY_TEXT


def test_blank_text_says_how_to_write_not_stated() -> None:
    code, message = T.pattern_error(T.LINE_PATTERN, "   ")
    assert code == codes.EMPTY_TEXT and "null" in message


def test_a_pattern_of_ours_gives_its_own_code_and_expectation() -> None:
    from site_gen.patterns import SLUG_RE

    code, message = T.pattern_error(SLUG_RE.pattern, "Bad Slug")
    assert code == codes.INVALID_SLUG
    assert message.startswith("انتظار می‌رفت شناسه‌ای از حروف کوچک لاتین") and message.endswith("'Bad Slug' آمده است")
    code, message = T.pattern_error("[0-9]+", "x")
    assert code == codes.INVALID_TEXT and message == "انتظار می‌رفت متنی دیگر، اما 'x' آمده است"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("ا" * 60, repr("ا" * 60)),
        ("ا" * 61, repr("ا" * 57 + "...")),
        ({"a": 1}, "نگاشت (کلید: مقدار)"),
        ([1], "فهرست"),
        (12, "12"),
    ],
    ids=["sixty-whole", "sixty-one-cut", "mapping", "list", "number"],
)
def test_the_value_found_is_shown_short(value: Any, shown: str) -> None:
    assert T.pattern_error("[0-9]+", value)[1] == f"انتظار می‌رفت متنی دیگر، اما {shown} آمده است"


def test_line_and_text_through_the_model() -> None:
    assert codes_of("provider_unit: \"a\\nb\"\n") == [(codes.MULTI_LINE, "provider_unit")]
    assert codes_of("summary: \"a\\nb\"\n") == []
    assert codes_of("summary: \" \"\n") == [(codes.EMPTY_TEXT, "summary")]
    assert codes_of("id: \"a b\"\n") == [(codes.INVALID_ID, "id")]


# --- types: dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1300-01-01", "1499-12-29", "1403-12-30", "1403-06-31", "1403-07-30"])
def test_dates_in_range(value: str) -> None:
    assert ok(T.JalaliDate, value) == value


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("1403/05/12", "YYYY-MM-DD (مانند \"1403-05-12\")، اما '1403/05/12' آمده"),
        ("1299-12-29", "بین 1300 و 1499، اما 1299 آمده"),
        ("1500-01-01", "بین 1300 و 1499، اما 1500 آمده"),
        ("1403-00-01", "ماه بین 01 و 12، اما 00 آمده"),
        ("1403-13-01", "ماه بین 01 و 12، اما 13 آمده"),
        ("1403-07-31", "مهر سال 1403 30 روز دارد، اما روز 31 آمده"),
        ("1402-12-30", "اسفند سال 1402 29 روز دارد، اما روز 30 آمده"),
        ("1403-01-00", "فروردین سال 1403 31 روز دارد، اما روز 00 آمده"),
    ],
)
def test_dates_out_of_range(value: str, says: str) -> None:
    code, message = error_of(T.JalaliDate, value)
    assert code == codes.INVALID_DATE and says in message


def test_month_names_in_date_errors_follow_the_calendar() -> None:
    for month in range(1, 13):
        days = jalali.month_length(1402, month)
        _, message = error_of(T.JalaliDate, f"1402-{month:02d}-{days + 1:02d}")
        assert message.startswith(f"{jalali.MONTH_NAMES[month - 1]} سال 1402 {days} روز دارد")


# --- types: URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.ir",
        "http://example.ir/a?b=c#d",
        "https://example.ir.",
        "http://localhost:8000/",
        "http://LocalHost",
        "https://[::1]/",
        "https://10.0.0.1/x",
        "https://xn--mgba3a4f16a.ir",
        "https://" + "a" * 63 + ".ir",
        "https://" + ("a" * 62 + ".") * 4 + "a",  # 253 characters
        "https://a-b.ir",
        "https://1a.ir",
    ],
)
def test_urls_browsers_and_urllib_read_alike(url: str) -> None:
    assert ok(T.Url, url) == url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://:pw@example.ir", "بدون نام کاربری"),
        ("https://user@example.ir", "بخش user@ دارد"),
        ("https://example", "با نام میزبان معتبر"),
        ("https://" + "a" * 64 + ".ir", "با نام میزبان معتبر"),
        ("https://" + ("a" * 62 + ".") * 4 + "ab", "با نام میزبان معتبر"),  # 254 characters
        ("https://-a.ir", "با نام میزبان معتبر"),
        ("https://a-.ir", "با نام میزبان معتبر"),
        ("https://a_b.ir", "با نام میزبان معتبر"),
        ("https://1.2.3", "با نام میزبان معتبر"),
        ("https://0x7f.1", "با نام میزبان معتبر"),
        ("https://example.0x", "با نام میزبان معتبر"),
        ("https://example.123", "با نام میزبان معتبر"),
        ("https://[zz::1]/", "آمده است"),
        ("https://[1.2.3.4]/", "آمده است"),
        ("https://.", "با نام میزبان معتبر"),
        ("https:example.ir", "با نام میزبان، اما"),
        ("https:///path", "با نام میزبان، اما"),
        ("ftp://example.ir", "آمده است"),
        ("https://example.ir:99999", "آمده است"),
        ("https://exa mple.ir", "فاصله یا نویسهٔ نامرئی"),
        ("https://example.ir/\ta", "فاصله یا نویسهٔ نامرئی"),
        ("https://example.ir/\u200da", "فاصله یا نویسهٔ نامرئی"),
        ("https://example.ir/\u2028", "فاصله یا نویسهٔ نامرئی"),
        ("https://example.ir\\@evil.ir", "«\\»"),
    ],
)
def test_urls_refused(url: str, says: str) -> None:
    code, message = error_of(T.Url, url)
    assert code == codes.INVALID_URL
    assert message.startswith("انتظار می‌رفت نشانی http یا https (مانند https://www.example.ir)")
    assert says in message
    assert "؛ نشانی را با https:// آغاز کنید" not in message


def test_a_url_without_a_scheme_is_told_to_start_with_https() -> None:
    _, message = error_of(T.Url, "www.example.ir")
    assert message.endswith("'www.example.ir' آمده است؛ نشانی را با https:// آغاز کنید")


def test_the_host_check_directly() -> None:
    assert T._host_ok("[::1]", "::1")
    assert not T._host_ok("[x]", "x")
    assert T._host_ok("localhost", "localhost")
    assert T._host_ok("LOCALHOST", "LOCALHOST")
    assert not T._host_ok("intranet", "intranet")
    assert not T._host_ok("", "")
    assert T._host_ok("127.0.0.1", "127.0.0.1")
    assert not T._host_ok("010.0.0.1", "010.0.0.1")


# --- types: booleans and numbers ------------------------------------------------------------------


def test_booleans() -> None:
    assert ok(T.Bool, True) is True and ok(T.Bool, False) is False
    assert ok(T.Bool, "true") is True and ok(T.Bool, "false") is False
    for value in ("yes", "True", 1, None):
        code, message = error_of(T.Bool, value)
        assert code == codes.INVALID_BOOL and message == f"انتظار می‌رفت true یا false، اما {value!r} آمده است"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("۵۰۰ هزار ریال", (500_000, "")),
        ("2 میلیون و 500 هزار تومان", (25_000_000, " (هر تومان ۱۰ ریال است)")),
        ("500,000", (500_000, "")),
        ("۵۰۰٬۰۰۰ ریال", (500_000, "")),
        ("1.5 میلیون", (1_500_000, "")),
        ("3 میلیارد", (3_000_000_000, "")),
        ("2\u200cهزار", (2000, "")),
        ("1 هزار میلیارد", (10**12, "")),
        ("12 تومان", (120, " (هر تومان ۱۰ ریال است)")),
    ],
)
def test_amounts_in_words(text: str, amount: tuple[int, str]) -> None:
    assert T.amount_in_words(text) == amount


@pytest.mark.parametrize("text", ["تومان", "ریال", "", "هزار", "1.5", "دو هزار", "5 هزار و", "5 صد"])
def test_not_amounts(text: str) -> None:
    assert T.amount_in_words(text) is None


def test_integers() -> None:
    assert ok(T.NonNegInt, 5) == 5 and ok(T.NonNegInt, "12") == 12 and ok(T.NonNegInt, 0) == 0
    for value in (True, "1.5", 1.5):
        code, message = error_of(T.NonNegInt, value)
        assert code == codes.INVALID_NUMBER and message == f"انتظار می‌رفت عدد صحیح با رقم لاتین، اما {value!r} آمده است"
    code, message = error_of(T.NonNegInt, "500 هزار تومان")
    assert code == codes.INVALID_NUMBER
    assert message.endswith("آمده است؛ عدد را بی‌واحد و بی‌جداکننده بنویسید: 5000000 (هر تومان ۱۰ ریال است)")
    # Persian digits are an amount too: the hint gives the number in Latin digits
    assert error_of(T.NonNegInt, "۵")[1].endswith("'۵' آمده است؛ عدد را بی‌واحد و بی‌جداکننده بنویسید: 5")
    assert error_of(T.PosInt, 0)[0] == "greater_than"
    assert error_of(T.NonNegInt, -1)[0] == "greater_than_equal"


def test_numbers() -> None:
    assert ok(T.NonNegNumber, "1.5") == 1.5 and ok(T.NonNegNumber, "3") == 3 and ok(T.NonNegNumber, 2.5) == 2.5
    assert isinstance(TypeAdapter(T.NonNegNumber).validate_python(7), (int, float))
    for value in (True, "1,5", "x"):
        code, message = error_of(T.NonNegNumber, value)
        assert code == codes.INVALID_NUMBER and message == f"انتظار می‌رفت عدد با رقم لاتین (مانند 3 یا 1.5)، اما {value!r} آمده است"
    assert error_of(T.PosNumber, "0")[0] == "greater_than"


def test_text_or_mapping() -> None:
    adapter = TypeAdapter(T.text_or(Document, what="چیزی"))
    assert adapter.validate_python("کارت ملی") == "کارت ملی"
    assert adapter.validate_python({"title": "کارت"}) == Document(title="کارت")
    with pytest.raises(ValidationError) as exc:
        adapter.validate_python(["x"])
    [e] = exc.value.errors()
    assert (e["type"], e["msg"]) == (codes.INVALID_TYPE, "انتظار می‌رفت چیزی، اما فهرست آمده است")


# --- errors: pydantic's errors in Persian ---------------------------------------------------------


def test_a_missing_required_key_is_named_with_its_label() -> None:
    code, line, col, key, message = one("agency: a\n", head=False)
    assert (code, line, col, key) == (codes.MISSING_KEY, 1, 1, "title")
    assert message == "کلید الزامی «title» (عنوان خدمت) نیامده است"


def test_a_required_key_written_null() -> None:
    code, line, _, key, message = one("title: null\nagency: a\n", head=False)
    assert (code, line, key) == (codes.MISSING_KEY, 1, "title")
    assert message == "«title» (عنوان خدمت) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"


@pytest.mark.parametrize(
    "body",
    ["laws: [null]\n", "required_documents: [null]\n", "audience: [null]\n", "levels: [null]\n", "locations: [null]\n"],
)
def test_a_null_item_in_a_list_is_called_null(body: str) -> None:
    code, _, _, key, message = one(body)
    assert (code, key.endswith("[0]")) == (codes.INVALID_TYPE, True)
    assert message == "مورد خالی (null) در فهرست پذیرفته نیست"


@pytest.mark.parametrize("body", ["process_flow: [[1]]\n", "process_flow: [[1, 2, 3]]\n", "process_flow: [[]]\n"])
def test_an_edge_with_other_than_two_ends(body: str) -> None:
    code, _, _, key, message = one("processes: [a, b]\n" + body)
    assert code == codes.INVALID_TYPE and key.startswith("process_flow[0]")
    assert message == "انتظار می‌رفت یال [از، به] با دو شمارهٔ فرایند"


def test_list_length_bounds_say_how_many() -> None:
    # the only length bounds of the format are the edges'; a field named otherwise gets counts
    def err(kind: str, ctx: dict[str, Any], loc: tuple[Any, ...] = ("audience",)) -> tuple[str, str, bool]:
        return translate(Service, {"type": kind, "loc": loc, "msg": "", "input": [], "ctx": ctx})

    assert err("too_short", {"min_length": 1, "actual_length": 0}) == (codes.INVALID_TYPE, "انتظار می‌رفت دست‌کم 1 مورد، اما 0 مورد آمده است", False)
    assert err("too_long", {"max_length": 2, "actual_length": 3}) == (codes.INVALID_TYPE, "انتظار می‌رفت حداکثر 2 مورد، اما 3 مورد آمده است", False)
    assert err("too_long", {"max_length": 2}) == (codes.INVALID_TYPE, "انتظار می‌رفت حداکثر 2 مورد، اما شمار دیگری آمده است", False)
    edge = "انتظار می‌رفت یال [از، به] با دو شمارهٔ فرایند"
    assert err("too_long", {"max_length": 2}, ("process_flow",))[1] == edge
    assert err("too_short", {"min_length": 2}, ("process_flow", 3))[1] == edge
    assert err("too_short", {"min_length": 2}, ("audience", 3))[1] != edge


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ("in_person_visits: -1\n", "in_person_visits", "بزرگ‌تر یا مساوی 0، اما '-1' آمده است"),
        ("frequency: {times: 0}\n", "frequency.times", "بزرگ‌تر از 0، اما '0' آمده است"),
    ],
)
def test_numbers_out_of_range(body: str, key: str, words: str) -> None:
    code, _, _, k, message = one(body)
    assert (code, k) == (codes.OUT_OF_RANGE, key) and message == f"انتظار می‌رفت عددی {words}"


def test_upper_bounds_in_words() -> None:
    def err(kind: str, ctx: dict[str, Any]) -> str:
        return translate(Service, {"type": kind, "loc": ("in_person_visits",), "msg": "", "input": 9, "ctx": ctx})[1]

    assert err("less_than_equal", {"le": 5}) == "انتظار می‌رفت عددی کوچک‌تر یا مساوی 5، اما 9 آمده است"
    assert err("less_than", {"lt": 5}) == "انتظار می‌رفت عددی کوچک‌تر از 5، اما 9 آمده است"
    assert err("greater_than", {"gt": 10}) == "انتظار می‌رفت عددی بزرگ‌تر از 10، اما 9 آمده است"


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ("levels: national\n", "levels", "انتظار می‌رفت فهرست، اما 'national' آمده است؛ برای یک مورد هم بنویسید [ ... ]"),
        ("levels: {a: b}\n", "levels", "انتظار می‌رفت فهرست، اما نگاشت (کلید: مقدار) آمده است"),
        ("access: x\n", "access", "انتظار می‌رفت نگاشت (کلید: مقدار)، اما 'x' آمده است"),
        ("frequency: [1]\n", "frequency", "انتظار می‌رفت نگاشت (کلید: مقدار)، اما فهرست آمده است"),
        ("summary: [a]\n", "summary", "انتظار می‌رفت متن، اما فهرست آمده است"),
        ("laws: [[a]]\n", "laws[0]", "انتظار می‌رفت عنوان قانون (متن) یا نگاشت {title, number, date, articles, url}، اما فهرست آمده است"),
    ],
)
def test_wrong_shapes(body: str, key: str, message: str) -> None:
    assert one(body)[3:] == (key, message)
    assert one(body)[0] == codes.INVALID_TYPE


def test_a_null_that_is_not_in_a_list_or_required() -> None:
    # null at a vocabulary of a mapping inside a list names the field, not "item of a list"
    assert translate(Service, {"type": "enum", "loc": ("nature",), "msg": "", "input": None, "ctx": {}})[:2] == (
        codes.MISSING_KEY,
        "«nature» (ماهیت خدمت) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد",
    )
    assert translate(Service, {"type": "int_type", "loc": ("nature",), "msg": "", "input": None})[:2] == (
        codes.INVALID_TYPE,
        "مقدار null (خالی) برای «ماهیت خدمت» پذیرفته نیست؛ قاعدهٔ این فیلد را در مرجع قالب (docs/format/) ببینید",
    )


def test_a_literal_without_a_vocabulary() -> None:
    code, _, _, key, message = one("actions: [{type: issue, validity: forever}]\n", LICENCE)
    assert (code, key) == (codes.INVALID_VALUE, "actions[0].validity")
    assert message == "انتظار می‌رفت یکی از 'unlimited'، اما 'forever' آمده است"
    got = translate(Service, {"type": "literal_error", "loc": ("x",), "msg": "", "input": "c", "ctx": {"expected": "'a', 'b' or 'd'"}})
    assert got == (codes.INVALID_VALUE, "انتظار می‌رفت یکی از 'a'، 'b'، 'd'، اما 'c' آمده است", False)


def test_an_error_of_ours_keeps_its_code_and_message() -> None:
    got = translate(Service, {"type": codes.INVALID_URL, "loc": ("website",), "msg": "پیام", "input": "x"})
    assert got == (codes.INVALID_URL, "پیام", False)


def test_an_unknown_key_points_at_the_key() -> None:
    code, line, col, key, _ = one("summary: x\nfoo_bar_baz: 1\n")
    assert (code, line, col, key) == (codes.UNKNOWN_KEY, 4, 1, "foo_bar_baz")
    assert translate(Service, {"type": "extra_forbidden", "loc": ("zzz",), "msg": "", "input": 1}) == (
        codes.UNKNOWN_KEY,
        "کلید ناشناخته «zzz»",
        True,
    )


# --- errors: hints for unknown keys and wrong values ----------------------------------------------


@pytest.mark.parametrize(
    ("loc", "hint"),
    [
        (("titel",), "؛ آیا منظور «title» (عنوان خدمت) بود؟"),
        (("عنوان خدمت",), "؛ برچسب فارسی را کلید نکنید: کلید این فیلد «title» (عنوان خدمت) است"),
        (("عنوان\u200cخدمت",), "؛ برچسب فارسی را کلید نکنید: کلید این فیلد «title» (عنوان خدمت) است"),
        (("عنوان  خدمت",), "؛ برچسب فارسی را کلید نکنید: کلید این فیلد «title» (عنوان خدمت) است"),
        (("عنوان خدمتت",), "؛ آیا منظور «title» (عنوان خدمت) بود؟"),
        (("free",), "؛ «free» (رایگان) کلیدی درون «cost» است: آن را زیر کلید خودش با تورفتگی بیشتر بنویسید"),
        (("cost", "website"), "؛ «website» (آدرس دقیق و مستقیم خدمت در وبگاه) کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «cost» شود"),
        (("cost", "items", 0, "free"), "؛ «free» (رایگان) کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «items» شود"),
        (("access", "request", "in_person", "channels"), "؛ «channels» (مجراهای دسترسی) کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «in_person» شود"),
        (("zzzz",), ""),
        (("nope", "x"), ""),
        (("reasons",), ""),
    ],
)
def test_unknown_key_hints(loc: tuple[Any, ...], hint: str) -> None:
    assert unknown_key_hint(Service, loc) == hint


def test_a_key_of_two_inner_mappings_names_both() -> None:
    # «note» is a key of average_duration (Duration) and of access (Access): both are named
    hint = unknown_key_hint(Service, ("note",))
    assert hint.startswith("؛ «note» (توضیح) کلیدی درون ")
    assert "«average_duration» یا «access»" in hint


def test_a_key_that_is_its_own_label_is_shown_once() -> None:
    class M(Strict):
        q: str | None = label("q")
        other: str | None = label("سایر")

    assert unknown_key_hint(M, ("Q",)) == "؛ برچسب فارسی را کلید نکنید: کلید این فیلد «q» است"
    assert unknown_key_hint(M, ("othr",)) == "؛ آیا منظور «other» (سایر) بود؟"


def test_the_model_and_label_at_a_location() -> None:
    assert model_at(Service, ()) is Service
    assert model_at(Service, ("access", "request", "in_person")) is InPerson
    assert model_at(Service, ("cost", "items", 0)) is CostItem
    assert model_at(Service, ("locations", 3)) is Location
    assert model_at(Service, ("nope",)) is None
    assert model_at(Service, ("title", "x")) is None
    assert model_at(Licence, ("actions", 0, "inquiries", 1)) is Inquiry
    assert model_at(Licence, ("actions", 0)) is Action
    assert model_at(Agency, ("name",)) is None
    assert field_label(Service, ("cost", "items", 0, "title")) == "عنوان هزینه"
    assert field_label(Service, ("access", "request")) == "مرحله درخواست"
    assert field_label(Service, ("access", "request", 2)) == "مرحله درخواست"
    assert field_label(Licence, ("actions", 0, "inquiries", 1, "agency")) == "عنوان دستگاه اعلام‌شونده"
    assert field_label(Service, (0,)) is None
    assert field_label(Service, ("nope", "title")) is None
    assert field_label(Service, ("cost", "nope")) is None
    # a discriminated union's tag ("as-mapping") is not a field name
    assert field_label(Service, ("laws", 0, "as-mapping", "title")) == "عنوان قانون/مصوبه"
    assert model_at(Service, ("laws", 0, "as-mapping")) is Law


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("ملی", "؛ برای «ملی» بنویسید national"),
        ("National", "؛ برای «ملی» بنویسید national"),
        ("nationl", "؛ برای «ملی» بنویسید national"),
        ("روستا", "؛ برای «روستایی» بنویسید rural"),
        ("zzz", ""),
        ("", ""),
        (5, ""),
    ],
)
def test_a_wrong_level_gets_the_nearest(value: Any, hint: str) -> None:
    from site_gen.model.errors import _vocab_message

    allowed = "national (ملی)، regional (منطقه‌ای)، provincial (استانی)، urban (شهری)، rural (روستایی)"
    assert _vocab_message(Level, value) == f"انتظار می‌رفت یکی از {allowed}، اما {value!r} آمده است{hint}"


def test_a_wrong_value_in_a_card() -> None:
    code, _, _, key, message = one("levels: [national, ملی]\n")
    assert (code, key) == (codes.INVALID_VALUE, "levels[1]")
    assert message.startswith("انتظار می‌رفت یکی از national (ملی)، ") and message.endswith("اما 'ملی' آمده است؛ برای «ملی» بنویسید national")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("پیشخوان", "؛ برای «دفاتر پیشخوان» بنویسید counter_offices"),
        ("internt", "؛ برای «اینترنتی (وبگاه دستگاه)» بنویسید internet"),
        ("EMAIL", "؛ برای «پست الکترونیک» بنویسید email"),
        ("پیام\u200cکوتاه", "؛ برای «پیام کوتاه» بنویسید sms"),
        ("پيام كوتاه", "؛ برای «پیام کوتاه» بنویسید sms"),
        ("دفاتر", "؛ برای «دفاتر پیشخوان» بنویسید counter_offices"),
        ("zzz", ""),
    ],
)
def test_a_wrong_channel_gets_the_nearest(value: str, hint: str) -> None:
    from site_gen.model.errors import _vocab_message

    assert _vocab_message(Channel, value).endswith(f"اما {value!r} آمده است{hint}")


# --- the package, common pieces, vocabularies -----------------------------------------------------


def test_the_package_loads_its_models_on_first_use() -> None:
    import site_gen.model as m
    from site_gen.model import agency, licence, service

    assert (m.Agency, m.Service) == (agency.Agency, service.Service)
    assert (m.Action, m.Inquiry, m.Licence) == (licence.Action, licence.Inquiry, licence.Licence)
    for name in ("action", "ACTION", "inquiry", "INQUIRY", "licence", "Nope"):
        with pytest.raises(AttributeError) as exc:
            m.__getattr__(name)
        assert exc.value.args == (name,)


def test_label_marks_form_fields_and_shown_labels() -> None:
    class M(BaseModel):
        a: str = label("الف", form=True, required=True)
        b: str | None = label("ب", shown="بِ")
        c: str | None = label("پ", minItems=1)
        d: str | None = label("ت")

    fields = M.model_fields
    assert fields["a"].is_required() and not fields["b"].is_required() and fields["b"].default is None
    assert fields["a"].json_schema_extra == {"x-form": True}
    assert fields["b"].json_schema_extra == {"x-shown": "بِ"}
    assert fields["c"].json_schema_extra == {"minItems": 1}
    assert fields["d"].json_schema_extra is None
    assert [is_form_field(M, n) for n in "abcd"] == [True, False, False, False]
    assert [shown_label(M, n) for n in "abcd"] == ["الف", "بِ", "پ", "ت"]
    assert shown_label(Service, "audience") == "مخاطبان" and shown_label(Service, "title") == "عنوان خدمت"
    assert is_form_field(Service, "title") and not is_form_field(Service, "keywords")

    class N(BaseModel):
        e: str | None = None

    assert shown_label(N, "e") == "e" and not is_form_field(N, "e")


def test_models_forbid_unknown_keys_and_hide_input() -> None:
    with pytest.raises(ValidationError) as exc:
        Document.model_validate({"title": "secret-value", "x": 1})
    assert "secret-value" not in str(exc.value) and exc.value.errors()[0]["type"] == "extra_forbidden"


def test_problem_and_duplicates() -> None:
    p = Problem(("a", 1), "code", "پیام")
    assert p == (("a", 1), "code", "پیام") and isinstance(p, tuple)
    assert duplicates(None) == [] and duplicates([]) == []
    assert duplicates(["a", "b", "a", "a", "c", "b"]) == [2, 3, 5]


def test_vocabularies() -> None:
    assert Level.NATIONAL.value == "national" and Level.NATIONAL.label == "ملی" and str(Level.NATIONAL) == "national"
    assert Level.labels() == {"national": "ملی", "regional": "منطقه‌ای", "provincial": "استانی", "urban": "شهری", "rural": "روستایی"}
    assert RecordKind("licence") is RecordKind.LICENCE  # type: ignore[call-arg]
    assert RecordKind.LICENCE.label == "مجوز"
    schema = TypeAdapter(Level).json_schema()
    assert schema["enum"] == ["national", "regional", "provincial", "urban", "rural"]
    assert schema["enumDescriptions"] == ["ملی", "منطقه‌ای", "استانی", "شهری", "روستایی"]
    assert schema["x-labels"] == Level.labels()
    assert issubclass(Level, Vocab)


def test_vocab_of_looks_through_optional_lists_and_annotated() -> None:
    assert vocab_of(Level) is Level
    assert vocab_of(list[Level] | None) is Level
    assert vocab_of(Service.model_fields["levels"].annotation) is Level
    assert vocab_of(str | None) is None and vocab_of(int) is None and vocab_of(str) is None
    assert vocab_of(dict[str, Stage]) is Stage


def test_channels_electronic_and_assisted() -> None:
    electronic = {c for c in Channel if c.is_electronic}
    assisted = {c for c in Channel if c.is_assisted}
    assert electronic == set(ELECTRONIC_CHANNELS) == {
        Channel.INTERNET, Channel.INTRANET, Channel.MOBILE_APP, Channel.EMAIL, Channel.SMS, Channel.IVR,
    }
    assert assisted == set(ASSISTED_CHANNELS) == {Channel.COUNTER_OFFICES, Channel.SIMILAR_OFFICES}
    assert not Channel.POST.is_electronic and not Channel.POST.is_assisted and not Channel.OTHER.is_assisted


# --- field documentation --------------------------------------------------------------------------


def test_field_docstrings_are_read_from_the_source() -> None:
    from site_gen.model import common

    docs = class_field_docs(common)
    assert docs["Document"] == {"title": "نام مدرک، مانند «تصویر کارت ملی».", "code": "کد مدرک در فهرست مدارک درگاه مجوزها، مانند \"10001\"."}
    assert docs["Strict"] == {}
    assert "Problem" in docs and docs["Problem"] == {}
    assert "label" not in docs  # functions are not classes


def test_a_docstring_is_only_the_string_right_under_a_field(tmp_path: Any) -> None:
    import importlib.util

    src = tmp_path / "m.py"
    src.write_text(
        'class A:\n    """class doc"""\n    x: int\n    """  doc of x\n\n      second line"""\n    y: int\n    z = 1\n    """not a field"""\n'
        '    w: int\n    3\n    v: int\n    f"{1}"\n    u: int\n',
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("m_under_test", src)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert class_field_docs(module) == {"A": {"x": "doc of x\n\nsecond line"}}


def test_descriptions_are_attached_once_and_reach_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from site_gen.model import docs

    # as in a fresh process: nothing attached yet (another test may have attached them)
    monkeypatch.setattr(docs, "_attached", False)
    for model, name in ((Service, "title"), (Document, "code"), (Agency, "slug"), (Licence, "actions")):
        monkeypatch.setattr(model.model_fields[name], "description", None)
    with_field_docs()
    assert docs._attached is True
    assert Service.model_fields["title"].description == "عنوان استاندارد خدمت."
    assert Document.model_fields["code"].description == "کد مدرک در فهرست مدارک درگاه مجوزها، مانند \"10001\"."
    assert Agency.model_fields["slug"].description == "شناسهٔ لاتین دستگاه؛ برابر با نام پوشه، مانند sabteahval."
    assert Licence.model_fields["actions"].description == "صدور، تمدید، اصلاح، لغو و احیاء؛ از هر نوع حداکثر یکی."
    schema = Service.model_json_schema()
    assert schema["properties"]["title"]["description"] == "عنوان استاندارد خدمت."
    assert schema["$defs"]["Duration"]["properties"]["note"]["description"] == "توضیح مدت، مانند «یک هفته پس از تکمیل مدارک»."
    with_field_docs()  # a second call changes nothing
    assert Service.model_fields["title"].description == "عنوان استاندارد خدمت."


def test_models_under_a_root_breadth_first_each_once() -> None:
    found = list(models_under(Service))
    assert found[0] is Service and len(found) == len(set(found))
    assert found.index(Access) < found.index(AccessStage) < found.index(InPerson)
    assert found.index(Cost) < found.index(CostItem)
    assert {Document, Law, Duration, Location} <= set(found)
    assert [m.__name__ for m in models_under(Licence)][:2] == ["Licence", "LegalBasis"]
    assert [m.__name__ for m in models_under(Agency)] == ["Agency", "Source"]


# --- service: rules across fields -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["service_types", "levels", "triggers"])
def test_an_empty_list_where_one_choice_is_needed(name: str) -> None:
    code, line, col, key, message = one(f"{name}: []\n")
    assert (code, line, col, key) == (codes.EMPTY_LIST, 3, len(name) + 3, name)
    assert "null" in message


@pytest.mark.parametrize("name", ["life_events", "audience", "keywords", "licenses", "required_documents"])
def test_an_empty_list_that_means_none(name: str) -> None:
    assert check(f"{name}: []\n") == []


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("service_types", "[G2C, G2B, G2C]"),
        ("levels", "[urban, rural, urban]"),
        ("life_events", "[birth, tax, birth]"),
        ("triggers", "[event, applicant_request, event]"),
        ("audience", "[دانشجو, عموم, دانشجو]"),
        ("keywords", "[الف, ب, الف]"),
        ("licenses", "[a/x, a/y, a/x]"),
    ],
)
def test_a_repeated_choice(name: str, values: str) -> None:
    code, line, _, key, message = one(f"{name}: {values}\n")
    assert (code, line, key) == (codes.DUPLICATE_ITEM, 3, f"{name}[2]")
    first = values.strip("[]").split(", ")[0]
    assert message == f"گزینهٔ «{first}» تکراری است"


def test_other_text_needs_other() -> None:
    assert codes_of("life_events: [birth]\nlife_event_other: x\n") == [(codes.OTHER_TEXT_WITHOUT_OTHER, "life_event_other")]
    assert codes_of("life_event_other: x\n") == [(codes.OTHER_TEXT_WITHOUT_OTHER, "life_event_other")]
    assert codes_of("life_events: [other]\nlife_event_other: x\n") == []
    assert codes_of("triggers: [event]\ntrigger_other: x\n") == [(codes.OTHER_TEXT_WITHOUT_OTHER, "trigger_other")]
    assert codes_of("trigger_other: x\n") == [(codes.OTHER_TEXT_WITHOUT_OTHER, "trigger_other")]
    assert codes_of("triggers: [other]\ntrigger_other: x\n") == []
    assert "life_events" in one("life_event_other: x\n")[4] and "triggers" in one("trigger_other: x\n")[4]


def test_frequency() -> None:
    assert codes_of("frequency: {once: true, times: 2}\n") == [(codes.ONCE_WITH_TIMES, "frequency.once")]
    assert codes_of("frequency: {once: true, per: [year]}\n") == [(codes.ONCE_WITH_TIMES, "frequency.once")]
    assert codes_of("frequency: {once: true, per: []}\n") == []
    assert codes_of("frequency: {once: true}\n") == []
    assert codes_of("frequency: {once: false, times: 2, per: [year]}\n") == []
    code, _, _, key, message = one("frequency: {times: 1, per: [month, year, month]}\n")
    assert (code, key, message) == (codes.DUPLICATE_ITEM, "frequency.per[2]", "گزینهٔ «month» تکراری است")


@pytest.mark.parametrize(
    ("duration", "found"),
    [
        ("{value: 3, unit: day}", []),
        ("{value: 0, unit: day}", []),
        ("{note: یک هفته}", []),
        ("{value: 3}", [(codes.DURATION_INCOMPLETE, "average_duration.unit")]),
        ("{unit: day}", [(codes.DURATION_INCOMPLETE, "average_duration.value")]),
        ("{unit: day, note: x}", [(codes.DURATION_INCOMPLETE, "average_duration.value")]),
        ("{}", [(codes.DURATION_INCOMPLETE, "average_duration")]),
        ("{max: 5}", [(codes.DURATION_INCOMPLETE, "average_duration.unit")]),
        ("{value: 3, unit: day, max: 5}", []),
        ("{value: 3, unit: day, max: 3}", []),
        ("{value: 3, unit: day, max: 2}", [(codes.BAD_RANGE, "average_duration.max")]),
        ("{value: 3, max: 2}", [(codes.DURATION_INCOMPLETE, "average_duration.unit"), (codes.BAD_RANGE, "average_duration.max"), (codes.DURATION_INCOMPLETE, "average_duration.unit")]),
    ],
)
def test_durations(duration: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(f"average_duration: {duration}\n") == found


def test_a_range_message_names_both_ends() -> None:
    assert one("average_duration: {value: 2.5, unit: day, max: 2}\n")[4] == "انتظار می‌رفت حداکثر دست‌کم 2.5، اما 2 آمده است"
    assert one("cost: {items: [{title: x, min_rials: 20, max_rials: 10}]}\n")[4] == "انتظار می‌رفت بیشینه دست‌کم 20، اما 10 آمده است"


@pytest.mark.parametrize(
    ("cost", "found"),
    [
        ("{free: true}", []),
        ("{free: true, items: []}", []),
        ("{free: false, items: [{title: x, amount_rials: 5}]}", []),
        ("{free: true, items: [{title: x, amount_rials: 5}]}", [(codes.FREE_WITH_COST, "cost.items")]),
        ("{items: [{title: x}]}", [(codes.COST_ITEM_EMPTY, "cost.items[0]")]),
        ("{items: [{title: x, rule: طبق دفترچه}]}", []),
        ("{items: [{title: x, min_rials: 5}]}", []),
        ("{items: [{title: x, max_rials: 5}]}", []),
        ("{items: [{title: x, min_rials: 5, max_rials: 5}]}", []),
        ("{items: [{title: x, min_rials: 6, max_rials: 5}]}", [(codes.BAD_RANGE, "cost.items[0].max_rials")]),
        ("{items: [{title: x, amount_rials: 1}, {title: y}]}", [(codes.COST_ITEM_EMPTY, "cost.items[1]")]),
    ],
)
def test_costs(cost: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(f"cost: {cost}\n") == found


def test_free_with_cost_counts_the_items() -> None:
    message = one("cost: {free: true, items: [{title: x, amount_rials: 5}, {title: y, amount_rials: 6}]}\n")[4]
    assert message == "خدمت رایگان (free: true) است اما 2 ردیف هزینه دارد"


@pytest.mark.parametrize(
    ("stage", "found"),
    [
        ("{electronic: true, channels: [internet]}", []),
        ("{electronic: true, channels: [counter_offices]}", []),
        ("{electronic: true, channels: [similar_offices], channel_other: دفتر}", []),
        ("{electronic: true, channels: [post, other], channel_other: x}", [(codes.STAGE_NOT_ELECTRONIC, "access.request.channels")]),
        ("{electronic: false, channels: [post]}", []),
        ("{electronic: true, channels: []}", []),
        ("{channels: [post]}", []),
        ("{channels: [sms, post, sms]}", [(codes.DUPLICATE_ITEM, "access.request.channels[2]")]),
        ("{channels: [internet], channel_other: x}", [(codes.OTHER_TEXT_WITHOUT_OTHER, "access.request.channel_other")]),
        ("{channel_other: x}", [(codes.OTHER_TEXT_WITHOUT_OTHER, "access.request.channel_other")]),
        ("{non_electronic: false, in_person: {levels: [national]}}", [(codes.IN_PERSON_ON_ELECTRONIC, "access.request.in_person")]),
        ("{non_electronic: true, in_person: {levels: [national]}}", []),
        ("{in_person: {levels: [national]}}", []),
        ("{non_electronic: true, in_person: {reasons: [other], reason_other: x}}", []),
        ("{non_electronic: true, in_person: {reasons: [no_infrastructure], reason_other: x}}", [(codes.OTHER_TEXT_WITHOUT_OTHER, "access.request.in_person.reason_other")]),
        ("{non_electronic: true, in_person: {reason_other: x}}", [(codes.OTHER_TEXT_WITHOUT_OTHER, "access.request.in_person.reason_other")]),
    ],
)
def test_access_stages(stage: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(f"access: {{request: {stage}}}\n") == found


def test_a_stage_that_is_not_electronic_names_its_channels() -> None:
    message = one("access: {delivery: {electronic: true, channels: [post, other], channel_other: x}}\n")[4]
    assert "(post، other)" in message


def test_every_stage_is_checked_in_order() -> None:
    body = "access:\n" + "".join(f"  {s.value}: {{channel_other: x}}\n" for s in reversed(list(Stage)))
    assert [k for _, k in codes_of(body)] == [f"access.{s.value}.channel_other" for s in Stage]
    access = Access.model_validate({"delivery": {}, "information": {}})
    assert [s for s, _ in access.stages()] == [Stage.INFORMATION, Stage.DELIVERY]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("processes: [a, b]\nprocess_flow: [[1, 2], [2, 1]]\n", []),
        ("processes: [a, b]\nprocess_flow: [[1, 3]]\n", [(codes.FLOW_OUT_OF_RANGE, "process_flow[0][1]")]),
        ("processes: [a, b]\nprocess_flow: [[1, 2], [3, 2]]\n", [(codes.FLOW_OUT_OF_RANGE, "process_flow[1][0]")]),
        ("process_flow: [[1, 2]]\n", [(codes.FLOW_OUT_OF_RANGE, "process_flow[0][0]"), (codes.FLOW_OUT_OF_RANGE, "process_flow[0][1]")]),
    ],
)
def test_process_flow_edges(body: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(body) == found


def test_process_flow_messages() -> None:
    assert one("processes: [a, b]\nprocess_flow: [[1, 3]]\n")[4] == "انتظار می‌رفت شمارهٔ فرایندی بین 1 و 2، اما 3 آمده است"
    assert check("process_flow: [[1, 2]]\n")[0][4] == "یال به فرایند 1 اشاره می‌کند اما processes فرایندی ندارد"
    assert check("process_flow: [[1, 2]]\n")[0][1:3] == (3, 17)


def _service(**fields: Any) -> Service:
    return Service.model_validate({"title": "x", "agency": "a", **fields})


def _stage(**fields: Any) -> dict[str, Any]:
    return {"electronic": True, "channels": ["internet"], **fields}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"access": {"request": _stage()}, "in_person_visits": 0}, True),
        ({"access": {"request": _stage(), "delivery": _stage(channels=["sms", "post"])}, "in_person_visits": 0}, True),
        ({"access": {"request": _stage()}, "in_person_visits": 0, "related_agencies": [{"agency": "b", "electronic": True}]}, True),
        ({}, None),
        ({"in_person_visits": 0}, None),
        ({"access": {"note": "x"}, "in_person_visits": 0}, None),
        ({"access": {"request": _stage()}}, None),
        ({"access": {"request": _stage(electronic=None)}, "in_person_visits": 0}, None),
        ({"access": {"request": _stage(channels=None)}, "in_person_visits": 0}, None),
        ({"access": {"request": _stage(channels=[])}, "in_person_visits": 0}, None),
        ({"access": {"request": _stage()}, "in_person_visits": 0, "related_agencies": [{"agency": "b"}]}, None),
        ({"access": {"request": _stage(electronic=False)}, "in_person_visits": 0}, False),
        ({"access": {"request": _stage(in_person={})}, "in_person_visits": 0}, False),
        ({"access": {"request": _stage(channels=["counter_offices"])}, "in_person_visits": 0}, False),
        ({"access": {"request": _stage(channels=["post"])}, "in_person_visits": 0}, False),
        ({"access": {"request": _stage()}, "in_person_visits": 1}, False),
        ({"access": {"request": _stage()}, "in_person_visits": 0, "related_agencies": [{"agency": "b", "electronic": False}]}, False),
        # a definite "no" wins over an unknown, wherever it comes
        ({"access": {"information": _stage(electronic=None), "request": _stage(electronic=False)}}, False),
        ({"access": {"request": _stage(electronic=None)}, "in_person_visits": 2}, False),
        ({"related_agencies": [{"agency": "b"}, {"agency": "c", "electronic": False}]}, False),
    ],
)
def test_fully_electronic(fields: dict[str, Any], expected: bool | None) -> None:
    assert _service(**fields).fully_electronic() is expected


# --- licence: rules across fields -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("applicants: [natural_person, legal_person, natural_person]\n", [(codes.DUPLICATE_ITEM, "applicants[2]")]),
        ("supervisors: [الف, ب, الف]\n", [(codes.DUPLICATE_ITEM, "supervisors[2]")]),
        ("prerequisites: [الف, ب, الف]\n", [(codes.DUPLICATE_ITEM, "prerequisites[2]")]),
        ("applicants: []\n", [(codes.EMPTY_LIST, "applicants")]),
        ("actions: []\n", [(codes.EMPTY_LIST, "actions")]),
        ("supervisors: []\nprerequisites: []\n", []),
        ("actions: [{type: issue}, {type: renew}]\n", []),
        ("actions: [{type: issue}, {type: renew}, {type: issue}]\n", [(codes.DUPLICATE_ACTION, "actions[2].type")]),
        ("actions: [{type: issue, cost_rials: 0, fees: []}]\n", [(codes.COST_AND_FEES, "actions[0].fees")]),
        ("actions: [{type: issue, cost_rials: 0}]\n", []),
        ("actions: [{type: issue, fees: [{title: x}]}]\n", []),
        ("actions: [{type: issue, process: shared}]\n", [(codes.SHARED_WITHOUT_INQUIRIES, "actions[0].process")]),
        ("actions: [{type: issue, process: shared, inquiries: []}]\n", [(codes.SHARED_WITHOUT_INQUIRIES, "actions[0].process")]),
        ("actions: [{type: issue, process: shared, inquiries: [{agency: b}]}]\n", []),
        ("actions: [{type: issue, process: exclusive, inquiries: [{agency: b}]}]\n", [(codes.INQUIRIES_WITHOUT_SHARED, "actions[0].inquiries")]),
        ("actions: [{type: issue, inquiries: [{agency: b}]}]\n", [(codes.INQUIRIES_WITHOUT_SHARED, "actions[0].inquiries")]),
        ("actions: [{type: issue, process: exclusive, inquiries: []}]\n", []),
    ],
)
def test_licence_rules(body: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(body, LICENCE) == found


def test_licence_messages() -> None:
    assert one("supervisors: [الف, ب, الف]\n", LICENCE)[4] == "گزینهٔ «الف» تکراری است"
    assert one("actions: [{type: renew}, {type: issue}, {type: renew}]\n", LICENCE)[4] == "اقدام «تمدید» (renew) دو بار آمده است: actions[0] و actions[2]"
    # a third time still names the first
    found = check("actions: [{type: renew}, {type: renew}, {type: renew}]\n", LICENCE)
    assert [m for *_, m in found] == [
        "اقدام «تمدید» (renew) دو بار آمده است: actions[0] و actions[1]",
        "اقدام «تمدید» (renew) دو بار آمده است: actions[0] و actions[2]",
    ]
    assert one("actions: [{type: issue, inquiries: [{agency: b}]}]\n", LICENCE)[4].endswith("انتظار می‌رفت process: shared، اما null آمده است")
    assert one("actions: [{type: issue, process: exclusive, inquiries: [{agency: b}]}]\n", LICENCE)[4].endswith("اما exclusive آمده است")


@pytest.mark.parametrize(
    ("validity", "found"),
    [
        ("unlimited", []),
        ("{value: 2, unit: year}", []),
        ("forever", [(codes.INVALID_VALUE, "actions[0].validity")]),
        ("[2, year]", [(codes.INVALID_TYPE, "actions[0].validity")]),
        ("{value: 0, unit: year}", [(codes.OUT_OF_RANGE, "actions[0].validity.value")]),
    ],
)
def test_validity_is_unlimited_or_a_mapping(validity: str, found: list[tuple[str, str]]) -> None:
    assert codes_of(f"actions: [{{type: issue, validity: {validity}}}]\n", LICENCE) == found


def test_validity_of_a_list_says_what_was_expected() -> None:
    message = one("actions: [{type: issue, validity: [2]}]\n", LICENCE)[4]
    assert message == "انتظار می‌رفت {value, unit} یا \"unlimited\"، اما فهرست آمده است"
    from site_gen.model.common import Validity
    from site_gen.model.licence import _validity_tag

    assert _validity_tag("x") == "as-text" and _validity_tag({}) == "as-mapping"
    assert _validity_tag(Validity()) == "as-mapping" and _validity_tag([]) is None and _validity_tag(None) is None


# --- messages word for word where a clerk acts on them --------------------------------------------


@pytest.mark.parametrize(
    ("body", "rel", "message"),
    [
        ("levels: []\n", SERVICE, "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید"),
        ("actions: []\n", LICENCE, "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید"),
        ("life_event_other: x\n", SERVICE, "توضیح «سایر» آمده اما life_events گزینهٔ other ندارد"),
        ("trigger_other: x\n", SERVICE, "توضیح «سایر» آمده اما triggers گزینهٔ other ندارد"),
        ("frequency: {once: true, times: 2}\n", SERVICE, "«یکبار برای همیشه» (once: true) با تعداد دفعات (times/per) نمی‌آید"),
        ("average_duration: {value: 3}\n", SERVICE, "مقدار و واحد با هم می‌آیند: یا هر دو، یا هیچ‌کدام همراه با note"),
        ("average_duration: {}\n", SERVICE, "مدت بدون مقدار باید توضیح (note) داشته باشد؛ برای «اعلام نشده» کل کلید را null کنید"),
        ("cost: {items: [{title: x}]}\n", SERVICE, "ردیف هزینه باید مبلغ (amount_rials)، بازه (min_rials/max_rials) یا قاعده (rule) داشته باشد"),
        ("access: {request: {channel_other: x}}\n", SERVICE, "channel_other آمده اما channels گزینهٔ other یا similar_offices ندارد"),
        ("access: {request: {non_electronic: false, in_person: {}}}\n", SERVICE, "ضرورت مراجعهٔ حضوری فقط در مرحلهٔ غیرالکترونیکی (non_electronic: true) می‌آید"),
        ("access: {request: {in_person: {reason_other: x}}}\n", SERVICE, "reason_other آمده اما reasons گزینهٔ other ندارد"),
        ("actions: [{type: issue, cost_rials: 0, fees: []}]\n", LICENCE, "یا cost_rials یا fees؛ هر دو با هم نمی‌آیند"),
        ("actions: [{type: issue, process: shared}]\n", LICENCE, "فرایند مشترک (process: shared) باید دست‌کم یک استعلام (inquiries، فرم شماره ۲) داشته باشد"),
        ("summary: ' '\n", SERVICE, "متن خالی آمده است؛ برای «اعلام نشده» null بنویسید یا کلید را حذف کنید"),
    ],
)
def test_rule_messages(body: str, rel: str, message: str) -> None:
    assert one(body, rel)[4] == message


def test_a_maximum_without_a_unit_message() -> None:
    found = check("average_duration: {note: x, max: 5}\n")
    assert [m for *_, m in found] == ["حداکثر مدت بدون واحد آمده است"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://exa mple.ir", "نشانی فاصله یا نویسهٔ نامرئی دارد: 'https://exa mple.ir'"),
        ("https://a.ir\\b", "می‌خوانند: 'https://a.ir\\\\b'"),
        ("https://a.ir:99999", "اما 'https://a.ir:99999' آمده است"),
        ("https://u@a.ir", "اما 'https://u@a.ir' بخش user@ دارد"),
        ("https:a.ir", "اما 'https:a.ir' آمده است"),
        ("https://a_b.ir", "اما 'https://a_b.ir' آمده است"),
        ("ftp://a.ir", "اما 'ftp://a.ir' آمده است"),
    ],
)
def test_a_refused_url_is_shown(url: str, shown: str) -> None:
    message = error_of(T.Url, url)[1]
    assert message.endswith(shown)


@pytest.mark.parametrize("char", ["\x07", "\u200b", "\u2028", "\u2029", "\x85"])
def test_every_invisible_category_is_refused_in_a_url(char: str) -> None:
    assert error_of(T.Url, f"https://a.ir/{char}x")[0] == codes.INVALID_URL


def test_a_trailing_dot_drops_one_character_only() -> None:
    assert ok(T.Url, "http://localhost.") == "http://localhost."
    assert error_of(T.Url, "https://a.ir..")[0] == codes.INVALID_URL


def test_the_schema_keeps_our_patterns() -> None:
    props = Agency.model_json_schema()["properties"]
    assert props["slug"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert props["email"]["anyOf"][0]["format"] == "email"
    assert props["address"]["anyOf"][0] == {"minLength": 1, "pattern": "\\S", "type": "string"}
    from site_gen.patterns import SLUG_RE

    assert T.PATTERN_ERRORS[SLUG_RE.pattern][0] == codes.INVALID_SLUG


@pytest.mark.parametrize(
    ("value", "shown"),
    [("ا" * 60, repr("ا" * 60)), ("ا" * 61, repr("ا" * 57 + "...")), (None, "null (خالی)"), ([1], "فهرست"), ({}, "نگاشت (کلید: مقدار)"), (7, "7")],
)
def test_the_value_in_a_translated_message(value: Any, shown: str) -> None:
    message = translate(Service, {"type": "int_type", "loc": ("nature",), "msg": "", "input": value})[1]
    assert message == f"مقدار {shown} برای «ماهیت خدمت» پذیرفته نیست؛ قاعدهٔ این فیلد را در مرجع قالب (docs/format/) ببینید"


@pytest.mark.parametrize(
    ("kind", "loc", "value", "ctx", "code"),
    [
        ("string_pattern_mismatch", ("title",), "", {"pattern": T.LINE_PATTERN}, codes.EMPTY_TEXT),
        ("missing", ("title",), None, {}, codes.MISSING_KEY),
        ("string_type", ("levels", 0), None, {}, codes.INVALID_TYPE),
        ("string_type", ("title",), None, {}, codes.MISSING_KEY),
        ("model_type", ("cost",), None, {}, codes.MISSING_KEY),
        ("dict_type", ("cost",), None, {}, codes.MISSING_KEY),
        ("literal_error", ("cost",), None, {}, codes.MISSING_KEY),
        ("enum", ("levels", 0), "x", {}, codes.INVALID_VALUE),
        ("dict_type", ("cost",), "x", {}, codes.INVALID_TYPE),
        ("model_attributes_type", ("cost",), "x", {}, codes.INVALID_TYPE),
        ("tuple_type", ("process_flow", 0), "x", {}, codes.INVALID_TYPE),
        ("list_type", ("levels",), "x", {}, codes.INVALID_TYPE),
        ("string_type", ("title",), 5, {}, codes.INVALID_TYPE),
        ("too_short", ("process_flow", 0), [1], {"min_length": 2}, codes.INVALID_TYPE),
        ("greater_than", ("in_person_visits",), 0, {"gt": 0}, codes.OUT_OF_RANGE),
        ("float_type", ("in_person_visits",), "x", {}, codes.INVALID_TYPE),
    ],
)
def test_only_unknown_keys_point_at_the_key(kind: str, loc: tuple[Any, ...], value: Any, ctx: dict[str, Any], code: str) -> None:
    got = translate(Service, {"type": kind, "loc": loc, "msg": "", "input": value, "ctx": ctx})
    assert got[0] == code and got[2] is False
    assert "None" not in got[1]


def test_shapes_in_words() -> None:
    def msg(kind: str, loc: tuple[Any, ...], value: Any) -> str:
        return translate(Service, {"type": kind, "loc": loc, "msg": "", "input": value})[1]

    assert msg("dict_type", ("cost",), "x") == "انتظار می‌رفت نگاشت (کلید: مقدار)، اما 'x' آمده است"
    assert msg("model_attributes_type", ("cost",), "x") == "انتظار می‌رفت نگاشت (کلید: مقدار)، اما 'x' آمده است"
    assert msg("tuple_type", ("process_flow", 0), "x") == "انتظار می‌رفت فهرست، اما 'x' آمده است؛ برای یک مورد هم بنویسید [ ... ]"
    assert msg("literal_error", ("cost",), None) == "«cost» (هزینه ارائه خدمت) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"
    assert msg("dict_type", ("cost",), None) == "«cost» (هزینه ارائه خدمت) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"
    assert msg("model_type", ("cost",), None) == "«cost» (هزینه ارائه خدمت) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"
    # a union's tag ("as-text") is not a field name
    assert msg("string_type", ("laws", 0, "as-text"), None) == "«laws» (قوانین و مقررات مرتبط) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"
    assert field_label(Service, ("laws", 0, "as-text")) == "قوانین و مقررات مرتبط"
    edge = "انتظار می‌رفت یال [از، به] با دو شمارهٔ فرایند"
    assert translate(Service, {"type": "too_long", "loc": ("process_flow", 2), "msg": "", "input": [], "ctx": {"max_length": 2}})[1] == edge
    assert "«nature»" in translate(Service, {"type": "extra_forbidden", "loc": ("natur",), "msg": "", "input": 1})[1]


def test_an_enum_error_outside_a_model_field() -> None:
    got = translate(Service, {"type": "enum", "loc": ("title", "x"), "msg": "", "input": "v", "ctx": {"expected": "'a' or 'b'"}})
    assert got == (codes.INVALID_VALUE, "انتظار می‌رفت یکی از 'a'، 'b'، اما 'v' آمده است", False)


@pytest.mark.parametrize(
    ("vocab", "value", "hint"),
    [
        (Stage, "req", "؛ برای «درخواست» بنویسید request"),  # exactly at the cut-off
        (ServiceType, "خدمت به", "؛ برای «خدمت به شهروندان» بنویسید G2C یا برای «خدمت به کسب‌وکار» بنویسید G2B"),
        (LifeEvent, "مدارک", "؛ برای «مدارک و گواهینامه‌ها» بنویسید documents_certificates"),  # one word of one label
        (VisitReason, "جهت", ""),  # a word of two labels
        (Level, "ملي", "؛ برای «ملی» بنویسید national"),  # Arabic yeh
        (ServiceType, "خدمت به كسب\u200cوكار", "؛ برای «خدمت به کسب‌وکار» بنویسید G2B"),  # Arabic kaf
    ],
)
def test_vocabulary_hints(vocab: Any, value: str, hint: str) -> None:
    from site_gen.model.errors import _vocab_message

    assert _vocab_message(vocab, value).endswith(f"اما {value!r} آمده است{hint}")
