"""MkDocs hooks: write dir="rtl" on <html>, not only on <body>; wrap tables for scrolling; minify
catalogue.css in the site.

Material for MkDocs puts `lang` on <html> but the direction on <body> only, and the <html> tag of
its base.html sits outside any template block, so a theme override cannot change it. Without the
attribute the root element stays left-to-right (scrollbar side, overscroll, text pasted from the
page, assistive tools reading the root). Loaded from mkdocs.yml (`hooks:`); one string replace per
page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_OPEN = '<html lang="fa" class="no-js">'
_RTL = '<html lang="fa" dir="rtl" class="no-js">'


def _set_dir(html: str) -> str:
    if _OPEN not in html:
        # A page that is not rendered from Material's base.html (a redirect stub, for one).
        return html
    return html.replace(_OPEN, _RTL, 1)


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def wrap_tables(html: str) -> str:
    """Each plain table (Material's rule: ``table:not([class])``; the catalogue's own tables have a
    class and their own phone layout) inside Material's scrolling wrapper, written into the page.

    Material's JavaScript bundle would add the wrapper in the browser; the catalogue does not load
    that bundle (35 KB compressed, a third of a card page's first visit, for features the
    catalogue does not use: see main.html), so a wide table scrolls inside its wrapper, and
    never the page, without any script.
    """
    if "<table>" not in html:
        return html
    return _TABLE.sub(r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\g<0></div></div>', html)


def on_post_page(output: str, /, **kwargs: Any) -> str:
    """Every Markdown page."""
    return wrap_tables(_set_dir(output))


def on_post_template(output_content: str, /, **kwargs: Any) -> str:
    """Static templates such as 404.html."""
    return _set_dir(output_content)


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s*([{};,>])\s*")


def minify_css(css: str) -> str:
    """Comments and the spaces around ``{ } ; , >`` out; nothing else changes (strings and
    ``content:`` values in our stylesheet contain none of these characters next to spaces)."""
    css = _COMMENT.sub("", css)
    css = _SPACE.sub(r"\1", css)
    return re.sub(r"\s+", " ", css).strip()


def on_post_build(*, config: Any, **kwargs: Any) -> None:
    """The site's copy of catalogue.css without its comments (they are for the source: a first
    visit loads every byte)."""
    path = Path(config["site_dir"]) / "assets/stylesheets/catalogue.css"
    if path.exists():
        path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
