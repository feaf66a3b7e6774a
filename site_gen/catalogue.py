"""``load_catalogue(root)``: the one entry point that reads a catalogue.

Finds every file under ``cards/`` and ``licenses/``, validates each alone (in parallel on all
cores, or only the files whose content changed since the last run), then runs the checks across
files (or updates their conclusions for the changed files), and returns the records with one
:class:`~site_gen.report.Report`.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codes
from .cache import SIG_SIZE, Store, StoreDamaged, digest, pack, sig_entry, signature, unpack
from .checks import CrossState, check_results
from .model.kind import RecordKind
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
    #: The records under ``registers/`` (:class:`site_gen.registers.validate.Registers`).
    registers: Any = None


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
        elif os.path.lexists(base):  # a file where a folder belongs: never "0 files: valid"
            problems.append(FileResult(top, None, [diag(top, 1, 1, codes.NOT_A_FOLDER, f"انتظار می‌رفت پوشهٔ {top}/، اما {_what(base)} آمده است")]))
    if not problems and not any(os.path.isdir(os.path.join(root, top)) for top in TOP_FOLDERS):
        problems.append(FileResult(TOP_FOLDERS[0], None, [diag(TOP_FOLDERS[0], 1, 1, codes.NO_CATALOGUE, "انتظار می‌رفت پوشهٔ cards/ یا licenses/، اما هیچ‌کدام نیامده است؛ این پوشه کاتالوگ نیست")]))
    return (dict(sorted(files.items())) if sort else files), problems


def _what(path: str) -> str:
    if os.path.islink(path):
        return "پیوند نمادینی به جایی که پوشه نیست"
    return "پروندهٔ معمولی" if os.path.isfile(path) else "چیزی جز پوشه"


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
                problems.append(FileResult(child, None, [diag(child, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پروندهٔ معمولی")]))


_ROOT = ""


def _init_worker(root: str) -> None:
    global _ROOT
    _ROOT = root


def _validate_chunk(chunk: list[tuple[str, bytes | None]]) -> list[FileResult]:
    from .record import validate_file

    return [validate_file(_ROOT, rel, raw) for rel, raw in chunk]


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
    raws: dict[str, bytes] | None = None,
) -> list[FileResult]:
    """Validate each file alone: in this process when few, else on every core. A file in
    ``raws`` is validated from those bytes (the ones its digest was taken from), not read again."""
    base = str(root)
    jobs = jobs or os.cpu_count() or 1
    if not todo:
        return []
    from .record import validate_file  # imports pydantic and the models: only when needed

    results: list[FileResult] = []
    raws = raws or {}
    if len(todo) < PARALLEL_THRESHOLD or jobs == 1:
        for rel in todo:
            results.append(validate_file(base, rel, raws.get(rel), keep_record=keep_records))
            if progress and len(results) % 100 == 0:
                progress(len(results))
        return results
    size = max(16, min(256, len(todo) // (jobs * 8) or 1))
    if keep_records:
        worker: Callable[[Any], list[FileResult]] = _validate_chunk_keep
        chunks: list[Any] = [todo[i : i + size] for i in range(0, len(todo), size)]
    else:
        worker = _validate_chunk
        chunks = [[(rel, raws.get(rel)) for rel in todo[i : i + size]] for i in range(0, len(todo), size)]
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
            return _with_registers(*_load_uncached(root, complete, strict, jobs, keep_records, progress), jobs, use_cache, keep_records)
        catalogue = Catalogue(root)
        return _with_registers(catalogue, _validate_cached(catalogue, complete, strict, jobs), jobs, True, False)
    finally:
        if gc_was_on:
            gc.enable()


def _with_registers(catalogue: Catalogue, report: Report, jobs: int | None, use_cache: bool = False, keep_records: bool = True) -> tuple[Catalogue, Report]:
    """Add ``registers/`` (when the catalogue has it) to the records and the report."""
    if not os.path.lexists(catalogue.root / "registers"):
        return catalogue, report
    from .registers.validate import validate_registers

    catalogue.registers, found, files = validate_registers(catalogue.root, jobs=jobs, use_cache=use_cache, keep_records=keep_records)
    report.extend(found)
    report.files += files
    return catalogue, report


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


def _validate_cached(catalogue: Catalogue, complete: bool, strict: bool, jobs: int | None) -> Report:
    """Validate with the store of earlier runs (see :func:`_validate_with_store`). A store
    whose table turns out damaged when read is dropped: the run starts again without it."""
    try:
        return _validate_with_store(catalogue, Store(catalogue.root), complete, strict, jobs)
    except StoreDamaged:
        return _validate_with_store(catalogue, Store(catalogue.root, read=False), complete, strict, jobs)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _read_regular(path: str) -> bytes | None:
    """The bytes of the regular file at ``path``, read once, never through a symlink (``OSError``
    with ``ELOOP`` then); ``None`` when it is something else now (a pipe, a device)."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        chunks = []
        size = st.st_size + 1  # one more: a file that grew is read to its end
        while chunk := os.read(fd, max(size, 1 << 16)):
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def _validate_with_store(catalogue: Catalogue, store: Store, complete: bool, strict: bool, jobs: int | None) -> Report:
    """Only files whose content changed since the store was written are validated. When the list
    of files is the same and no agency file changed, the checks across files are updated for
    the changed files alone; otherwise they run on every file.

    Each changed file is read once: its digest and its result come from the same bytes, so an
    edit during the run cannot leave one file's result stored under another content's digest.
    The signature stored with them was taken before the read, so any later edit changes it."""
    try:
        return _run_with_store(catalogue, store, complete, strict, jobs)
    except StoreDamaged:
        store.close()
        raise


def _run_with_store(catalogue: Catalogue, store: Store, complete: bool, strict: bool, jobs: int | None) -> Report:
    root = catalogue.root
    scan_ns = time.time_ns()  # signatures are taken after this: the racy window counts from here
    files, problems = discover(root, sort=False)
    catalogue.retained = (store, files)
    sigs = store.table("sigs")
    todo: list[str] = []
    pending: dict[str, tuple[os.stat_result, bytes]] = {}
    raws: dict[str, bytes] = {}
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
            raw = _read_regular(f"{base}/{rel}")
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symlink since the scan: validate_file says so
                todo.append(rel)
            else:
                problems.append(FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}")]))
            continue
        if raw is None:
            problems.append(FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پروندهٔ معمولی")]))
            continue
        dig = digest(raw)
        if stored is not None and stored[SIG_SIZE:] == dig:
            store.set("sigs", rel, sig_entry(st, dig, scan_ns))
        else:
            todo.append(rel)
            pending[rel] = (st, dig)
            raws[rel] = raw
    for p in problems:
        files.pop(p.rel, None)

    incremental = (
        known == len(files) == len(sigs)
        and not problems
        and store.loaded
        and not complete
        and all(classify(rel)[0] is not RecordKind.AGENCY for rel in todo)
    )
    if todo:
        blobs = store.table("blobs")
        if incremental:
            store.table("ids")
    fresh = _validate_all(root, todo, jobs=jobs, raws=raws)
    # a file that became a symlink after it was read: reported, and no longer kept
    gone = [r.rel for r in fresh if r.rel in pending and any(d.code == codes.SYMLINK for d in r.diagnostics)]
    for rel in gone:
        del pending[rel]

    if incremental:
        cross = CrossState(store.table("refs"), store.table("meta"), store.table("ids") if fresh else None)
        for r in fresh:
            old = _stored(blobs, r.rel).summary
            for table, changes in cross.replace(r.rel, old, r.summary, files).items():
                store.record(table, changes)
            _store_result(store, r, pending, scan_ns)
        if fresh:
            store.record("meta", cross.refresh_duplicates())
        extra: list[Diagnostic] = []
    else:
        blobs = store.table("blobs")
        fresh_by_rel = {r.rel: r for r in fresh}
        results = problems + [fresh_by_rel[rel] if rel in fresh_by_rel else _stored(blobs, rel) for rel in sorted(files)]
        rels = {**files, **{p.rel: None for p in problems}}
        cross, extra = check_results(results, rels, complete=complete)
        for r in fresh:
            _store_result(store, r, pending, scan_ns)
        kept = [rel for rel, st in files.items() if st is not None and rel in sigs]
        store.replace({
            "sigs": {rel: sigs[rel] for rel in kept},
            "blobs": {rel: blobs[rel] for rel in kept},
            "diags": {r.rel: tuple(tuple(d) for d in r.diagnostics) for r in results if r.diagnostics and r.rel in sigs},
            "refs": cross.refs,
            "ids": cross.ids,
            "meta": cross.meta,
        })
    for rel in gone:
        for table in ("sigs", "blobs", "diags"):
            store.set(table, rel, None)
    own = [Diagnostic(*d) for ds in store.table("diags").values() for d in ds]
    own += [d for r in fresh if r.rel not in pending for d in r.diagnostics]
    own += [d for p in problems for d in p.diagnostics]
    report = _report(len(files) + len(problems), strict, own, cross, extra)
    store.save()
    return report


def _stored(blobs: dict[str, bytes], rel: str) -> FileResult:
    """A file's stored result; a store that lacks it is damaged."""
    blob = blobs.get(rel)
    if blob is None:
        raise StoreDamaged("blobs")
    return unpack(rel, blob)


def _store_result(store: Store, r: FileResult, pending: dict[str, tuple[os.stat_result, bytes]], scan_ns: int) -> None:
    """Keep a fresh result: its signature, result and diagnostics (files without a digest, such
    as symlinks, are validated every run and not kept)."""
    if r.rel not in pending:
        return
    st, dig = pending[r.rel]
    store.set("sigs", r.rel, sig_entry(st, dig, scan_ns))
    store.set("blobs", r.rel, pack(r))
    store.set("diags", r.rel, tuple(tuple(d) for d in r.diagnostics) or None)


def missing_roots(root: Path | str) -> list[str]:
    """The top folders a catalogue needs that ``root`` lacks (one that exists but is not a folder
    is not missing: validating reports it as ``not-a-folder``)."""
    return [top for top in TOP_FOLDERS if not os.path.lexists(Path(root) / top)]

