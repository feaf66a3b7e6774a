"""`site-gen synth` writes a valid, deterministic catalogue of the requested size."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from site_gen.catalogue import load_catalogue
from site_gen.cli import cli


def test_synth_is_valid_and_sized(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "150", "--out", str(tmp_path / "a")])
    assert result.exit_code == 0
    assert result.output == f"3 دستگاه، 150 خدمت و 75 مجوز در {tmp_path / 'a'}/ نوشته شد\n"
    catalogue, report = load_catalogue(tmp_path / "a", use_cache=False, keep_records=True)
    assert report.errors == []
    assert (len(catalogue.agencies), len(catalogue.services), len(catalogue.licences)) == (3, 150, 75)
    # the realistic mix the benchmarks rely on
    services = list(catalogue.services.values())
    assert any(s.in_person_visits == 0 for s in services) and any((s.in_person_visits or 0) > 0 for s in services)
    assert any(s.description is None for s in services)
    assert any(a.inquiries for lic in catalogue.licences.values() for a in lic.actions or [])
    assert any("\u200c" in s.title + (s.summary or "") for s in services)


def test_synth_is_deterministic(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["synth", "60", "--out", str(tmp_path / "a")])
    runner.invoke(cli, ["synth", "60", "--out", str(tmp_path / "b")])
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b and len(files_a) == 60 + 30 + 1
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
