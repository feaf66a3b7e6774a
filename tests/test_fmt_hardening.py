"""``site-gen fmt`` on hostile and messy input: refuses what the loader refuses, keeps every
comment with its key, never changes what the validator says (property tests with hypothesis)."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, harness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.cli import cli
from site_gen.fmt import Refused, format_text
from site_gen.load import load_bytes
from site_gen.record import validate_file

REPO = Path(__file__).resolve().parents[1]
FIXABLE = {"arabic-letters", "non-ascii-digits"}
CARD = "cards/demo/messy.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def verdict(raw: bytes, rel: str) -> tuple[list[tuple[str, str, str]], Any]:
    """What the validator says about a file, positions aside, the diagnostics fmt fixes aside."""
    r = validate_file("/nonexistent", rel, raw, keep_record=True)
    return sorted((d.code, d.key, d.message) for d in r.diagnostics if d.code not in FIXABLE), r.record


# --- files the loader refuses ---------------------------------------------------------------


def test_refused_files_are_reported_untouched_and_the_others_formatted(tmp_path: Path) -> None:
    root = harness(tmp_path)
    bad = {
        "cards/demo/a-duplicate.yaml": 'id: "1"\ntitle: یک\nid: "2"\n'.encode(),
        "cards/demo/b-deep.yaml": b"title: x\nnote: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "cards/demo/c-deep-block.yaml": b"title: x\n" + b"".join(b"  " * i + b"k:\n" for i in range(20)),
        "cards/demo/d-latin1.yaml": "title: café\nagency: demo\n".encode("latin-1"),
        "cards/demo/e-tab.yaml": b"title: x\ncontact:\n\tphone: \"1\"\n",
    }
    for rel, raw in bad.items():
        (root / rel).write_bytes(raw)
    messy = root / "cards/demo/z-messy.yaml"
    messy.write_text("agency: demo\ntitle: گواهي\nid: \"10000000009\"\n", encoding="utf-8")
    code, out = run("fmt", "--root", str(root))
    assert code == 1
    assert "Traceback" not in out
    for rel, raw in bad.items():
        assert (root / rel).read_bytes() == raw, rel
    assert re.search(r"^cards/demo/a-duplicate\.yaml:3:1: error: duplicate-key: id: ", out, re.M)
    assert re.search(r"^cards/demo/b-deep\.yaml:\d+:\d+: error: yaml-syntax: ", out, re.M)
    assert re.search(r"^cards/demo/c-deep-block\.yaml:\d+:\d+: error: too-deep: ", out, re.M)
    assert re.search(r"^cards/demo/d-latin1\.yaml:1:11: error: not-utf8: ", out, re.M)
    assert re.search(r"^cards/demo/e-tab\.yaml:3:1: error: yaml-syntax: ", out, re.M)
    assert messy.read_text(encoding="utf-8") == 'id: "10000000009"\ntitle: گواهی\nagency: demo\n'
    assert "قالب‌بندی شد: cards/demo/z-messy.yaml" in out
    # --check reports the same and writes nothing
    messy.write_text("agency: demo\ntitle: گواهي\nid: \"10000000009\"\n", encoding="utf-8")
    code, out = run("fmt", "--root", str(root), "--check")
    assert code == 1 and "duplicate-key" in out and "گواهي" in messy.read_text(encoding="utf-8")


def test_format_text_raises_refused_with_the_loaders_diagnostics() -> None:
    with pytest.raises(Refused) as info:
        format_text("title: x\ntitle: y\n", CARD)
    assert [(d.line, d.column, d.code) for d in info.value.diagnostics] == [(2, 1, "duplicate-key")]


def test_a_failed_write_leaves_the_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = harness(tmp_path)
    card = root / CARD
    original = "agency: demo\ntitle: گواهي\nid: \"10000000009\"\n"
    card.write_text(original, encoding="utf-8")

    def broken(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    code, out = run("fmt", "--root", str(root))
    assert code == 1 and f"{CARD}:1:1: error: fmt-unsafe: " in out
    assert card.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in card.parent.iterdir()) == ["_agency.yaml", "messy.yaml", "other-service.yaml"]


# --- comments ------------------------------------------------------------------------------


def test_comments_inside_flow_collections_are_kept_with_their_items() -> None:
    src = (
        'id: "10000000009"\ntitle: x\nagency: demo\n'
        "keywords: [گواهی,   # واژه‌ی اول\n  کار]  # واژه‌ی دوم\n"
        "average_duration: {value: 2,  # مقدار\n  unit: day}\n"
    )
    out = format_text(src, CARD)
    lines = out.splitlines()
    assert "  - گواهی   # واژه‌ی اول" in lines
    assert "  - کار  # واژه‌ی دوم" in lines
    assert "  value: 2  # مقدار" in lines
    assert format_text(out, CARD) == out
    assert verdict(out.encode(), CARD) == verdict(src.encode(), CARD)


def test_a_comment_moves_with_its_key_when_keys_are_reordered() -> None:
    src = (
        "# سر پرونده\n\n"
        "# درباره‌ی دستگاه\nagency: demo  # پوشه\n"
        "# درباره‌ی عنوان\ntitle: x\n"
        'id: "10000000009"  # شناسه\n'
    )
    out = format_text(src, CARD)
    assert out == (
        "# سر پرونده\n\n"
        'id: "10000000009"  # شناسه\n'
        "# درباره‌ی عنوان\ntitle: x\n"
        "# درباره‌ی دستگاه\nagency: demo  # پوشه\n"
    )


# --- types: what the validator expects ------------------------------------------------------


def test_yaml_1_1_sexagesimal_stays_what_the_validator_rejects() -> None:
    src = '%YAML 1.1\n---\nid: "10000000009"\ntitle: x\nagency: demo\nin_person_visits: 1:30\n'
    before = verdict(src.encode(), CARD)
    assert [c for c, _, _ in before[0]] == ["invalid-number"]
    out = format_text(src, CARD)
    assert 'in_person_visits: "1:30"' in out and "90" not in out
    assert verdict(out.encode(), CARD) == before


def test_a_persian_digit_in_an_integer_field_becomes_that_integer() -> None:
    src = 'id: "10000000009"\ntitle: x\nagency: demo\nin_person_visits: ۱\n'
    before = validate_file("/nonexistent", CARD, src.encode(), keep_record=True)
    assert [d.code for d in before.diagnostics] == ["non-ascii-digits"] and before.record.in_person_visits == 1
    out = format_text(src, CARD)
    assert "in_person_visits: 1\n" in out  # a YAML integer, not the string "1"
    after = validate_file("/nonexistent", CARD, out.encode(), keep_record=True)
    assert after.diagnostics == [] and after.record == before.record


def test_validate_json_is_unchanged_by_fmt_except_the_fixed_warnings(tmp_path: Path) -> None:
    root = harness(tmp_path)
    card = root / CARD
    card.write_text(
        "agency: demo\ntitle: صدور گواهي\nid: ۱۰۰۰۰۰۰۰۰۰۹\nin_person_visits: yes\nlevels: [national, cosmic]\n"
        "frequency: {once: no, per: [year]}  # بسامد\nlast_reviewed: 1403-13-01\n",
        encoding="utf-8",
    )

    def report() -> dict[str, Any]:
        data = json.loads(run("validate", str(root), "--format", "json")[1])
        for d in data["errors"] + data["warnings"]:
            del d["line"], d["column"]
        data["warnings"] = [d for d in data["warnings"] if d["code"] not in FIXABLE]
        for kind in ("errors", "warnings"):  # the keys move, so the order by position changes
            data[kind].sort(key=lambda d: (d["file"], d["key"], d["code"], d["message"]))
        return data

    before = report()
    assert len(before["errors"]) >= 4
    assert run("fmt", "--root", str(root))[0] == 0
    assert report() == before
    assert "# بسامد" in card.read_text(encoding="utf-8")


# --- properties -----------------------------------------------------------------------------

SOURCES = sorted(
    [p for p in (REPO / "cards").glob("*/*.yaml")][:30]
    + [p for p in (REPO / "licenses").glob("*/*.yaml")][:10]
    + [p for p in EXAMPLES.glob("*/*/*.yaml") if p.parts[-3] in ("cards", "licenses")]
)
TRICKY = ["1:30", "yes", "No", "0x1F", "1e3", "012", ".5", "null", "~", "", " پیش‌فاصله", "a: b", "#x", "- x",
          "[x]", "true", "1403-05-12", "چند\nخطی", "تب\tدار", "=", "<<", "۱۲", "-1", "3.5"]
PLAIN = re.compile(r"[\w\u0600-\u06ff][\w\u0600-\u06ff\u200c .()/+-]*")


def _rel(path: Path) -> str:
    base = EXAMPLES if EXAMPLES in path.parents else REPO
    return path.relative_to(base).as_posix()


class _Gen:
    """Writes data back as YAML in a random style, with comments, Arabic letters, Persian digits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0
        self.eol_keys: dict[str, str] = {}  # comment → the key it was written after
        self.lead_keys: dict[str, str] = {}  # comment → the key it was written above

    def comment(self) -> str:
        self.n += 1
        return f"# یادداشت {self.n}"

    def mutate(self, v: str) -> str:
        r = self.rng.random()
        if r < 0.05:
            return self.rng.choice(TRICKY)
        if r < 0.35:
            v = v.replace("ی", "ي") if self.rng.random() < 0.5 else v.replace("ک", "ك")
        if self.rng.random() < 0.3 and re.fullmatch(r"[0-9+\-/.() ]*[0-9][0-9+\-/.() ]*", v):
            v = v.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        return v

    def scalar(self, v: str | None, flow: bool) -> str:
        if v is None:
            return self.rng.choice(["null", "~", "Null"] + ([] if flow else [""]))
        v = self.mutate(v)
        r = self.rng.random()
        if r < 0.4 and PLAIN.fullmatch(v) and v not in ("null", "Null", "NULL") and v == v.rstrip():
            return v
        if r < 0.7 and "\n" not in v and "\t" not in v:
            return "'" + v.replace("'", "''") + "'"
        return json.dumps(v, ensure_ascii=False)

    def flow(self, v: Any) -> str:
        if isinstance(v, dict):
            keys = list(v)
            self.rng.shuffle(keys)
            return "{" + ", ".join(f"{k}: {self.flow(v[k])}" for k in keys) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.scalar(v, True)

    def eol(self, key: str | None) -> str:
        if self.rng.random() < 0.2:
            c = self.comment()
            if key:
                self.eol_keys[c] = key
            return "  " + c
        return ""

    def value(self, head: str, v: Any, indent: int, key: str | None) -> list[str]:
        """Lines for ``head`` ("key:" or "-") followed by the value ``v``."""
        pad = " " * indent
        if not isinstance(v, (dict, list)) or not v:
            text = self.scalar(v, False) if not isinstance(v, (dict, list)) else ("{}" if isinstance(v, dict) else "[]")
            return [f"{pad}{head} {text}".rstrip() + self.eol(key)]
        r = self.rng.random()
        if r < 0.3:
            return [f"{pad}{head} {self.flow(v)}" + self.eol(key)]
        if r < 0.4 and isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
            inner = " " * (indent + 4)
            lines = [f"{pad}{head} ["]
            for x in v:
                lines.append(f"{inner}{self.scalar(x, True)},  {self.comment()}")
            return lines + [f"{inner}]"]
        lines = [f"{pad}{head}" + self.eol(key)]
        if isinstance(v, dict):
            return lines + self.mapping(v, indent + 2, first_comment=True)
        for x in v:
            if isinstance(x, dict) and x:
                body = self.mapping(x, indent + 4, first_comment=False)
                lines.append(f"{pad}  - " + body[0][indent + 4 :])
                lines += body[1:]
            else:
                lines += self.value("-", x, indent + 2, None)
        return lines

    def mapping(self, d: dict[str, Any], indent: int, first_comment: bool) -> list[str]:
        keys = list(d)
        if self.rng.random() < 0.5:
            self.rng.shuffle(keys)
        lines = []
        for i, k in enumerate(keys):
            if (i or first_comment) and self.rng.random() < 0.15:
                c = self.comment()
                self.lead_keys[c] = k
                lines.append(" " * indent + c)
            lines += self.value(f"{k}:", d[k], indent, k)
        return lines


@st.composite
def messy_cards(draw: Any) -> tuple[str, str, _Gen]:
    path = draw(st.sampled_from(SOURCES))
    rel = _rel(path)
    data = load_bytes(path.read_bytes(), rel).data
    assert data is not None
    gen = _Gen(random.Random(draw(st.integers(0, 2**32))))
    lines = ["# سر پرونده", ""] + gen.mapping(data, 0, first_comment=False)
    return rel, "\n".join(lines) + "\n", gen


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(messy_cards())
def test_fmt_is_idempotent(case: tuple[str, str, _Gen]) -> None:
    rel, src, _ = case
    once = format_text(src, rel)
    assert format_text(once, rel) == once


@PROPERTY
@given(messy_cards())
def test_fmt_never_changes_what_the_validator_says(case: tuple[str, str, _Gen]) -> None:
    rel, src, _ = case
    once = format_text(src, rel)
    assert verdict(once.encode(), rel) == verdict(src.encode(), rel)
    fixable = [d for d in validate_file("/nonexistent", rel, once.encode()).diagnostics if d.code in FIXABLE]
    assert fixable == []


@PROPERTY
@given(messy_cards())
def test_fmt_keeps_every_comment_with_its_key(case: tuple[str, str, _Gen]) -> None:
    rel, src, gen = case
    out = format_text(src, rel).splitlines()
    for n in range(1, gen.n + 1):
        c = f"# یادداشت {n}"
        at = [i for i, line in enumerate(out) if line.endswith(c) or c + " " in line]
        assert len(at) == 1, (c, out)
        line = out[at[0]]
        if c in gen.eol_keys:
            assert re.search(rf"(^|[\s{{]){re.escape(gen.eol_keys[c])}:", line), (c, line)
        if c in gen.lead_keys:
            following = next(x for x in out[at[0] + 1 :] if not x.lstrip().startswith("#") and x.strip())
            assert re.search(rf"^\s*(- )?{re.escape(gen.lead_keys[c])}:", following), (c, following)
