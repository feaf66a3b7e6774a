"""Validate, render, then run the static-site builder: the one place that calls MkDocs.

``build(root, out)`` stops before writing anything when the catalogue has errors: nothing is
published half-built. The hand-written pages (``docs/``), the theme and ``mkdocs.yml`` come from
the project; the generated Markdown goes to a git-ignored staging folder,
``ROOT/.cache/site-gen/docs``, which holds a copy of the hand-written pages beside the
generated ones. Another builder that reads ``mkdocs.yml`` (Zensical) can take MkDocs' place in
:func:`run_builder`.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import codes
from .cache import CACHE_DIR
from .catalogue import load_catalogue
from .history import read_history
from .report import Report

PROJECT = Path(__file__).resolve().parent.parent
Progress = Callable[[str, int, int], None]


class BuildError(Exception):
    """The site could not be built (the project files are missing, or the builder failed)."""


class UnsafePathError(BuildError):
    """A folder the build would write into or empty is a link, or lies over the catalogue."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: error: {codes.UNSAFE_PATH}: {message}")
        self.path = path


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    seconds: float = 0.0
    out: Path | None = None


def staging_dir(root: Path) -> Path:
    return root / CACHE_DIR / "docs"


#: Folders of ROOT that the build never writes into nor empties.
PROTECTED = ("cards", "licenses", ".git")


def guard_dir(root: Path, path: Path, *, staging: bool = False, project: Path = PROJECT) -> Path:
    """The one check before the build writes into or empties a folder (staging or output).

    Returns ``path`` made absolute (lexically: ``..`` removed, no link followed); raises
    :class:`UnsafePathError` when the folder

    * is a link, or has a link among its components inside ``root`` (writing or deleting would
      follow it out of ROOT: a checkout may carry ``site`` or ``.cache/site-gen/docs`` as one);
    * is inside, equal to, or an ancestor of ``cards/``, ``licenses/``, ``.git/``, the staging
      folder (for the output) or the project's own files (MkDocs empties its output folder);
    * for the staging folder: holds a link anywhere below it (pages are written through it);
      for the output folder: holds a link at its top (MkDocs' clean-up keeps those, then writes
      through them).

    Links outside ROOT above the folder (``/tmp`` on macOS) are the user's own and are followed.
    """
    root = Path(os.path.realpath(root))
    path = Path(os.path.abspath(path))
    what = "پوشهٔ ساخت" if staging else "پوشهٔ خروجی"
    for part in [*reversed(path.parents), path]:
        if not part.is_symlink():
            continue
        inside = _within(Path(os.path.realpath(part.parent)), root)
        if part == path or inside:
            raise UnsafePathError(part, f"{what} نباید پیوند نمادین باشد یا از پیوند نمادین درون کاتالوگ بگذرد، اما {str(part)!r} پیوندی است به {os.readlink(part)!r}؛ هیچ پرونده‌ای نوشته یا پاک نشد")
    real = Path(os.path.realpath(path))
    guarded = [root / name for name in PROTECTED] + [project / "docs", project / "site_gen", project / "mkdocs.yml"]
    if not staging:
        guarded.append(Path(os.path.realpath(staging_dir(root))))
    for other in guarded:
        if _within(real, other) or _within(other, real):
            raise UnsafePathError(path, f"انتظار می‌رفت {what} بیرون از {str(other)!r} و جدا از آن باشد، اما {str(path)!r} آمده است؛ هیچ پرونده‌ای نوشته یا پاک نشد")
    if real.is_dir():
        link = _first_link(real, deep=staging)
        if link is not None:
            raise UnsafePathError(link, f"در {what} پیوند نمادین نباید باشد، اما {str(link)!r} پیوندی است به {os.readlink(link)!r}؛ هیچ پرونده‌ای نوشته یا پاک نشد")
    return path


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _first_link(folder: Path, *, deep: bool) -> Path | None:
    """The first link under ``folder`` (only among its own entries unless ``deep``)."""
    todo = [folder]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return Path(entry.path)
                if deep and entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
    return None


def stage(root: Path, project: Path = PROJECT, progress: Progress | None = None, *, keep_going: bool = False) -> tuple[Report, int]:
    """Validate ROOT and write the complete docs folder (hand-written + generated) to staging.

    With errors nothing is written, unless ``keep_going`` (``site-gen serve``): then the valid
    records are rendered and each file with an error gets a page that shows its errors."""
    from .render import write_site

    def files_done(done: int, total: int) -> None:
        if progress:
            progress("validate", done, total)

    docs = guard_dir(root, staging_dir(root), staging=True, project=project)
    catalogue, report = load_catalogue(root, keep_records=True, progress=files_done)
    if report.errors and not keep_going:
        return report, 0
    docs.mkdir(parents=True, exist_ok=True)
    written = _copy_tree(project / "docs", docs)
    if progress:
        progress("render", 0, len(catalogue.services) + len(catalogue.licences))
    history = read_history(root)  # one git log: the last change of each record, and /history/
    written |= write_site(catalogue, docs, history.dates, history=history)
    written |= _moved_pages(root, catalogue, docs)
    if report.errors:
        from .serving import write_error_pages

        written |= write_error_pages(report, docs)
    for path in sorted(docs.rglob("*"), reverse=True):  # pages of records that no longer exist
        if path.is_file() and path not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report, sum(1 for p in written if p.suffix == ".md")


def _moved_pages(root: Path, catalogue: object, docs: Path) -> set[Path]:
    """The pages at old addresses (``ROOT/redirects.yaml``, :mod:`site_gen.render.moved`)."""
    from .redirects import RedirectsError
    from .render.moved import write_moved

    try:
        return write_moved(root, catalogue, docs)  # type: ignore[arg-type]
    except RedirectsError as exc:
        raise BuildError(str(exc)) from exc


def _copy_tree(src: Path, dst: Path) -> set[Path]:
    written: set[Path] = set()
    if not src.is_dir():
        return written
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or rel.parts[0] in ("generated", "screenshots"):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
        written.add(target)
    return written


def mkdocs_config(root: Path, out: Path, project: Path = PROJECT, **overrides: str) -> object:
    from mkdocs.config import load_config

    config_file = project / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file} is missing: site-gen builds with the project's mkdocs.yml")
    return load_config(str(config_file), docs_dir=str(staging_dir(root)), site_dir=str(out), **overrides)


def run_builder(root: Path, out: Path, project: Path = PROJECT, *, dirty: bool = False, config: object | None = None) -> None:
    """Run MkDocs on the staged docs folder (``dirty``: only pages whose output is missing or
    older than their source; :mod:`site_gen.incremental` decides when that is safe)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from .incremental import quiet_dirty_warning

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    quiet_dirty_warning()
    try:
        mkdocs_build(config or mkdocs_config(root, out, project), dirty=dirty)  # type: ignore[arg-type]
    except MkDocsException as exc:
        raise BuildError(str(exc)) from exc


def run_incremental(root: Path, out: Path, project: Path = PROJECT, *, full: bool = False) -> int:
    """Run MkDocs after a staging: a dirty build that rebuilds only the pages whose staged source
    changed since the last successful build into ``out``, or a full build when anything else that
    shapes the pages changed (:mod:`site_gen.incremental`). Returns the number of staged files
    that changed (-1 for a full build)."""
    from . import incremental

    config = mkdocs_config(root, out, project)
    state = incremental.state_path(root, out)
    plan = incremental.plan(staging_dir(root), out, project, config, None if full else incremental.load_state(state))
    incremental.forget(state)  # a build that fails half-way leaves no state: the next one is full
    if not plan.full:
        incremental.apply(plan, out)
    run_builder(root, out, project, dirty=not plan.full, config=config)
    incremental.save_state(state, plan)
    return -1 if plan.full else plan.changed


def serve(root: Path | str, project: Path = PROJECT, addr: str = "127.0.0.1:8000", *, verbose: bool = False) -> None:
    """Stage, then serve with live reload; a change under cards/ or licenses/ re-stages. A file
    with an error shows its error at its own address until it is fixed (:mod:`site_gen.serving`)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .serving import summary

    root = Path(root).resolve()
    report, _ = stage(root, project, keep_going=True)
    sys.stderr.write(summary(report, verbose))
    os.environ["SITE_GEN_SERVE_ROOT"] = str(root)
    os.environ["SITE_GEN_SERVE_VERBOSE"] = "1" if verbose else ""
    from . import hooks_state

    hooks_state.staged = True
    from .incremental import quiet_dirty_warning

    quiet_dirty_warning()
    watch = [str(root / top) for top in ("cards", "licenses") if (root / top).is_dir()]
    # dirty: after each edit MkDocs rebuilds only the pages whose outputs the hooks deleted
    # (hooks_state.restage, site_gen.incremental); a change of anything else rebuilds all
    mkdocs_serve(str(project / "mkdocs.yml"), dev_addr=addr, watch=watch, docs_dir=str(staging_dir(root)), build_type="dirty")


def build(root: Path | str, out: Path | str | None = None, *, progress: Progress | None = None, project: Path = PROJECT, full: bool = False) -> BuildResult:
    """Validate the catalogue at ``root`` and build its site into ``out`` (default ``ROOT/site``).

    Only the pages whose inputs changed since the last build into ``out`` are rebuilt, unless
    ``full`` (:func:`run_incremental`)."""
    start = time.perf_counter()
    root = Path(root).resolve()
    out = guard_dir(root, Path(out) if out else root / "site", project=project)
    report, pages = stage(root, project, progress)
    if report.errors:
        return BuildResult(report)
    from . import hooks_state

    hooks_state.start(progress, pages)
    try:
        out = guard_dir(root, out, project=project)  # again: staging took time, and MkDocs empties it
        run_incremental(root, out, project, full=full)
    finally:
        hooks_state.start(None, 0)
    return BuildResult(report, pages, time.perf_counter() - start, out)


class TerminalProgress:
    """Stage, count and time left on a terminal; nothing on a pipe (CI prints a summary)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream: TextIO = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.perf_counter()
        self.stage_start = self.start
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.stage_start = stage, now
        elif now - self.last < 0.2 and done < total:
            return
        self.last = now
        left = ""
        if 0 < done < total:
            rate = (now - self.stage_start) / done
            left = f", about {rate * (total - done):.0f}s left"
        shown = f"{done}/{total}" if total else ""
        self.stream.write(f"\r\x1b[K{stage}: {shown}{left} ({now - self.start:.0f}s)")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
