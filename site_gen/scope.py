"""``site-gen validate [ROOT] [PATH…]`` and ``--changed BASE``: the report of some files only.

The whole catalogue is still read and checked (a reference or a duplicate id needs every file);
the report keeps the diagnostics of the files in scope, which include the errors across files
that involve them (their references, the ids they share with another file), and the reference
errors of other files that point at a file in scope that was removed. Completeness lines are
those of the agencies with a file in scope.

Which files changed is asked of git with plumbing only: ``git merge-base``, ``git diff -z
--name-only`` and ``git ls-files -z --others``, NUL-separated, with every revision a user wrote
checked first (``rev-parse --verify --end-of-options``) so that no user text is ever read as an
option.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import codes
from .catalogue import TOP_FOLDERS, discover
from .report import Report

#: The folders whose files a scope may name: the records' and the registers' (issue 20).
SCOPED = (*TOP_FOLDERS, "registers")

#: Codes of the errors of one file that name another file (its references).
_REFERENCE_CODES = frozenset({codes.UNKNOWN_AGENCY, codes.UNKNOWN_SERVICE, codes.UNKNOWN_LICENCE, codes.MISSING_AGENCY_FILE})


class ScopeError(Exception):
    """A path or revision that cannot be used; the message is Persian."""


@dataclass
class Scope:
    """Files (``cards/x/y.yaml``) and folders (``cards/x``) relative to ROOT."""

    entries: set[str] = field(default_factory=set)
    #: Files in scope that no longer exist (removed by the change).
    removed: set[str] = field(default_factory=set)

    def __contains__(self, rel: object) -> bool:
        if not isinstance(rel, str):
            return False
        if rel in self.entries:
            return True
        parts = rel.split("/")
        return any("/".join(parts[:i]) in self.entries for i in range(1, len(parts)))


def from_paths(root: Path, paths: Iterable[Path]) -> Scope:
    """The scope of paths given on the command line (relative to the current folder)."""
    scope = Scope()
    top = Path(root).resolve()
    for p in paths:
        if not p.is_absolute() and not os.path.lexists(p) and os.path.lexists(Path(root) / p):
            p = Path(root) / p  # written relative to ROOT rather than to the current folder
        resolved = Path(os.path.abspath(p))
        try:
            rel = resolved.relative_to(Path(os.path.abspath(root))).as_posix()
        except ValueError:
            try:
                rel = resolved.resolve().relative_to(top).as_posix()
            except ValueError:
                raise ScopeError(f"مسیر «{p}» درون کاتالوگ «{root}» نیست") from None
        if not os.path.lexists(resolved):
            raise ScopeError(f"مسیر «{p}» وجود ندارد")
        if rel == ".":
            scope.entries.update(SCOPED)
        elif rel.split("/")[0] not in SCOPED:
            raise ScopeError(f"انتظار می‌رفت مسیری درون cards/ یا licenses/، اما «{p}» آمده است")
        else:
            scope.entries.add(rel.rstrip("/"))
    return scope


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise ScopeError(f"git اجرا نشد: {exc.strerror}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("not a git repository" in line for line in detail):
            raise ScopeError(f"«{root}» درون مخزن git نیست؛ --changed فقط در مخزن git کار می‌کند (به‌جای آن نام پرونده‌ها یا پوشه‌ها را بدهید)")
        raise ScopeError(f"git کار را انجام نداد (کد خروج {done.returncode})" + (f": {detail[-1]}" if detail else ""))
    return done.stdout


def _commit(root: Path, rev: str) -> str:
    if not rev or rev.startswith("-"):
        raise ScopeError(f"«{rev}» نام شاخه یا نسخهٔ git نیست")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except ScopeError:
        raise ScopeError(f"نسخهٔ «{rev}» در git پیدا نشد؛ آیا شاخه را fetch کرده‌اید؟ (مانند git fetch origin main)") from None


def changed(root: Path, base: str) -> Scope:
    """Files under cards/ and licenses/ changed between the merge base of ``base`` and HEAD,
    plus the changes of the working tree (edited, new and untracked, removed)."""
    root = Path(root)
    _git(root, "rev-parse", "--git-dir")  # says so when ROOT is in no repository
    base_commit = _commit(root, base)
    head = _commit(root, "HEAD")
    merge_base = _git(root, "merge-base", base_commit, head).decode().strip()
    names = _git(root, "diff", "-z", "--name-only", "--no-renames", "--relative", merge_base, "--", *SCOPED)
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *SCOPED)
    scope = Scope()
    for raw in (names + untracked).split(b"\0"):
        if not raw:
            continue
        rel = raw.decode("utf-8", "surrogateescape")
        scope.entries.add(rel)
        if not os.path.lexists(root / rel):
            scope.removed.add(rel)
    return scope


def narrow(report: Report, scope: Scope, files: Collection[str]) -> Report:
    """The part of ``report`` about the files in ``scope``; ``files`` are the catalogue's."""
    removed = tuple(scope.removed)
    kept = [
        d
        for d in report.diagnostics
        if d.file in scope or (removed and d.code in _REFERENCE_CODES and any(r in d.message for r in removed))
    ]
    agencies = {rel.split("/")[1] for rel in files if rel in scope and rel.count("/") == 2}
    agencies |= {rel.split("/")[1] for rel in scope.entries if rel.count("/") >= 1}
    out = Report(files=sum(1 for rel in files if rel in scope), strict=report.strict)
    out.extend(kept)
    out.completeness = {a: c for a, c in report.completeness.items() if a in agencies}
    return out


def catalogue_files(root: Path) -> list[str]:
    files, problems = discover(root)
    from .registers.validate import discover as register_files

    registers, odd = register_files(root)
    return [*files, *(p.rel for p in problems), *registers, *(p.rel for p in odd)]
