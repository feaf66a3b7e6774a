"""Persian sentences for YAML syntax errors (site_gen/yaml_errors.py): each class of parser
message, the place where an unclosed construct began, and the cases told apart by the text
around the error (docs/mutation.md)."""

from __future__ import annotations

import pytest

from site_gen.yaml_errors import _AFTER_QUOTE, CLASSES, GENERAL, hint


def sentence(i: int, opened: str = "") -> str:
    return CLASSES[i][1].replace("{open}", opened)


@pytest.mark.parametrize(
    ("problem", "index"),
    [
        ("found character '\\t' that cannot start any token", 0),
        ("found a tab character that violates indentation", 0),
        ("mapping values are not allowed here", 1),
        ("found unexpected ':'", 1),
        ("mapping keys are not allowed here", 1),
        ("expected a single document in the stream", 2),
        ("but found another document", 2),
        ("expected ',' or ']', but got '<scalar>'", 3),
        ("expected ',' or '}', but got '<scalar>'", 4),
        ("could not find expected ':'", 5),
        ("found unexpected end of stream", 6),
        ("did not find expected key", 7),
        ("expected <block end>, but found '-'", 7),
        ("did not find expected '-' indicator", 8),
        ("block sequence entries are not allowed here", 9),
        ("did not find expected node content", 10),
        ("found unknown escape character 'q'", 11),
        ("expected escape sequence of 4 hexdecimal numbers, but found 'x'", 11),
        ("found character '@' that cannot start any token", 12),
        ("did not find expected alphabetic or numeric character", 13),
        ("found undefined alias", 13),
        ("found undefined tag handle", 14),
        ("did not find expected comment or line break", 15),
        ("found unexpected whitespace", 15),
        ("found an indentation indicator equal to 0", 16),
        ("expected chomping or indentation indicators, but found '?'", 16),
        ("did not find expected <document start>", 17),
        ("found incompatible YAML document", 17),
        ("found duplicate %YAML directive", 17),
        ("expected a digit or '.', but found 'x'", 17),
        ("invalid leading UTF-8 octet", 18),
        ("control characters are not allowed", 18),
        ("special characters are not allowed", 18),
    ],
)
def test_each_class_of_parser_message(problem: str, index: int) -> None:
    assert hint(problem) == sentence(index)


def test_an_unknown_message_gets_the_general_sentence_never_the_english() -> None:
    assert hint("something the parser never said") == GENERAL
    assert hint(None) == GENERAL and hint("") == GENERAL


def test_the_context_is_read_when_there_is_no_problem() -> None:
    assert hint(None, "while scanning a quoted scalar found unexpected end of stream") == sentence(6)
    assert hint("found unexpected end of stream", "could not find expected ':'") == sentence(6)


def test_a_block_scalar_context_wins() -> None:
    assert hint("expected a comment or a line break", "while scanning a block scalar") == sentence(16)


@pytest.mark.parametrize(("index", "problem"), [(3, "expected ',' or ']'"), (4, "expected ',' or '}'"), (5, "could not find expected ':'"), (6, "unexpected end of stream"), (7, "expected <block end>"), (8, "expected '-' indicator")])
def test_where_an_unclosed_construct_began(index: int, problem: str) -> None:
    assert "{open}" in CLASSES[index][1]
    assert hint(problem, "while parsing", 4) == sentence(index, " (از سطر 4)")
    assert hint(problem, "while parsing", None) == sentence(index)


def test_a_class_without_a_place_never_shows_one() -> None:
    assert hint("mapping values are not allowed here", None, 4) == sentence(1)
    assert "از سطر" not in hint("mapping values are not allowed here", None, 4)


@pytest.mark.parametrize(
    ("after", "says"),
    [("]", "«]» یا «}» اضافی"), ("  }", "«]» یا «}» اضافی"), ("- x", "مورد فهرست «- »"), ("-", "مورد فهرست «- »")],
)
def test_expected_key_told_apart_by_what_follows(after: str, says: str) -> None:
    assert hint("did not find expected key", "while parsing a block mapping", 2, "a: b", after).startswith(says)


def test_a_dash_that_starts_a_word_is_not_a_list_item() -> None:
    assert hint("did not find expected key", None, None, "a: b", "-x") == sentence(7)


def test_text_after_a_closing_quote() -> None:
    assert hint("did not find expected key", None, None, 'title: "نام" ', "ادامه") == _AFTER_QUOTE
    assert hint("did not find expected key", None, None, "title: 'نام'", "ادامه") == _AFTER_QUOTE
    # nothing after the quote: the plain indentation sentence
    assert hint("did not find expected key", None, None, 'title: "نام"', "  ") == sentence(7)
    # the quote is not the last thing before the place
    assert hint("did not find expected key", None, None, 'title: "نام" x', "ادامه") == sentence(7)
    # not an "expected key" message: the text around it does not matter
    assert hint("did not find expected node content", None, None, 'a: "x"', "]") == sentence(10)
