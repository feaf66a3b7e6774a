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

Trust. The store sits in the catalogue, where a merge request could ship one (with a valid
card's result under an invalid card's digest). So each store file is signed: a keyed BLAKE2b
(a MAC) over its head, with a random key kept outside every repository, in the user's cache
dir (``$XDG_CACHE_HOME/site-gen/store.key``, mode 0600, see :func:`store_key`). The head holds
a digest of each lazy table, checked when the table is read. A store whose signature does not
verify (another machine's, another user's, a forged, truncated, damaged or old one), or whose
file another user owns, is ignored and rewritten: nothing is unmarshalled before the signature
is checked. Writes go to a fresh temporary file, then ``os.replace``: a reader sees a whole
file or none, and concurrent runs each leave a store consistent in itself.
"""

from __future__ import annotations

import marshal
import os
import stat
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
from .report import Diagnostic
from .summary import FileResult, Ref, Summary

CACHE_DIR = Path(".cache", "site-gen")
#: The result store's file under ``ROOT/CACHE_DIR``.
STORE_NAME = "validate.marshal"
RACY_NS = 2_000_000_000
#: Past this many changed keys since the base was written, the base is rewritten.
DELTA_MAX = 2000
_FORMAT = 6
#: The signature (MAC) heading each store file, and the key's size.
MAC_SIZE = 32
KEY_SIZE = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
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


def sig_entry(st: os.stat_result, dig: bytes, taken_ns: int | None = None) -> bytes:
    """The ``sigs`` value of a file: its signature, or :data:`UNTRUSTED` when it was taken too
    soon after the change to rule out a second one in the same clock tick, then its digest.
    ``taken_ns``: when the signature was taken (the start of the scan); now when not given."""
    taken = time.time_ns() if taken_ns is None else taken_ns
    trusted = taken - st.st_ctime_ns > RACY_NS
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


class StoreDamaged(Exception):
    """A lazy table's bytes do not match the digest its (verified) head gives."""


def _key_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset or relative: the XDG default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "site-gen")


def _own_private_file(fd: int) -> bool:
    st = os.fstat(fd)
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def store_key() -> bytes | None:
    """This user's key for signing stores, made on first use; ``None`` when there is no private
    place for it (then no store is read or written). A key that is not a regular file of this
    user's, readable by no one else, is replaced: whoever could read it could sign a store."""
    folder = _key_dir()
    path = os.path.join(folder, "store.key")
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        pass
    else:
        try:
            key = os.read(fd, KEY_SIZE + 1) if _own_private_file(fd) else b""
        except OSError:
            key = b""
        finally:
            os.close(fd)
        if len(key) == KEY_SIZE:
            return key
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        key = os.urandom(KEY_SIZE)
        _write_new(Path(path), key)
        return key
    except OSError:
        return None


def _mac(key: bytes, person: bytes, *parts: bytes) -> bytes:
    h = blake2b(digest_size=MAC_SIZE, key=key, person=person)
    for part in parts:
        h.update(part)
    return h.digest()


def sign(person: bytes, data: bytes) -> bytes | None:
    """A MAC of ``data`` under this user's store key (``person``: what it signs, at most 16
    bytes), for other caches beside the store; ``None`` when there is no key: keep nothing."""
    key = store_key()
    return None if key is None else _mac(key, person, data)


def _write_new(path: Path, data: bytes) -> None:
    """``data`` as ``path``, all at once: written to a new private temporary file (never one
    that exists, never through a symlink), then renamed over ``path``."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise


def _open_own(path: Path) -> int | None:
    """A store file opened for reading when it is a regular file this user owns, else ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid():
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _apply(table: dict[Any, Any], patch: dict[Any, Any]) -> None:
    for key, value in patch.items():
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value


class Store:
    """Tables kept in ``ROOT/.cache/site-gen/``: a base file plus the changes since.

    The base file is its signature, a length, a head (format, fingerprint, base id, the
    :data:`EAGER` tables and where each :data:`LAZY` table lies, with its digest), then the lazy
    tables, each marshalled on its own: a run reads the head, and a lazy table's bytes only on
    first use, from the same open file (a base written meanwhile by another run does not mix in).
    Every change goes through :meth:`set` or :meth:`record`; :meth:`replace` swaps every table
    at once (the next save rewrites the base). A store that cannot be read or is not trusted
    is empty (``read=False``: not even looked at); one that cannot be written (a read-only
    catalogue, no private place for the key) is simply not saved.
    """

    def __init__(self, root: Path, enabled: bool = True, read: bool = True) -> None:
        self.path = root / CACHE_DIR / STORE_NAME
        self.delta_path = root / CACHE_DIR / "validate.delta.marshal"
        self.key = store_key() if enabled else None
        self.enabled = enabled and self.key is not None
        self.fingerprint = fingerprint() if self.enabled else ""
        self._tables: dict[str, dict[Any, Any]] = {}
        self._lazy: dict[str, tuple[int, int, bytes]] = {}  # table → (offset, length, digest) in self._fd
        self._fd = -1
        self.patches: dict[str, dict[Any, Any]] = {t: {} for t in TABLES}
        self.base_id = ""
        self.dirty = False
        self.rewrite = False
        if self.enabled and read:
            self._read()

    def _read(self) -> None:
        assert self.key is not None
        fd = _open_own(self.path)
        if fd is None:
            return
        try:
            total = os.fstat(fd).st_size
            first = os.pread(fd, MAC_SIZE + 8, 0)
            size = int.from_bytes(first[MAC_SIZE:], "little")
            if len(first) != MAC_SIZE + 8 or not 0 < size <= total - MAC_SIZE - 8:  # not a store of this format
                os.close(fd)
                return
            raw_head = os.pread(fd, size, MAC_SIZE + 8)
            if _mac(self.key, b"site-gen/base", first[MAC_SIZE:], raw_head) != first[:MAC_SIZE]:
                os.close(fd)  # not signed with this user's key: foreign, forged or damaged
                return
            head = marshal.loads(raw_head)
            start = MAC_SIZE + 8 + size
            complete = start + sum(entry[1] for entry in head[4].values()) == total
            if head[0] != _FORMAT or head[1] != self.fingerprint or set(head[4]) != set(LAZY) or not complete:
                os.close(fd)
                return
            patches: dict[str, dict[Any, Any]] = {t: {} for t in TABLES}
            delta = self._read_delta()
            if delta is not None and delta[0] == _FORMAT and delta[1] == self.fingerprint and delta[2] == head[2]:
                patches = delta[3]
            tables = head[3]
            for name in EAGER:
                _apply(tables[name], patches[name])
            lazy = {name: (start + offset, length, dig) for name, (offset, length, dig) in head[4].items()}
            self._tables, self._lazy, self.patches, self.base_id, self._fd = tables, lazy, patches, head[2], fd
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            os.close(fd)
            self._tables, self._lazy, self.patches, self.base_id = {}, {}, {t: {} for t in TABLES}, ""

    def _read_delta(self) -> Any:
        assert self.key is not None
        fd = _open_own(self.delta_path)
        if fd is None:
            return None
        try:
            data = _read_all(fd)
        finally:
            os.close(fd)
        if _mac(self.key, b"site-gen/delta", data[MAC_SIZE:]) != data[:MAC_SIZE]:
            return None
        return marshal.loads(data[MAC_SIZE:])

    def _lazy_bytes(self, name: str) -> tuple[bytes, bytes]:
        """A lazy table's bytes and digest, checked against the head."""
        offset, length, dig = self._lazy.pop(name)
        try:
            data = os.pread(self._fd, length, offset)
        except OSError as exc:
            raise StoreDamaged(name) from exc
        if len(data) != length or digest(data) != dig:
            raise StoreDamaged(name)
        return data, dig

    @property
    def loaded(self) -> bool:
        """The tables come from an earlier run of this same code."""
        return bool(self.base_id)

    def table(self, name: str) -> dict[Any, Any]:
        """One table, read from the base (and brought up to date) on first use. Raises
        :class:`StoreDamaged` when its bytes are not those the head was signed with."""
        table = self._tables.get(name)
        if table is None:
            if name in self._lazy:
                try:
                    table = marshal.loads(self._lazy_bytes(name)[0])
                except (EOFError, ValueError, TypeError) as exc:
                    raise StoreDamaged(name) from exc
                if not isinstance(table, dict):
                    raise StoreDamaged(name)
            else:
                table = {}
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
            self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _save(self) -> None:
        assert self.key is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            changed = sum(len(p) for p in self.patches.values())
            if self.base_id and not self.rewrite and changed <= DELTA_MAX:
                body = marshal.dumps((_FORMAT, self.fingerprint, self.base_id, self.patches))
                _write_new(self.delta_path, _mac(self.key, b"site-gen/delta", body) + body)
                return
            lazy = []
            for name in LAZY:  # a table never read and never changed is written back as it came
                if name in self._lazy and not self.patches[name]:
                    lazy.append(self._lazy_bytes(name))
                else:
                    data = marshal.dumps(self.table(name))
                    lazy.append((data, digest(data)))
            eager = {name: self.table(name) for name in EAGER}
            index, offset = {}, 0  # offsets count from the end of the head
            for name, (data, dig) in zip(LAZY, lazy, strict=True):
                index[name] = (offset, len(data), dig)
                offset += len(data)
            head = marshal.dumps((_FORMAT, self.fingerprint, os.urandom(8).hex(), eager, index))
            size = len(head).to_bytes(8, "little")
            mac = _mac(self.key, b"site-gen/base", size, head)
            _write_new(self.path, b"".join([mac, size, head, *(data for data, _ in lazy)]))
            self.delta_path.unlink(missing_ok=True)
        except StoreDamaged:  # a table to carry over is damaged: the next run starts afresh
            for path in (self.path, self.delta_path):
                try:  # noqa: SIM105
                    path.unlink(missing_ok=True)
                except OSError:
                    pass
        except OSError:
            pass  # a read-only catalogue is validated without a cache
