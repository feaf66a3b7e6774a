"""Properties over many generated inputs: normalisation is idempotent, the Jalali calendar round
trips over its whole range, validation never raises, and every valid card gets exactly one page."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import yaml
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen import codes, jalali
from site_gen.catalogue import load_catalogue
from site_gen.record import validate_file
from site_gen.render.pages import Site, all_pages
from site_gen.search.normalise import index_terms, normalise, query_terms, table
from site_gen.text import ARABIC_LETTER_RE, fold_arabic_letters, persian_digits

REPO = Path(__file__).resolve().parents[1]
SITE_GEN = REPO / ".venv/bin/site-gen"

# --- normalisation --------------------------------------------------------------------------

_TABLE = table()
#: Characters that normalisation acts on, plus Persian letters, separators and a few from
#: elsewhere in Unicode (Latin capitals, full-width and presentation forms, combining marks).
_INTERESTING = (
    "".join(_TABLE["map"]) + _TABLE["remove"] + "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ"
    + "\u200c\u200b \t\n.,-_/()«»،؛؟!" + "AZaz09İẞΣﻛﺘﺎﺏＡ１ﷲﻻ" + "\u0654\u0674\u064b" + "ٵٷٸ"
)
persianish = st.text(alphabet=st.sampled_from(_INTERESTING), max_size=30) | st.text(max_size=20)


@settings(max_examples=400, deadline=None)
@given(persianish)
def test_search_normalisation_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert query_terms(once) == query_terms(text)
    # what the index holds for a text is what it holds for the text's normal form
    assert index_terms(once) == index_terms(text)
    assert "  " not in once and once == once.strip(" \u200c")


@settings(max_examples=200, deadline=None)
@given(persianish)
def test_loader_folds_arabic_letters_idempotently(text: str) -> None:
    folded = fold_arabic_letters(text)
    assert fold_arabic_letters(folded) == folded
    assert not ARABIC_LETTER_RE.search(folded)
    assert len(folded) == len(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("يكیکابت \u200c"), min_size=1, max_size=12).filter(lambda t: t.strip(" \u200c")))
def test_loader_fold_through_validation(title: str) -> None:
    """A title with Arabic ي/ك is stored folded, with a warning; the folded title loads unchanged, silently."""
    raw = f"title: {json.dumps(title, ensure_ascii=False)}\nagency: demo\n".encode()
    first = validate_file("/nonexistent", "cards/demo/x.yaml", raw, keep_record=True)
    assert first.record is not None and first.record.title == fold_arabic_letters(title)
    warned = [d.code for d in first.diagnostics if d.code == codes.ARABIC_LETTERS]
    assert bool(warned) == bool(ARABIC_LETTER_RE.search(title))
    again = f"title: {json.dumps(first.record.title, ensure_ascii=False)}\nagency: demo\n".encode()
    second = validate_file("/nonexistent", "cards/demo/x.yaml", again, keep_record=True)
    assert second.record is not None and second.record.title == first.record.title
    assert not [d for d in second.diagnostics if d.code == codes.ARABIC_LETTERS]


# --- the Jalali calendar --------------------------------------------------------------------


def test_jalali_round_trip_over_every_day_of_1300_to_1499() -> None:
    expected = jalali.to_gregorian(1300, 1, 1)
    assert expected == dt.date(1921, 3, 21)
    days = 0
    for y in range(1300, 1500):
        year_days = 0
        for m in range(1, 13):
            for d in range(1, jalali.month_length(y, m) + 1):
                g = jalali.to_gregorian(y, m, d)
                assert g == expected, (y, m, d)  # consecutive Jalali days are consecutive dates
                assert jalali.from_gregorian(g) == (y, m, d)
                expected += dt.timedelta(days=1)
                year_days += 1
        assert year_days == (366 if jalali.is_leap(y) else 365)
        days += year_days
    assert expected == jalali.to_gregorian(1499, 12, 29) + dt.timedelta(days=1 + jalali.is_leap(1499))
    assert days == (expected - dt.date(1921, 3, 21)).days


@settings(max_examples=300, deadline=None)
@given(st.integers(1300, 1499), st.integers(1, 12), st.integers(1, 31))
def test_jalali_text_round_trip(y: int, m: int, d: int) -> None:
    text = jalali.format_iso(y, m, d)
    if d > jalali.month_length(y, m):
        try:
            jalali.parse(text)
        except ValueError:
            return
        raise AssertionError(f"{text} was accepted")
    assert jalali.parse(text) == (y, m, d)
    iso = jalali.to_iso(text)
    assert jalali.format_iso(*jalali.from_gregorian(dt.date.fromisoformat(iso))) == text


# --- validation never raises ----------------------------------------------------------------

DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<sev>error|warning): (?P<code>[a-z0-9-]+): .+$")
PERSIAN = re.compile("[\u0600-\u06ff]")
_KEYS = ["title", "agency", "id", "summary", "service_types", "levels", "cost", "items", "free", "access", "request",
         "channels", "in_person", "laws", "url", "date", "locations", "process_flow", "processes", "faq", "q", "a",
         "actions", "type", "inquiries", "validity", "unit", "value", "legal_basis", "name", "slug", "parent",
         "website", "last_reviewed", "average_duration", "frequency", "per", "sub_services", "x", ""]
_SCALARS = (
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12) | st.sampled_from(["G2C", "other", "1403-13-40", "https://a.ir/\"x", "demo", "1403-05-12", "ي", "۱۲"])
)
structures = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=5), inner, max_size=5),
    max_leaves=25,
)
PLACES = ["cards/demo/x.yaml", "licenses/demo/x.yaml", "cards/demo/_agency.yaml"]


def check_diagnostics(rel: str, result: Any) -> None:
    for d in result.diagnostics:
        line = d.text()
        m = DIAGNOSTIC.match(line)
        assert m, line
        assert m["file"] == rel and m["code"] in codes.all_codes(), line
        assert (m["sev"] == "warning") == codes.is_warning(d.code), line
        assert "\n" not in line and "Traceback" not in line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures, st.sampled_from(PLACES))
def test_validate_never_raises_on_any_yaml_structure(value: Any, rel: str) -> None:
    raw = yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass")
    check_diagnostics(rel, validate_file("/nonexistent", rel, raw))
    # the same structure under the keys of a real record
    if not isinstance(value, dict):
        value = {"processes": value}
    record = {"title": "عنوان", "agency": "demo", **value}
    raw = yaml.safe_dump(record, allow_unicode=True).encode("utf-8", "surrogatepass")
    check_diagnostics(rel, validate_file("/nonexistent", rel, raw))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.builds(lambda a, b: a + b, st.sampled_from([b"title: ", b"- ", b"{", b"a: &x [*x]\n", b"\xef\xbb\xbf"]), st.binary(max_size=60)),
       st.sampled_from(PLACES))
def test_validate_never_raises_on_any_bytes(raw: bytes, rel: str) -> None:
    check_diagnostics(rel, validate_file("/nonexistent", rel, raw))


NASTY = {
    "cards/demo/bytes.yaml": b"\xff\xfe\x00title: x\n",
    "cards/demo/bom.yaml": b"\xef\xbb\xbftitle: x\nagency: demo\n",
    "cards/demo/list.yaml": b"- a\n- b\n",
    "cards/demo/deep.yaml": b"a: " + b"[" * 200 + b"]" * 200 + b"\n",
    "cards/demo/alias.yaml": b"a: &x [1]\nb: *x\n",
    "cards/demo/tags.yaml": b"title: !!python/object:os.system x\nagency: demo\n",
    "cards/demo/types.yaml": b"title: 1.5\nagency: [demo]\nservice_types: G2C\ncost: {free: yes, items: [{}]}\n",
    "licenses/demo/weird.yaml": b"title: t\nagency: demo\nactions: [{type: issue, inquiries: [{agency: {}}]}]\n",
    "cards/demo/empty.yaml": b"",
}


def test_validate_cli_on_nasty_files(tmp_path: Path) -> None:
    """Through the real command (both its fast path and click): exit 0/1, no traceback, every line well-formed."""
    root = tmp_path / "c"
    shutil.copytree(FIXTURES / "harness", root)
    for runs, (rel, raw) in enumerate(NASTY.items()):
        (root / rel).write_bytes(raw)
        if runs % 4:
            continue  # a few runs, not one per file
        for args in (["validate", str(root), "--no-cache"], ["validate", str(root), "--no-cache", "--format", "json"]):
            proc = subprocess.run([str(SITE_GEN), *args], capture_output=True, text=True, timeout=60)
            assert proc.returncode in (0, 1), proc.stderr
            assert "Traceback" not in proc.stderr + proc.stdout and proc.stderr == ""
            if "json" in args:
                json.loads(proc.stdout)
                continue
            for line in proc.stdout.splitlines():
                if line.startswith(("کامل بودن: ", f"{persian_digits(len(list(root.rglob('*.yaml'))))} پرونده: ")):
                    continue
                assert DIAGNOSTIC.match(line), line
    assert proc.returncode == 1


# --- every valid card gets exactly one page ---------------------------------------------------

title_text = st.text(alphabet=st.sampled_from("ابپتجچدرزسشکگلمنوهی \u200c<>&\"'{}[]|*_`~\\#:-ي"), min_size=0, max_size=25)
card_fields = st.fixed_dictionaries(
    {"title": title_text},
    optional={
        "summary": st.text(max_size=20),
        "service_types": st.lists(st.sampled_from(["G2C", "G2B", "G2X"]), max_size=2),
        "in_person_visits": st.integers(-1, 3),
        "keywords": st.lists(title_text, max_size=2),
    },
)


def _render(root: Path) -> tuple[Any, Any, dict[str, str]]:
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    return catalogue, report, {p.path: p.content for p in all_pages(Site(catalogue))}


def _record_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if re.fullmatch(r"services/[a-z0-9-]+/[a-z0-9-]+/index\.md", path)}


def _title_of(page: str) -> str:
    front = page.split("---\n", 2)[1]
    line = next(x for x in front.splitlines() if x.startswith("title: "))
    return str(json.loads(line[len("title: "):]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(card_fields, min_size=1, max_size=6))
def test_every_valid_card_gets_exactly_one_page(cards: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "c"
        shutil.copytree(FIXTURES / "harness", root)
        for i, card in enumerate(cards):
            data = {**card, "agency": "demo"}
            (root / f"cards/demo/card-{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        catalogue, report, pages = _render(root)
    bad = {d.file for d in report.errors}
    valid = [i for i in range(len(cards)) if f"cards/demo/card-{i}.yaml" not in bad]
    records = _record_pages(pages)
    expected = {f"services/demo/card-{i}/index.md" for i in valid} | {"services/demo/other-service/index.md"}
    assert set(records) == expected
    titles = [_title_of(text) for text in records.values()]
    for i in valid:
        card = catalogue.services[("demo", f"card-{i}")]
        page = records[f"services/demo/card-{i}/index.md"]
        assert str(_escape_yaml_title(card.title)) == _title_of(page)
        # the page is the only record page with this title (unless another card has the same one)
        same = sum(1 for c in catalogue.services.values() if c.title == card.title)
        assert titles.count(_title_of(page)) == same
        # listed exactly once among the services of the A–Z index
        az = "".join(text for path, text in pages.items() if path.startswith("browse/services/a-z/"))
        assert az.count(f"services/demo/card-{i}/\"") == 1


def _escape_yaml_title(title: str) -> str:
    from markupsafe import escape

    return str(escape(title.replace("\n", " ")))


def test_every_synthetic_card_gets_exactly_one_page(tmp_path: Path) -> None:
    from site_gen.synth import synthesise

    synthesise(tmp_path / "syn", 40)
    catalogue, report, pages = _render(tmp_path / "syn")
    assert not report.errors
    records = _record_pages(pages)
    assert set(records) == {f"services/{a}/{s}/index.md" for a, s in catalogue.services}
    for (agency, slug), card in catalogue.services.items():
        page = records[f"services/{agency}/{slug}/index.md"]
        assert _title_of(page) == _escape_yaml_title(card.title)
    licences = {p for p in pages if p.startswith("licenses/") and p.count("/") == 3}
    assert licences == {f"licenses/{a}/{s}/index.md" for a, s in catalogue.licences}

