"""MkDocs hook: write dir="rtl" on <html>, not only on <body>.

Material for MkDocs puts `lang` on <html> but the direction on <body> only, and the <html> tag of
its base.html sits outside any template block, so a theme override cannot change it. Without the
attribute the root element stays left-to-right (scrollbar side, overscroll, text pasted from the
page, assistive tools reading the root). Loaded from mkdocs.yml (`hooks:`); one string replace per
page.
"""

from __future__ import annotations

from typing import Any

_OPEN = '<html lang="fa" class="no-js">'
_RTL = '<html lang="fa" dir="rtl" class="no-js">'


def _set_dir(html: str) -> str:
    if _OPEN not in html:
        # A page that is not rendered from Material's base.html (a redirect stub, for one).
        return html
    return html.replace(_OPEN, _RTL, 1)


def on_post_page(output: str, /, **kwargs: Any) -> str:
    """Every Markdown page."""
    return _set_dir(output)


def on_post_template(output_content: str, /, **kwargs: Any) -> str:
    """Static templates such as 404.html."""
    return _set_dir(output_content)
