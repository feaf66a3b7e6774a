"""The strict text layer (site_gen/load.py), rule by rule on small inputs: which code, at which
line and column, under which key, and what data comes back. Messages are not compared: only
the stable parts of a diagnostic (docs/mutation.md)."""

from __future__ import annotations

from typing import Any

import pytest
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from site_gen.load import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_REPORTED_CHARS,
    Loaded,
    dotted,
    key_node,
    load_bytes,
    node_at,
    position,
)

REL = "cards/x/y.yaml"


def load(src: str | bytes) -> Loaded:
    return load_bytes(src.encode("utf-8") if isinstance(src, str) else src, REL)


def found(src: str | bytes) -> list[tuple[str, int, int, str]]:
    """(code, line, column, key) of every diagnostic."""
    return [(d.code, d.line, d.column, d.key) for d in load(src).diagnostics]


# --- bytes ------------------------------------------------------------------------------------


def test_the_size_cap_is_inclusive() -> None:
    at_cap = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(at_cap) == MAX_BYTES
    assert load(at_cap).data == {"a": "x" * (MAX_BYTES - 4)}
    over = load(at_cap + b"\n")
    assert (over.data, over.node) == (None, None)
    assert [(d.code, d.line, d.column, d.severity) for d in over.diagnostics] == [("file-too-large", 1, 1, "error")]
    assert all(d.file == REL for d in over.diagnostics)


def test_a_byte_order_mark_is_refused_at_the_start_only() -> None:
    bom = load(b"\xef\xbb\xbfa: x\n")
    assert bom.data is None and [(d.code, d.line, d.column) for d in bom.diagnostics] == [("bom", 1, 1)]
    # U+FEFF later in the file is a forbidden format character, not a BOM
    assert [c for c, *_ in found("a: x\ufeff\n")] == ["forbidden-character"]


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"\xff: x\n", 1, 1),
        (b"a: x\nb: \xff\n", 2, 4),
        # the column counts characters, not bytes: four two-byte Persian letters come before
        ("نام: ".encode() + b"\xfe\n", 1, 6),
        ("a: x\nنام: ".encode() + b"\xc3(\n", 2, 6),
    ],
    ids=["first-byte", "second-line", "after-persian", "truncated-sequence"],
)
def test_bytes_that_are_not_utf8_are_placed_by_character(raw: bytes, line: int, column: int) -> None:
    loaded = load(raw)
    assert loaded.data is None and loaded.node is None
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("not-utf8", line, column)]


def test_the_offending_byte_is_named_in_hex() -> None:
    [d] = load(b"a: \xfe\n").diagnostics
    assert "0xFE" in d.message


# --- characters -------------------------------------------------------------------------------


def test_forbidden_characters_each_at_its_place_and_the_text_is_kept() -> None:
    src = "a: x\u200by\nبب: \u202e\n"
    loaded = load(src)
    assert loaded.data is None and loaded.node is None and loaded.text == src
    assert found(src) == [("forbidden-character", 1, 5, ""), ("forbidden-character", 2, 5, "")]
    assert "U+202E" in loaded.diagnostics[1].message


def test_forbidden_characters_are_reported_up_to_the_cap() -> None:
    src = "a: " + "\u200b" * (MAX_REPORTED_CHARS + 5) + "\n"
    shown = found(src)
    assert len(shown) == MAX_REPORTED_CHARS
    assert [col for _, _, col, _ in shown] == list(range(4, 4 + MAX_REPORTED_CHARS))


def test_escaped_forbidden_character_in_double_quotes_is_placed_at_its_value() -> None:
    loaded = load('a: x\nb:\n  c: "p\\u200bq"\n')
    assert loaded.data is None and loaded.node is not None
    assert found('a: x\nb:\n  c: "p\\u200bq"\n') == [("forbidden-character", 3, 6, "b.c")]
    assert "U+200B" in loaded.diagnostics[0].message


def test_a_backslash_alone_is_plain_text() -> None:
    assert load('a: "p\\tq"\nb: c:\\\\x\n').data == {"a": "p\tq", "b": "c:\\\\x"}


# --- anchors, aliases, tags -------------------------------------------------------------------


def test_anchor_alias_and_tag_each_at_its_place() -> None:
    src = "a: &k x\nb: *k\nc: !t y\nd: !!str z\n"
    loaded = load(src)
    assert loaded.data is None and loaded.node is None and loaded.text == src
    assert found(src) == [
        ("yaml-anchor", 1, 4, ""),
        ("yaml-alias", 2, 4, ""),
        ("yaml-tag", 3, 4, ""),
        ("yaml-tag", 4, 4, ""),
    ]
    assert "!!str" in loaded.diagnostics[3].message and "tag:yaml.org" not in loaded.diagnostics[3].message
    assert "&k" in loaded.diagnostics[0].message and "*k" in loaded.diagnostics[1].message


def test_an_anchored_and_tagged_node_gets_both_errors() -> None:
    assert [c for c, *_ in found("a: &k !t x\n")] == ["yaml-anchor", "yaml-tag"]


def test_anchor_on_a_mapping_key_and_a_collection() -> None:
    assert found("&k a: x\n") == [("yaml-anchor", 1, 1, "")]
    assert found("a: &k\n  b: x\n") == [("yaml-anchor", 1, 4, "")]
    assert found("a: &k [x]\n") == [("yaml-anchor", 1, 4, "")]


@pytest.mark.parametrize("src", ["a: 'x & y'\nb: x*y\nc: 'wow!'\n", "a: x & y\nb: '*'\nc: x!\n"])
def test_the_characters_of_anchors_and_tags_inside_text_are_text(src: str) -> None:
    loaded = load(src)
    assert loaded.diagnostics == [] and loaded.data is not None
    assert set(loaded.data) == {"a", "b", "c"}


def test_a_syntax_error_after_an_anchor_is_reported_once_as_syntax() -> None:
    assert [c for c, *_ in found("a: &k x\nb: [\n")] == ["yaml-anchor"]
    assert [c for c, *_ in found("a: x & y\nb: [\n")] == ["yaml-syntax"]


# --- syntax and shape ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "line", "column"),
    [
        ("a: x\nb: c: d\n", 2, 5),
        ("a: x\n\tb: y\n", 2, 1),
        ("a: x\n---\nb: y\n", 2, 1),
        ("a: [x, y\n", 2, 1),
    ],
)
def test_syntax_errors_are_placed(src: str, line: int, column: int) -> None:
    loaded = load(src)
    assert (loaded.data, loaded.node, loaded.text) == (None, None, src)
    assert [(d.code, d.line, d.column, d.severity) for d in loaded.diagnostics] == [("yaml-syntax", line, column, "error")]


def test_a_known_syntax_problem_gets_its_hint_instead_of_the_parser_text() -> None:
    [d] = load("a: x\nb: c: d\n").diagnostics
    # the parser's English never reaches the clerk: its Persian explanation does (yaml_errors.py)
    assert (d.line, d.column) == (2, 5) and "mapping values are not allowed here" not in d.message and "«:»" in d.message
    [d] = load("a: x\n---\nb: y\n").diagnostics
    assert "but found another document" not in d.message and "---" in d.message


@pytest.mark.parametrize("src", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file(src: str) -> None:
    loaded = load(src)
    assert (loaded.data, loaded.node, loaded.text) == (None, None, src)
    assert found(src) == [("empty-file", 1, 1, "")]


@pytest.mark.parametrize(
    ("src", "line", "column"),
    [("- a\n- b\n", 1, 1), ("\n\n  just text\n", 3, 3), ("# c\n[a, b]\n", 2, 1)],
)
def test_a_root_that_is_not_a_mapping_is_placed(src: str, line: int, column: int) -> None:
    loaded = load(src)
    assert (loaded.data, loaded.node) == (None, None)
    assert found(src) == [("not-a-mapping", line, column, "")]


def test_the_root_shape_is_named() -> None:
    [lst] = load("- a\n").diagnostics
    [txt] = load("plain\n").diagnostics
    assert lst.message != txt.message and "'plain'" in txt.message


# --- the walk: keys ---------------------------------------------------------------------------


def test_a_valid_file_returns_data_node_and_text() -> None:
    src = "a: x\nb:\n  - c: y\n    d: [p, q]\n  - ~\ne: {f: g}\n"
    loaded = load(src)
    assert loaded.diagnostics == []
    assert loaded.data == {"a": "x", "b": [{"c": "y", "d": ["p", "q"]}, None], "e": {"f": "g"}}
    assert isinstance(loaded.node, MappingNode) and loaded.text == src


def test_duplicate_keys_at_the_second_place_with_the_path() -> None:
    src = "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\na: 5\n"
    loaded = load(src)
    assert loaded.data is None and loaded.node is not None
    assert found(src) == [("duplicate-key", 5, 3, "b.c"), ("duplicate-key", 6, 1, "a")]
    # both lines are named, the first one first
    first = loaded.diagnostics[0].message
    assert "3" in first and "5" in first and first.index("3") < first.index("5")


def test_a_quoted_key_equal_to_another_is_a_duplicate() -> None:
    assert found("a: 1\n'a': 2\n") == [("duplicate-key", 2, 1, "a")]


def test_keys_that_are_not_text() -> None:
    src = "a:\n  [x, y]: 1\n  {p: q}: 2\n  ok: 3\n"
    loaded = load(src)
    assert loaded.data is None
    assert found(src) == [("bad-key", 2, 3, "a"), ("bad-key", 3, 3, "a")]


def test_a_merge_key_is_refused_but_a_quoted_one_is_text() -> None:
    assert found("a:\n  <<: {x: 1}\n  y: 2\n") == [("merge-key", 2, 3, "a")]
    assert found("<<: x\n") == [("merge-key", 1, 1, "")]
    assert load("a:\n  '<<': x\n").data == {"a": {"<<": "x"}}


def test_a_merge_key_does_not_count_as_seen() -> None:
    assert [c for c, *_ in found("<<: x\n<<: y\n")] == ["merge-key", "merge-key"]


# --- the walk: nulls and depth ------------------------------------------------------------------


def test_only_plain_null_forms_are_none() -> None:
    data = load("a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: 'null'\ng: \"~\"\nh: nul\ni: NuLL\nj: ''\n").data
    assert data == {"a": None, "b": None, "c": None, "d": None, "e": None, "f": "null", "g": "~", "h": "nul", "i": "NuLL", "j": ""}


def test_null_in_lists_and_in_slow_mode() -> None:
    # an Arabic letter elsewhere puts the walker on its slow path: nulls stay nulls there too
    loaded = load("a: [null, ~, x]\nb: ي\n")
    assert loaded.data == {"a": [None, None, "x"], "b": "ی"}


def nested(levels: int) -> str:
    """A file whose deepest collection is ``levels`` deep, the root mapping being the first."""
    return "a: " + "{a: " * (levels - 2) + "[x]" + "}" * (levels - 2) + "\n"


def test_nesting_up_to_the_limit_is_accepted() -> None:
    loaded = load(nested(MAX_DEPTH))
    assert loaded.diagnostics == [] and loaded.data is not None
    inner: Any = loaded.data
    for _ in range(MAX_DEPTH - 1):
        inner = inner["a"]
    assert inner == ["x"]


def test_nesting_beyond_the_limit_is_one_error_at_the_first_too_deep_node() -> None:
    src = nested(MAX_DEPTH + 1)
    loaded = load(src)
    assert loaded.data is None
    key = ".".join(["a"] * MAX_DEPTH)
    column = src.index("[") + 1
    assert found(src) == [("too-deep", 1, column, key)]
    # two deep branches: still one error
    twice = "b:\n  " + nested(MAX_DEPTH + 1).replace("\n", "") + "\n  c: " + "[" * 20 + "]" * 20 + "\n"
    assert [c for c, *_ in found(twice)] == ["too-deep"]


def test_too_deep_list_in_a_list_is_keyed_by_index() -> None:
    src = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert found(src) == [("too-deep", 1, 3 + MAX_DEPTH, "a" + "[0]" * (MAX_DEPTH - 1))]


# --- the walk: scalars ------------------------------------------------------------------------


def test_arabic_letters_folded_in_values_with_each_place_and_key() -> None:
    src = "a: x\nb:\n  - يك\n  - ok\nc: {d: ك}\n"
    loaded = load(src)
    assert loaded.data == {"a": "x", "b": ["یک", "ok"], "c": {"d": "ک"}}
    assert found(src) == [("arabic-letters", 3, 5, "b[0]"), ("arabic-letters", 5, 8, "c.d")]
    assert all(d.severity == "warning" for d in loaded.diagnostics)


def test_non_ascii_digits_only_in_numeric_values() -> None:
    src = "a: '۱۲۳'\nb:\n  c: ۰۲۱-۸۸(۱)\nd: ۱۲ نفر\ne: '٣.٥'\n"
    loaded = load(src)
    assert loaded.data == {"a": "123", "b": {"c": "021-88(1)"}, "d": "۱۲ نفر", "e": "3.5"}
    assert found(src) == [("non-ascii-digits", 1, 4, "a"), ("non-ascii-digits", 3, 6, "b.c"), ("non-ascii-digits", 5, 4, "e")]
    assert all(d.severity == "warning" for d in loaded.diagnostics)
    assert "۱۲۳" in loaded.diagnostics[0].message and "123" in loaded.diagnostics[0].message


def test_arabic_letters_and_digits_in_one_value() -> None:
    # folded letters, digits left alone: the value is not numeric
    src = "a: ي ۱\nb: '١'\n"
    assert load(src).data == {"a": "ی ۱", "b": "1"}
    assert [c for c, *_ in found(src)] == ["arabic-letters", "non-ascii-digits"]


def test_warnings_alone_keep_the_data() -> None:
    loaded = load("a: ك\n")
    assert loaded.data == {"a": "ک"} and loaded.node is not None
    assert [d.is_error for d in loaded.diagnostics] == [False]


def test_one_error_among_warnings_drops_the_data_but_keeps_the_node() -> None:
    loaded = load("a: ك\na: x\n")
    assert loaded.data is None and isinstance(loaded.node, MappingNode)
    assert [c for c, *_ in found("a: ك\na: x\n")] == ["arabic-letters", "duplicate-key"]


def test_an_escape_elsewhere_does_not_change_clean_values() -> None:
    assert load('a: "x\\ty"\nb: ك\nc: \'۱\'\nd: z\n').data == {"a": "x\ty", "b": "ک", "c": "1", "d": "z"}


# --- locating model errors ----------------------------------------------------------------------


def root_of(src: str) -> MappingNode:
    node = load(src).node
    assert node is not None
    return node


def test_position_is_one_based() -> None:
    root = root_of("a: x\nb:\n  - p\n  - q\n")
    assert position(root) == (1, 1)
    node, ok = node_at(root, ("b", 1))
    assert ok and isinstance(node, ScalarNode) and node.value == "q" and position(node) == (4, 5)


def test_node_at_follows_keys_and_indexes_and_skips_union_tags() -> None:
    root = root_of("a:\n  - b: x\n    c: [p, q]\n")
    node, ok = node_at(root, ("a", 0, "tag-like", "c", 1))
    assert ok and isinstance(node, ScalarNode) and node.value == "q"
    seq, ok = node_at(root, ("a",))
    assert ok and isinstance(seq, SequenceNode)


@pytest.mark.parametrize(
    ("loc", "stop"),
    [
        (("a", 0, "nope"), (2, 5)),  # an absent key: the deepest node reached
        (("a", 5), (2, 3)),  # an index past the end
        (("a", 1), (2, 3)),  # the index just past the end
        (("a", -1), (2, 3)),  # a negative index is not counted from the end
        (("a", 0, "b", "c"), (2, 8)),  # below a scalar
        ((0,), (1, 1)),  # an index into a mapping
        (("a", "b"), (2, 3)),  # a key into a list
    ],
)
def test_node_at_stops_where_the_path_breaks(loc: tuple[Any, ...], stop: tuple[int, int]) -> None:
    root = root_of("a:\n  - b: x\n")
    node, ok = node_at(root, loc)
    assert not ok and position(node) == stop


def test_node_at_skips_non_text_keys() -> None:
    node = load("a: x\n").node
    assert node is not None
    # a hand-made tree with a list as a key before the real one
    odd = MappingNode("tag", [(SequenceNode("tag", []), ScalarNode("tag", "v1")), *node.value])
    found_node, ok = node_at(odd, ("a",))
    assert ok and isinstance(found_node, ScalarNode) and found_node.value == "x"


def test_key_node_finds_the_key_of_the_last_part() -> None:
    root = root_of("a:\n  - b: x\n    zz: y\n")
    k = key_node(root, ("a", 0, "zz"))
    assert isinstance(k, ScalarNode) and k.value == "zz" and position(k) == (3, 5)
    top = key_node(root, ("a",))
    assert isinstance(top, ScalarNode) and position(top) == (1, 1)


@pytest.mark.parametrize("loc", [("a", 0, "nope"), ("a", 3, "b"), ("a", 0, "b", "c"), ("a", "b")])
def test_key_node_is_none_when_there_is_no_such_key(loc: tuple[Any, ...]) -> None:
    assert key_node(root_of("a:\n  - b: x\n"), loc) is None


def test_key_node_skips_non_text_keys() -> None:
    odd = MappingNode("tag", [(SequenceNode("tag", []), ScalarNode("tag", "v")), (ScalarNode("tag", "k"), ScalarNode("tag", "w"))])
    k = key_node(odd, ("k",))
    assert isinstance(k, ScalarNode) and k.value == "k"


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (("actions", 0, "inquiries", 1, "agency"), "actions[0].inquiries[1].agency"),
        (("a", "function-after", "b"), "a.b"),
        ((0, "a"), "[0].a"),
        (("tagged-union", "a"), "a"),
        ((), ""),
        (("a", 10, 2), "a[10][2]"),
    ],
)
def test_dotted(loc: tuple[Any, ...], text: str) -> None:
    assert dotted(loc) == text


def test_every_diagnostic_renders_as_path_line_column_code_key_message() -> None:
    """The one report line: ``path:line:col: severity: code: key: message`` with a message."""
    sources = [
        b"a: " + b"x" * MAX_BYTES,
        b"\xef\xbb\xbfa: x\n",
        b"a: \xff\n",
        "a: x\u200b\n".encode(),
        b"a: &k x\nb: *k\nc: !t y\n",
        b"a: [\n",
        b"",
        b"- a\n",
        nested(MAX_DEPTH + 1).encode(),
        b"a:\n  [x]: 1\n  <<: {y: 1}\n  b: 1\n  b: 2\n",
        'a: "x\\u200by"\nb: \u0643\nc: \u06f1\n'.encode(),
    ]
    seen = set()
    for raw in sources:
        for d in load(raw).diagnostics:
            seen.add(d.code)
            assert isinstance(d.message, str) and d.message.strip(), d
            key = f"{d.key}: " if d.key else ""
            assert d.text().startswith(f"{REL}:{d.line}:{d.column}: {d.severity}: {d.code}: {key}"), d
            assert len(d.text()) > len(f"{REL}:{d.line}:{d.column}: {d.severity}: {d.code}: {key}")
    assert seen == {
        "file-too-large", "bom", "not-utf8", "forbidden-character", "yaml-anchor", "yaml-alias", "yaml-tag",
        "yaml-syntax", "empty-file", "not-a-mapping", "too-deep", "bad-key", "merge-key", "duplicate-key",
        "arabic-letters", "non-ascii-digits",
    }


def test_an_alias_alone_is_reported_as_an_alias() -> None:
    # no anchor, no tag in the file: the alias still gets its own code and place
    src = "a: x\nb: *k\n"
    loaded = load(src)
    assert (loaded.data, loaded.node, loaded.text) == (None, None, src)
    assert found(src) == [("yaml-alias", 2, 4, "")]


def test_bytes_not_utf8_after_several_lines_and_after_a_leading_newline() -> None:
    assert found(b"a: x\nb: y\nc: \xff\n") == [("not-utf8", 3, 4, "")]
    assert found(b"\na: \xff\n") == [("not-utf8", 2, 4, "")]
    assert found(b"\n\xff: x\n") == [("not-utf8", 2, 1, "")]


def test_different_syntax_problems_get_different_messages() -> None:
    messages = {load(src).diagnostics[0].message for src in ("a: [x, y\n", 'a: "x\n', "a: {x: 1\n", "a: x\n- b\n")}
    assert len(messages) == 4


def test_a_character_the_yaml_reader_refuses() -> None:
    # U+FFFE is no invisible character by its class, but YAML does not allow it in a stream
    src = "a: x\ufffe\n"
    loaded = load(src)
    assert (loaded.data, loaded.node, loaded.text) == (None, None, src)
    [d] = loaded.diagnostics
    assert (d.code, d.severity, d.line) == ("yaml-syntax", "error", 1) and d.column in (1, 5)
    assert d.text().startswith(f"{REL}:1:{d.column}: error: yaml-syntax: ") and d.message.strip()


def test_a_rejected_root_and_walk_keep_the_text() -> None:
    for src in ("- a\n", "a: 1\na: 2\n", "a: [x]\n<<: y\n"):
        assert load(src).text == src


def test_every_duplicate_in_one_mapping_is_reported_and_the_walk_goes_on() -> None:
    src = "a: 1\na: 2\nb: 1\nb: 2\nc: ك\n"
    assert found(src) == [("duplicate-key", 2, 1, "a"), ("duplicate-key", 4, 1, "b"), ("arabic-letters", 5, 4, "c")]
