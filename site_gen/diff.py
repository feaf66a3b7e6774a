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

from pydantic import BaseModel

from .catalogue import TOP_FOLDERS, is_ignored, missing_roots
from .git import (
    DiffError,
    Entry,
    git,
    merge_base,
    object_format,
    read_blobs,
    resolve,
    similar_pairs,
    tree_entries,
    worktree_entries,
)
from .load import load_bytes
from .model import Agency, Licence, Service
from .model.kind import vocab_of
from .model.vocab import RecordKind, Vocab
from .record import MODELS
from .redirects import FILE as REDIRECTS_FILE
from .redirects import RedirectsError, address_of, lookup, parse
from .registers.diff import FLAGS as REGISTER_FLAGS
from .registers.diff import KIND_LABEL as REGISTER_KINDS
from .registers.diff import register_changes
from .summary import classify
from .text import persian_digits

FLAGS: dict[str, str] = {
    "cost_increased": "افزایش هزینه",
    "cost_decreased": "کاهش هزینه",
    "duration_increased": "افزایش مدت",
    "duration_decreased": "کاهش مدت",
    "visits_increased": "افزایش مراجعهٔ حضوری",
    "visits_decreased": "کاهش مراجعهٔ حضوری",
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
    "became_fully_electronic": "کاملاً اینترنتی شد",
    "lost_fully_electronic": "نیاز به مراجعهٔ حضوری پیدا کرد (دیگر کاملاً اینترنتی نیست)",
}
FLAGS.update(REGISTER_FLAGS)  # the registers' flags (issue 20)
STATUS = {"added": "افزوده", "removed": "حذف‌شده", "renamed": "جابه‌جا", "modified": "تغییر"}
KIND = {RecordKind.SERVICE: "service", RecordKind.LICENCE: "licence", RecordKind.AGENCY: "agency"}


@dataclass
class FieldChange:
    path: str
    label: str
    old: Any
    new: Any
    #: the model field at the leaf (``None`` when the path leaves the models): how values read
    info: Any = field(default=None, repr=False, compare=False)


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
    #: an added record: what a citizen would read first, (Persian label, plain value) pairs
    summary: list[tuple[str, Any]] = field(default_factory=list)
    #: the record's address on the site now, and before (renamed or removed)
    address: str | None = None
    old_address: str | None = None
    #: where the old address leads (from the redirects record), or ``None`` when it would break
    redirect: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "kind": self.kind, "status": self.status}
        if self.old_file:
            out["old_file"] = self.old_file
        if self.note:
            out["note"] = self.note
        if self.address:
            out["address"] = self.address
        if self.old_address:
            out["old_address"] = self.old_address
            out["redirect"] = self.redirect
        if self.summary:
            out["summary"] = dict(self.summary)
        out["fields"] = [{"path": f.path, "label": f.label, "old": f.old, "new": f.new} for f in self.fields]
        out["flags"] = self.flags
        return out

    @property
    def address_lost(self) -> bool:
        """The record's old address would disappear from the site with nowhere to lead."""
        return self.old_address is not None and self.old_address != self.address and self.redirect is None


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


#: keys that name an item of a list, in order of preference
ITEM_NAMES = ("title", "type", "name", "agency", "q")


def _item_key(items: list[dict[str, Any]]) -> str | None:
    """The key that names every item of these lists, once each (pairs old and new items)."""
    for key in ITEM_NAMES:
        values = [i.get(key) for i in items]
        if all(isinstance(v, str) and v for v in values):
            return key
    return None


def _pair_items(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[tuple[int | None, int | None, str, str]]:
    """(old index, new index, name, selector) of list items: paired by their name where every
    item has a distinct one, else by position. The name, for people, is «title» or «ردیف N»; the
    selector, for the JSON path, is ``title=…`` or the index (the same both ways)."""
    key = _item_key(old + new)
    if key is not None and len({o[key] for o in old}) == len(old) and len({n[key] for n in new}) == len(new):
        new_at = {n[key]: j for j, n in enumerate(new)}
        old_at = {o[key]: i for i, o in enumerate(old)}
        pairs: list[tuple[int | None, int | None, str, str]] = [(i, new_at.get(o[key]), f"«{o[key]}»", f"{key}={o[key]}") for i, o in enumerate(old)]
        pairs += [(None, j, f"«{n[key]}»", f"{key}={n[key]}") for j, n in enumerate(new) if n[key] not in old_at]
        return pairs
    return [(i if i < len(old) else None, i if i < len(new) else None, f"ردیف {persian_digits(i + 1)}", str(i)) for i in range(max(len(old), len(new)))]


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def field_changes(model: type[BaseModel] | None, old: Any, new: Any, path: str = "", label: str = "", info: Any = None) -> list[FieldChange]:
    """Leaf-level differences of two plain values, labelled with the Persian field labels and
    list items named by their title (or row), not their index."""
    if old == new:
        return []
    if (isinstance(old, dict) or isinstance(new, dict)) and all(v is None or isinstance(v, dict) for v in (old, new)):
        o, n = old or {}, new or {}
        out = []
        for key in list(o) + [k for k in n if k not in o]:
            f = model.model_fields.get(key) if model is not None else None
            name = f.title if f is not None and f.title else key
            out += field_changes(_sub_model(f), o.get(key), n.get(key), f"{path}.{key}" if path else key,
                                 f"{label} › {name}" if label else name, f)
        return out
    if (_is_records(old) or old is None) and (_is_records(new) or new is None) and (old or new):
        o_list, n_list = old or [], new or []
        out = []
        for i, j, name, selector in _pair_items(o_list, n_list):
            out += field_changes(model, o_list[i] if i is not None else None, n_list[j] if j is not None else None,
                                 f"{path}[{selector}]", f"{label} {name}", info)
        return out
    return [FieldChange(path, label or path, old, new, info)]


def _sub_model(f: Any) -> type[BaseModel] | None:
    from .model.errors import _models_in

    if f is None:
        return None
    found = _models_in(f.annotation)
    return found[0] if found else None


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
    "not_a_file": "پروندهٔ معمولی نیست (پیوند نمادین یا زیرماژول) و اعتبارسنج آن را نمی‌پذیرد",
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


def semantic_diff(root: Path | str, base: str, head: str | None = None, *, tip: bool = False) -> list[Change]:
    """The changes ``head`` (``None``: the working tree) made since it left ``base`` (their
    merge base, as ``git diff BASE...HEAD``; ``tip``: since ``base`` itself), records first,
    then the files git lists that the validator does not read (kind ``other``)."""
    root = Path(root)
    if not root.is_dir():
        raise DiffError(f"ریشهٔ «{root}» پوشه نیست")
    for top in TOP_FOLDERS:
        if (root / top).exists() and not (root / top).is_dir():
            raise DiffError(f"«{top}» در «{root}» پوشه نیست، پرونده است")
    if missing_roots(root) == list(TOP_FOLDERS):
        raise DiffError(f"در «{root}» نه پوشهٔ cards/ هست نه licenses/؛ ریشهٔ کاتالوگ را با --root بدهید")
    head_id = resolve(root, head) if head is not None else None
    base_id = resolve(root, base) if tip else merge_base(root, resolve(root, base), head_id)
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
    changes += register_changes(root, base_id, head_id)  # registers/ (issue 20)
    _at_head(root, head_id, changes)
    return changes


def _read_at(root: Path, head: str | None, paths: list[str]) -> dict[str, bytes]:
    """The bytes of these regular files at commit ``head`` (``None``: on disk); absent ones left out."""
    out: dict[str, bytes] = {}
    if head is None:
        for rel in paths:
            p = root / rel
            if p.is_file() and not p.is_symlink():
                out[rel] = p.read_bytes()
        return out
    listing = git(root, "ls-tree", "-z", "--end-of-options", head, "--", *paths) if paths else b""
    entries = {}
    for line in listing.split(b"\0"):
        meta, _, name = line.partition(b"\t")
        if line and meta.split(b" ")[0].decode() in ("100644", "100755"):
            entries[name.decode("utf-8", "replace")] = meta.split(b" ")[2].decode()
    blobs = read_blobs(root, entries.values())
    return {p: blobs[o] for p, o in entries.items()}


def _at_head(root: Path, head: str | None, changes: list[Change]) -> None:
    """What the diff needs from the rest of the catalogue at ``head``: the names of the agencies
    of added records, and where old addresses lead (the redirects record)."""
    added = [c for c in changes if c.summary]
    slugs = sorted({classify(c.file)[1] for c in added})
    agency_files = _read_at(root, head, [f"cards/{s}/_agency.yaml" for s in slugs]) if slugs else {}
    names = {rel.split("/")[1]: r.name for rel, r in parse_records(agency_files).items() if isinstance(r, Agency)}
    for c in added:
        kind, _, _ = classify(c.file)
        if kind is not None and kind is not RecordKind.AGENCY:
            c.summary = [(label, _agency_text(classify(c.file)[1], names) if i == 1 else value) for i, (label, value) in enumerate(c.summary)]
    moved = [c for c in changes if c.old_address and c.old_address != c.address]
    if not moved:
        return
    try:
        record = lookup(parse(_read_at(root, head, [REDIRECTS_FILE]).get(REDIRECTS_FILE, b""), REDIRECTS_FILE))
    except RedirectsError:
        record = {}
    for c in moved:
        entry = record.get(c.old_address or "")
        if entry is not None:
            c.redirect = entry.new or f"agencies/{entry.agency}/"


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
        if status == "modified" and not fields and not flags:
            continue  # list items only reordered: nothing a citizen reads differently
        change = Change(path, KIND[kind], status, old_file, fields, flags, _title(n or o))
        change.address = address_of(path) if status != "removed" else None
        if status in ("removed", "renamed"):
            change.old_address = address_of(old_file or path)
        if status == "added" and n is not None:
            change.summary = summarise(n, {})
        changes.append(change)
    return changes


def _without_place(record: BaseModel) -> BaseModel:
    return record.model_copy(update={"agency": None} if hasattr(record, "agency") and not isinstance(record, Agency) else {"slug": None} if isinstance(record, Agency) else {})


# --- values as people read them -------------------------------------------------------------

UNSTATED = "اعلام نشده"
YES_NO = {True: "بله", False: "خیر"}


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
    return persian_digits(text.replace(",", "٬").replace(".", "٫"))


def show(value: Any, info: Any = None, path: str = "") -> str:
    """A plain value as a Persian reader reads it: labels for vocabulary codes, بله/خیر, Persian
    digits with separators, Rials named, list items by their title."""
    if value is None or value == [] or value == {}:
        return UNSTATED
    vocab = vocab_of(info.annotation) if info is not None else None
    if isinstance(value, list):
        return "، ".join(show(v, info, path) for v in value)
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, (int, float)):
        return _number(value) + (" ریال" if path.endswith("_rials") else "")
    if isinstance(value, dict):
        name = next((value[k] for k in ITEM_NAMES if isinstance(value.get(k), str)), None)
        if name is not None:
            return name
        return "؛ ".join(f"{k}: {show(v)}" for k, v in value.items() if v is not None)
    if vocab is not None and value in vocab.labels():
        return vocab.labels()[value]
    if value == "unlimited":
        return "نامحدود"
    return str(value)


def change_note(f: FieldChange) -> str:
    """How much an amount changed, in percent: «افزایش ۸۰٪»; empty for anything else."""
    if not f.path.endswith("_rials") or isinstance(f.old, bool) or isinstance(f.new, bool):
        return ""
    if not isinstance(f.old, (int, float)) or not isinstance(f.new, (int, float)) or not f.old or f.old == f.new:
        return ""
    percent = (f.new - f.old) / f.old * 100
    shown = _number(round(abs(percent), 1))
    return f"{'افزایش' if percent > 0 else 'کاهش'} {shown}٪"


def _amount_text(item: Any) -> str:
    if item.amount_rials is not None:
        return f"{_number(item.amount_rials)} ریال"
    if item.min_rials is not None or item.max_rials is not None:
        low = _number(item.min_rials) if item.min_rials is not None else "؟"
        high = _number(item.max_rials) if item.max_rials is not None else "؟"
        return f"از {low} تا {high} ریال"
    return UNSTATED


def _duration_text(d: Any) -> str:
    if d is None:
        return UNSTATED
    if d.value is None:
        return str(d.note or UNSTATED)
    unit = d.unit.label if d.unit is not None else ""
    span = _number(d.value) + (f" تا {_number(d.max)}" if getattr(d, "max", None) is not None else "")
    return f"{span} {unit}".strip()


def _cost_text(cost: Any) -> str:
    if cost is None:
        return UNSTATED
    if cost.free:
        return "رایگان"
    items = cost.items or []
    return "؛ ".join(f"{i.title}: {_amount_text(i)}" for i in items) or UNSTATED


def _titles(items: Any) -> str:
    return "، ".join(sorted(_docs(items))) or UNSTATED


def summarise(record: BaseModel, agency_names: dict[str, str]) -> list[tuple[str, str]]:
    """What a reviewer reads of an added record: (Persian label, value)."""
    if isinstance(record, Service):
        channels: list[str] = []
        for _, stage in record.access.stages() if record.access else []:
            channels += [c.label for c in stage.channels or [] if c.label not in channels]
        fe = record.fully_electronic()
        return [
            ("عنوان خدمت", record.title),
            ("دستگاه", _agency_text(record.agency, agency_names)),
            ("هزینه", _cost_text(record.cost)),
            ("متوسط مدت", _duration_text(record.average_duration)),
            ("مجراهای دسترسی", "، ".join(channels) or UNSTATED),
            ("کاملاً اینترنتی", YES_NO[fe] if fe is not None else UNSTATED),
            ("مدارک لازم", _titles(record.required_documents)),
        ]
    if isinstance(record, Licence):
        actions = []
        docs: list[Any] = []
        for a in record.actions or []:
            cost = _action_cost(a)
            actions.append(f"{a.type.label}: {_number(cost) + ' ریال' if cost is not None else UNSTATED}، {_duration_text(a.duration)}")
            docs += a.required_documents or []
        return [
            ("عنوان مجوز", record.title),
            ("مرجع صدور", _agency_text(record.agency, agency_names)),
            ("نوع مجوز", record.kind.label if record.kind else UNSTATED),
            ("اقدام‌ها", "؛ ".join(actions) or UNSTATED),
            ("مدارک لازم", _titles(docs)),
        ]
    if isinstance(record, Agency):
        return [
            ("نام دستگاه", record.name),
            ("دستگاه مادر", record.parent or UNSTATED),
            ("نگه‌دارندگان", "، ".join(record.maintainers or []) or UNSTATED),
        ]
    return []


def _agency_text(slug: str, names: dict[str, str]) -> str:
    return f"{names[slug]} ({slug})" if slug in names else slug


# --- output -------------------------------------------------------------------------------


def to_json(changes: list[Change]) -> str:
    return json.dumps({"changes": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=2) + "\n"


#: Card text in a comment: each character that Markdown or HTML would read is written once as a
#: character reference (never a reference of a reference), so that GitHub and GitLab show the
#: text as typed; line breaks become spaces (a table row is one line).
_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in "|[]*_`~\\{}#!<>&$"}
_MD_TABLE.update({ord("\n"): " ", ord("\r"): " "})


def _md(value: Any) -> str:
    """Text in a merge-request comment, shown as typed: Markdown marks and HTML neutralised once."""
    return str(value).translate(_MD_TABLE)


def _cell(value: Any, f: FieldChange | None = None) -> str:
    text = show(value, f.info if f else None, f.path if f else "")
    return "_اعلام نشده_" if text == UNSTATED else _md(text)


def _link(address: str | None, preview_url: str | None, text: str) -> str:
    if not preview_url or not address:
        return text
    return f"<a href=\"{_md(preview_url.rstrip('/') + '/' + address)}\">{text}</a>"


def to_markdown(changes: list[Change], preview_url: str | None = None, base: str = "") -> str:
    records = [c for c in changes if c.kind != "other"]
    others = [c for c in changes if c.kind == "other"]
    lost = [c for c in records if c.address_lost]
    lines: list[str] = []
    if others:
        lines += ["### ⚠️ پرونده‌هایی که اعتبارسنج نمی‌خواند",
                  "", "این پرونده‌ها در cards/ یا licenses/ تغییر کرده‌اند اما در کاتالوگ نمی‌آیند و این گزارش آن‌ها را نسنجیده است؛ بازبین باید خودشان را ببیند.", "",
                  "| پرونده | وضعیت | چرا |", "|---|---|---|"]
        lines += [f"| <code>{_md(c.file)}</code> | {STATUS[c.status]} | {ODDITIES[c.note or 'not_a_record']} |" for c in others]
        lines.append("")
    if lost:
        command = f"site-gen diff {base} --write-redirects" if base else "site-gen diff <شاخهٔ پایه> --write-redirects"
        lines += ["### ⚠️ نشانی‌هایی که از کار می‌افتند", "",
                  f"این صفحه‌ها از وبگاه برداشته می‌شوند و نشانی پیشینشان به جایی نمی‌رود. <code>{_md(command)}</code> را اجرا کنید و <code>redirects.yaml</code> را هم در همین درخواست commit کنید.", "",
                  "| نشانی پیشین | پرونده |", "|---|---|"]
        lines += [f"| <code>/{_md(c.old_address)}</code> | <code>{_md(c.old_file or c.file)}</code> |" for c in lost]
        lines.append("")
    if not records:
        lines.append("**بدون تغییر معنادار برای شهروندان** (تغییرات فقط قالب‌بندی بود یا هیچ تغییری نبود).")
        return "\n".join(lines) + "\n"
    lines += ["### تغییرات کاتالوگ", "", "| رکورد | نوع | وضعیت | فیلدهای تغییرکرده | پیامد برای شهروند |", "|---|---|---|---|---|"]
    for c in records:
        flags = "، ".join(FLAGS[f] for f in c.flags) or "—"
        count = persian_digits(len(c.fields)) if c.status in ("modified", "renamed") else "—"
        name = _link(c.address if c.status != "removed" else None, preview_url, _md(c.title) or "—")
        lines.append(f"| {name}<br><code>{_md(c.file)}</code> | {KIND_LABEL[c.kind]} | {STATUS[c.status]} | {count} | {flags} |")
    lines.append("")
    for c in records:
        if not c.fields and not c.summary and c.status != "renamed":
            continue
        lines += ["<details>", f"<summary>{STATUS[c.status]}: {_md(c.title)} (<code>{_md(c.file)}</code>)</summary>", ""]
        if preview_url and c.address and c.status != "removed":
            lines += [f"پیش‌نمایش: {_link(c.address, preview_url, '<code>/' + _md(c.address) + '</code>')}", ""]
        if c.old_file:
            where = f"پیش‌تر: <code>{_md(c.old_file)}</code>"
            if c.old_address and c.old_address != c.address:
                where += f"؛ نشانی پیشین <code>/{_md(c.old_address)}</code> " + ("به صفحهٔ تازه می‌رود" if c.redirect else "**از کار می‌افتد**")
            lines += [where, ""]
        if c.summary:
            lines += ["| | |", "|---|---|"]
            lines += [f"| {_md(label)} | {_md(value) if value != UNSTATED else '_اعلام نشده_'} |" for label, value in c.summary]
        if c.fields:
            lines += ["| فیلد | پیشین | جدید |", "|---|---|---|"]
            for f in c.fields:
                note = change_note(f)
                lines.append(f"| {_md(f.label)} | {_cell(f.old, f)} | {_cell(f.new, f)}{' (' + note + ')' if note else ''} |")
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


KIND_LABEL = {"service": "خدمت", "licence": "مجوز", "agency": "دستگاه", **REGISTER_KINDS}
