"""`site_gen.redirects` in-process: the committed record of moved and removed pages (README:
"Old addresses never break"). Written for mutation testing (docs/mutation.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from site_gen.redirects import (
    FILE,
    HEADER,
    Moved,
    RedirectsError,
    address_of,
    dump,
    load,
    lookup,
    parse,
    record,
)


def test_address_of_each_kind_of_record() -> None:
    assert address_of("cards/ito/x.yaml") == "services/ito/x/"
    assert address_of("licenses/ito/p.yaml") == "licenses/ito/p/"
    assert address_of("cards/ito/_agency.yaml") == "agencies/ito/"
    assert address_of("cards/x.yaml") is None
    assert address_of("docs/ito/x.yaml") is None


def test_parse_reads_entries() -> None:
    text = (
        "# comment\n"
        "- {from: services/ito/old/, to: services/ito/new/, agency: ito, title: خدمت}\n"
        "- {from: licenses/ito/gone/, agency: ito}\n"
        "- {from: agencies/old-agency/, to: agencies/new-agency/, agency: new-agency, title: ''}\n"
    )
    assert parse(text) == [
        Moved("services/ito/old/", "services/ito/new/", "ito", "خدمت"),
        Moved("licenses/ito/gone/", None, "ito", ""),
        Moved("agencies/old-agency/", "agencies/new-agency/", "new-agency", ""),
    ]
    assert parse(text.encode("utf-8")) == parse(text)
    assert parse("") == [] and parse(b"# nothing yet\n") == []
    assert parse("[]\n") == []


@pytest.mark.parametrize(("text", "says"), [
    ("- [a\n", "redirects.yaml: پروندهٔ YAML درستی نیست: "),
    ("{from: services/a/b/}\n", "redirects.yaml: انتظار می‌رفت فهرستی از نشانی‌ها، اما dict آمده است"),
    ("services/a/b/\n", "redirects.yaml: انتظار می‌رفت فهرستی از نشانی‌ها، اما str آمده است"),
    ("- services/a/b/\n", "redirects.yaml: مورد 1: انتظار می‌رفت کلیدهای from، to، agency و title، اما 'services/a/b/' آمده است"),
    ("- {from: services/a/b/, agency: a}\n- {from: services/a/c/, agency: a, extra: 1}\n",
     "redirects.yaml: مورد 2: انتظار می‌رفت کلیدهای from، to، agency و title، اما {'from': 'services/a/c/', 'agency': 'a', 'extra': 1} آمده است"),
    ("- {from: services/a/b, agency: a}\n", "مورد 1: انتظار می‌رفت نشانی‌ای مانند services/<دستگاه>/<نامک>/، اما 'services/a/b' → None آمده است"),
    ("- {from: services/a/b/, to: services/a/c, agency: a}\n", "اما 'services/a/b/' → 'services/a/c' آمده است"),
    ("- {agency: a}\n", "اما None → None آمده است"),
    ("- {from: 5, agency: a}\n", "اما 5 → None آمده است"),
    ("- {from: pages/a/b/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/a/b/c/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/A/b/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/a/B/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/a/b/, to: services/a/x y/, agency: a}\n", "نشانی‌ای مانند"),
    ("- {from: services/a/b/}\n", "redirects.yaml: مورد 1: انتظار می‌رفت شناسهٔ دستگاه در agency، اما None آمده است"),
    ("- {from: services/a/b/, agency: Ito}\n", "شناسهٔ دستگاه در agency، اما 'Ito' آمده است"),
    ("- {from: services/a/b/, agency: 7}\n", "شناسهٔ دستگاه در agency، اما 7 آمده است"),
])
def test_parse_refuses_what_is_not_a_record(text: str, says: str) -> None:
    with pytest.raises(RedirectsError) as caught:
        parse(text)
    assert says in str(caught.value)


def test_parse_names_the_file_it_reads() -> None:
    with pytest.raises(RedirectsError, match=r"^other.yaml: "):
        parse("5\n", "other.yaml")


def test_addresses_of_every_kind_and_depth() -> None:
    ok = "- {from: agencies/a/, to: licenses/b-2/c-3/, agency: b-2}\n- {from: services/a/b/, to: agencies/a/, agency: a}\n"
    assert [m.new for m in parse(ok)] == ["licenses/b-2/c-3/", "agencies/a/"]
    # an agency's address has two parts, a record's three
    with pytest.raises(RedirectsError):
        parse("- {from: agencies/a/b/c/, agency: a}\n")


def test_dump_is_sorted_and_parses_back() -> None:
    entries = [Moved("services/b/x/", None, "b", "خدمت حذف‌شده"), Moved("licenses/a/y/", "licenses/a/z/", "a")]
    text = dump(entries)
    assert text.startswith(HEADER)
    body = text[len(HEADER):]
    assert body == (
        "- from: licenses/a/y/\n  to: licenses/a/z/\n  agency: a\n"
        "- from: services/b/x/\n  agency: b\n  title: خدمت حذف‌شده\n"
    )
    assert parse(text) == sorted(entries, key=lambda e: e.old)
    assert dump([]) == HEADER + "[]\n" and parse(dump([])) == []
    long = Moved("services/a/" + "b" * 90 + "/", None, "a", "عنوان " * 40)
    assert len(dump([long]).splitlines()) == len(HEADER.splitlines()) + 3  # never folded


def test_as_dict() -> None:
    assert Moved("services/a/b/", "services/a/c/", "a", "t").as_dict() == {"from": "services/a/b/", "to": "services/a/c/", "agency": "a", "title": "t"}
    assert list(Moved("services/a/b/", None, "a").as_dict()) == ["from", "agency"]


def test_load(tmp_path: Path) -> None:
    assert load(tmp_path) == []
    (tmp_path / FILE).write_text("- {from: services/a/b/, agency: a}\n", encoding="utf-8")
    assert load(tmp_path) == [Moved("services/a/b/", None, "a")]
    (tmp_path / FILE).write_text("{}\n", encoding="utf-8")
    with pytest.raises(RedirectsError, match=r"^redirects.yaml: "):
        load(tmp_path)
    # a link is not read (it could point anywhere), nor is a folder
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / FILE).write_text("- {from: services/a/b/, agency: a}\n", encoding="utf-8")
    (tmp_path / FILE).unlink()
    os.symlink(other / FILE, tmp_path / FILE)
    assert load(tmp_path) == []
    assert load(other) == [Moved("services/a/b/", None, "a")]
    (tmp_path / FILE).unlink()
    (tmp_path / FILE).mkdir()
    assert load(tmp_path) == []


def test_lookup() -> None:
    a, b = Moved("services/a/x/", None, "a"), Moved("services/a/y/", "services/a/z/", "a")
    assert lookup([a, b]) == {"services/a/x/": a, "services/a/y/": b}
    assert lookup([]) == {}


def test_record_collapses_chains() -> None:
    first = record([], [Moved("services/a/a/", "services/a/b/", "a", "الف")])
    assert first == [Moved("services/a/a/", "services/a/b/", "a", "الف")]
    second = record(first, [Moved("services/a/b/", "services/a/c/", "a", "ب")])
    assert sorted(second, key=lambda e: e.old) == [
        Moved("services/a/a/", "services/a/c/", "a", "الف"),
        Moved("services/a/b/", "services/a/c/", "a", "ب"),
    ]


def test_record_a_removal_at_the_end_of_a_chain() -> None:
    moved = [Moved("services/a/a/", "services/a/b/", "a")]
    gone = record(moved, [Moved("services/a/b/", None, "b", "ب")])
    # the old address now leads where the last one does: its agency's page, with the title it had last
    assert sorted(gone, key=lambda e: e.old) == [Moved("services/a/a/", None, "b", "ب"), Moved("services/a/b/", None, "b", "ب")]
    # a chain that moves on keeps its own agency and title
    kept = record([Moved("services/a/a/", "services/a/b/", "a", "اول")], [Moved("services/a/b/", "services/x/b/", "x", "دوم")])
    assert Moved("services/a/a/", "services/x/b/", "a", "اول") in kept


def test_record_an_address_in_use_again() -> None:
    # a → b recorded; now b moves back to a: a is a page again, and b leads to it
    back = record([Moved("services/a/a/", "services/a/b/", "a")], [Moved("services/a/b/", "services/a/a/", "a")])
    assert back == [Moved("services/a/b/", "services/a/a/", "a")]
    # an entry that leads to itself is dropped
    assert record([Moved("services/a/a/", "services/a/a/", "a")], []) == []
    # later moves win over earlier entries of the same address
    assert record([Moved("services/a/a/", None, "a")], [Moved("services/a/a/", "services/a/c/", "a")]) == [Moved("services/a/a/", "services/a/c/", "a")]
    # other entries are kept, in their order
    keep = [Moved("services/a/q/", None, "a"), Moved("services/a/p/", None, "a")]
    assert record(keep, []) == keep
    assert record(keep, (m for m in [Moved("services/a/r/", "services/a/s/", "a")]))[:2] == keep


def test_header_is_yaml_comments_only() -> None:
    assert yaml.safe_load(HEADER) is None
    assert "site-gen diff <شاخهٔ پایه> --write-redirects" in HEADER
