"""The site build: pages for every record, escaped card text, stops on invalid input."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, harness, record_paths

from site_gen.build import build
from site_gen.catalogue import load_catalogue

PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    '--8<-- ".env"',
    "متن {onclick=alert(1)} و {: .x #y }",
    "[پیوند](javascript:alert(1)) و <a href='javascript:alert(1)'>x</a>",
    "| a | b |\n|---|---|\n| c | d |",
    "**پررنگ** _کج_ `کد` ~~خط~~",
    "\\(1\\) $$x$$",
    "</dd></dl><iframe src=//evil.example></iframe>",
]


def payload_card(i: int, text: str) -> str:
    import json

    q = json.dumps(text, ensure_ascii=False)
    one = json.dumps(text.replace("\n", " "), ensure_ascii=False)  # for one-line fields
    title = json.dumps(f"خدمت آزمایشی {i} <b onmouseover=alert(1)>x</b> & \"quote\"", ensure_ascii=False)
    return (
        f"id: \"PAYLOAD-{i}\"\ntitle: {title}\nagency: demo\nsummary: {q}\ndescription: {q}\n"
        f"audience: [{one}]\nkeywords: [{one}]\nrequired_documents: [{q}]\nprocesses: [{q}, دوم]\nprocess_flow: [[1, 2]]\n"
        f"related_agencies:\n  - agency: {one}\ncost:\n  items:\n    - title: {one}\n      rule: {q}\n"
        f"faq:\n  - q: {q}\n    a: {q}\ncontact: {{unit: {one}}}\n"
    )


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = harness(tmp_path_factory.mktemp("payload"))
    (root / ".env").write_text("SECRET_TOKEN=do-not-publish\n")
    for i, text in enumerate(PAYLOADS):
        (root / f"cards/demo/payload-{i}.yaml").write_text(payload_card(i, text), encoding="utf-8")
    (root / "cards/demo/other-service.yaml").write_text("id: \"10000000001\"\ntitle: خدمت دیگر\nagency: demo\nsample: true\n", encoding="utf-8")
    result = build(root, root / "site")
    assert not result.report.errors, result.report.errors
    return root / "site"


def test_payloads_stay_text(payload_site: Path) -> None:
    for i in range(len(PAYLOADS)):
        page = (payload_site / f"services/demo/payload-{i}/index.html").read_text(encoding="utf-8")
        assert "<script>window" not in page
        assert "<iframe" not in page
        assert not re.search(r"<img[^>]*onerror", page)
        assert not re.search(r"<[a-z]+[^>]*\sonclick=", page)
        assert not re.search(r"<[a-z]+[^>]*\sonmouseover=", page)
        assert 'href="javascript' not in page.lower()
        assert "SECRET_TOKEN" not in page
    # template syntax stays literal text: nothing evaluated it
    jinja = (payload_site / "services/demo/payload-2/index.html").read_text(encoding="utf-8")
    assert "&#123;&#123; 7&#42;7 &#125;&#125;" in jinja and "&#123;% raw %&#125;" in jinja


def test_payload_text_is_shown_literally(payload_site: Path) -> None:
    page = (payload_site / "services/demo/payload-0/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "<b" not in title.group(1) and "&lt;b onmouseover" in title.group(1)
    tables = (payload_site / "services/demo/payload-6/index.html").read_text(encoding="utf-8")
    assert "<table" not in tables.split('class="card-fields"')[1].split("</dl>")[0]


def test_no_secret_anywhere_in_the_site(payload_site: Path) -> None:
    for path in payload_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            assert "SECRET_TOKEN" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_every_valid_record_has_exactly_one_page(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    shutil.copytree(FIXTURES / "harness", root)
    subprocess.run([str(Path(__file__).resolve().parents[1] / ".venv/bin/site-gen"), "synth", "120", "--out", str(root)], check=True, capture_output=True)
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True)
    assert not report.errors
    result = build(root, root / "site")
    site = root / "site"
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert {p.rstrip("/") for p in record_paths(catalogue)} <= pages
    record_pages = [p for p in pages if re.fullmatch(r"(services|licenses)/[a-z0-9-]+/[a-z0-9-]+", p) or re.fullmatch(r"agencies/[a-z0-9-]+", p)]
    assert len(record_pages) == len(catalogue.services) + len(catalogue.licences) + len(catalogue.agencies)
    assert result.pages >= len(record_pages)
    # each card appears exactly once in the A–Z index
    az = "".join(p.read_text(encoding="utf-8") for p in (site / "browse/services/a-z").rglob("index.html"))
    for agency, slug in catalogue.services:
        assert az.count(f"/{agency}/{slug}/\"") == 1, (agency, slug)


def test_build_stops_on_errors_and_writes_nothing(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (root / "cards/demo/broken.yaml").write_text("title: [x]\nagency: demo\n", encoding="utf-8")
    result = build(root, tmp_path / "out")
    assert [d.code for d in result.report.errors] == ["invalid-type"]
    assert not (tmp_path / "out").exists()


def test_redirect_by_id(payload_site: Path) -> None:
    page = (payload_site / "s/PAYLOAD-3/index.html").read_text(encoding="utf-8")
    assert 'url=../../services/demo/payload-3/"' in page


def test_sample_label(payload_site: Path) -> None:
    sample = (payload_site / "services/demo/other-service/index.html").read_text(encoding="utf-8")
    real = (payload_site / "services/demo/payload-1/index.html").read_text(encoding="utf-8")
    assert "sample-banner" in sample and "sample-banner" not in real


def test_page_is_rtl_persian_and_self_contained(payload_site: Path) -> None:
    page = (payload_site / "services/demo/payload-1/index.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl"' in page
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == [] or all("example" in u for u in external)
    assert "fonts.googleapis" not in page and "cdn.jsdelivr" not in page


def test_last_change_from_git(tmp_path: Path) -> None:
    root = harness(tmp_path)
    no_git = build(root, tmp_path / "a")
    assert not no_git.report.errors
    page = (tmp_path / "a/services/demo/other-service/index.html").read_text(encoding="utf-8")
    assert "آخرین تغییر در این کاتالوگ" not in page
    env = {"GIT_AUTHOR_DATE": "2024-03-20T10:00:00", "GIT_COMMITTER_DATE": "2024-03-20T10:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    build(root, tmp_path / "b")
    page = (tmp_path / "b/services/demo/other-service/index.html").read_text(encoding="utf-8")
    assert "آخرین تغییر در این کاتالوگ" in page and "۱ فروردین ۱۴۰۳" in page


def test_no_script_from_card_text_runs_in_chromium(payload_site: Path) -> None:
    from browser import chromium, serve

    with serve(payload_site) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        dialogs: list[str] = []
        outside: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) and not r.url.startswith("data:") else None)
        for i in range(len(PAYLOADS)):
            page.goto(f"{base}services/demo/payload-{i}/")
            page.wait_for_load_state("load")
            page.hover("h1")
            for link in page.locator("article a").all()[:5]:
                link.hover()
            assert page.evaluate("window.__pwned") is None
        assert dialogs == []
        assert outside == []
