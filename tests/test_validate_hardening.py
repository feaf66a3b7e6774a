"""Hardening of validation: whole-string patterns, invisible characters, URLs as browsers read
them, linear checks across files, a catalogue whose folders are not folders, and reports that
carry no raw control characters."""

from __future__ import annotations

from pathlib import Path

import pytest
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


# --- 13: invisible characters refused by class ----------------------------------------------

#: Unicode format (Cf) characters that are neither ZWNJ nor the direction marks of free text,
#: and the line and paragraph separators (Zl, Zp).
INVISIBLE = ["\U000e0001", "\U000e0041", "\U000e007f", "\u2062", "\u180e", "\u206a", "\ufff9", "\u2028", "\u2029"]
MARKS = ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ALM: free text only


def _card(**fields: str) -> bytes:
    body = {"id": '"10000000099"', "title": "خدمت", "agency": "demo", **fields}
    return "".join(f"{k}: {v}\n" for k, v in body.items()).encode()


def _escaped(ch: str) -> str:
    return f"\\U{ord(ch):08X}"


@pytest.mark.parametrize("ch", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_anywhere(tmp_path: Path, ch: str) -> None:
    root = harness(tmp_path)
    for written in (f"متن{ch}آزاد", f'"متن{_escaped(ch)}آزاد"'):  # as a character, as a YAML escape
        rel = place(root, "service", _card(summary=written))
        found = codes_of(root, rel)
        assert [c for c, _ in found] == ["forbidden-character"], (written, found)
        rel = place(root, "service", _card(title=written))
        assert [c for c, _ in codes_of(root, rel)] == ["forbidden-character"], written


@pytest.mark.parametrize("ch", MARKS, ids=lambda c: f"U+{ord(c):04X}")
def test_direction_marks_only_in_free_text(tmp_path: Path, ch: str) -> None:
    root = harness(tmp_path)
    for written in (f"متن{ch}آزاد", f'"متن{_escaped(ch)}آزاد"'):
        rel = place(root, "service", _card(summary=written))
        assert codes_of(root, rel) == [], written
        rel = place(root, "service", _card(title=written))
        assert codes_of(root, rel) == [("forbidden-character", "title")], written
        rel = place(root, "service", _card(keywords=f"[{written}]"))
        assert codes_of(root, rel) == [("forbidden-character", "keywords[0]")], written


def test_zwnj_is_kept_everywhere(tmp_path: Path) -> None:
    root = harness(tmp_path)
    rel = place(root, "service", _card(title="خدمت\u200cها", summary="می\u200cشود"))
    assert codes_of(root, rel) == []


def test_fast_path_lets_through_no_forbidden_class() -> None:
    """Characters the loader's quick scan skips are never in a forbidden class."""
    import sys
    import unicodedata

    from site_gen import text

    skipped = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and not text.SUSPECT_CHARS.match(chr(c))]
    assert len(skipped) > 1000
    assert not [c for c in skipped if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") and c not in "\t\n\r\u200c"]


def test_schema_patterns_are_ecma() -> None:
    """JSON Schema patterns are ECMA-262, where \\A and \\Z are the letters A and Z."""
    import json

    from site_gen.schema import render_schemas

    def patterns(node: object) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "pattern" and isinstance(v, str)] + [p for v in node.values() for p in patterns(v)]
        if isinstance(node, list):
            return [p for v in node for p in patterns(v)]
        return []

    found = [p for text in render_schemas().values() for p in patterns(json.loads(text))]
    assert len(found) > 20
    assert not [p for p in found if "\\A" in p or "\\Z" in p]


# --- 14: URLs as browsers read them ---------------------------------------------------------

BAD_URLS = [
    "https://evil.example\\www.ito.gov.ir/",  # a browser goes to evil.example
    "https://evil.example\\@www.ito.gov.ir/",
    "https://:pw@www.ito.gov.ir/",  # user-info with an empty user name
    "https://a@www.ito.gov.ir/",
    "https://@www.ito.gov.ir/",
    "https://www.ito.gov.ir\t.evil.example/",
    "https://www.ito\n.gov.ir/",
    "https://evil%2Eexample/",  # browsers decode the host
    "https://0x7f.1/",  # an IPv4 address to a browser
    "https://1.2.3.999/",
    "https://-evil.example/",
    "https://evil_host.example/",
    "https://ｅvil.example/",  # fullwidth letter: a browser maps it
    "https://evil.example．ir/",  # fullwidth full stop
    "https:evil.example/",
    "https:/evil.example/",
    "https:///evil.example/",
    "javascript://www.ito.gov.ir/%0aalert(1)",
    "ftp://www.ito.gov.ir/",
    "https://www.ito.gov.ir:99999/",
    "https://[::1/",
]
GOOD_URLS = [
    "https://www.ito.gov.ir/",
    "https://www.ito.gov.ir/fa/خدمات?page=2#top",
    "http://127.0.0.1:8080/path",
    "https://[2001:db8::1]/",
    "https://xn--mgbai9azgqp6j.xn--mgba3a4f16a/",
    "HTTPS://WWW.ITO.GOV.IR",
    "https://localhost/",
]


def _yaml_quoted(url: str) -> str:
    return '"' + url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


@pytest.mark.parametrize("url", BAD_URLS)
def test_urls_browsers_read_otherwise_are_rejected(tmp_path: Path, url: str) -> None:
    root = harness(tmp_path)
    rel = place(root, "service", _card(website=_yaml_quoted(url)))
    assert codes_of(root, rel) == [("invalid-url", "website")]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_plain_urls_are_accepted(tmp_path: Path, url: str) -> None:
    root = harness(tmp_path)
    rel = place(root, "service", _card(website=_yaml_quoted(url)))
    assert codes_of(root, rel) == []


# --- 16: reports carry no raw control or bidi characters ------------------------------------


def _hostile(tmp_path: Path) -> Path:
    root = harness(tmp_path)
    place(root, "service", _card(**{'"a\\eb\\nc"': "1"}))  # a key with ESC and a line break
    (root / "cards/demo/evil\u202e.yaml").write_bytes(_card())  # a file name with RLO
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "junit"])
def test_reports_escape_control_characters(tmp_path: Path, fmt: str) -> None:
    import json
    import unicodedata
    import xml.etree.ElementTree as ET

    from site_gen.report import render

    _, report = load_catalogue(_hostile(tmp_path), use_cache=False, jobs=1)
    assert {"unknown-key", "bad-file-name"} <= {d.code for d in report.diagnostics}
    out = render(report, fmt)
    raw = [c for c in out if c != "\n" and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or (unicodedata.category(c) == "Cf" and c != "\u200c"))]
    assert raw == []
    assert "\\x1b" in out and "\\u202e" in out
    lines = out.splitlines()
    if fmt == "text":
        assert len([ln for ln in lines if ": error: " in ln]) == len(report.errors)
        assert all(ln.startswith(("cards/", "licenses/", "کامل بودن: ")) or " پرونده: " in ln for ln in lines)
    elif fmt == "github":
        assert len(lines) == len(report.diagnostics) and all(ln.startswith("::") for ln in lines)
    elif fmt == "junit":
        ET.fromstring(out.encode())
    else:
        json.loads(out)


# --- 15: cards/ or licenses/ that is not a folder --------------------------------------------


@pytest.mark.parametrize("other", ["folder", "absent"])
def test_cards_as_a_regular_file_is_an_error(tmp_path: Path, other: str) -> None:
    root = tmp_path / "catalogue"
    root.mkdir()
    (root / "cards").write_text("not a folder\n")
    if other == "folder":
        (root / "licenses").mkdir()
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert [(d.file, d.code) for d in report.errors] == [("cards", "not-a-folder")]
    assert not report.valid
    code, out = run("validate", str(root), "--no-cache")
    assert code == 1
    assert out.startswith("cards:1:1: error: not-a-folder: ")
    assert out.splitlines()[-1] == "۱ پرونده: ۱ خطا، ۰ هشدار: نامعتبر"


def test_licenses_as_a_regular_file_is_an_error(tmp_path: Path) -> None:
    root = harness(tmp_path)
    import shutil

    shutil.rmtree(root / "licenses")
    (root / "licenses").write_text("")
    _, report = load_catalogue(root, jobs=1)  # through the store too
    assert ("licenses", "not-a-folder") in [(d.file, d.code) for d in report.errors]


def test_neither_folder_is_an_error(tmp_path: Path) -> None:
    _, report = load_catalogue(tmp_path, use_cache=False, jobs=1)
    assert [d.code for d in report.errors] == ["no-catalogue"]
    assert run("validate", str(tmp_path))[0] == 2


# --- 9: the checks across files stay linear ---------------------------------------------------


def test_duplicate_id_report_grows_linearly(tmp_path: Path) -> None:
    from site_gen.report import render

    root = harness(tmp_path)
    n = 300
    for i in range(n):
        (root / f"cards/demo/copy-{i:04d}.yaml").write_text(f'id: "10000000001"\ntitle: خدمت {i}\nagency: demo\n')
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    dup = [d for d in report.errors if d.code == "duplicate-id"]
    assert len(dup) == n + 1  # the copies and cards/demo/other-service.yaml
    assert max(len(d.message) for d in dup) < 400  # each names a few places, not all 300
    first = dup[0]
    assert first.file == "cards/demo/copy-0000.yaml"
    assert "cards/demo/copy-0001.yaml:1" in first.message and f"و {n - 3} جای دیگر" in first.message
    assert "cards/demo/copy-0000.yaml:1" in dup[1].message  # every other copy names the first
    assert len(render(report, "text")) < 400 * (n + 10)


def test_long_parent_chain_ending_in_a_cycle(tmp_path: Path) -> None:
    root = harness(tmp_path)
    n = 400  # a0 → a1 → … → a399 → a200: a cycle of 200 at the end of a chain
    for i in range(n):
        parent = f"a{i + 1}" if i + 1 < n else "a200"
        (root / f"cards/a{i}").mkdir()
        (root / f"cards/a{i}/_agency.yaml").write_text(f"slug: a{i}\nname: دستگاه {i}\nparent: {parent}\n")
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    cycles = [d for d in report.errors if d.code == "agency-cycle"]
    assert sorted(d.file for d in cycles) == sorted(f"cards/a{i}/_agency.yaml" for i in range(200, n))
    assert max(len(d.message) for d in cycles) < 400
    assert "200 دستگاه" in cycles[0].message


def test_small_cycle_is_shown_whole(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (root / "cards/mpo/_agency.yaml").write_text("slug: mpo\nname: سازمان\nparent: demo\n")
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert {d.message for d in report.errors if d.code == "agency-cycle"} == {"زنجیرهٔ دستگاه مادر چرخه دارد: demo → mpo → demo"}


# --- from the test audit --------------------------------------------------------------------


def test_empty_levels_is_rejected(tmp_path: Path) -> None:
    root = harness(tmp_path)
    rel = place(root, "service", _card(levels="[]"))
    assert codes_of(root, rel) == [("empty-list", "levels")]
    rel = place(root, "service", _card(levels="[national]"))
    assert codes_of(root, rel) == []


def test_cost_range_with_min_equal_to_max_is_accepted(tmp_path: Path) -> None:
    root = harness(tmp_path)
    cost = '{free: false, items: [{title: هزینه, min_rials: "500000", max_rials: "500000"}]}'
    rel = place(root, "service", _card(cost=cost))
    assert codes_of(root, rel) == []
    rel = place(root, "service", _card(cost=cost.replace('max_rials: "500000"', 'max_rials: "499999"')))
    assert codes_of(root, rel) == [("bad-range", "cost.items[0].max_rials")]


def test_duplicate_supervisors_are_rejected(tmp_path: Path) -> None:
    root = harness(tmp_path)
    licence = "title: پروانه نمونه\nagency: demo\nsupervisors: [mpo, demo, mpo]\n"
    rel = place(root, "licence", licence.encode())
    assert codes_of(root, rel) == [("duplicate-item", "supervisors[2]")]
    rel = place(root, "licence", licence.replace(", mpo]", "]").encode())
    assert codes_of(root, rel) == []


@pytest.mark.parametrize(("date", "valid"), [("1300-01-01", True), ("1499-12-29", True), ("1299-12-29", False), ("1500-01-01", False)])
def test_jalali_years_1300_to_1499(tmp_path: Path, date: str, valid: bool) -> None:
    """FORMAT.md: years 1300–1499 (1499 is a common year: Esfand has 29 days)."""
    root = harness(tmp_path)
    rel = place(root, "service", _card(last_reviewed=f'"{date}"'))
    assert codes_of(root, rel) == ([] if valid else [("invalid-date", "last_reviewed")])
