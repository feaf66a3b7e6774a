"""Page weight of the sample site as a phone sees it, in Chromium (issue 12, item 12).

    .venv/bin/site-gen build . && .venv/bin/python benchmarks/page_weight.py

Opens a card page in a fresh Chromium profile (first visit), then a second card page (the
assets now cached), and adds up what each response weighs compressed: text (HTML, CSS, JS) as
gzip -9 and as brotli -11 (what a web server sends; the test server here sends it raw), fonts
and images as they are. Prints a table; writes nothing. Targets: first visit at most 100 KB,
a second card page at most 10 KB.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, serve  # noqa: E402

FIRST = "services/sabteahval/birth-certificate-issuance/"
SECOND = "services/rahvar/traffic-fines/"


def weigh(site: Path, base: str, urls: list[str]) -> tuple[int, int, list[tuple[str, int, int]]]:
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:  # brotli is optional: gzip only
        brotli = None
    rows = []
    for url in urls:
        path = url[len(base):].split("?")[0].split("#")[0]
        file = site / path
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        data = file.read_bytes()
        if file.suffix in (".woff2", ".png", ".jpg", ".ico"):
            gz = br = len(data)
        else:
            gz = len(gzip.compress(data, 9))
            br = len(brotli.compress(data, quality=11)) if brotli else gz
        rows.append((path or "/", gz, br))
    return sum(r[1] for r in rows), sum(r[2] for r in rows), rows


def main() -> None:
    site = ROOT / "site"
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        seen: list[str] = []
        page.on("response", lambda r: seen.append(r.url) if r.status == 200 and not r.from_service_worker else None)
        page.goto(base + FIRST)
        page.wait_for_load_state("networkidle")
        first = list(dict.fromkeys(seen))
        seen.clear()
        # a second page of the same visit: what the cache does not already hold
        cached = page.evaluate("performance.getEntriesByType('resource').length")
        page.goto(base + SECOND)
        page.wait_for_load_state("networkidle")
        # a body came over the wire only when more than the body was transferred (a cache hit
        # transfers 0 bytes, a 304 revalidation only its headers)
        entries = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.transferSize > e.encodedBodySize])")
        second = [base + SECOND] + [u for u, fetched in entries if fetched]
        context.close()
    for label, urls in (("first visit", first), ("second card page", second)):
        gz, br, rows = weigh(site, base, urls)
        print(f"{label}: {gz / 1000:.1f} KB gzip, {br / 1000:.1f} KB brotli")
        for path, g, b in rows:
            print(f"  {g:>8,d} {b:>8,d}  {path}")
    print(f"({cached} resources on the first page)")


if __name__ == "__main__":
    main()
