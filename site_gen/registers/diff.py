"""``site-gen diff`` for the registers: field-level changes under the Persian labels, and the
flags a reviewer looks for (a certificate revoked, a call opened, a milestone missed …).

:func:`register_changes` reads ``registers/`` at the two revisions the card diff compares (the
working tree when ``head`` is ``None``), types each changed file with its register model and
gives :class:`site_gen.diff.Change` records that the diff's outputs show beside the cards'.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..load import load_bytes
from ..model.registers import (
    Body,
    Certificate,
    DocumentStatus,
    ProgrammeProject,
    Project,
    ProjectStatus,
    Standing,
    StrategicDocument,
    Technologies,
    certificate_slug,
)
from . import TOP, status
from .dates import today as build_day
from .records import MODELS
from .validate import classify, discover

#: Flag → Persian label (merged into :data:`site_gen.diff.FLAGS`).
FLAGS: dict[str, str] = {
    "certificate_revoked": "گواهی لغو شد",
    "certificate_suspended": "گواهی تعلیق شد",
    "certificate_expired": "گواهی منقضی شد",
    "certificate_reinstated": "گواهی دوباره معتبر شد",
    "qualification_revoked": "صلاحیت نهاد لغو شد",
    "qualification_suspended": "صلاحیت نهاد تعلیق شد",
    "qualification_reinstated": "صلاحیت نهاد دوباره معتبر شد",
    "call_opened": "فراخوان باز شد",
    "call_closed": "فراخوان بسته شد",
    "call_extended": "مهلت فراخوان تمدید شد",
    "call_shortened": "مهلت فراخوان کوتاه شد",
    "milestone_missed": "نقطهٔ عطفی از موعد گذشت",
    "milestone_postponed": "موعد نقطهٔ عطفی عقب رفت",
    "milestone_done": "نقطهٔ عطفی انجام شد",
    "document_in_force": "سند لازم‌الاجرا شد",
    "document_superseded": "سند جایگزین شد",
    "document_repealed": "سند لغو شد",
    "technology_added": "فناوری تازه ثبت شد",
    "technology_removed": "فناوری‌ای حذف شد",
}

#: Change kind → Persian label (merged into :data:`site_gen.diff.KIND_LABEL`).
KIND_LABEL: dict[str, str] = {
    "technologies": "فناوری‌ها",
    "project": "طرح مشارکت",
    "body": "نهاد",
    "certificate": "گواهی مشارکت",
    "programme": "برنامهٔ گذار",
    "document": "سند",
}
_KIND = {"technologies": "technologies", "projects": "project", "bodies": "body", "certificates": "certificate", "programme": "programme", "documents": "document"}


def _standing_flags(flags: set[str], o: Body | Certificate | None, n: Body | Certificate | None, prefix: str) -> None:
    if o is None or n is None or o.status == n.status:
        if o is not None and n is not None and o.valid_until and n.valid_until and o.valid_until != n.valid_until:
            flags.add("validity_extended" if n.valid_until > o.valid_until else "validity_shortened")
        return
    if n.status is Standing.REVOKED:
        flags.add(f"{prefix}_revoked")
    elif n.status is Standing.SUSPENDED:
        flags.add(f"{prefix}_suspended")
    elif n.status is Standing.EXPIRED and prefix == "certificate":
        flags.add("certificate_expired")
    elif n.status is Standing.VALID and o.status in (Standing.REVOKED, Standing.SUSPENDED, Standing.EXPIRED):
        flags.add(f"{prefix}_reinstated")
    if o.valid_until and n.valid_until and o.valid_until != n.valid_until:
        flags.add("validity_extended" if n.valid_until > o.valid_until else "validity_shortened")


def _cost(p: Project | None) -> float | None:
    cost = p.estimated_cost_rials if p is not None else None
    if cost is None:
        return None
    if isinstance(cost, int):
        return float(cost)
    known = [v for v in (cost.min, cost.max) if v is not None]
    return sum(known) / len(known) if known else None


def register_flags(old: BaseModel | None, new: BaseModel | None, today: str) -> list[str]:
    """The reviewer's flags of a change from ``old`` to ``new`` (either may be absent)."""
    from ..diff import FLAGS as ALL

    flags: set[str] = set()
    o, n = old, new
    if isinstance(n, Certificate) or isinstance(o, Certificate):
        _standing_flags(flags, o, n, "certificate")  # type: ignore[arg-type]
    elif isinstance(n, Body) or isinstance(o, Body):
        _standing_flags(flags, o, n, "qualification")  # type: ignore[arg-type]
    elif isinstance(n, Project) or isinstance(o, Project):
        was = isinstance(o, Project) and status.call_open(o, today)
        now = isinstance(n, Project) and status.call_open(n, today)
        if now and not was:
            flags.add("call_opened")
        if was and not now:
            flags.add("call_closed")
        if isinstance(o, Project) and isinstance(n, Project):
            if o.call_closes and n.call_closes and o.call_closes != n.call_closes and n.status is ProjectStatus.OPEN:
                flags.add("call_extended" if n.call_closes > o.call_closes else "call_shortened")
            old_cost, new_cost = _cost(o), _cost(n)
            if old_cost is not None and new_cost is not None and old_cost != new_cost:
                flags.add("cost_increased" if new_cost > old_cost else "cost_decreased")
    elif isinstance(n, ProgrammeProject) or isinstance(o, ProgrammeProject):
        before = {m.title: m for m in (o.milestones or [])} if isinstance(o, ProgrammeProject) else {}
        after = {m.title: m for m in (n.milestones or [])} if isinstance(n, ProgrammeProject) else {}
        late_before = {m.title for _, m in status.overdue(o, today)} if isinstance(o, ProgrammeProject) else set()
        late_after = {m.title for _, m in status.overdue(n, today)} if isinstance(n, ProgrammeProject) else set()
        if late_after - late_before:
            flags.add("milestone_missed")
        for title, m in after.items():
            was_m = before.get(title)
            if was_m is None:
                continue
            if m.due > was_m.due:
                flags.add("milestone_postponed")
            if m.done and not was_m.done:
                flags.add("milestone_done")
    elif isinstance(n, StrategicDocument) and isinstance(o, StrategicDocument) and n.status != o.status:
        flag = {DocumentStatus.IN_FORCE: "document_in_force", DocumentStatus.SUPERSEDED: "document_superseded",
                DocumentStatus.REPEALED: "document_repealed"}.get(n.status) if n.status is not None else None
        if flag:
            flags.add(flag)
    elif isinstance(n, Technologies) or isinstance(o, Technologies):
        def names(t: Any) -> set[tuple[Any, str, str]]:
            return {(i.kind, i.name, i.version or "") for i in t.items or []} if isinstance(t, Technologies) else set()

        if names(n) - names(o):
            flags.add("technology_added")
        if names(o) - names(n):
            flags.add("technology_removed")
    return [f for f in ALL if f in flags]


def _files_at(root: Path, commit: str | None) -> dict[str, bytes]:
    """The bytes of every register file at ``commit`` (``None``: on disk)."""
    from ..git import git, read_blobs

    if commit is None:
        files, _ = discover(root)
        out = {}
        for rel in files:
            path = root / rel
            if classify(rel)[0] is not None and rel.endswith(".yaml") and not path.is_symlink() and path.is_file():
                out[rel] = path.read_bytes()
        return out
    listing = git(root, "ls-tree", "-r", "-z", "--end-of-options", commit, "--", TOP)
    entries: dict[str, str] = {}
    for item in listing.split(b"\0"):
        meta, _, name = item.partition(b"\t")
        if item and meta.split(b" ")[0].decode() in ("100644", "100755"):
            rel = os.fsdecode(name)
            if classify(rel)[0] is not None and rel.endswith(".yaml"):
                entries[rel] = meta.split(b" ")[2].decode()
    blobs = read_blobs(root, entries.values())
    return {rel: blobs[oid] for rel, oid in entries.items()}


def _parse(rel: str, raw: bytes | None) -> BaseModel | None:
    if raw is None:
        return None
    type_, _ = classify(rel)
    loaded = load_bytes(raw, rel)
    if loaded.data is None or type_ is None:
        return None
    try:
        return MODELS[type_].model_validate(loaded.data)
    except ValueError:
        return None


def address(rel: str) -> str | None:
    """The page a register file shows on (its own page, or its register's list)."""
    type_, key = classify(rel)
    if type_ == "projects":
        return f"projects/{key[0]}/{key[1]}/"
    if type_ == "certificates":
        return f"certificates/{key}/"
    if type_ == "bodies":
        return f"bodies/{key}/"
    if type_ == "technologies":
        return f"technologies/{key}/"
    return f"{type_}/" if type_ else None


def register_changes(root: Path, base: str, head: str | None, today: str | None = None) -> list[Any]:
    """The changes of ``registers/`` from commit ``base`` to ``head`` (``None``: the working tree)."""
    from ..diff import Change, _plain, field_changes

    old_files, new_files = _files_at(root, base), _files_at(root, head)
    day = today or build_day()
    out = []
    for rel in sorted(set(old_files) | set(new_files)):
        o_raw, n_raw = old_files.get(rel), new_files.get(rel)
        if o_raw == n_raw:
            continue
        type_, _ = classify(rel)
        assert type_ is not None
        model = MODELS[type_]
        o, n = _parse(rel, o_raw), _parse(rel, n_raw)
        if o_raw is None:
            state = "added"
        elif n_raw is None:
            state = "removed"
        else:
            state = "modified"
        if state == "modified" and o is not None and n is not None and _plain(o) == _plain(n):
            continue  # formatting only
        fields = field_changes(model, _plain(o) if o is not None else {}, _plain(n) if n is not None else {}) if state == "modified" else []
        flags = register_flags(o, n, day) if state != "removed" or o is not None else []
        title = str(getattr(n or o, "title", None) or getattr(n or o, "name", None) or getattr(n or o, "number", None) or getattr(n or o, "agency", "") or "")
        if isinstance(n or o, Certificate):
            title = f"گواهی {(n or o).number}"  # type: ignore[union-attr]
        change = Change(rel, _KIND[type_], state, None, fields, flags, title)
        change.address = address(rel) if state != "removed" else None
        out.append(change)
    return out


__all__ = ["FLAGS", "KIND_LABEL", "certificate_slug", "register_changes", "register_flags"]
