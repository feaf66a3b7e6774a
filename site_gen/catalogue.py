"""``load_catalogue(root)``: the one entry point that reads a catalogue.

Finds every file under ``cards/`` and ``licenses/``, validates each alone (in parallel on all
cores, or only the files whose content changed since the last run), then runs the checks across
files (or updates their conclusions for the changed files), and returns the records with one
:class:`~site_gen.report.Report`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codes
from .cache import SIG_SIZE, Store, digest, pack, sig_entry, signature, unpack
from .checks import CrossState, check_results
from .model.kind import RecordKind
from .prewarm import Prewarm, start_prewarm
from .report import Diagnostic, Report, diag
from .summary import FileResult, classify

if TYPE_CHECKING:
    from .model import Agency, Licence, Service

TOP_FOLDERS = ("cards", "licenses")
#: Below this many files to validate, a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass
class Catalogue:
    """The valid records of a catalogue, keyed by (agency, slug)."""

    root: Path
    agencies: dict[str, Agency] = field(default_factory=dict)
    services: dict[tuple[str, str], Service] = field(default_factory=dict)
    licences: dict[tuple[str, str], Licence] = field(default_factory=dict)
    paths: dict[tuple[RecordKind, str, str], str] = field(default_factory=dict)
    #: A cached run's state, kept as long as the catalogue: the CLI exits without freeing it.
    retained: object = None


def is_ignored(rel: str) -> bool:
    """The one file-selection rule: a path (or a single name) with a part that begins with «.»
    is not part of the catalogue. The validator, ``diff`` and ``codeowners`` all use it."""
    return any(part.startswith(".") for part in rel.split("/"))


def discover(root: Path, *, sort: bool = True) -> tuple[dict[str, os.stat_result | None], list[FileResult]]:
    """Candidate files (relative path → ``lstat``, ``None`` for a symlink), sorted unless
    ``sort`` is false, and results for entries that cannot be records. One directory scan
    gives both names and signatures."""
    files: dict[str, os.stat_result | None] = {}
    problems: list[FileResult] = []
    for top in TOP_FOLDERS:
        base = os.path.join(root, top)
        if os.path.isdir(base):
            _walk(base, top, files, problems)
    return (dict(sorted(files.items())) if sort else files), problems


def _walk(base: str, rel: str, files: dict[str, os.stat_result | None], problems: list[FileResult]) -> None:
    with os.scandir(base) as it:
        for entry in it:
            if is_ignored(entry.name):
                continue
            child = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, child, files, problems)
            elif entry.is_symlink():
                files[child] = None
            elif entry.is_file(follow_symlinks=False):
                try:
                    files[child] = entry.stat(follow_symlinks=False)
                except OSError:
                    files[child] = None
            else:
                problems.append(FileResult(child, None, [diag(child, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پرونده‌ی معمولی")]))


_ROOT = ""


def _init_worker(root: str) -> None:
    global _ROOT
    _ROOT = root


def _validate_chunk(chunk: list[str]) -> list[FileResult]:
    from .record import validate_file

    return [validate_file(_ROOT, rel) for rel in chunk]


def _validate_chunk_keep(chunk: list[str]) -> list[FileResult]:
    from .record import validate_file

    return [validate_file(_ROOT, rel, keep_record=True) for rel in chunk]


def _validate_all(
    root: Path,
    todo: list[str],
    *,
    jobs: int | None,
    keep_records: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Validate each file alone: in this process when few, else on every core."""
    base = str(root)
    jobs = jobs or os.cpu_count() or 1
    if not todo:
        return []
    from .record import validate_file  # imports pydantic and the models: only when needed

    results: list[FileResult] = []
    if len(todo) < PARALLEL_THRESHOLD or jobs == 1:
        for rel in todo:
            results.append(validate_file(base, rel, keep_record=keep_records))
            if progress and len(results) % 100 == 0:
                progress(len(results))
        return results
    size = max(16, min(256, len(todo) // (jobs * 8) or 1))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    worker = _validate_chunk_keep if keep_records else _validate_chunk
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(base,)) as pool:
        for chunk_results in pool.map(worker, chunks):
            results += chunk_results
            if progress:
                progress(len(results))
    return results


def load_catalogue(
    root: Path | str,
    *,
    complete: bool = False,
    strict: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    keep_records: bool = False,
    progress: Callable[[int, int], None] | None = None,
    prewarm: Prewarm | None = None,
) -> tuple[Catalogue, Report]:
    """Read and check the catalogue at ``root``.

    With ``keep_records`` the typed records come back in the catalogue (the site needs them);
    otherwise results are reused from the store of earlier runs (``use_cache``), and the
    catalogue carries no records."""
    root = Path(root)
    gc_was_on = gc.isenabled()
    gc.disable()  # a run allocates many small tuples and frees them together at exit
    try:
        if keep_records or not use_cache:
            return _load_uncached(root, complete, strict, jobs, keep_records, progress)
        if prewarm is None:
            prewarm = start_prewarm(root)  # start loading the models before the scan
        catalogue = Catalogue(root)
        return catalogue, _validate_cached(catalogue, complete, strict, jobs, prewarm)
    finally:
        if gc_was_on:
            gc.enable()


def _load_uncached(
    root: Path,
    complete: bool,
    strict: bool,
    jobs: int | None,
    keep_records: bool,
    progress: Callable[[int, int], None] | None,
) -> tuple[Catalogue, Report]:
    files, problems = discover(root)
    if progress:
        progress(0, len(files))
    results = problems + _validate_all(root, list(files), jobs=jobs, keep_records=keep_records, progress=progress and (lambda n: progress(n, len(files))))
    rels = {**files, **{p.rel: None for p in problems}}
    cross, extra = check_results(results, rels, complete=complete)
    report = _report(len(results), strict, (d for r in results for d in r.diagnostics), cross, extra)
    catalogue = Catalogue(root)
    for r in results:
        if r.summary is None:
            continue
        s = r.summary
        catalogue.paths[(s.kind, s.agency, s.slug)] = r.rel
        record: Any = r.record
        if record is None:
            continue
        if s.kind is RecordKind.AGENCY:
            catalogue.agencies[s.agency] = record
        elif s.kind is RecordKind.SERVICE:
            catalogue.services[(s.agency, s.slug)] = record
        else:
            catalogue.licences[(s.agency, s.slug)] = record
    return catalogue, report


def _report(files: int, strict: bool, own: Iterable[Diagnostic], cross: CrossState, extra: list[Diagnostic]) -> Report:
    report = Report(files=files, strict=strict)
    report.extend(own)
    report.extend(cross.diagnostics())
    report.extend(extra)
    report.completeness = cross.completeness()
    return report


def _validate_cached(catalogue: Catalogue, complete: bool, strict: bool, jobs: int | None, prewarm: Prewarm | None) -> Report:
    """Validate with the store of earlier runs: only files whose content changed are read again
    and validated. When the list of files is the same and no agency file changed, the checks
    across files are updated for the changed files alone; otherwise they run on every file."""
    root = catalogue.root
    files, problems = discover(root, sort=False)
    store = Store(root)
    catalogue.retained = (store, files)
    sigs = store.table("sigs")
    todo: list[str] = []
    pending: dict[str, tuple[os.stat_result, bytes]] = {}
    known = 0
    base = str(root)
    for rel, st in files.items():
        if st is None:  # a symlink, or gone since the scan: validate_file says which
            todo.append(rel)
            continue
        stored = sigs.get(rel)
        if stored is not None:
            known += 1
            if stored.startswith(signature(st)):
                continue
        try:
            with open(f"{base}/{rel}", "rb") as fh:
                dig = digest(fh.read())
        except OSError as exc:
            problems.append(FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}")]))
            continue
        if stored is not None and stored[SIG_SIZE:] == dig:
            store.set("sigs", rel, sig_entry(st, dig))
        else:
            todo.append(rel)
            pending[rel] = (st, dig)
    for p in problems:
        files.pop(p.rel, None)

    if prewarm is not None and (not todo or len(todo) >= PARALLEL_THRESHOLD):
        prewarm.cancel()
        prewarm = None
    if prewarm is not None:
        prewarm.submit(base, todo)
    incremental = (
        known == len(files) == len(sigs)
        and not problems
        and store.loaded
        and not complete
        and all(classify(rel)[0] is not RecordKind.AGENCY for rel in todo)
    )
    if todo:  # read the old results while the child validates the new ones
        blobs = store.table("blobs")
        if incremental:
            store.table("ids")
    fresh = prewarm.results() if prewarm is not None else None
    if fresh is None:
        fresh = _validate_all(root, todo, jobs=jobs)

    if incremental:
        cross = CrossState(store.table("refs"), store.table("meta"), store.table("ids") if fresh else None)
        for r in fresh:
            old = unpack(r.rel, blobs[r.rel]).summary
            for table, changes in cross.replace(r.rel, old, r.summary, files).items():
                store.record(table, changes)
            _store_result(store, r, pending)
        if fresh:
            store.record("meta", cross.refresh_duplicates())
        extra: list[Diagnostic] = []
    else:
        blobs = store.table("blobs")
        fresh_by_rel = {r.rel: r for r in fresh}
        results = problems + [fresh_by_rel[rel] if rel in fresh_by_rel else unpack(rel, blobs[rel]) for rel in sorted(files)]
        rels = {**files, **{p.rel: None for p in problems}}
        cross, extra = check_results(results, rels, complete=complete)
        for r in fresh:
            _store_result(store, r, pending)
        kept = [rel for rel, st in files.items() if st is not None and rel in sigs]
        store.replace({
            "sigs": {rel: sigs[rel] for rel in kept},
            "blobs": {rel: blobs[rel] for rel in kept},
            "diags": {r.rel: tuple(tuple(d) for d in r.diagnostics) for r in results if r.diagnostics and r.rel in sigs},
            "refs": cross.refs,
            "ids": cross.ids,
            "meta": cross.meta,
        })
    own = [Diagnostic(*d) for ds in store.table("diags").values() for d in ds]
    own += [d for r in fresh if r.rel not in pending for d in r.diagnostics]
    own += [d for p in problems for d in p.diagnostics]
    report = _report(len(files) + len(problems), strict, own, cross, extra)
    store.save()
    return report


def _store_result(store: Store, r: FileResult, pending: dict[str, tuple[os.stat_result, bytes]]) -> None:
    """Keep a fresh result: its signature, result and diagnostics (files without a digest, such
    as symlinks, are validated every run and not kept)."""
    if r.rel not in pending:
        return
    st, dig = pending[r.rel]
    store.set("sigs", r.rel, sig_entry(st, dig))
    store.set("blobs", r.rel, pack(r))
    store.set("diags", r.rel, tuple(tuple(d) for d in r.diagnostics) or None)


def missing_roots(root: Path | str) -> list[str]:
    """The top folders a catalogue needs that ``root`` lacks."""
    return [top for top in TOP_FOLDERS if not (Path(root) / top).is_dir()]

