"""The per-file result cache: never stale, cheap when warm.

A file's result depends only on its path, its bytes and the validator's code. Each entry keeps
the content hash (BLAKE2b) and the file's ``lstat`` signature (size, mtime, ctime, inode). A file
whose signature is unchanged is not read again; any write changes ``ctime``, which no user can set
back. A signature taken less than :data:`RACY_NS` after the file changed is not trusted (the
"racy git" problem: a second edit within the same clock tick), so that file is hashed next time.
A changed signature means reading and hashing the file; unchanged content is still a hit.

Stored with :mod:`marshal` as plain tuples, which loads several times faster than pickle.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any

from .model.vocab import RecordKind
from .report import Diagnostic
from .summary import FileResult, Ref, Summary

CACHE_DIR = Path(".cache") / "site-gen"
RACY_NS = 2_000_000_000
DELTA_MAX = 500
_FORMAT = 2

Signature = tuple[int, int, int, int]


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def fingerprint() -> str:
    """Changes whenever the validator's code changes, so a cache never outlives its code."""
    h = hashlib.blake2b(digest_size=16)
    pkg = Path(__file__).parent
    for path in sorted(pkg.rglob("*.py")):
        h.update(path.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


_KINDS = {k.value: k for k in RecordKind}


def _pack(r: FileResult) -> tuple[Any, ...]:
    s = r.summary
    packed_summary = None
    if s is not None:
        refs = tuple((ref.target.value, *ref[1:]) for ref in s.refs)
        packed_summary = (s.kind.value, s.agency, s.slug, s.name, s.ids, refs, s.stated, s.total, s.not_stated)
    return (r.kind.value if r.kind else None, tuple(tuple(d) for d in r.diagnostics), packed_summary)


def _unpack(rel: str, packed: tuple[Any, ...]) -> FileResult:
    kind, diags, s = packed
    summary = None
    if s is not None:
        kinds = _KINDS
        refs = tuple([Ref(kinds[t[0]], *t[1:]) for t in s[5]])
        summary = Summary(kinds[s[0]], s[1], s[2], s[3], s[4], refs, s[6], s[7], s[8])
    return FileResult(rel, _KINDS[kind] if kind else None, [Diagnostic(*d) for d in diags], summary)


def _load(path: Path) -> Any:
    with open(path, "rb") as fh:
        raw = fh.read()
    return marshal.loads(raw)


class ResultCache:
    """Results of validating single files, in ``ROOT/.cache/site-gen/``.

    ``validate.marshal`` holds every entry; ``validate.delta.marshal`` the entries that changed
    since, so that a run after a small edit writes a small file. The base is rewritten when the
    delta grows past :data:`DELTA_MAX` entries.
    """

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.path = root / CACHE_DIR / "validate.marshal"
        self.delta_path = root / CACHE_DIR / "validate.delta.marshal"
        self.delta: dict[str, tuple[Any, ...]] = {}
        self.enabled = enabled
        self.fingerprint = fingerprint() if enabled else ""
        self.old: dict[str, tuple[Any, ...]] = {}
        self.new: dict[str, tuple[Any, ...]] = {}
        self.dirty = False
        self.base_id = ""
        if enabled:
            try:
                stored = _load(self.path)
                if stored[0] == _FORMAT and stored[1] == self.fingerprint:
                    self.old = stored[2]
                    delta = _load(self.delta_path) if self.delta_path.exists() else None
                    if delta and delta[0] == _FORMAT and delta[1] == self.fingerprint and delta[2] == stored[3]:
                        self.delta = delta[3]
                        self.old.update(self.delta)
                    self.base_id = stored[3]
            except (OSError, EOFError, ValueError, TypeError, IndexError):
                self.old = {}
                self.delta = {}

    def lookup(self, rel: str, sig: Signature) -> FileResult | None:
        """A hit on the file signature alone (no read)."""
        entry = self.old.get(rel)
        if entry is None or entry[0] is None or tuple(entry[0]) != sig:
            return None
        self.new[rel] = entry
        return _unpack(rel, entry[2])

    def lookup_content(self, rel: str, sig: Signature, dig: bytes) -> FileResult | None:
        """A hit on the content hash after the signature changed."""
        entry = self.old.get(rel)
        if entry is None or entry[1] != dig:
            return None
        self.store(rel, sig, dig, None, entry[2])
        return _unpack(rel, entry[2])

    def store(self, rel: str, sig: Signature, dig: bytes, result: FileResult | None, packed: tuple[Any, ...] | None = None) -> None:
        if not self.enabled:
            return
        if packed is None:
            assert result is not None
            packed = _pack(result)
        # a signature taken right after a change may not see a second change in the same tick
        trusted = sig if time.time_ns() - sig[2] > RACY_NS else None
        entry = (trusted, dig, packed)
        self.new[rel] = entry
        old = self.old.get(rel)
        if old is None or old[0] != trusted or old[1] != dig:
            self.dirty = True

    def save(self) -> None:
        if not self.enabled or (not self.dirty and len(self.new) == len(self.old)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            removed = len(self.old) - sum(1 for rel in self.old if rel in self.new)
            changed = {rel: e for rel, e in self.new.items() if self.old.get(rel) != e or rel in self.delta}
            if self.base_id and not removed and len(changed) <= DELTA_MAX:
                self._write(self.delta_path, (_FORMAT, self.fingerprint, self.base_id, changed))
            else:
                base_id = os.urandom(8).hex()
                self._write(self.path, (_FORMAT, self.fingerprint, self.new, base_id))
                self.delta_path.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only catalogue is validated without a cache

    @staticmethod
    def _write(path: Path, data: Any) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(data))
        os.replace(tmp, path)
