"""Labels of the official forms and the shapes of the model's fields, shared by import and export.

Labels are found by their letters, not by position or spelling: :func:`key` folds Arabic ي/ك,
digits, the hamza forms («ارایه»/«ارائه», «مولفه»/«مؤلفه»), the izafe «ۀ»/«هٔ», spaces,
zero-width non-joiners, punctuation and the form's numbering («6- »), so that every way agencies
have typed a label gives the same key.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from .. import text
from ..model.kind import Vocab

_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ؤ": "و",
        "ئ": "ی",
        "ء": None,
        "ٔ": None,
        "ـ": None,
        "\u200c": None,
        "\u200f": None,
        "\u200e": None,
    }
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBERING = re.compile(r"^\s*[0-9]+\s*[-.)]\s*")


@lru_cache(maxsize=65536)
def key(label: str) -> str:
    """The comparison key of a label: its letters and digits only, in one spelling, without the
    form's numbering («6- »)."""
    s = _NUMBERING.sub("", text.ascii_digits(label)).translate(_FOLD)
    s = s.replace("ارایه", "ارائه").replace("ارائه", "اراه")
    return _NOISE.sub("", s).casefold()


def clean(value: str) -> str:
    """Text of a cell repaired as the validator does: Persian letters, no stray spaces."""
    value = text.fold_arabic_letters(value)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in value.split("\n")]
    return "\n".join(line for line in lines if line).strip()


# --- shapes of model fields -------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """What a field holds: ``kind`` is one of scalar, bool, enum, enums, texts, mixed, model,
    models, edges, validity; ``inner`` the model or the enumeration."""

    kind: str
    inner: Any = None


def _strip(a: Any) -> Any:
    while typing.get_origin(a) is typing.Annotated:
        a = typing.get_args(a)[0]
    return a


def _alternatives(a: Any) -> list[Any]:
    a = _strip(a)
    if typing.get_origin(a) in (typing.Union, types.UnionType):
        out = []
        for arg in typing.get_args(a):
            if arg is type(None):
                continue
            out += _alternatives(arg)
        return out
    return [a]


def _is_model(a: Any) -> bool:
    return isinstance(a, type) and issubclass(a, BaseModel)


def shape_of(annotation: Any) -> Shape:
    alts = _alternatives(annotation)
    models = [a for a in alts if _is_model(a)]
    if len(alts) > 1:
        if models and any(typing.get_origin(a) is typing.Literal for a in alts):
            return Shape("validity", models[0])
        if models:
            return Shape("or_model", models[0])
        return Shape("scalar")
    a = alts[0]
    origin = typing.get_origin(a)
    if origin is list:
        inner = shape_of(typing.get_args(a)[0])
        if inner.kind == "model":
            return Shape("models", inner.inner)
        if inner.kind == "or_model":
            return Shape("mixed", inner.inner)
        if inner.kind == "enum":
            return Shape("enums", inner.inner)
        if inner.kind == "tuple":
            return Shape("edges")
        return Shape("texts")
    if origin is tuple:
        return Shape("tuple")
    if _is_model(a):
        return Shape("model", a)
    if isinstance(a, type) and issubclass(a, Enum):
        return Shape("enum", a)
    if a is bool:
        return Shape("bool")
    return Shape("scalar")


@cache
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, str, Shape], ...]:
    """(name, Persian label, shape) of every field of ``model``, in the model's (the form's) order."""
    return tuple(
        (name, info.title or name, shape_of(info.annotation))
        for name, info in model.model_fields.items()
    )


#: Labels the official forms and agencies use besides the model's own (by model and field).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Service": {
        "audience": ("نوع مخاطبین", "نوع مخاطبان", "مخاطبان", "نوع مخاطبین / خدمت گیرندگان"),
        "laws": ("قوانین و مقررات مربوط", "قوانین و مقررات"),
        "average_duration": ("مدت زمان ارائه خدمت", "متوسط مدت زمان ارایه خدمت"),
        "cost": ("هزینه ارائه خدمت (ریال) به خدمت گیرندگان", "هزینه مستقیم ارائه خدمت"),
        "website": ("آدرس دقیق و مستقیم خدمت در وب سایت",),
        "access": ("نحوه دسترسی به خدمت", "نحوه دسترسی فعلی شهروندان به خدمت"),
        "related_systems": ("نام سامانه های دیگر", "ارتباط خدمت با سایر سامانه ها در همان دستگاه"),
        "related_agencies": ("نام دستگاه دیگر", "ارتباط خدمت با سایر سامانه ها در دستگاه های دیگر"),
        "contact": ("واحد مربوط",),
    },
    "Access": {
        "information": ("در مرحله اطلاع رسانی خدمت", "مرحله اطلاع رسانی"),
        "request": ("در مرحله درخواست خدمت", "مرحله درخواست"),
        "production": ("در مرحله تولید خدمت",),
        "delivery": ("در مرحله ارائه خدمت", "مرحله ارائه خدمت"),
    },
    "RelatedSystem": {
        "name": ("نام سامانه های دیگر",),
        "fields": ("فیلدهای موردتبادل",),
        "electronic": ("استفاده الکترونیکی غیر الکترونیکی",),
    },
    "RelatedAgency": {
        "agency": ("نام دستگاه دیگر",),
        "fields": ("فیلدهای موردتبادل",),
        "cost_rials": ("مبلغ (در صورت پرداخت هزینه)", "مبلغ"),
        "non_electronic_by": ("اگر استفاده غیرالکترونیکی است، استفاده توسط",),
    },
    "Cost": {
        "free": ("رایگان",),
        "electronic_payment": ("پرداخت بصورت الکترونیک", "پرداخت الکترونیکی"),
    },
    "Frequency": {"once": ("یکبار برای همیشه",)},
    "Licence": {"legal_basis": ("مستندات قانونی (مصوبه، بخشنامه، آیین نامه)", "مستندات قانونی")},
}

#: Labels that mean "none" in a cell.
NONE_WORDS = frozenset(key(w) for w in ("هیچ‌کدام", "هیچکدام", "ندارد", "هیچ"))
NONE_WORD = "هیچ‌کدام"
YES, NO = "بله", "خیر"
UNLIMITED = "نامحدود"


@cache
def label_index(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(key, field name) of every label of ``model``, the longest keys first."""
    pairs: list[tuple[str, str]] = []
    for name, title, _ in fields_of(model):
        pairs.append((key(title), name))
        info = model.model_fields[name]
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("x-shown"), str):
            pairs.append((key(str(extra["x-shown"])), name))
        for alias in ALIASES.get(model.__name__, {}).get(name, ()):
            pairs.append((key(alias), name))
    pairs = [(k, n) for k, n in pairs if k]
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


def find_label(model: type[BaseModel], cell_text: str, *, prefix: bool = False) -> str | None:
    """The field whose label ``cell_text`` is (or, with ``prefix``, starts with)."""
    k = key(cell_text)
    if not k:
        return None
    for label_key, name in label_index(model):
        if k == label_key or (prefix and k.startswith(label_key)):
            return name
    return None


def vocab_options(enum: type[Enum]) -> list[tuple[str, str]]:
    """(value, Persian label) of every member of a vocabulary."""
    if issubclass(enum, Vocab):
        return [(m.value, m.label) for m in enum]
    return [(str(m.value), str(m.value)) for m in enum]


_EXTRA_OPTION_LABELS: dict[str, tuple[str, ...]] = {
    # spellings on the official form that differ from the vocabulary's label
    "G2C": ("خدمت به شهروندان (G2C)",),
    "G2B": ("خدمت به کسب و کار (G2B)",),
    "G2G": ("خدمت به دیگر دستگاههای دولتی (G2G)",),
    "internet": ("اینترنتی (مانند وبگاه دستگاه)", "اینترنتی (مانند درگاه دستگاه)", "اینترنتی"),
    "intranet": ("اینترانتی (مانند اینترانت داخلی دستگاه یا ERP)", "اینترانتی"),
    "mobile_app": ("تلفن همراه (برنامه کاربردی)",),
    "counter_offices": ("دفاتر پیشخوان شماره قرارداد واگذاری خدمات به دفاتر پیشخوان",),
    "other": ("سایر (با ذکر نحوه دسترسی)", "سایر (باذکر نحوه دسترسی)", "سایر:"),
    "applicant_request": ("تقاضای گیرنده خدمت",),
    "revoke": ("لغو", "ابطال"),
    "applicant": ("مراجعه کننده",),
}


def match_option(enum: type[Enum], label: str) -> str | None:
    """The value of the member of ``enum`` whose label (or value) ``label`` is."""
    k = key(label)
    if not k:
        return None
    for value, shown in vocab_options(enum):
        keys = {key(shown), key(value)} | {key(x) for x in _EXTRA_OPTION_LABELS.get(value, ())}
        if k in keys:
            return value
    return None
