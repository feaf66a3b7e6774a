"""``site-gen fmt`` (``site_gen/fmt.py``) rule by rule, on small cards with the exact output.

The property tests of tests/test_fmt_hardening.py check that fmt never changes what the validator
says and keeps every comment; they cannot see a quote added where none is needed, a blank line
lost or a key out of the form's order. Each rule of the module's docstring is checked here on its
own. docs/mutation.md says why these exist.
"""

from __future__ import annotations

import os
import stat
import typing
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

import pytest
import yaml

from site_gen import codes
from site_gen.fmt import (
    Refused,
    _expect,
    _plain_ok,
    _quoted,
    _scalar,
    format_bytes,
    format_file,
    format_text,
)
from site_gen.model.service import Frequency, Service

CARD = "cards/demo/x.yaml"
HEAD = "title: t\nagency: demo\n"


def fmt(body: str, head: str = HEAD) -> str:
    return format_text(head + body, CARD)


# --- plain or quoted -----------------------------------------------------------------------

PLAIN_CASES = [
    # (value, plain in a block, plain in a flow collection)
    ("گواهی", True, True),
    ("a b", True, True),
    ("a,b", True, False),
    ("a[b", True, False),
    ("a]b", True, False),
    ("a{b", True, False),
    ("a}b", True, False),
    ("a#b", True, True),
    ("a:b", True, True),
    ("a?b", True, False),  # PyYAML cannot read it back inside [...] or {...}
    ('a"b', True, True),
    ("a\\b", True, True),
    ("x\u200cy", True, True),
    ("", False, False),
    (" a", False, False),
    ("a ", False, False),
    ("a\tb", False, False),
    ("a\nb", False, False),
    ("a\u2028b", False, False),
    ("a: b", False, False),
    ("a #b", False, False),
    ("a:", False, False),
    ("-a", False, False),
    ("?a", False, False),
    ("#a", False, False),
    ("&a", False, False),
    ("*a", False, False),
    ("!a", False, False),
    ("|a", False, False),
    (">a", False, False),
    ("'a", False, False),
    ('"a', False, False),
    ("%a", False, False),
    ("@a", False, False),
    ("`a", False, False),
    ("[a", False, False),
    ("{a", False, False),
    (",a", False, False),
    # what a YAML 1.1 or 1.2 reader would type
    ("yes", False, False),
    ("No", False, False),
    ("off", False, False),
    ("y", False, False),
    ("null", False, False),
    ("~", False, False),
    ("true", False, False),
    ("FALSE", False, False),
    ("=", False, False),
    ("<<", False, False),
    ("12", False, False),
    ("-3", False, False),
    ("012", False, False),
    ("0x1F", False, False),
    ("0b101", False, False),
    ("0o17", False, False),
    ("1.5", False, False),
    (".5", False, False),
    ("1e3", False, False),
    ("1:30", False, False),
    (".inf", False, False),
    ("-.Inf", False, False),
    (".nan", False, False),
    ("1403-01-01", False, False),
    ("2024-1-2 10:00", False, False),
    # digits of any script that the loader would read as a number
    ("۱۲", False, False),
    ("12-34", False, False),
    # words that merely start like one of those are plain
    ("yesterday", True, True),
    ("nullable", True, True),
    ("x12", True, True),
]


@pytest.mark.parametrize(("value", "block", "flow"), PLAIN_CASES)
def test_plain_only_where_every_reader_reads_the_same_text(
    value: str, block: bool, flow: bool
) -> None:
    assert _plain_ok(value, False) is block
    assert _plain_ok(value, True) is flow
    # and whatever is written, a YAML reader gets the text back
    written = value if block else _quoted(value)
    assert yaml.safe_load(f"k: {written}\n")["k"] == value


def test_quoted_escapes_only_what_it_must() -> None:
    assert _quoted("a") == '"a"'
    assert _quoted('a"b\\c') == '"a\\"b\\\\c"'
    assert _quoted("a\nb\tc\rd\x00e") == '"a\\nb\\tc\\rd\\0e"'
    # other controls, separators and the BOM by code point, four hex digits, upper case
    assert (
        _quoted("\x01\x1f\x7f\x9f\u2028\u2029\ufeff")
        == '"\\u0001\\u001F\\u007F\\u009F\\u2028\\u2029\\uFEFF"'
    )
    # everything else as is: Persian, the ZWNJ, an emoji
    assert _quoted("نیم\u200cفاصله 😀 é") == '"نیم\u200cفاصله 😀 é"'
    for value in ("a\nb\tc\rd\x00e", "\x01\x1f\x7f\x9f\u2028\u2029\ufeff", 'a"b\\c'):
        assert yaml.safe_load("k: " + _quoted(value))["k"] == value


# --- what the model expects -------------------------------------------------------------


class _Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("annotation", "scalars"),
    [
        (int, {"int"}),
        (bool, {"bool"}),  # bool is an int to Python: it must not count as one here
        (float, {"float"}),
        (str, {"str"}),
        (_Colour, {"str"}),
        (Literal["a", "b"], {"str"}),
        (int | None, {"int"}),
        (typing.Optional[bool], {"bool"}),  # noqa: UP045 (typing.Union, not the | form)
        (Annotated[int, "meta"], {"int"}),
        (list[float], {"float"}),
        (tuple[int, str], {"int", "str"}),
        (list[str] | int | None, {"str", "int"}),
        (bytes, set()),
    ],
)
def test_expected_scalar_types_from_the_annotation(annotation: object, scalars: set[str]) -> None:
    got = _expect(annotation)
    assert got.scalars == frozenset(scalars)
    assert got.model is None


def test_expected_model_from_the_annotation() -> None:
    assert _expect(Frequency | None).model is Frequency
    assert _expect(list[Annotated[Frequency, "x"]]).model is Frequency
    assert _expect(Service.model_fields["frequency"].annotation).model is Frequency
    assert _expect(Service.model_fields["in_person_visits"].annotation).scalars == {"int"}


def test_scalar_written_plain_only_where_the_model_expects_its_type() -> None:
    INT, BOOL, FLOAT, STR = (_expect(t) for t in (int, bool, float, str))
    assert _scalar(None, STR, False) == "null"
    assert _scalar("12", INT, False) == "12"
    assert _scalar("12", STR, False) == '"12"'
    assert _scalar("12", BOOL, False) == '"12"'
    assert _scalar("true", BOOL, False) == "true"
    assert _scalar("false", BOOL, False) == "false"
    assert _scalar("true", INT, False) == '"true"'
    assert _scalar("yes", BOOL, False) == '"yes"'  # not a boolean to a YAML 1.2 reader
    assert _scalar("1.5", FLOAT, False) == "1.5"
    assert _scalar("1.5", INT, False) == '"1.5"'
    assert _scalar("12", FLOAT, False) == "12"
    assert _scalar("a,b", STR, False) == "a,b"
    assert _scalar("a,b", STR, True) == '"a,b"'


# --- whole files -----------------------------------------------------------------------------


def test_keys_follow_the_form_and_unknown_keys_keep_their_order_at_the_end() -> None:
    out = format_text('zz: 1\nagency: demo\naa: 2\ntitle: t\nid: "10000000001"\n', CARD)
    assert out == 'id: "10000000001"\ntitle: t\nagency: demo\nzz: "1"\naa: "2"\n'
    nested = fmt('frequency:\n  per:\n  - year\n  once: "true"\n')
    assert nested == HEAD + "frequency:\n  once: true\n  per:\n    - year\n"
    flow = fmt("frequency: {per: [year], once: true}\n")
    assert flow == HEAD + "frequency: {once: true, per: [year]}\n"


def test_a_file_that_is_not_a_record_keeps_its_key_order() -> None:
    assert format_text("b: 1\na: x\n", "notes/a.yaml") == 'b: "1"\na: x\n'


def test_directives_and_document_markers_go() -> None:
    assert format_text("%YAML 1.2\n---\n" + HEAD + "...\n", CARD) == HEAD


def test_header_is_the_comments_up_to_the_last_blank_line() -> None:
    src = "# a\n\n# b\n\n# c\nagency: demo\ntitle: t\n"
    assert format_text(src, CARD) == "# a\n\n# b\n\ntitle: t\n# c\nagency: demo\n"
    # no blank line: every comment above the first key is the header
    assert (
        format_text("# a\n# b\nagency: demo\ntitle: t\n", CARD)
        == "# a\n# b\ntitle: t\nagency: demo\n"
    )


def test_blank_lines_are_kept_single_and_the_ends_trimmed() -> None:
    src = "\n\n# a\n\n\n\ntitle: t\n\n\n\nagency: demo\n\n# t1\n\n\n# t2\n\n\n"
    assert format_text(src, CARD) == "# a\n\ntitle: t\n\nagency: demo\n\n# t1\n\n# t2\n"


def test_end_of_line_comments_stay_on_their_line_with_their_gap() -> None:
    assert fmt('id: "10000000001"   # شناسه\n') == 'id: "10000000001"   # شناسه\n' + HEAD


def test_comments_in_lists_of_mappings() -> None:
    src = "faq:\n- q: x  # c\n  a: y\n- # lone\n  q: z\n  a: w\n"
    assert fmt(src) == HEAD + 'faq:\n  - q: x  # c\n    a: "y"\n  # lone\n  - q: z\n    a: w\n'
    on_dash = "faq:\n  -   # on dash\n    q: x\n    a: y\n"
    assert fmt(on_dash) == HEAD + 'faq:\n  # on dash\n  - q: x\n    a: "y"\n'
    above = "faq:\n  # above\n  - q: x\n    # inside\n    a: y\n  # second\n  - q: z\n    a: w\n"
    assert (
        fmt(above)
        == HEAD
        + 'faq:\n  # above\n  - q: x\n    # inside\n    a: "y"\n  # second\n  - q: z\n    a: w\n'
    )


def test_comment_on_a_block_collection_key() -> None:
    src = "keywords:  # words\n  - a  # first\n  # before b\n  - b\n"
    assert fmt(src) == HEAD + "keywords:  # words\n  - a  # first\n  # before b\n  - b\n"
    nested = 'sub_services:  # groups\n  - title: g  # group\n    items:  # its items\n      - a\n      - title: b  # item\n        id: "10000000002"\n'
    assert fmt(nested) == HEAD + nested


def test_nested_lists_keep_their_dashes() -> None:
    assert fmt("levels:\n  -\n    - a\n") == HEAD + "levels:\n  - - a\n"
    src = "levels:\n  - - a\n    - b\n  - - c\n"
    assert fmt(src) == HEAD + src
    deep = "x:\n  - - - a\n      - b\n"
    assert fmt(deep) == HEAD + deep


def test_flow_collections_stay_on_their_line_unless_they_span_lines() -> None:
    assert fmt("keywords: [a, b]\n") == HEAD + "keywords: [a, b]\n"
    assert fmt("keywords: [a,\n  b]\n") == HEAD + "keywords:\n  - a\n  - b\n"
    assert fmt("keywords: [a, 'b,c']\n") == HEAD + 'keywords: [a, "b,c"]\n'
    assert fmt("faq: [{q: x, a: y}]\n") == HEAD + 'faq: [{q: x, a: "y"}]\n'
    assert fmt("keywords: []\nfaq: {}\n") == HEAD + "faq: {}\nkeywords: []\n"
    # a block collection with a flow one inside
    assert fmt("faq:\n  - {q: x, a: w}\n") == HEAD + "faq:\n  - {q: x, a: w}\n"
    assert fmt("x:\n  - [a, b]\n  - [c]\n") == HEAD + "x:\n  - [a, b]\n  - [c]\n"


def test_flow_collection_with_a_comment_becomes_block() -> None:
    src = "keywords: [a,  # one\n  b]\n"
    assert fmt(src) == HEAD + "keywords:\n  - a  # one\n  - b\n"
    src = "frequency: {once: true,\n  # lead\n  per: [year]}\n"
    assert fmt(src) == HEAD + "frequency:\n  once: true\n  # lead\n  per: [year]\n"


def test_multi_line_text_becomes_a_literal_block_when_one_carries_it() -> None:
    assert fmt('description: "a\\nb"\n') == HEAD + "description: |-\n  a\n  b\n"
    assert fmt('description: "a\\nb\\n"\n') == HEAD + "description: |\n  a\n  b\n"
    assert fmt('description: "a\\n\\nb\\n"\n') == HEAD + "description: |\n  a\n\n  b\n"
    # what a literal block cannot carry stays quoted
    assert fmt('description: "a \\nb"\n') == HEAD + 'description: "a \\nb"\n'  # a trailing space
    assert fmt('description: " a\\nb"\n') == HEAD + 'description: " a\\nb"\n'  # a leading space
    assert fmt('description: "a\\tx\\nb"\n') == HEAD + 'description: "a\\tx\\nb"\n'  # a tab
    assert fmt('description: "a\\n\\n"\n') == HEAD + 'description: "a\\n\\n"\n'  # kept blank lines
    assert fmt('description: "\\n"\n') == HEAD + 'description: "\\n"\n'  # no text
    assert fmt('description: "a\\n"\n') == HEAD + 'description: "a\\n"\n'  # one line
    nested = fmt('faq:\n  - q: "x\\ny"\n    a: w\n')
    assert nested == HEAD + "faq:\n  - q: |-\n      x\n      y\n    a: w\n"


def test_block_scalars_are_kept_re_indented_with_their_header() -> None:
    src = "description: |-   # note\n      خط يك\n        دو\n"
    assert fmt(src) == HEAD + "description: |-   # note\n  خط یک\n    دو\n"
    assert fmt("description: >\n    a\n    b\n") == HEAD + "description: >\n  a\n  b\n"
    assert fmt("description: >-\n    a\n\n    b\n") == HEAD + "description: >-\n  a\n\n  b\n"
    assert fmt("description: |\n  a\n\n\n") == HEAD + "description: |\n  a\n"
    assert fmt("description: |\n  a ك ۱\n") == HEAD + "description: |\n  a ک ۱\n"
    assert (
        fmt("faq:\n  - q: |\n        يك\n    a: b\n")
        == HEAD + "faq:\n  - q: |\n      یک\n    a: b\n"
    )
    assert fmt("description: |2\n    a\n") == HEAD + 'description: "  a\\n"\n'
    assert fmt("description: |\n  a\n  b\n") == HEAD + "description: |\n  a\n  b\n"
    # a kept final line break that a literal block cannot carry: quoted
    assert fmt("description: |+\n  a\n\n") == HEAD + 'description: "a\\n\\n"\n'


def test_block_scalar_keeps_its_style_with_its_digits_made_ascii() -> None:
    assert fmt("in_person_visits: |\n    ۱۲\n") == HEAD + "in_person_visits: |\n  12\n"


def test_letters_and_digits_are_normalised() -> None:
    out = fmt(
        "keywords: [كارت, يارانه]\nin_person_visits: ۱۲\naverage_duration: {value: ٣, unit: day}\n"
    )
    assert (
        out
        == HEAD
        + "average_duration: {value: 3, unit: day}\nin_person_visits: 12\nkeywords: [کارت, یارانه]\n"
    )


def test_normalised_output_is_a_fixed_point() -> None:
    src = (
        HEAD + '# c\nkeywords: [a,  # one\n  b]\ndescription: "x\\ny"\nfaq:\n- q: x  # c\n  a: y\n'
    )
    once = format_text(src, CARD)
    assert format_text(once, CARD) == once


def test_keys_that_need_quotes_get_them() -> None:
    assert (
        format_text(HEAD + '"a b": 1\n"yes": 2\n"x: y": 3\n', "notes/a.yaml")
        == HEAD + 'a b: "1"\n"yes": "2"\n"x: y": "3"\n'
    )


# --- files ---------------------------------------------------------------------------------


def test_refused_file_carries_the_loaders_errors() -> None:
    with pytest.raises(Refused) as info:
        format_bytes(b"title: t\ntitle: u\n", CARD)
    assert [d.code for d in info.value.diagnostics] == [codes.DUPLICATE_KEY]
    assert info.value.diagnostics[0].is_error
    assert str(info.value) == "\n".join(d.text() for d in info.value.diagnostics)


def test_format_file_writes_only_what_changed_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("agency: demo\ntitle: t\n", encoding="utf-8")
    os.chmod(path, 0o640)
    assert format_file(path, CARD, check=True) is True
    assert path.read_text(encoding="utf-8") == "agency: demo\ntitle: t\n"  # check: nothing written
    assert format_file(path, CARD) is True
    assert path.read_text(encoding="utf-8") == HEAD
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    inode = path.stat().st_ino
    assert format_file(path, CARD) is False
    assert format_file(path, CARD, check=True) is False
    assert path.stat().st_ino == inode  # unchanged: not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]  # no temporary file left


def test_format_file_refuses_a_symlink_and_an_unreadable_path(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("agency: demo\ntitle: t\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(Refused) as info:
        format_file(link, CARD)
    assert [(d.code, d.line, d.column, d.file) for d in info.value.diagnostics] == [
        (codes.SYMLINK, 1, 1, CARD)
    ]
    assert real.read_text(encoding="utf-8") == "agency: demo\ntitle: t\n"
    with pytest.raises(Refused) as info:
        format_file(tmp_path / "missing.yaml", CARD)
    assert [d.code for d in info.value.diagnostics] == [codes.MISPLACED_FILE]
    assert "خوانده نشد" in info.value.diagnostics[0].message


def test_format_file_that_cannot_be_written_is_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("agency: demo\ntitle: t\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(Refused) as info:
        format_file(path, CARD)
    assert [d.code for d in info.value.diagnostics] == [codes.FMT_UNSAFE]
    assert "No space left on device" in info.value.diagnostics[0].message
    assert path.read_text(encoding="utf-8") == "agency: demo\ntitle: t\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]


def test_file_the_loader_reads_but_fmt_cannot_parse_is_refused_where_it_fails() -> None:
    with pytest.raises(Refused) as info:
        fmt('id: "10000000001"\t# tab\n')
    assert [(d.code, d.line, d.column, d.file) for d in info.value.diagnostics] == [
        (codes.FMT_UNSAFE, 3, 18, CARD)
    ]
    assert info.value.diagnostics[0].is_error


def test_more_block_scalars() -> None:
    assert (
        fmt("description: |\r\n  a\r\n  b\r\n", HEAD.replace("\n", "\r\n"))
        == HEAD + "description: |\n  a\n  b\n"
    )
    assert fmt("description: |") == HEAD + 'description: ""\n'  # no body at the end of the file
    assert fmt("description: |\n  a") == HEAD + "description: a\n"  # one line without its break
    assert fmt("description: |  # c\n  a\n") == HEAD + "description: |  # c\n  a\n"
    assert fmt("description: |-\n\n  a\n") == HEAD + "description: |-\n\n  a\n"
    assert fmt("description: >\n  a\n\n  b\n") == HEAD + "description: >\n  a\n\n  b\n"


def test_more_comments() -> None:
    assert fmt("keywords: [a, b]  # c\n") == HEAD + "keywords: [a, b]  # c\n"
    assert fmt("keywords: [a,\n  b]  # end\n") == HEAD + "keywords:\n  - a\n  - b  # end\n"
    src = "faq:\n  - q: x\n    a: y  # c\n\n  - q: z\n    a: w\n"
    assert fmt(src) == HEAD + 'faq:\n  - q: x\n    a: "y"  # c\n\n  - q: z\n    a: w\n'
    assert fmt("# t\n") == HEAD + "# t\n"
    assert fmt("description: x  # c1\n# c2\n") == HEAD + "description: x  # c1\n# c2\n"
    assert (
        format_text(HEAD + "x:\n  # only\n  a: 1\n", "notes/a.yaml")
        == HEAD + 'x:\n  # only\n  a: "1"\n'
    )


def test_nested_flow_collections_stay_flow() -> None:
    assert format_text(HEAD + "x: [[a, b], [c]]\n", "notes/a.yaml") == HEAD + "x: [[a, b], [c]]\n"
    assert format_text(HEAD + "x: {a: {b: c}}\n", "notes/a.yaml") == HEAD + "x: {a: {b: c}}\n"


def test_bom_is_refused_by_the_loader_first() -> None:
    with pytest.raises(Refused) as info:
        format_text("\ufeff" + HEAD, CARD)
    assert [d.code for d in info.value.diagnostics] == ["bom"]
