"""``load_catalogue(root)``: the one entry point that reads a catalogue.

Finds every file under ``cards/`` and ``licenses/``, validates each alone (in parallel on all
cores, reusing results cached by content hash), then runs the checks across files, and returns
the records with one :class:`~site_gen.report.Report`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codes
from .cache import ResultCache, Signature, digest, signature
from .checks import Checker
from .model.vocab import RecordKind
from .prewarm import Prewarm, start_prewarm
from .report import Report, diag
from .summary import FileResult

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


def discover(root: Path) -> tuple[dict[str, os.stat_result | None], list[FileResult]]:
    """Candidate files (relative path → ``lstat``, ``None`` for a symlink), sorted, and results
    for entries that cannot be records. One directory scan gives both names and signatures."""
    files: dict[str, os.stat_result | None] = {}
    problems: list[FileResult] = []
    for top in TOP_FOLDERS:
        base = os.path.join(root, top)
        if os.path.isdir(base):
            _walk(base, top, files, problems)
    return dict(sorted(files.items())), problems


def _walk(base: str, rel: str, files: dict[str, os.stat_result | None], problems: list[FileResult]) -> None:
    with os.scandir(base) as it:
        for entry in it:
            if entry.name.startswith("."):
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


def validate_files(
    root: Path,
    files: dict[str, os.stat_result | None],
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    keep_records: bool = False,
    progress: Callable[[int, int], None] | None = None,
    prewarm: Prewarm | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Validate each file alone: cached results where the content is unchanged, the rest in parallel."""
    cache = ResultCache(root, use_cache and not keep_records)
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    pending: dict[str, tuple[Signature, bytes]] = {}
    base = str(root)
    for rel, st in files.items():
        if st is None:  # a symlink, or gone since the scan: validate_file says which
            todo.append(rel)
            continue
        path = f"{base}/{rel}"
        try:
            sig = signature(st)
            if cache.enabled:
                hit = cache.lookup(rel, sig)
                if hit is not None:
                    results[rel] = hit
                    if on_result:
                        on_result(hit)
                    continue
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            results[rel] = FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}")])
            continue
        dig = digest(raw)
        hit = cache.lookup_content(rel, sig, dig) if cache.enabled else None
        if hit is not None:
            results[rel] = hit
            if on_result:
                on_result(hit)
        else:
            todo.append(rel)
            pending[rel] = (sig, dig)

    jobs = jobs or os.cpu_count() or 1
    done = len(results)
    if progress:
        progress(done, len(files))
    if prewarm is not None and (not todo or len(todo) >= PARALLEL_THRESHOLD):
        prewarm.cancel()
        prewarm = None
    if prewarm is not None:
        for r in prewarm.run(todo):
            results[r.rel] = r
        done += len(todo)
        todo_left: list[str] = []
    else:
        todo_left = todo
    if todo_left:
        from .record import validate_file  # imports pydantic and the models: only when needed
    if len(todo_left) < PARALLEL_THRESHOLD or jobs == 1:
        for rel in todo_left:
            results[rel] = validate_file(base, rel, keep_record=keep_records)
            done += 1
            if progress and done % 100 == 0:
                progress(done, len(files))
    else:
        size = max(16, min(256, len(todo) // (jobs * 8) or 1))
        chunks = [todo_left[i : i + size] for i in range(0, len(todo_left), size)]
        worker = _validate_chunk_keep if keep_records else _validate_chunk
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(base,)) as pool:
            for chunk_results in pool.map(worker, chunks):
                for r in chunk_results:
                    results[r.rel] = r
                done += len(chunk_results)
                if progress:
                    progress(done, len(files))
    if on_result:
        for rel in todo:
            on_result(results[rel])
    for rel, (sig, dig) in pending.items():
        cache.store(rel, sig, dig, results[rel])
    cache.save()
    return [results[rel] for rel in files if rel in results]


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
    """Read and check the catalogue at ``root``; records are kept only with ``keep_records``."""
    root = Path(root)
    gc_was_on = gc.isenabled()
    gc.disable()  # a run allocates many small tuples and frees them together at exit
    try:
        return _load_catalogue(root, complete, strict, jobs, use_cache, keep_records, progress, prewarm)
    finally:
        if gc_was_on:
            gc.enable()


def _load_catalogue(
    root: Path,
    complete: bool,
    strict: bool,
    jobs: int | None,
    use_cache: bool,
    keep_records: bool,
    progress: Callable[[int, int], None] | None,
    prewarm: Prewarm | None,
) -> tuple[Catalogue, Report]:
    if prewarm is None and use_cache and not keep_records:
        prewarm = start_prewarm(root)  # start loading the models before the scan
    files, problems = discover(root)
    checker = Checker([*files, *(p.rel for p in problems)], complete=complete)
    results = problems + validate_files(
        root, files, jobs=jobs, use_cache=use_cache, keep_records=keep_records, progress=progress, prewarm=prewarm, on_result=checker.add
    )
    report = Report(files=len(results), strict=strict)
    for r in results:
        report.extend(r.diagnostics)
    cross, completeness = checker.finish()
    report.extend(cross)
    report.completeness = completeness
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


def missing_roots(root: Path | str) -> list[str]:
    """The top folders a catalogue needs that ``root`` lacks."""
    return [top for top in TOP_FOLDERS if not (Path(root) / top).is_dir()]

