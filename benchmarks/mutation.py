"""Mutation testing of the core, module by module: ``make mutation [MODULE=site_gen/jalali.py]``.

Runs mutmut (configured under ``[tool.mutmut]`` in pyproject.toml) once per module and writes
``benchmarks/mutation.json``: for each module the killed, survived, timeout and total mutants,
the score, the surviving mutants' names, and how long that module's run took; with the tool's
version and the date. See docs/mutation.md for how to read the result.

The run is resumable: mutmut keeps every verdict in ``mutants/`` (git-ignored), and a module is
run again only for its mutants without a verdict, plus its survivors and its mutants that had no
test (new tests may kill them now). ``--fresh`` forgets a module's verdicts first; ``--restat``
makes mutmut run the whole selection again to learn which tests call which function (it
profiles new tests by itself, but not tests that were edited). A module
whose every mutant has a verdict and none survived costs nothing.

Exit status 1 when a module scores under the threshold or has a survivor that
docs/mutation.md does not list as equivalent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import re
import subprocess
import sys
import time
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "mutation.json"
DOC = REPO / "docs" / "mutation.md"
MUTANTS = REPO / "mutants"
THRESHOLD = 0.85

# mutmut's exit codes → the status it reports (mutmut/stats.py: status_by_exit_code)
KILLED = {1, 3}
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34}
TIMEOUT = {36, 24, -24, 152, 255}
TYPE_CHECK = {37}


def core_modules() -> list[str]:
    """Every file ``[tool.mutmut] only_mutate`` selects, in a stable order."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "site_gen").rglob("*.py"))
    return [f for f in files if any(fnmatch.fnmatch(f, pat) for pat in config["only_mutate"])]


def select(args: list[str]) -> list[str]:
    """The core modules named by ``args`` (files or folders); all of them when none is named."""
    core = core_modules()
    if not args:
        return core
    chosen: list[str] = []
    for arg in args:
        arg = arg.rstrip("/")
        found = [m for m in core if m == arg or m.startswith(arg + "/")]
        if not found:
            sys.exit(f"{arg}: not a module that [tool.mutmut] only_mutate selects")
        chosen += [m for m in found if m not in chosen]
    return chosen


def dotted(module: str) -> str:
    """``site_gen/search/query.py`` → ``site_gen.search.query``; a package's ``__init__`` → the package."""
    name = module.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def meta_path(module: str) -> Path:
    return MUTANTS / (module + ".meta")


def verdicts(module: str) -> dict[str, int | None]:
    path = meta_path(module)
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return dict(data["exit_code_by_key"])


def forget(module: str) -> None:
    """``--fresh``: drop a module's verdicts, so that all its mutants run again."""
    path = meta_path(module)
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["exit_code_by_key"] = dict.fromkeys(data["exit_code_by_key"])
        data["durations_by_key"] = {}
        path.write_text(json.dumps(data, indent=4), encoding="utf-8")


def to_run(module: str, retest: bool) -> list[str]:
    """The mutants of ``module`` that need a run, or mutmut's pattern for all of them when the
    mutants were never generated. Methods are ``xǁClassǁname``, functions ``x_name``."""
    known = verdicts(module)
    if not known:  # never generated; or generated with no function to mutate (fields only)
        return [] if meta_path(module).exists() else [f"{dotted(module)}.x*"]
    again = SURVIVED | NO_TESTS if retest else set()
    return sorted(name for name, code in known.items() if code is None or code in again)


def summary(module: str, seconds: float | None, previous: dict[str, Any] | None) -> dict[str, Any]:
    known = verdicts(module)
    codes = list(known.values())
    count = {
        "killed": sum(c in KILLED for c in codes),
        "survived": sum(c in SURVIVED for c in codes),
        "timeout": sum(c in TIMEOUT for c in codes),
        "no_tests": sum(c in NO_TESTS for c in codes),
        "skipped": sum(c in SKIPPED for c in codes),
        "type_check": sum(c in TYPE_CHECK for c in codes),
        "not_checked": sum(c is None for c in codes),
    }
    count["other"] = len(codes) - sum(count.values())
    count["total"] = len(codes)
    detected = count["killed"] + count["timeout"] + count["type_check"]
    tried = count["total"] - count["skipped"] - count["not_checked"]
    if seconds is None and previous:  # nothing was left to run: keep the last measured time
        seconds = previous.get("seconds")
    return {
        **count,
        "score": round(detected / tried, 4) if tried else None,
        "complete": count["not_checked"] == 0,
        "survivors": sorted(n for n, c in known.items() if c in SURVIVED | NO_TESTS),
        "seconds": None if seconds is None else round(seconds, 1),
    }


def listed_equivalent() -> set[str]:
    """Mutant names that docs/mutation.md lists as equivalent (each one in backquotes)."""
    if not DOC.exists():
        return set()
    text = DOC.read_text(encoding="utf-8")
    return set(re.findall(r"`([^`\s]+__mutmut_\d+)`", text))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", help="site_gen/jalali.py, site_gen/search/ … (default: the whole core)")
    ap.add_argument("--fresh", action="store_true", help="forget the modules' verdicts and run every mutant again")
    ap.add_argument("--restat", action="store_true",
                    help="forget which tests call which function (after editing existing tests)")
    ap.add_argument("--no-retest", action="store_true", help="do not run the survivors again")
    ap.add_argument("--max-children", type=int, default=2, help="parallel mutants (default 2)")
    args = ap.parse_args()

    mutmut = Path(sys.executable).with_name("mutmut")
    if args.restat:  # mutmut profiles new tests only; an edited test keeps its old functions
        (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    results: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    modules_out: dict[str, Any] = results.get("modules", {})
    equivalent = listed_equivalent()
    failed: list[str] = []

    for module in select(args.modules):
        if args.fresh:
            forget(module)
        names = to_run(module, retest=not args.no_retest)
        seconds: float | None = None
        if names:
            print(f"== {module}: {len(names) if '*' not in names[0] else 'all'} mutants to run", flush=True)
            start = time.monotonic()
            done = subprocess.run(
                [str(mutmut), "run", "--max-children", str(args.max_children), *names], cwd=REPO, check=False
            )
            seconds = time.monotonic() - start
            if done.returncode != 0:
                print(f"{module}: mutmut exited with {done.returncode}", file=sys.stderr)
                failed.append(module)
        row = summary(module, seconds, modules_out.get(module))
        modules_out[module] = row
        unlisted = [n for n in row["survivors"] if n not in equivalent]
        nothing = row["total"] == 0 and meta_path(module).exists()  # no function: nothing to mutate
        ok = nothing or (row["complete"] and row["score"] is not None and row["score"] >= THRESHOLD and not unlisted)
        print(
            f"{module}: {row['killed']} killed, {row['survived']} survived, {row['timeout']} timeout, "
            f"{row['no_tests']} without a test, {row['total']} in all; score "
            f"{'-' if row['score'] is None else format(row['score'], '.1%')}"
            f"{'' if seconds is None else f' in {seconds:.0f} s'}"
        )
        for name in unlisted:
            print(f"    survivor not listed in docs/mutation.md: {name}")
        if not ok and module not in failed:
            failed.append(module)

    results = {
        "tool": "mutmut",
        "version": version("mutmut"),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "threshold": THRESHOLD,
        "modules": dict(sorted(modules_out.items())),
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if failed:
        print("under the threshold or with unexplained survivors: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
