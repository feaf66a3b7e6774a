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
    (root / "cards/demo/new-card.yaml").write_text("title: تازه\nagency: demo\n", encoding="utf-8")
    assert codes(root) == []
    assert (root / CACHE_DIR / "validate.delta.marshal").exists()
    (root / "cards/demo/new-card.yaml").unlink()  # a removal rewrites the base
    assert codes(root) == []
    assert not (root / CACHE_DIR / "validate.delta.marshal").exists()
