"""The base of every vocabulary, and the kinds of record.

Kept apart from :mod:`site_gen.model.vocab` (which re-exports both) so that the modules a warm
``site-gen validate`` loads need not create every vocabulary.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Vocab(StrEnum):
    """A string enumeration whose members carry a Persian label.

    Members are declared as ``NAME = ("value", "برچسب")``; ``member.value`` is the value written
    in YAML and ``member.label`` the Persian text shown to people.
    """

    label: str

    def __new__(cls, value: str, label: str) -> Vocab:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Map each value to its Persian label."""
        return {m.value: m.label for m in cls}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema["enumDescriptions"] = [m.label for m in cls]
        schema["x-labels"] = cls.labels()
        return schema


class RecordKind(Vocab):
    """The three kinds of record in a catalogue."""

    AGENCY = ("agency", "دستگاه")
    SERVICE = ("service", "خدمت")
    LICENCE = ("licence", "مجوز")


def vocab_of(annotation: Any) -> type[Vocab] | None:
    """The vocabulary an annotation takes its values from (through Optional, list, Annotated)."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, Vocab):
        return annotation
    for arg in typing.get_args(annotation):
        found = vocab_of(arg)
        if found is not None:
            return found
    return None
