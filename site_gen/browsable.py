"""A built site that works opened from disk (``file://``) or from a CI job's artifact browser.

MkDocs and the generated pages link to folders (``../services/ito/x/``); a web server answers
those with the folder's ``index.html``, a browser reading files does not. This rewrites every
relative link and redirect of the built HTML to name ``index.html``. Absolute addresses
(``https://…``, ``/…``, ``#…``, ``mailto:``) are left alone. Search needs a server (it fetches
its index), everything else browses.

    python -m site_gen.browsable SITE_DIR
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .text import persian_digits

#: href/src/url= values that are relative and name a folder: ``./``, ``../a/``, ``a/b/``, ``../..``
_LINK = re.compile(r"""((?:href|src)=["']|url=)((?![a-z][a-z0-9+.-]*:|/|#)(?:[^"'#?\s>]*/|(?:\.\.?/)*\.\.?))(?=[#?"'])""")


def _fix(m: re.Match[str]) -> str:
    prefix, path = m.group(1), m.group(2)
    return f"{prefix}{path if path.endswith('/') else path + '/'}index.html"


def make_browsable(site: Path) -> int:
    """Rewrite the HTML files under ``site``; return how many changed."""
    changed = 0
    for page in site.rglob("*.html"):
        if page.is_symlink():
            continue
        text = page.read_text(encoding="utf-8")
        new = _LINK.sub(_fix, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("به کار بردن: python -m site_gen.browsable <پوشهٔ وبگاه ساخته‌شده>", file=sys.stderr)
        return 2
    count = make_browsable(Path(args[0]))
    print(f"{persian_digits(count)} صفحه برای باز شدن از دیسک بازنویسی شد")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
