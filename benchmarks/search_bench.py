"""Search benchmark: time to the first result and bytes fetched, in headless Chromium.

    .venv/bin/site-gen synth 10000 --out /tmp/cat10k
    .venv/bin/site-gen build /tmp/cat10k --out /tmp/site10k      # a few minutes
    .venv/bin/python benchmarks/search_bench.py /tmp/site10k

Serves the built site on 127.0.0.1 (no compression, like the tests), opens a page with an empty
cache, types the first query as soon as the page has loaded and waits for the first result in
the header's search panel; then runs the other queries one after another. Bytes are what
Chromium's network layer reports (``encodedDataLength``: body and headers) for the requests under
``search/``. Goals (the issue): first result ≤ 1 s after load, ≤ 500 KB for the first query,
≤ 200 KB for each later one.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

#: Synthetic catalogues (site-gen synth) have these words; the id is that of service-05049.
QUERIES = ["صدور گذرنامه", "کارت ملی هوشمند", "دستگاه‌های اجرایی", "۱۰۰۰۰۱۶۸۳۸۹", "تامین اجتماعی استان", "گواهینا"]

_TYPE_AND_WAIT = """async q => {
  const input = document.getElementById("catalogue-search-input");
  const opener = document.querySelector("[data-search-open]");
  if (opener && getComputedStyle(opener).display !== "none") opener.click();
  const form = input.form;
  delete form.dataset.searchDone;
  const start = performance.now();
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  while (form.dataset.searchDone !== q) {
    await new Promise(r => requestAnimationFrame(r));
  }
  const shown = document.querySelectorAll(".catalogue-search__item").length;
  return {ms: performance.now() - start, shown: shown, sinceNavigation: performance.now()};
}"""


def _kb(n: int) -> float:
    return round(n / 1024, 1)


def index_size(site_dir: Path) -> dict[str, Any]:
    files = [p for p in (site_dir / "search").rglob("*") if p.is_file()]
    by_kind: dict[str, int] = {}
    for p in files:
        kind = p.relative_to(site_dir / "search").parts[0]
        by_kind[kind] = by_kind.get(kind, 0) + p.stat().st_size
    return {
        "files": len(files),
        "kb": _kb(sum(p.stat().st_size for p in files)),
        "kb_by_part": {k: _kb(v) for k, v in sorted(by_kind.items())},
        "largest_shard_kb": _kb(max((p.stat().st_size for p in files if p.parent.name == "s"), default=0)),
    }


def bench_search(site_dir: Path, queries: list[str] | None = None, page_path: str = "services/") -> dict[str, Any]:
    """Serve ``site_dir`` on 127.0.0.1 and measure the search in headless Chromium."""
    from browser import chromium, serve

    queries = queries or QUERIES
    out: dict[str, Any] = {"site": str(site_dir), "index": index_size(site_dir), "queries": []}
    with serve(site_dir) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        urls: dict[str, str] = {}
        done: list[tuple[str, int]] = []
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: done.append((urls.get(e["requestId"], ""), int(e["encodedDataLength"]))))

        def search_bytes(since: int) -> tuple[int, int]:
            rows = [(u, n) for u, n in done[since:] if "/search/" in u]
            return sum(n for _, n in rows), len(rows)

        start = time.perf_counter()
        page.goto(base + page_path, wait_until="load")
        load_ms = (time.perf_counter() - start) * 1000
        page_bytes = sum(n for _, n in done)
        out["page"] = {"load_ms": round(load_ms), "kb": _kb(page_bytes), "requests": len(done)}
        for i, query in enumerate(queries):
            mark = len(done)
            timing = page.evaluate(_TYPE_AND_WAIT, query)
            time.sleep(0.05)  # let the last loadingFinished events arrive
            nbytes, nreq = search_bytes(mark)
            row = {
                "query": query,
                "first": i == 0,
                "ms": round(timing["ms"], 1),
                "results_shown": timing["shown"],
                "kb": _kb(nbytes),
                "requests": nreq,
            }
            out["queries"].append(row)
        first = out["queries"][0]
        later = out["queries"][1:]
        out["summary"] = {
            "first_result_after_load_ms": first["ms"],
            "first_query_kb": first["kb"],
            "later_query_kb_max": max((q["kb"] for q in later), default=0.0),
            "later_query_ms_max": max((q["ms"] for q in later), default=0.0),
            "index_kb": out["index"]["kb"],
            "goals_met": first["ms"] <= 1000 and first["kb"] <= 500 and all(q["kb"] <= 200 for q in later),
        }
        context.close()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    result = bench_search(Path(argv[1]))
    for q in result["queries"]:
        print(f"{q['query']:<24} {q['ms']:>8.1f} ms {q['kb']:>8.1f} KB {q['requests']:>3} requests  {q['results_shown']} shown")
    print(json.dumps(result["summary"], ensure_ascii=False, indent=1))
    print(json.dumps({"page": result["page"], "index": result["index"]}, ensure_ascii=False))
    return 0 if result["summary"]["goals_met"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
