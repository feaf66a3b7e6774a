"""Field docstrings as field descriptions, attached when something shows them.

The docstring under each model field is its description (schemas, the field guide, the
``site-gen new`` skeleton). pydantic can read them itself (``use_attribute_docstrings``), but
it parses each class's source on every import: a third of the time a validation run spends
loading the models, for text that validation never shows. Here each model module is parsed once,
on demand, by :func:`with_field_docs`.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from collections.abc import Iterator
from types import ModuleType

from pydantic import BaseModel

_MODULES = ("common", "agency", "licence", "service", "registers")
_attached = False


def class_field_docs(module: ModuleType) -> dict[str, dict[str, str]]:
    """Class name → field name → the string literal right under the field's annotation."""
    tree = ast.parse(inspect.getsource(module))
    out: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        body = node.body
        for stmt, following in itertools.pairwise(body):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[stmt.target.id] = inspect.cleandoc(following.value.value)
        out[node.name] = docs
    return out


def with_field_docs() -> None:
    """Give every field of every model its docstring as ``description`` (once per process).

    A model whose validator was already built is rebuilt, so that its JSON Schema carries the
    descriptions too; classes are visited in definition order, parts before the wholes."""
    global _attached
    if _attached:
        return
    import importlib

    modules = [importlib.import_module(f"{__package__}.{name}") for name in _MODULES]
    docs: dict[type, dict[str, str]] = {}
    ordered: list[type[BaseModel]] = []
    for module in modules:
        for class_name, fields in class_field_docs(module).items():
            cls = getattr(module, class_name, None)
            if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__:
                docs[cls] = fields
                ordered.append(cls)
    for cls in ordered:
        for name, info in cls.model_fields.items():
            for owner in cls.__mro__:
                doc = docs.get(owner, {}).get(name)
                if doc:
                    info.description = doc
                    break
    for cls in ordered:
        if cls.__pydantic_complete__:
            cls.model_rebuild(force=True)
    _attached = True


__all__ = ["class_field_docs", "with_field_docs"]


def models_under(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``root`` and every model reachable from its fields, breadth first, each once (the field
    guide and the format reference list them in this order)."""
    from .errors import _models_in

    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop(0)
        if model in seen:
            continue
        seen.append(model)
        yield model
        for f in model.model_fields.values():
            todo += [m for m in _models_in(f.annotation) if m not in seen]
