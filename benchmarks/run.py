"""`make bench`: measure the validator (and later the site build) on synthetic catalogues.

Writes benchmarks/results.json and prints a table. Each figure is the median of REPEAT runs of a
separate `site-gen` process (start-up included), on catalogues written by `site-gen synth`.

The processes run as on a default Python: with the bytecode cache (``__pycache__``) on, even
where the environment turns it off (``PYTHONDONTWRITEBYTECODE``), since a checkout compiles
its modules once and every later run reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
WORK = HERE / "work"
RESULTS = HERE / "results.json"
BIN = Path(sys.executable).parent
SITE_GEN = str(BIN / "site-gen")


WARM_RUNS = 9
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def files_of(root: Path) -> list[Path]:
    return sorted(p for top in ("cards", "licenses") for p in (root / top).rglob("*.yaml"))


def bare_parse(files: list[Path]) -> float:
    """A bare single-core libyaml parse (yaml.load with CSafeLoader) of every file."""
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def bench_validate(n: int, repeat: int) -> dict[str, object]:
    root = WORK / f"synth-{n}"
    subprocess.run([SITE_GEN, "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    files = files_of(root)
    bare = statistics.median(bare_parse(files) for _ in range(repeat))
    cold = statistics.median(wall([SITE_GEN, "validate", str(root), "--no-cache"]) for _ in range(repeat))
    wall([SITE_GEN, "validate", str(root)])  # fill the cache
    time.sleep(2.1)  # past the racy window: signatures taken now are trusted
    wall([SITE_GEN, "validate", str(root)])
    target = root / "cards" / "agency-000" / "service-00000.yaml"
    original = target.read_bytes()
    warm_one: list[float] = []
    warm_n = max(repeat, WARM_RUNS)  # a warm run is short: more of them, for a steadier median
    try:
        for i in range(warm_n):
            target.write_bytes(original + f"# edit {i}\n".encode())
            warm_one.append(wall([SITE_GEN, "validate", str(root)]))
    finally:
        target.write_bytes(original)
    wall([SITE_GEN, "validate", str(root)])
    time.sleep(2.1)
    wall([SITE_GEN, "validate", str(root)])
    unchanged_runs = [wall([SITE_GEN, "validate", str(root)]) for _ in range(warm_n)]
    unchanged = statistics.median(unchanged_runs)
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "bare_libyaml_parse_s": round(bare, 3),
        "bare_libyaml_parse_ms_per_file": round(1000 * bare / len(files), 3),
        "validate_cold_s": round(cold, 3),
        "cold_over_bare_ratio": round(cold / bare, 3),
        "validate_after_one_edit_s": round(statistics.median(warm_one), 3),
        "validate_unchanged_s": round(unchanged, 3),
        "validate_after_one_edit_runs_s": [round(t, 3) for t in warm_one],
        "validate_unchanged_runs_s": [round(t, 3) for t in unchanged_runs],
    }


def page_sizes(site: Path) -> dict[str, int]:
    sizes = sorted(p.stat().st_size for top in ("services", "licenses") for p in (site / top).glob("*/*/index.html"))
    return {"card_pages": len(sizes), "max_bytes": sizes[-1], "median_bytes": sizes[len(sizes) // 2]} if sizes else {}


def bench_build(n: int) -> dict[str, object]:
    root = WORK / f"synth-{n}"
    if not (root / "cards").is_dir():
        subprocess.run([SITE_GEN, "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    ours = wall([SITE_GEN, "build", str(root), "--out", str(root / "site")])
    bare_dir = WORK / f"bare-{n}"
    shutil.rmtree(bare_dir, ignore_errors=True)
    subprocess.run([str(BIN / "python"), str(HERE / "bare_site.py"), str(root), str(bare_dir)], check=True, stdout=subprocess.DEVNULL)
    bare = wall([str(BIN / "mkdocs"), "build", "-q", "-f", str(bare_dir / "mkdocs.yml"), "-d", str(bare_dir / "site")])
    records = sum(1 for _ in (root / "cards").glob("*/*.yaml")) + sum(1 for _ in (root / "licenses").glob("*/*.yaml"))
    research_dir = WORK / f"bare-research-{n}"
    shutil.rmtree(research_dir, ignore_errors=True)
    subprocess.run([str(BIN / "python"), str(HERE / "bare_site.py"), "--research", str(records), str(research_dir)], check=True, stdout=subprocess.DEVNULL)
    research = wall([str(BIN / "mkdocs"), "build", "-q", "-f", str(research_dir / "mkdocs.yml"), "-d", str(research_dir / "site")])
    return {
        "records": records,
        "build_s": round(ours, 1),
        "bare_research_corpus_s": round(research, 1),
        "bare_research_ms_per_page": round(1000 * research / records, 1),
        "build_over_bare_research_ratio": round(ours / research, 3),
        "bare_records_text_s": round(bare, 1),
        "build_over_bare_records_text_ratio": round(ours / bare, 3),
        "ms_per_record": round(1000 * ours / records, 1),
        **page_sizes(root / "site"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["validate", "build", "search", "registers", "export", "statistics"], default=None)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d"),
        "bytecode_cache": True,
    }
    if args.only in (None, "validate"):
        results["validate"] = {str(n): bench_validate(n, args.repeat) for n in args.sizes}
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if args.only in (None, "build"):
        results["build"] = {str(n): bench_build(n) for n in args.sizes}
        sizes = [str(n) for n in args.sizes]
        if len(sizes) >= 2:
            results["build"]["scaling"] = round(results["build"][sizes[-1]]["build_s"] / results["build"][sizes[0]]["build_s"], 2)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if args.only == "registers":  # issue 20: benchmarks/registers_bench.py (writes benchmarks/registers.json)
        results["registers"] = __import__("registers_bench").bench_registers(max(args.sizes), args.repeat)
    if args.only in (None, "search"):
        from search_bench import bench_side_by_side as bench_search

        site = WORK / f"synth-{max(args.sizes)}" / "site"
        if not (site / "search").is_dir():
            bench_build(max(args.sizes))
        results["search"] = {str(max(args.sizes)): bench_search(site)}
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if args.only is None: __import__("docx_import").record(results, WORK, RESULTS)  # issue 14: 500 Word forms ≤ 30 s
    __import__("editor").bench_into(results, RESULTS) if args.only is None else None  # the card editor's weight (benchmarks/editor.py)
    if args.only is None:  # check-urls on 2,000 addresses against a local server (results.json["availability"])
        subprocess.run([str(BIN / "python"), str(HERE / "availability_bench.py")], check=True)
    if args.only in (None, "export"):  # issue 19: benchmarks/export_bench.py
        results["export"] = {str(max(args.sizes)): __import__("export_bench").bench_export(max(args.sizes), WORK)}
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if args.only in (None, "statistics"):
        subprocess.run([str(BIN / "python"), str(HERE / "statistics_bench.py")], check=True)  # issue 17: benchmarks/statistics.json
    __import__("incremental_bench").record(results, RESULTS, args.sizes) if args.only is None else None  # issue 16: full, one edit, unchanged, serve (benchmarks/incremental_bench.py)
    print(json.dumps({k: results.get(k) for k in ("validate", "build", "search")}, indent=1, ensure_ascii=False))
    print(f"{'N services':>10} {'files':>6} {'bare parse':>11} {'cold validate':>14} {'ratio':>6} {'1 edit':>7} {'unchanged':>10}")
    for n, r in results.get("validate", {}).items():
        print(
            f"{n:>10} {r['files']:>6} {r['bare_libyaml_parse_s']:>10.2f}s {r['validate_cold_s']:>13.2f}s"
            f" {r['cold_over_bare_ratio']:>6.2f} {r['validate_after_one_edit_s']:>6.2f}s {r['validate_unchanged_s']:>9.2f}s"
        )
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
