"""The sample site as a person sees it: phone and desktop, no sideways scroll, axe-clean, RTL,
Vazirmatn, and not one request to another host."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import chromium, serve

from site_gen.build import build

REPO = Path(__file__).resolve().parents[1]
AXE = (REPO / "tests/vendor/axe.min.js").read_text(encoding="utf-8")
PAGES = [
    "",
    "services/sabteahval/birth-certificate-issuance/",
    "services/ito/egov-technical-strategy/",
    "licenses/fda/pharmacy-licence/",
    "agencies/sabteahval/",
    "browse/services/electronic/",
]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    result = build(REPO, out)
    assert not result.report.errors
    return out


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_look_right(sample_site: Path, width: int) -> None:
    with serve(sample_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) and not r.url.startswith("data:") else None)
        for path in PAGES:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl"
            assert page.evaluate("document.documentElement.lang") == "fa"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width}px"
            assert page.evaluate("document.fonts.check('16px Vazirmatn')"), path
            page.evaluate(AXE)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))")
            serious = [v["id"] for v in json.loads(result) if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{path} at {width}px: {serious}"
        assert outside == []
