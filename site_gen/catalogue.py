"""``load_catalogue(root)``: the one entry point that reads a catalogue.

Finds every file under ``cards/`` and ``licenses/``, validates each alone (in parallel on all
cores, reusing results cached by content hash), then runs the checks across files, and returns
the records with one :class:`~site_gen.report.Report`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .checks import check_catalogue
from .model import Agency, Licence, Service
from .model.vocab import RecordKind
from .record import FileResult, validate_file
from .report import Report, diag

TOP_FOLDERS = ("cards", "licenses")
CACHE_DIR = Path(".cache") / "site-gen"
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


def discover(root: Path) -> tuple[list[str], list[FileResult]]:
    """Relative paths of the candidate files, and results for entries that cannot be records."""
    files: list[str] = []
    problems: list[FileResult] = []
    for top in TOP_FOLDERS:
        base = root / top
        if not base.is_dir():
            continue
        for rel in _walk(base, top):
            path = root / rel
            if path.is_symlink() or path.is_file():
                files.append(rel)
            else:
                problems.append(FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پرونده‌ی معمولی")]))
    files.sort()
    return files, problems


def _walk(base: Path, rel: str) -> Iterator[str]:
    with os.scandir(base) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), child)
        else:
            yield child


def _fingerprint() -> str:
    """Changes whenever the validator's code changes, so a cache never outlives its code."""
    h = hashlib.blake2b(digest_size=16)
    pkg = Path(__file__).parent
    for path in sorted(pkg.rglob("*.py")):
        h.update(path.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


class _Cache:
    """Per-file results keyed by (path, content hash), stored in ``ROOT/.cache/site-gen``."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.path = root / CACHE_DIR / "validate.pickle"
        self.enabled = enabled
        self.entries: dict[str, tuple[bytes, FileResult]] = {}
        self.fingerprint = _fingerprint() if enabled else ""
        if enabled:
            try:
                with open(self.path, "rb") as fh:
                    stored = pickle.load(fh)
                if stored.get("fingerprint") == self.fingerprint:
                    self.entries = stored["entries"]
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ValueError):
                self.entries = {}

    def get(self, rel: str, digest: bytes) -> FileResult | None:
        hit = self.entries.get(rel)
        return hit[1] if hit is not None and hit[0] == digest else None

    def save(self, fresh: dict[str, tuple[bytes, FileResult]]) -> None:
        if not self.enabled:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump({"fingerprint": self.fingerprint, "entries": fresh}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only catalogue is validated without a cache


_ROOT = ""


def _init_worker(root: str) -> None:
    global _ROOT
    _ROOT = root


def _validate_chunk(chunk: list[str]) -> list[FileResult]:
    return [validate_file(_ROOT, rel) for rel in chunk]


def _validate_chunk_keep(chunk: list[str]) -> list[FileResult]:
    return [validate_file(_ROOT, rel, keep_record=True) for rel in chunk]


def validate_files(
    root: Path,
    files: list[str],
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    keep_records: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Validate each file alone: cached results where the content is unchanged, the rest in parallel."""
    cache = _Cache(root, use_cache and not keep_records)
    results: dict[str, FileResult] = {}
    fresh: dict[str, tuple[bytes, FileResult]] = {}
    todo: list[str] = []
    digests: dict[str, bytes] = {}
    for rel in files:
        path = root / rel
        if path.is_symlink():
            todo.append(rel)
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            results[rel] = FileResult(rel, None, [diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}")])
            continue
        digest = _digest(raw)
        digests[rel] = digest
        hit = cache.get(rel, digest)
        if hit is not None:
            results[rel] = hit
            fresh[rel] = (digest, hit)
        else:
            todo.append(rel)

    jobs = jobs or os.cpu_count() or 1
    done = len(results)
    if progress:
        progress(done, len(files))
    if len(todo) < PARALLEL_THRESHOLD or jobs == 1:
        for rel in todo:
            results[rel] = validate_file(str(root), rel, keep_record=keep_records)
            done += 1
            if progress and done % 100 == 0:
                progress(done, len(files))
    else:
        size = max(16, min(256, len(todo) // (jobs * 8) or 1))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        worker = _validate_chunk_keep if keep_records else _validate_chunk
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(str(root),)) as pool:
            for chunk_results in pool.map(worker, chunks):
                for r in chunk_results:
                    results[r.rel] = r
                done += len(chunk_results)
                if progress:
                    progress(done, len(files))
    for rel in todo:
        if rel in digests:
            r = results[rel]
            fresh[rel] = (digests[rel], FileResult(r.rel, r.kind, r.diagnostics, r.summary))
    if cache.enabled and (todo or len(fresh) != len(cache.entries)):
        cache.save(fresh)
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
) -> tuple[Catalogue, Report]:
    """Read and check the catalogue at ``root``; records are kept only with ``keep_records``."""
    root = Path(root)
    files, problems = discover(root)
    results = problems + validate_files(
        root, files, jobs=jobs, use_cache=use_cache, keep_records=keep_records, progress=progress
    )
    report = Report(files=len(results), strict=strict)
    for r in results:
        report.extend(r.diagnostics)
    cross, completeness = check_catalogue(results, complete=complete)
    report.extend(cross)
    report.completeness = completeness
    catalogue = Catalogue(root)
    for r in results:
        if r.summary is None:
            continue
        s = r.summary
        catalogue.paths[(s.kind, s.agency, s.slug)] = r.rel
        if r.record is None:
            continue
        if s.kind is RecordKind.AGENCY:
            catalogue.agencies[s.agency] = r.record
        elif s.kind is RecordKind.SERVICE:
            catalogue.services[(s.agency, s.slug)] = r.record
        else:
            catalogue.licences[(s.agency, s.slug)] = r.record
    return catalogue, report


def missing_roots(root: Path | str) -> list[str]:
    """The top folders a catalogue needs that ``root`` lacks."""
    return [top for top in TOP_FOLDERS if not (Path(root) / top).is_dir()]

