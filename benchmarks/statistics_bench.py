"""Issue 17's bench: what the monitoring pages cost.

1. **History**: a repository of 10,000 commits, written by this script with ``git fast-import``
   (500 service cards in 20 agencies added by the first commit, then 9,999 commits over about 30
   months, each editing one card: its number of visits, and now and then its access), is read
   the way a build reads it: :func:`site_gen.history.read_history` (one ``git log``), the blobs
   the card pages compare, the /history/ page (every card version alive at a month's end is
   parsed once) and the list of changes of every card. Goal: ≤ 10 s.
2. **Build overhead at 10k**: on the ``site-gen synth 10000`` catalogue, the time to compute the
   monitoring data and render the four pages, the readiness part of every agency page and the
   (empty, no git) changes part of every card page; then MkDocs on those four pages alone
   (minus MkDocs on an empty page). Compared with the last full 10k build in results.json.
   Goal: ≤ 10 %.

Run: ``.venv/bin/python benchmarks/statistics_bench.py [--commits N] [--skip-build]``; writes
``benchmarks/statistics.json``. Timings on a shared 2-core machine are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
WORK = HERE / "work"
OUT = HERE / "statistics.json"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(PROJECT))

from site_gen.synth import synthesise, to_yaml  # noqa: E402

START = 1_690_000_000  # 2023-07-22


def fast_import_repo(root: Path, commits: int, cards: int = 500) -> None:
    """A repository with ``commits`` commits on main, written in one ``git fast-import``."""
    shutil.rmtree(root, ignore_errors=True)
    seed = root.parent / (root.name + "-seed")
    shutil.rmtree(seed, ignore_errors=True)
    seed.mkdir(parents=True)
    synthesise(seed, cards)
    files = {p.relative_to(seed).as_posix(): p.read_bytes() for top in ("cards", "licenses") for p in sorted((seed / top).rglob("*.yaml"))}
    services = sorted(p for p in files if p.startswith("cards/") and not p.endswith("_agency.yaml"))
    data = {p: yaml.safe_load(files[p]) for p in services}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    step = (30 * 30 * 86400) // commits  # about 30 months
    out: list[bytes] = []

    def blob(raw: bytes) -> None:
        out.append(b"data %d\n" % len(raw) + raw + b"\n")

    def commit(n: int, msg: str, changes: list[tuple[str, bytes]]) -> None:
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer bench <bench@example.invalid> %d +0000\n" % (START + n * step))
        blob(msg.encode())  # each commit's parent is the branch's tip: one line of history
        for path, raw in changes:
            out.append(b"M 100644 inline " + path.encode() + b"\n")
            blob(raw)

    commit(0, "catalogue", list(files.items()))
    for n in range(1, commits):
        path = services[(n * 7919) % len(services)]
        card = dict(data[path])
        card["in_person_visits"] = (n // len(services)) % 4
        card["keywords"] = [f"ویرایش {n}"]  # every edit changes the card
        if n % 5 == 0 and isinstance(card.get("access"), dict):
            card["access"] = {k: v for k, v in card["access"].items() if k != "information"}
        data[path] = card
        commit(n, f"edit {n}", [(path, b"# yaml-language-server: $schema=../../schema/service.schema.json\n" + to_yaml(card).encode())])
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    shutil.rmtree(seed, ignore_errors=True)


def bench_history(commits: int) -> dict[str, object]:
    from site_gen.catalogue import load_catalogue
    from site_gen.history import read_history
    from site_gen.model.vocab import RecordKind
    from site_gen.render import statistics
    from site_gen.render.pages import Site

    root = WORK / f"history-{commits}"
    t0 = time.perf_counter()
    fast_import_repo(root, commits)
    made = time.perf_counter() - t0
    count = int(subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True, check=True).stdout)
    catalogue, _ = load_catalogue(root, keep_records=True, use_cache=False)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    history = read_history(root)
    t_log = time.perf_counter() - t0
    site = Site(catalogue, history.dates, history=history)
    t0 = time.perf_counter()
    statistics.monitor(site)
    t_monitor = time.perf_counter() - t0
    t0 = time.perf_counter()
    page = statistics.history_page(site)
    t_page = time.perf_counter() - t0
    t0 = time.perf_counter()
    for key, card in catalogue.services.items():
        statistics.card_changes(site, RecordKind.SERVICE, key, card)
    t_cards = time.perf_counter() - t0
    cpu = time.process_time() - cpu0  # this process only (git's own time is in the wall times)
    return {
        "commits": count, "months": len(history.months), "cards": len(catalogue.services),
        "make_repo_s": round(made, 2), "git_log_pass_s": round(t_log, 2), "monitor_and_blobs_s": round(t_monitor, 2),
        "history_page_s": round(t_page, 2), "history_page_bytes": len(page.content.encode()),
        "card_changes_all_cards_s": round(t_cards, 2),
        "history_page_total_s": round(t_log + t_monitor + t_page, 2),
        "history_total_s": round(t_log + t_monitor + t_page + t_cards, 2),
        "python_cpu_s": round(cpu, 2),
    }


def bench_build(n: int) -> dict[str, object]:
    from site_gen.catalogue import load_catalogue
    from site_gen.model.vocab import RecordKind
    from site_gen.render import statistics
    from site_gen.render.pages import Site

    root = WORK / f"synth-{n}"
    if not (root / "cards").is_dir():
        subprocess.run([str(BIN / "site-gen"), "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    catalogue, _ = load_catalogue(root, keep_records=True)
    site = Site(catalogue, {})
    c0 = time.process_time()
    t0 = time.perf_counter()
    pages = [p for job in statistics.jobs(site) for p in job()]
    t_pages = time.perf_counter() - t0
    c_pages = time.process_time() - c0
    t0 = time.perf_counter()
    for slug in catalogue.agencies:
        statistics.agency_readiness(site, slug)
    for key, card in catalogue.services.items():
        statistics.card_changes(site, RecordKind.SERVICE, key, card)
    t_parts = time.perf_counter() - t0
    c_parts = time.process_time() - c0 - c_pages
    # MkDocs on the four pages, minus MkDocs on one empty page, with the project's configuration
    mk = {}
    for name, docs in (("four", pages), ("empty", [])):
        folder = WORK / f"mkdocs-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "docs").mkdir(parents=True)
        (folder / "docs" / "index.md").write_text("# x\n", encoding="utf-8")
        for p in docs:
            (folder / "docs" / p.path).parent.mkdir(parents=True, exist_ok=True)
            (folder / "docs" / p.path).write_text(p.content, encoding="utf-8")
        config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8").replace(" site_gen/", f" {PROJECT}/site_gen/")
        (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mk[name] = time.perf_counter() - t0
    results = json.loads((HERE / "results.json").read_text()) if (HERE / "results.json").exists() else {}
    build_s = results.get("build", {}).get(str(n), {}).get("build_s")
    added = t_pages + t_parts + max(0.0, mk["four"] - mk["empty"])
    return {
        "services": len(catalogue.services), "agencies": len(catalogue.agencies),
        "pages_s": round(t_pages, 2), "page_bytes": {p.path: len(p.content.encode()) for p in pages},
        "agency_and_card_parts_s": round(t_parts, 2),
        "pages_cpu_s": round(c_pages, 2), "parts_cpu_s": round(c_parts, 2),
        "mkdocs_four_pages_s": round(mk["four"], 2), "mkdocs_empty_s": round(mk["empty"], 2),
        "added_s": round(added, 2), "build_s_results_json": build_s,
        "overhead_ratio": round(added / build_s, 3) if build_s else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-history", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    out = json.loads(OUT.read_text()) if OUT.exists() else {}
    if not args.skip_history:
        out["history"] = bench_history(args.commits)
    OUT.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    if not args.skip_build:
        out["build"] = bench_build(args.size)
        OUT.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
