"""Thin MkDocs hooks (``hooks:`` in mkdocs.yml): progress while pages render, and re-staging
the generated pages when ``site-gen serve`` sees a card change. All logic lives in site_gen."""

from __future__ import annotations

import os
from typing import Any

from site_gen import hooks_state


def on_pre_build(config: Any, **_: Any) -> None:
    root = os.environ.get("SITE_GEN_SERVE_ROOT")
    if root:
        hooks_state.restage(root)


def on_page_markdown(markdown: str, **_: Any) -> str:
    hooks_state.page_done()
    return markdown
