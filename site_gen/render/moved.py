"""Pages at old addresses (``ROOT/redirects.yaml``): a renamed record's old address leads to
its new page; a removed record's to its agency's page, with a notice saying it was removed.

An old address that is a live page again (a record came back under it) is left to that page;
a target that no longer exists leads to the agency's page with the notice instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from markupsafe import escape

from ..catalogue import Catalogue
from ..redirects import Moved, load
from .pages import relative

_PAGE = """<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="{delay}; url={target}">
</head>
<body>
<p>{notice}</p>
<p><a href="{target}">{link}</a></p>
</body>
</html>
"""

KIND_NAME = {"services": "خدمت", "licenses": "مجوز", "agencies": "دستگاه"}


def live_addresses(catalogue: Catalogue) -> set[str]:
    return (
        {f"services/{a}/{s}/" for a, s in catalogue.services}
        | {f"licenses/{a}/{s}/" for a, s in catalogue.licences}
        | {f"agencies/{s}/" for s in catalogue.agencies}
    )


def moved_pages(entries: list[Moved], live: set[str]) -> Iterator[tuple[str, str]]:
    """(path, html) of a page at each old address that is not a live page."""
    for e in entries:
        if e.old in live:
            continue
        kind = KIND_NAME.get(e.old.split("/")[0], "صفحه")
        name = f"«{e.title}»" if e.title else "این"
        if e.new and e.new in live:
            target = relative(e.old, e.new)
            yield f"{e.old}index.html", _PAGE.format(
                title=escape(f"انتقال به {e.title or e.new}"), target=escape(target), delay=0,
                notice=escape(f"نشانی {kind} {name} تغییر کرده است."), link=escape("صفحهٔ تازه"))
            continue
        agency = f"agencies/{e.agency}/"
        target = relative(e.old, agency if agency in live else "")
        yield f"{e.old}index.html", _PAGE.format(
            title=escape(f"{kind} {name} دیگر در کاتالوگ نیست"), target=escape(target), delay=10,
            notice=escape(f"{kind} {name} از کاتالوگ برداشته شده است. خدمات و مجوزهای دیگر این دستگاه در صفحهٔ آن است."),
            link=escape("صفحهٔ دستگاه" if agency in live else "صفحهٔ نخست"))


def write_moved(root: Path, catalogue: Catalogue, docs: Path) -> set[Path]:
    """Write the pages of ``ROOT/redirects.yaml`` under ``docs``; return the paths written."""
    written: set[Path] = set()
    for rel, html in moved_pages(load(root), live_addresses(catalogue)):
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != html:
            path.write_text(html, encoding="utf-8")
        written.add(path)
    return written
