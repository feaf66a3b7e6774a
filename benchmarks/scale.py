"""Scale benchmark: inputs that made the checks across files quadratic (or worse).

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000] [--timeout 900]

For each size N it writes, under benchmarks/work/scale-*, and times as a separate `site-gen`
process (start-up included, no result store):

(a) ``duplicate-ids``: N cards of one agency sharing one id; ``site-gen validate --no-cache``;
(b) ``agency-cycle``: N agencies, each the parent of the next, the last pointing back at the
    middle one (a cycle of N/2 at the end of a chain); ``site-gen validate --no-cache``;
(c) ``renamed-diff``: a git repository of N cards, then one commit that renames every card and
    edits its title; ``site-gen diff HEAD~1 HEAD``.

Recorded per case: wall seconds, the size of what the command printed (the report), and the peak
resident memory of the process and its workers. Results go to benchmarks/scale.json. A case that
exceeds ``--timeout`` is recorded as such.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
RESULTS = HERE / "scale.json"
SITE_GEN = str(Path(sys.executable).parent / "site-gen")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

#: Runs a command and prints its children's peak resident memory (KiB) on stderr's last line.
_PEAK = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=open(sys.argv[0] + '.out', 'wb'))\n"
    "sys.stderr.write(f'\\n{r.returncode} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
)


def measure(cmd: list[str], cwd: Path, timeout: float) -> dict[str, object]:
    out = cwd / ".scale"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _PEAK.replace("sys.argv[0]", repr(str(out))), *cmd],
        cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, not only the wrapper
        proc.wait()
        return {"seconds": None, "timeout": timeout}
    seconds = time.perf_counter() - start
    code, peak = stderr.strip().splitlines()[-1].split()
    size = out.with_suffix(".out").stat().st_size if out.with_suffix(".out").exists() else 0
    return {"seconds": round(seconds, 3), "exit_code": int(code), "output_bytes": size, "peak_rss_mb": round(int(peak) / 1024, 1)}


def fresh(name: str) -> Path:
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    (root / "cards").mkdir(parents=True)
    (root / "licenses").mkdir()
    return root


def agency(root: Path, slug: str, parent: str | None = None) -> None:
    (root / "cards" / slug).mkdir(exist_ok=True)
    extra = f"parent: {parent}\n" if parent else ""
    (root / "cards" / slug / "_agency.yaml").write_text(f"slug: {slug}\nname: دستگاه {slug}\n{extra}", encoding="utf-8")


def card(root: Path, slug: str, card_id: str, title: str) -> None:
    text = f'id: "{card_id}"\ntitle: {title}\nagency: demo\nsummary: خلاصه‌ی خدمت {slug}\n'
    (root / "cards/demo" / f"{slug}.yaml").write_text(text, encoding="utf-8")


def duplicate_ids(n: int, timeout: float) -> dict[str, object]:
    root = fresh(f"scale-dup-{n}")
    agency(root, "demo")
    for i in range(n):
        card(root, f"s{i:05d}", "10031001", f"خدمت {i}")
    return measure([SITE_GEN, "validate", str(root), "--no-cache"], root, timeout)


def agency_cycle(n: int, timeout: float) -> dict[str, object]:
    root = fresh(f"scale-cycle-{n}")
    for i in range(n):
        agency(root, f"a{i}", f"a{i + 1}" if i + 1 < n else f"a{n // 2}")
    return measure([SITE_GEN, "validate", str(root), "--no-cache"], root, timeout)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, stdout=subprocess.DEVNULL, env={**ENV, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"})


def renamed_diff(n: int, timeout: float) -> dict[str, object]:
    root = fresh(f"scale-diff-{n}")
    agency(root, "demo")
    for i in range(n):
        card(root, f"s{i:05d}", f"1003{i:06d}", f"خدمت {i}")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "cards")
    for i in range(n):
        (root / "cards/demo" / f"s{i:05d}.yaml").unlink()
        card(root, f"renamed-{i:05d}", f"1003{i:06d}", f"خدمت ویرایش‌شده {i}")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "rename and edit every card")
    return measure([SITE_GEN, "diff", "HEAD~1", "HEAD", "--root", str(root)], root, timeout)


CASES = {"duplicate-ids": duplicate_ids, "agency-cycle": agency_cycle, "renamed-diff": renamed_diff}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "cases": {},
    }
    cases: dict[str, dict[str, object]] = results["cases"]  # type: ignore[assignment]
    for name in args.cases:
        for n in args.sizes:
            found = CASES[name](n, args.timeout)
            cases.setdefault(name, {})[str(n)] = found
            print(f"{name:14} {n:>6}: {found}", flush=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
