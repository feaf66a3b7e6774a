"""``site-gen fmt``: normalise card files in place, keeping comments; idempotent.

Arabic ي/ك become Persian ی/ک; Persian and Arabic-Indic digits in numeric values become ASCII;
keys follow the model's order (the order of the official form); ``null`` is written out; strings
that any YAML reader could mistake for another type (``no``, ``0123``, ``1:20``, a date, an id)
are double-quoted. ruamel.yaml does the round trip because it keeps comments, which PyYAML drops.
"""

from __future__ import annotations

import io
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from . import text
from .model.errors import _models_in
from .record import MODELS
from .summary import classify

#: Plain scalars a YAML 1.1 or 1.2 reader would type as something other than a string.
_AMBIGUOUS = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |null|Null|NULL|~|[-+]?(?:0|[1-9][0-9_]*)|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$""",
    re.X,
)


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = False
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


_INDICATORS = tuple("@`!&*|>%'\"#-?:,[]{}")


def _is_text_field(annotation: Any) -> bool:
    """A field (or list item) typed as text in the model: ids, codes, rows, dates, phones…"""
    names: set[str] = set()

    def walk(a: Any) -> None:
        origin = typing.get_origin(a)
        if origin is typing.Annotated:
            walk(typing.get_args(a)[0])
        elif origin in (typing.Union, types.UnionType, list):
            for arg in typing.get_args(a):
                walk(arg)
        elif isinstance(a, type):
            names.add(a.__name__)

    walk(annotation)
    return "str" in names and not names & {"int", "float", "bool"}


def _string(value: str) -> Any:
    new = text.fold_arabic_letters(value)
    if text.NON_ASCII_DIGIT_RE.search(new) and text.NUMERIC_LIKE_RE.match(new):
        new = text.ascii_digits(new)
    if isinstance(value, ScalarString) and not isinstance(value, DoubleQuotedScalarString):
        return value if new == value else type(value)(new)  # keep a block style (| or >)
    if new != new.strip() or "\n" in new or new.startswith(_INDICATORS) or ": " in new or " #" in new:
        return DoubleQuotedScalarString(new)
    if _AMBIGUOUS.match(new) or (new and text.NUMERIC_LIKE_RE.match(new) and any(c.isdigit() for c in new)):
        return DoubleQuotedScalarString(new)
    return str(new)


def _normalise(node: Any, model: type[BaseModel] | None, raw: dict[tuple[int, int], str], text_items: bool = False) -> Any:
    """Normalise a loaded tree; ``raw`` maps (line, column) to each scalar's text as written."""
    if isinstance(node, CommentedMap):
        order = list(model.model_fields) if model else []
        keys = [k for k in order if k in node] + [k for k in node if k not in order]
        out = CommentedMap()
        if node.ca.comment:
            out.ca.comment = node.ca.comment
        for k in keys:
            sub, is_text = None, False
            if model and k in model.model_fields:
                annotation = model.model_fields[k].annotation
                found = _models_in(annotation)
                sub = found[0] if found else None
                is_text = _is_text_field(annotation)
            value = node[k]
            if is_text and _typed(value):
                value = raw.get(tuple(node.lc.value(k)), str(value))
            out[k] = _normalise(value, sub, raw, is_text)
            if k in node.ca.items:
                out.ca.items[k] = node.ca.items[k]
        if node.fa.flow_style():
            out.fa.set_flow_style()
        return out
    if isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            if text_items and _typed(item):
                item = raw.get(tuple(node.lc.item(i)), str(item))
            node[i] = _normalise(item, model, raw, text_items)
        return node
    if isinstance(node, str):
        return _string(node)
    return node


def _typed(value: Any) -> bool:
    """A scalar ruamel typed as a number, boolean or date although the field is text."""
    return value is not None and not isinstance(value, (str, CommentedMap, CommentedSeq))


def _raw_scalars(source: str) -> dict[tuple[int, int], str]:
    """(line, column) → scalar text as written, from PyYAML's composer (0-based, like ruamel)."""
    import yaml

    out: dict[tuple[int, int], str] = {}
    try:
        root = yaml.compose(source, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    except yaml.YAMLError:
        return out
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            out[(node.start_mark.line, node.start_mark.column)] = node.value
        elif isinstance(node, yaml.MappingNode):
            stack += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return out


def format_text(source: str, rel: str) -> str:
    """The normalised text of the file at ``rel`` (its kind comes from the path)."""
    kind, _, _ = classify(rel)
    model = MODELS[kind] if kind else None
    y = _yaml()
    data = y.load(source)
    if not isinstance(data, CommentedMap):
        return source
    out = io.StringIO()
    y.dump(_normalise(data, model, _raw_scalars(source)), out)
    return out.getvalue()


def format_file(path: Path, rel: str, *, check: bool = False) -> bool:
    """Normalise one file; return True when it changed (or, with ``check``, would change)."""
    source = path.read_text(encoding="utf-8")
    new = format_text(source, rel)
    if new == source:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True
