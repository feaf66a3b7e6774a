"""Exports benchmark (issue 19): what the open-data files add to a build.

    .venv/bin/python benchmarks/export_bench.py [N]        # default 10000; writes results.json "export"

On a synthetic catalogue of N services (``site-gen synth``), loaded once, it times each exported
file alone in this one process (``site_gen.export``: CSV, xlsx, catalogue.json, CPSV-AP JSON-LD,
the schemas, the sitemap), then the copy of the files into a site as MkDocs does it
(``shutil.copyfile``, one per file). The build runs the exports in a worker beside the page
rendering, so their sum here is an upper bound of what they add to the build's wall time; it
is compared with the 10k build time recorded in results.json (the goal: ≤ 10 %).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
BIN = Path(sys.executable).parent


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def bench_export(n: int, work: Path) -> dict[str, object]:
    from site_gen.catalogue import load_catalogue
    from site_gen.export.catalogue_json import catalogue_json
    from site_gen.export.csvs import table_csv
    from site_gen.export.jsonld import catalogue_jsonld, service_jsonld
    from site_gen.export.schemas import schema_files
    from site_gen.export.sitemap import sitemap_xml
    from site_gen.export.tables import rows
    from site_gen.export.xlsx import workbook_bytes

    root = work / f"synth-{n}"
    if not (root / "cards").is_dir():
        subprocess.run([str(BIN / "site-gen"), "synth", str(n), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    catalogue, report = load_catalogue(root, keep_records=True, use_cache=False)
    assert not report.errors
    services = sorted(catalogue.services.items())
    times: dict[str, float] = {}
    sizes: dict[str, int] = {}
    times["tables"], tables = _timed(lambda: list(rows(catalogue)))
    times["csv"], csvs = _timed(lambda: [table_csv(t, r) for t, r in tables])
    sizes["csv"] = sum(map(len, csvs))
    times["xlsx"], xlsx = _timed(workbook_bytes, tables)
    sizes["xlsx"] = len(xlsx)
    times["catalogue_json"], data = _timed(catalogue_json, catalogue)
    sizes["catalogue_json"] = len(data)
    times["catalogue_jsonld"], data = _timed(catalogue_jsonld, services, catalogue.agencies)
    sizes["catalogue_jsonld"] = len(data)
    times["service_jsonld"], each = _timed(lambda: [service_jsonld(k, c, catalogue.agencies[k[0]]) for k, c in services])
    sizes["service_jsonld"] = sum(map(len, each))
    times["schemas"], _ = _timed(schema_files)
    times["sitemap"], _ = _timed(sitemap_xml, catalogue, {})
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "docs", Path(tmp) / "site"
        for i, body in enumerate(each):
            (src / str(i)).mkdir(parents=True)
            (src / str(i) / "index.jsonld").write_bytes(body)
        start = time.perf_counter()
        for i in range(len(each)):
            (dst / str(i)).mkdir(parents=True)
            shutil.copyfile(src / str(i) / "index.jsonld", dst / str(i) / "index.jsonld")
        times["copy_service_jsonld"] = time.perf_counter() - start
    total = sum(times.values())
    build = json.loads(RESULTS.read_text()).get("build", {}).get(str(n), {}).get("build_s") if RESULTS.exists() else None
    return {
        "services": len(catalogue.services),
        "licences": len(catalogue.licences),
        "seconds": {k: round(v, 2) for k, v in times.items()},
        "bytes": sizes,
        "total_s": round(total, 2),
        "recorded_build_s": build,
        "share_of_build": round(total / build, 3) if build else None,
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    work = HERE / "work"
    work.mkdir(parents=True, exist_ok=True)
    result = bench_export(n, work)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["export"] = {str(n): result}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
