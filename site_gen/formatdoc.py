"""The format reference, one Persian page per record type, generated from the models.

``docs/format/service.md``, ``licence.md`` and ``agency.md``: every field of the record and of the
mappings inside it, with its key, Persian label, rules (type, allowed values with their labels,
required, form field) and description, then a complete YAML example built from the worked
examples of ``site-gen new`` (:data:`site_gen.scaffold.EXAMPLES`). ``site-gen schema`` writes them
beside the JSON Schemas and ``site-gen schema --check`` (run by ``make lint`` and CI) fails when
they are stale; ``docs/`` is part of the site, so the pages are published at ``/format/…/``.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import Agency, Licence, Service
from .model import types as T
from .model.common import is_form_field
from .model.docs import models_under, with_field_docs
from .model.kind import Vocab

PAGES: list[tuple[str, type[BaseModel], str, str]] = [
    ("service", Service, "شناسنامهٔ خدمت", "cards/<agency>/<slug>.yaml"),
    ("licence", Licence, "مجوز", "licenses/<agency>/<slug>.yaml"),
    ("agency", Agency, "دستگاه اجرایی", "cards/<agency>/_agency.yaml"),
]

_ALIASES: list[tuple[Any, str]] = [
    (T.JalaliDate, 'تاریخ شمسی YYYY-MM-DD در گیومه (مانند "1403-05-12")'),
    (T.Url, "نشانی http یا https"),
    (T.Slug, "شناسهٔ پرونده: حروف کوچک لاتین، رقم و «-»"),
    (T.Ref, "ارجاع: slug در همان دستگاه یا agency/slug"),
    (T.Digits, 'رشته‌ای از رقم‌ها، در گیومه (مانند "1003")'),
    (T.Phone, 'شماره تلفن با رقم لاتین، در گیومه (مانند "021-88115831")'),
    (T.Email, "نشانی پست الکترونیک"),
    (T.Handle, "شناسهٔ کاربری یا گروه در فورج (@user یا @group/team)"),
    (T.RecordId, 'شناسه: ۱ تا ۳۲ نویسه از حروف لاتین، رقم، «-»، «/» یا «.»، در گیومه (مانند "12011076106")'),
    (T.Line, "متن یک‌خطی"),
    (T.Text, "متن (چندخطی هم می‌شود)"),
    (T.Bool, "true یا false"),
    (T.NonNegInt, "عدد صحیح بزرگ‌تر یا مساوی ۰"),
    (T.PosInt, "عدد صحیح بزرگ‌تر از ۰"),
    (T.NonNegNumber, "عدد بزرگ‌تر یا مساوی ۰"),
    (T.PosNumber, "عدد بزرگ‌تر از ۰"),
]


def _matches(annotation: Any, alias: Any) -> bool:
    if typing.get_origin(annotation) is not typing.Annotated or typing.get_origin(alias) is not typing.Annotated:
        return False
    mine = typing.get_args(annotation)
    theirs = typing.get_args(alias)
    return mine[0] is theirs[0] and all(any(m is t for m in mine[1:]) for t in theirs[1:] if not isinstance(t, FieldInfo))


def describe(annotation: Any) -> str:
    """The rule of a field's type in Persian."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        parts = [describe(a) for a in typing.get_args(annotation) if a is not type(None)]
        return " یا ".join(dict.fromkeys(parts))
    if origin in (list, tuple):
        inner = [describe(a) for a in typing.get_args(annotation) if a is not Ellipsis]
        if origin is tuple:
            return "جفت [" + "، ".join(inner) + "]"
        return "فهرست؛ هر مورد: " + inner[0]
    if origin is typing.Literal:
        return " یا ".join(f"`{v}`" for v in typing.get_args(annotation))
    for alias, words in _ALIASES:
        if annotation is alias or _matches(annotation, alias):
            return words
    if origin is typing.Annotated:
        return describe(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, Vocab):
        return "یکی از: " + "، ".join(f"`{m.value}` ({m.label})" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"نگاشت «{_title(annotation)}» (جدول پایین)"
    if annotation is str:
        return "متن"
    return str(getattr(annotation, "__name__", annotation))


def _title(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or model.__name__).strip().splitlines()[0].rstrip(".")
    return doc


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _table(model: type[BaseModel]) -> list[str]:
    lines = ["| کلید | برچسب | قاعده | توضیح |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        if name == "sample":
            continue
        marks = []
        if f.is_required():
            marks.append("**الزامی**")
        if is_form_field(model, name):
            marks.append("فیلد فرم")
        annotation = typing.Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
        rule = describe(annotation) + ("؛ " + "، ".join(marks) if marks else "")
        lines.append(f"| `{name}` | {_cell(f.title or name)} | {_cell(rule)} | {_cell(f.description or '')} |")
    return lines


def example(kind: str) -> str:
    """A complete record of ``kind`` made of the worked examples of ``site-gen new``."""
    from .scaffold import EXAMPLES

    head = {
        "service": 'id: "12011076106"\ntitle: صدور گواهی ولادت\nagency: sabt\n',
        "licence": 'id: "20011076106"\ntitle: پروانهٔ کسب\nagency: asnaf\nkind: permit\napplicants: [natural_person, legal_person]\n',
        "agency": "slug: sabt\nname: سازمان ثبت احوال کشور\nparent: null\ncode: \"1003\"\nwebsite: https://www.sabteahval.ir\nmaintainers: [\"@sabt/catalogue\"]\n",
    }[kind]
    from .fmt import format_text

    body = [text for text in EXAMPLES[kind].values()]
    rel = {"service": "cards/sabt/x.yaml", "licence": "licenses/asnaf/x.yaml", "agency": "cards/sabt/_agency.yaml"}[kind]
    return format_text(head + "".join(b + "\n" for b in body), rel)  # in the order and style fmt keeps


def page(kind: str) -> str:
    with_field_docs()
    _, model, title, path = next(p for p in PAGES if p[0] == kind)
    lines = [
        "<!-- generated by `site-gen schema` from the models (site_gen/formatdoc.py); do not edit by hand -->",
        f"# قالب پروندهٔ {title}",
        "",
        f"پرونده: `{path}`. قاعده‌های همهٔ پرونده‌ها (اعلام نشده، هیچ‌کدام، ارجاع، رقم و تاریخ) در "
        "[قالب پرونده‌ها](index.md) آمده است. این صفحه از روی مدل‌های اعتبارسنج ساخته می‌شود و همیشه با آن هم‌خوان است.",
        "",
        "`null` یعنی «اعلام نشده»، `[]` یعنی «هیچ‌کدام». هر کلیدی که در جدول‌ها نیست خطاست.",
        "",
        "## فیلدها",
        "",
    ]
    for sub in models_under(model):
        if sub is not model:
            lines += ["", f"### {_title(sub)} (`{sub.__name__}`)", ""]
        lines += _table(sub)
    lines += ["", "## نمونهٔ کامل", "", "```yaml", example(kind).rstrip("\n"), "```", ""]
    return "\n".join(lines)


def write_pages(out: Path, *, check: bool = False) -> list[Path]:
    """Write the pages into ``out``; returns those that changed (or would, with ``check``)."""
    from .schema import write_generated

    return write_generated(out, {f"{kind}.md": page(kind) for kind, *_ in PAGES}, check=check)
