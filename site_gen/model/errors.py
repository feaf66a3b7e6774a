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

    if value is None and loc and isinstance(loc[-1], int):  # whatever the item's type, also text-or-mapping
        return codes.INVALID_TYPE, "مورد خالی (null) در فهرست پذیرفته نیست", False
    if kind in codes.all_codes():  # our own types raise errors whose type is the code
        return kind, error["msg"], False
    if kind == "missing" and loc and isinstance(loc[-1], int):  # a fixed-length list (an edge) is short
        kind = "too_short"
    if kind == "string_pattern_mismatch":
        code, message = pattern_error(str(ctx.get("pattern", "")), value)
        return code, message, False
    if kind == "missing":
        return codes.MISSING_KEY, f"کلید الزامی «{name}» ({label}) نیامده است", False
    if kind == "extra_forbidden":
        return codes.UNKNOWN_KEY, f"کلید ناشناخته «{loc[-1]}»{unknown_key_hint(model, loc)}", True
    if value is None and kind in ("string_type", "model_type", "dict_type", "enum", "literal_error"):
        if loc and isinstance(loc[-1], int):
            return codes.INVALID_TYPE, "مورد خالی (null) در فهرست پذیرفته نیست", False
        return codes.MISSING_KEY, f"«{name}» ({label}) شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد", False
    if kind in ("enum", "literal_error"):
        vocab = _vocab_at(model, loc)
        if vocab is not None:
            return codes.INVALID_VALUE, _vocab_message(vocab, value), False
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
            return codes.INVALID_TYPE, "انتظار می‌رفت یال [از، به] با دو شمارهٔ فرایند", False
        actual = ctx.get("actual_length")
        if kind == "too_short":
            wanted = f"دست‌کم {ctx.get('min_length')} مورد"
        else:
            wanted = f"حداکثر {ctx.get('max_length')} مورد"
        got = f"{actual} مورد" if actual is not None else "شمار دیگری"
        return codes.INVALID_TYPE, f"انتظار می‌رفت {wanted}، اما {got} آمده است", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {
            "greater_than_equal": "بزرگ‌تر یا مساوی",
            "greater_than": "بزرگ‌تر از",
            "less_than_equal": "کوچک‌تر یا مساوی",
            "less_than": "کوچک‌تر از",
        }[kind]
        return codes.OUT_OF_RANGE, f"انتظار می‌رفت عددی {words} {bound}، اما {_shown(value)} آمده است", False
    return codes.INVALID_TYPE, f"مقدار {_shown(value)} برای «{label}» پذیرفته نیست؛ قاعدهٔ این فیلد را در مرجع قالب (docs/format/) ببینید", False


def _fold(text: str) -> str:
    """Text compared loosely: Arabic ي/ك as ی/ک, ZWNJ and runs of spaces as one space, case."""
    return " ".join(text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ").split()).casefold()


def _key_with_label(holder: type[BaseModel], name: str) -> str:
    title = holder.model_fields[name].title
    return f"«{name}» ({title})" if title and title != name else f"«{name}»"


def _holder_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The location of the mapping that holds the mapping at ``loc`` (one level up)."""
    out = list(loc)
    while out and isinstance(out[-1], int):
        out.pop()
    return tuple(out[:-1]) if out else ()


def unknown_key_hint(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """A hint for an unknown key: the key whose Persian label it is, a key close to it (by
    :mod:`difflib`), or the level where it belongs when it is a key one level up or down."""
    key = str(loc[-1])
    holder = model_at(model, loc[:-1])
    if holder is None:
        return ""
    fields = holder.model_fields
    folded = _fold(key)
    by_label = {_fold(f.title): name for name, f in fields.items() if f.title}
    if folded in by_label:
        return f"؛ برچسب فارسی را کلید نکنید: کلید این فیلد {_key_with_label(holder, by_label[folded])} است"
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.7)
    if close:
        return f"؛ آیا منظور {_key_with_label(holder, close[0])} بود؟"
    close = difflib.get_close_matches(folded, list(by_label), n=1, cutoff=0.7)
    if close:
        return f"؛ آیا منظور {_key_with_label(holder, by_label[close[0]])} بود؟"
    if len(loc) > 1:
        up = model_at(model, _holder_loc(loc[:-1]))
        if up is not None and key in up.model_fields:
            return f"؛ {_key_with_label(up, key)} کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «{_holder_name(loc)}» شود"
    inside = [(name, sub) for name, f in fields.items() for sub in _models_in(f.annotation)[:1] if key in sub.model_fields]
    if inside:
        where = " یا ".join(f"«{name}»" for name, _ in inside)
        return f"؛ {_key_with_label(inside[0][1], key)} کلیدی درون {where} است: آن را زیر کلید خودش با تورفتگی بیشتر بنویسید"
    return ""


def _holder_name(loc: tuple[Any, ...]) -> str:
    names = [p for p in loc[:-1] if isinstance(p, str) and "-" not in p]
    return names[-1] if names else ""


def _vocab_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    from .kind import vocab_of

    names = [i for i, p in enumerate(loc) if isinstance(p, str) and "-" not in p]
    if not names:
        return None
    holder = model_at(model, loc[: names[-1]])
    field = holder.model_fields.get(loc[names[-1]]) if holder is not None else None
    if field is None:
        return None

    return vocab_of(field.annotation)


def _vocab_message(vocab: Any, value: Any) -> str:
    """Expected one of the values (each with its label); the nearest value to what was written,
    by value or by Persian label."""
    allowed = "، ".join(f"{m.value} ({m.label})" for m in vocab)
    hint = ""
    if isinstance(value, str):
        folded = _fold(value)
        by_label = {_fold(m.label): m for m in vocab}
        by_value = {m.value.casefold(): m for m in vocab}
        found = by_label.get(folded) or by_value.get(folded)
        nearest = [found] if found is not None else _nearest(folded, by_value, 0.6) or _nearest(folded, by_label, 0.5)
        if not nearest:  # a label word written alone («پیشخوان» for «دفاتر پیشخوان»)
            hits = [m for label, m in by_label.items() if folded and folded in label.split()]
            nearest = hits if len(hits) == 1 else []
        if nearest:
            hint = "؛ " + " یا ".join(f"برای «{m.label}» بنویسید {m.value}" for m in nearest)
    return f"انتظار می‌رفت یکی از {allowed}، اما {_shown(value)} آمده است{hint}"


def _nearest(word: str, options: dict[str, Any], cutoff: float) -> list[Any]:
    """The options nearest to ``word`` by :class:`difflib.SequenceMatcher` (all of them on a tie)."""
    scored = []
    for key, item in options.items():
        m = difflib.SequenceMatcher(None, word, key)
        if m.real_quick_ratio() >= cutoff and m.quick_ratio() >= cutoff and (r := m.ratio()) >= cutoff:
            scored.append((r, key, item))
    if not scored:
        return []
    best = max(r for r, _, _ in scored)
    return [item for r, key, item in sorted(scored, key=lambda t: t[1]) if r == best]
