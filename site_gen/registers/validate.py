"""``registers/`` → typed records and diagnostics, through the cards' loader and report.

Each file is read by :func:`site_gen.load.load_bytes` (every text rule of FORMAT.md, with the
same codes and positions), typed by its model (the same Persian messages,
:func:`site_gen.model.errors.translate`), then checked alone (the model's ``problems()``, the
path rules, the date rules against the day of the build). What the checks across files need
is kept as :class:`RegRef`; :mod:`.checks` resolves them once every file is read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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
from . import TOP, TYPES, status
from .dates import today as build_day

MODELS: dict[str, type[Strict]] = {
    "technologies": Technologies,
    "projects": Project,
    "bodies": Body,
    "certificates": Certificate,
    "programme": ProgrammeProject,
    "documents": StrategicDocument,
}

#: The Persian name of each register type (messages, pages).
NAMES: dict[str, str] = {
    "technologies": "فناوری‌ها و استانداردها",
    "projects": "طرح‌های قابل مشارکت",
    "bodies": "نهادهای احراز صلاحیت‌شده",
    "certificates": "گواهی‌های مشارکت",
    "programme": "برنامهٔ گذار",
    "documents": "اسناد",
}


class RegRef(NamedTuple):
    """A reference from a register record: what it must resolve to and where it is written."""

    target: str  # agency, service, project, body, certificate, document
    value: str
    agency: str  # the agency a bare service slug belongs to
    key: str
    line: int
    column: int
    text_ok: bool = False


@dataclass
class RegResult:
    rel: str
    type: str | None
    key: Any
    diagnostics: list[Diagnostic]
    record: Any = None
    refs: list[RegRef] = field(default_factory=list)


@dataclass
class Registers:
    """The valid register records of a catalogue, keyed like their files."""

    today: str = ""
    technologies: dict[str, Technologies] = field(default_factory=dict)
    projects: dict[tuple[str, str], Project] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)
    programme: dict[str, ProgrammeProject] = field(default_factory=dict)
    documents: dict[str, StrategicDocument] = field(default_factory=dict)
    #: ``(type, key)`` → the file, relative to the root.
    paths: dict[tuple[str, Any], str] = field(default_factory=dict)
    #: Whether the catalogue has a ``registers/`` folder at all.
    present: bool = False

    def table(self, type_: str) -> dict[Any, Any]:
        return getattr(self, type_)

    def count(self) -> int:
        return sum(len(self.table(t)) for t in TYPES)


def classify(rel: str) -> tuple[str | None, Any]:
    """Register type and key (agency, slug or (agency, slug)) of a path under ``registers/``;
    ``(None, None)`` when the path is no register file's place."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != TOP or parts[1] not in TYPES or len(parts) != TYPES[parts[1]]:
        return None, None
    stem = parts[-1][:-5] if parts[-1].endswith(".yaml") else parts[-1]
    if parts[1] == "projects":
        return parts[1], (parts[2], stem)
    return parts[1], stem


def discover(root: Path) -> tuple[list[str], list[RegResult]]:
    """Every candidate file under ``registers/`` (sorted) and results for entries that cannot be
    register files (symlinks are candidates: :func:`validate_file` says what they are)."""
    from ..catalogue import is_ignored

    files: list[str] = []
    problems: list[RegResult] = []
    base = os.path.join(root, TOP)
    if not os.path.isdir(base):
        if os.path.lexists(base):
            problems.append(RegResult(TOP, None, None, [diag(TOP, 1, 1, codes.NOT_A_FOLDER, f"انتظار می‌رفت پوشهٔ {TOP}/، اما چیزی جز پوشه آمده است")]))
        return files, problems

    def walk(path: str, rel: str) -> None:
        with os.scandir(path) as it:
            for entry in it:
                if is_ignored(entry.name):
                    continue
                child = f"{rel}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, child)
                elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    files.append(child)
                else:
                    problems.append(RegResult(child, None, None, [diag(child, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پروندهٔ معمولی")]))

    walk(base, TOP)
    files.sort()
    return files, problems


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


def validate_registers(root: Path | str, *, today: str | None = None, jobs: int | None = None) -> tuple[Registers, list[Diagnostic], int]:
    """Read and check ``ROOT/registers``: the records, every diagnostic (alone and across files)
    and the number of files. A catalogue without ``registers/`` gives none of them."""
    from .checks import check_across

    root = Path(root)
    day = today or build_day()
    regs = Registers(today=day, present=os.path.isdir(root / TOP))
    files, problems = discover(root)
    results = problems + _validate_all(str(root), files, day, jobs)
    for r in results:
        if r.record is not None and r.type is not None:
            regs.table(r.type)[r.key] = r.record
            regs.paths[(r.type, r.key)] = r.rel
    out = [d for r in results for d in r.diagnostics]
    out += check_across(root, results, set(files))
    return regs, out, len(results)


_ROOT = ""
_DAY = ""


def _init(root: str, day: str) -> None:
    global _ROOT, _DAY
    _ROOT, _DAY = root, day


def _chunk(rels: list[str]) -> list[RegResult]:
    return [validate_file(_ROOT, rel, _DAY) for rel in rels]


#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 256


def _validate_all(root: str, files: list[str], day: str, jobs: int | None) -> list[RegResult]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        return [validate_file(root, rel, day) for rel in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, min(256, len(files) // (jobs * 8) or 1))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    out: list[RegResult] = []
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init, initargs=(root, day)) as pool:
        for part in pool.map(_chunk, chunks):
            out += part
    return out
