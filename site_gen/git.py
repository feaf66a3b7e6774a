"""The catalogue as git sees it: files at a revision, changed paths. One place runs git.

Every exchange with git is path-safe: listings are NUL-separated (``-z``), blobs are asked for
by object id (never by a path on a line), and a revision given by a person is resolved to a
commit id first and refused when it begins with ``-`` (so it can never be read as an option).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .catalogue import TOP_FOLDERS, is_ignored


class DiffError(Exception):
    """A revision could not be read (not a git repository, unknown revision, no git)."""


#: git's modes of a regular file; anything else (120000 symlink, 160000 submodule) is not one.
REGULAR = ("100644", "100755")


@dataclass(frozen=True)
class Entry:
    """One file as git names it: its mode and the id of its content."""

    mode: str
    oid: str

    @property
    def regular(self) -> bool:
        return self.mode in REGULAR


def git(root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=True, env=env).stdout
    except FileNotFoundError as exc:
        raise DiffError("git نصب نیست") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip()
        raise DiffError(f"اجرای git {args[0]} ناموفق بود: {detail}" if detail else f"اجرای git {args[0]} ناموفق بود") from exc


def resolve(root: Path, rev: str) -> str:
    """The commit id of a revision a person named; never an option, never ambiguous."""
    if not rev or rev.startswith("-"):
        raise DiffError(f"انتظار می‌رفت نام یک نسخه (مانند origin/main یا HEAD)، اما «{rev}» آمده است؛ نام نسخه با «-» آغاز نمی‌شود")
    git(root, "rev-parse", "--git-dir")  # a clear error outside a repository
    try:
        out = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
    except DiffError as exc:
        raise DiffError(f"نسخهٔ «{rev}» در مخزن git پیدا نشد") from exc
    return out.decode().strip()


def merge_base(root: Path, base: str, head: str | None) -> str:
    """The commit where ``head`` (``None``: HEAD, under the work tree) left ``base`` (commit
    ids): what ``git diff BASE...HEAD`` compares with, so that commits made on ``base`` since do
    not show as the change's own."""
    head_id = head if head is not None else resolve(root, "HEAD")
    try:
        out = git(root, "merge-base", base, head_id)
    except DiffError as exc:
        raise DiffError(
            f"نسخهٔ {base[:12]} و {head_id[:12]} نیای مشترکی در این مخزن ندارند؛ اگر مخزن کم‌عمق (shallow) است، "
            "تاریخچه را کامل بگیرید: git fetch --unshallow (در CI: fetch-depth: 0)"
        ) from exc
    return out.decode().strip()


def _name(raw: bytes) -> str:
    return raw.decode("utf-8", "backslashreplace")


def blob_id(data: bytes, algorithm: str = "sha1") -> str:
    """git's id of a blob with these bytes (``algorithm``: the repository's object format)."""
    return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()


def object_format(root: Path) -> str:
    """The repository's hash: sha1 or sha256."""
    fmt = git(root, "rev-parse", "--show-object-format").decode().strip()
    return fmt if fmt in ("sha1", "sha256") else "sha1"


def tree_entries(root: Path, commit: str) -> dict[str, Entry]:
    """Relative path → entry of every file under cards/ and licenses/ at ``commit``."""
    listing = git(root, "ls-tree", "-r", "-z", "--end-of-options", commit, "--", *TOP_FOLDERS)
    out: dict[str, Entry] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, oid = meta.decode().split(" ")
        name = _name(path)
        if name in TOP_FOLDERS:
            raise DiffError(f"در نسخهٔ {commit[:12]}، «{name}» پوشه نیست، پرونده است")
        out[name] = Entry(mode, oid)
    return out


def worktree_entries(root: Path, algorithm: str = "sha1") -> tuple[dict[str, Entry], dict[str, bytes]]:
    """Every file under cards/ and licenses/ on disk (dotfiles and links included), and the
    bytes of the regular ones; ids as git's ``algorithm`` makes them."""
    entries: dict[str, Entry] = {}
    data: dict[str, bytes] = {}
    for top in TOP_FOLDERS:
        base = root / top
        if base.is_symlink() or (base.exists() and not base.is_dir()):
            raise DiffError(f"«{top}» در {root} پوشه نیست")
        for folder, dirs, files in os.walk(base):
            for name in [*dirs, *files]:
                path = os.path.join(folder, name)
                rel = _name(os.fsencode(os.path.relpath(path, root).replace(os.sep, "/")))
                if os.path.islink(path):
                    entries[rel] = Entry("120000", blob_id(os.fsencode(os.readlink(path)), algorithm))
                elif name in files and os.path.isfile(path):
                    with open(path, "rb") as fh:
                        data[rel] = fh.read()
                    entries[rel] = Entry("100644", blob_id(data[rel], algorithm))
                elif name in files:
                    entries[rel] = Entry("0", "")  # a fifo, a socket: not a file
    return entries, data


def read_blobs(root: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """Object id → content, in one ``git cat-file --batch`` (one hex id a line)."""
    wanted = sorted(set(oids))
    if not wanted:
        return {}
    blob = git(root, "cat-file", "--batch", data="".join(f"{o}\n" for o in wanted).encode())
    out: dict[str, bytes] = {}
    pos = 0
    for oid in wanted:
        header_end = blob.index(b"\n", pos)
        header = blob[pos:header_end].split()
        if len(header) != 3 or header[0].decode() != oid:
            raise DiffError(f"git محتوای {oid} را نداد")
        size = int(header[2])
        out[oid] = blob[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return out


def read_revision(root: Path, rev: str | None, only: Callable[[str], bool] = lambda rel: True) -> dict[str, bytes]:
    """Relative path → bytes of every regular file under cards/ and licenses/ at ``rev`` (or on
    disk) that the validator reads (dotfiles skipped, as :func:`~site_gen.catalogue.is_ignored`)
    and ``only`` selects."""
    if rev is None:
        entries, data = worktree_entries(root)
        return {p: data[p] for p in entries if p in data and not is_ignored(p) and only(p)}
    entries = tree_entries(root, resolve(root, rev))
    keep = {p: e for p, e in entries.items() if e.regular and not is_ignored(p) and only(p)}
    blobs = read_blobs(root, (e.oid for e in keep.values()))
    return {p: blobs[e.oid] for p, e in keep.items()}


def worktree_tree(root: Path, base: str) -> tuple[str, dict[str, str]]:
    """A tree object of ``base`` with cards/ and licenses/ as on disk, and the environment
    under which git sees it. New blobs go to a temporary object store, never into the
    repository."""
    tmp = tempfile.mkdtemp(prefix="site-gen-diff-")
    objects = Path(git(root, "rev-parse", "--path-format=absolute", "--git-path", "objects").decode().strip())
    env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index"), "GIT_OBJECT_DIRECTORY": os.path.join(tmp, "objects"),
           "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(objects)}
    os.mkdir(env["GIT_OBJECT_DIRECTORY"])
    git(root, "read-tree", base, env=env)
    tops = [t for t in TOP_FOLDERS if (root / t).is_dir()]
    if tops:
        git(root, "add", "-A", "--", *tops, env=env)
    return git(root, "write-tree", env=env).decode().strip(), env


def similar_pairs(root: Path, base: str, head: str | None) -> list[tuple[str, str]]:
    """(old path, new path) of the files git's similarity pairs as renames (``--find-renames``)
    between ``base`` and ``head`` (commit ids; ``None``: the work tree)."""
    env = None
    tmp = None
    try:
        if head is None:
            head, env = worktree_tree(root, base)
            tmp = Path(env["GIT_INDEX_FILE"]).parent
        out = git(root, "diff", "--no-color", "--no-ext-diff", "-z", "--name-status", "--find-renames", "--diff-filter=R",
                  "--relative", base, head, "--", *TOP_FOLDERS, env=env)
    finally:
        if tmp is not None:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    parts = out.split(b"\0")
    pairs = []
    i = 0
    while i + 2 < len(parts):
        if parts[i].startswith(b"R"):
            pairs.append((_name(parts[i + 1]), _name(parts[i + 2])))
            i += 3
        else:
            i += 2
    return pairs


def changed_paths(root: Path, base: str, head: str | None, *, tip: bool = False) -> list[str]:
    """Paths (relative to ``root``) that differ between the merge base of ``base`` and ``head``
    (``tip``: ``base`` itself) and ``head`` (None: the work tree, untracked files included).
    Both revisions are resolved to commit ids first."""
    head_id = resolve(root, head) if head is not None else None
    base_id = resolve(root, base) if tip else merge_base(root, resolve(root, base), head_id)
    args = ["diff", "--no-color", "--no-ext-diff", "-z", "--name-only", "--relative", "--no-renames", base_id] + ([head_id] if head_id else [])
    changed = [_name(f) for f in git(root, *args, "--").split(b"\0") if f]
    if head is None:
        changed += [_name(f) for f in git(root, "ls-files", "-z", "--others", "--exclude-standard").split(b"\0") if f]
    return changed
