"""The result cache is keyed by content: an edit is always seen, never a stale answer."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import harness

from site_gen.cache import CACHE_DIR
from site_gen.catalogue import load_catalogue


def codes(root: Path) -> list[str]:
    _, report = load_catalogue(root, jobs=1)
    return [d.code for d in report.diagnostics]


def test_edit_is_always_seen(tmp_path: Path) -> None:
    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    assert codes(root) == []
    assert (root / CACHE_DIR / "validate.marshal").exists()
    stat = card.stat()
    # same size, same modification time: only the content differs
    card.write_text(card.read_text(encoding="utf-8").replace("agency: demo", "agency: dem0"), encoding="utf-8")
    os.utime(card, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert codes(root) == ["agency-mismatch"]
    card.write_text(card.read_text(encoding="utf-8").replace("agency: dem0", "agency: demo"), encoding="utf-8")
    assert codes(root) == []


def test_cross_file_checks_rerun_on_cached_files(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (root / "cards/demo/uses.yaml").write_text("title: x\nagency: demo\nlicenses: [some-licence]\n", encoding="utf-8")
    assert codes(root) == []
    (root / "licenses/demo/some-licence.yaml").unlink()  # the cached card did not change
    assert codes(root) == ["unknown-licence"]


def test_read_only_catalogue_still_validates(tmp_path: Path) -> None:
    root = harness(tmp_path)
    for folder, _, _ in os.walk(root):
        os.chmod(folder, 0o555)
    try:
        assert codes(root) == []
    finally:
        for folder, _, _ in os.walk(root):
            os.chmod(folder, 0o755)


def test_parallel_and_serial_agree(tmp_path: Path) -> None:
    root = harness(tmp_path)
    for i in range(80):
        (root / f"cards/demo/card-{i}.yaml").write_text(
            f"title: خدمت {i}\nagency: demo\n" + ("cost: {free: yes}\n" if i % 7 == 0 else ""), encoding="utf-8"
        )
    _, serial = load_catalogue(root, use_cache=False, jobs=1)
    _, parallel = load_catalogue(root, use_cache=False, jobs=2)
    assert serial.diagnostics and sorted(serial.diagnostics) == sorted(parallel.diagnostics)


def test_trusted_signature_still_sees_a_same_size_edit(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With signatures trusted at once, an edit that keeps size and mtime still changes ctime."""
    import time

    import site_gen.cache

    monkeypatch.setattr(site_gen.cache, "RACY_NS", -1)
    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    assert codes(root) == []
    stat = card.stat()
    time.sleep(0.02)
    card.write_text(card.read_text(encoding="utf-8").replace("agency: demo", "agency: dem0"), encoding="utf-8")
    os.utime(card, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert card.stat().st_size == stat.st_size and card.stat().st_mtime_ns == stat.st_mtime_ns
    assert codes(root) == ["agency-mismatch"]


def test_delta_file_then_rewrite(tmp_path: Path) -> None:
    root = harness(tmp_path)
    assert codes(root) == []
    card = root / "cards/demo/other-service.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "summary: خلاصه‌ای کوتاه\n", encoding="utf-8")
    assert codes(root) == []
    assert (root / CACHE_DIR / "validate.delta.marshal").exists()  # an edit writes a small file
    (root / "cards/demo/new-card.yaml").write_text("title: تازه\nagency: demo\n", encoding="utf-8")
    assert codes(root) == []
    assert not (root / CACHE_DIR / "validate.delta.marshal").exists()  # a new file rewrites the base


# --- a run after an edit updates the checks across files; it must agree with a full run ------

SERVICE = """id: "{id}"
title: {title}
agency: demo
sub_services:
  - title: گروه
    items:
      - {{title: زیرخدمت, id: "{sub}"}}
licenses: [{licences}]
related_agencies:
  - agency: {related}
"""

#: (file, text) applied one after another; each run after one must equal a run without cache.
EDITS: list[tuple[str, str]] = [
    ("cards/demo/a.yaml", SERVICE.format(id="10000000002", title="الف", sub="10000000003", licences="some-licence", related="mpo")),
    ("cards/demo/a.yaml", SERVICE.format(id="10000000001", title="الف", sub="10000000003", licences="some-licence", related="mpo")),  # duplicate of other-service
    ("cards/demo/other-service.yaml", SERVICE.format(id="10000000003", title="دیگر", sub="10000000009", licences="gone", related="سازمان مدیریت و برنامه‌ریزی کشور")),
    ("cards/demo/a.yaml", "# a comment first\n" + SERVICE.format(id="10000000001", title="الف", sub="10000000003", licences="mpo/nothing", related="nobody")),
    ("cards/demo/a.yaml", SERVICE.format(id="10000000002", title="الف", sub="10000000002", licences="some-licence", related="demo")),  # twice in one file
    ("cards/demo/a.yaml", "title: [broken\n"),  # invalid: its ids and references leave
    ("licenses/demo/some-licence.yaml", 'id: "10000000001"\ntitle: مجوز\nagency: demo\n'),
    ("cards/demo/a.yaml", SERVICE.format(id="10000000004", title="الف", sub="10000000005", licences="some-licence", related="mpo").replace("agency: demo\n", "agency: mpo\n", 1)),
    ("cards/demo/a.yaml", SERVICE.format(id="10000000004", title="الف", sub="10000000005", licences="some-licence", related="mpo")),
    ("cards/demo/other-service.yaml", 'id: "10000000001"\ntitle: خدمت دیگر\nagency: demo\n'),
]


def test_incremental_checks_agree_with_a_full_run(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import site_gen.catalogue
    from site_gen.report import render

    full_runs = []
    real = site_gen.catalogue.check_results
    monkeypatch.setattr(site_gen.catalogue, "check_results", lambda *a, **k: full_runs.append(1) or real(*a, **k))
    root = harness(tmp_path)
    (root / EDITS[0][0]).write_text(EDITS[0][1], encoding="utf-8")
    load_catalogue(root, jobs=1)
    assert len(full_runs) == 1
    seen_codes: set[str] = set()
    for rel, text in EDITS[1:]:
        (root / rel).write_text(text, encoding="utf-8")
        before = len(full_runs)
        _, warm = load_catalogue(root, jobs=1)
        assert len(full_runs) == before, f"{rel}: the edit should not need a full check"
        _, full = load_catalogue(root, jobs=1, use_cache=False)
        assert render(warm, "json") == render(full, "json"), rel
        seen_codes |= {d.code for d in full.diagnostics}
    # the edits reached every kind of conclusion across files
    assert {"duplicate-id", "unknown-licence", "unregistered-agency", "unknown-agency", "agency-mismatch"} <= seen_codes


def test_changes_that_need_every_file_checked_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An agency's name or parent, a new or removed file: the tables are rebuilt, and agree."""
    import site_gen.catalogue
    from site_gen.report import render

    full_runs = []
    real = site_gen.catalogue.check_results
    monkeypatch.setattr(site_gen.catalogue, "check_results", lambda *a, **k: full_runs.append(1) or real(*a, **k))
    root = harness(tmp_path)
    (root / "cards/demo/a.yaml").write_text("title: الف\nagency: demo\nrelated_agencies:\n  - agency: سازمان تازه\n", encoding="utf-8")
    load_catalogue(root, jobs=1)
    steps = [
        lambda: (root / "cards/mpo/_agency.yaml").write_text("slug: mpo\nname: سازمان تازه\n", encoding="utf-8"),
        lambda: (root / "cards/mpo/_agency.yaml").write_text("slug: mpo\nname: سازمان تازه\nparent: demo\n", encoding="utf-8"),
        lambda: (root / "cards/demo/b.yaml").write_text("title: ب\nagency: demo\nlicenses: [x]\n", encoding="utf-8"),
        lambda: (root / "licenses/demo/x.yaml").write_text("title: ایکس\nagency: demo\n", encoding="utf-8"),
        lambda: (root / "licenses/demo/some-licence.yaml").unlink(),
    ]
    for step in steps:
        step()
        before = len(full_runs)
        _, warm = load_catalogue(root, jobs=1)
        assert len(full_runs) == before + 1
        _, full = load_catalogue(root, jobs=1, use_cache=False)
        assert render(warm, "json") == render(full, "json")
    assert {d.code for d in full.diagnostics} >= {"agency-cycle"}


def test_base_rewritten_without_reading_every_table(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A touched file (same bytes) with no room for a delta: the base is rewritten, the tables the
    run never read are written back as they came, and the next edit still agrees."""
    import time

    import site_gen.cache
    from site_gen.report import render

    monkeypatch.setattr(site_gen.cache, "RACY_NS", -1)  # signatures trusted at once
    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    (root / "cards/demo/a.yaml").write_text('id: "10000000001"\ntitle: الف\nagency: demo\n', encoding="utf-8")
    assert codes(root).count("duplicate-id") == 2
    monkeypatch.setattr(site_gen.cache, "DELTA_MAX", 0)
    base = root / CACHE_DIR / "validate.marshal"
    before = base.stat().st_mtime_ns
    time.sleep(0.01)
    card.write_bytes(card.read_bytes())  # new ctime, same content
    assert codes(root).count("duplicate-id") == 2
    assert base.stat().st_mtime_ns != before
    card.write_text(card.read_text(encoding="utf-8").replace("10000000001", "10000000002"), encoding="utf-8")
    _, warm = load_catalogue(root, jobs=1)
    _, full = load_catalogue(root, jobs=1, use_cache=False)
    assert render(warm, "json") == render(full, "json")
    assert "duplicate-id" not in {d.code for d in warm.diagnostics}


def test_a_store_that_is_not_one_is_ignored(tmp_path: Path) -> None:
    """An older format, a truncated write, noise: the run validates every file, never fails."""
    root = harness(tmp_path)
    assert codes(root) == []
    store = root / CACHE_DIR / "validate.marshal"
    good = store.read_bytes()
    for bad in (b"", b"\xff" * 8 + good[8:], good[: len(good) // 2], (5).to_bytes(8, "little") + b"\x00" * 5, os.urandom(200)):
        store.write_bytes(bad)
        assert codes(root) == []
        card = root / "cards/demo/other-service.yaml"  # and with an edit, which reads every table
        store.write_bytes(bad)
        card.write_text(card.read_text(encoding="utf-8") + "# edit\n", encoding="utf-8")
        assert codes(root) == []
