"""``site-gen import xlsx FILE --out ROOT``: a workbook in the layout of ``catalogue.xlsx`` →
YAML records under ``ROOT/cards/`` and ``ROOT/licenses/``.

Sheets are found by their Persian title or their table name (``services``); columns by the key
row of the export (row 2), else by a header row of Persian labels or keys (row 1). Every cell
that cannot be mapped is reported with its sheet, row, column and why, in the usual form
``FILE[sheet]:row:column: error: code: key: message``; a record with such a cell, or whose
values do not fit its model, is not written. Rules across fields and files are left to
``site-gen validate``, which the user runs next. The YAML is written with the keys in the
model's order and every text quoted (:func:`site_gen.synth.to_yaml`), so that export then
import gives back the same records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import codes
from ..model import Agency, Licence, Service
from ..model.errors import translate
from ..patterns import SLUG_RE
from ..report import Diagnostic, diag
from .tables import Column, Table, tables

Key = tuple[str, str]


@dataclass
class Row:
    """One data row of a sheet: its number, its values by column key, where each column is."""

    number: int
    values: dict[str, Any]
    sheet: str
    columns: dict[str, int]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"agencies": 0, "services": 0, "licenses": 0})


class _Reader:
    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.problems: list[Diagnostic] = []

    def problem(self, sheet: str, row: int, column: int, code: str, message: str, key: str = "") -> None:
        self.problems.append(diag(f"{self.name}[{sheet}]", row, column, code, message, key))

    def sheet_rows(self, table: Table, ws: Any) -> list[Row]:
        """The data rows of one sheet, each cell read into the value YAML would give."""
        top = [list(r) for r in ws.iter_rows(min_row=1, max_row=2, values_only=True)]
        keys = {c.key: c for c in table.columns}
        labels = {c.label: c for c in table.columns}
        second = top[1] if len(top) > 1 else []
        key_row = sum(1 for v in second if isinstance(v, str) and v.strip() in keys) > len([v for v in second if v is not None]) / 2 if second else False
        header, first_data, header_no = (second, 3, 2) if key_row else (top[0] if top else [], 2, 1)
        columns: dict[int, Column] = {}
        for i, name in enumerate(header):
            if name is None or str(name).strip() == "":
                continue
            text = str(name).strip()
            column = keys.get(text) or labels.get(text)
            if column is None:
                self.problem(table.sheet, header_no, i + 1, codes.IMPORT_UNKNOWN_COLUMN, f"انتظار می‌رفت سرستونی از ستون‌های «{table.sheet}» (مانند {table.columns[0].label} یا {table.columns[0].key})، اما «{text}» آمده است؛ خانه‌های این ستون خوانده نشد", text)
                continue
            if column in columns.values():
                self.problem(table.sheet, header_no, i + 1, codes.IMPORT_UNKNOWN_COLUMN, f"ستون «{column.label}» ({column.key}) دو بار آمده است؛ ستون دوم خوانده نشد", column.key)
                continue
            columns[i] = column
        where = {c.key: i + 1 for i, c in columns.items()}
        out = []
        for number, cells in enumerate(ws.iter_rows(min_row=first_data, values_only=True), first_data):
            values: dict[str, Any] = {}
            ok = True
            for i, raw in enumerate(cells):
                if raw is None or (isinstance(raw, str) and raw == ""):
                    continue
                column = columns.get(i)
                if column is None:
                    if i < len(header) and header[i] not in (None, ""):
                        continue  # its column was reported once
                    self.problem(table.sheet, number, i + 1, codes.IMPORT_UNKNOWN_COLUMN, f"خانه‌ای بیرون از ستون‌های جدول مقدار دارد: {_shown(raw)}")
                    ok = False
                    continue
                try:
                    values[column.key] = _value(raw, column)
                except ValueError as exc:
                    self.problem(table.sheet, number, i + 1, codes.IMPORT_BAD_CELL, str(exc), column.key)
                    ok = False
                    if column.field is None:
                        values.setdefault("__reported__", set()).add(column.key)
            if not values and ok:
                continue  # an empty row
            values["__ok__"] = ok
            out.append(Row(number, values, table.sheet, where))
        return out


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _value(raw: Any, column: Column) -> Any:
    """A cell as the value YAML would carry; ``ValueError`` (Persian) when it cannot be read."""
    if isinstance(raw, dt.datetime):
        raw = raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    elif isinstance(raw, dt.date):
        raw = raw.isoformat()
    if isinstance(raw, float) and raw.is_integer() and column.compound is False and column.field is None:
        raw = int(raw)
    if column.compound and isinstance(raw, str) and raw.strip()[:1] in ("[", "{"):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"انتظار می‌رفت فهرست یا نگاشت به شکل JSON، اما متنی آمد که JSON نیست (نادرستی در نویسهٔ {exc.pos + 1}): {_shown(raw)}") from None
    if column.field is None:  # a key column
        if column.key in ("agency", "slug", "license_agency", "license_slug"):
            if not isinstance(raw, str) or not SLUG_RE.match(raw):
                raise ValueError(f"انتظار می‌رفت شناسه‌ای از حروف کوچک لاتین، رقم و خط تیره (مانند sabt-ahval)، اما {_shown(raw)} آمده است")
            return raw
        if column.key == "url":
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw.strip())
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0 or (column.key.endswith("_no") and raw < 1):
            raise ValueError(f"انتظار می‌رفت عدد صحیح {'از ۱ به بالا' if column.key.endswith('_no') else 'نامنفی'}، اما {_shown(raw)} آمده است")
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _rows_by(rows: list[Row], reader: _Reader, names: tuple[str, ...]) -> dict[tuple[Any, ...], Row]:
    out: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        if any(n not in row.values for n in names):
            missing = next(n for n in names if n not in row.values)
            if missing in row.values.get("__reported__", ()):
                continue  # its cell was reported
            reader.problem(row.sheet, row.number, row.columns.get(missing, 1), codes.IMPORT_BAD_CELL, f"ستون «{missing}» این ردیف خالی است؛ ردیف به هیچ رکوردی نمی‌خورد", missing)
            continue
        key = tuple(row.values[n] for n in names)
        if key in out:
            reader.problem(row.sheet, row.number, 1, codes.IMPORT_DUPLICATE_ROW, f"این ردیف همان رکورد ردیف {out[key].number} است ({'/'.join(map(str, key))})؛ ردیف دوم خوانده نشد")
            continue
        out[key] = row
    return out


def _fields(row: Row, table: Table) -> dict[str, Any]:
    return {c.field: row.values[c.key] for c in table.columns if c.field is not None and c.key in row.values}


def import_xlsx(path: Path, out: Path) -> ImportResult:
    """Read the workbook at ``path`` and write its records under ``out``."""
    from openpyxl import load_workbook

    result = ImportResult()
    reader = _Reader(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        reader.problem("", 1, 1, codes.IMPORT_UNREADABLE, f"انتظار می‌رفت کارپوشهٔ xlsx، اما پرونده خوانده نشد ({type(exc).__name__})")
        result.problems = reader.problems
        return result
    by_title: dict[str, Table] = {}
    for each in tables():
        by_title[each.sheet] = each
        by_title[each.name] = each
    rows: dict[str, list[Row]] = defaultdict(list)
    try:
        for ws in wb.worksheets:
            table = by_title.get(ws.title.strip())
            if table is None:
                reader.problem(ws.title, 1, 1, codes.IMPORT_UNKNOWN_SHEET, f"انتظار می‌رفت برگه‌ای از {'، '.join('«' + t.sheet + '»' for t in tables())}، اما «{ws.title}» آمده است؛ این برگه خوانده نشد")
                continue
            rows[table.name] += reader.sheet_rows(table, ws)
    finally:
        wb.close()
    t: dict[str, Table] = {x.name: x for x in tables()}
    records: list[tuple[Path, BaseModel, list[Row], str]] = []
    for key, row in _rows_by(rows["agencies"], reader, ("slug",)).items():
        data = _fields(row, t["agencies"])
        record = _validate(reader, Agency, data, {(): (row, t["agencies"])}, row)
        if record is not None:
            records.append((out / "cards" / key[0] / "_agency.yaml", record, [row], "agency"))
    for key, row in _rows_by(rows["services"], reader, ("agency", "slug")).items():
        data = {"agency": key[0], **_fields(row, t["services"])}
        record = _validate(reader, Service, data, {(): (row, t["services"])}, row)
        if record is not None:
            records.append((out / "cards" / key[0] / f"{key[1]}.yaml", record, [row], "service"))
    licences = _rows_by(rows["licenses"], reader, ("agency", "slug"))
    actions = _rows_by(rows["license_actions"], reader, ("license_agency", "license_slug", "action_no"))
    inquiries = _rows_by(rows["license_inquiries"], reader, ("license_agency", "license_slug", "action_no", "inquiry_no"))
    for akey, arow in actions.items():
        if akey[:2] not in licences:
            reader.problem(arow.sheet, arow.number, 1, codes.IMPORT_ORPHAN_ROW, f"مجوز {akey[0]}/{akey[1]} در برگهٔ «{t['licenses'].sheet}» نیامده است؛ این اقدام خوانده نشد")
    for qkey, qrow in inquiries.items():
        if qkey[:3] not in actions:
            reader.problem(qrow.sheet, qrow.number, 1, codes.IMPORT_ORPHAN_ROW, f"اقدام {qkey[2]} مجوز {qkey[0]}/{qkey[1]} در برگهٔ «{t['license_actions'].sheet}» نیامده است؛ این استعلام خوانده نشد")
    for key, row in licences.items():
        data = {"agency": key[0], **_fields(row, t["licenses"])}
        where: dict[tuple[Any, ...], tuple[Row, Table]] = {(): (row, t["licenses"])}
        used = [row]
        own = sorted((k, r) for k, r in actions.items() if k[:2] == key)
        acts = []
        for i, (akey, arow) in enumerate(own):
            action = _fields(arow, t["license_actions"])
            where[("actions", i)] = (arow, t["license_actions"])
            used.append(arow)
            qs = sorted((k, r) for k, r in inquiries.items() if k[:3] == akey)
            for j, (_, qrow) in enumerate(qs):
                where[("actions", i, "inquiries", j)] = (qrow, t["license_inquiries"])
                used.append(qrow)
            _count(reader, arow, "inquiries_count", len(qs), t["license_inquiries"].sheet)
            if qs or arow.values.get("inquiries_count") is not None:
                action["inquiries"] = [_fields(q, t["license_inquiries"]) for _, q in qs]
            acts.append(action)
        _count(reader, row, "actions_count", len(own), t["license_actions"].sheet)
        if acts or row.values.get("actions_count") is not None:
            data["actions"] = acts
        record = _validate(reader, Licence, data, where, *used)
        if record is not None:
            records.append((out / "licenses" / key[0] / f"{key[1]}.yaml", record, used, "licence"))
    result.problems = reader.problems
    for target, record, used_rows, kind in records:
        if not all(r.values.get("__ok__", True) for r in used_rows):
            continue
        problem = _write(out, target, record, kind)
        if problem:
            reader.problem(used_rows[0].sheet, used_rows[0].number, 1, codes.UNSAFE_PATH, problem)
            continue
        result.written.append(target)
        result.counts["agencies" if kind == "agency" else "services" if kind == "service" else "licenses"] += 1
    return result


def _count(reader: _Reader, row: Row, name: str, found: int, sheet: str) -> None:
    stated = row.values.get(name)
    if stated is not None and stated != found:
        reader.problem(row.sheet, row.number, row.columns.get(name, 1), codes.IMPORT_BAD_CELL, f"انتظار می‌رفت {found} (شمار ردیف‌های این رکورد در برگهٔ «{sheet}»)، اما {stated} آمده است", name)
        row.values["__ok__"] = False


def _validate(reader: _Reader, model: type[BaseModel], data: dict[str, Any], where: dict[tuple[Any, ...], tuple[Row, Table]], *rows: Row) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            code, message, _ = translate(model, error)  # type: ignore[arg-type]
            prefix = max((p for p in where if loc[: len(p)] == p), key=len)
            row, _ = where[prefix]
            rest = loc[len(prefix):]
            name = str(rest[0]) if rest else ""
            column = row.columns.get(name, 1)
            inner = ".".join(str(p) for p in rest[1:])
            reader.problem(row.sheet, row.number, column, code, message, name + (f".{inner}" if inner else ""))
        for r in rows:
            r.values["__ok__"] = False
        return None


def _write(out: Path, target: Path, record: BaseModel, kind: str) -> str | None:
    """Write one record; a message instead when a folder on the way is a link (nothing written)."""
    from ..synth import SCHEMA_LINE, to_yaml

    part = out
    for name in target.relative_to(out).parts:
        part = part / name
        if part.is_symlink():
            return f"{part} پیوند نمادین است؛ پرونده از راه پیوند نوشته نمی‌شود"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = SCHEMA_LINE.format(kind) + to_yaml(record.model_dump(mode="json", exclude_none=True))
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return None
