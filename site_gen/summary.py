"""What the checks across files need from each file: light, picklable, free of pydantic.

A warm validation run (every file unchanged) reads these from the cache and never imports the
models, which keeps it well under a second at 15,000 files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .model.kind import RecordKind
from .patterns import REF_SHAPED_RE
from .report import Diagnostic

AGENCY_FILE = "_agency.yaml"


class Ref(NamedTuple):
    """A value in a reference field: where it is and what it must resolve to."""

    target: RecordKind
    value: str
    key: str
    line: int
    column: int
    text_ok: bool  # the field takes "a reference or text"


class Summary(NamedTuple):
    """What the cross-file checks and the completeness score need from one valid record."""

    kind: RecordKind
    agency: str
    slug: str
    name: str
    ids: tuple[tuple[str, str, int, int], ...]  # (id, key, line, col)
    refs: tuple[Ref, ...]
    stated: int
    total: int
    not_stated: tuple[tuple[str, str, int, int], ...]  # (key, label, line, col)

    @property
    def partial(self) -> bool:
        """A record with errors of its own: only its ids and references are known (``total`` is
        then :data:`PARTIAL`), so that the checks across files still see them; it counts for no
        completeness."""
        return self.total == PARTIAL


#: The ``total`` of a partial summary.
PARTIAL = -1


@dataclass
class FileResult:
    """The outcome of validating one file on its own."""

    rel: str
    kind: RecordKind | None
    diagnostics: list[Diagnostic]
    summary: Summary | None = None
    record: object = None


def classify(rel: str) -> tuple[RecordKind | None, str, str]:
    """Kind, agency folder and slug of a path relative to ROOT (``cards/ito/x.yaml``)."""
    parts = rel.split("/")
    if len(parts) != 3:
        return None, "", ""
    top, agency, name = parts
    stem = name[:-5] if name.endswith(".yaml") else name
    if top == "cards":
        return (RecordKind.AGENCY if name == AGENCY_FILE else RecordKind.SERVICE), agency, stem
    if top == "licenses":
        return RecordKind.LICENCE, agency, stem
    return None, agency, stem


def is_reference(value: str) -> bool:
    """In a "reference or text" field, a slug-shaped value is a reference (FORMAT.md)."""
    return bool(REF_SHAPED_RE.match(value))
