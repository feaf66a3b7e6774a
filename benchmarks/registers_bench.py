"""Registers benchmark (issue 20): N cards alone, then the same cards plus 2k projects, 2k
certificates and 500 technologies files (at N = 10,000; scaled with N), validated and built.

    .venv/bin/python benchmarks/registers_bench.py [--cards 10000] [--repeat 3] [--build]

Both catalogues have the same cards and the same 500 agencies (technologies files are one per
agency). Each figure is the median of REPEAT runs of a separate ``site-gen`` process: a cold
``validate --no-cache``, a warm ``validate`` with every file unchanged (the result stores full,
past their racy window), and with ``--build`` one ``site-gen build``. Results go to
benchmarks/registers.json with the ratio of each figure to the cards alone (the target: within
1.10).
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

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
RESULTS = HERE / "registers.json"
SITE_GEN = str(Path(sys.executable).parent / "site-gen")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
AGENCIES = 500


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def cards_only(n: int) -> Path:
    """``site-gen synth N`` plus agencies up to :data:`AGENCIES`."""
    root = WORK / f"registers-cards-{n}"
    if not (root / "cards").is_dir():
        subprocess.run([SITE_GEN, "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
        for i in range(AGENCIES):
            folder = root / "cards" / f"agency-{i:03d}"
            if not folder.is_dir():
                folder.mkdir(parents=True)
                (folder / "_agency.yaml").write_text(f"slug: agency-{i:03d}\nname: دستگاه نمونهٔ {i}\nsample: true\n", encoding="utf-8")
    return root


def with_registers(n: int, cards: Path) -> Path:
    root = WORK / f"registers-all-{n}"
    if (root / "registers").is_dir():
        return root
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(cards, root, ignore=shutil.ignore_patterns(".cache", "site"))
    projects, certificates = 2 * n // 10, 2 * n // 10
    agencies = sorted(p.name for p in (root / "cards").iterdir())[:AGENCIES]
    services: dict[str, list[str]] = {a: sorted(p.stem for p in (root / "cards" / a).glob("service-*.yaml"))[:3] for a in agencies}
    reg = root / "registers"
    for i, agency in enumerate(agencies[: max(1, AGENCIES * n // 10000)]):
        used = services.get(agency) or []
        items = "".join(
            f"  - kind: {kind}\n    name: محصول {j}\n    version: \"{j}.0\"\n    origin: {'domestic' if j % 3 else 'foreign'}\n"
            f"    licence: {'open_source' if j % 2 else 'proprietary'}\n    end_of_support: \"14{j % 10:02d}-01-01\"\n"
            + (f"    used_by: [{used[0]}]\n" if used and j == 0 else "")
            for j, kind in enumerate(["database", "platform", "language", "framework", "middleware", "operating_system", "cloud", "security", "network", "other"])
        )
        (reg / "technologies").mkdir(parents=True, exist_ok=True)
        (reg / "technologies" / f"{agency}.yaml").write_text(f"agency: {agency}\nas_of: \"1405-07-01\"\nitems:\n{items}sample: true\n", encoding="utf-8")
    (reg / "bodies").mkdir(parents=True)
    for b in range(50):
        (reg / "bodies" / f"body-{b:03d}.yaml").write_text(
            f"slug: body-{b:03d}\nname: نهاد نمونهٔ {b}\nkind: implementer\nnational_id: \"{10100000000 + b}\"\nscopes: [پیاده‌سازی]\n"
            f"qualified_on: \"1404-01-01\"\nvalid_until: \"1409-01-01\"\nstatus: valid\nsample: true\n", encoding="utf-8")
    keys = []
    for p in range(projects):
        agency = agencies[p % len(agencies)]
        folder = reg / "projects" / agency
        folder.mkdir(parents=True, exist_ok=True)
        used = services.get(agency) or []
        status = ["proposed", "open", "evaluating", "awarded", "in_progress", "completed", "cancelled"][p % 7]
        call = "call_opens: \"1405-01-01\"\ncall_closes: \"1409-12-01\"\n" if status == "open" else ""
        (folder / f"project-{p:05d}.yaml").write_text(
            f"id: P-{p:05d}\ntitle: طرح نمونهٔ {p}\nagency: {agency}\nservices: [{', '.join(used[:1])}]\nmodel: lease\nstatus: {status}\n{call}"
            f"estimated_cost_rials: {1000000 * (p + 1)}\nduration_months: 12\nsample: true\n", encoding="utf-8")
        keys.append(f"{agency}/project-{p:05d}")
    (reg / "certificates").mkdir(parents=True)
    for c in range(certificates):
        (reg / "certificates" / f"cert-{c:05d}.yaml").write_text(
            f"number: CERT-{c:05d}\nproject: {keys[c % len(keys)]}\nholder: body-{c % 50:03d}\nissued_on: \"1405-01-01\"\n"
            f"valid_until: \"1409-01-01\"\nstatus: {'valid' if c % 5 else 'revoked'}\nsample: true\n", encoding="utf-8")
    return root


def measure(root: Path, repeat: int, build: bool) -> dict[str, float]:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    cold = statistics.median(wall([SITE_GEN, "validate", str(root), "--no-cache"]) for _ in range(repeat))
    wall([SITE_GEN, "validate", str(root)])  # fill the stores
    time.sleep(2.1)  # past the racy window
    wall([SITE_GEN, "validate", str(root)])
    warm = statistics.median(wall([SITE_GEN, "validate", str(root)]) for _ in range(max(repeat, 5)))
    out = {"validate_cold_s": round(cold, 3), "validate_unchanged_s": round(warm, 3)}
    if build:
        shutil.rmtree(root / "site", ignore_errors=True)
        out["build_s"] = round(wall([SITE_GEN, "build", str(root), "--out", str(root / "site")]), 1)
    return out


def bench_registers(n: int, repeat: int = 3, build: bool = False) -> dict[str, object]:
    WORK.mkdir(parents=True, exist_ok=True)
    cards = cards_only(n)
    both = with_registers(n, cards)
    files = {top: sum(1 for _ in (both / "registers" / top).rglob("*.yaml")) for top in ("technologies", "projects", "bodies", "certificates")}
    alone = measure(cards, repeat, build)
    full = measure(both, repeat, build)
    return {
        "cards": n,
        "register_files": files,
        "cards_alone": alone,
        "with_registers": full,
        "ratio": {k: round(full[k] / alone[k], 3) for k in alone if alone[k]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    result = bench_registers(args.cards, args.repeat, args.build)
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
