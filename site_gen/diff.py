"""What a change means for citizens: field-level differences between two catalogue revisions.

``semantic_diff(root, base, head)`` reads every record at two git revisions (``head=None`` is
the working tree), pairs them (by path, then renames by id or content), compares the typed,
normalised records (so comments, key order, quoting and ي/ك never show as changes) and flags
the changes that matter to a citizen: costs, durations, visits, channels, documents, validity,
inquiries and whether the service is fully electronic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from pydantic import BaseModel

from .catalogue import TOP_FOLDERS, is_ignored, missing_roots
from .git import (
    DiffError,
    Entry,
    object_format,
    read_blobs,
    resolve,
    similar_pairs,
    tree_entries,
    worktree_entries,
)
from .load import load_bytes
from .model import Agency, Licence, Service
from .model.vocab import RecordKind, Vocab
from .record import MODELS
from .summary import classify

FLAGS: dict[str, str] = {
    "cost_increased": "افزایش هزینه",
    "cost_decreased": "کاهش هزینه",
    "duration_increased": "افزایش مدت",
    "duration_decreased": "کاهش مدت",
    "visits_increased": "افزایش مراجعه‌ی حضوری",
    "visits_decreased": "کاهش مراجعه‌ی حضوری",
    "stage_lost_electronic": "مرحله‌ای غیرالکترونیکی شد",
    "stage_became_electronic": "مرحله‌ای الکترونیکی شد",
    "channel_removed": "حذف مجرای دسترسی",
    "channel_added": "افزودن مجرای دسترسی",
    "documents_added": "افزودن مدرک لازم",
    "documents_removed": "حذف مدرک لازم",
    "validity_shortened": "کوتاه‌شدن اعتبار",
    "validity_extended": "طولانی‌شدن اعتبار",
    "inquiry_added": "افزودن استعلام",
    "inquiry_removed": "حذف استعلام",
    "became_fully_electronic": "تمام الکترونیکی شد",
    "lost_fully_electronic": "دیگر تمام الکترونیکی نیست",
}
STATUS = {"added": "افزوده", "removed": "حذف‌شده", "renamed": "جابه‌جا", "modified": "تغییر"}
KIND = {RecordKind.SERVICE: "service", RecordKind.LICENCE: "licence", RecordKind.AGENCY: "agency"}


@dataclass
class FieldChange:
    path: str
    label: str
    old: Any
    new: Any


@dataclass
class Change:
    file: str
    kind: str
    status: str
    old_file: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    title: str = ""
    #: for kind ``other``: why the diff does not compare the file (a key of ``ODDITIES``)
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "kind": self.kind, "status": self.status}
        if self.old_file:
            out["old_file"] = self.old_file
        if self.note:
            out["note"] = self.note
        out["fields"] = [{"path": f.path, "label": f.label, "old": f.old, "new": f.new} for f in self.fields]
        out["flags"] = self.flags
        return out


# --- reading revisions --------------------------------------------------------------------


def parse_records(files: dict[str, bytes]) -> dict[str, BaseModel | None]:
    """Path → typed record (``None`` when the file is not valid on its own)."""
    out: dict[str, BaseModel | None] = {}
    for rel, raw in files.items():
        kind, _, _ = classify(rel)
        if kind is None:
            continue
        loaded = load_bytes(raw, rel)
        record = None
        if loaded.data is not None:
            try:
                record = MODELS[kind].model_validate(loaded.data)
            except ValueError:
                record = None
        out[rel] = record
    return out


# --- comparing ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, Vocab):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def field_changes(model: type[BaseModel], old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """Leaf-level differences of two plain values, labelled with the Persian field labels."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}.{key}" if path else key
            out += field_changes(model, old.get(key), new.get(key), sub)
        return out
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) for x in old + new) and old and new:
        out = []
        for i in range(max(len(old), len(new))):
            sub = f"{path}[{i}]"
            out += field_changes(model, old[i] if i < len(old) else None, new[i] if i < len(new) else None, sub)
        return out
    return [FieldChange(path, label_of(model, path), old, new)]


def label_of(model: type[BaseModel], path: str) -> str:
    """Persian labels along a dotted path: «هزینه ارائه خدمت › مبالغ [۱] › مبلغ (ریال)»."""
    from .model.errors import _models_in

    labels = []
    current: type[BaseModel] | None = model
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        if current is None or name not in current.model_fields:
            labels.append(part)
            current = None
            continue
        f = current.model_fields[name]
        labels.append((f.title or name) + (f" [{int(index) + 1}]" if index else ""))
        found = _models_in(f.annotation)
        current = found[0] if found else None
    return " › ".join(labels)


def _service_cost(s: Service | None) -> float | None:
    if s is None or s.cost is None:
        return None
    if s.cost.free:
        return 0.0
    amounts = [i.amount_rials or i.min_rials or i.max_rials for i in s.cost.items or []]
    known = [a for a in amounts if a]
    return float(sum(known)) if known else None


_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43200, "year": 525600}


def _minutes(d: Any) -> float | None:
    if d is None or d.value is None or d.unit is None:
        return None
    return float(d.value) * _MINUTES[d.unit.value]


def _validity_days(v: Any) -> float | None:
    if v is None:
        return None
    if v == "unlimited":
        return math.inf
    if v.value is None or v.unit is None:
        return None
    return float(v.value) * {"day": 1, "month": 30, "year": 365}[v.unit.value]


def _action_cost(a: Any) -> float | None:
    if a.fees:
        known = [f.amount_rials for f in a.fees if f.amount_rials is not None]
        return float(sum(known)) if known else None
    return float(a.cost_rials) if a.cost_rials is not None else None


def _compare(flags: set[str], old: float | None, new: float | None, up: str, down: str) -> None:
    if old is None or new is None or old == new:
        return
    flags.add(up if new > old else down)


def _sets(flags: set[str], old: set[Any], new: set[Any], added: str, removed: str) -> None:
    if new - old:
        flags.add(added)
    if old - new:
        flags.add(removed)


def _docs(items: list[Any] | None) -> set[str]:
    return {(d if isinstance(d, str) else d.title) for d in items or []}


def citizen_flags(old: BaseModel | None, new: BaseModel | None) -> list[str]:
    """The citizen-impact flags of a change from ``old`` to ``new`` (either may be absent)."""
    flags: set[str] = set()
    if isinstance(old, Service) or isinstance(new, Service):
        o = old if isinstance(old, Service) else None
        n = new if isinstance(new, Service) else None
        _compare(flags, _service_cost(o), _service_cost(n), "cost_increased", "cost_decreased")
        _compare(flags, _minutes(o.average_duration) if o else None, _minutes(n.average_duration) if n else None, "duration_increased", "duration_decreased")
        _compare(flags, float(o.in_person_visits) if o and o.in_person_visits is not None else None,
                 float(n.in_person_visits) if n and n.in_person_visits is not None else None, "visits_increased", "visits_decreased")
        old_stages = dict(o.access.stages()) if o and o.access else {}
        new_stages = dict(n.access.stages()) if n and n.access else {}
        for stage in set(old_stages) | set(new_stages):
            os_, ns_ = old_stages.get(stage), new_stages.get(stage)
            if os_ and ns_:
                if os_.electronic and not ns_.electronic:
                    flags.add("stage_lost_electronic")
                if ns_.electronic and not os_.electronic:
                    flags.add("stage_became_electronic")
                _sets(flags, set(os_.channels or []), set(ns_.channels or []), "channel_added", "channel_removed")
            elif os_ and not ns_ and o and n:
                if os_.channels:
                    flags.add("channel_removed")
            elif ns_ and not os_ and o and n and ns_.channels:
                flags.add("channel_added")
        if o and n:
            _sets(flags, _docs(o.required_documents), _docs(n.required_documents), "documents_added", "documents_removed")
            _sets(flags, {r.agency for r in o.related_agencies or []}, {r.agency for r in n.related_agencies or []}, "inquiry_added", "inquiry_removed")
        fe_old = o.fully_electronic() if o else None
        fe_new = n.fully_electronic() if n else None
        if fe_new is True and fe_old is not True and o is not None:
            flags.add("became_fully_electronic")
        if fe_old is True and fe_new is not True and n is not None:
            flags.add("lost_fully_electronic")
    if isinstance(old, Licence) and isinstance(new, Licence):
        old_actions = {a.type: a for a in old.actions or []}
        new_actions = {a.type: a for a in new.actions or []}
        for t in set(old_actions) & set(new_actions):
            oa_, na_ = old_actions[t], new_actions[t]
            _compare(flags, _action_cost(oa_), _action_cost(na_), "cost_increased", "cost_decreased")
            _compare(flags, _hours(oa_.duration), _hours(na_.duration), "duration_increased", "duration_decreased")
            _compare(flags, _validity_days(oa_.validity), _validity_days(na_.validity), "validity_extended", "validity_shortened")
            _sets(flags, _docs(oa_.required_documents), _docs(na_.required_documents), "documents_added", "documents_removed")
            _sets(flags, {q.agency for q in oa_.inquiries or []}, {q.agency for q in na_.inquiries or []}, "inquiry_added", "inquiry_removed")
            if oa_.electronic and na_.electronic is False:
                flags.add("stage_lost_electronic")
            if na_.electronic and oa_.electronic is False:
                flags.add("stage_became_electronic")
    return [f for f in FLAGS if f in flags]


def _hours(d: Any) -> float | None:
    if d is None or d.value is None or d.unit is None:
        return None
    return float(d.value) * (24 if d.unit.value == "day" else 1)


def _title(record: BaseModel | None) -> str:
    if isinstance(record, Agency):
        return record.name
    return str(getattr(record, "title", "") or "")


ODDITIES = {
    "ignored": "نام با «.» آغاز می‌شود و اعتبارسنج آن را نمی‌خواند",
    "not_a_file": "پرونده‌ی معمولی نیست (پیوند نمادین یا زیرماژول) و اعتبارسنج آن را نمی‌پذیرد",
    "not_a_record": "جای پرونده‌های کاتالوگ (cards/<دستگاه>/*.yaml یا licenses/<دستگاه>/*.yaml) نیست و اعتبارسنج آن را نمی‌پذیرد",
}


def oddity_of(rel: str, entry: Entry) -> str | None:
    """Why the diff does not compare a file git lists (a key of :data:`ODDITIES`), or ``None``
    for a record it compares."""
    if is_ignored(rel):
        return "ignored"
    if not entry.regular:
        return "not_a_file"
    if classify(rel)[0] is None or not rel.endswith(".yaml"):
        return "not_a_record"
    return None


def semantic_diff(root: Path | str, base: str, head: str | None = None) -> list[Change]:
    """The changes from revision ``base`` to ``head`` (``None``: the working tree), records
    first, then the files git lists that the validator does not read (kind ``other``)."""
    root = Path(root)
    if not root.is_dir():
        raise DiffError(f"ریشه‌ی «{root}» پوشه نیست")
    for top in TOP_FOLDERS:
        if (root / top).exists() and not (root / top).is_dir():
            raise DiffError(f"«{top}» در «{root}» پوشه نیست، پرونده است")
    if missing_roots(root) == list(TOP_FOLDERS):
        raise DiffError(f"در «{root}» نه پوشه‌ی cards/ هست نه licenses/؛ ریشه‌ی کاتالوگ را با --root بدهید")
    base_id = resolve(root, base)
    head_id = resolve(root, head) if head is not None else None
    old_entries = tree_entries(root, base_id)
    disk: dict[str, bytes] = {}
    if head_id is None:
        new_entries, disk = worktree_entries(root, object_format(root))
    else:
        new_entries = tree_entries(root, head_id)
    old_odd = {p: e for p, e in old_entries.items() if oddity_of(p, e)}
    new_odd = {p: e for p, e in new_entries.items() if oddity_of(p, e)}
    # a record whose bytes are the same at both revisions cannot change: not read, not parsed
    old_rec = {p: e for p, e in old_entries.items() if p not in old_odd and new_entries.get(p) != e}
    new_rec = {p: e for p, e in new_entries.items() if p not in new_odd and old_entries.get(p) != e}
    blobs = read_blobs(root, [e.oid for e in old_rec.values()] + ([e.oid for e in new_rec.values()] if head_id else []))
    old_files = {p: blobs[e.oid] for p, e in old_rec.items()}
    new_files = {p: disk[p] if head_id is None else blobs[e.oid] for p, e in new_rec.items()}
    changes = compare(old_files, new_files, lambda: similar_pairs(root, base_id, head_id))
    for path in sorted(set(old_odd) | set(new_odd)):
        o, n = old_odd.get(path), new_odd.get(path)
        if o == n:
            continue
        status = "added" if o is None else "removed" if n is None else "modified"
        reason = oddity_of(path, n or o)  # type: ignore[arg-type]
        changes.append(Change(path, "other", status, note=reason))
    return changes


def _canonical(record: BaseModel) -> str:
    return json.dumps(_plain(_without_place(record)), sort_keys=True, ensure_ascii=False, default=str)


def compare(
    old: dict[str, bytes],
    new: dict[str, bytes],
    similar: Callable[[], Iterable[tuple[str, str]]] = lambda: (),
) -> list[Change]:
    """The changes from the files ``old`` to the files ``new`` (relative path → bytes).

    A removed and an added record of the same kind are one record renamed when they share an
    id, else when their bodies are the same apart from where they sit, else when git's
    similarity (``similar``: called only when some remain unpaired) pairs them. Each pairing
    step is one pass over hash tables, and it pairs sorted paths to sorted paths, so that the
    diff from B to A mirrors the diff from A to B.
    """
    old_r = parse_records(old)
    new_r = parse_records(new)
    removed = sorted(p for p in old_r if p not in new_r)
    added = sorted(p for p in new_r if p not in old_r)
    renamed: dict[str, str] = {}  # new path → old path
    paired: set[str] = set()

    def pair_by(key: Callable[[str, BaseModel], Any]) -> None:
        olds: dict[Any, list[str]] = {}
        for r in removed:
            if r not in paired and old_r[r] is not None:
                k = key(r, old_r[r])  # type: ignore[arg-type]
                if k is not None:
                    olds.setdefault(k, []).append(r)
        news: dict[Any, list[str]] = {}
        for a in added:
            if a not in renamed and new_r[a] is not None:
                k = key(a, new_r[a])  # type: ignore[arg-type]
                if k is not None and k in olds:
                    news.setdefault(k, []).append(a)
        for k, group in news.items():
            for a, r in zip(group, olds[k], strict=False):
                renamed[a] = r
                paired.add(r)

    pair_by(lambda p, rec: (classify(p)[0], getattr(rec, "id", None)) if getattr(rec, "id", None) else None)
    pair_by(lambda p, rec: (classify(p)[0], _canonical(rec)))
    left_old = {r for r in removed if r not in paired}
    left_new = {a for a in added if a not in renamed}
    if {classify(r)[0] for r in left_old} & {classify(a)[0] for a in left_new}:
        for r, a in similar():
            if r in left_old and a in left_new and classify(r)[0] == classify(a)[0]:
                renamed[a] = r
                paired.add(r)
                left_old.discard(r)
                left_new.discard(a)
    changes: list[Change] = []
    for path in sorted(set(old_r) | set(new_r)):
        if path in paired:
            continue
        kind = classify(path)[0]
        assert kind is not None
        model = MODELS[kind]
        if path in renamed:
            o, n = old_r[renamed[path]], new_r[path]
            status, old_file = "renamed", renamed[path]
        elif path not in old_r:
            o, n, status, old_file = None, new_r[path], "added", None
        elif path not in new_r:
            o, n, status, old_file = old_r[path], None, "removed", None
        else:
            o, n, status, old_file = old_r[path], new_r[path], "modified", None
            if _plain(o) == _plain(n):
                continue
        fields = field_changes(model, _plain(o) if o is not None else {}, _plain(n) if n is not None else {}) if status in ("modified", "renamed") else []
        flags = citizen_flags(o, n) if status in ("modified", "renamed") else []
        changes.append(Change(path, KIND[kind], status, old_file, fields, flags, _title(n or o)))
    return changes


def _without_place(record: BaseModel) -> BaseModel:
    return record.model_copy(update={"agency": None} if hasattr(record, "agency") and not isinstance(record, Agency) else {"slug": None} if isinstance(record, Agency) else {})


# --- output -------------------------------------------------------------------------------


def to_json(changes: list[Change]) -> str:
    return json.dumps({"changes": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=2) + "\n"


_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in "|[]*_`~\\{}#!<>"}


def _md(value: Any) -> str:
    """Card text in a merge-request comment: HTML-escaped, pipes and Markdown marks neutralised."""
    if value is None:
        return "_اعلام نشده_"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(escape(str(value))).replace("\n", " ")
    return text.translate(_MD_TABLE)


def to_markdown(changes: list[Change]) -> str:
    records = [c for c in changes if c.kind != "other"]
    others = [c for c in changes if c.kind == "other"]
    lines: list[str] = []
    if others:
        lines += ["### ⚠️ پرونده‌هایی که اعتبارسنج نمی‌خواند",
                  "", "این پرونده‌ها در cards/ یا licenses/ تغییر کرده‌اند اما در کاتالوگ نمی‌آیند و این گزارش آن‌ها را نسنجیده است؛ بازبین باید خودشان را ببیند.", "",
                  "| پرونده | وضعیت | چرا |", "|---|---|---|"]
        lines += [f"| `{_md(c.file)}` | {STATUS[c.status]} | {ODDITIES[c.note or 'not_a_record']} |" for c in others]
        lines.append("")
    if not records:
        lines.append("**بدون تغییر معنادار برای شهروندان** (تغییرات فقط قالب‌بندی بود یا هیچ تغییری نبود).")
        return "\n".join(lines) + "\n"
    lines += ["### تغییرات کاتالوگ", "", "| پرونده | نوع | وضعیت | فیلدها | پیامد برای شهروند |", "|---|---|---|---|---|"]
    for c in records:
        flags = "، ".join(FLAGS[f] for f in c.flags) or "—"
        lines.append(f"| `{_md(c.file)}` {_md(c.title)} | {c.kind} | {STATUS[c.status]} | {len(c.fields)} | {flags} |")
    lines.append("")
    for c in records:
        if not c.fields and c.status not in ("renamed",):
            continue
        lines += ["<details>", f"<summary>{_md(c.file)}: {_md(c.title)}</summary>", ""]
        if c.old_file:
            lines += [f"پیش‌تر: `{_md(c.old_file)}`", ""]
        if c.fields:
            lines += ["| فیلد | پیشین | جدید |", "|---|---|---|"]
            lines += [f"| {_md(f.label)} <code>{_md(f.path)}</code> | {_md(f.old)} | {_md(f.new)} |" for f in c.fields]
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"
