"""The validation state kept between runs: never stale, cheap when warm.

A file's result depends only on its path, its bytes and the validator's code. Each entry keeps
the content hash (BLAKE2b) and the file's ``lstat`` signature (size, mtime, ctime, inode). A file
whose signature is unchanged is not read again; any write changes ``ctime``, which no user can set
back. A signature taken less than :data:`RACY_NS` after the file changed is not trusted (the
"racy git" problem: a second edit within the same clock tick), so that file is hashed next time.
A changed signature means reading and hashing the file; unchanged content is still a hit.

Tables (dicts stored with :mod:`marshal`, several times faster to load than pickle):

- ``sigs``: file → packed signature + digest, the only per-file data a run with no change reads;
- ``diags``: file → its own diagnostics (files that have some);
- ``blobs``: file → its whole result, marshalled, read only when a file changed;
- ``refs``, ``ids``, ``meta``: what the checks across files concluded (see
  :class:`site_gen.checks.CrossState`), so that a run after a small edit updates those
  conclusions for the edited files instead of recomputing them from every file.

``validate.marshal`` holds every table; ``validate.delta.marshal`` the changes since, so that a
run after a small edit writes a small file.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import time
from pathlib import Path
from typing import Any

from .model.kind import RecordKind

try:  # the BLAKE2 module alone: hashlib would load OpenSSL first, a cost on every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (a Python built without it)
    from hashlib import blake2b
from .prewarm import CACHE_PARTS, STORE_NAME
from .report import Diagnostic
from .summary import FileResult, Ref, Summary

CACHE_DIR = Path(*CACHE_PARTS)
RACY_NS = 2_000_000_000
#: Past this many changed keys since the base was written, the base is rewritten.
DELTA_MAX = 2000
_FORMAT = 5
#: Read at the start of every run.
EAGER = ("sigs", "diags", "refs", "meta")
#: Read only when a file changed: the index of ids and every file's packed result.
LAZY = ("ids", "blobs")
TABLES = EAGER + LAZY

_SIG = struct.Struct("<4q")
#: The signature part of an entry that must be hashed again (taken within the racy window).
UNTRUSTED = _SIG.pack(-1, -1, -1, -1)
SIG_SIZE = _SIG.size


def signature(st: os.stat_result) -> bytes:
    """Size, mtime, ctime and inode, packed: the ``sigs`` table keeps it with the digest."""
    return _SIG.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def sig_entry(st: os.stat_result, dig: bytes) -> bytes:
    """The ``sigs`` value of a file: its signature, or :data:`UNTRUSTED` when it was taken too
    soon after the change to rule out a second one in the same clock tick, then its digest."""
    trusted = time.time_ns() - st.st_ctime_ns > RACY_NS
    return (signature(st) if trusted else UNTRUSTED) + dig


def digest(raw: bytes) -> bytes:
    return blake2b(raw, digest_size=16).digest()


def fingerprint() -> str:
    """Changes whenever the validator's code changes, so a cache never outlives its code."""
    h = blake2b(digest_size=16)
    pkg = os.path.dirname(__file__)
    for folder, dirs, names in sorted(os.walk(pkg)):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), "rb") as fh:
                    h.update(fh.read())
    h.update(sys.version.encode())
    return h.hexdigest()


_KINDS = {k.value: k for k in RecordKind}


def pack(r: FileResult) -> bytes:
    """A file's result as one marshalled blob."""
    s = r.summary
    packed_summary = None
    if s is not None:
        refs = tuple((ref.target.value, *ref[1:]) for ref in s.refs)
        packed_summary = (s.kind.value, s.agency, s.slug, s.name, s.ids, refs, s.stated, s.total, s.not_stated)
    return marshal.dumps((r.kind.value if r.kind else None, tuple(tuple(d) for d in r.diagnostics), packed_summary))


def unpack(rel: str, blob: bytes) -> FileResult:
    kind, diags, s = marshal.loads(blob)
    summary = None
    if s is not None:
        kinds = _KINDS
        refs = tuple([Ref(kinds[t[0]], *t[1:]) for t in s[5]])
        summary = Summary(kinds[s[0]], s[1], s[2], s[3], s[4], refs, s[6], s[7], s[8])
    return FileResult(rel, _KINDS[kind] if kind else None, [Diagnostic(*d) for d in diags], summary)


def _load(path: Path) -> Any:
    with open(path, "rb") as fh:
        return marshal.loads(fh.read())


def _apply(table: dict[Any, Any], patch: dict[Any, Any]) -> None:
    for key, value in patch.items():
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value


class Store:
    """Tables kept in ``ROOT/.cache/site-gen/``: a base file plus the changes since.

    The base file is a length, a head (format, fingerprint, base id, the :data:`EAGER` tables and
    where each :data:`LAZY` table lies), then the lazy tables, each marshalled on its own: a run
    reads the head, and a lazy table's bytes only on first use, from the same open file (a base
    written meanwhile by another run does not mix in). Every change goes through
    :meth:`set` or :meth:`record`; :meth:`replace` swaps every table at once (the next save
    rewrites the base). A store that cannot be read is empty; one that cannot be written (a
    read-only catalogue) is simply not saved.
    """

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.path = root / CACHE_DIR / STORE_NAME
        self.delta_path = root / CACHE_DIR / "validate.delta.marshal"
        self.enabled = enabled
        self.fingerprint = fingerprint() if enabled else ""
        self._tables: dict[str, dict[Any, Any]] = {}
        self._lazy: dict[str, tuple[int, int]] = {}  # table → (offset, length) in self._fh
        self._fh: Any = None
        self.patches: dict[str, dict[Any, Any]] = {t: {} for t in TABLES}
        self.base_id = ""
        self.dirty = False
        self.rewrite = False
        if enabled:
            self._read()

    def _read(self) -> None:
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 (kept open until save: lazy tables come from it)
        except OSError:
            return
        try:
            size = int.from_bytes(fh.read(8), "little")
            total = os.fstat(fh.fileno()).st_size
            if not 0 < size <= total - 8:  # not a store of this format
                fh.close()
                return
            head = marshal.loads(fh.read(size))
            complete = 8 + size + sum(length for _, length in head[4].values()) == total
            if head[0] != _FORMAT or head[1] != self.fingerprint or set(head[4]) != set(LAZY) or not complete:
                fh.close()
                return
            patches: dict[str, dict[Any, Any]] = {t: {} for t in TABLES}
            if self.delta_path.exists():
                delta = _load(self.delta_path)
                if delta[0] == _FORMAT and delta[1] == self.fingerprint and delta[2] == head[2]:
                    patches = delta[3]
            tables = head[3]
            for name in EAGER:
                _apply(tables[name], patches[name])
            start = 8 + size
            lazy = {name: (start + offset, length) for name, (offset, length) in head[4].items()}
            self._tables, self._lazy, self.patches, self.base_id, self._fh = tables, lazy, patches, head[2], fh
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            fh.close()
            self._tables, self._lazy, self.patches, self.base_id = {}, {}, {t: {} for t in TABLES}, ""

    def _lazy_bytes(self, name: str) -> bytes:
        offset, length = self._lazy.pop(name)
        self._fh.seek(offset)
        return bytes(self._fh.read(length))

    @property
    def loaded(self) -> bool:
        """The tables come from an earlier run of this same code."""
        return bool(self.base_id)

    def table(self, name: str) -> dict[Any, Any]:
        """One table, read from the base (and brought up to date) on first use."""
        table = self._tables.get(name)
        if table is None:
            table = marshal.loads(self._lazy_bytes(name)) if name in self._lazy else {}
            _apply(table, self.patches[name])
            self._tables[name] = table
        return table

    def set(self, name: str, key: Any, value: Any) -> None:
        """Set (or, with ``None``, delete) one key of one table."""
        table = self.table(name)
        if table.get(key) == value:
            return
        if value is None:
            del table[key]
        else:
            table[key] = value
        self.patches[name][key] = value
        self.dirty = True

    def record(self, name: str, changes: dict[Any, Any]) -> None:
        """Note keys that the caller already changed in ``self.table(name)`` (``None``: deleted)."""
        if changes:
            self.patches[name].update(changes)
            self.dirty = True

    def replace(self, tables: dict[str, dict[Any, Any]]) -> None:
        """Every table at once; the next :meth:`save` rewrites the base."""
        self._tables = {t: tables.get(t, {}) for t in TABLES}
        self._lazy = {}
        self.patches = {t: {} for t in TABLES}
        self.rewrite = self.dirty = True

    def save(self) -> None:
        try:
            if self.enabled and self.dirty:
                self._save()
        finally:
            if self._fh is not None:
                self._fh.close()
                self._fh = None

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            changed = sum(len(p) for p in self.patches.values())
            if self.base_id and not self.rewrite and changed <= DELTA_MAX:
                self._write(self.delta_path, marshal.dumps((_FORMAT, self.fingerprint, self.base_id, self.patches)))
                return
            lazy = [  # a table never read and never changed is written back as it came
                self._lazy_bytes(name) if name in self._lazy and not self.patches[name] else marshal.dumps(self.table(name))
                for name in LAZY
            ]
            eager = {name: self.table(name) for name in EAGER}
            index, offset = {}, 0  # offsets count from the end of the head
            for name, data in zip(LAZY, lazy, strict=True):
                index[name] = (offset, len(data))
                offset += len(data)
            head = marshal.dumps((_FORMAT, self.fingerprint, os.urandom(8).hex(), eager, index))
            self._write(self.path, b"".join([len(head).to_bytes(8, "little"), head, *lazy]))
            self.delta_path.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only catalogue is validated without a cache

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
