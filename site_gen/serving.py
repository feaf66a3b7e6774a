"""What ``site-gen serve`` tells: in the terminal, errors first and warnings counted per code
(every warning with ``--verbose``); in the browser, a card with an error shows the error, in
Persian, at its own address until it is fixed.

The pages of the valid records are still rendered while another file has errors (the preview
goes on); ``site-gen build`` never publishes with errors.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markupsafe import escape

from . import codes
from .redirects import address_of
from .report import Diagnostic, Report
from .text import persian_digits

HINT = "همهٔ هشدارها را با site-gen serve --verbose ببینید"


def summary(report: Report, verbose: bool = False) -> str:
    """The terminal's account of a (re)build: every error, then warnings per code."""
    lines = [d.text() for d in sorted(report.errors)]
    warnings = sorted(report.warnings)
    if verbose:
        lines += [d.text() for d in warnings]
    elif warnings:
        titles = codes.all_codes()
        for code, n in sorted(Counter(d.code for d in warnings).items(), key=lambda kv: (-kv[1], kv[0])):
            title = titles[code].title if code in titles else ""
            lines.append(f"{persian_digits(n)} هشدار {code}: {title}")
        lines.append(HINT)
    n_err, n_warn = len(report.errors), len(warnings)
    if n_err:
        files = len({d.file for d in report.errors})
        lines.append(f"{persian_digits(n_err)} خطا در {persian_digits(files)} پرونده: صفحهٔ هر کدام تا درست شدن، خطا را در مرورگر نشان می‌دهد؛ {persian_digits(n_warn)} هشدار")
    else:
        lines.append(f"بی‌خطا؛ {persian_digits(n_warn)} هشدار")
    return "\n".join(lines) + "\n"


def _page(file: str, errors: list[Diagnostic]) -> str:
    titles = codes.all_codes()
    items = "".join(
        f"<li><code>{escape(d.file)}:{d.line}:{d.column}</code> "
        f"<strong>{escape(titles[d.code].title if d.code in titles else d.code)}</strong> ({escape(d.code)})"
        f"{': <code>' + str(escape(d.key)) + '</code>' if d.key else ''}: {escape(d.message)}</li>"
        for d in errors
    )
    return (
        "---\ntitle: این پرونده خطا دارد\nsearch:\n  exclude: true\n---\n\n"
        "# این پرونده خطا دارد\n\n"
        f'<div class="admonition failure" dir="rtl"><p class="admonition-title">پروندهٔ <code>{escape(file)}</code> '
        "خطا دارد و این صفحه تا درست شدن آن به‌روز نمی‌شود. پرونده را درست کنید و ذخیره کنید؛ صفحه خودش تازه می‌شود.</p>"
        f"<ul>{items}</ul></div>\n"
    )


def write_error_pages(report: Report, docs: Path) -> set[Path]:
    """At the address of each record file with an error, a page that shows its errors."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in sorted(report.errors):
        by_file.setdefault(d.file, []).append(d)
    written: set[Path] = set()
    for file, errors in by_file.items():
        address = address_of(file)
        if address is None:
            continue
        path = docs / address / "index.md"
        content = _page(file, errors)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
        written.add(path)
    return written
