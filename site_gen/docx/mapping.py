"""The official form's tables → the fields of a card or a licence, found by label.

Every row of every table is cut into segments: a paragraph (or a cell) that is a field's label
starts one, the paragraphs, cells and nested tables after it are its value; a label and its value
may share a paragraph («عنوان خدمت: …»), a cell, or sit in neighbouring cells, and a row that
starts without a label continues the field above it (the grids of the form span rows). Labels are
compared by :func:`site_gen.docx.labels.key`, so spelling and spacing do not matter, and their order
in the document does not either. Ticks come from the reader in every form Word keeps them; a
typed "X" or «*» before an option is a tick too. An unticked group is ``null`` (not stated).

The filler's name, e-mail and phone (the form's last row) are personal data: they are read only to
be left out, and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .. import codes
from ..model import Licence, Service
from ..model.types import JalaliDate, Url
from ..text import persian_digits
from .labels import (
    NO,
    NONE_WORDS,
    UNLIMITED,
    YES,
    Shape,
    clean,
    fields_of,
    find_label,
    key,
    match_option,
)
from .read import Cell, Document, DocxError, Para, Table

#: Labels of the form that are no field of the card: (key, what) — read to be left out.
_PERSONAL = {
    key("نام و نام خانوادگی تکمیل کننده فرم"): "نام تکمیل‌کنندهٔ فرم",
    key("نام و نام خانوادگی تکمیل کننده"): "نام تکمیل‌کنندهٔ فرم",
    key("تکمیل کننده فرم"): "نام تکمیل‌کنندهٔ فرم",
    key("پست الکترونیک"): "پست الکترونیک تکمیل‌کنندهٔ فرم",
    key("ایمیل"): "پست الکترونیک تکمیل‌کنندهٔ فرم",
    key("تلفن"): "تلفن تکمیل‌کنندهٔ فرم",
    key("شماره تماس"): "تلفن تکمیل‌کنندهٔ فرم",
}
_PARENT = key("نام دستگاه مادر")
_TITLES = frozenset(
    key(t)
    for t in (
        "شناسنامه خدمت",
        "جدول اطلاعات مجوزها (فرم شماره ۱ و ۲)",
        "جدول اطلاعات مجوزها",
        "فرم شماره دو",
        "فرم شماره یک",
    )
)
_TYPED_TICK = re.compile(r"^\s*(?:[Xx*✓✔×]|\[\s*[Xx*✓]\s*\]|\(\s*[Xx*]\s*\))(?:\s+|$)")
_EMPTY_MARK = re.compile(r"^\s*(?:\[\s*\]|\(\s*\))\s*")
_BARE_HOST = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/\S*)?$")
_NUMBERED = re.compile(r"^\s*\d+\s*[-.)]\s*")
_EDGE = re.compile(r"^\s*(\d+)\s*(?:→|->|←|-|–|,|،)\s*(\d+)\s*$")
_DATE = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")
_DATE_DMY = re.compile(r"^\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})\s*$")
_VALIDITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(روز|ماه|سال)\s*$")
_UNITS = {"روز": "day", "ماه": "month", "سال": "year"}


@dataclass
class Entry:
    """One line of the report: ``status`` is mapped, guessed, not_found, left_out or unknown."""

    status: str
    field: str
    detail: str = ""
    where: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "status": self.status,
            "field": self.field,
            "detail": self.detail,
            "where": self.where,
        }


@dataclass
class Result:
    kind: str  # "service" or "licence"
    data: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)


def _where(pos: tuple[int, int, int], text: str = "") -> str:
    t, r, c = (persian_digits(n) for n in pos)
    shown = text.replace("\n", " ")
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return f"جدول {t}، ردیف {r}، خانه {c}" + (f": «{shown}»" if shown else "")


Value = Para | Table


@dataclass
class _Segment:
    name: str  # field name, or "_personal:<what>", "_parent"
    values: list[Value]
    pos: tuple[int, int, int]
    label: str
    children: list[_Segment] = field(default_factory=list)  # fields of a group laid out flat
    items: list[tuple[int, list[Cell], dict[int, str]]] = field(default_factory=list)  # column rows
    guessed: str = ""


def _shape(model: type[BaseModel], name: str) -> Shape:
    return next(shape for n, _, shape in fields_of(model) if n == name)


#: Column headings and section titles of the form that are no field.
_HEADINGS = frozenset(
    key(h)
    for h in (
        "مراحل خدمت",
        "نوع ارائه",
        "4- مشخصات خدمت",
        "مشخصات خدمت",
        "زیر خدمات این خدمت کلان به قرار زیر است",
    )
)
_QUALIFIERS = re.compile(r"\s*(?:\([^)]*\)|در صورت الکترونیکی بودن.*|در صورت پرداخت هزینه.*)\s*$")


def _strip_qualifiers(text: str) -> str:
    """A label without the form's explanation («… در صورت الکترونیکی بودن همه یا بخشی از آن»)."""
    return _QUALIFIERS.sub("", text).strip() or text


def _sub_services(values: list[Value]) -> list[dict[str, Any]]:
    """The multi-level list under the description: level 0 a group, level 1 its items."""
    groups: list[dict[str, Any]] = []
    for v in values:
        if not isinstance(v, Para) or v.level is None or not clean(v.text):
            continue
        text = clean(re.sub(r"^[•○▪■◦\-–]\s*", "", v.text))
        if v.level == 0 or not groups:
            groups.append({"title": text})
        else:
            groups[-1].setdefault("items", []).append(text)
    return groups


def _tokens_options(
    paras: list[Para], enum_or_words: Any = None
) -> tuple[list[tuple[bool | None, str]], list[str]]:
    """The options of a grid: (ticked, label) in reading order, and the free text beside them.

    ``None`` as tick: a label with no box (a typed "X" style grid leaves the others bare)."""
    options: list[tuple[bool | None, str]] = []
    free: list[str] = []
    pending: bool | None = None
    for p in paras:
        # cut the paragraph at each box: [text before the first box], (tick, text after it)...
        chunks: list[tuple[bool | None, list[str]]] = [(None, [])]
        for tok in p.tokens:
            if isinstance(tok, bool):
                chunks.append((tok, []))
            else:
                chunks[-1][1].append(tok)
        if len(chunks) > 1:
            before = clean("".join(chunks[0][1]))
            if before:
                free.append(before)
            for tick, parts in chunks[1:]:
                options.append((tick, clean("".join(parts))))
            continue
        buf = chunks[0][1]
        text = clean("".join(buf))
        if not text:
            continue
        if text in ("X", "x", "*", "✓", "✔"):
            pending = True  # a mark typed in its own paragraph or cell: ticks the next option
            continue
        m = _TYPED_TICK.match(text)
        if m and m.end() < len(text):
            options.append((True, text[m.end() :].strip()))
        elif (m2 := _EMPTY_MARK.match(text)) and m2.end() < len(text):
            options.append((False, text[m2.end() :].strip()))
        elif pending:
            options.append((True, text))
        else:
            options.append((None, text))
        pending = None
    return options, free


class FormReader:
    """Read one document as a record of ``model``."""

    def __init__(self, agency: str, agencies: dict[str, str] | None = None) -> None:
        self.agency = agency
        self.agencies = agencies or {}  # key(name) → slug, to turn agency names into references
        self.entries: list[Entry] = []
        self.seen: set[str] = set()
        self.exported = False  # the document is an export of this tool (list items one a line)

    # --- segments ------------------------------------------------------------------------------

    def _label(
        self, model: type[BaseModel], text: str, top: bool, first: bool = True
    ) -> tuple[str | None, str, str]:
        """(field, label text, rest) when a paragraph starts with a label of ``model``."""
        text = text.strip()
        if not text:
            return None, "", ""
        head, colon, rest = text.partition(":")
        if colon:
            name = self._name(model, head, top) or self._name(model, _strip_qualifiers(head), top)
            if name:
                return name, head, rest.strip()
        name = self._name(model, text, top) or self._name(model, _strip_qualifiers(text), top)
        if name:
            return name, text, ""
        words = text.split() if first else []
        for j in range(len(words) - 1, 0, -1):
            name = self._name(model, " ".join(words[:j]), top)
            if name and (
                name.startswith("_")
                or dict((n, s) for n, _, s in fields_of(model))[name].kind == "scalar"
            ):
                rest = " ".join(words[j:])
                rest = re.sub(r"^\(.*\)$", "", rest).strip()
                return name, " ".join(words[:j]), rest
        return None, "", ""

    def _name(self, model: type[BaseModel], text: str, top: bool) -> str | None:
        k = key(text)
        if not k:
            return None
        if top:
            if k in _PERSONAL:
                return "_personal:" + _PERSONAL[k]
            if k == _PARENT:
                return "_parent"
        return find_label(model, text)

    def segments(
        self, model: type[BaseModel], rows: list[list[Cell]], t: int, top: bool
    ) -> list[_Segment]:
        """Cut rows into fields. A field of a group (cost, access, a stage) written in the rows
        below its label, without a nested table, opens that group: the labels below are looked up
        in it first, and a label of an outer group closes it. A field holding a list of mappings
        whose label row also names its columns (the form's «نام سامانه‌های دیگر | فیلدهای مورد
        تبادل | …») reads the rows below it as one item each."""
        out: list[_Segment] = []
        stack: list[tuple[type[BaseModel], _Segment]] = []
        columns: tuple[_Segment, type[BaseModel], dict[int, str]] | None = None
        for r, row in enumerate(rows, 1):
            current: _Segment | None = None
            leading: _Segment | None = None  # a row that starts with text and no label
            row_labels: list[str] = []
            if columns is not None:
                seg, _inner, cols = columns
                first = next((c for c in row if c.text), None)
                if first is None or not self._any_label(
                    model, stack, first.paras[0].text if first.paras else "", top
                ):
                    if any(not c.empty for c in row):
                        seg.items.append((r, row, cols))
                    continue
                columns = None
            for c, cell in enumerate(row, 1):
                # a cell is a label cell when its first paragraph is a label; then each of its
                # paragraphs may start a field («نام دستگاه اجرایی: …» «نام دستگاه مادر: …»);
                # any other cell is a value, read whole
                label_cell: bool | None = None
                for block in cell.blocks:
                    pos = (t, r, c)
                    if (
                        isinstance(block, Para)
                        and not block.text
                        and not block.has_box
                        and label_cell is None
                    ):
                        continue
                    if isinstance(block, Para) and not block.has_box and label_cell is not False:
                        if key(block.text) in _HEADINGS:
                            continue
                        first_para = label_cell is None and (
                            current is None or bool(current.values)
                        )
                        found = None
                        if top:  # the filler's row: personal data wins over any group's field
                            head = block.text.partition(":")[0]
                            if key(head) in _PERSONAL:
                                found = (0, model, "_personal:" + _PERSONAL[key(head)], head, "")
                        # whole labels first, innermost group out; then a label and its value
                        # in one paragraph («ردیف 3-1»)
                        for loose in () if found else (False, True) if first_para else (False,):
                            for depth in range(len(stack), -1, -1):
                                m = stack[depth - 1][0] if depth else model
                                name, label, rest = self._label(
                                    m, block.text, top and not depth, first=loose
                                )
                                if name:
                                    found = (depth, m, name, label, rest)
                                    break
                            if found:
                                break
                        if label_cell is None:
                            label_cell = found is not None
                        if found is not None:
                            depth, m, name, label, rest = found
                            del stack[depth:]
                            current = _Segment(name, [], pos, label)
                            (stack[depth - 1][1].children if depth else out).append(current)
                            row_labels.append(name)
                            if rest:
                                current.values.append(Para([rest]))
                            if not name.startswith("_"):
                                shape = _shape(m, name)
                                if shape.kind == "model":
                                    stack.append((shape.inner, current))
                                elif shape.kind == "models" and c == 1:
                                    cols = self._columns(shape.inner, row)
                                    if cols:
                                        columns = (current, shape.inner, cols)
                                        break
                            continue
                    if label_cell is None:
                        label_cell = False
                    if isinstance(block, Table) and stack and stack[-1][1] is current:
                        stack.pop()  # the group came whole, in a nested table
                    if current is None:
                        if isinstance(block, Para) and not block.text and not block.has_box:
                            continue
                        # a row that starts without a label continues the field above (the
                        # form's grids span rows), unless a label follows in the same row
                        leading = current = _Segment("", [], pos, "")
                    current.values.append(block)
                if columns is not None:
                    break
            if leading is not None:
                if top and model is Service and "service_types" in row_labels and leading.values:
                    leading.name = "audience"
                    leading.guessed = "خانهٔ بی‌برچسب کنار «نوع خدمت» (جای «نوع مخاطبین» در فرم)"
                    out.append(leading)
                elif not row_labels or (row_labels and leading is not None):
                    target = (
                        (
                            stack[-1][1].children[-1]
                            if stack and stack[-1][1].children
                            else stack[-1][1]
                        )
                        if stack
                        else (out[-1] if out else None)
                    )
                    if target is None:
                        out.append(leading)
                    else:
                        target.values += leading.values
        return out

    def _any_label(
        self,
        model: type[BaseModel],
        stack: list[tuple[type[BaseModel], _Segment]],
        text: str,
        top: bool,
    ) -> bool:
        if self._label(model, text, top)[0]:
            return True
        return any(self._label(m, text, False)[0] for m, _ in stack)

    def _columns(self, inner: type[BaseModel], row: list[Cell]) -> dict[int, str]:
        """Grid columns of a header row that name fields of ``inner`` (two at least)."""
        cols: dict[int, str] = {}
        for i, cell in enumerate(_grid(row)):
            name = find_label(inner, _strip_qualifiers(cell.text)) if cell.text else None
            if name and name not in cols.values():
                cols[i] = name
        return cols if len(cols) >= 2 else {}

    # --- a table as a mapping -----------------------------------------------------------------

    def read_table(
        self, model: type[BaseModel], table: Table, path: str, t: int, top: bool = False
    ) -> dict[str, Any]:
        return self.read_rows(model, table.rows, path, t, top)

    def read_rows(
        self, model: type[BaseModel], rows: list[list[Cell]], path: str, t: int, top: bool = False
    ) -> dict[str, Any]:
        return self.read_segments(model, self.segments(model, rows, t, top), path, t, top)

    def read_segments(
        self, model: type[BaseModel], segments: list[_Segment], path: str, t: int, top: bool = False
    ) -> dict[str, Any]:
        shapes = {name: (title, shape) for name, title, shape in fields_of(model)}
        data: dict[str, Any] = {}
        for seg in segments:
            where = _where(seg.pos, seg.label)
            if seg.name.startswith("_personal:"):
                self.entries.append(
                    Entry(
                        "left_out",
                        seg.name.split(":", 1)[1],
                        "دادهٔ شخصی؛ در شناسنامه نوشته نشد",
                        _where(seg.pos),
                    )
                )
                continue
            if seg.name == "_parent":
                shown = clean(" ".join(v.text for v in seg.values if isinstance(v, Para)))
                self.entries.append(
                    Entry(
                        "left_out",
                        "نام دستگاه مادر",
                        f"«{shown}»؛ دستگاه مادر از پروندهٔ دستگاه (_agency.yaml) خوانده می‌شود",
                        _where(seg.pos),
                    )
                )
                continue
            if not seg.name:
                text = clean(" ".join(v.text for v in seg.values if isinstance(v, Para)))
                if text:
                    self.entries.append(
                        Entry(
                            "unknown",
                            "",
                            "متنی بی‌برچسب که به هیچ فیلدی نگاشته نشد",
                            _where(seg.pos, text),
                        )
                    )
                continue
            _title, shape = shapes[seg.name]
            fpath = f"{path}.{seg.name}" if path else seg.name
            if top and seg.name == "agency":
                data["agency"] = self.agency
                self.entries.append(
                    Entry("mapped", "agency", f"از گزینهٔ --agency: {self.agency}", where)
                )
                continue
            value = self.convert(model, seg.name, shape, seg.values, fpath, t, where)
            if seg.children and shape.kind == "model":
                inner = self.read_segments(shape.inner, seg.children, fpath, t)
                value = {**(value or {}), **inner} if inner or value else None
            if seg.items and shape.kind == "models":
                value = (value or []) + self.column_items(shape.inner, seg.items, fpath, t)
            if top and model is Service and seg.name == "description":
                groups = _sub_services(seg.values)
                if groups and "sub_services" not in data:
                    data["sub_services"] = groups
                    self.entries.append(
                        Entry("mapped", "sub_services", "فهرست چندسطحی زیر شرح خدمت", where)
                    )
            if value is None:
                continue
            if seg.name in data and isinstance(data[seg.name], list) and isinstance(value, list):
                data[seg.name] = data[seg.name] + [v for v in value if v not in data[seg.name]]
            elif seg.name in data and isinstance(data[seg.name], dict) and isinstance(value, dict):
                data[seg.name].update({k: v for k, v in value.items() if v is not None})
            else:
                data[seg.name] = value
            if fpath not in self.seen:
                self.seen.add(fpath)
                self.entries.append(
                    Entry("guessed" if seg.guessed else "mapped", fpath, seg.guessed, where)
                )
        return data

    def column_items(
        self,
        inner: type[BaseModel],
        items: list[tuple[int, list[Cell], dict[int, str]]],
        path: str,
        t: int,
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for r, row, cols in items:
            grid = _grid(row)
            item: dict[str, Any] = {}
            for i, name in cols.items():
                if i >= len(grid):
                    continue
                where = _where((t, r, i + 1), grid[i].text)
                value = self.convert(
                    inner,
                    name,
                    _shape(inner, name),
                    list(grid[i].blocks),
                    f"{path}[{len(out)}].{name}",
                    t,
                    where,
                )
                if value is not None:
                    item[name] = value
            if item:
                out.append(item)
        return out

    # --- one value ------------------------------------------------------------------------------

    def convert(
        self,
        model: type[BaseModel],
        name: str,
        shape: Shape,
        values: list[Value],
        path: str,
        t: int,
        where: str,
    ) -> Any:
        paras = [v for v in values if isinstance(v, Para)]
        tables = [v for v in values if isinstance(v, Table)]
        texts = [
            clean(p.text) for p in paras if not p.has_box and clean(p.text) and p.level is None
        ]
        kind = shape.kind
        if kind == "scalar":
            if not texts:
                return None
            value = "\n".join(texts)
            annotation = model.model_fields[name].annotation
            if annotation in (JalaliDate, JalaliDate | None):
                value = self.date(value, path, where)
            elif annotation in (Url, Url | None) and _BARE_HOST.match(value):
                self.entries.append(
                    Entry(
                        "guessed", path, f"«{value}» بدون http آمده بود؛ https:// افزوده شد", where
                    )
                )
                value = "https://" + value
            return value
        if kind == "bool":
            options, _ = _tokens_options(paras)
            yes = [t for t, label in options if key(label) == key(YES)]
            no = [t for t, label in options if key(label) == key(NO)]
            if yes or no:
                if any(yes):
                    return "true"
                if any(no):
                    return "false"
                return None
            ticks = [tick for tick, _ in options if tick is not None]
            if ticks:
                return "true" if any(ticks) else None
            return None
        if kind in ("enum", "enums"):
            options, _ = _tokens_options(paras)
            chosen: list[str] = []
            none = False
            for tick, label in options:
                if not tick:
                    continue
                if key(label) in NONE_WORDS:
                    none = True
                    continue
                option_value = match_option(shape.inner, label)
                if option_value is None:
                    self.entries.append(
                        Entry(
                            "unknown",
                            path,
                            f"گزینهٔ «{label}» در فهرست گزینه‌های این فیلد نیست",
                            where,
                        )
                    )
                elif option_value not in chosen:
                    chosen.append(option_value)
            if kind == "enum":
                return chosen[0] if chosen else None
            if chosen:
                return chosen
            return [] if none else None
        if kind == "edges":
            if len(texts) == 1 and key(texts[0]) in NONE_WORDS:
                return []
            edges = []
            for line in texts:
                m = _EDGE.match(line)
                if m:
                    edges.append([m.group(1), m.group(2)])
                else:
                    self.entries.append(
                        Entry("unknown", path, f"«{line}» یال «شماره → شماره» نیست", where)
                    )
            return edges or None
        if kind == "texts":
            if not texts:
                return None
            if len(texts) == 1 and key(texts[0]) in NONE_WORDS:
                return []
            return self.items_of(texts, path, where)
        if kind == "validity":
            if tables:
                return self.read_table(shape.inner, tables[0], path, t)
            if texts:
                if key(texts[0]) == key(UNLIMITED):
                    return "unlimited"
                m = _VALIDITY.match(texts[0])
                if m:
                    return {"value": m.group(1), "unit": _UNITS[m.group(2)]}
                self.entries.append(
                    Entry("unknown", path, f"«{texts[0]}» مدت اعتبار خوانا نیست", where)
                )
            return None
        if kind == "model":
            if tables:
                return self.read_table(shape.inner, tables[0], path, t)
            return self.flat_model(shape.inner, values, path, t, where)
        if kind in ("models", "mixed"):
            items: list[Any] = []
            for v in values:
                if isinstance(v, Table):
                    items.append(self.read_table(shape.inner, v, f"{path}[{len(items)}]", t))
                elif not v.has_box and clean(v.text) and v.level is None:
                    items.append(clean(v.text) if kind == "mixed" else v)
            if kind == "models":
                loose = [i for i in items if isinstance(i, Para)]
                items = [i for i in items if not isinstance(i, Para)]
                if len(loose) == 1 and not items and key(loose[0].text) in NONE_WORDS:
                    return []
                if not items and not loose:
                    items = self.ticked_items(shape.inner, paras, path, where)
                if loose:
                    items += self.loose_items(shape.inner, loose, path, where)
            elif len(items) == 1 and isinstance(items[0], str) and key(items[0]) in NONE_WORDS:
                return []
            elif items and all(isinstance(i, str) for i in items):
                items = self.items_of(items, path, where)
            return items or None
        return None

    def items_of(self, items: list[str], path: str, where: str) -> list[str]:
        """List items as typed: the form's numbering («1- ») dropped; one line of items
        separated by «،» split, on a form that is not an export of this tool."""
        if len(items) > 1 and all(_NUMBERED.match(i) for i in items):
            items = [_NUMBERED.sub("", i, count=1) for i in items]
        if len(items) == 1 and "،" in items[0] and not self.exported:
            parts = [clean(x) for x in items[0].split("،") if clean(x)]
            if len(parts) > 1:
                self.entries.append(
                    Entry(
                        "guessed",
                        path,
                        f"یک سطر با «،» به {persian_digits(len(parts))} مورد جدا شد",
                        where,
                    )
                )
                return parts
        return items

    def ticked_items(
        self, model: type[BaseModel], paras: list[Para], path: str, where: str
    ) -> list[dict[str, Any]]:
        """A list of mappings given as ticks (آمار خدمت‌گیرندگان: ☒ ماه ☒ فصل ☒ سال): one
        item per ticked option, in the field whose vocabulary has it."""
        options, _ = _tokens_options(paras)
        out: list[dict[str, Any]] = []
        for tick, label in options:
            if not tick:
                continue
            for name, _title, shape in fields_of(model):
                if shape.kind == "enum" and (value := match_option(shape.inner, label)) is not None:
                    out.append({name: value})
                    break
        return out

    def date(self, value: str, path: str, where: str) -> str:
        from .. import text as _text

        v = _text.ascii_digits(value)
        m = _DATE.match(v)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        m = _DATE_DMY.match(v)
        if m:
            self.entries.append(
                Entry("guessed", path, f"تاریخ «{value}» روز/ماه/سال خوانده شد", where)
            )
            return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        return value

    def flat_model(
        self, model: type[BaseModel], values: list[Value], path: str, t: int, where: str
    ) -> dict[str, Any] | None:
        """A group of fields written in the row itself (no nested table): each ticked option goes
        to the field whose vocabulary has it; the text is its note."""
        paras = [v for v in values if isinstance(v, Para)]
        options, free = _tokens_options(paras)
        out: dict[str, Any] = {}
        shapes = fields_of(model)
        for tick, label in options:
            placed = False
            for name, title, shape in shapes:
                if (
                    shape.kind in ("enum", "enums")
                    and (value := match_option(shape.inner, label)) is not None
                ):
                    placed = True
                    if tick:
                        if shape.kind == "enum":
                            out.setdefault(name, value)
                        elif value not in out.setdefault(name, []):
                            out[name].append(value)
                    break
                if (
                    shape.kind == "bool"
                    and key(label)
                    and (
                        find_label(model, _strip_qualifiers(label)) == name
                        or key(label).startswith(key(title))
                    )
                ):
                    placed = True
                    if tick is not None:
                        out[name] = "true" if tick else "false"
                    break
            if not placed and tick is None and label:
                free.append(label)
        if free:
            for name, _title, shape in shapes:
                if name in ("note", "title", "name", "unit") and shape.kind == "scalar":
                    out[name] = "\n".join(free)
                    break
        if not out:
            return None
        self.entries.append(
            Entry(
                "guessed",
                path,
                "گروه فیلدها در یک ردیف بدون جدول درونی آمده بود؛ گزینه‌ها بر پایهٔ برچسبشان جا داده شدند",
                where,
            )
        )
        return out

    def loose_items(
        self, model: type[BaseModel], paras: list[Para], path: str, where: str
    ) -> list[dict[str, Any]]:
        """Items of a list of mappings written one per line: the first text field takes the line."""
        first = next((name for name, _, shape in fields_of(model) if shape.kind == "scalar"), None)
        if first is None:
            return []
        self.entries.append(Entry("guessed", path, f"هر سطر یک مورد با «{first}» خوانده شد", where))
        return [{first: clean(p.text)} for p in paras]


def detect_kind(doc: Document) -> str:
    """service or licence, by the labels the document carries."""
    keys = set()

    def walk(blocks: list[Para | Table]) -> None:
        for b in blocks:
            if isinstance(b, Para):
                keys.add(key(b.text.split(":")[0]))
            else:
                for row in b.rows:
                    for cell in row:
                        walk(cell.blocks)

    walk(doc.blocks)
    if key("عنوان خدمت") in keys or any(k.startswith(key("عنوان خدمت")) for k in keys):
        return "service"
    if key("عنوان مجوز") in keys or any(k.startswith(key("عنوان مجوز")) for k in keys):
        return "licence"
    raise DocxError(
        codes.DOCX_NOT_A_FORM,
        "انتظار می‌رفت فرم شناسنامهٔ خدمت یا فرم مجوز (برچسب «عنوان خدمت» یا «عنوان مجوز»)، اما سند هیچ‌کدام را ندارد",
    )


def read_form(doc: Document, agency: str, agencies: dict[str, str] | None = None) -> Result:
    """The record a form document carries, and the report of how each field was found."""
    kind = detect_kind(doc)
    model: type[BaseModel] = Service if kind == "service" else Licence
    reader = FormReader(agency, agencies)
    reader.exported = doc.exported
    tables = FormTables(reader)
    rows: list[list[Cell]] = []
    t = 0
    data: dict[str, Any] = {}
    for block in doc.blocks:
        if isinstance(block, Table):
            t += 1
            rows = block.rows
            which = form_table(rows) if kind == "licence" else None
            if which == "form1":
                tables.form1(rows, t, data)
                continue
            if which == "form2":
                tables.form2(rows, t, data)
                continue
            part = reader.read_rows(model, rows, "", t, top=True)
            for k, v in part.items():
                if k not in data:
                    data[k] = v
                elif isinstance(data[k], list) and isinstance(v, list):
                    data[k] += [x for x in v if x not in data[k]]
        elif block.text and key(block.text) not in _TITLES:
            part = reader.read_rows(model, [[Cell([block])]], "", 0, top=True)
            for k, v in part.items():
                data.setdefault(k, v)
    data.setdefault("agency", agency)
    found = {
        e.field.split(".")[0].split("[")[0]
        for e in reader.entries
        if e.status in ("mapped", "guessed")
    }
    for name, title, _ in fields_of(model):
        extra = model.model_fields[name].json_schema_extra
        if (
            isinstance(extra, dict)
            and extra.get("x-form")
            and name not in found
            and name != "agency"
        ):
            reader.entries.append(Entry("not_found", name, f"برچسب «{title}» در سند پیدا نشد"))
    ordered = {name: data[name] for name, _, _ in fields_of(model) if name in data}
    return Result(kind, ordered, reader.entries)


# --- licence forms 1 and 2: one row per action, one row per inquiry ----------------------------

#: Column labels of form 1 → (level, field): level "licence", "action", or "skip".
_FORM1 = {
    key("ردیف"): ("skip", ""),
    key("عنوان مجوز"): ("licence", "title"),
    key("نوع مجوز"): ("action", "type"),
    key("مستندات قانونی (مصوبه، بخشنامه، آیین نامه)"): ("licence", "legal_basis"),
    key("مستندات قانونی"): ("licence", "legal_basis"),
    key("مدارک مورد نیاز"): ("action", "required_documents"),
    key("مدت اعتبار"): ("action", "validity"),
    key("هزینه (ریال)"): ("action", "cost_rials"),
    key("هزینه"): ("action", "cost_rials"),
    key("متقاضی مجوز"): ("licence", "applicants"),
    key("فرآیند صدور مجوز"): ("action", "process"),
    key("مراجع ناظر"): ("licence", "supervisors"),
    key("زمان تقریبی فرآیند مجوز (روز / ساعت)"): ("action", "duration"),
    key("زمان تقریبی فرآیند مجوز"): ("action", "duration"),
    key("فرآیند مجوز"): ("action", "electronic"),
    key("توضیحات"): ("action", "notes"),
}
_FORM2 = {
    key("ردیف"): "",
    key("عنوان دستگاه اعلام شونده"): "agency",
    key("نوع فرآیند"): "process_type",
    key("مدارک مورد نیاز"): "required_documents",
    key("مدت اعتبار"): "validity",
    key("هزینه (ریال)"): "cost_rials",
    key("هزینه"): "cost_rials",
    key("زمان انجام کار (روز/ ساعت)"): "duration",
    key("زمان انجام کار"): "duration",
    key("فرآیند مجوز"): "electronic",
    key("توضیحات"): "description",
}
_SUB = {
    "applicants": {
        key("حقیقی"): "natural_person",
        key("حقوقی"): "legal_person",
        key("دولتی"): "government",
    },
    "process": {key("اختصاصی"): "exclusive", key("مشترک"): "shared"},
    "electronic": {
        key("الکترونیکی"): "true",
        key("غیر الکترونیکی"): "false",
        key("الکترونیکی غیر"): "false",
    },
    "process_type": {key("موارد اعلام با ذکر نام"): "named", key("سایر"): "other"},
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(روز|ساعت)\s*$")
_INT = re.compile(r"^\s*[\d,٬]+\s*$")


def _grid(row: list[Cell]) -> list[Cell]:
    """A row's cells by grid column: a cell spanning n columns fills n places."""
    out: list[Cell] = []
    for cell in row:
        out += [cell] * cell.span
    return out


def _head_key(text: str) -> str:
    return key(re.sub(r"[*]+", "", text))


def _column_map(
    rows: list[list[Cell]], table: dict[str, Any]
) -> tuple[dict[int, Any], dict[int, str], int] | None:
    """Columns of a form table by header label; sub-labels from the second header row."""
    if not rows:
        return None
    head = _grid(rows[0])
    columns: dict[int, Any] = {}
    for i, cell in enumerate(head):
        k = _head_key(cell.text)
        found = table.get(k)
        if found is None:
            found = next(
                (v for kk, v in table.items() if kk and k.startswith(kk) and len(kk) > 3), None
            )
        if found is not None:
            columns[i] = found
    if len({str(v) for v in columns.values()}) < 4:
        return None
    subs: dict[int, str] = {}
    start = 1
    if len(rows) > 1:
        second = _grid(rows[1])
        for i, cell in enumerate(second):
            k = _head_key(cell.text)
            if any(k in m for m in _SUB.values()) and k:
                subs[i] = k
        if subs:
            start = 2
    return columns, subs, start


def _cell_tick(cell: Cell) -> bool | None:
    ticks = [t for p in cell.paras for t in p.tokens if isinstance(t, bool)]
    if any(ticks):
        return True
    text = clean(cell.text)
    if text in ("X", "x", "*", "✓", "✔", "×", "بله"):
        return True
    return False if ticks else None


def _lines(cell: Cell) -> list[str]:
    return [clean(p.text) for p in cell.paras if clean(p.text)]


class FormTables:
    """Licence forms 1 and 2 as the official tables: a row per action, a row per inquiry."""

    def __init__(self, reader: FormReader) -> None:
        self.reader = reader

    def value(self, field_name: str, cell: Cell, path: str, where: str) -> Any:
        lines = _lines(cell)
        if not lines:
            return None
        text = " ".join(lines)
        if field_name in ("required_documents", "supervisors"):
            return lines
        if field_name == "legal_basis":
            return [{"title": line} for line in lines]
        if field_name == "validity":
            if key(text) == key(UNLIMITED):
                return "unlimited"
            m = _VALIDITY.match(_ascii(text))
            if m:
                return {"value": m.group(1), "unit": _UNITS[m.group(2)]}
        elif field_name == "cost_rials":
            if key(text) == key("رایگان"):
                return "0"
            if _INT.match(_ascii(text)):
                return re.sub(r"[,٬\s]", "", _ascii(text))
        elif field_name == "duration":
            m = _DURATION.match(_ascii(text))
            if m:
                return {"value": m.group(1), "unit": "day" if m.group(2) == "روز" else "hour"}
            if _INT.match(_ascii(text)):
                self.reader.entries.append(
                    Entry("guessed", path, f"«{text}» بی‌واحد آمده بود؛ روز فرض شد", where)
                )
                return {"value": _ascii(text).strip(), "unit": "day"}
        elif field_name == "type":
            from ..model.vocab import ActionType

            return match_option(ActionType, text)
        else:
            return "\n".join(lines)
        self.reader.entries.append(Entry("unknown", path, f"«{text}» خوانا نبود", where))
        return None

    def subs(
        self,
        field_name: str,
        row: list[Cell],
        subs: dict[int, str],
        columns: dict[int, Any],
        t: int,
        r: int,
    ) -> Any:
        """The sub-columns of a ticked group (applicants, process, electronic, process_type)."""
        values = []
        for i, sub in subs.items():
            col = columns.get(i)
            name = col[1] if isinstance(col, tuple) else col
            if name != field_name or i >= len(row):
                continue
            if _cell_tick(row[i]):
                v = _SUB[field_name].get(sub)
                if v and v not in values:
                    values.append(v)
        return values

    def form1(self, rows: list[list[Cell]], t: int, data: dict[str, Any]) -> None:
        found = _column_map(rows, _FORM1)
        assert found is not None
        columns, subs, start = found
        actions: list[dict[str, Any]] = data.setdefault("actions", [])
        for r, raw in enumerate(rows[start:], start + 1):
            row = _grid(raw)
            action: dict[str, Any] = {}
            for i, (level, name) in columns.items():
                if level == "skip" or i >= len(row) or (i in subs and name in _SUB):
                    continue
                where = _where((t, r, i + 1), row[i].text)
                target = data if level == "licence" else action
                if (
                    name in _SUB
                ):  # a group without sub-columns: the labels typed or ticked in the cell
                    options, _ = _tokens_options(row[i].paras)
                    picked = [
                        v
                        for tick, label in options
                        if tick is not False
                        for k, v in _SUB[name].items()
                        if key(label) == k
                    ]
                    if picked:
                        target[name] = picked if name == "applicants" else picked[0]
                    continue
                value = self.value(
                    name,
                    row[i],
                    f"actions[{len(actions)}].{name}" if level == "action" else name,
                    where,
                )
                if value is None:
                    continue
                if level == "licence":
                    if name not in data:
                        data[name] = value
                        self.reader.entries.append(Entry("mapped", name, "فرم شماره ۱", where))
                else:
                    action[name] = value
            for name in ("applicants", "process", "electronic"):
                picked = self.subs(name, row, subs, {i: c[1] for i, c in columns.items()}, t, r)
                if not picked:
                    continue
                if name == "applicants":
                    have = data.setdefault("applicants", [])
                    have += [p for p in picked if p not in have]
                elif name == "electronic":
                    action[name] = "true" if "true" in picked else "false"
                else:
                    action[name] = picked[0]
            kind = action.get("type")
            if kind and len(action) > 1:
                actions.append(action)
                self.reader.entries.append(
                    Entry(
                        "mapped",
                        f"actions[{len(actions) - 1}]",
                        f"اقدام «{kind}» از فرم شماره ۱",
                        _where((t, r, 1)),
                    )
                )
        if not actions:
            del data["actions"]

    def form2(self, rows: list[list[Cell]], t: int, data: dict[str, Any]) -> None:
        found = _column_map(rows, _FORM2)
        assert found is not None
        columns, subs, start = found
        inquiries: list[dict[str, Any]] = []
        for r, raw in enumerate(rows[start:], start + 1):
            row = _grid(raw)
            item: dict[str, Any] = {}
            for i, name in columns.items():
                if not name or i >= len(row) or (i in subs and name in _SUB):
                    continue
                value = self.value(
                    name,
                    row[i],
                    f"inquiries[{len(inquiries)}].{name}",
                    _where((t, r, i + 1), row[i].text),
                )
                if value is not None:
                    item[name] = value
            for name in ("process_type", "electronic"):
                picked = self.subs(name, row, subs, columns, t, r)
                if picked:
                    item[name] = (
                        ("true" if "true" in picked else "false")
                        if name == "electronic"
                        else picked[0]
                    )
            if item.get("agency"):
                inquiries.append(item)
        if not inquiries:
            return
        actions = data.setdefault("actions", [])
        shared = [a for a in actions if a.get("process") == "shared"]
        target = shared[0] if shared else (actions[0] if actions else None)
        if target is None:
            target = {"type": "issue", "process": "shared"}
            actions.append(target)
            self.reader.entries.append(
                Entry(
                    "guessed",
                    "actions[0]",
                    "فرم شماره ۲ بدون فرم شماره ۱ آمد؛ اقدام «صدور» با فرایند مشترک فرض شد",
                )
            )
        elif not shared:
            target["process"] = "shared"
            self.reader.entries.append(
                Entry(
                    "guessed",
                    "actions[0].process",
                    "فرم شماره ۲ پر شده بود اما «مشترک» علامت نخورده بود؛ فرایند مشترک فرض شد",
                )
            )
        target.setdefault("inquiries", []).extend(inquiries)
        self.reader.entries.append(
            Entry(
                "mapped",
                "inquiries",
                f"{persian_digits(len(inquiries))} استعلام از فرم شماره ۲",
                _where((t, start + 1, 1)),
            )
        )


def _ascii(text_value: str) -> str:
    from .. import text as _text

    return _text.ascii_digits(text_value)


def form_table(rows: list[list[Cell]]) -> str | None:
    """ "form1" or "form2" when a table is one of the licence forms laid out as columns."""
    if _column_map(rows, _FORM2) is not None and any(
        _head_key(c.text) == key("عنوان دستگاه اعلام شونده") for c in rows[0]
    ):
        return "form2"
    if _column_map(rows, _FORM1) is not None and any(
        _head_key(c.text) == key("عنوان مجوز") for c in rows[0]
    ):
        return "form1"
    return None
