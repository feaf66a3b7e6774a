"""Builds that follow the edit: after a small change, MkDocs rebuilds only the pages whose staged
source changed (issue 16).

How: MkDocs' public ``dirty`` build (``mkdocs.commands.build.build(config, dirty=True)``) skips
every page whose output is not older than its source. Relying on modification times alone is not
safe (a coarse clock, a staging folder shared by ``serve`` and ``build``), so before a dirty
build :func:`prepare` compares the staging folder with a manifest of the last successful build
(path → size and modification time of each staged file) and deletes the outputs of every staged
file that was changed, added or removed: a page without output is always rebuilt, and the output
of a removed page is gone. The pages listed in ``nav`` are always rebuilt too: every page's
navigation shows their titles, which a dirty build only knows for pages it reads.

A change of anything else that shapes every page (``mkdocs.yml``, the theme, the templates and the
generator's own code, the versions of MkDocs, Material and Markdown, or the output folder) changes
the :func:`fingerprint`, and the build is a full one. The output equals a full build's byte for
byte (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR

#: Installed distributions whose versions shape every page.
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
STATE_VERSION = 1


def fingerprint(project: Path, out: Path) -> str:
    """One hash of everything, besides the staged pages, that shapes the site."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{STATE_VERSION}\0{os.path.abspath(out)}\0".encode())
    for name in DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    sources = [project / "mkdocs.yml"]
    package = project / "site_gen"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            sources.append(path)
    for path in sources:
        h.update(str(path.relative_to(project)).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\1missing")
        h.update(b"\0")
    return h.hexdigest()


def manifest(docs: Path) -> dict[str, list[int]]:
    """Each staged file (relative path) → [size, modification time in ns]."""
    out: dict[str, list[int]] = {}
    todo = [docs]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    out[Path(entry.path).relative_to(docs).as_posix()] = [st.st_size, st.st_mtime_ns]
    return out


def output_of(rel: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the staged file ``rel`` (relative to the site folder)."""
    from mkdocs.structure.files import File

    return File(rel, "/docs", "/site", use_directory_urls).dest_uri


def nav_pages(nav: Any) -> set[str]:
    """The Markdown files named in ``nav`` (the config's list of dicts, lists and strings)."""
    found: set[str] = set()
    todo = [nav]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, str) and item.endswith(".md") and "://" not in item:
            found.add(item)
    return found


@dataclass
class Plan:
    """What the next MkDocs run does: ``full``, or dirty with ``stale`` outputs deleted first."""

    full: bool
    fingerprint: str
    manifest: dict[str, list[int]]
    stale: set[str] = field(default_factory=set)
    changed: int = 0


def state_path(root: Path, out: Path) -> Path:
    key = hashlib.blake2b(os.path.abspath(out).encode(), digest_size=8).hexdigest()
    return root / CACHE_DIR / f"incremental-{key}.json"


def load_state(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def plan(docs: Path, out: Path, project: Path, config: Any, previous: dict[str, Any] | None) -> Plan:
    """Compare the staging folder with the last build's state; decide full or which outputs go."""
    fp = fingerprint(project, out)
    now = manifest(docs)
    if not previous or previous.get("fingerprint") != fp or not isinstance(previous.get("manifest"), dict) or not out.is_dir():
        return Plan(True, fp, now)
    before: dict[str, list[int]] = previous["manifest"]
    changed = {rel for rel, key in now.items() if before.get(rel) != key}
    removed = set(before) - set(now)
    forced = nav_pages(config["nav"]) if config["nav"] else set()
    stale: set[str] = set()
    use_dirs = bool(config["use_directory_urls"])
    for rel in changed | removed | (forced & set(now)):
        stale.add(output_of(rel, use_dirs))
    # A removed page whose address another staged file now takes (a rename back and forth) is
    # already covered: its output goes and the new source builds it again.
    return Plan(False, fp, now, stale, len(changed) + len(removed))


def apply(plan: Plan, out: Path) -> None:
    """Delete the outputs the plan names, and folders left empty by them."""
    for rel in sorted(plan.stale):
        target = out / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
        parent = target.parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def save_state(path: Path | None, p: Plan) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fingerprint": p.fingerprint, "manifest": p.manifest}), encoding="utf-8")
    os.replace(tmp, path)


def forget(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def empty(out: Path) -> None:
    """Remove everything inside ``out`` (a full build under ``serve``, which always runs dirty)."""
    if not out.is_dir():
        return
    for entry in out.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


class _QuietDirty(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale; here it is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_QUIET = _QuietDirty()


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if _QUIET not in logger.filters:
        logger.addFilter(_QUIET)
