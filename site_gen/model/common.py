"""Pieces shared by service cards, licences and agencies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from .types import Bool, Code, JalaliDate, Line, NonNegNumber, PosNumber, Text, Url, text_or
from .vocab import LawType, ShortUnit, TimeUnit, ValidityUnit


def label(title: str, *, form: bool = False, required: bool = False, shown: str | None = None, **extra: Any) -> Any:
    """A field with its Persian label; ``form`` marks a field of the official form; ``shown`` is
    the label a citizen reads on the site when it differs from the form's (plain words)."""
    schema_extra: dict[str, Any] = {"x-form": True} if form else {}
    if shown:
        schema_extra["x-shown"] = shown
    schema_extra.update(extra)
    if required:
        return Field(title=title, json_schema_extra=schema_extra or None)
    return Field(default=None, title=title, json_schema_extra=schema_extra or None)


def shown_label(model: type[BaseModel], name: str) -> str:
    """The label the site shows for a field: its ``shown`` label, else its title."""
    info = model.model_fields[name]
    extra = info.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("x-shown"), str):
        return str(extra["x-shown"])
    return info.title or name


def is_form_field(model: type[BaseModel], name: str) -> bool:
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("x-form"))


class Strict(BaseModel):
    """Base of every model: unknown keys are errors. Field docstrings become descriptions through
    :func:`site_gen.model.docs.with_field_docs`, only where they are shown."""

    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        validate_default=False,
        regex_engine="python-re",  # the id pattern needs look-ahead; messages come from our table
        defer_build=True,  # a warm run that validates one card builds only that model
    )


class Document(Strict):
    """مدرک لازم با کد مدرک."""

    title: Line = label("عنوان مدرک", required=True)
    """نام مدرک، مانند «تصویر کارت ملی»."""
    code: Code | None = label("کد مدرک")
    """کد مدرک در فهرست مدارک درگاه مجوزها، مانند "10001"."""


if TYPE_CHECKING:
    DocumentItem = str | Document
else:
    DocumentItem = text_or(Document, what="عنوان مدرک (متن) یا نگاشت {title, code}")


class Law(Strict):
    """قانون یا مقررهٔ مرتبط با جزئیات."""

    title: Line = label("عنوان قانون/مصوبه", required=True)
    """عنوان قانون، آیین‌نامه، مصوبه یا بخشنامه."""
    number: Line | None = label("شماره قانون/مصوبه")
    """شمارهٔ مصوبه، مانند "206/93/7740"."""
    date: JalaliDate | None = label("تاریخ قانون/مصوبه")
    """تاریخ شمسی تصویب به شکل YYYY-MM-DD."""
    articles: Line | None = label("شماره ماده، بند یا تبصره")
    """مواد یا بندهای مرتبط، مانند «ماده ۱۲»."""
    url: Url | None = label("فایل مرتبط")
    """نشانی متن قانون."""


if TYPE_CHECKING:
    LawItem = str | Law
else:
    LawItem = text_or(Law, what="عنوان قانون (متن) یا نگاشت {title, number, date, articles, url}")


class LegalBasis(Strict):
    """مبانی قانونی موکول بودن فعالیت به اخذ مجوز (ستون‌های درگاه مجوزها، به ترتیب FORMAT.md)."""

    title: Line = label("عنوان قانون/مصوبه", required=True)
    """عنوان قانون، آیین‌نامه، مصوبه یا بخشنامه."""
    type: LawType | None = label("نوع سند")
    """قانون، مصوبه، بخشنامه یا آیین‌نامه (درگاه مجوزها آن را منتشر نمی‌کند)."""
    number: Line | None = label("شماره قانون/مصوبه")
    """شمارهٔ مصوبه، مانند "206/93/7740"."""
    date: JalaliDate | None = label("تاریخ قانون/مصوبه")
    """تاریخ شمسی تصویب به شکل YYYY-MM-DD."""
    articles: Line | None = label("شماره ماده، بند یا تبصره")
    """مواد یا بندهای مرتبط، مانند «ماده ۱۲»."""
    url: Url | None = label("فایل مرتبط")
    """نشانی متن قانون."""


class Duration(Strict):
    """مدت زمان: مقدار و واحد، یا فقط توضیح."""

    value: NonNegNumber | None = label("مقدار")
    """مقدار مدت، عدد بزرگ‌تر یا مساوی صفر."""
    unit: TimeUnit | None = label("واحد")
    """واحد زمان."""
    max: NonNegNumber | None = label("حداکثر")
    """بیشینهٔ مدت وقتی مدت یک بازه است (در همان واحد)."""
    note: Text | None = label("توضیح")
    """توضیح مدت، مانند «یک هفته پس از تکمیل مدارک»."""


class ShortDuration(Strict):
    """زمان تقریبی فرایند مجوز (روز یا ساعت)."""

    value: NonNegNumber | None = label("مقدار")
    """مقدار؛ صفر یعنی پاسخ فوری."""
    unit: ShortUnit | None = label("واحد")
    """روز یا ساعت."""


class Validity(Strict):
    """مدت اعتبار."""

    value: PosNumber | None = label("مقدار")
    """مقدار اعتبار، بزرگ‌تر از صفر."""
    unit: ValidityUnit | None = label("واحد")
    """روز، ماه یا سال."""


class Problem(tuple[tuple[Any, ...], str, str]):
    """A rule violation inside one record: (location, code, Persian message)."""

    __slots__ = ()

    def __new__(cls, loc: tuple[Any, ...], code: str, message: str) -> Problem:
        return super().__new__(cls, (loc, code, message))


def duplicates(values: list[Any] | None) -> list[int]:
    """Indexes of the items that repeat an earlier item."""
    seen: set[Any] = set()
    out = []
    for i, v in enumerate(values or []):
        if v in seen:
            out.append(i)
        seen.add(v)
    return out


class Source(Strict):
    """صفحهٔ منتشرشده‌ای که اطلاعات این رکورد از آن برداشته شده است."""

    url: Url = label("نشانی منبع", required=True)
    """نشانی صفحهٔ منتشرشدهٔ دستگاه یا درگاه (http یا https)."""
    retrieved: JalaliDate = label("تاریخ برداشت", required=True)
    """تاریخ شمسی خواندن صفحه به شکل YYYY-MM-DD."""
    partial: Bool | None = label("برداشت ناقص")
    """true وقتی فقط بخشی از صفحه خوانا بود؛ باقی فیلدها «اعلام نشده» می‌مانند."""
