"""One file → one typed record, its diagnostics and the summary the cross-file checks need.

This is phase 1 and 2 of validation (text layer, then the record alone); it depends only on the
file's path and bytes, so its outcome can be cached by content hash.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode

from . import codes, text
from .load import Loaded, dotted, key_node, load_bytes, node_at, position
from .model import Agency, Licence, Service
from .model.common import Strict, is_form_field
from .model.errors import field_label, translate
from .model.licence import Action, Inquiry
from .model.service import SubServiceItem
from .model.vocab import RecordKind
from .patterns import ID_RE, PLACEHOLDER_MARK, SLUG_RE
from .report import Diagnostic, diag
from .summary import PARTIAL, FileResult, Ref, Summary, classify, is_reference

MODELS: dict[RecordKind, type[Strict]] = {
    RecordKind.AGENCY: Agency,
    RecordKind.SERVICE: Service,
    RecordKind.LICENCE: Licence,
}


def validate_file(root: str, rel: str, raw: bytes | None = None, *, keep_record: bool = False) -> FileResult:
    """Validate ``ROOT/rel`` alone. ``raw`` may carry bytes already read; ``keep_record`` keeps
    the typed record in the result."""
    kind, agency, slug = classify(rel)
    out: list[Diagnostic] = []
    path = os.path.join(root, rel)
    if os.path.islink(path):
        out.append(diag(rel, 1, 1, codes.SYMLINK, "پیوند نمادین (symlink) پذیرفته نیست؛ خود پرونده را بگذارید"))
        return FileResult(rel, kind, out)
    if kind is None:
        out.append(diag(rel, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پرونده در cards/<دستگاه>/ یا licenses/<دستگاه>/ باشد"))
        return FileResult(rel, None, out)
    if not rel.endswith(".yaml"):
        out.append(diag(rel, 1, 1, codes.BAD_FILE_NAME, f"انتظار می‌رفت پسوند .yaml، اما {PurePosixPath(rel).name!r} آمده است"))
        return FileResult(rel, kind, out)
    if not SLUG_RE.match(agency):
        out.append(diag(rel, 1, 1, codes.BAD_FILE_NAME, f"انتظار می‌رفت نام پوشه شناسهٔ دستگاه از حروف کوچک لاتین، رقم و «-» باشد، اما {agency!r} آمده است"))
    if kind is not RecordKind.AGENCY and not SLUG_RE.match(slug):
        out.append(diag(rel, 1, 1, codes.BAD_FILE_NAME, f"انتظار می‌رفت نام پرونده از حروف کوچک لاتین، رقم و «-» باشد (مانند birth-certificate.yaml)، اما {slug!r} آمده است"))
    if raw is None:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:  # gone or unreadable since the scan
            out.append(diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}"))
            return FileResult(rel, kind, out)
    loaded = load_bytes(raw, rel)
    out += loaded.diagnostics
    if loaded.data is None or loaded.node is None:
        return FileResult(rel, kind, out)
    model = MODELS[kind]
    out += _unfilled(model, loaded.data, loaded.node, rel)
    try:
        record = model.model_validate(loaded.data)
    except ValidationError as exc:
        out += _model_errors(model, exc, loaded.node, rel)
        return FileResult(rel, kind, out, _partial(kind, agency, slug, loaded))
    node = loaded.node
    for loc, code, message in record.problems() if hasattr(record, "problems") else ():
        target, _ = node_at(node, loc)
        line, col = position(target)
        out.append(diag(rel, line, col, code, message, dotted(loc)))
    out += _path_rules(kind, agency, slug, record, node, rel)
    summary = _summarise(kind, agency, slug, record, loaded)
    if any(d.is_error for d in out):
        # the form fields not stated are known too: --complete reports them on this same run
        partial = _partial(kind, agency, slug, loaded)
        if partial is not None:
            partial = partial._replace(not_stated=summary.not_stated)
        return FileResult(rel, kind, out, partial)
    return FileResult(rel, kind, out, summary, record if keep_record else None)


_LABELS: frozenset[str] | None = None


def _labels() -> frozenset[str]:
    """Every Persian field label of every model (a value is compared with its own field's label
    only when it is one of these)."""
    global _LABELS
    if _LABELS is None:
        from .model.errors import _models_in

        found: set[str] = set()
        todo: list[type[BaseModel]] = list(MODELS.values())
        seen: set[type[BaseModel]] = set()
        while todo:
            m = todo.pop()
            if m in seen:
                continue
            seen.add(m)
            for f in m.model_fields.values():
                if f.title:
                    found.add(f.title)
                todo += _models_in(f.annotation)
        _LABELS = frozenset(found)
    return _LABELS


def _unfilled(model: type[Strict], data: Any, node: MappingNode, rel: str) -> list[Diagnostic]:
    """Placeholders written by ``site-gen new`` and values equal to their field's label: text
    that passes every type check and yet says nothing."""
    out: list[Diagnostic] = []
    labels = _labels()

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            if PLACEHOLDER_MARK in value:
                line, col = _at(node, loc)
                out.append(diag(rel, line, col, codes.PLACEHOLDER, f"«{value}» متن نمونهٔ site-gen new است، نه مقدار؛ {_fill(model, loc)}", dotted(loc)))
            elif value.strip() in labels and loc and value.strip() == field_label(model, loc):
                line, col = _at(node, loc)
                out.append(diag(rel, line, col, codes.LABEL_AS_VALUE, f"«{value}» برچسب همین فیلد است، نه مقدار آن؛ {_fill(model, loc)}", dotted(loc)))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*loc, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*loc, i))

    walk(data, ())
    return out


def _fill(model: type[Strict], loc: tuple[Any, ...]) -> str:
    from .model.errors import model_at

    holder = model_at(model, loc[:-1]) if isinstance(loc[-1], str) else None
    field = holder.model_fields.get(loc[-1]) if holder is not None else None
    if field is not None and field.is_required():
        return "مقدار را بنویسید"
    return "مقدار را بنویسید یا برای «اعلام نشده» null بگذارید"


def _model_errors(model: type[Strict], exc: ValidationError, node: MappingNode, rel: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        code, message, at_key = translate(model, error)
        target = key_node(node, loc) if at_key else None
        if target is None:
            target, _ = node_at(node, loc)
        line, col = position(target)
        if any((d.line, d.column, d.code, d.message) == (line, col, code, message) for d in out):
            continue  # one message per place (both ends of an empty edge)
        out.append(diag(rel, line, col, code, message, dotted(loc)))
    return out


def _at(node: MappingNode, loc: tuple[Any, ...]) -> tuple[int, int]:
    return position(node_at(node, loc)[0])


def _path_rules(kind: RecordKind, agency: str, slug: str, record: Any, node: MappingNode, rel: str) -> list[Diagnostic]:
    out = []
    if isinstance(record, Agency):
        if record.slug != agency:
            line, col = _at(node, ("slug",))
            out.append(diag(rel, line, col, codes.SLUG_MISMATCH, f"انتظار می‌رفت slug برابر نام پوشه {agency!r} باشد، اما {record.slug!r} آمده است", "slug"))
        if record.parent is not None and record.parent in (record.slug, record.name):
            line, col = _at(node, ("parent",))
            out.append(diag(rel, line, col, codes.PARENT_IS_SELF, f"دستگاه مادر نمی‌تواند خود دستگاه ({record.parent!r}) باشد", "parent"))
    elif record.agency != agency:
        line, col = _at(node, ("agency",))
        folder = "cards" if kind is RecordKind.SERVICE else "licenses"
        out.append(diag(rel, line, col, codes.AGENCY_MISMATCH, f"انتظار می‌رفت agency برابر نام پوشه {agency!r} باشد ({folder}/{agency}/)، اما {record.agency!r} آمده است", "agency"))
    return out


# --- summary --------------------------------------------------------------------------------


class _Builder:
    """Collects a summary while walking a valid record."""

    def __init__(self, node: MappingNode) -> None:
        self.node = node
        self.ids: list[tuple[str, str, int, int]] = []
        self.refs: list[Ref] = []
        self.stated = 0
        self.total = 0
        self.not_stated: list[tuple[str, str, int, int]] = []

    def ref(self, target: RecordKind, value: str | None, loc: tuple[Any, ...], text_ok: bool) -> None:
        if value is not None:
            line, col = _at(self.node, loc)
            self.refs.append(Ref(target, value, dotted(loc), line, col, text_ok))

    def ident(self, value: str | None, loc: tuple[Any, ...]) -> None:
        if value is not None:
            line, col = _at(self.node, loc)
            self.ids.append((value, dotted(loc), line, col))

    def form(self, record: BaseModel, loc: tuple[Any, ...], skip: frozenset[str] = frozenset()) -> None:
        """Count the form fields ``record`` states; remember where the missing ones would go."""
        model = type(record)
        for name in model.model_fields:
            if not is_form_field(model, name) or name in skip:
                continue
            self.total += 1
            stated = getattr(record, name) is not None
            if name == "cost_rials" and isinstance(record, (Action, Inquiry)) and getattr(record, "fees", None):
                stated = True
            if stated:
                self.stated += 1
            else:
                line, col = position(node_at(self.node, loc + (name,))[0])
                self.not_stated.append((dotted(loc + (name,)), model.model_fields[name].title or name, line, col))

    def summary(self, kind: RecordKind, agency: str, slug: str, name: str) -> Summary:
        return Summary(kind, agency, slug, name, tuple(self.ids), tuple(self.refs), self.stated, self.total, tuple(self.not_stated))


def _summarise(kind: RecordKind, agency: str, slug: str, record: Any, loaded: Loaded) -> Summary:
    assert loaded.node is not None
    b = _Builder(loaded.node)
    if isinstance(record, Agency):
        b.ref(RecordKind.AGENCY, record.parent, ("parent",), True)
        b.form(record, ())
        return b.summary(kind, agency, slug, record.name)
    b.ident(record.id, ("id",))
    if isinstance(record, Service):
        b.ref(RecordKind.SERVICE, record.instance_of, ("instance_of",), False)
        for i, group in enumerate(record.sub_services or []):
            items: list[Any] = group.items or []
            for j, item in enumerate(items):
                if isinstance(item, SubServiceItem):
                    b.ident(item.id, ("sub_services", i, "items", j, "id"))
                    b.ref(RecordKind.SERVICE, item.card, ("sub_services", i, "items", j, "card"), False)
        for i, lic in enumerate(record.licenses or []):
            b.ref(RecordKind.LICENCE, lic, ("licenses", i), False)
        for i, rel_agency in enumerate(record.related_agencies or []):
            b.ref(RecordKind.AGENCY, rel_agency.agency, ("related_agencies", i, "agency"), True)
        electronic = record.access is not None and any(st.electronic for _, st in record.access.stages())
        b.form(record, (), frozenset() if electronic else frozenset({"website", "system_name"}))
    else:
        assert isinstance(record, Licence)
        b.ref(RecordKind.SERVICE, record.service, ("service",), False)
        for i, sup in enumerate(record.supervisors or []):
            b.ref(RecordKind.AGENCY, sup, ("supervisors", i), True)
        for i, pre in enumerate(record.prerequisites or []):
            b.ref(RecordKind.LICENCE, pre, ("prerequisites", i), True)
        b.form(record, ())
        for i, action in enumerate(record.actions or []):
            b.form(action, ("actions", i))
            for j, inquiry in enumerate(action.inquiries or []):
                b.ref(RecordKind.AGENCY, inquiry.agency, ("actions", i, "inquiries", j, "agency"), True)
                b.form(inquiry, ("actions", i, "inquiries", j))
    return b.summary(kind, agency, slug, record.title)


def _partial(kind: RecordKind, agency: str, slug: str, loaded: Loaded) -> Summary | None:
    """The ids and references of a record that has errors, read from its data where they are
    well-formed (a malformed one has its own error already), so that the checks across files
    report a duplicate id or a broken reference on the first run."""
    data, node = loaded.data, loaded.node
    if not SLUG_RE.match(agency) or data is None or node is None:
        return None
    b = _Builder(node)
    if kind is RecordKind.AGENCY:  # its parent (cycles) and name (hints) count across files
        name, parent = data.get("name"), data.get("parent")
        if data.get("slug") != agency or not isinstance(name, str):
            return None
        if isinstance(parent, str) and parent.strip() and parent not in (agency, name) and not text.forbidden_chars(parent):
            b.ref(RecordKind.AGENCY, parent, ("parent",), True)
        return Summary(kind, agency, slug, name, (), tuple(b.refs), 0, PARTIAL, ())

    def ident(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, str) and ID_RE.match(value):
            b.ident(value, loc)

    def ref(target: RecordKind, value: Any, loc: tuple[Any, ...], text_ok: bool) -> None:
        if isinstance(value, str) and (is_reference(value) if not text_ok else value.strip()) and not text.forbidden_chars(value):
            b.ref(target, value, loc, text_ok)

    def items(value: Any) -> list[tuple[int, Any]]:
        return list(enumerate(value)) if isinstance(value, list) else []

    def get(value: Any, key: str) -> Any:
        return value.get(key) if isinstance(value, dict) else None

    ident(data.get("id"), ("id",))
    if kind is RecordKind.SERVICE:
        ref(RecordKind.SERVICE, data.get("instance_of"), ("instance_of",), False)
        for i, group in items(data.get("sub_services")):
            for j, item in items(get(group, "items")):
                ident(get(item, "id"), ("sub_services", i, "items", j, "id"))
                ref(RecordKind.SERVICE, get(item, "card"), ("sub_services", i, "items", j, "card"), False)
        for i, lic in items(data.get("licenses")):
            ref(RecordKind.LICENCE, lic, ("licenses", i), False)
        for i, related in items(data.get("related_agencies")):
            ref(RecordKind.AGENCY, get(related, "agency"), ("related_agencies", i, "agency"), True)
    else:
        ref(RecordKind.SERVICE, data.get("service"), ("service",), False)
        for i, sup in items(data.get("supervisors")):
            ref(RecordKind.AGENCY, sup, ("supervisors", i), True)
        for i, pre in items(data.get("prerequisites")):
            ref(RecordKind.LICENCE, pre, ("prerequisites", i), True)
        for i, action in items(data.get("actions")):
            for j, inquiry in items(get(action, "inquiries")):
                ref(RecordKind.AGENCY, get(inquiry, "agency"), ("actions", i, "inquiries", j, "agency"), True)
    title = data.get("title")
    return Summary(kind, agency, slug, title if isinstance(title, str) else slug, tuple(b.ids), tuple(b.refs), 0, PARTIAL, ())
