"""Mutated cards never raise: every outcome is a report, never a traceback."""

from __future__ import annotations

from helpers import EXAMPLES, FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.record import validate_file

SEED = (
    (EXAMPLES / "cards/ito/egov-technical-strategy.yaml").read_bytes()
    if EXAMPLES.is_dir()
    else (FIXTURES / "harness/cards/demo/other-service.yaml").read_bytes()
)
LICENCE = (FIXTURES / "minimal/licence.yaml").read_bytes()

pieces = st.sampled_from(
    [b"\n", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!int ", b"<<: ", b"'", b'"', b"null",
     b"\t", b"  ", b"\xff", b"\xe2\x80\xae", "ي".encode(), "۱۲".encode(), b"yes", b"-1", b"0123", b"#"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_cards_never_raise(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(pieces)
        if op == "insert":
            raw[pos:pos] = piece
        elif op == "delete":
            raw[pos : pos + data.draw(st.integers(1, 40))] = b""
        else:
            raw[pos : pos + len(piece)] = piece
    result = validate_file("/nonexistent", "cards/ito/egov-technical-strategy.yaml", bytes(raw))
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.code and d.message


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.text(max_size=8) | st.booleans() | st.integers(), lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["type", "actions", "process", "inquiries", "agency", "validity", "cost_rials", "fees", "title", "x"]), c, max_size=4), max_leaves=12))
def test_random_structures_in_a_licence_never_raise(value: object) -> None:
    import json

    raw = LICENCE + b"actions:\n  - " + json.dumps(value, ensure_ascii=False).encode() + b"\n"
    result = validate_file("/nonexistent", "licenses/demo/minimal.yaml", raw)
    assert all(d.line >= 1 for d in result.diagnostics)
