"""State shared between site_gen.build and the MkDocs hooks module (loaded by path)."""

from __future__ import annotations

import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

progress: Callable[[str, int, int], None] | None = None
#: ``site-gen serve`` has just staged: the first build need not stage again
staged = False
total = 0
done = 0


def start(callback: Callable[[str, int, int], None] | None, pages: int) -> None:
    global progress, total, done
    progress, total, done = callback, pages, 0


def page_done() -> None:
    global done
    done += 1
    if progress is not None:
        progress("mkdocs", done, total)


def restage(root: str) -> None:
    """Under ``site-gen serve``: validate and regenerate; a file with an error shows its error
    at its own address; the terminal gets errors first and warnings counted per code."""
    import os

    from .build import BuildError, stage
    from .serving import summary

    global staged
    if staged:
        staged = False
        return

    try:
        report, _ = stage(Path(root), keep_going=True)
    except BuildError as exc:  # e.g. the staging folder became a link: nothing is written
        sys.stderr.write(f"{exc}\n")
        return
    sys.stderr.write(summary(report, bool(os.environ.get("SITE_GEN_SERVE_VERBOSE"))))


# --- raw HTML blocks of generated pages -------------------------------------------------------
# A generated page is headings plus one-line raw HTML blocks. Python-Markdown (and MkDocs, to
# find anchors) run an HTML parser written in Python over every tag of such blocks, which was
# 40% of the build time. Markdown passes these blocks through unchanged, so the hooks set them
# aside before conversion and put them back after: same HTML, a fraction of the time. Another
# builder reading the same Markdown gets the same page without this shortcut.

_NONCE = secrets.token_hex(6)
_TOKEN = re.compile(rf"<p>SITEGEN{_NONCE}B(\d+)E</p>")
_stash: dict[int, list[str]] = {}


def stash_blocks(markdown: str, key: int) -> str:
    blocks: list[str] = []
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("<") and line.endswith(">"):
            lines[i] = f"SITEGEN{_NONCE}B{len(blocks)}E"
            blocks.append(line)
    _stash[key] = blocks
    return "\n".join(lines)


def unstash_blocks(html: str, key: int) -> str:
    blocks = _stash.pop(key, None)
    if not blocks:
        return html
    return _TOKEN.sub(lambda m: blocks[int(m.group(1))], html)
