"""One register file → its typed record, diagnostics and references (the models are loaded
here only: a run whose results all come from the cache never imports pydantic)."""

from __future__ import annotations

import os
from typing import Any

from pydantic import ValidationError
from yaml.nodes import MappingNode

from .. import codes
from ..load import dotted, load_bytes, node_at, position
from ..model.common import Strict
from ..model.registers import (
    Body,
    Certificate,
    Holder,
    ProgrammeProject,
    Project,
    StrategicDocument,
    Technologies,
    certificate_slug,
)
from ..patterns import SLUG_RE
from ..report import Diagnostic, diag
from . import status
from .validate import RegRef, RegResult, classify

MODELS: dict[str, type[Strict]] = {
    "technologies": Technologies,
    "projects": Project,
    "bodies": Body,
    "certificates": Certificate,
    "programme": ProgrammeProject,
    "documents": StrategicDocument,
}

_WHERE = "registers/technologies/<دستگاه>.yaml، registers/projects/<دستگاه>/<طرح>.yaml یا registers/{bodies,certificates,programme,documents}/<شناسه>.yaml"


def validate_file(root: str, rel: str, today: str, raw: bytes | None = None) -> RegResult:
    """Validate ``ROOT/rel`` alone (the date rules against ``today``, a Jalali date)."""
    type_, key = classify(rel)
    out: list[Diagnostic] = []
    path = os.path.join(root, rel)
    if os.path.islink(path):
        return RegResult(rel, type_, key, [diag(rel, 1, 1, codes.SYMLINK, "پیوند نمادین (symlink) پذیرفته نیست؛ خود پرونده را بگذارید")])
    if type_ is None:
        return RegResult(rel, None, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, f"انتظار می‌رفت پرونده در {_WHERE} باشد")])
    name = rel.rsplit("/", 1)[1]
    if not name.endswith(".yaml"):
        return RegResult(rel, type_, key, [diag(rel, 1, 1, codes.BAD_FILE_NAME, f"انتظار می‌رفت پسوند .yaml، اما {name!r} آمده است")])
    for part in (key if isinstance(key, tuple) else (key,)):
        if not SLUG_RE.match(part):
            out.append(diag(rel, 1, 1, codes.BAD_FILE_NAME, f"انتظار می‌رفت نام پرونده و پوشه از حروف کوچک لاتین، رقم و «-» باشد، اما {part!r} آمده است"))
    if raw is None:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            out.append(diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}"))
            return RegResult(rel, type_, key, out)
    loaded = load_bytes(raw, rel)
    out += loaded.diagnostics
    if loaded.data is None or loaded.node is None:
        return RegResult(rel, type_, key, out)
    from ..record import _model_errors, _unfilled

    model = MODELS[type_]
    node = loaded.node
    out += _unfilled(model, loaded.data, node, rel)
    try:
        record: Any = model.model_validate(loaded.data)
    except ValidationError as exc:
        out += _model_errors(model, exc, node, rel)
        return RegResult(rel, type_, key, out)
    for loc, code, message in record.problems() if hasattr(record, "problems") else ():
        out.append(_at(rel, node, loc, code, message))
    out += _path_rules(type_, key, record, node, rel)
    if not any(d.is_error for d in out):  # an invalid date range has its own error
        out += _date_rules(record, node, rel, today)
    result = RegResult(rel, type_, key, out, None if any(d.is_error for d in out) else record)
    if result.record is not None:
        result.refs = _refs(type_, key, record, node)
    return result


def _at(rel: str, node: MappingNode, loc: tuple[Any, ...], code: str, message: str) -> Diagnostic:
    line, col = position(node_at(node, loc)[0])
    return diag(rel, line, col, code, message, dotted(loc))


def _path_rules(type_: str, key: Any, record: Any, node: MappingNode, rel: str) -> list[Diagnostic]:
    out = []
    if isinstance(record, Technologies) and record.agency != key:
        out.append(_at(rel, node, ("agency",), codes.AGENCY_MISMATCH, f"انتظار می‌رفت agency برابر نام پرونده {key!r} باشد، اما {record.agency!r} آمده است"))
    elif isinstance(record, Project) and record.agency != key[0]:
        out.append(_at(rel, node, ("agency",), codes.AGENCY_MISMATCH, f"انتظار می‌رفت agency برابر نام پوشه {key[0]!r} باشد (registers/projects/{key[0]}/)، اما {record.agency!r} آمده است"))
    elif isinstance(record, Body) and record.slug != key:
        out.append(_at(rel, node, ("slug",), codes.SLUG_MISMATCH, f"انتظار می‌رفت slug برابر نام پرونده {key!r} باشد، اما {record.slug!r} آمده است"))
    elif isinstance(record, Certificate) and certificate_slug(record.number) != key:
        out.append(_at(rel, node, ("number",), codes.SLUG_MISMATCH, f"انتظار می‌رفت نام پرونده شکل slug شماره ({certificate_slug(record.number)!r}) باشد، اما {key!r} آمده است"))
    return out


def _date_rules(record: Any, node: MappingNode, rel: str, today: str) -> list[Diagnostic]:
    """Warnings where the day of the build contradicts the status (the site shows the truth)."""
    out = []
    if isinstance(record, (Body, Certificate)) and status.standing(record, today) is not record.status:
        out.append(_at(rel, node, ("valid_until",), codes.VALIDITY_EXPIRED, f"اعتبار در {record.valid_until} گذشته است ولی وضعیت valid (معتبر) است؛ وبگاه آن را «منقضی» نشان می‌دهد. وضعیت را expired کنید یا اعتبار را تمدید کنید"))
    elif isinstance(record, Project) and status.call_closed(record, today):
        out.append(_at(rel, node, ("call_closes",), codes.CALL_CLOSED, f"فراخوان در {record.call_closes} بسته شده است ولی وضعیت open (فراخوان باز) است؛ وبگاه آن را «فراخوان بسته‌شده» نشان می‌دهد"))
    elif isinstance(record, ProgrammeProject):
        for i, m in status.overdue(record, today):
            out.append(_at(rel, node, ("milestones", i, "due"), codes.MILESTONE_OVERDUE, f"موعد نقطهٔ عطف «{m.title}» ({m.due}) گذشته و انجام نشده است؛ وبگاه پروژه را «با تأخیر» نشان می‌دهد"))
    return out


def _refs(type_: str, key: Any, record: Any, node: MappingNode) -> list[RegRef]:
    refs: list[RegRef] = []

    def add(target: str, value: str | None, loc: tuple[Any, ...], agency: str = "", text_ok: bool = False) -> None:
        if value is not None:
            line, col = position(node_at(node, loc)[0])
            refs.append(RegRef(target, value, agency, dotted(loc), line, col, text_ok))

    if isinstance(record, Technologies):
        add("agency", record.agency, ("agency",))
        for i, item in enumerate(record.items or []):
            for j, ref in enumerate(item.used_by or []):
                add("service", ref, ("items", i, "used_by", j), record.agency)
    elif isinstance(record, Project):
        add("agency", record.agency, ("agency",))
        for i, ref in enumerate(record.services or []):
            add("service", ref, ("services", i), record.agency)
        for i, number in enumerate(record.certificates or []):
            add("certificate", number, ("certificates", i))
        if record.id is not None:
            add("project-id", record.id, ("id",))
    elif isinstance(record, Certificate):
        add("project", record.project, ("project",))
        if record.holder is not None and not isinstance(record.holder, Holder):
            add("body", record.holder, ("holder",))
    elif isinstance(record, ProgrammeProject):
        add("agency", record.owner, ("owner",))
        for i, ref in enumerate(record.services or []):
            add("service", ref, ("services", i), record.owner or "")
    elif isinstance(record, StrategicDocument):
        add("agency", record.approved_by, ("approved_by",), text_ok=True)
        for i, slug in enumerate(record.supersedes or []):
            add("document", slug, ("supersedes", i))
    return refs


