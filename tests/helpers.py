"""Shared test helpers: build throw-away catalogues from fixture files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from site_gen.catalogue import load_catalogue
from site_gen.report import Diagnostic

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "spec" / "examples"

#: Where a fixture of each kind sits inside the harness catalogue.
PLACES = {
    "service": "cards/demo/minimal.yaml",
    "licence": "licenses/demo/minimal.yaml",
    "agency": "cards/demo/_agency.yaml",
}


def harness(tmp: Path) -> Path:
    """A small valid catalogue (agencies demo and mpo, one card, one licence) in ``tmp``."""
    root = tmp / "catalogue"
    shutil.copytree(FIXTURES / "harness", root)
    return root


def place(root: Path, kind: str, source: Path | bytes) -> str:
    """Put a record of ``kind`` into the harness; return its path relative to the root."""
    rel = PLACES[kind]
    data = source if isinstance(source, bytes) else source.read_bytes()
    (root / rel).write_bytes(data)
    return rel


def diagnostics_for(root: Path, rel: str, **options: object) -> list[Diagnostic]:
    _, report = load_catalogue(root, use_cache=False, jobs=1, **options)  # type: ignore[arg-type]
    return sorted(d for d in report.diagnostics if d.file == rel)


def record_paths(catalogue: object) -> set[str]:
    """The page address (``services/<agency>/<slug>/`` …) of every record of a catalogue."""
    c: Any = catalogue
    return (
        {f"services/{a}/{s}/" for a, s in c.services}
        | {f"licenses/{a}/{s}/" for a, s in c.licences}
        | {f"agencies/{s}/" for s in c.agencies}
    )
