"""``site-gen new <register type> …``: a register file with every field commented in Persian.

Like the cards' skeleton (:mod:`site_gen.scaffold`): each field's label and description, its
allowed values, a worked example above each compound field; the required text is a placeholder
(«… را اینجا بنویسید») that the validator refuses until it is filled in.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.kind import vocab_of
from ..model.registers import certificate_slug
from ..patterns import SLUG_RE
from .records import MODELS

#: The KIND of ``site-gen new`` → (register folder, schema name, Persian name).
KINDS: dict[str, tuple[str, str, str]] = {
    "technologies": ("technologies", "technologies", "فناوری‌ها و استانداردهای دستگاه"),
    "project": ("projects", "project", "طرح قابل مشارکت"),
    "body": ("bodies", "body", "نهاد احراز صلاحیت‌شده"),
    "certificate": ("certificates", "certificate", "گواهی مشارکت"),
    "programme": ("programme", "programme", "پروژهٔ برنامهٔ گذار"),
    "document": ("documents", "document", "سند راهبردی"),
}

EXAMPLES: dict[str, dict[str, str]] = {
    "technologies": {
        "items": """items:
  - kind: database
    name: PostgreSQL
    version: "16"
    origin: foreign
    licence: open_source
    end_of_support: "1407-08-18"
    used_by: [birth-certificate]""",
    },
    "project": {
        "estimated_cost_rials": "estimated_cost_rials: {min: 20000000000, max: 35000000000}",
        "documents": "documents:\n  - {title: سند فراخوان, url: https://ppp.example.ir/}",
        "contact": "contact: {unit: دفتر مشارکت بخش غیردولتی, website: https://ppp.example.ir/}",
    },
    "certificate": {
        "holder": 'holder: {name: شرکت نمونه, national_id: "10100000002"}',
    },
    "programme": {
        "milestones": 'milestones:\n  - {title: تصویب استانداردها, due: "1405-06-31", done: null, weight: 1}',
        "indicators": "indicators:\n  - {title: دستگاه‌های متصل, unit: دستگاه, baseline: 12, target: 120, current: 48}",
    },
    "body": {},
    "document": {},
}


def target(root: Path, kind: str, name: str, slug: str | None) -> tuple[Path, dict[str, str]]:
    """Where the new file goes and the values written in it; raises ``ValueError`` with a
    Persian message for a name that cannot be a file name."""
    folder = KINDS[kind][0]
    if kind == "certificate":
        stem = certificate_slug(name)
        if not stem:
            raise ValueError(f"شمارهٔ گواهی «{name}» حرف یا رقم لاتین ندارد (مانند PPP-1405-0001)")
        return root / "registers" / folder / f"{stem}.yaml", {"number": name}
    if not SLUG_RE.match(name):
        raise ValueError(f"«{name}» شناسه نیست؛ فقط حروف کوچک لاتین، رقم و «-» (مانند sabt-ahval)")
    if kind == "technologies":
        return root / "registers" / folder / f"{name}.yaml", {"agency": name}
    if kind == "project":
        if not slug or not SLUG_RE.match(slug):
            raise ValueError(f"نام طرح (SLUG) داده نشده یا شناسه نیست: مانند site-gen new project {name} mobile-app")
        return root / "registers" / folder / name / f"{slug}.yaml", {"agency": name, "title": "عنوان طرح را اینجا بنویسید"}
    values = {"title": "عنوان را اینجا بنویسید"}
    if kind == "body":
        values = {"slug": name, "name": "نام نهاد را اینجا بنویسید"}
    return root / "registers" / folder / f"{name}.yaml", values


def skeleton(kind: str, values: dict[str, str]) -> str:
    from ..model.docs import with_field_docs

    with_field_docs()
    folder, schema, persian = KINDS[kind]
    model = MODELS[folder]
    depth = 3 if kind == "project" else 2
    lines = [
        f"# yaml-language-server: $schema={'../' * depth}schema/{schema}.schema.json",
        f"# {persian} — هر فیلد را پر کنید. null یعنی «اعلام نشده»، [] یعنی «هیچ‌کدام».",
        "# تاریخ‌ها شمسی و در گیومه (مانند \"1405-06-31\")؛ نام، تلفن یا پست الکترونیک هیچ شخصی را ننویسید.",
        "",
    ]
    for name, f in model.model_fields.items():
        if name == "sample":
            continue
        note = f"# {f.title}: {f.description}" if f.description else f"# {f.title}"
        lines.append(note.rstrip())
        vocab = vocab_of(f.annotation)
        if vocab is not None:
            lines.append("#   مقدارهای مجاز: " + "، ".join(f"{m.value} ({m.label})" for m in vocab))
        example = EXAMPLES[kind].get(name)
        if example is not None:
            lines.append(f"# نمونه (برای به کار بردن: «# » را از آغاز سطرهای زیر بردارید و سطر «{name}: null» را پاک کنید):")
            lines += [f"# {line}" for line in example.splitlines()]
        value = values.get(name)
        if value is None and f.is_required():
            value = f"{f.title} را اینجا بنویسید"
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False) if value is not None else 'null'}")
    return "\n".join(lines) + "\n"
