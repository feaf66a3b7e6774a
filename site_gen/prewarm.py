"""A child process that loads pydantic and the models while a warm run reads its cache.

Importing them costs about 0.4 s, more than everything else a warm validation does; forked at
the start of the run, that time is hidden behind the scan. When no file changed, the child is
killed unused. Kept free of heavy imports so that the CLI can start it first thing.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_DIR

if TYPE_CHECKING:
    from .summary import FileResult


def _main(conn: Connection, root: str) -> None:
    from .record import validate_file

    try:
        todo = conn.recv()
    except EOFError:
        return
    conn.send([validate_file(root, rel) for rel in todo])


class Prewarm:
    def __init__(self, root: str) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_main, args=(child, root), daemon=True)
        self.proc.start()
        child.close()

    def run(self, todo: list[str]) -> list[FileResult]:
        """Validate ``todo`` in the child (the models are loaded by now, or nearly)."""
        self.conn.send(todo)
        results: list[FileResult] = self.conn.recv()
        self.proc.join()
        return results

    def cancel(self) -> None:
        self.proc.kill()
        self.conn.close()


def start_prewarm(root: Path | str) -> Prewarm | None:
    """Start the child when the run is likely warm (a cache exists) and the models are not
    loaded in this process already."""
    if "site_gen.record" in sys.modules or not (Path(root) / CACHE_DIR).is_dir():
        return None
    return Prewarm(str(root))
