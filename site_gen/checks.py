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


def check_catalogue(results: Iterable[FileResult], *, complete: bool = False) -> tuple[list[Diagnostic], dict[str, Completeness]]:
    results = sorted(results, key=lambda r: r.rel)
    out: list[Diagnostic] = []
    agencies: dict[str, Summary] = {}
    agency_files: set[str] = set()
    records: dict[RecordKind, set[tuple[str, str]]] = {RecordKind.SERVICE: set(), RecordKind.LICENCE: set()}
    valid: list[tuple[str, Summary]] = []
    placed: list[tuple[str, str]] = []  # (rel, agency) of services and licences
    for r in results:
        kind, agency, slug = classify(r.rel)
        if kind is RecordKind.AGENCY:
            agency_files.add(agency)
        elif kind is not None:
            records[kind].add((agency, slug))
            placed.append((r.rel, agency))
        if r.summary is not None:
            valid.append((r.rel, r.summary))
            if r.summary.kind is RecordKind.AGENCY:
                agencies[r.summary.agency] = r.summary
    names = {s.name: slug for slug, s in agencies.items()}

    # every folder under cards/ and licenses/ belongs to a registered agency
    reported: set[str] = set()
    for rel, agency in placed:
        if agency not in agency_files and agency not in reported:
            reported.add(agency)
            out.append(
                diag(rel, 1, 1, codes.MISSING_AGENCY_FILE, f"دستگاه {agency!r} ثبت نشده است: پرونده‌ی cards/{agency}/{AGENCY_FILE} وجود ندارد")
            )

    # most references are slugs that resolve: decide those from sets alone, cheaply
    shaped: dict[str, bool] = {}
    for rel, s in valid:
        for ref in s.refs:
            value = ref.value
            is_ref = shaped.get(value)
            if is_ref is None:
                is_ref = shaped[value] = is_reference(value)
            if is_ref:
                if ref.target is RecordKind.AGENCY:
                    if value in agency_files:
                        continue
                else:
                    agency, _, slug = value.rpartition("/")
                    if (agency or s.agency, slug) in records[ref.target]:
                        continue
            d = _resolve(rel, s, ref, agency_files, records, names)
            if d is not None:
                out.append(d)

    out += _duplicate_ids(valid, RecordKind.SERVICE)
    out += _duplicate_ids(valid, RecordKind.LICENCE)
    out += _cycles(agencies)

    completeness: dict[str, Completeness] = {}
    for rel, s in valid:
        c = completeness.setdefault(s.agency, Completeness(s.agency))
        c.records += 1
        c.stated += s.stated
        c.total += s.total
        if complete and s.kind is not RecordKind.AGENCY:
            for key, label, line, col in s.not_stated:
                out.append(diag(rel, line, col, codes.NOT_STATED, f"فیلد فرم «{label}» اعلام نشده است؛ شناسنامه‌ی جدید باید همه‌ی فیلدهای فرم را داشته باشد", key))
    return out, completeness


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


def _duplicate_ids(valid: list[tuple[str, Summary]], kind: RecordKind) -> list[Diagnostic]:
    seen: dict[str, list[tuple[str, str, str, int, int]]] = defaultdict(list)
    for rel, s in valid:
        if s.kind is kind:
            for value, key, line, col in s.ids:
                seen[value.casefold()].append((value, rel, key, line, col))
    out = []
    what = "خدمات" if kind is RecordKind.SERVICE else "مجوزها"
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
