"""Issue 21: real records name where they came from (``sources``), pages show «منبع», and the
project's real records carry a source and no ``sample`` mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import diagnostics_for, harness

from site_gen.catalogue import load_catalogue
from site_gen.render.pages import Site, licence_page, service_page

REPO = Path(__file__).resolve().parents[1]

CARD = """id: "12011076106"
title: خدمت واقعی
agency: demo
sources:
  - url: "https://www.example.ir/service/1"
    retrieved: "1405-09-13"
  - url: "https://portal.example.ir/a?b=1"
    retrieved: "1405-09-12"
    partial: true
"""

LICENCE = """title: مجوز واقعی
agency: demo
sources:
  - url: "https://mojavez.example.ir/licence/9"
    retrieved: "1405-09-13"
"""


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = harness(tmp_path_factory.mktemp("real"))
    (root / "cards/demo/real.yaml").write_text(CARD, encoding="utf-8")
    (root / "licenses/demo/real.yaml").write_text(LICENCE, encoding="utf-8")
    return root


def test_sources_validate_and_are_kept(real: Path) -> None:
    catalogue, report = load_catalogue(real, use_cache=False, keep_records=True, jobs=1)
    assert not [d for d in report.diagnostics if d.severity == "error"]
    card = catalogue.services[("demo", "real")]
    assert [(s.url, s.retrieved, s.partial) for s in card.sources] == [
        ("https://www.example.ir/service/1", "1405-09-13", None),
        ("https://portal.example.ir/a?b=1", "1405-09-12", True),
    ]
    assert catalogue.licences[("demo", "real")].sources[0].retrieved == "1405-09-13"


def test_service_page_shows_the_source_with_its_jalali_date(real: Path) -> None:
    catalogue, _ = load_catalogue(real, use_cache=False, keep_records=True, jobs=1)
    content = service_page(Site(catalogue), ("demo", "real"), catalogue.services[("demo", "real")]).content
    assert "## منبع" in content
    assert 'href="https://www.example.ir/service/1"' in content
    assert "۱۳ آذر ۱۴۰۵" in content and "۱۲ آذر ۱۴۰۵" in content
    assert content.count("فقط بخشی از صفحه خوانا بود") == 1


def test_licence_page_shows_the_source(real: Path) -> None:
    catalogue, _ = load_catalogue(real, use_cache=False, keep_records=True, jobs=1)
    content = licence_page(Site(catalogue), ("demo", "real"), catalogue.licences[("demo", "real")]).content
    assert "## منبع" in content and 'href="https://mojavez.example.ir/licence/9"' in content


def test_a_page_without_sources_has_no_source_section(real: Path) -> None:
    catalogue, _ = load_catalogue(real, use_cache=False, keep_records=True, jobs=1)
    key = ("demo", "other-service")
    assert "## منبع" not in service_page(Site(catalogue), key, catalogue.services[key]).content


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ('  - url: "ftp://example.ir/x"\n    retrieved: "1405-09-13"\n', "url"),
        ('  - url: "https://user@example.ir/x"\n    retrieved: "1405-09-13"\n', "url"),
        ('  - url: "https://example.ir/x"\n    retrieved: "2026-12-04"\n', "retrieved"),
        ('  - url: "https://example.ir/x"\n    retrieved: "1405-12-31"\n', "retrieved"),
        ('  - url: "https://example.ir/x"\n', "retrieved"),
        ('  - retrieved: "1405-09-13"\n', "url"),
        ('  - url: "https://example.ir/x"\n    retrieved: "1405-09-13"\n    author: x\n', "author"),
    ],
)
def test_bad_sources_are_clear_errors(tmp_path: Path, source: str, key: str) -> None:
    root = harness(tmp_path)
    (root / "cards/demo/bad.yaml").write_text('title: خدمت\nagency: demo\nsources:\n' + source, encoding="utf-8")
    errors = [d for d in diagnostics_for(root, "cards/demo/bad.yaml") if d.severity == "error"]
    assert errors, source
    assert any(key in str(d.key) for d in errors), [(d.key, d.message) for d in errors]


def test_agency_may_name_its_source(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (root / "cards/demo/_agency.yaml").write_text(
        'slug: demo\nname: سازمان نمونه\nparent: mpo\nsources:\n  - url: "https://example.ir/about"\n    retrieved: "1405-09-13"\n',
        encoding="utf-8",
    )
    assert not [d for d in diagnostics_for(root, "cards/demo/_agency.yaml") if d.severity == "error"]


def _records() -> list[Path]:
    return sorted(p for base in ("cards", "licenses") for p in (REPO / base).glob("*/*.yaml") if not p.name.startswith("_"))


def test_project_records_are_either_sourced_or_sample() -> None:
    """Issue 21: a record with a source is real (no ``sample: true``); a record without keeps it."""
    import yaml

    real = 0
    for path in _records():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("sources"):
            real += 1
            assert not data.get("sample"), path
    assert real >= 30


@pytest.mark.parametrize("size", ["سه قطعه عکس ۴×۳ تمام رخ", "عکس 3×4", "عکس ۳ × ۴ رنگی"])
def test_docx_keeps_a_photo_size_with_a_multiplication_sign(size: str) -> None:
    """A real card (sabteahval, iran.gov.ir) asks for «عکس ۴×۳»: the × between two digits is text,
    not a tick glyph, so the Word form keeps the document through export and import."""
    from site_gen.docx.mapping import read_form
    from site_gen.docx.read import parse
    from site_gen.docx.write import export_bytes
    from site_gen.model import Service

    data = {"title": "خدمت", "agency": "demo", "required_documents": ["الف", size, "ب"]}
    back = read_form(parse(export_bytes(Service, data)), "demo")
    assert back.data["required_documents"] == ["الف", size, "ب"]


def test_source_link_shows_the_address_shortened_with_its_scheme(real: Path) -> None:
    """The link text starts with the scheme (an address shown as itself keeps its Latin digits,
    as tests/test_citizen_page.py expects); the full URL stays in the href."""
    catalogue, _ = load_catalogue(real, use_cache=False, keep_records=True, jobs=1)
    content = service_page(Site(catalogue), ("demo", "real"), catalogue.services[("demo", "real")]).content
    assert '<a href="https://portal.example.ir/a?b=1" rel="nofollow noopener"><bdi class="ltr" dir="ltr">https://portal.example.ir/…</bdi></a>' in content
