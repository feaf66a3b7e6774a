"""/verify/ and the projects' filters in headless Chromium (issue 20).

The register pages are rendered from a small catalogue on a fixed build day and served on
127.0.0.1 as they are written (one raw-HTML block each, without the MkDocs theme around them, so
that no site build is needed): the lookup runs in the page from its own JSON, with no request.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, serve
from helpers import FIXTURES, harness

from site_gen.catalogue import load_catalogue

TODAY = "1405-09-13"
CERT = """number: {number}
project: demo/minimal
holder: minimal
issued_on: "1404-01-01"
valid_until: "{until}"
status: {status}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SITE_GEN_TODAY", TODAY)
    tmp = tmp_path_factory.mktemp("verify")
    root = harness(tmp)
    shutil.copytree(FIXTURES / "registers" / "harness" / "registers", root / "registers")
    certs = root / "registers" / "certificates"
    # valid by its status but past its validity on the build day: shown as expired
    (certs / "cert-2.yaml").write_text(CERT.format(number="CERT-2", until="1405-06-01", status="valid"), encoding="utf-8")
    (certs / "cert-3.yaml").write_text(CERT.format(number="CERT-3", until="1407-01-01", status="revoked"), encoding="utf-8")
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert not report.errors
    from site_gen.render.pages import Site, page_jobs

    out = tmp / "site"
    for job in page_jobs(Site(catalogue)):
        for page in job():
            if not page.path.startswith(("verify/", "projects/")):
                continue
            path = out / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            if page.path.endswith(".md"):
                body = page.content.split("---\n", 2)[2]
                html = f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"></head><body>{body}</body></html>'
                path.with_name("index.html").write_text(html, encoding="utf-8")
            else:
                path.write_text(page.content, encoding="utf-8")
    yield out
    mp.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _lookup(page: Any, typed: str) -> tuple[str, str]:
    page.fill("#verify-input", typed)
    page.click("#verify-form button[type=submit]")
    result = page.locator("#verify-result > div")
    return result.get_attribute("data-status") or "", result.inner_text()


def test_verify_valid_expired_revoked_unknown(site: Path, browser: Any) -> None:
    requests: list[str] = []
    with serve(site) as base:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "verify/")
        status, text = _lookup(page, "CERT-1")
        assert status == "valid" and "گواهی مشارکت: معتبر" in text and "نهاد نمونه" in text and "۱ فروردین ۱۴۰۶" in text
        status, text = _lookup(page, " cert-۲ ")  # Persian digits, lower case, spaces
        assert status == "expired" and "منقضی" in text  # its file still says valid
        status, text = _lookup(page, "CERT-3")
        assert status == "revoked" and "لغو" in text
        status, text = _lookup(page, "CERT-404")
        assert status == "unknown" and "ثبت نشده است" in text
        status, text = _lookup(page, "۱۰۱۰۰۰۰۰۰۰۱")  # a body's national id in Persian digits
        assert status == "valid" and "نهاد احراز صلاحیت‌شده: معتبر" in text
        page.goto(base + "verify/?n=CERT-3")  # a link with the number in it answers at once
        assert page.locator("#verify-result > div").get_attribute("data-status") == "revoked"
        page.close()
    # nothing but the page and its script, all on 127.0.0.1
    assert requests and all(u.startswith(base) for u in requests)


def test_projects_filter_by_status(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + "projects/")
        rows = page.locator("#reg-projects tbody tr")
        assert rows.count() == 1
        page.select_option("select[data-filter=status]", "cancelled")
        assert page.locator("#reg-projects tbody tr:not([hidden])").count() == 0
        assert page.locator(".reg-count").inner_text() == "۰ طرح"
        page.select_option("select[data-filter=status]", "open")
        assert page.locator("#reg-projects tbody tr:not([hidden])").count() == 1
        page.close()
