"""A child process that loads pydantic and the models while a warm run reads its cache.

Importing them and building a model's validator costs about 0.25 s, more than everything else a
warm validation does; forked at the start of the run, that time is hidden behind the scan. While
it waits for work the child builds the validators, the service card's first. When no file
changed, the child is killed unused. Plain ``os.fork`` and pipes, so that starting it costs the
CLI no imports.
"""

from __future__ import annotations

import marshal
import os
import select
import sys

TYPE_CHECKING = False  # not from typing: this module is imported before anything else
if TYPE_CHECKING:
    from pathlib import Path

    from .summary import FileResult

#: Where the result store lives under ROOT (``site_gen.cache`` keeps it there).
CACHE_PARTS = (".cache", "site-gen")
STORE_NAME = "validate.marshal"


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _no_plugin_lookup() -> None:
    """site-gen uses no pydantic plugin. pydantic looks for them when it builds a validator:
    the lookup imports ``importlib.metadata`` (45 ms here, more than validating a card) and reads
    every installed package's metadata. In this child the lookup answers "none" at once. Should
    pydantic stop using this module, the stub is simply never read; should it need more from it,
    the child fails and the run validates in its own process."""
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    import types

    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault("pydantic.plugin._loader", loader)


def _child(inbox: int, outbox: int) -> None:
    _no_plugin_lookup()
    from .cache import pack
    from .model.kind import RecordKind
    from .record import MODELS, validate_file

    for kind in (RecordKind.SERVICE, RecordKind.LICENCE, RecordKind.AGENCY):
        if select.select([inbox], [], [], 0)[0]:
            break  # the work has come: build only what it needs
        MODELS[kind].model_rebuild()
    root, todo = marshal.loads(_read_all(inbox))
    _write_all(outbox, marshal.dumps([(rel, pack(validate_file(root, rel, raw))) for rel, raw in todo]))


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

    def submit(self, root: str, todo: list[tuple[str, bytes | None]]) -> None:
        """Hand ``todo`` to the child (the models are loaded by now, or nearly): each file with
        the bytes the caller read and hashed (``None``: the child reads the file itself)."""
        try:  # noqa: SIM105 (contextlib would cost this early module an import)
            _write_all(self._inbox, marshal.dumps((root, todo)))
        except OSError:
            pass  # the child is gone: results() says so
        self._close("_inbox")

    def results(self) -> list[FileResult] | None:
        """The child's results for what :meth:`submit` gave it; ``None`` when it failed."""
        from .cache import unpack

        try:
            data = _read_all(self._outbox)
        except OSError:
            data = b""
        self._close("_outbox")
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0  # reaped: cancel() must not signal a number the system may give again
        if status != 0 or not data:
            return None
        return [unpack(rel, blob) for rel, blob in marshal.loads(data)]

    def cancel(self) -> None:
        import signal

        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        self._close("_inbox")
        self._close("_outbox")

    def _close(self, name: str) -> None:
        """Close a pipe end once (a number closed twice may by then belong to another file)."""
        fd = getattr(self, name)
        if fd >= 0:
            setattr(self, name, -1)
            try:  # noqa: SIM105 (contextlib would cost this early module an import)
                os.close(fd)
            except OSError:
                pass


def start_prewarm(root: Path | str) -> Prewarm | None:
    """Start the child when the run is likely warm (a store exists) and the models are not
    loaded in this process already."""
    if not hasattr(os, "fork") or "site_gen.record" in sys.modules or not os.path.exists(os.path.join(root, *CACHE_PARTS, STORE_NAME)):
        return None
    return Prewarm()
