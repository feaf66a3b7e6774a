"""The committed JSON Schemas are generated from the models and never stale."""

from __future__ import annotations

import json
from pathlib import Path

from site_gen.schema import render_schemas, write_schemas

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


def test_committed_schema_is_current() -> None:
    assert write_schemas(SCHEMA_DIR, check=True) == [], "run: site-gen schema"


def test_schema_has_persian_titles_and_descriptions() -> None:
    service = json.loads(render_schemas()["service.schema.json"])
    title = service["properties"]["title"]
    assert title["title"] == "عنوان خدمت"
    assert title["description"] == "عنوان استاندارد خدمت."
    assert service["additionalProperties"] is False
    assert set(service["required"]) == {"title", "agency"}
    channel = service["$defs"]["Channel"]
    assert channel["enumDescriptions"][channel["enum"].index("counter_offices")] == "دفاتر پیشخوان"


def test_every_field_has_a_label_and_a_docstring() -> None:
    from site_gen.model import Agency, Licence, Service
    from site_gen.model.docs import with_field_docs
    from site_gen.model.errors import _models_in

    with_field_docs()

    seen: set[type] = set()
    todo: list[type] = [Agency, Service, Licence]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            assert field.title, f"{model.__name__}.{name} has no Persian label"
            assert field.description, f"{model.__name__}.{name} has no docstring"
            todo += _models_in(field.annotation)
    assert len(seen) > 20


def test_stale_schema_is_detected(tmp_path: Path) -> None:
    assert len(write_schemas(tmp_path)) == 3 + 6  # cards, licences, agencies; six registers
    (tmp_path / "agency.schema.json").write_text("{}")
    assert [p.name for p in write_schemas(tmp_path, check=True)] == ["agency.schema.json"]
