"""Issue 16: builds that follow the edit. At each size: a full `site-gen build` (no state), the
build after editing one card's title, the build with nothing changed; then `site-gen serve`: the
time from saving one card's edit to the page showing it.

Writes benchmarks/incremental.json (and results.json["incremental"] from run.py). One run each on
a shared machine: upper bounds.

    .venv/bin/python benchmarks/incremental_bench.py [--sizes 1000 10000] [--no-serve]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
OUT = HERE / "incremental.json"
BIN = Path(sys.executable).parent
SITE_GEN = str(BIN / "site-gen")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def edit_title(card: Path, n: int) -> str:
    lines = card.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            title = f"عنوان ویرایش‌شدهٔ سنجش {n}"
            lines[i] = f'title: "{title}"'
            card.write_text("\n".join(lines), encoding="utf-8")
            return title
    raise SystemExit(f"no title in {card}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, needle: str, seconds: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if needle in r.read().decode("utf-8"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{needle!r} not at {url} within {seconds}s")


def bench_serve(root: Path, card: Path, address: str) -> dict[str, float]:
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([SITE_GEN, "serve", str(root), "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    try:
        url = f"http://127.0.0.1:{port}/{address}"
        first = card.read_text(encoding="utf-8")
        needle = next(line for line in first.split("\n") if line.startswith("title:")).split('"')[1]
        wait_for(url, needle, 1800)
        startup = time.perf_counter() - start
        time.sleep(2)  # let the watcher settle
        title = edit_title(card, 2)
        shown = wait_for(url, title, 600)
        return {"serve_startup_s": round(startup, 1), "serve_edit_shown_s": round(shown, 2)}
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def bench(n: int, serve: bool) -> dict[str, object]:
    root = WORK / f"incremental-{n}"
    if not (root / "cards").is_dir():
        subprocess.run([SITE_GEN, "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    card = sorted((root / "cards").glob("*/service-*.yaml"))[n // 2]
    address = f"services/{card.parent.name}/{card.stem}/"
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    site = root / "site"
    full = wall([SITE_GEN, "build", str(root), "--out", str(site)])
    edit_title(card, 1)
    edited = wall([SITE_GEN, "build", str(root), "--out", str(site)])
    ok = "عنوان ویرایش‌شدهٔ سنجش 1" in (site / address / "index.html").read_text(encoding="utf-8")
    unchanged = wall([SITE_GEN, "build", str(root), "--out", str(site)])
    result: dict[str, object] = {
        "full_build_s": round(full, 1),
        "build_after_one_edit_s": round(edited, 2),
        "build_unchanged_s": round(unchanged, 2),
        "edit_shown": ok,
    }
    if serve:
        result.update(bench_serve(root, card, address))
    return result


def run(sizes: list[int], serve: bool = True) -> dict[str, object]:
    WORK.mkdir(parents=True, exist_ok=True)
    results = {str(n): bench(n, serve) for n in sizes}
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return results


def record(results: dict[str, object], path: Path, sizes: list[int]) -> None:
    """From run.py: one line there."""
    results["incremental"] = run(sizes)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-serve", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.sizes, not args.no_serve), indent=1, ensure_ascii=False))
