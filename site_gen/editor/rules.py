"""The rule table of the browser editor: every rule of ``site-gen validate`` that concerns one
record, written out from the models as JSON for ``static/validate.js``.

The editor does not run Python in the browser (see README, «ویرایشگر شناسنامه»): it reads this
table, generated at build time from the same models, vocabularies, patterns and codes the
validator uses, so that a rule changes in one place. What the table holds:

* ``models``: every model of the three record kinds, its fields in the form's order, each with
  its key, Persian label (and the label the site shows), help text, required / form flags and a
  type descriptor (``t``: text, line, pattern, date, url, bool, int, number, vocab, literal,
  list, tuple, model, union);
* ``patterns``: each identifier pattern in its ECMA-262 form with its code and "expected" text;
* ``vocabs``: each vocabulary's values with their Persian labels;
* ``codes``: every diagnostic code with its Persian title, phase and severity;
* the constants the rules across fields need (electronic and assisted channels, the Jalali
  month names and leap years, the placeholder mark, every field label).

The rules across fields themselves (``problems()`` of each model) are ported by hand to
``validate.js``; ``tests/test_editor.py`` checks both against the validator's JSON report.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel

from .. import codes, jalali, text, yaml_errors
from ..model import types as T
from ..model.common import Strict
from ..model.kind import Vocab
from ..patterns import PLACEHOLDER_MARK, schema_pattern

_PATTERNS = {"slug": T.SLUG_RE, "id": T.ID_RE, "digits": T.DIGITS_RE, "ref": T.REF_RE, "phone": T.PHONE_RE, "email": T.EMAIL_RE, "handle": T.HANDLE_RE}
_BY_PATTERN = {regex.pattern: name for name, regex in _PATTERNS.items()}


def _scalar(base: Any, meta: list[Any]) -> dict[str, Any] | None:
    """The descriptor of ``Annotated[base, *meta]`` when it is one of the scalar types of
    :mod:`site_gen.model.types`, read from its validators and constraints."""
    out: dict[str, Any] | None = None
    bounds: dict[str, Any] = {}
    for m in meta:
        pattern = getattr(m, "pattern", None)
        func = getattr(m, "func", None)
        if isinstance(pattern, str) and type(m).__name__ == "StringConstraints":
            if pattern == T.TEXT_PATTERN:
                out = {"t": "text"}
            elif pattern == T.LINE_PATTERN:
                out = {"t": "line"}
            else:
                out = {"t": "pattern", "p": _BY_PATTERN[pattern]}
        elif func is T._date:
            out = {"t": "date"}
        elif func is T._url:
            out = {"t": "url"}
        elif func is T._bool:
            out = {"t": "bool"}
        elif func is T._int:
            out = {"t": "int"}
        elif func is T._number:
            out = {"t": "number"}
        for inner in [m, *getattr(m, "metadata", [])]:
            for bound in ("ge", "gt"):
                if type(inner).__name__ in ("Ge", "Gt") and getattr(inner, bound, None) is not None:
                    bounds[bound] = getattr(inner, bound)
    if out is not None:
        out.update(bounds)
    return out


def describe(annotation: Any, models: dict[str, Any]) -> dict[str, Any]:
    """A JSON descriptor of a field's type; nested models are added to ``models``."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return describe(args[0], models)
    if isinstance(annotation, type) and issubclass(annotation, Vocab):
        return {"t": "vocab", "v": annotation.__name__}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        _add_model(annotation, models)
        return {"t": "model", "m": annotation.__name__}
    if origin is typing.Literal:
        return {"t": "literal", "values": list(typing.get_args(annotation))}
    if origin is list:
        return {"t": "list", "of": describe(typing.get_args(annotation)[0], models)}
    if origin is tuple:
        return {"t": "tuple", "of": [describe(a, models) for a in typing.get_args(annotation)]}
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        for m in meta:
            if type(m).__name__ == "Discriminator":  # text_or(...) and the licence's validity
                arms = typing.get_args(inner)
                out: dict[str, Any] = {"t": "union", "message": m.custom_error_message, "code": m.custom_error_type}
                for arm in arms:
                    base, *tags = typing.get_args(arm)
                    tag = next(t.tag for t in tags if type(t).__name__ == "Tag")
                    found = _scalar(base, tags)
                    out["text" if tag == "as-text" else "mapping"] = found if found is not None else describe(base, models)
                return out
        found = _scalar(inner, meta)
        if found is None and typing.get_origin(inner) is tuple:  # the process flow's edge
            return describe(inner, models)
        return found if found is not None else describe(inner, models)
    raise TypeError(f"no descriptor for {annotation!r}")  # pragma: no cover - a new field type


def _add_model(model: type[BaseModel], models: dict[str, Any]) -> None:
    from ..model.docs import with_field_docs
    from ..model.errors import _models_in

    with_field_docs()
    name = model.__name__
    if name in models:
        return
    models[name] = None  # placeholder against cycles
    fields = []
    for key, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        found = _models_in(info.annotation)
        fields.append({
            "key": key,
            "label": info.title or key,
            "shown": extra.get("x-shown") or info.title or key,
            "help": info.description or "",
            "required": info.is_required(),
            "form": bool(extra.get("x-form")),
            "minItems": extra.get("minItems"),
            "holds": found[0].__name__ if found else None,  # errors.model_at: the first model
            "type": _field_type(info, models),
        })
    models[name] = {"title": (model.__doc__ or name).strip(), "fields": fields}


def _field_type(info: Any, models: dict[str, Any]) -> dict[str, Any]:
    """pydantic moves a field's own ``Annotated`` metadata (``title: Line``) to ``metadata``."""
    if info.metadata:
        found = _scalar(info.annotation, info.metadata)
        if found is not None:
            return found
    return describe(info.annotation, models)


def rule_table() -> dict[str, Any]:
    """The whole table (plain JSON data)."""
    from ..model import Agency, Licence, Service
    from ..model.service import ASSISTED_CHANNELS, ELECTRONIC_CHANNELS
    from ..record import _labels

    models: dict[str, Any] = {}
    for m in (Service, Licence, Agency):
        _add_model(m, models)
    vocabs: dict[str, list[list[str]]] = {}

    def collect(desc: dict[str, Any]) -> None:
        if desc.get("t") == "vocab":
            from ..model import vocab as V

            vocabs[desc["v"]] = [[m.value, m.label] for m in getattr(V, desc["v"])]
        for key in ("of", "text", "mapping"):
            sub = desc.get(key)
            for s in sub if isinstance(sub, list) else [sub] if sub else []:
                collect(s)

    for model in models.values():
        for f in model["fields"]:
            collect(f["type"])
    patterns = {}
    for name, regex in _PATTERNS.items():
        code, expected = T.PATTERN_ERRORS[regex.pattern]
        patterns[name] = {"re": schema_pattern(regex), "code": code, "expected": expected}
    return {
        "version": 1,
        "kinds": {"service": "Service", "licence": "Licence", "agency": "Agency"},
        "models": models,
        "vocabs": vocabs,
        "patterns": patterns,
        "codes": {slug: {"title": c.title, "phase": c.phase.value, "warning": c.warning} for slug, c in codes.all_codes().items()},
        "electronic_channels": sorted(c.value for c in ELECTRONIC_CHANNELS),
        "assisted_channels": sorted(c.value for c in ASSISTED_CHANNELS),
        "month_names": list(jalali.MONTH_NAMES),
        "leap_years": [y for y in range(1300, 1500) if jalali.is_leap(y)],
        "placeholder_mark": PLACEHOLDER_MARK,
        "labels": sorted(_labels()),
        "direction_marks": text.DIRECTION_MARKS,
        # the Persian sentences of site_gen/yaml_errors.py, by the first words of their pattern
        "yaml_hints": {p.pattern.split("|")[0]: s.replace("{open}", "") for p, s in yaml_errors.CLASSES} | {"": yaml_errors.GENERAL},
    }


def rule_table_json() -> str:
    return json.dumps(rule_table(), ensure_ascii=False, separators=(",", ":"), sort_keys=False)


__all__ = ["Strict", "describe", "rule_table", "rule_table_json"]
