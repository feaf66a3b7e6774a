"""Pages at old addresses (site_gen/render/moved.py) from hand-made redirect entries and a
hand-made catalogue: which pages are written, where they lead, after how long, and what they
say (docs/mutation.md)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from site_gen.redirects import Moved, dump
from site_gen.render.moved import live_addresses, moved_pages, write_moved


def catalogue(services: list[tuple[str, str]] = (), licences: list[tuple[str, str]] = (), agencies: list[str] = ()) -> Any:  # type: ignore[assignment]
    return SimpleNamespace(
        services={k: None for k in services}, licences={k: None for k in licences}, agencies={a: None for a in agencies}
    )


def fields(html: str) -> dict[str, str]:
    """The parts of a page a browser acts on, and the words a citizen reads."""
    found = {
        "title": re.search(r"<title>(.*)</title>", html, re.S)[1],  # type: ignore[index]
        "canonical": re.search(r'<link rel="canonical" href="([^"]*)">', html)[1],  # type: ignore[index]
        "refresh": re.search(r'<meta http-equiv="refresh" content="([^"]*)">', html)[1],  # type: ignore[index]
        "notice": re.search(r"<body>\n<p>(.*)</p>\n<p>", html, re.S)[1],  # type: ignore[index]
        "link": re.search(r'<p><a href="([^"]*)">(.*)</a></p>', html)[0],  # type: ignore[index]
    }
    assert html.startswith('<!doctype html>\n<html lang="fa" dir="rtl">') and '<meta name="robots" content="noindex">' in html
    return found


def test_live_addresses() -> None:
    cat = catalogue([("a", "s")], [("b", "l")], ["a", "c"])
    assert live_addresses(cat) == {"services/a/s/", "licenses/b/l/", "agencies/a/", "agencies/c/"}


def test_a_renamed_record_leads_to_its_new_page_at_once() -> None:
    live = {"services/a/new/", "agencies/a/"}
    [(path, html)] = moved_pages([Moved("services/a/old/", "services/a/new/", "a", "گواهی")], live)
    assert path == "services/a/old/index.html"
    assert fields(html) == {
        "title": "انتقال به گواهی",
        "canonical": "../../../services/a/new/",
        "refresh": "0; url=../../../services/a/new/",
        "notice": "نشانی خدمت «گواهی» تغییر کرده است.",
        "link": '<p><a href="../../../services/a/new/">صفحهٔ تازه</a></p>',
    }


def test_a_renamed_record_without_a_title() -> None:
    [(_, html)] = moved_pages([Moved("licenses/a/old/", "licenses/a/new/", "a")], {"licenses/a/new/"})
    f = fields(html)
    assert f["title"] == "انتقال به licenses/a/new/" and f["notice"] == "نشانی مجوز این تغییر کرده است."


def test_a_removed_record_leads_to_its_agency_after_a_notice() -> None:
    live = {"agencies/a/"}
    [(path, html)] = moved_pages([Moved("services/a/gone/", None, "a", "خدمت <b>قدیم</b>")], live)
    assert path == "services/a/gone/index.html"
    assert fields(html) == {
        "title": "خدمت «خدمت &lt;b&gt;قدیم&lt;/b&gt;» دیگر در کاتالوگ نیست",
        "canonical": "../../../agencies/a/",
        "refresh": "10; url=../../../agencies/a/",
        "notice": "خدمت «خدمت &lt;b&gt;قدیم&lt;/b&gt;» از کاتالوگ برداشته شده است. خدمات و مجوزهای دیگر این دستگاه در صفحهٔ آن است.",
        "link": '<p><a href="../../../agencies/a/">صفحهٔ دستگاه</a></p>',
    }


def test_a_target_gone_too_leads_to_the_agency_or_home() -> None:
    [(_, html)] = moved_pages([Moved("services/a/old/", "services/a/new/", "a", "x")], {"agencies/a/"})
    assert fields(html)["refresh"] == "10; url=../../../agencies/a/"
    [(_, html)] = moved_pages([Moved("agencies/a/", None, "a")], set())
    f = fields(html)
    assert f["refresh"] == "10; url=../../" and f["link"] == '<p><a href="../../">صفحهٔ نخست</a></p>'
    assert f["title"] == "دستگاه این دیگر در کاتالوگ نیست"


def test_an_old_address_that_is_live_again_is_left_to_its_page() -> None:
    entries = [Moved("services/a/back/", None, "a"), Moved("services/a/old/", None, "a")]
    assert [p for p, _ in moved_pages(entries, {"services/a/back/"})] == ["services/a/old/index.html"]


def test_an_unknown_kind_of_address_is_a_page() -> None:
    [(_, html)] = moved_pages([Moved("other/a/x/", None, "a", "t")], set())
    assert fields(html)["title"] == "صفحه «t» دیگر در کاتالوگ نیست"


def test_write_moved_writes_changed_pages_only(tmp_path: Path) -> None:
    root, docs = tmp_path / "root", tmp_path / "docs"
    root.mkdir()
    (root / "redirects.yaml").write_text(
        dump([Moved("services/a/old/", "services/a/new/", "a", "t"), Moved("services/a/gone/", None, "a")]), encoding="utf-8"
    )
    cat = catalogue([("a", "new")], agencies=["a"])
    written = write_moved(root, cat, docs)
    assert written == {docs / "services/a/old/index.html", docs / "services/a/gone/index.html"}
    old = docs / "services/a/old/index.html"
    assert "url=../../../services/a/new/" in old.read_text(encoding="utf-8")
    os.utime(old, (1, 1))
    old.with_name("x").write_text("", encoding="utf-8")
    assert write_moved(root, cat, docs) == written and old.stat().st_mtime == 1
    old.write_text("changed", encoding="utf-8")
    write_moved(root, cat, docs)
    assert "url=../../../services/a/new/" in old.read_text(encoding="utf-8")
    assert write_moved(tmp_path / "none", cat, docs) == set()


def test_every_entry_after_a_renamed_one_gets_its_page() -> None:
    entries = [Moved("services/a/old/", "services/a/new/", "a"), Moved("services/a/x/", None, "a"), Moved("services/a/y/", None, "a")]
    assert [p for p, _ in moved_pages(entries, {"services/a/new/"})] == [
        "services/a/old/index.html", "services/a/x/index.html", "services/a/y/index.html",
    ]
