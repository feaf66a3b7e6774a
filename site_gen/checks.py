"""Phase 3: rules across files (references, unique ids, agency chains), then completeness.

Runs on the summaries of the records that passed alone. A reference to a record whose file
exists but is invalid is not reported again: that file already has its own errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import codes
from .model.vocab import RecordKind
from .report import Completeness, Diagnostic, diag
from .summary import AGENCY_FILE, FileResult, Ref, Summary, classify, is_reference


class Checker:
    """The checks across files, fed one file at a time.

    What needs only the list of files (does the referenced file exist?) is decided as each
    summary arrives, so a warm run does it while the models load in another process; what needs
    every summary (duplicate ids, agency cycles, hints that name a registered agency) waits for
    :meth:`finish`.
    """

    def __init__(self, rels: Iterable[str], *, complete: bool = False) -> None:
        self.complete = complete
        self.out: list[Diagnostic] = []
        self.agency_files: set[str] = set()
        self.records: dict[RecordKind, set[tuple[str, str]]] = {RecordKind.SERVICE: set(), RecordKind.LICENCE: set()}
        placed: list[tuple[str, str]] = []
        for rel in sorted(rels):
            kind, agency, slug = classify(rel)
            if kind is RecordKind.AGENCY:
                self.agency_files.add(agency)
            elif kind is not None:
                self.records[kind].add((agency, slug))
                placed.append((rel, agency))
        reported: set[str] = set()  # every folder belongs to a registered agency
        for rel, agency in placed:
            if agency not in self.agency_files and agency not in reported:
                reported.add(agency)
                self.out.append(diag(rel, 1, 1, codes.MISSING_AGENCY_FILE, f"دستگاه {agency!r} ثبت نشده است: پرونده‌ی cards/{agency}/{AGENCY_FILE} وجود ندارد"))
        self.agencies: dict[str, Summary] = {}
        self.pending: list[tuple[str, Summary, Ref]] = []
        self.ids: dict[RecordKind, dict[str, list[tuple[str, str, str, int, int]]]] = {RecordKind.SERVICE: defaultdict(list), RecordKind.LICENCE: defaultdict(list)}
        self.completeness: dict[str, Completeness] = {}
        self._shaped: dict[str, bool] = {}

    def add(self, result: FileResult) -> None:
        s = result.summary
        if s is None:
            return
        rel = result.rel
        if s.kind is RecordKind.AGENCY:
            self.agencies[s.agency] = s
        else:
            for value, key, line, col in s.ids:
                self.ids[s.kind][value.casefold()].append((value, rel, key, line, col))
        for ref in s.refs:  # most references are slugs that resolve: decided from sets alone
            value = ref.value
            is_ref = self._shaped.get(value)
            if is_ref is None:
                is_ref = self._shaped[value] = is_reference(value)
            if is_ref:
                if ref.target is RecordKind.AGENCY:
                    if value in self.agency_files:
                        continue
                else:
                    agency, _, slug = value.rpartition("/")
                    if (agency or s.agency, slug) in self.records[ref.target]:
                        continue
            self.pending.append((rel, s, ref))
        c = self.completeness.get(s.agency)
        if c is None:
            c = self.completeness[s.agency] = Completeness(s.agency)
        c.records += 1
        c.stated += s.stated
        c.total += s.total
        if self.complete and s.kind is not RecordKind.AGENCY:
            for key, label, line, col in s.not_stated:
                self.out.append(diag(rel, line, col, codes.NOT_STATED, f"فیلد فرم «{label}» اعلام نشده است؛ شناسنامه‌ی جدید باید همه‌ی فیلدهای فرم را داشته باشد", key))

    def finish(self) -> tuple[list[Diagnostic], dict[str, Completeness]]:
        names = {s.name: slug for slug, s in self.agencies.items()}
        out = list(self.out)
        for rel, s, ref in self.pending:
            d = _resolve(rel, s, ref, self.agency_files, self.records, names)
            if d is not None:
                out.append(d)
        out += _duplicate_ids(self.ids[RecordKind.SERVICE], "خدمات")
        out += _duplicate_ids(self.ids[RecordKind.LICENCE], "مجوزها")
        out += _cycles(self.agencies)
        return out, self.completeness


def check_catalogue(results: Iterable[FileResult], *, complete: bool = False) -> tuple[list[Diagnostic], dict[str, Completeness]]:
    """Every check across files, on the results of validating each file alone."""
    results = list(results)
    checker = Checker((r.rel for r in results), complete=complete)
    for r in results:
        checker.add(r)
    return checker.finish()


_WHAT = {
    RecordKind.AGENCY: ("دستگاه", codes.UNKNOWN_AGENCY),
    RecordKind.SERVICE: ("شناسنامه‌ی خدمت", codes.UNKNOWN_SERVICE),
    RecordKind.LICENCE: ("مجوز", codes.UNKNOWN_LICENCE),
}


def _resolve(
    rel: str,
    s: Summary,
    ref: Ref,
    agency_files: set[str],
    records: dict[RecordKind, set[tuple[str, str]]],
    names: dict[str, str],
) -> Diagnostic | None:
    what, code = _WHAT[ref.target]
    if not is_reference(ref.value):
        if not ref.text_ok:
            return diag(rel, ref.line, ref.column, codes.INVALID_REFERENCE, f"انتظار می‌رفت ارجاع به {what} (slug یا agency/slug)، اما {ref.value!r} آمده است", ref.key)
        if ref.target is RecordKind.AGENCY:
            slug = names.get(ref.value)
            hint = f"؛ این نام دستگاه ثبت‌شده‌ی {slug!r} است: به‌جای نام، شناسه‌ی {slug} را بنویسید" if slug else ""
            return diag(rel, ref.line, ref.column, codes.UNREGISTERED_AGENCY, f"«{ref.value}» دستگاه ثبت‌شده‌ای نیست (متن آزاد){hint}", ref.key)
        return diag(rel, ref.line, ref.column, codes.UNREGISTERED_LICENCE, f"«{ref.value}» مجوز ثبت‌شده‌ای نیست (متن آزاد)", ref.key)
    if ref.target is RecordKind.AGENCY:
        if "/" in ref.value or ref.value not in agency_files:
            return diag(rel, ref.line, ref.column, code, f"دستگاه {ref.value!r} ثبت نشده است: پرونده‌ی cards/{ref.value}/{AGENCY_FILE} وجود ندارد", ref.key)
        return None
    agency, _, slug = ref.value.rpartition("/")
    agency = agency or s.agency
    if (agency, slug) not in records[ref.target]:
        folder = "cards" if ref.target is RecordKind.SERVICE else "licenses"
        return diag(rel, ref.line, ref.column, code, f"{what} {ref.value!r} پیدا نشد: پرونده‌ی {folder}/{agency}/{slug}.yaml وجود ندارد", ref.key)
    return None


def _duplicate_ids(seen: dict[str, list[tuple[str, str, str, int, int]]], what: str) -> list[Diagnostic]:
    out = []
    for places in seen.values():
        if len(places) < 2:
            continue
        for value, rel, key, line, col in places:
            others = "، ".join(f"{r}:{ln}" for v, r, k, ln, c in places if (r, k) != (rel, key))
            out.append(diag(rel, line, col, codes.DUPLICATE_ID, f"شناسه‌ی {value!r} در میان {what} تکراری است؛ همچنین در {others}", key))
    return out


def _cycles(agencies: dict[str, Summary]) -> list[Diagnostic]:
    parent: dict[str, Ref] = {}
    for slug, s in agencies.items():
        for ref in s.refs:
            if ref.key == "parent" and is_reference(ref.value) and ref.value in agencies:
                parent[slug] = ref
    out = []
    in_cycle: set[str] = set()
    for start in sorted(parent):
        chain = [start]
        node = start
        while node in parent:
            node = parent[node].value
            if node in chain:
                cycle = chain[chain.index(node):]
                if not in_cycle & set(cycle):
                    in_cycle |= set(cycle)
                    shown = " → ".join([*cycle, node])
                    for member in cycle:
                        ref = parent[member]
                        rel = f"cards/{member}/{AGENCY_FILE}"
                        out.append(diag(rel, ref.line, ref.column, codes.AGENCY_CYCLE, f"زنجیره‌ی دستگاه مادر چرخه دارد: {shown}", "parent"))
                break
            chain.append(node)
    return out
