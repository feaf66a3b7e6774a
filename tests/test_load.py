"""The strict text layer: what PyYAML would silently accept must be rejected or kept as text."""

from __future__ import annotations

from site_gen.load import MAX_BYTES, load_bytes


def codes_of(src: str | bytes) -> list[str]:
    raw = src.encode("utf-8") if isinstance(src, str) else src
    return [d.code for d in load_bytes(raw, "cards/x/y.yaml").diagnostics]


def data_of(src: str) -> dict:
    loaded = load_bytes(src.encode("utf-8"), "cards/x/y.yaml")
    assert loaded.data is not None, loaded.diagnostics
    return loaded.data


def test_scalars_stay_text_without_implicit_typing() -> None:
    data = data_of("a: no\nb: 0123\nc: 1:20\nd: 1.10\ne: 2024-02-30\nf: yes\ng: 0x1F\nh: .inf\n")
    assert data == {"a": "no", "b": "0123", "c": "1:20", "d": "1.10", "e": "2024-02-30", "f": "yes", "g": "0x1F", "h": ".inf"}


def test_null_forms_and_quoted_null() -> None:
    assert data_of("a: null\nb: ~\nc:\nd: 'null'\ne: \"\"\n") == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_keys_yes_on_stay_text() -> None:
    assert data_of("yes: 1\non: 2\n") == {"yes": "1", "on": "2"}


def test_size_cap() -> None:
    assert codes_of(b"a: " + b"x" * MAX_BYTES) == ["file-too-large"]


def test_alias_bomb_rejected_without_expanding() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    found = codes_of(bomb)
    assert set(found) == {"yaml-anchor", "yaml-alias"}


def test_merge_key_bomb_rejected() -> None:
    assert "merge-key" in codes_of("b:\n  <<: {x: 1}\n") or "yaml-anchor" in codes_of("b:\n  <<: {x: 1}\n")


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    assert codes_of("a: " + "[" * 50000 + "]" * 50000 + "\n")[0] in ("too-deep", "yaml-syntax")


def test_python_tags_rejected() -> None:
    assert codes_of("a: !!python/object/apply:os.system ['echo hi']\n") == ["yaml-tag"]


def test_escaped_bidi_control_in_double_quotes_rejected() -> None:
    assert codes_of('title: "abc\\u202Edef"\n') == ["forbidden-character"]


def test_escaped_lone_surrogate_rejected() -> None:
    assert codes_of('title: "\\ud800"\n') in (["forbidden-character"], ["yaml-syntax"])


def test_zwnj_is_kept() -> None:
    assert data_of("t: دستگاه\u200cهای اجرایی\n") == {"t": "دستگاه\u200cهای اجرایی"}


def test_direction_marks_allowed_in_text() -> None:
    assert data_of("t: متن \u200f(الف)\n") == {"t": "متن \u200f(الف)"}


def test_arabic_letters_folded_with_warning_and_position() -> None:
    loaded = load_bytes("a: x\nt: كارت ملي\n".encode(), "cards/x/y.yaml")
    assert loaded.data == {"a": "x", "t": "کارت ملی"}
    [d] = loaded.diagnostics
    assert (d.code, d.severity, d.line, d.column) == ("arabic-letters", "warning", 2, 4)


def test_persian_digits_in_numeric_values_become_ascii() -> None:
    loaded = load_bytes("id: '۱۲۰۱۱۰۷۶۱۰۶'\nd: ۱۴۰۳-۰۵-۱۲\nt: ۱۰ نفر در روز\n".encode(), "c/x/y.yaml")
    assert loaded.data == {"id": "12011076106", "d": "1403-05-12", "t": "۱۰ نفر در روز"}
    assert [d.code for d in loaded.diagnostics] == ["non-ascii-digits", "non-ascii-digits"]


def test_mixed_arabic_indic_and_persian_digits() -> None:
    assert data_of("n: ١٣٣۴\n") == {"n": "1334"}


def test_crlf_accepted() -> None:
    assert data_of("a: x\r\nb: y\r\n") == {"a": "x", "b": "y"}


def test_duplicate_key_names_both_lines() -> None:
    [d] = load_bytes(b"a: 1\nb: 2\na: 3\n", "c/x/y.yaml").diagnostics
    assert d.code == "duplicate-key" and d.line == 3 and "1" in d.message and "3" in d.message


def test_invalid_utf8_reports_line() -> None:
    [d] = load_bytes(b"a: x\nb: \xff\n", "c/x/y.yaml").diagnostics
    assert (d.code, d.line, d.column) == ("not-utf8", 2, 4)


def test_every_forbidden_character_reported_in_one_run() -> None:
    found = load_bytes("a: x\u200by\nb: z\u2066w\n".encode(), "c/x/y.yaml").diagnostics
    assert [(d.code, d.line) for d in found] == [("forbidden-character", 1), ("forbidden-character", 2)]
