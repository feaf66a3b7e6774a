"""The catalogue as tables: one definition of the rows and columns shared by the CSV files, the
workbook (``catalogue.xlsx``), its import (``site-gen import xlsx``) and the downloads page.

Five tables: agencies, services, licences, the licences' actions, and the actions' inquiries.
A column is a field of the model (its key is the YAML key, its Persian header the field's
label) or one of a few key columns (agency, slug, the position of an action or an inquiry).
A cell holds the value as YAML has it: text, a number, true/false, the vocabulary value; a list
or a mapping (documents, laws, access…) is one cell of JSON. An empty cell is "not stated".
Nothing is lost: an empty list ``[]`` is written as ``[]``, and a licence's or an action's
"no actions"/"no inquiries" is told apart from "not stated" by a count column.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..model import Agency, Licence, Service
from ..model.licence import Action, Inquiry


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: the model field it holds (``None`` for a key or computed column)
    field: str | None = None
    description: str = ""
    #: holds JSON (a list or a mapping)
    compound: bool = False


@dataclass(frozen=True)
class Table:
    name: str  # file stem of its CSV (services → services.csv)
    sheet: str  # Persian sheet title in the workbook
    title: str  # what one row is, in Persian
    model: type[BaseModel]
    keys: tuple[Column, ...]
    columns: tuple[Column, ...]  # keys + fields + computed

    def header(self) -> list[str]:
        return [c.key for c in self.columns]

    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


AGENCY = Column("agency", "شناسهٔ دستگاه", description="شناسهٔ لاتین دستگاه؛ نام پوشهٔ پرونده")
SLUG = Column("slug", "نامک", description="نام پروندهٔ رکورد بی‌پسوند؛ بخش آخر نشانی صفحه")
URL = Column("url", "نشانی صفحه", description="نشانی صفحهٔ رکورد در این وبگاه، نسبت به ریشهٔ وبگاه")
LICENCE_AGENCY = Column("license_agency", "شناسهٔ دستگاه مجوز", description="شناسهٔ دستگاه صادرکنندهٔ مجوزی که این ردیف از آن است")
LICENCE_SLUG = Column("license_slug", "نامک مجوز", description="نامک مجوزی که این ردیف از آن است")
ACTIONS_COUNT = Column("actions_count", "تعداد اقدام‌ها", description="شمار ردیف‌های این مجوز در licence_actions؛ خالی یعنی اعلام نشده")
ACTION_NO = Column("action_no", "شمارهٔ اقدام", description="شمارهٔ اقدام در مجوز، از ۱")
INQUIRIES_COUNT = Column("inquiries_count", "تعداد استعلام‌ها", description="شمار ردیف‌های این اقدام در licence_inquiries؛ خالی یعنی اعلام نشده")
INQUIRY_NO = Column("inquiry_no", "شمارهٔ استعلام", description="شمارهٔ استعلام در اقدام، از ۱")


def _is_compound(annotation: Any) -> bool:
    """Does a value of this annotation need JSON (a list, a tuple or a mapping) in one cell?"""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_compound(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin is typing.Annotated:
        return _is_compound(typing.get_args(annotation)[0])
    if origin in (list, tuple, dict):
        return True
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _field_columns(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[Column]:
    out = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        out.append(Column(name, info.title or name, name, info.description or "", _is_compound(info.annotation)))
    return out


def _table(name: str, sheet: str, title: str, model: type[BaseModel], keys: list[Column], skip: tuple[str, ...], extra: list[Column]) -> Table:
    return Table(name, sheet, title, model, tuple(keys), tuple(keys + _field_columns(model, skip) + extra))


def tables() -> list[Table]:
    """Every table, in the order of the workbook's sheets."""
    return [
        _table("agencies", "دستگاه‌ها", "یک دستگاه اجرایی", Agency, [], (), [URL]),
        _table("services", "خدمات", "یک شناسنامهٔ خدمت", Service, [AGENCY, SLUG], ("agency",), [URL]),
        _table("licenses", "مجوزها", "یک مجوز", Licence, [AGENCY, SLUG], ("agency", "actions"), [ACTIONS_COUNT, URL]),
        _table("license_actions", "اقدام‌های مجوز", "یک اقدام مجوز (صدور، تمدید…)", Action, [LICENCE_AGENCY, LICENCE_SLUG, ACTION_NO], ("inquiries",), [INQUIRIES_COUNT]),
        _table("license_inquiries", "استعلام‌ها", "یک استعلام در فرایند مشترک", Inquiry, [LICENCE_AGENCY, LICENCE_SLUG, ACTION_NO, INQUIRY_NO], (), []),
    ]


def by_name() -> dict[str, Table]:
    return {t.name: t for t in tables()}


# --- cells ------------------------------------------------------------------------------------


def cell(value: Any, compound: bool) -> str | int | float | bool | None:
    """A field's value (from ``model_dump(mode="json")``) as one cell."""
    if value is None:
        return None
    if compound and isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _dump(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


def rows(catalogue: Any) -> Iterator[tuple[Table, list[list[Any]]]]:
    """Each table with its rows (cells in the order of its columns), records in sorted order."""
    from ..render.pages import agency_url, licence_url, service_url

    t = by_name()
    agencies = []
    for slug in sorted(catalogue.agencies):
        data = _dump(catalogue.agencies[slug])
        agencies.append(_row(t["agencies"], data, {"url": "/" + agency_url(slug)}))
    yield t["agencies"], agencies
    services = []
    for key in sorted(catalogue.services):
        data = _dump(catalogue.services[key])
        services.append(_row(t["services"], data, {"agency": key[0], "slug": key[1], "url": "/" + service_url(key)}))
    yield t["services"], services
    licences: list[list[Any]] = []
    actions: list[list[Any]] = []
    inquiries: list[list[Any]] = []
    for key in sorted(catalogue.licences):
        data = _dump(catalogue.licences[key])
        acts = data.get("actions")
        licences.append(_row(t["licenses"], data, {"agency": key[0], "slug": key[1], "url": "/" + licence_url(key),
                                                   "actions_count": None if acts is None else len(acts)}))
        for i, action in enumerate(acts or [], 1):
            qs = action.get("inquiries")
            actions.append(_row(t["license_actions"], action, {"license_agency": key[0], "license_slug": key[1], "action_no": i,
                                                              "inquiries_count": None if qs is None else len(qs)}))
            for j, q in enumerate(qs or [], 1):
                inquiries.append(_row(t["license_inquiries"], q, {"license_agency": key[0], "license_slug": key[1], "action_no": i, "inquiry_no": j}))
    yield t["licenses"], licences
    yield t["license_actions"], actions
    yield t["license_inquiries"], inquiries


def _row(table: Table, data: dict[str, Any], extra: dict[str, Any]) -> list[Any]:
    return [extra.get(c.key) if c.field is None else cell(data.get(c.field), c.compound) for c in table.columns]
