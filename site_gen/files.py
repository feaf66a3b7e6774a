"""Writing generated files: one rule for every writer of the staging folder."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` unless the file already holds exactly these bytes (a
    live-reloading server and the incremental build then see only the files that really
    changed); the folders are made as needed. Returns ``path``."""
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
