"""Issue 16: `site-gen build` after an edit rebuilds only what changed, and its output equals a
fresh full build's byte for byte, over a sequence of edits, additions, renames and removals."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_gen import incremental
from site_gen.build import PROJECT, build, mkdocs_config, staging_dir
from site_gen.synth import synthesise


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def assert_same_as_full(root: Path, site: Path, tmp: Path, name: str) -> None:
    fresh = tmp / f"full-{name}"
    result = build(root, fresh, full=True)
    assert not result.report.errors, [d.text() for d in result.report.errors]
    got, want = tree(site), tree(fresh)
    assert sorted(got) == sorted(want), (set(got) ^ set(want))
    differ = [rel for rel in want if got[rel] != want[rel]]
    assert differ == [], differ
    shutil.rmtree(fresh)
    incremental.forget(incremental.state_path(root, fresh))


def set_field(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = f'{key}: "{value}"'
            break
    else:
        raise AssertionError(f"{key} not in {path}")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # sitemap.xml.gz carries the build time
    tmp = tmp_path_factory.mktemp("incremental")
    root = tmp / "catalogue"
    root.mkdir()
    synthesise(root, 8)
    site = tmp / "site"
    result = build(root, site)
    assert not result.report.errors
    yield root, site, tmp
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


def test_edit_addition_rename_removal_equal_a_full_build(catalogue: tuple[Path, Path, Path]) -> None:
    root, site, tmp = catalogue
    cards = root / "cards" / "agency-000"
    services = sorted(cards.glob("service-*.yaml"))
    licences = sorted((root / "licenses" / "agency-000").glob("licence-*.yaml"))

    # 1. one card's title edited: its page and the pages that list it change, no other page
    untouched = "services/agency-000/" + services[5].stem + "/index.html"
    assert (site / untouched).is_file()
    before = mtimes(site)
    set_field(services[0], "title", "درخواست ویرایش‌شدهٔ آزمایشی")
    assert not build(root, site).report.errors
    after = mtimes(site)
    assert after[untouched] == before[untouched], "an untouched card page was rebuilt"
    edited = "services/agency-000/" + services[0].stem + "/index.html"
    assert after[edited] != before[edited]
    assert "درخواست ویرایش‌شدهٔ آزمایشی" in (site / edited).read_text(encoding="utf-8")
    assert_same_as_full(root, site, tmp, "edit")

    # 2. a card added (a copy under a new name and id), a licence edited, the agency renamed
    added = cards / "service-new-one.yaml"
    shutil.copyfile(services[1], added)
    set_field(added, "id", "10000099999")
    set_field(added, "title", "خدمت تازهٔ آزمایشی")
    set_field(licences[0], "title", "مجوز ویرایش‌شدهٔ آزمایشی")
    set_field(cards / "_agency.yaml", "name", "دستگاه نام‌تازه")
    assert not build(root, site).report.errors
    assert (site / "services/agency-000/service-new-one/index.html").is_file()
    assert_same_as_full(root, site, tmp, "add")

    # 3. a card renamed (its file, hence its address) and another removed: two no record names
    def named_elsewhere(card: Path) -> bool:
        files = [*(root / "cards").rglob("*.yaml"), *(root / "licenses").rglob("*.yaml")]
        return any(f'"{card.stem}"' in p.read_text(encoding="utf-8") for p in files if p != card)

    free = [p for p in services[2:] if not named_elsewhere(p)]
    assert len(free) >= 2
    free[0].rename(cards / "service-renamed.yaml")
    free[1].unlink()
    assert not build(root, site).report.errors
    assert (site / "services/agency-000/service-renamed/index.html").is_file()
    assert not (site / "services/agency-000" / free[0].stem).exists()
    assert not (site / "services/agency-000" / free[1].stem).exists()
    assert_same_as_full(root, site, tmp, "rename")

    # 4. nothing changed: no page is rebuilt, the site stays the same
    before = mtimes(site)
    assert not build(root, site).report.errors
    after = mtimes(site)
    rebuilt = {rel for rel in after if after[rel] != before.get(rel)}
    records = {rel for rel in after if rel.startswith(("services/", "licenses/", "agencies/")) and rel.count("/") >= 2}
    assert len(records) > 10
    assert rebuilt & records == set()
    assert_same_as_full(root, site, tmp, "unchanged")


def test_staging_changed_behind_the_builds_back_is_rebuilt(catalogue: tuple[Path, Path, Path]) -> None:
    """The manifest, not the clock, decides: a staged page rewritten with an old time is rebuilt."""
    root, site, _ = catalogue
    page = next(staging_dir(root).glob("services/agency-000/*/index.md"))
    text = page.read_text(encoding="utf-8")
    stat = page.stat()
    page.write_text(text.replace("\n# ", "\n# نشانهٔ آزمایشی ", 1), encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))  # older than its output
    config = mkdocs_config(root, site)
    plan = incremental.plan(staging_dir(root), site, PROJECT, config, incremental.load_state(incremental.state_path(root, site)))
    assert not plan.full
    rel = page.relative_to(staging_dir(root)).as_posix()
    assert incremental.output_of(rel, True) in plan.stale
    page.write_text(text, encoding="utf-8")


def test_fingerprint_follows_theme_config_and_code(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "site_gen" / "theme").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (project / "site_gen" / "theme" / "main.html").write_text("a", encoding="utf-8")
    (project / "site_gen" / "build.py").write_text("a", encoding="utf-8")
    out = tmp_path / "site"
    first = incremental.fingerprint(project, out)
    assert incremental.fingerprint(project, out) == first
    assert incremental.fingerprint(project, tmp_path / "elsewhere") != first
    for path in ("mkdocs.yml", "site_gen/theme/main.html", "site_gen/build.py"):
        target = project / path
        old = target.read_text(encoding="utf-8")
        target.write_text(old + " ", encoding="utf-8")
        assert incremental.fingerprint(project, out) != first, path
        target.write_text(old, encoding="utf-8")
    assert incremental.fingerprint(project, out) == first


def test_changed_fingerprint_means_a_full_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# a\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    config = {"nav": None, "use_directory_urls": True}
    first = incremental.plan(docs, out, PROJECT, config, None)
    assert first.full
    state = {"fingerprint": first.fingerprint, "manifest": first.manifest}
    assert not incremental.plan(docs, out, PROJECT, config, state).full
    assert incremental.plan(docs, out, PROJECT, config, {**state, "fingerprint": "other"}).full
