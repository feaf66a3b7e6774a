"""``site-gen new``: a valid skeleton of a card, licence or agency, commented in Persian.

Every field of the model appears, in the model's order, under a comment with its Persian label,
its description and (for vocabularies) the allowed values; unstated fields are ``null``, which
the validator reads as «اعلام نشده». Generated from the models, never written by hand.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from .model import Agency, Licence, Service
from .model.docs import with_field_docs
from .model.vocab import Vocab

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "service": (Service, "service"),
    "licence": (Licence, "licence"),
    "agency": (Agency, "agency"),
}
INTRO = {
    "service": "شناسنامه‌ی خدمت",
    "licence": "مجوز (بانک اطلاعاتی مجوزها، فرم‌های ۱ و ۲)",
    "agency": "دستگاه اجرایی",
}


def _vocab_of(annotation: Any) -> type[Vocab] | None:
    if isinstance(annotation, type) and issubclass(annotation, Vocab):
        return annotation
    for arg in typing.get_args(annotation):
        found = _vocab_of(arg)
        if found:
            return found
    return None


def skeleton(kind: str, agency: str) -> str:
    with_field_docs()
    model, schema = KINDS[kind]
    lines = [
        f"# yaml-language-server: $schema=../../schema/{schema}.schema.json",
        f"# {INTRO[kind]} — هر فیلد را پر کنید. null یعنی «اعلام نشده»، [] یعنی «هیچ‌کدام».",
        "# شناسه‌ها، کدها، تاریخ‌ها (شمسی، مانند \"1403-05-12\") و تلفن‌ها را در گیومه بنویسید.",
        "",
    ]
    values = {
        "service": {"title": "عنوان خدمت را اینجا بنویسید", "agency": agency},
        "licence": {"title": "عنوان مجوز را اینجا بنویسید", "agency": agency},
        "agency": {"slug": agency, "name": "نام دستگاه اجرایی را اینجا بنویسید"},
    }[kind]
    for name, f in model.model_fields.items():
        if name == "sample":
            continue
        note = f"# {f.title}: {f.description}" if f.description else f"# {f.title}"
        lines.append(note.rstrip())
        vocab = _vocab_of(f.annotation)
        if vocab is not None:
            allowed = "، ".join(f"{m.value} ({m.label})" for m in vocab)
            lines.append(f"#   مقدارهای مجاز: {allowed}")
        value = values.get(name)
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False) if value is not None else 'null'}")
    return "\n".join(lines) + "\n"
