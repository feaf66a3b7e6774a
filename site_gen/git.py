"""The catalogue as git sees it: files at a revision, changed paths. One place runs git."""

from __future__ import annotations

import subprocess
from pathlib import Path


class DiffError(Exception):
    """A revision could not be read (not a git repository, unknown revision, no git)."""


def git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=True).stdout
    except FileNotFoundError as exc:
        raise DiffError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise DiffError(exc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed") from exc


def read_revision(root: Path, rev: str | None) -> dict[str, bytes]:
    """Relative path → bytes of every file under cards/ and licenses/ at ``rev`` (or on disk)."""
    if rev is None:
        out = {}
        for top in ("cards", "licenses"):
            for path in sorted((root / top).rglob("*.yaml")) if (root / top).is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    out[path.relative_to(root).as_posix()] = path.read_bytes()
        return out
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = git(root, "ls-tree", "-r", "-z", "--name-only", rev, "--", "cards", "licenses").decode()
    names = [n for n in listing.split("\0") if n.endswith(".yaml")]
    if not names:
        return {}
    request = "".join(f"{rev}:{prefix}{n}\n" for n in names).encode()
    blob = git(root, "cat-file", "--batch", data=request)
    out, pos = {}, 0
    for name in names:
        header_end = blob.index(b"\n", pos)
        size = int(blob[pos:header_end].split()[2])
        out[name] = blob[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return out


def changed_paths(root: Path, base: str, head: str | None) -> list[str]:
    """Paths (relative to ``root``) that differ between ``base`` and ``head`` (None: the work
    tree, untracked files included)."""
    args = ["diff", "--name-only", "--relative", "--no-renames", base] + ([head] if head else [])
    changed = [f for f in git(root, *args).decode().splitlines() if f]
    if head is None:
        changed += [f for f in git(root, "ls-files", "--others", "--exclude-standard").decode().splitlines() if f]
    return changed
