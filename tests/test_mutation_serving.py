"""What ``site-gen serve`` tells (site_gen/serving.py) on hand-made reports: the terminal's
summary and the error pages, without building a site (docs/mutation.md)."""

from __future__ import annotations

from pathlib import Path

from site_gen import codes
from site_gen.report import Diagnostic, Report, diag
from site_gen.serving import HINT, summary, write_error_pages

ERR = codes.MISSING_KEY
WARN = codes.ARABIC_LETTERS
WARN2 = codes.NON_ASCII_DIGITS


def report(*ds: Diagnostic) -> Report:
    return Report(list(ds))


def test_a_clean_run() -> None:
    assert summary(report()) == "بی‌خطا؛ ۰ هشدار\n"
    assert summary(report(), verbose=True) == "بی‌خطا؛ ۰ هشدار\n"


def test_errors_first_then_warnings_counted_per_code() -> None:
    r = report(
        diag("cards/b/y.yaml", 3, 1, WARN, "w1"),
        diag("cards/a/x.yaml", 2, 5, ERR, "e1", "title"),
        diag("cards/a/x.yaml", 1, 1, WARN2, "w2"),
        diag("cards/b/y.yaml", 4, 1, WARN, "w3"),
        diag("cards/a/z.yaml", 1, 1, ERR, "e2"),
        diag("cards/a/x.yaml", 1, 1, ERR, "e3"),
    )
    lines = summary(r).splitlines()
    titles = codes.all_codes()
    assert lines == [
        "cards/a/x.yaml:1:1: error: missing-key: e3",
        "cards/a/x.yaml:2:5: error: missing-key: title: e1",
        "cards/a/z.yaml:1:1: error: missing-key: e2",
        f"۲ هشدار {WARN}: {titles[WARN].title}",
        f"۱ هشدار {WARN2}: {titles[WARN2].title}",
        HINT,
        "۳ خطا در ۲ پرونده: صفحهٔ هر کدام تا درست شدن، خطا را در مرورگر نشان می‌دهد؛ ۳ هشدار",
    ]
    assert summary(r).endswith("\n") and not summary(r).endswith("\n\n")


def test_warnings_of_equal_count_by_code() -> None:
    r = report(diag("a", 1, 1, WARN2, "x"), diag("a", 2, 1, WARN, "y"))
    first, second = sorted([WARN, WARN2])
    assert summary(r).splitlines()[:2] == [
        f"۱ هشدار {first}: {codes.all_codes()[first].title}",
        f"۱ هشدار {second}: {codes.all_codes()[second].title}",
    ]


def test_a_warning_of_an_unknown_code_has_no_title() -> None:
    r = report(Diagnostic("a", 1, 1, "no-such-code", "x", "", "warning"))
    assert summary(r).splitlines() == ["۱ هشدار no-such-code: ", HINT, "بی‌خطا؛ ۱ هشدار"]


def test_verbose_lists_every_warning_and_no_hint() -> None:
    r = report(diag("b", 1, 1, WARN, "y"), diag("a", 1, 1, WARN, "x"), diag("c", 1, 1, ERR, "z"))
    assert summary(r, verbose=True).splitlines() == [
        "c:1:1: error: missing-key: z",
        "a:1:1: warning: arabic-letters: x",
        "b:1:1: warning: arabic-letters: y",
        "۱ خطا در ۱ پرونده: صفحهٔ هر کدام تا درست شدن، خطا را در مرورگر نشان می‌دهد؛ ۲ هشدار",
    ]


def test_error_pages_at_each_record_address(tmp_path: Path) -> None:
    r = report(
        diag("cards/a/x.yaml", 2, 5, ERR, "پیام <b>", "title"),
        diag("cards/a/x.yaml", 1, 3, codes.UNKNOWN_KEY, "دوم"),
        diag("licenses/a/l.yaml", 1, 1, ERR, "سوم"),
        diag("cards/a/_agency.yaml", 1, 1, ERR, "چهارم"),
        diag("cards/a/w.yaml", 1, 1, WARN, "هشدار"),
        diag("redirects.yaml", 1, 1, ERR, "نه صفحه"),
    )
    written = write_error_pages(r, tmp_path)
    assert written == {
        tmp_path / "services/a/x/index.md",
        tmp_path / "licenses/a/l/index.md",
        tmp_path / "agencies/a/index.md",
    }
    page = (tmp_path / "services/a/x/index.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: این پرونده خطا دارد\nsearch:\n  exclude: true\n---\n\n# این پرونده خطا دارد\n\n")
    assert page.endswith("</ul></div>\n")
    items = page.split("<ul>")[1].split("</ul>")[0]
    title = codes.all_codes()
    assert items == (
        f"<li><code>cards/a/x.yaml:1:3</code> <strong>{title[codes.UNKNOWN_KEY].title}</strong> (unknown-key): دوم</li>"
        f"<li><code>cards/a/x.yaml:2:5</code> <strong>{title[ERR].title}</strong> (missing-key): <code>title</code>: پیام &lt;b&gt;</li>"
    )
    assert "پروندهٔ <code>cards/a/x.yaml</code> خطا دارد" in page
    assert not (tmp_path / "services/a/w").exists()


def test_card_text_in_an_error_page_stays_text(tmp_path: Path) -> None:
    r = report(Diagnostic("cards/a/x.yaml", 1, 1, "<i>code</i>", "<script>", "<k>", "error"))
    write_error_pages(r, tmp_path)
    page = (tmp_path / "services/a/x/index.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<i>" not in page and "<k>" not in page
    assert "<strong>&lt;i&gt;code&lt;/i&gt;</strong> (&lt;i&gt;code&lt;/i&gt;): <code>&lt;k&gt;</code>: &lt;script&gt;</li>" in page


def test_an_error_page_is_rewritten_only_when_it_changes(tmp_path: Path) -> None:
    r = report(diag("cards/a/x.yaml", 1, 1, ERR, "یک"))
    [path] = write_error_pages(r, tmp_path)
    path.write_text("old", encoding="utf-8")
    write_error_pages(r, tmp_path)
    assert path.read_text(encoding="utf-8") != "old"
    import os

    os.utime(path, (1, 1))
    assert write_error_pages(r, tmp_path) == {path}
    assert path.stat().st_mtime == 1  # same text: not written again (the preview does not reload)


def test_the_most_frequent_warning_comes_first_whatever_its_code() -> None:
    r = report(diag("a", 1, 1, WARN2, "x"), diag("a", 2, 1, WARN2, "y"), diag("a", 3, 1, WARN, "z"))
    assert [line.split(" هشدار ")[1].split(":")[0] for line in summary(r).splitlines()[:2]] == [WARN2, WARN]


def test_a_file_without_an_address_does_not_stop_the_others(tmp_path: Path) -> None:
    r = report(diag("aaa.yaml", 1, 1, ERR, "بی‌نشانی"), diag("cards/a/x.yaml", 1, 1, ERR, "یک"))
    assert write_error_pages(r, tmp_path) == {tmp_path / "services/a/x/index.md"}
