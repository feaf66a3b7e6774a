"""JSON Schemas generated from the models, for editors (yaml-language-server) and tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Agency, Licence, Service
from .model import registers as _registers
from .model.common import Strict
from .model.docs import with_field_docs

SCHEMAS: dict[str, tuple[type[Strict], str]] = {
    "agency.schema.json": (Agency, "دستگاه اجرایی (_agency.yaml)"),
    "service.schema.json": (Service, "شناسنامه خدمت"),
    "licence.schema.json": (Licence, "مجوز (بانک اطلاعاتی مجوزها)"),
}
# the registers (REGISTERS.md, issue 20)
SCHEMAS.update({f"{name}.schema.json": (model, title) for name, model, title in _registers.SCHEMAS})


def schema_for(model: type[Strict], title: str) -> dict[str, Any]:
    with_field_docs()
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **body,
        "title": title,
    }


def render_schemas() -> dict[str, str]:
    """File name → JSON text of every schema."""
    return {
        name: json.dumps(schema_for(model, title), ensure_ascii=False, indent=2) + "\n"
        for name, (model, title) in SCHEMAS.items()
    }


def write_schemas(out: Path, *, check: bool = False) -> list[Path]:
    """Write the schemas to ``out``; return the files that differed (all of them when absent)."""
    return write_generated(out, render_schemas(), check=check)


def write_generated(out: Path, files: dict[str, str], *, check: bool = False) -> list[Path]:
    """Write each generated file (name → text) into ``out`` where it differs; return those that
    differed (all of them when absent). With ``check`` nothing is written."""
    changed = []
    for name, text in files.items():
        path = out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            changed.append(path)
            if not check:
                out.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return changed
