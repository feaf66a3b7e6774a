"""Thin MkDocs hooks (``hooks:`` in mkdocs.yml): progress while pages render, and re-staging
the generated pages when ``site-gen serve`` sees a card change. All logic lives in site_gen."""

from __future__ import annotations

import os
from typing import Any

from site_gen import hooks_state


def on_pre_build(config: Any, **_: Any) -> None:
    root = os.environ.get("SITE_GEN_SERVE_ROOT")
    if root:
        hooks_state.restage(root, config)


def on_post_build(config: Any, **_: Any) -> None:
    hooks_state.built()


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    hooks_state.page_done()
    if page.meta.get("generated"):
        return hooks_state.stash_blocks(markdown, id(page))
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return hooks_state.unstash_blocks(html, id(page))
