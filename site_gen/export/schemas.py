"""The JSON Schema of each record type, published beside the data (the same files as
``schema/`` in the repository, made from the models)."""

from __future__ import annotations


def schema_files() -> dict[str, bytes]:
    from ..schema import render_schemas

    return {name: text.encode("utf-8") for name, text in render_schemas().items()}
