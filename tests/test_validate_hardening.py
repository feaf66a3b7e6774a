"""Hardening of validation: whole-string patterns, invisible characters, URLs as browsers read
them, linear checks across files, a catalogue whose folders are not folders, and reports that
carry no raw control characters."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from helpers import diagnostics_for, harness, place

from site_gen.catalogue import load_catalogue
from site_gen.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def codes_of(root: Path, rel: str) -> list[tuple[str, str]]:
    return [(d.code, d.key) for d in diagnostics_for(root, rel)]


# --- 7: a trailing newline does not pass a one-line check -----------------------------------


def test_id_with_trailing_newline_is_rejected(tmp_path: Path) -> None:
    root = harness(tmp_path)
    # the same id as cards/demo/other-service.yaml, plus a final line break
    rel = place(root, "service", b'id: "10000000001\\n"\ntitle: \xd8\xae\xd8\xaf\xd9\x85\xd8\xaa\nagency: demo\n')
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert ("invalid-id", "id") in [(d.code, d.key) for d in report.diagnostics if d.file == rel]
    assert not report.valid
    assert ("demo", "minimal") not in catalogue.services


def test_maintainer_with_trailing_newline_is_rejected(tmp_path: Path) -> None:
    root = harness(tmp_path)
    rel = place(root, "agency", 'slug: demo\nname: سازمان نمونه\nmaintainers: ["@team\\n"]\n'.encode())
    assert ("invalid-id", "maintainers[0]") in codes_of(root, rel)


def test_new_refuses_a_slug_with_a_trailing_newline(tmp_path: Path) -> None:
    code, _ = run("new", "service", "ito", "x\n", "--root", str(tmp_path))
    assert code == 2
    code, _ = run("new", "agency", "ito\n", "--root", str(tmp_path))
    assert code == 2
    assert not list(tmp_path.rglob("*"))


def test_every_pattern_matches_the_whole_string() -> None:
    from site_gen import patterns

    for name in dir(patterns):
        regex = getattr(patterns, name)
        if name.endswith("_RE"):
            assert not regex.match("a\n") or not regex.match("a"), name
            assert not regex.match("1\n"), name
            assert not regex.match("@a\n"), name
