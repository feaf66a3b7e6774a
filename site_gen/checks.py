"""Phase 3: rules across files (references, unique ids, agency chains), then completeness.

Runs on the summaries of the records that passed alone, and on the ids and references of those
that did not (a partial summary: every error on the first run). A reference to a record whose file
exists but is invalid is not reported again: that file already has its own errors.

The conclusions are kept as tables (:class:`CrossState`) that the result store saves, so that a
run after an edit replaces the edited files' part of them (:meth:`CrossState.replace`) instead of
checking every file again. Both ways end in the same tables; ``tests/test_cache.py`` compares
them edit after edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from . import codes
from .model.kind import RecordKind
from .report import Completeness, Diagnostic, diag
from .summary import AGENCY_FILE, FileResult, Ref, Summary, classify, is_reference

#: (id as written, file, key, line, column)
Place = tuple[str, str, str, int, int]


def exists(rels: Collection[str], target: RecordKind, agency: str, slug: str) -> bool:
    """Is there a file for this record? (It may be invalid: then it has its own errors.)"""
    if target is RecordKind.AGENCY:
        return f"cards/{agency}/{AGENCY_FILE}" in rels
    base = f"{'cards' if target is RecordKind.SERVICE else 'licenses'}/{agency}/{slug}"
    return base + ".yaml" in rels or base in rels


class CrossState:
    """The conclusions of the checks across files, as plain tables.

    ``refs``: file → the diagnostics of its references; ``ids``: ``kind:casefolded id`` → every
    place it occurs; ``meta``: the duplicate ids found in ``ids``, and the parts that depend on
    the agencies or the list of files alone (folders without ``_agency.yaml``, parent cycles,
    agency names, completeness per agency).
    """

    def __init__(self, refs: dict[str, tuple[Any, ...]], meta: dict[str, Any], ids: dict[str, tuple[Place, ...]] | None = None) -> None:
        self.refs = refs
        self.meta = meta
        self._ids = ids

    @property
    def ids(self) -> dict[str, tuple[Place, ...]]:
        """The index of ids; only a run that changes it needs it (the duplicates are in ``meta``)."""
        if self._ids is None:
            raise RuntimeError("the index of ids was not loaded")
        return self._ids

    def diagnostics(self) -> list[Diagnostic]:
        out = [Diagnostic(*d) for ds in self.refs.values() for d in ds]
        for part in ("folder", "cycles", "duplicates"):
            out += [Diagnostic(*d) for d in self.meta[part]]
        return out

    def refresh_duplicates(self) -> dict[str, Any]:
        """Find the duplicate ids again after :meth:`replace`; returns the changed ``meta`` key."""
        self.meta["duplicates"] = tuple(tuple(d) for d in _duplicate_ids(self.ids))
        return {"duplicates": self.meta["duplicates"]}

    def completeness(self) -> dict[str, Completeness]:
        return {agency: Completeness(agency, *counts) for agency, counts in self.meta["completeness"].items()}

    def replace(self, rel: str, old: Summary | None, new: Summary | None, rels: Collection[str]) -> dict[str, Any]:
        """Swap one file's part of the tables, in place (its record changed, no agency file did,
        the list of files is the same). Returns the changed keys of each table, for the store."""
        changed: dict[str, Any] = {"ids": {}, "refs": {}, "meta": {}}
        completeness = dict(self.meta["completeness"])
        for s, sign in ((old, -1), (new, 1)):
            if s is None:
                continue
            if not s.partial:
                records, stated, total = completeness.get(s.agency, (0, 0, 0))
                completeness[s.agency] = (records + sign, stated + sign * s.stated, total + sign * s.total)
                if not completeness[s.agency][0]:
                    del completeness[s.agency]
            if s.kind is RecordKind.AGENCY:
                continue
            for value, key, line, col in s.ids:
                slot = f"{s.kind.value}:{value.casefold()}"
                if sign < 0:  # every place of this file goes, then the new ones come
                    places = tuple(p for p in self.ids.get(slot, ()) if p[1] != rel)
                else:
                    places = (*self.ids.get(slot, ()), (value, rel, key, line, col))
                changed["ids"][slot] = places or None
                if places:
                    self.ids[slot] = places
                else:
                    self.ids.pop(slot, None)
        self.meta["completeness"] = changed["meta"]["completeness"] = completeness
        found = tuple(tuple(d) for d in resolve_all(rel, new, rels, self.meta["names"])) if new else ()
        changed["refs"][rel] = found or None
        if found:
            self.refs[rel] = found
        else:
            self.refs.pop(rel, None)
        return changed


class Checker:
    """The checks across files, fed one file at a time, for a run that checks every file.

    Whether a referenced file exists is decided as each summary arrives, so a run that reads its
    results from the cache does it while the models load in another process; what needs every
    summary (duplicate ids, agency cycles, hints that name a registered agency) waits for
    :meth:`finish`.
    """

    def __init__(self, rels: Collection[str], *, complete: bool = False) -> None:
        self.rels = rels
        self.complete = complete
        folder: list[Diagnostic] = []
        reported: set[str] = set()  # every folder belongs to a registered agency
        for rel in sorted(rels):
            kind, agency, _ = classify(rel)
            if kind in (RecordKind.SERVICE, RecordKind.LICENCE) and agency not in reported and not exists(rels, RecordKind.AGENCY, agency, ""):
                reported.add(agency)
                folder.append(diag(rel, 1, 1, codes.MISSING_AGENCY_FILE, f"دستگاه {agency!r} ثبت نشده است: پروندهٔ cards/{agency}/{AGENCY_FILE} وجود ندارد"))
        self.folder = folder
        self.not_stated: list[Diagnostic] = []
        self.agencies: dict[str, Summary] = {}
        self.refs: dict[str, list[Diagnostic]] = {}
        self.pending: list[tuple[str, Summary, Ref]] = []
        self.ids: dict[str, list[Place]] = {}
        self.completeness: dict[str, tuple[int, int, int]] = {}
        self._shaped: dict[str, bool] = {}

    def add(self, result: FileResult) -> None:
        s = result.summary
        if s is None:
            return
        rel = result.rel
        if s.kind is RecordKind.AGENCY:
            self.agencies[s.agency] = s
        else:
            kind = s.kind.value
            for value, key, line, col in s.ids:
                self.ids.setdefault(f"{kind}:{value.casefold()}", []).append((value, rel, key, line, col))
        rels = self.rels
        for ref in s.refs:  # most references are slugs that resolve: decided from the file list alone
            value = ref.value
            is_ref = self._shaped.get(value)
            if is_ref is None:
                is_ref = self._shaped[value] = is_reference(value)
            if is_ref:
                agency, _, slug = value.rpartition("/")
                if ref.target is RecordKind.AGENCY:
                    if not agency and exists(rels, RecordKind.AGENCY, slug, ""):
                        continue
                elif exists(rels, ref.target, agency or s.agency, slug):
                    continue
            self.pending.append((rel, s, ref))
        if self.complete and s.kind is not RecordKind.AGENCY:  # a record with other errors too
            for key, label, line, col in s.not_stated:
                self.not_stated.append(diag(rel, line, col, codes.NOT_STATED, f"فیلد فرم «{label}» اعلام نشده است؛ شناسنامهٔ جدید باید همهٔ فیلدهای فرم را داشته باشد", key))
        if s.partial:
            return
        records, stated, total = self.completeness.get(s.agency, (0, 0, 0))
        self.completeness[s.agency] = (records + 1, stated + s.stated, total + s.total)

    def finish(self) -> CrossState:
        names = agency_names(self.agencies)
        for rel, s, ref in self.pending:
            d = _resolve(rel, s, ref, self.rels, names)
            if d is not None:
                self.refs.setdefault(rel, []).append(d)
        ids = {slot: tuple(places) for slot, places in self.ids.items()}
        meta = {
            "duplicates": tuple(tuple(d) for d in _duplicate_ids(ids)),
            "folder": tuple(tuple(d) for d in self.folder),
            "cycles": tuple(tuple(d) for d in _cycles(self.agencies)),
            "names": names,
            "completeness": self.completeness,
        }
        refs = {rel: tuple(tuple(d) for d in ds) for rel, ds in self.refs.items()}
        return CrossState(refs, meta, ids)


def agency_names(agencies: dict[str, Summary]) -> dict[str, str]:
    return {s.name: slug for slug, s in agencies.items()}


def resolve_all(rel: str, s: Summary, rels: Collection[str], names: dict[str, str]) -> list[Diagnostic]:
    """The diagnostics of every reference of one record."""
    return [d for ref in s.refs if (d := _resolve(rel, s, ref, rels, names)) is not None]


_WHAT = {
    RecordKind.AGENCY: ("دستگاه", codes.UNKNOWN_AGENCY),
    RecordKind.SERVICE: ("شناسنامهٔ خدمت", codes.UNKNOWN_SERVICE),
    RecordKind.LICENCE: ("مجوز", codes.UNKNOWN_LICENCE),
}


def _resolve(rel: str, s: Summary, ref: Ref, rels: Collection[str], names: dict[str, str]) -> Diagnostic | None:
    what, code = _WHAT[ref.target]
    if not is_reference(ref.value):
        if not ref.text_ok:
            return diag(rel, ref.line, ref.column, codes.INVALID_REFERENCE, f"انتظار می‌رفت ارجاع به {what} (slug یا agency/slug)، اما {ref.value!r} آمده است", ref.key)
        if ref.target is RecordKind.AGENCY:
            slug = names.get(ref.value)
            hint = f"؛ این نام دستگاه ثبت‌شدهٔ {slug!r} است: به‌جای نام، شناسهٔ {slug} را بنویسید" if slug else ""
            return diag(rel, ref.line, ref.column, codes.UNREGISTERED_AGENCY, f"«{ref.value}» دستگاه ثبت‌شده‌ای نیست (متن آزاد){hint}", ref.key)
        return diag(rel, ref.line, ref.column, codes.UNREGISTERED_LICENCE, f"«{ref.value}» مجوز ثبت‌شده‌ای نیست (متن آزاد)", ref.key)
    if ref.target is RecordKind.AGENCY:
        if "/" in ref.value or not exists(rels, RecordKind.AGENCY, ref.value, ""):
            return diag(rel, ref.line, ref.column, code, f"دستگاه {ref.value!r} ثبت نشده است: پروندهٔ cards/{ref.value}/{AGENCY_FILE} وجود ندارد", ref.key)
        return None
    agency, _, slug = ref.value.rpartition("/")
    agency = agency or s.agency
    if not exists(rels, ref.target, agency, slug):
        folder = "cards" if ref.target is RecordKind.SERVICE else "licenses"
        return diag(rel, ref.line, ref.column, code, f"{what} {ref.value!r} پیدا نشد: پروندهٔ {folder}/{agency}/{slug}.yaml وجود ندارد", ref.key)
    return None


_ID_GROUPS = {RecordKind.SERVICE.value: "خدمات", RecordKind.LICENCE.value: "مجوزها"}


#: How many other places a duplicate-id error names, and how many agencies a cycle shows.
SHOWN_PLACES = 3
SHOWN_CYCLE = 8


def _duplicate_ids(ids: dict[str, tuple[Place, ...]]) -> list[Diagnostic]:
    """One error per place of an id found more than once. Each names at most
    :data:`SHOWN_PLACES` other places (the first ones) and counts the rest, so that n copies make
    a report of size O(n), not O(n²)."""
    out = []
    for slot, unordered in ids.items():
        if len(unordered) < 2:
            continue
        what = _ID_GROUPS[slot.partition(":")[0]]
        places = sorted(unordered, key=lambda p: (p[1], p[3], p[4], p[2]))
        same = Counter((p[1], p[2]) for p in places)
        head = places[: SHOWN_PLACES + max(same.values())]
        for value, rel, key, line, col in places:
            shown = [f"{r}:{ln}" for v, r, k, ln, c in head if (r, k) != (rel, key)][:SHOWN_PLACES]
            rest = len(places) - same[(rel, key)] - len(shown)
            others = "، ".join(shown) + (f" و {rest} جای دیگر" if rest else "")
            out.append(diag(rel, line, col, codes.DUPLICATE_ID, f"شناسهٔ {value!r} در میان {what} تکراری است؛ همچنین در {others}", key))
    return out


def _cycles(agencies: dict[str, Summary]) -> list[Diagnostic]:
    """Every agency on a cycle of parents. Each agency is walked once (O(n)): a walk stops at an
    agency an earlier walk has passed, or finds a cycle when it meets its own path."""
    parent: dict[str, Ref] = {}
    for slug, s in agencies.items():
        for ref in s.refs:
            if ref.key == "parent" and is_reference(ref.value) and ref.value in agencies:
                parent[slug] = ref
    out = []
    done: set[str] = set()
    for start in sorted(parent):
        if start in done:
            continue
        on_path: dict[str, int] = {}
        chain: list[str] = []
        node = start
        while node in parent and node not in done and node not in on_path:
            on_path[node] = len(chain)
            chain.append(node)
            node = parent[node].value
        done.update(chain)
        if node in on_path:
            cycle = chain[on_path[node] :]
            if len(cycle) <= SHOWN_CYCLE:
                shown = " → ".join([*cycle, node])
            else:
                shown = " → ".join(cycle[:SHOWN_CYCLE]) + f" → … ({len(cycle)} دستگاه) → {node}"
            for member in cycle:
                ref = parent[member]
                rel = f"cards/{member}/{AGENCY_FILE}"
                out.append(diag(rel, ref.line, ref.column, codes.AGENCY_CYCLE, f"زنجیرهٔ دستگاه مادر چرخه دارد: {shown}", "parent"))
    return out


def check_results(results: Iterable[FileResult], rels: Collection[str], *, complete: bool = False) -> tuple[CrossState, list[Diagnostic]]:
    """Every check across files, on the results of validating each file alone; also returns the
    ``not-stated`` errors of ``complete``."""
    checker = Checker(rels, complete=complete)
    for r in results:
        checker.add(r)
    return checker.finish(), checker.not_stated
