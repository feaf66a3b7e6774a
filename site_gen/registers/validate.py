"""``registers/`` → typed records and diagnostics, through the cards' loader and report.

Each file is read by :func:`site_gen.load.load_bytes` (every text rule of FORMAT.md, with the
same codes and positions), typed by its model (the same Persian messages,
:func:`site_gen.model.errors.translate`), then checked alone (the model's ``problems()``, the
path rules, the date rules against the day of the build). What the checks across files need
is kept as :class:`RegRef`; :mod:`.checks` resolves them once every file is read.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import codes
from ..report import Diagnostic, diag
from . import TOP, TYPES
from .dates import today as build_day

if TYPE_CHECKING:
    from ..model.registers import (
        Body,
        Certificate,
        ProgrammeProject,
        Project,
        StrategicDocument,
        Technologies,
    )

#: The Persian name of each register type (messages, pages).
NAMES: dict[str, str] = {
    "technologies": "فناوری‌ها و استانداردها",
    "projects": "طرح‌های قابل مشارکت",
    "bodies": "نهادهای احراز صلاحیت‌شده",
    "certificates": "گواهی‌های مشارکت",
    "programme": "برنامهٔ گذار",
    "documents": "اسناد",
}


class RegRef(NamedTuple):
    """A reference from a register record: what it must resolve to and where it is written."""

    target: str  # agency, service, project, body, certificate, document
    value: str
    agency: str  # the agency a bare service slug belongs to
    key: str
    line: int
    column: int
    text_ok: bool = False


@dataclass
class RegResult:
    rel: str
    type: str | None
    key: Any
    diagnostics: list[Diagnostic]
    record: Any = None
    refs: list[RegRef] = field(default_factory=list)


@dataclass
class Registers:
    """The valid register records of a catalogue, keyed like their files."""

    today: str = ""
    technologies: dict[str, Technologies] = field(default_factory=dict)
    projects: dict[tuple[str, str], Project] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)
    programme: dict[str, ProgrammeProject] = field(default_factory=dict)
    documents: dict[str, StrategicDocument] = field(default_factory=dict)
    #: ``(type, key)`` → the file, relative to the root.
    paths: dict[tuple[str, Any], str] = field(default_factory=dict)
    #: Whether the catalogue has a ``registers/`` folder at all.
    present: bool = False

    def table(self, type_: str) -> dict[Any, Any]:
        return getattr(self, type_)

    def count(self) -> int:
        return sum(len(self.table(t)) for t in TYPES)


def classify(rel: str) -> tuple[str | None, Any]:
    """Register type and key (agency, slug or (agency, slug)) of a path under ``registers/``;
    ``(None, None)`` when the path is no register file's place."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != TOP or parts[1] not in TYPES or len(parts) != TYPES[parts[1]]:
        return None, None
    stem = parts[-1][:-5] if parts[-1].endswith(".yaml") else parts[-1]
    if parts[1] == "projects":
        return parts[1], (parts[2], stem)
    return parts[1], stem


def discover(root: Path, stats: dict[str, list[int]] | None = None) -> tuple[list[str], list[RegResult]]:
    """Every candidate file under ``registers/`` (sorted) and results for entries that cannot be
    register files (symlinks are candidates: :func:`validate_file` says what they are)."""
    from ..catalogue import is_ignored

    files: list[str] = []
    problems: list[RegResult] = []
    base = os.path.join(root, TOP)
    if not os.path.isdir(base):
        if os.path.lexists(base):
            problems.append(RegResult(TOP, None, None, [diag(TOP, 1, 1, codes.NOT_A_FOLDER, f"انتظار می‌رفت پوشهٔ {TOP}/، اما چیزی جز پوشه آمده است")]))
        return files, problems

    def walk(path: str, rel: str) -> None:
        with os.scandir(path) as it:
            for entry in it:
                if is_ignored(entry.name):
                    continue
                child = f"{rel}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, child)
                elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    files.append(child)
                    if stats is not None:  # the signature of the result cache, from the same scan
                        try:
                            st = entry.stat(follow_symlinks=False)
                            stats[child] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
                        except OSError:
                            pass
                else:
                    problems.append(RegResult(child, None, None, [diag(child, 1, 1, codes.MISPLACED_FILE, "انتظار می‌رفت پروندهٔ معمولی")]))

    walk(base, TOP)
    files.sort()
    return files, problems


def validate_registers(
    root: Path | str, *, today: str | None = None, jobs: int | None = None, use_cache: bool = False, keep_records: bool = True
) -> tuple[Registers, list[Diagnostic], int]:
    """Read and check ``ROOT/registers``: the records, every diagnostic (alone and across files)
    and the number of files. A catalogue without ``registers/`` gives none of them.

    With ``use_cache`` (and no records wanted) a file whose signature and the day of the build
    are those of an earlier run takes that run's result from ``ROOT/.cache/site-gen/``; only the
    checks across files run again."""
    from .checks import check_across

    root = Path(root)
    day = today or build_day()
    regs = Registers(today=day, present=os.path.isdir(root / TOP))
    scan_ns = time.time_ns()
    sigs: dict[str, list[int]] = {}
    files, problems = discover(root, sigs)
    cached = _read_cache(root, day) if use_cache and not keep_records else {}
    reused: list[RegResult] = []
    todo: list[str] = []
    for rel in files:
        sig = sigs.get(rel)
        entry = cached.get(rel)
        if sig is not None and entry is not None and entry[0] == sig:
            reused.append(entry[1])
        else:
            todo.append(rel)
    fresh = _validate_all(str(root), todo, day, jobs)
    results = sorted(problems + reused + fresh, key=lambda r: r.rel)
    for r in results:
        if r.record is not None and r.type is not None:
            regs.table(r.type)[r.key] = r.record
            regs.paths[(r.type, r.key)] = r.rel
    if use_cache and not keep_records and (fresh or len(cached) != len(reused)):
        _write_cache(root, day, scan_ns, sigs, reused + fresh)
    out = [d for r in results for d in r.diagnostics]
    out += check_across(root, results, set(files))
    return regs, out, len(results)


# --- the cache of results -------------------------------------------------------------------------

CACHE_FILE = ("registers.json",)
_VERSION = 1
#: A file changed less than this long before the scan may change again within the same
#: timestamp: its result is not kept (as for the cards' store).
RACY_NS = 2_000_000_000


#: What the registers cache's MAC signs (BLAKE2b personalisation).
_PERSON = b"site-gen-regs"


def _cache_path(root: Path) -> Path:
    from ..cache import CACHE_DIR

    return root / CACHE_DIR / Path(*CACHE_FILE)


def _read_cache(root: Path, day: str) -> dict[str, tuple[list[int], RegResult]]:
    """The kept results (plain JSON: nothing in it can run), or none when absent, of another
    day, another version, damaged, or not signed with this user's store key (a cache that came
    with a checkout or a merge request could otherwise pass an invalid file as valid)."""
    import hmac

    from ..cache import sign

    try:
        mac, _, body = _cache_path(root).read_bytes().partition(b"\n")
        expected = sign(_PERSON, body)
        if expected is None or not hmac.compare_digest(mac, expected.hex().encode("ascii")):
            return {}
        data = json.loads(body.decode("utf-8"))
        if data.get("version") != _VERSION or data.get("day") != day:
            return {}
        out = {}
        for rel, (sig, type_, key, diags, refs) in data["files"].items():
            result = RegResult(
                rel, type_, tuple(key) if isinstance(key, list) else key,
                [Diagnostic(*d) for d in diags], None, [RegRef(*r) for r in refs],
            )
            out[rel] = ([int(x) for x in sig], result)
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _write_cache(root: Path, day: str, scan_ns: int, sigs: dict[str, list[int]], results: list[RegResult]) -> None:
    files = {}
    for r in results:
        sig = sigs.get(r.rel)
        if sig is None or sig[1] >= scan_ns - RACY_NS:
            continue  # changed too recently to trust its timestamp
        files[r.rel] = [sig, r.type, list(r.key) if isinstance(r.key, tuple) else r.key, [list(d) for d in r.diagnostics], [list(x) for x in r.refs]]
    path = _cache_path(root)
    try:
        if path.parent.is_symlink() or path.is_symlink():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        body = json.dumps({"version": _VERSION, "day": day, "files": files}, ensure_ascii=False).encode("utf-8")
        from ..cache import sign

        mac = sign(_PERSON, body)
        if mac is None:
            return  # no key: nothing kept that a later run could not check
        tmp.write_bytes(mac.hex().encode("ascii") + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        pass


_ROOT = ""
_DAY = ""


def _init(root: str, day: str) -> None:
    global _ROOT, _DAY
    _ROOT, _DAY = root, day


def _chunk(rels: list[str]) -> list[RegResult]:
    from .records import validate_file

    return [validate_file(_ROOT, rel, _DAY) for rel in rels]


#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 256


def _validate_all(root: str, files: list[str], day: str, jobs: int | None) -> list[RegResult]:
    if not files:
        return []
    from .records import validate_file

    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        return [validate_file(root, rel, day) for rel in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, min(256, len(files) // (jobs * 8) or 1))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    out: list[RegResult] = []
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init, initargs=(root, day)) as pool:
        for part in pool.map(_chunk, chunks):
            out += part
    return out
