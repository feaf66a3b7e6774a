"""``site-gen fmt``: normalise card files in place, keeping comments; idempotent.

What it changes: Arabic ي/ك become Persian ی/ک and Persian or Arabic-Indic digits in numeric
values become ASCII, a date without its leading zeros (``1403-6-20``) gets them (``1403-06-20``) (exactly what the loader folds, with a warning, when it reads a file: these are
the diagnostics fmt fixes); keys follow the model's order (the order of the official form); ``null``
is written out; a value is written plain only when every YAML reader reads it back as the same text
(numbers and true/false plain only where the model expects a number or a boolean), otherwise in
double quotes; a flow collection (``[…]``/``{…}``) stays on its line unless it spans lines or holds
a comment, then it becomes block style carrying its comments; directives and document markers go.

What it never changes: what the validator says. Every file is first read by the project's own
loader (:func:`site_gen.load.load_bytes`); a file it refuses (duplicate key, tab, nesting, bytes
that are not UTF-8, …) is left untouched and :class:`Refused` carries the loader's diagnostics.
The output is read back by the same loader and must give the same data, or nothing is written.

Comments stay with the key or item they were written next to: a comment on its own line belongs
to the key (or list item) below it, a comment at the end of a line to the key or item on that
line, the comments above the first key of the file (up to its last blank line, or all of them when
there is none) are the file's header, the comments after the last key its trailer.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import codes, text
from .load import load_bytes
from .patterns import INT_RE, NUMBER_RE
from .report import Diagnostic, diag
from .summary import classify

#: Plain scalars a YAML 1.1 or 1.2 reader would type as something other than a string.
_AMBIGUOUS = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |null|Null|NULL|~|=|<<|[-+]?(?:0|[1-9][0-9_]*)|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$""",
    re.X,
)
_INT, _NUMBER = INT_RE, NUMBER_RE
_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")
#: Characters a double-quoted scalar must escape: controls, line and paragraph separators, the BOM,
#: surrogates and the non-characters; everything else is written as is.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\"\\\\]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\x00": "\\0"}
_BLOCK_HEADER = re.compile(r"^([|>])([-+]?)[ \t]*(#.*)?$")
_FIXABLE = frozenset({codes.ARABIC_LETTERS, codes.NON_ASCII_DIGITS})


class Refused(Exception):
    """A file fmt leaves untouched, with the reasons (the loader's own diagnostics)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics


# --- what the model expects where -----------------------------------------------------------


@dataclass(frozen=True)
class _Expect:
    """Under one key: the model of nested mappings and the scalar types the model accepts."""

    model: Any = None
    scalars: frozenset[str] = frozenset()


def _expect(annotation: Any) -> _Expect:
    models: list[Any] = []
    scalars: set[str] = set()

    def walk(a: Any) -> None:
        origin = typing.get_origin(a)
        if origin is typing.Annotated:
            if _is_date(a):
                scalars.add("date")
            walk(typing.get_args(a)[0])
        elif origin in (typing.Union, types.UnionType, list, tuple):
            for arg in typing.get_args(a):
                walk(arg)
        elif origin is typing.Literal:
            scalars.add("str")
        elif isinstance(a, type):
            if hasattr(a, "model_fields"):
                models.append(a)
            elif issubclass(a, bool):
                scalars.add("bool")
            elif issubclass(a, (str, Enum)):
                scalars.add("str")
            elif issubclass(a, int):
                scalars.add("int")
            elif issubclass(a, float):
                scalars.add("float")

    walk(annotation)
    return _Expect(models[0] if models else None, frozenset(scalars))


def _is_date(annotation: Any) -> bool:
    from .model.types import JalaliDate

    return bool(annotation == JalaliDate)


#: A date whose month or day lacks its leading zero (``1403-6-2``).
_SHORT_DATE = re.compile(r"\A([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")


def _padded_date(value: str) -> str:
    """``1403-6-2`` → ``1403-06-02``; anything else unchanged."""
    m = _SHORT_DATE.match(value)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else value


def _pad_dates(data: Any) -> Any:
    """``data`` with every date-shaped text padded: what fmt may change, and nothing else."""
    if isinstance(data, str):
        return _padded_date(data)
    if isinstance(data, dict):
        return {k: _pad_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_pad_dates(v) for v in data]
    return data


def _child(expect: _Expect, key: str) -> _Expect:
    model = expect.model
    if model is None or key not in model.model_fields:
        return _Expect()
    return _expect(model.model_fields[key].annotation)


# --- the tree with its comments ------------------------------------------------------------


@dataclass
class _Entry:
    """A mapping entry (``key`` set) or a list item, with the comments attached to it."""

    key: str | None
    start: int  # index of the key, or of the item's value, in the source
    end_line: int  # 0-based line of the value's last character
    node: Node
    value: Any  # the loader's (normalised) value
    expect: _Expect
    depth: int
    children: list[_Entry] = field(default_factory=list)
    leading: list[str] = field(default_factory=list)  # "" is a blank line, else "#…"
    eol: tuple[str, str] | None = None  # (gap, "#…")


class _Recorder(yaml.BaseLoader):
    """PyYAML's composer (text only, no typing) that keeps the span of every token."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.spans: list[tuple[int, int, str]] = []

    def get_token(self) -> Any:
        token = super().get_token()
        self.spans.append((token.start_mark.index, token.end_mark.index, type(token).__name__))
        return token


def _last_char_index(src: str, start: int, end: int) -> int:
    i = end - 1
    while i > start and src[i] in " \t\r\n":
        i -= 1
    return max(i, start)


class _Tree:
    def __init__(self, src: str, root: MappingNode, data: dict[str, Any], spans: list[tuple[int, int, str]], model: Any) -> None:
        self.src = src
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.entries: list[_Entry] = []
        self.root = self._mapping(root, data, _Expect(model), 0)
        self.header: list[str] = []
        self.trailer: list[str] = []
        self._attach(spans)

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index) - 1

    # building

    def _entry(self, key: str | None, start: int, node: Node, value: Any, expect: _Expect, depth: int) -> _Entry:
        end_line = self.line_of(_last_char_index(self.src, node.start_mark.index, node.end_mark.index)) if node.end_mark.index > node.start_mark.index else self.line_of(start)
        e = _Entry(key, start, end_line, node, value, expect, depth)
        self.entries.append(e)
        if isinstance(node, MappingNode):
            e.children = self._mapping(node, value, expect, depth + 1)
        elif isinstance(node, SequenceNode):
            e.children = self._sequence(node, value, expect, depth + 1)
        return e

    def _mapping(self, node: MappingNode, data: dict[str, Any], expect: _Expect, depth: int) -> list[_Entry]:
        out = []
        for knode, vnode in node.value:
            key = knode.value
            out.append(self._entry(key, knode.start_mark.index, vnode, data[key], _child(expect, key), depth))
        return out

    def _sequence(self, node: SequenceNode, data: list[Any], expect: _Expect, depth: int) -> list[_Entry]:
        return [self._entry(None, item.start_mark.index, item, data[i], expect, depth) for i, item in enumerate(node.value)]

    # comments

    def _attach(self, spans: list[tuple[int, int, str]]) -> None:
        src = self.src
        covered = bytearray(len(src) + 1)
        for start, end, kind in spans:
            if kind == "ScalarToken" and src[start : start + 1] in ("|", ">"):
                header = src[start : src.find("\n", start) if "\n" in src[start:] else len(src)]
                if "+" not in header.split("#", 1)[0]:
                    end = _last_char_index(src, start, end) + 1  # trailing blank lines are not content
            covered[start:end] = b"\x01" * (end - start)
        trivia: list[tuple[int, str]] = []  # (index, "" or "#…") for lines without content
        eols: list[tuple[int, int, str, str]] = []  # (line, index, gap, "#…")
        for n, line_start in enumerate(self.line_starts):
            line_end = src.find("\n", line_start)
            line_end = len(src) if line_end < 0 else line_end
            line = src[line_start:line_end]
            has_content = any(covered[line_start + i] and not c.isspace() for i, c in enumerate(line))
            hash_at = -1
            for i, c in enumerate(line):
                if c == "#" and not covered[line_start + i]:
                    hash_at = i
                    break
            if not has_content:
                if hash_at >= 0:
                    trivia.append((line_start, line[hash_at:].rstrip()))
                elif line.strip() == "":
                    trivia.append((line_start, ""))
            elif hash_at >= 0:
                before = line[:hash_at]
                gap = before[len(before.rstrip()) :].replace("\t", " ") or " "
                eols.append((n, line_start + hash_at, gap, line[hash_at:].rstrip()))
        for e in self.entries:  # a comment on the header line of a block scalar
            node = e.node
            if isinstance(node, ScalarNode) and node.style in ("|", ">"):
                first = src[node.start_mark.index : src.find("\n", node.start_mark.index)]
                m = _BLOCK_HEADER.match(first.rstrip("\r"))
                if m and m.group(3):
                    gap = first[: first.index("#")]
                    gap = gap[len(gap.rstrip()) :] or " "
                    e.eol = (gap, m.group(3).rstrip())
        ordered = sorted(self.entries, key=lambda e: (e.start, e.depth))
        starts = [e.start for e in ordered]
        by_line: dict[int, list[_Entry]] = {}
        for e in ordered:
            by_line.setdefault(self.line_of(e.start), []).append(e)
        by_end: dict[int, list[_Entry]] = {}
        for e in ordered:
            by_end.setdefault(e.end_line, []).append(e)
        for ln, index, gap, comment in eols:
            target = None
            here = [e for e in by_line.get(ln, []) if e.eol is None]
            complete = [e for e in here if e.end_line == ln]
            if complete:
                top = min(e.depth for e in complete)
                target = [e for e in complete if e.depth == top][-1]
            elif here:
                target = here[-1]
            else:
                ending = [e for e in by_end.get(ln, []) if e.eol is None]
                if ending:
                    target = max(ending, key=lambda e: (e.depth, e.start))
            if target is None:
                trivia.append((index, comment))
            else:
                target.eol = (gap, comment)
        trivia.sort()
        first_start = starts[0] if starts else len(src) + 1
        head = [t for i, t in trivia if i < first_start]
        if head and "" in head:
            cut = len(head) - head[::-1].index("")
            self.header, rest = head[:cut], head[cut:]
        else:
            self.header, rest = head, []
        if ordered:
            ordered[0].leading += rest
        for i, t in trivia:
            if i < first_start:
                continue
            k = bisect.bisect_right(starts, i)
            if k < len(ordered):
                ordered[k].leading.append(t)
            else:
                self.trailer.append(t)


# --- writing --------------------------------------------------------------------------------


def _quoted(value: str) -> str:
    def esc(m: re.Match[str]) -> str:
        c = m.group()
        if c in _NAMED_ESCAPES:
            return _NAMED_ESCAPES[c]
        return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"

    return '"' + _ESCAPE.sub(esc, value) + '"'


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or _ESCAPE.search(value.replace('"', "").replace("\\", "")) or "\t" in value:
        return False
    if value.startswith(_INDICATORS) or ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(c in value for c in ",[]{}?"):
        return False  # PyYAML cannot read a '?' inside a plain scalar of a flow collection ("{u: a?b}")
    numeric = bool(text.NUMERIC_LIKE_RE.match(value)) and any(c.isdigit() for c in value)
    return not (_AMBIGUOUS.match(value) or numeric)


def _scalar(value: str | None, expect: _Expect, flow: bool) -> str:
    if value is None:
        return "null"
    s = expect.scalars
    if "date" in s:
        value = _padded_date(value)
    if ("bool" in s and value in ("true", "false")) or ("int" in s and _INT.match(value)) or ("float" in s and _NUMBER.match(value)):
        return value
    return value if _plain_ok(value, flow) else _quoted(value)


def _key(key: str) -> str:
    return key if _plain_ok(key, True) else _quoted(key)


class _Writer:
    def __init__(self, tree: _Tree, safe: bool) -> None:
        self.tree = tree
        self.safe = safe  # fall-back mode: no block scalar copied from the source
        self.lines: list[str] = []

    def ordered(self, e: _Entry | None, children: list[_Entry]) -> list[_Entry]:
        model = e.expect.model if e is not None else None
        if e is None:
            model = self.root_model
        if model is None or not children or children[0].key is None:
            return children
        order = {k: i for i, k in enumerate(model.model_fields)}
        return sorted(children, key=lambda c: order.get(c.key, len(order)))  # stable: unknown keys keep their order

    root_model: Any = None

    def flow_ok(self, e: _Entry) -> bool:
        node = e.node
        if not isinstance(node, (MappingNode, SequenceNode)) or not e.children:
            return True
        if not node.flow_style or self.tree.line_of(node.start_mark.index) != e.end_line:
            return False
        return all(not c.leading and c.eol is None and self.flow_ok(c) for c in e.children)

    def flow(self, e: _Entry) -> str:
        if isinstance(e.node, MappingNode):
            return "{" + ", ".join(f"{_key(c.key or '')}: {self.flow(c)}" for c in self.ordered(e, e.children)) + "}"
        if isinstance(e.node, SequenceNode):
            return "[" + ", ".join(self.flow(c) for c in e.children) + "]"
        return _scalar(e.value, e.expect, True)

    def trivia(self, items: list[str], indent: int) -> None:
        for t in items:
            if t == "":
                if self.lines and self.lines[-1] != "":
                    self.lines.append("")
            else:
                self.lines.append(" " * indent + t)

    def comment(self, e: _Entry) -> str:
        return f"{e.eol[0]}{e.eol[1]}" if e.eol else ""

    def block_scalar(self, e: _Entry, indent: int) -> list[str] | None:
        """The block scalar as written (re-indented), or ``None`` to write it anew."""
        node = e.node
        if self.safe or not isinstance(node, ScalarNode) or node.style not in ("|", ">") or e.value is None:
            return None
        src = self.tree.src
        start = node.start_mark.index
        nl = src.find("\n", start)
        if nl < 0:
            return None
        m = _BLOCK_HEADER.match(src[start:nl].rstrip("\r"))
        if not m:
            return None
        raw = node.value
        folded = text.fold_arabic_letters(raw)
        if folded == e.value:
            digits = False
        elif text.ascii_digits(folded) == e.value:
            digits = True
        else:
            return None

        def fix(s: str) -> str:
            s = text.fold_arabic_letters(s)
            return text.ascii_digits(s) if digits else s

        body = src[nl + 1 : node.end_mark.index].split("\n")
        content = [line.rstrip("\r") for line in body]
        while content and content[-1].strip() == "":
            content.pop()
        if not content:
            return None
        width = min(len(x) - len(x.lstrip(" ")) for x in content if x.strip())
        out = [m.group(1) + m.group(2)]
        for line in content:
            out.append(" " * indent + fix(line[width:]) if line.strip() else "")
        return out

    def new_block(self, e: _Entry, indent: int) -> list[str] | None:
        """A multi-line value as a literal block, when one can carry it exactly."""
        v = e.value
        if not isinstance(v, str) or "\n" not in v.rstrip("\n") or _ESCAPE.search(v.replace("\n", "").replace('"', "").replace("\\", "")):
            return None
        lines = v.split("\n")
        if v.endswith("\n\n") or not v.strip() or lines[0].startswith(" ") or any(x != x.rstrip(" \t") or "\t" in x for x in lines):
            return None
        chomp = "" if v.endswith("\n") else "-"
        body = lines[:-1] if v.endswith("\n") else lines
        return ["|" + chomp] + [(" " * indent + x) if x else "" for x in body]

    def value_inline(self, e: _Entry, indent: int) -> tuple[str, list[str]] | None:
        """(text after "key: " or "- ", further lines) for a value written on the key's line."""
        if isinstance(e.node, (MappingNode, SequenceNode)):
            return (self.flow(e), []) if self.flow_ok(e) else None
        if isinstance(e.value, str) and ("\n" in e.value or getattr(e.node, "style", None) in ("|", ">")):
            block = self.block_scalar(e, indent) or self.new_block(e, indent)
            if block:
                return block[0], block[1:]
        return _scalar(e.value, e.expect, False), []

    def entries(self, parent: _Entry | None, children: list[_Entry], indent: int, first_prefix: str | None = None) -> None:
        """Block entries at ``indent``; with ``first_prefix`` the first one goes on a "- " line."""
        for n, c in enumerate(self.ordered(parent, children)):
            prefix = " " * indent
            if n == 0 and first_prefix is not None:
                prefix = first_prefix
            else:
                self.trivia(c.leading, indent)
            if c.key is not None:
                head = f"{prefix}{_key(c.key)}:"
                inline = self.value_inline(c, indent + 2)
                if inline is not None:
                    self.lines.append(f"{head} {inline[0]}{self.comment(c)}")
                    self.lines += inline[1]
                    continue
                self.lines.append(head + self.comment(c))
                if isinstance(c.node, MappingNode):
                    self.entries(c, c.children, indent + 2)
                else:
                    self.items(c, indent + 2)
            else:
                self.item(c, indent, prefix)

    def item(self, c: _Entry, indent: int, prefix: str) -> None:
        inline = self.value_inline(c, indent + 2)
        if inline is not None:
            self.lines.append(f"{prefix}- {inline[0]}{self.comment(c)}")
            self.lines += inline[1]
            return
        if c.eol:  # a block collection: its comment goes above the item
            self.lines.append(prefix + c.eol[1])
        lead = self.first_leading(c)
        self.trivia(lead, indent)
        dash = (" " * indent if prefix.strip() == "" else prefix) + "- "
        if isinstance(c.node, MappingNode):
            self.entries(c, c.children, indent + 2, dash)
        else:
            self.items(c, indent + 2, dash)

    def first_leading(self, c: _Entry) -> list[str]:
        """Comments above the first child of a block item go above the item's "- " line."""
        ordered = self.ordered(c, c.children)
        if not ordered:
            return []
        first = ordered[0]
        lead = first.leading + (self.first_leading(first) if first.key is None and not self.flow_ok(first) else [])
        return lead

    def items(self, parent: _Entry, indent: int, first_prefix: str | None = None) -> None:
        for n, c in enumerate(parent.children):
            if n == 0 and first_prefix is not None:
                self.item(c, indent, first_prefix)
            else:
                self.trivia(c.leading, indent)
                self.item(c, indent, " " * indent)


def _render(tree: _Tree, model: Any, safe: bool) -> str:
    w = _Writer(tree, safe)
    w.root_model = model
    w.trivia(tree.header, 0)
    w.entries(None, tree.root, 0)
    w.trivia(tree.trailer, 0)
    while w.lines and w.lines[-1] == "":
        w.lines.pop()
    while w.lines and w.lines[0] == "":
        w.lines.pop(0)
    return "\n".join(w.lines) + "\n"


def format_bytes(raw: bytes, rel: str) -> bytes:
    """The normalised bytes of the file at ``rel`` (its kind comes from the path).

    Raises :class:`Refused` when the loader refuses the file or when no output reads back as the
    same data."""
    loaded = load_bytes(raw, rel)
    if loaded.data is None:
        raise Refused([d for d in loaded.diagnostics if d.is_error])
    src = loaded.text
    kind, _, _ = classify(rel)
    model = _model(kind, rel)
    recorder = _Recorder(src)
    try:
        root = recorder.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise Refused([diag(rel, line, col, codes.FMT_UNSAFE, "پرونده خوانا است، اما قالب‌بندی خودکار آن ممکن نشد؛ آن را دستی مرتب کنید")]) from None
    finally:
        recorder.dispose()
    assert isinstance(root, MappingNode)
    for safe in (False, True):
        tree = _Tree(src, root, loaded.data, recorder.spans, model)
        out = _render(tree, model, safe).encode("utf-8")
        back = load_bytes(out, rel)
        if (back.data == loaded.data or _pad_dates(back.data) == _pad_dates(loaded.data)) and not any(d.is_error or d.code in _FIXABLE for d in back.diagnostics):
            return out
    raise Refused([diag(rel, 1, 1, codes.FMT_UNSAFE, "پرونده خوانا است، اما قالب‌بندی خودکار آن داده را تغییر می‌داد؛ پرونده دست‌نخورده ماند")])


def _model(kind: Any, rel: str = "") -> Any:
    if kind is None:  # a register file takes its model from its folder (issue 20)
        from .registers.records import MODELS as REGISTERS
        from .registers.validate import classify as register_type

        return REGISTERS.get(register_type(rel)[0] or "")
    from .record import MODELS

    return MODELS[kind]


def format_text(source: str, rel: str) -> str:
    """The normalised text of ``source`` for the file at ``rel``; raises :class:`Refused`."""
    return format_bytes(source.encode("utf-8"), rel).decode("utf-8")


def format_file(path: Path, rel: str, *, check: bool = False) -> bool:
    """Normalise one file; return True when it changed (or, with ``check``, would change).

    All or nothing: the new text goes to a temporary file in the same folder that replaces the
    file in one step (``os.replace``). Raises :class:`Refused` and writes nothing when the file
    cannot be formatted."""
    if path.is_symlink():
        raise Refused([diag(rel, 1, 1, codes.SYMLINK, "پیوند نمادین (symlink) پذیرفته نیست؛ خود پرونده را بگذارید")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused([diag(rel, 1, 1, codes.MISPLACED_FILE, f"پرونده خوانده نشد: {exc.strerror}")]) from None
    new = format_bytes(raw, rel)
    if new == raw:
        return False
    if not check:
        try:
            _replace(path, new)
        except OSError as exc:
            raise Refused([diag(rel, 1, 1, codes.FMT_UNSAFE, f"پرونده نوشته نشد ({exc.strerror})؛ پرونده دست‌نخورده ماند")]) from None
    return True


def _replace(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fmt", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
