"""``site-gen validate`` without loading click, for the plain forms run after every edit.

Loading click costs a warm run about 60 ms of the half second it may take. The argument lists
handled here are those whose meaning is certain::

    site-gen validate [ROOT] [--format F] [--strict] [--complete] [--no-cache] [--jobs N]

with ROOT an existing catalogue folder and every value valid. Anything else (help, a bad value,
a missing folder, an unknown option, a stream that is not UTF-8) goes to the click command,
which says what is wrong; both end in :func:`run_validate`. ``tests/test_cli.py`` runs the same
argument lists both ways and compares the output.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NamedTuple, NoReturn

if TYPE_CHECKING:
    from pathlib import Path

    from .prewarm import Prewarm

_FLAGS = {"--strict": "strict", "--complete": "complete", "--no-cache": "no_cache"}


class Options(NamedTuple):
    root: str
    fmt: str
    strict: bool
    complete: bool
    no_cache: bool
    jobs: int | None


def parse(argv: list[str]) -> Options | None:
    """The options of a plain ``validate`` command line; ``None`` when click should read it."""
    if not argv or argv[0] != "validate":
        return None
    from .report import FORMATS
    found: dict[str, object] = {"fmt": "text", "strict": False, "complete": False, "no_cache": False, "jobs": None}
    root = None
    args = iter(argv[1:])
    for arg in args:
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _FLAGS and not eq:
            found[_FLAGS[name]] = True
        elif name in ("--format", "--jobs", "-j"):
            given = value if eq else next(args, None)
            if name == "--format" and given in FORMATS:
                found["fmt"] = given
            elif name != "--format" and given is not None and given.isascii() and given.isdigit() and int(given) >= 1:
                found["jobs"] = int(given)
            else:
                return None
        elif arg.startswith("-") or root is not None:
            return None
        else:
            root = arg
    root = root if root is not None else "."
    if not os.path.isdir(root) or not any(os.path.isdir(os.path.join(root, top)) for top in ("cards", "licenses")):
        return None
    if (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
        return None  # click knows how to write to such a stream
    return Options(root, **found)  # type: ignore[arg-type]


def run_validate(root: Path, fmt: str, strict: bool, complete: bool, no_cache: bool, jobs: int | None, prewarm: Prewarm | None) -> tuple[int, object]:
    """Validate and print the report. Returns the exit code (0 valid, 1 not) and the run's
    state, which a caller about to exit keeps rather than frees."""
    from .catalogue import load_catalogue
    from .report import render

    state, report = load_catalogue(root, complete=complete, strict=strict, jobs=jobs, use_cache=not no_cache, prewarm=prewarm)
    sys.stdout.write(render(report, fmt))
    return (0 if report.valid else 1), state


def hard_exit(code: int) -> NoReturn:
    """Exit without freeing every object one by one first (tens of milliseconds after
    validating 15,000 files), as mypy does; output is flushed first."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
