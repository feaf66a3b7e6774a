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


#: ``site-gen serve``: the incremental state of the last successful build, and of the one running
serve_state: dict[str, object] | None = None
_pending: dict[str, object] | None = None


def restage(root: str, config: object = None) -> None:
    """Under ``site-gen serve``: validate and regenerate; a file with an error shows its error
    at its own address; the terminal gets errors first and warnings counted per code. Then the
    outputs of the staged files that changed since the last build are deleted, and MkDocs (run
    dirty by ``serve``) rebuilds only those (:mod:`site_gen.incremental`); when anything else
    that shapes the pages changed, the whole site is rebuilt."""
    import os

    from .build import BuildError, stage
    from .serving import summary

    global staged
    if staged:
        staged = False
    else:
        try:
            report, _ = stage(Path(root), keep_going=True)
        except BuildError as exc:  # e.g. the staging folder became a link: nothing is written
            sys.stderr.write(f"{exc}\n")
            return
        sys.stderr.write(summary(report, bool(os.environ.get("SITE_GEN_SERVE_VERBOSE"))))
    if config is not None:
        _prepare(Path(root), config)


def _prepare(root: Path, config: object) -> None:
    from . import incremental
    from .build import PROJECT, staging_dir
    from .text import persian_digits

    global _pending
    out = Path(config["site_dir"])  # type: ignore[index]
    plan = incremental.plan(staging_dir(root), out, PROJECT, config, serve_state)
    if plan.full:
        incremental.empty(out)
    else:
        incremental.apply(plan, out)
        sys.stderr.write(f"بازسازی: {persian_digits(plan.changed)} پروندهٔ تغییرکرده\n")
    _pending = {"fingerprint": plan.fingerprint, "manifest": plan.manifest}


def built() -> None:
    """MkDocs finished a build: its state becomes the base of the next one."""
    global serve_state, _pending
    if _pending is not None:
        serve_state, _pending = _pending, None


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
