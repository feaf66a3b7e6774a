"""A child process that loads pydantic and the models while a warm run reads its cache.

Importing them and building a model's validator costs about 0.25 s, more than everything else a
warm validation does; forked at the start of the run, that time is hidden behind the scan. While
it waits for work the child builds the validators, the service card's first. When no file
changed, the child is killed unused. Plain ``os.fork`` and pipes, so that starting it costs the
CLI no imports.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_DIR

if TYPE_CHECKING:
    from .summary import FileResult


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _child(inbox: int, outbox: int) -> None:
    from .cache import pack
    from .model.vocab import RecordKind
    from .record import MODELS, validate_file

    for kind in (RecordKind.SERVICE, RecordKind.LICENCE, RecordKind.AGENCY):
        if select.select([inbox], [], [], 0)[0]:
            break  # the work has come: build only what it needs
        MODELS[kind].model_rebuild()
    root, todo = marshal.loads(_read_all(inbox))
    _write_all(outbox, marshal.dumps([(rel, pack(validate_file(root, rel))) for rel in todo]))


class Prewarm:
    def __init__(self) -> None:
        to_child, self._inbox = os.pipe()
        self._outbox, from_child = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the CLI
            code = 1
            try:
                os.close(self._inbox)
                os.close(self._outbox)
                _child(to_child, from_child)
                code = 0
            finally:
                os._exit(code)
        self.pid = pid
        os.close(to_child)
        os.close(from_child)

    def run(self, root: str, todo: list[str]) -> list[FileResult] | None:
        """Validate ``todo`` in the child; ``None`` when the child failed."""
        from .cache import unpack

        try:
            _write_all(self._inbox, marshal.dumps((root, todo)))
            os.close(self._inbox)
            data = _read_all(self._outbox)
        except OSError:
            self.cancel()
            return None
        os.close(self._outbox)
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        return [unpack(rel, blob) for rel, blob in marshal.loads(data)]

    def cancel(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        for fd in (self._inbox, self._outbox):
            with contextlib.suppress(OSError):
                os.close(fd)


def start_prewarm(root: Path | str) -> Prewarm | None:
    """Start the child when the run is likely warm (a cache exists) and the models are not
    loaded in this process already."""
    if "site_gen.record" in sys.modules or not (Path(root) / CACHE_DIR / "validate.marshal").exists():
        return None
    return Prewarm()
