"""The card editor's weight and time to interactive on a first visit (issue 13), in Chromium.

    .venv/bin/python benchmarks/editor.py        # or as part of `make bench` (benchmarks/run.py)

Builds the project's site into benchmarks/work/editor-site, opens /editor/ in a fresh Chromium
profile at 390 px and records: every response of the first visit (raw bytes and gzip -9, what
a web server would send), the time from navigation to the form being usable (the rule table
read, the form built: `catalogueEditor.ready` then `rendered()`), and how long the validator
(`errors()`) and fmt (`toYaml()`) take on the seed card. Figures are medians of RUNS fresh
profiles; on a 2-core machine shared with other jobs they are upper bounds.
"""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, serve  # noqa: E402

RUNS = 3
SEED = "cards/ito/egov-technical-strategy.yaml"


def _visit(browser: Any, base: str, site: Path) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.url) if r.status == 200 else None)
    page.goto(base + "editor/")
    interactive = page.evaluate(
        "window.catalogueEditor.ready.then(() => window.catalogueEditor.rendered()).then(() => performance.now())"
    )
    page.wait_for_load_state("networkidle")
    files = []
    for url in dict.fromkeys(seen):
        path = url[len(base) :].split("#")[0].split("?")[0]
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        data = file.read_bytes()
        gz = len(data) if file.suffix in (".woff2", ".png", ".svg") else len(gzip.compress(data, 9))
        files.append({"path": path, "bytes": len(data), "gzip": gz})
    text = (ROOT / SEED).read_text(encoding="utf-8")
    timing = page.evaluate(
        """async ([t, p]) => {
             await window.catalogueEditor.load(t, p);
             let a = performance.now(); await window.catalogueEditor.errors(); const errors = performance.now() - a;
             a = performance.now(); await window.catalogueEditor.toYaml(); const yaml = performance.now() - a;
             return {errors, yaml}; }""",
        [text, SEED],
    )
    context.close()
    return {"interactive_ms": interactive, "files": files, "errors_ms": timing["errors"], "to_yaml_ms": timing["yaml"]}


def bench_editor() -> dict[str, Any]:
    site = HERE / "work" / "editor-site"
    subprocess.run([str(Path(sys.executable).parent / "site-gen"), "build", str(ROOT), "--out", str(site)], check=True, stdout=subprocess.DEVNULL)
    with serve(site) as base, chromium() as browser:
        visits = [_visit(browser, base, site) for _ in range(RUNS)]
    files = visits[0]["files"]
    return {
        "first_visit_files": len(files),
        "first_visit_bytes": sum(f["bytes"] for f in files),
        "first_visit_gzip_bytes": sum(f["gzip"] for f in files),
        "editor_own_gzip_bytes": sum(f["gzip"] for f in files if f["path"].startswith("editor/")),
        "files": files,
        "time_to_interactive_ms": round(statistics.median(v["interactive_ms"] for v in visits)),
        "errors_seed_ms": round(statistics.median(v["errors_ms"] for v in visits), 1),
        "to_yaml_seed_ms": round(statistics.median(v["to_yaml_ms"] for v in visits), 1),
        "runs": RUNS,
    }


def bench_into(results: dict[str, Any], path: Path) -> None:
    """`benchmarks/run.py`: add the figures to its results and write them."""
    results["editor"] = bench_editor()
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    print(json.dumps(bench_editor(), indent=1, ensure_ascii=False))
