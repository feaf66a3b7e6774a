"""Pydantic's errors rewritten for people: a stable code and a Persian "expected X, got Y"."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .. import codes
from .common import Strict
from .types import pattern_error


def _shown(value: Any) -> str:
    if value is None:
        return "null (خالی)"
    if isinstance(value, dict):
        return "نگاشت (کلید: مقدار)"
    if isinstance(value, list):
        return "فهرست"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return repr(value)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Model classes reachable from an annotation through Optional, list, tuple and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    out: list[type[BaseModel]] = []
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            out += _models_in(arg)
    return out


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` (best effort)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int) or "-" in part:
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        found = _models_in(field.annotation)
        current = found[0] if found else None
    return current


def field_label(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The Persian label of the field at ``loc``."""
    names = [p for p in loc if isinstance(p, str) and "-" not in p]
    if not names:
        return None
    holder = model_at(model, loc[: max(i for i, p in enumerate(loc) if p == names[-1])])
    if holder is None:
        return None
    field = holder.model_fields.get(names[-1])
    return field.title if field else None


def translate(model: type[Strict], error: ErrorDetails) -> tuple[str, str, bool]:
    """(code, message, points at the key rather than the value) for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str) and "-" not in p), "")
    label = field_label(model, loc) or name

    if kind in codes.all_codes():  # our own types raise errors whose type is the code
        return kind, error["msg"], False
    if kind == "string_pattern_mismatch":
        code, message = pattern_error(str(ctx.get("pattern", "")), value)
        return code, message, False
    if kind == "missing":
        return codes.MISSING_KEY, f"کلید الزامی «{name}» ({label}) نیامده است", False
    if kind == "extra_forbidden":
        holder = model_at(model, loc[:-1])
        allowed = list(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"؛ آیا منظور «{close[0]}» بود؟" if close else ""
        return codes.UNKNOWN_KEY, f"کلید ناشناخته «{loc[-1]}»{hint}", True
    if value is None and kind in ("string_type", "model_type", "dict_type", "enum", "literal_error"):
        if loc and isinstance(loc[-1], int):
            return codes.INVALID_TYPE, "مورد خالی (null) در فهرست پذیرفته نیست", False
        return codes.MISSING_KEY, f"«{name}» ({label}) شناسه‌ی رکورد است و نمی‌تواند خالی (null) باشد", False
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", "، ").replace(", ", "، ")
        return codes.INVALID_VALUE, f"انتظار می‌رفت یکی از {expected}، اما {_shown(value)} آمده است", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return codes.INVALID_TYPE, f"انتظار می‌رفت نگاشت (کلید: مقدار)، اما {_shown(value)} آمده است", False
    if kind in ("list_type", "tuple_type"):
        hint = "؛ برای یک مورد هم بنویسید [ ... ]" if isinstance(value, str) else ""
        return codes.INVALID_TYPE, f"انتظار می‌رفت فهرست، اما {_shown(value)} آمده است{hint}", False
    if kind == "string_type":
        return codes.INVALID_TYPE, f"انتظار می‌رفت متن، اما {_shown(value)} آمده است", False
    if kind in ("too_short", "too_long"):
        if name == "process_flow" or (loc and isinstance(loc[-1], int) and "process_flow" in loc):
            return codes.INVALID_TYPE, "انتظار می‌رفت یال [از، به] با دو شماره‌ی فرایند", False
        return codes.INVALID_TYPE, f"تعداد موارد نادرست است ({error['msg']})", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {
            "greater_than_equal": "بزرگ‌تر یا مساوی",
            "greater_than": "بزرگ‌تر از",
            "less_than_equal": "کوچک‌تر یا مساوی",
            "less_than": "کوچک‌تر از",
        }[kind]
        return codes.OUT_OF_RANGE, f"انتظار می‌رفت عددی {words} {bound}، اما {_shown(value)} آمده است", False
    return codes.INVALID_TYPE, f"{label}: {error['msg']}", False
