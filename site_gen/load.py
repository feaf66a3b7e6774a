"""Bytes → plain Python data with positions: the strict text layer. Knows nothing about cards.

Every scalar is read as a string (no YAML 1.1/1.2 implicit typing: ``no`` stays "no", ``0123``
stays "0123"); only a plain ``null``, ``~`` or empty value becomes ``None``. The models give each
string its type. Rejected here: a file over 1 MiB, bytes that are not UTF-8, a byte-order mark,
invisible characters by their Unicode class (format characters other than ZWNJ and the
direction marks, controls, line and paragraph separators), anchors, aliases, tags, merge keys,
duplicate and non-text keys, more than 16 levels of nesting, and anything but one mapping.
Arabic ي/ك and non-ASCII digits in numeric values are normalised with a warning.

libyaml (the C parser) composes the node tree; its resolver is replaced by a no-op since every
value is typed later, which makes composing faster than ``yaml.safe_load`` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import codes, text, yaml_errors
from .report import Diagnostic, diag

try:  # pragma: no branch - libyaml is present in every supported install
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    HAVE_LIBYAML = False

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16
MAX_REPORTED_CHARS = 20
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR = "tag:yaml.org,2002:str"

if HAVE_LIBYAML:

    class _Loader(_Parser):
        """libyaml composer with a constant resolver: tags are irrelevant, values stay text."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return _STR

        def descend_resolver(self, *args: Any) -> None:
            return None

        def ascend_resolver(self, *args: Any) -> None:
            return None

else:  # pragma: no cover

    class _Loader(Reader, Scanner, _PyParser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: Any) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)
            Composer.__init__(self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return _STR

        def descend_resolver(self, *args: Any) -> None:
            return None

        def ascend_resolver(self, *args: Any) -> None:
            return None

        def dispose(self) -> None:
            pass


@dataclass
class Loaded:
    """The outcome of loading one file: data (``None`` when rejected), its node tree, problems."""

    data: dict[str, Any] | None
    node: MappingNode | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""


def position(node: Node) -> tuple[int, int]:
    """1-based (line, column) where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def load_bytes(raw: bytes, rel: str) -> Loaded:
    """Check and parse one file's bytes; ``rel`` names the file in diagnostics."""
    out: list[Diagnostic] = []

    def err(line: int, col: int, code: str, message: str, key: str = "") -> None:
        out.append(diag(rel, line, col, code, message, key))

    if len(raw) > MAX_BYTES:
        err(1, 1, codes.FILE_TOO_LARGE, f"انتظار می‌رفت حداکثر {MAX_BYTES} بایت، اما پرونده {len(raw)} بایت است")
        return Loaded(None, None, out)
    if raw.startswith(b"\xef\xbb\xbf"):
        err(1, 1, codes.BOM, "پرونده با نشانهٔ ترتیب بایت (BOM) آغاز شده است؛ آن را بدون BOM و با UTF-8 ذخیره کنید")
        return Loaded(None, None, out)
    try:
        src = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        err(
            line,
            col,
            codes.NOT_UTF8,
            f"انتظار می‌رفت متن UTF-8، اما بایت 0x{raw[exc.start]:02X} آمده است "
            "(پرونده را با رمزگذاری UTF-8 ذخیره کنید، نه Windows-1256)",
        )
        return Loaded(None, None, out)

    bad = text.forbidden_chars(src)
    for offset, ch in bad[:MAX_REPORTED_CHARS]:
        line, col = text.line_col(src, offset)
        err(line, col, codes.FORBIDDEN_CHARACTER, _forbidden_message(ch))
    if bad:
        return Loaded(None, None, out, src)

    if "&" in src or "*" in src or "!" in src:
        _scan_events(src, err)
        if out:
            return Loaded(None, None, out, src)

    loader = _Loader(src)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        opened = exc.context_mark.line + 1 if exc.context_mark is not None and exc.problem_mark is not None else None
        text_line = src.split("\n")[line - 1] if 0 < line <= src.count("\n") + 1 else ""
        said = yaml_errors.hint(exc.problem, exc.context, opened if opened != line else None, text_line[: col - 1], text_line[col - 1 :])
        err(line, col, codes.YAML_SYNTAX, f"YAML نامعتبر: {said}")
        return Loaded(None, None, out, src)
    except yaml.YAMLError as exc:
        err(1, 1, codes.YAML_SYNTAX, f"YAML نامعتبر: {yaml_errors.hint(str(exc))}")
        return Loaded(None, None, out, src)
    finally:
        loader.dispose()

    if node is None:
        err(1, 1, codes.EMPTY_FILE, "پرونده خالی است؛ انتظار می‌رفت نگاشتی از کلیدها و مقدارها")
        return Loaded(None, None, out, src)
    if not isinstance(node, MappingNode):
        line, col = position(node)
        err(line, col, codes.NOT_A_MAPPING, f"انتظار می‌رفت نگاشتی از کلیدها و مقدارها، اما {kind_of(node)} آمده است")
        return Loaded(None, None, out, src)

    walker = _Walker(src, err)
    data = walker.mapping(node, 1, "")
    if any(d.is_error for d in out):
        return Loaded(None, node, out, src)
    return Loaded(data, node, out, src)


def kind_of(node: Node) -> str:
    """A Persian noun for the shape of a node: text, list or mapping."""
    if isinstance(node, MappingNode):
        return "نگاشت (کلید: مقدار)"
    if isinstance(node, SequenceNode):
        return "فهرست"
    return f"متن {node.value!r}"


def _forbidden_message(ch: str) -> str:
    return (
        f"نویسهٔ ممنوع {text.char_name(ch)}؛ نویسه‌های نامرئی، کنترلی و جداکنندهٔ سطر یا بند "
        "به‌جز نیم‌فاصله (ZWNJ) پذیرفته نیستند"
    )


def _scan_events(src: str, err: Any) -> None:
    """Slow path for files that may use anchors, aliases or tags: report each with its place."""
    try:
        for ev in yaml.parse(src, Loader=yaml.CSafeLoader if HAVE_LIBYAML else yaml.SafeLoader):
            mark = ev.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(ev, yaml.AliasEvent):
                err(line, col, codes.YAML_ALIAS, f"ارجاع YAML (*{ev.anchor}) پذیرفته نیست؛ مقدار را کامل بنویسید")
                continue
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                err(line, col, codes.YAML_ANCHOR, f"لنگر YAML (&{anchor}) پذیرفته نیست")
            tag = getattr(ev, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                err(line, col, codes.YAML_TAG, f"برچسب نوع YAML ({shown}) پذیرفته نیست؛ مقدارها متن ساده‌اند")
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its place


class _Walker:
    """Turns a node tree into dicts, lists, strings and None, checking the structure."""

    def __init__(self, src: str, err: Any) -> None:
        self.err = err
        self.too_deep = False
        self.arabic = bool(text.ARABIC_LETTER_RE.search(src))
        self.digits = bool(text.NON_ASCII_DIGIT_RE.search(src))
        self.escapes = "\\" in src
        self.slow = self.arabic or self.digits or self.escapes

    def value(self, node: Node, depth: int, key: str) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            v = node.value
            if not node.style and v in _NULLS:  # type: ignore[attr-defined]
                return None
            return self.scalar(node, key) if self.slow else v  # type: ignore[arg-type]
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                line, col = position(node)
                self.err(line, col, codes.TOO_DEEP, f"انتظار می‌رفت حداکثر {MAX_DEPTH} سطح تودرتو، اما بیشتر آمده است", key)
            return None
        if cls is MappingNode:
            return self.mapping(node, depth, key)  # type: ignore[arg-type]
        return [self.value(item, depth + 1, f"{key}[{i}]") for i, item in enumerate(node.value)]

    def mapping(self, node: MappingNode, depth: int, key: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for knode, vnode in node.value:
            if knode.__class__ is not ScalarNode:
                line, col = position(knode)
                self.err(line, col, codes.BAD_KEY, f"انتظار می‌رفت کلید متنی، اما {kind_of(knode)} آمده است", key)
                continue
            k = knode.value
            path = f"{key}.{k}" if key else k
            line, col = position(knode)
            if k == "<<" and not knode.style:
                self.err(line, col, codes.MERGE_KEY, "کلید ادغام YAML (<<) پذیرفته نیست؛ کلیدها را صریح بنویسید", key)
                continue
            if k in seen:
                self.err(
                    line,
                    col,
                    codes.DUPLICATE_KEY,
                    f"کلید «{k}» دو بار آمده است: در سطر {seen[k]} و سطر {line}؛ فقط یکی بماند",
                    path,
                )
                continue
            seen[k] = line
            result[k] = self.value(vnode, depth + 1, path)
        return result

    def scalar(self, node: ScalarNode, key: str) -> str:
        v: str = node.value
        bad = text.forbidden_chars(v) if self.escapes else None
        if bad:
            line, col = position(node)
            self.err(line, col, codes.FORBIDDEN_CHARACTER, _forbidden_message(bad[0][1]), key)
            return v
        if self.arabic and text.ARABIC_LETTER_RE.search(v):
            line, col = position(node)
            v = text.fold_arabic_letters(v)
            self.err(line, col, codes.ARABIC_LETTERS, "حروف عربی ي/ك به ی/ک فارسی برگردانده شد؛ در پرونده هم ی/ک فارسی بنویسید", key)
        if self.digits and text.NON_ASCII_DIGIT_RE.search(v) and text.NUMERIC_LIKE_RE.match(v):
            line, col = position(node)
            new = text.ascii_digits(v)
            self.err(line, col, codes.NON_ASCII_DIGITS, f"رقم‌های فارسی/عربی «{v}» به «{new}» برگردانده شد؛ عدد و شناسه با رقم لاتین ذخیره می‌شود", key)
            v = new
        return v


def node_at(root: MappingNode, loc: tuple[Any, ...]) -> tuple[Node, bool]:
    """Find the node a model location points at.

    Returns the deepest node reached and whether the whole path was found. Location parts that
    contain ``-`` are union tags added by the models, never keys, and are skipped.
    """
    node: Node = root
    for part in loc:
        if isinstance(part, str) and "-" in part:
            continue
        if isinstance(node, MappingNode) and isinstance(part, str):
            for knode, vnode in node.value:
                if isinstance(knode, ScalarNode) and knode.value == part:
                    node = vnode
                    break
            else:
                return node, False
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return node, False
    return node, True


def key_node(root: MappingNode, loc: tuple[Any, ...]) -> Node | None:
    """The key node of the last part of ``loc`` (for unknown keys)."""
    parent, found = node_at(root, loc[:-1])
    if not found or not isinstance(parent, MappingNode):
        return None
    for knode, _ in parent.value:
        if isinstance(knode, ScalarNode) and knode.value == loc[-1]:
            return knode
    return None


def dotted(loc: tuple[Any, ...]) -> str:
    """``('actions', 0, 'inquiries', 1, 'agency')`` → ``actions[0].inquiries[1].agency``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "-" in part:
            continue
        else:
            out += f".{part}" if out else part
    return out
