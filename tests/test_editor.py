"""The card editor (/editor/) in headless Chromium: the validator's codes and messages, fmt's
bytes, the seed card typed from scratch, unknown keys kept, drafts, and axe at 390 px.

The editor's files are written as the build writes them (site_gen/editor/page.py) into a
temporary folder served on 127.0.0.1; one browser for the module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, serve
from helpers import FIXTURES, PLACES, harness

from site_gen import codes
from site_gen.catalogue import load_catalogue
from site_gen.editor.page import static_files
from site_gen.fmt import Refused, format_bytes
from site_gen.load import load_bytes
from site_gen.model import Service
from site_gen.report import render

REPO = Path(__file__).resolve().parent.parent
AXE = (REPO / "tests/vendor/axe.min.js").read_text(encoding="utf-8")
SEED = "cards/ito/egov-technical-strategy.yaml"
#: What site_gen/theme/main.html writes on the editor's page from mkdocs.yml's `extra`.
FORGE = '<div id="editor-config" hidden data-issue-url="https://forge.example/catalogue/issues/new" data-forge="" data-branch="main"></div>'
INVALID = sorted(p for p in (FIXTURES / "invalid").glob("*/*.yaml"))


def _records() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for top in ("cards", "licenses") for p in (REPO / top).glob("*/*.yaml"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("editor-site")
    for rel, content in static_files().items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith("index.md"):  # what MkDocs makes of the page, without Material around it
            body = content.split("\n---\n", 1)[1]
            content = f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ویرایشگر شناسنامه</title></head><body><main><h1>ویرایشگر شناسنامه</h1>{body}</main>{FORGE}</body></html>'
            path = path.with_name("index.html")
        path.write_text(content, encoding="utf-8")
    titles = []
    for rel in _records():
        target = out / "editor/files" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / rel).read_bytes())
        data = load_bytes(target.read_bytes(), rel).data or {}
        titles.append([rel, data.get("title") or data.get("name") or rel])
    (out / "editor/files/index.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    with serve(out) as base:
        yield base + "editor/"


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[Any]:
    with chromium() as browser:
        p = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        p.goto(site)
        p.evaluate("window.catalogueEditor.ready")
        yield p


def _kind(path: Path) -> str:
    return path.parent.name


def _place(fixture: Path) -> str:
    """Where the fixture sits: the service and licence fixtures each in its own file of the
    folder ``demo`` (one catalogue for all of them); an agency fixture is ``demo``'s own file."""
    kind = _kind(fixture)
    if kind == "agency":
        return PLACES["agency"]
    return f"{PLACES[kind].rsplit('/', 1)[0]}/{fixture.stem.replace('_', '-')}.yaml"


def _validator_report(tmp: Path, fixtures: list[Path]) -> dict[str, list[tuple[str, str, str]]]:
    """fixture name → (path, code, message) of the validator's JSON report (``site-gen validate
    --format json``), without the checks across files (the editor sees one record)."""
    groups: list[list[Path]] = [[f for f in fixtures if _kind(f) != "agency"]]
    groups += [[f] for f in fixtures if _kind(f) == "agency"]
    out: dict[str, list[tuple[str, str, str]]] = {}
    for n, group in enumerate(groups):
        root = harness(tmp / str(n))
        for fixture in group:
            (root / _place(fixture)).write_bytes(fixture.read_bytes())
        _, report = load_catalogue(root, use_cache=False, jobs=1)
        found = json.loads(render(report, "json"))
        for fixture in group:
            rows = []
            for d in found["errors"] + found["warnings"]:
                if d["file"] == _place(fixture) and codes.all_codes()[d["code"]].phase != codes.Phase.CATALOGUE:
                    message = d["message"][len(d["key"]) + 2 :] if d["key"] else d["message"]
                    rows.append((d["key"], d["code"], message))
            out[fixture.name + _kind(fixture)] = sorted(rows)
    return out


def test_parity_with_the_validator_on_every_invalid_fixture(page: Any, tmp_path: Path) -> None:
    """Same path, code and message as the validator for every fixture the editor can read
    (bytes that are not UTF-8 never reach it as text)."""
    fixtures = []
    for fixture in INVALID:
        try:
            fixture.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        fixtures.append(fixture)
    expected = _validator_report(tmp_path, fixtures)
    got = page.evaluate(
        """async (items) => { const out = [];
             for (const [t, p] of items) { await window.catalogueEditor.load(t, p); out.push(await window.catalogueEditor.errors()); }
             return out; }""",
        [[f.read_text(encoding="utf-8"), _place(f)] for f in fixtures],
    )
    for fixture, errors in zip(fixtures, got, strict=True):
        assert sorted((e["path"], e["code"], e["message"]) for e in errors) == expected[fixture.name + _kind(fixture)], fixture.name
    assert len(fixtures) >= 70


def test_every_sample_record_saved_unchanged_equals_fmt(page: Any) -> None:
    records = _records()
    texts = [(REPO / rel).read_text(encoding="utf-8") for rel in records]
    got = page.evaluate(
        """async ([texts, rels]) => { const out = [];
             for (let i = 0; i < texts.length; i++) { await window.catalogueEditor.load(texts[i], rels[i]); out.push(await window.catalogueEditor.toYaml()); }
             return out; }""",
        [texts, records],
    )
    for rel, text in zip(records, got, strict=True):
        assert text.encode("utf-8") == format_bytes((REPO / rel).read_bytes(), rel), rel


def test_unformatted_text_comes_out_as_fmt_writes_it(page: Any) -> None:
    raw = "# header\nagency: demo\ntitle: 'صدور گواهي'   # eol\nlevels:\n- national\nsummary: |\n   خط یک\n   خط دو\nzzz: \"1\"\n".encode()
    rel = "cards/demo/x.yaml"
    got = page.evaluate("([t, p]) => window.catalogueEditor.load(t, p).then(() => window.catalogueEditor.toYaml())", [raw.decode(), rel])
    assert got.encode() == format_bytes(raw, rel)


def test_unknown_keys_are_shown_and_kept(page: Any) -> None:
    text = "title: صدور گواهی نمونه\nagency: demo\nfavourite_colour: آبی\n"
    page.evaluate("t => window.catalogueEditor.load(t, 'cards/demo/x.yaml').then(() => window.catalogueEditor.rendered())", text)
    errors = page.evaluate("window.catalogueEditor.errors()")
    assert [(e["path"], e["code"]) for e in errors] == [("favourite_colour", "unknown-key")]
    assert "favourite_colour" in page.inner_text("#editor-unknown")
    page.evaluate("window.catalogueEditor.set('summary', 'خلاصه‌ای تازه')")
    out = page.evaluate("window.catalogueEditor.toYaml()")
    assert load_bytes(out.encode(), "x")
    data = load_bytes(out.encode(), "x").data
    assert data is not None and data["favourite_colour"] == "آبی" and data["summary"] == "خلاصه‌ای تازه"


def test_errors_appear_on_their_field(page: Any) -> None:
    page.evaluate("window.catalogueEditor.load('title: صدور گواهی نمونه\\nagency: demo\\ncost:\\n  free: yes\\n', 'cards/demo/x.yaml')")
    page.wait_for_function("document.querySelector('#f-cost_free-error') && document.querySelector('#f-cost_free-error').textContent.length > 0")
    assert "true یا false" in page.inner_text("#f-cost_free-error")


def _seed_fields() -> dict[str, Any]:
    data = load_bytes((REPO / SEED).read_bytes(), SEED).data
    assert data is not None
    return data


def test_seed_card_from_scratch_by_keyboard(page: Any, tmp_path: Path) -> None:
    """A new card: the file name, title and agency typed, the vocabularies ticked with the
    keyboard, every other field set through the contract; the file passes validate --complete and equals the seed as records."""
    page.evaluate("window.catalogueEditor.newRecord('service').then(() => window.catalogueEditor.rendered())")
    data = _seed_fields()
    for key, value in (("title", data["title"]), ("agency", data["agency"])):
        page.focus(f"#f-{key}")
        page.keyboard.type(value)
    page.focus("#editor-slug")
    page.keyboard.type("egov-technical-strategy")
    # vocabularies as on the paper form: Space ticks a checkbox or picks a radio button
    for box in ("#f-service_types-2", "#f-nature-0", "#f-levels-0", "#f-life_events-none", "#f-triggers-0", "#f-triggers-1"):
        page.focus(box)
        page.keyboard.press("Space")
    keyed = ("title", "agency", "service_types", "nature", "levels", "life_events", "triggers")
    rest = [[key, value] for key, value in data.items() if key not in keyed and value is not None]
    page.evaluate("async (rest) => { for (const [k, v] of rest) await window.catalogueEditor.set(k, v); }", rest)
    text = page.evaluate("window.catalogueEditor.toYaml()")
    root = tmp_path / "catalogue"
    (root / "cards/ito").mkdir(parents=True)
    for rel in ("cards/ito/_agency.yaml", "cards/mpo/_agency.yaml", "licenses/ito/ppp-participation-certificate.yaml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((REPO / rel).read_bytes())
    (root / SEED).write_text(text, encoding="utf-8")
    _, report = load_catalogue(root, use_cache=False, jobs=1, complete=True)
    (root / SEED).write_bytes((REPO / SEED).read_bytes())
    _, seed_report = load_catalogue(root, use_cache=False, jobs=1, complete=True)
    # the seed form leaves two form fields blank (average_duration, in_person_visits): --complete
    # reports exactly those, for the typed card as for the seed itself
    typed_errors = sorted((d.code, d.key) for d in report.diagnostics if d.file == SEED and d.is_error)
    seed_errors = sorted((d.code, d.key) for d in seed_report.diagnostics if d.file == SEED and d.is_error)
    assert typed_errors == seed_errors == [("not-stated", "average_duration"), ("not-stated", "in_person_visits")]
    typed = Service.model_validate(load_bytes(text.encode(), SEED).data)
    seed = Service.model_validate(data)
    assert typed == seed
    assert format_bytes(text.encode(), SEED).decode() == text  # already as fmt writes it


def test_keyboard_alone_reaches_add_and_remove(page: Any) -> None:
    page.evaluate("window.catalogueEditor.newRecord('service').then(() => window.catalogueEditor.rendered())")
    page.focus("#f-keywords-add")
    page.keyboard.press("Enter")
    page.evaluate("window.catalogueEditor.rendered()")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'f-keywords_0_'")
    page.keyboard.type("کلیدواژه")
    assert page.evaluate("window.catalogueEditor.toYaml()").count("کلیدواژه") == 1
    remove = page.locator("[data-path='keywords[0]'] button", has_text="حذف")
    remove.focus()
    page.keyboard.press("Enter")
    page.evaluate("window.catalogueEditor.rendered()")
    assert "کلیدواژه" not in page.evaluate("window.catalogueEditor.toYaml()")


def test_a_draft_survives_a_reload(page: Any, site: str) -> None:
    page.evaluate("window.catalogueEditor.newRecord('licence').then(() => window.catalogueEditor.rendered())")
    page.focus("#f-title")
    page.keyboard.type("پروانهٔ پیش‌نویس")
    page.wait_for_function("Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes('پروانهٔ پیش‌نویس'))")
    page.reload()
    page.evaluate("window.catalogueEditor.ready")
    assert "پروانهٔ پیش‌نویس" in page.evaluate("window.catalogueEditor.toYaml()")


def test_opens_a_record_from_its_page_address(page: Any, site: str) -> None:
    page.evaluate("localStorage.clear()")
    page.goto(site + "#licenses/ito/ppp-participation-certificate/")
    page.reload()
    page.evaluate("window.catalogueEditor.ready")
    page.wait_for_function("document.querySelector('#f-title') && document.querySelector('#f-title').value.length > 0")
    rel = "licenses/ito/ppp-participation-certificate.yaml"
    assert page.evaluate("window.catalogueEditor.toYaml()").encode() == format_bytes((REPO / rel).read_bytes(), rel)
    # the link follows the form asynchronously (after the record is checked): wait for it
    page.wait_for_function("document.querySelector('#editor-submit').getAttribute('href') !== '#'")
    href = page.get_attribute("#editor-submit", "href")
    assert href == "https://forge.example/catalogue/edit/main/licenses/ito/ppp-participation-certificate.yaml"


def test_send_for_review_prefills_a_new_file_in_the_agency_folder(page: Any) -> None:
    page.evaluate("window.catalogueEditor.newRecord('service').then(() => window.catalogueEditor.rendered())")
    page.fill("#editor-slug", "new-service")
    page.evaluate("window.catalogueEditor.set('title', 'خدمت تازه').then(() => window.catalogueEditor.set('agency', 'ito'))")
    page.wait_for_function("(document.querySelector('#editor-submit').getAttribute('href') || '').includes('new-service.yaml')")
    href = page.get_attribute("#editor-submit", "href") or ""
    base, _, query = href.partition("?")
    assert base == "https://forge.example/catalogue/new/main/cards/ito"
    from urllib.parse import parse_qs

    params = parse_qs(query)
    assert params["filename"] == ["new-service.yaml"]
    assert params["value"] == [page.evaluate("window.catalogueEditor.toYaml()")]


def test_opens_a_record_picked_from_the_catalogue(page: Any) -> None:
    rel = "cards/ito/_agency.yaml"
    page.evaluate("localStorage.clear()")
    page.fill("#editor-open", rel)
    page.focus("#editor-open-go")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#f-slug') && document.querySelector('#f-slug').value === 'ito'")
    assert page.evaluate("window.catalogueEditor.toYaml()").encode() == format_bytes((REPO / rel).read_bytes(), rel)


@pytest.mark.parametrize("kind", ["service", "licence"])
def test_axe_clean_at_390px_without_sideways_scroll(page: Any, kind: str) -> None:
    page.evaluate(f"window.catalogueEditor.newRecord('{kind}').then(() => window.catalogueEditor.rendered())")
    page.wait_for_timeout(300)
    page.evaluate(AXE)
    violations = json.loads(page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))"))
    assert [v["id"] for v in violations] == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_fmt_refusal_is_kept_as_is() -> None:
    """The table's refusal matches fmt's: a file the loader refuses is never rewritten."""
    with pytest.raises(Refused):
        format_bytes(b"a: [\n", "cards/demo/x.yaml")


def test_licence_validity_unlimited_or_value(page: Any) -> None:
    page.evaluate("window.catalogueEditor.load('title: پروانهٔ نمونه\\nagency: demo\\nactions:\\n  - type: issue\\n    validity: {value: 2, unit: year}\\n', 'licenses/demo/x.yaml').then(() => window.catalogueEditor.rendered())")
    assert page.input_value("#f-actions_0__validity_value") == "2"
    page.focus("#f-actions_0__validity-word")
    page.keyboard.press("Space")
    page.evaluate("window.catalogueEditor.rendered()")
    out = page.evaluate("window.catalogueEditor.toYaml()")
    assert "validity: unlimited" in out
    assert page.evaluate("window.catalogueEditor.errors()") == []


def test_complete_lists_the_fields_validate_complete_lists(page: Any, tmp_path: Path) -> None:
    rels = [SEED, "licenses/ito/ppp-participation-certificate.yaml", "licenses/abfa-tehran/water-connection-approval.yaml"]
    root = tmp_path / "catalogue"
    for rel in [*rels, "cards/ito/_agency.yaml", "cards/mpo/_agency.yaml", "cards/abfa-tehran/_agency.yaml"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((REPO / rel).read_bytes())
    _, report = load_catalogue(root, use_cache=False, jobs=1, complete=True)
    found = json.loads(render(report, "json"))
    stated = 0
    for rel in rels:
        want = sorted((d["key"], d["code"]) for d in found["errors"] if d["file"] == rel and d["code"] == "not-stated")
        got = page.evaluate("([t, p]) => window.catalogueEditor.load(t, p).then(() => window.catalogueEditor.errors({complete: true}))", [(root / rel).read_text(encoding="utf-8"), rel])
        assert sorted((e["path"], e["code"]) for e in got if e["code"] == "not-stated") == want, rel
        stated += len(want)
    assert stated >= 9


def test_today_button_writes_a_valid_jalali_date(page: Any) -> None:
    page.evaluate("window.catalogueEditor.newRecord('service').then(() => window.catalogueEditor.rendered())")
    page.click("button[aria-label^='تاریخ امروز برای']")
    page.wait_for_function("document.querySelector('#f-last_reviewed').value.length > 0")
    date = page.input_value("#f-last_reviewed")
    assert re.fullmatch(r"14[0-9]{2}-[01][0-9]-[0-3][0-9]", date), date
    assert not [e for e in page.evaluate("window.catalogueEditor.errors()") if e["path"] == "last_reviewed"]


def test_a_draft_can_be_discarded(page: Any) -> None:
    page.evaluate("window.catalogueEditor.newRecord('agency').then(() => window.catalogueEditor.rendered())")
    page.focus("#f-name")
    page.keyboard.type("دستگاه پیش‌نویس")
    page.wait_for_function("Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes('دستگاه پیش‌نویس'))")
    page.click("#editor-discard")
    page.evaluate("window.catalogueEditor.rendered()")
    assert "دستگاه پیش‌نویس" not in page.evaluate("window.catalogueEditor.toYaml()")
    assert not page.evaluate("Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes('دستگاه پیش‌نویس'))")


def test_a_file_with_a_syntax_error_is_kept_and_mended_as_text(page: Any) -> None:
    broken = "title: صدور گواهی نمونه\nagency: demo\nsummary: [باز\n"
    page.evaluate("t => window.catalogueEditor.load(t, 'cards/demo/x.yaml').then(() => window.catalogueEditor.rendered())", broken)
    assert [e["code"] for e in page.evaluate("window.catalogueEditor.errors()")] == ["yaml-syntax"]
    assert page.evaluate("window.catalogueEditor.toYaml()") == broken  # nothing dropped
    page.fill("#editor-source", broken.replace("[باز", "باز"))
    page.evaluate("window.catalogueEditor.rendered()")
    page.wait_for_function("document.querySelector('#f-summary') !== null")
    assert page.evaluate("window.catalogueEditor.errors()") == []
