"""Open data (issue 19): the exports under /downloads/, the CPSV-AP and schema.org JSON-LD, and
``site-gen import xlsx``. The project's sample catalogue is loaded and exported once per module;
one small catalogue is built through MkDocs once."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rdflib
from helpers import harness
from openpyxl import Workbook, load_workbook
from rdflib.namespace import RDF, XSD

from site_gen.build import build
from site_gen.catalogue import Catalogue, load_catalogue
from site_gen.export import export_files
from site_gen.export.importer import import_xlsx
from site_gen.export.jsonld import government_service, iso_duration, script_json, service_jsonld
from site_gen.export.tables import tables

PROJECT = Path(__file__).resolve().parent.parent
SHAPES = Path(__file__).parent / "vendor" / "cpsv-ap" / "cpsv-ap-SHACL.ttl"
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
BASE = "https://catalogue.example/"


@pytest.fixture(scope="module")
def sample() -> tuple[Catalogue, dict[str, bytes]]:
    catalogue, report = load_catalogue(PROJECT, keep_records=True, use_cache=False)
    assert not report.errors
    return catalogue, export_files(catalogue)


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel reads Persian"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _graph(data: bytes, address: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="json-ld", publicID=BASE + address)


def _shacl(graph: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(SHAPES))
    return bool(conforms), str(text)


# --- nothing lost ------------------------------------------------------------------------------


def test_every_export_has_every_record(sample: tuple[Catalogue, dict[str, bytes]]) -> None:
    catalogue, files = sample
    actions = [(key, i) for key, lic in catalogue.licences.items() for i, _ in enumerate(lic.actions or [])]
    inquiries = [q for lic in catalogue.licences.values() for a in lic.actions or [] for q in a.inquiries or []]
    assert actions and inquiries, "the sample catalogue has licences with actions and inquiries"

    data = json.loads(files["downloads/catalogue.json"])
    assert {(s["agency"], s["slug"]) for s in data["services"]} == set(catalogue.services)
    assert {(s["agency"], s["slug"]) for s in data["licenses"]} == set(catalogue.licences)
    assert {a["slug"] for a in data["agencies"]} == set(catalogue.agencies)
    assert data["counts"] == {"agencies": len(catalogue.agencies), "services": len(catalogue.services), "licenses": len(catalogue.licences)}
    card = next(s for s in data["services"] if s.get("id"))
    assert card["url"] == f"/services/{card['agency']}/{card['slug']}/"

    expected = {"agencies": len(catalogue.agencies), "services": len(catalogue.services), "licenses": len(catalogue.licences),
                "license_actions": len(actions), "license_inquiries": len(inquiries)}
    for name, n in expected.items():
        assert len(_csv(files[f"downloads/{name}.csv"])) == n, name
    wb = load_workbook(io.BytesIO(files["downloads/catalogue.xlsx"]), read_only=True)
    by_sheet = {t.sheet: t.name for t in tables()}
    assert [by_sheet[ws.title] for ws in wb.worksheets] == list(expected)
    for ws in wb.worksheets:
        assert sum(1 for _ in ws.iter_rows()) - 2 == expected[by_sheet[ws.title]], ws.title

    graph = _graph(files["downloads/catalogue.jsonld"], "downloads/catalogue.jsonld")
    assert len(set(graph.subjects(RDF.type, CPSV.PublicService))) == len(catalogue.services)
    per_service = {rel for rel in files if rel.endswith("/index.jsonld")}
    assert per_service == {f"services/{a}/{s}/index.jsonld" for a, s in catalogue.services}

    locs = re.findall(r"<loc>([^<]*)</loc>", files["downloads/sitemap.xml"].decode())
    records = {f"/services/{a}/{s}/" for a, s in catalogue.services} | {f"/licenses/{a}/{s}/" for a, s in catalogue.licences} | {f"/agencies/{s}/" for s in catalogue.agencies}
    assert records <= set(locs) and len(locs) == len(set(locs)) == len(records) + 5

    for kind in ("service", "licence", "agency"):
        schema = json.loads(files[f"downloads/schema/{kind}.schema.json"])
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema == json.loads((PROJECT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def test_csv_and_workbook_read_as_persian_tables(sample: tuple[Catalogue, dict[str, bytes]]) -> None:
    catalogue, files = sample
    key, card = sorted(catalogue.services.items())[0]
    row = _csv(files["downloads/services.csv"])[0]
    assert (row["agency"], row["slug"], row["title"]) == (key[0], key[1], card.title)
    wb = load_workbook(io.BytesIO(files["downloads/catalogue.xlsx"]))
    ws = wb["خدمات"]
    assert ws.sheet_view.rightToLeft is True
    labels = [c.value for c in ws[1]]
    assert "عنوان خدمت" in labels and "شناسنامهٔ خدمت" not in labels
    assert [c.value for c in ws[2]] == next(t for t in tables() if t.name == "services").header()
    assert ws.cell(3, labels.index("عنوان خدمت") + 1).value == card.title


def test_formula_text_stays_text(tmp_path: Path) -> None:
    """Card text is data: in the workbook a text that begins with «=» is a text cell (the round
    trip keeps it exactly); in the CSV it gets a leading «'» so that no spreadsheet runs it."""
    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    title = '=HYPERLINK("https://evil.example","بزنید")'
    card.write_text(re.sub(r"(?m)^title: .*$", lambda _: "title: " + json.dumps(title, ensure_ascii=False), card.read_text(encoding="utf-8")), encoding="utf-8")
    catalogue, report = load_catalogue(root, keep_records=True, use_cache=False)
    assert not report.errors
    files = export_files(catalogue)
    row = _csv(files["downloads/services.csv"])[0]
    assert row["title"] == "'" + title
    ws = load_workbook(io.BytesIO(files["downloads/catalogue.xlsx"]))["خدمات"]
    col = [c.value for c in ws[2]].index("title") + 1
    assert ws.cell(3, col).data_type == "s" and ws.cell(3, col).value == title
    (tmp_path / "cat.xlsx").write_bytes(files["downloads/catalogue.xlsx"])
    result = import_xlsx(tmp_path / "cat.xlsx", tmp_path / "back")
    assert not result.problems
    again, _ = load_catalogue(tmp_path / "back", keep_records=True, use_cache=False)
    assert next(iter(again.services.values())).title == title


# --- linked data -------------------------------------------------------------------------------


def test_cpsv_ap_json_ld_conforms_to_the_official_shapes(sample: tuple[Catalogue, dict[str, bytes]]) -> None:
    catalogue, files = sample
    graph = _graph(files["downloads/catalogue.jsonld"], "downloads/catalogue.jsonld")
    conforms, text = _shacl(graph)
    assert conforms, text
    services = set(graph.subjects(RDF.type, CPSV.PublicService))
    for prop in (CV.hasCompetentAuthority, CV.hasChannel, CV.hasCost, CPSV.hasInput, CV.hasLegalResource, CV.processingTime, CV.isGroupedBy):
        assert any(graph.value(s, prop) is not None for s in services), prop
    times = [graph.value(s, CV.processingTime) for s in services if graph.value(s, CV.processingTime) is not None]
    assert all(t.datatype == XSD.duration and re.fullmatch(r"P(T?\d+(\.\d+)?[YMWDHS])", str(t)) for t in times), times
    # a service file on its own: the same service, its addresses resolved against its own address
    key = sorted(catalogue.services)[0]
    rel = f"services/{key[0]}/{key[1]}/index.jsonld"
    one = _graph(files[rel], rel)
    assert _shacl(one)[0]
    assert set(one.subjects(RDF.type, CPSV.PublicService)) == {rdflib.URIRef(f"{BASE}services/{key[0]}/{key[1]}/#service")}
    assert (rdflib.URIRef(f"{BASE}services/{key[0]}/{key[1]}/#service"), None, None) in graph


def test_the_shapes_reject_a_service_without_its_authority(sample: tuple[Catalogue, dict[str, bytes]]) -> None:
    """The SHACL check has teeth: the same file less one required statement does not conform."""
    catalogue, _ = sample
    key, card = sorted(catalogue.services.items())[0]
    data = json.loads(service_jsonld(key, card, catalogue.agencies[key[0]]))
    service = next(n for n in data["@graph"] if n["@type"] == "cpsv:PublicService")
    del service["cv:hasCompetentAuthority"]
    conforms, text = _shacl(_graph(json.dumps(data).encode(), "services/x/y/index.jsonld"))
    assert not conforms and "hasCompetentAuthority" in text


@pytest.mark.parametrize(("value", "unit", "iso"), [
    (3, "day", "P3D"), (2, "week", "P2W"), (1.5, "hour", "PT90M"), (0.5, "minute", "PT30S"),
    (1.5, "day", "PT36H"), (1.5, "year", "P18M"), (10, "minute", "PT10M"), (0, "hour", "PT0H"), (0.25, "month", "PT180H"),
])
def test_iso_8601_durations(value: float, unit: str, iso: str) -> None:
    got = iso_duration(value, unit)
    assert got == iso
    literal = rdflib.Literal(got, datatype=XSD.duration)
    assert not literal.ill_typed


PAYLOAD = 'عنوان </script><script>alert(1)</script> <!-- & "quote"'


def test_schema_org_in_the_page_cannot_close_its_script(tmp_path: Path) -> None:
    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    body = card.read_text(encoding="utf-8")
    body = re.sub(r"(?m)^title: .*$", lambda _: "title: " + json.dumps(PAYLOAD, ensure_ascii=False), body)
    card.write_text(body + "summary: " + json.dumps(PAYLOAD, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build(root, out)
    assert not result.report.errors, [d.text() for d in result.report.errors]
    page = (out / "services/demo/other-service/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    assert "<" not in scripts[0] and ">" not in scripts[0]
    data = json.loads(scripts[0])
    assert data["@type"] == "GovernmentService" and data["description"] == PAYLOAD
    graph = rdflib.Graph().parse(data=scripts[0], format="json-ld", publicID=BASE + "services/demo/other-service/")
    service = graph.value(None, RDF.type, SCHEMA.GovernmentService, any=False)
    assert str(graph.value(service, SCHEMA.description)) == PAYLOAD
    assert graph.value(graph.value(service, SCHEMA.provider), RDF.type) == SCHEMA.GovernmentOrganization
    # the build published the downloads and the page that explains them
    for name in ("catalogue.json", "services.csv", "licenses.csv", "license_actions.csv", "license_inquiries.csv", "catalogue.xlsx",
                 "catalogue.jsonld", "sitemap.xml", "schema/service.schema.json"):
        assert (out / "downloads" / name).is_file(), name
    assert (out / "services/demo/other-service/index.jsonld").is_file()
    downloads = html.unescape((out / "downloads/index.html").read_text(encoding="utf-8"))
    for t in tables():
        assert f"{t.name}.csv" in downloads
        for column in t.columns:
            assert f">{column.key}<" in downloads, column.key
    assert "CC BY 4.0" in downloads and "۱ خدمت" in downloads
    assert 'href="downloads/"' in (out / "index.html").read_text(encoding="utf-8")


def test_script_json_escapes_every_way_out() -> None:
    text = script_json({"a": "</script><!--<script>&\u2028\u2029"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"a": "</script><!--<script>&\u2028\u2029"}


def test_government_service_has_provider_channels_and_price(sample: tuple[Catalogue, dict[str, bytes]]) -> None:
    catalogue, _ = sample
    priced = [(k, c) for k, c in catalogue.services.items() if c.cost and c.cost.items and any(i.amount_rials for i in c.cost.items)]
    key, card = priced[0]
    data = government_service(key, card, catalogue.agencies[key[0]])
    assert data["provider"]["name"] == catalogue.agencies[key[0]].name
    assert all(o["priceCurrency"] == "IRR" for o in data["offers"])


# --- import ------------------------------------------------------------------------------------


def test_export_then_import_gives_identical_records(sample: tuple[Catalogue, dict[str, bytes]], tmp_path: Path) -> None:
    catalogue, files = sample
    xlsx = tmp_path / "catalogue.xlsx"
    xlsx.write_bytes(files["downloads/catalogue.xlsx"])
    result = import_xlsx(xlsx, tmp_path / "back")
    assert not result.problems, [p.text() for p in result.problems]
    again, report = load_catalogue(tmp_path / "back", keep_records=True, use_cache=False)
    assert not report.errors, [d.text() for d in report.errors[:5]]
    assert again.agencies == catalogue.agencies
    assert again.services == catalogue.services
    assert again.licences == catalogue.licences
    assert result.counts == {"agencies": len(catalogue.agencies), "services": len(catalogue.services), "licenses": len(catalogue.licences)}


def _broken_workbook(files: dict[str, bytes], path: Path) -> dict[str, Any]:
    """The exported workbook with one fault of each kind; returns where each fault is."""
    wb = load_workbook(io.BytesIO(files["downloads/catalogue.xlsx"]))
    services = wb["خدمات"]
    keys = [c.value for c in services[2]]
    col = {k: keys.index(k) + 1 for k in keys}
    services.cell(2, len(keys) + 1, "رنگ محبوب")  # a column that maps to no field
    services.cell(3, len(keys) + 1, "آبی")
    services.cell(3, col["levels"], "[national")  # not JSON
    services.cell(4, col["nature"], "حاکمیتی‌تر")  # not a value of the vocabulary
    services.cell(5, col["slug"], "../../etc")  # not a slug
    bad_slug = services.cell(5, col["title"]).value
    actions = wb["اقدام‌های مجوز"]
    lost = (actions.cell(3, 1).value, actions.cell(3, 2).value)
    actions.cell(3, 2, "no-such-licence")  # an action whose licence is not in the workbook
    licences = wb["مجوزها"]
    licence_row = next(r for r in range(3, licences.max_row + 1) if (licences.cell(r, 1).value, licences.cell(r, 2).value) == lost)
    wb.create_sheet("یادداشت‌ها")
    wb.save(path)
    return {"col": col, "bad_slug_title": bad_slug, "licence_row": licence_row}


def col_of(files: dict[str, bytes], sheet: str, key: str) -> int:
    ws = load_workbook(io.BytesIO(files["downloads/catalogue.xlsx"]))[sheet]
    return [c.value for c in ws[2]].index(key) + 1


def test_import_reports_every_cell_it_cannot_map(sample: tuple[Catalogue, dict[str, bytes]], tmp_path: Path) -> None:
    catalogue, files = sample
    xlsx = tmp_path / "broken.xlsx"
    where = _broken_workbook(files, xlsx)
    col = where["col"]
    result = import_xlsx(xlsx, tmp_path / "back")
    found = {(p.file, p.line, p.column, p.code) for p in result.problems}
    n = len(col)
    assert ("broken.xlsx[خدمات]", 2, n + 1, "import-unknown-column") in found
    assert ("broken.xlsx[خدمات]", 3, col["levels"], "import-bad-cell") in found
    assert ("broken.xlsx[خدمات]", 4, col["nature"], "invalid-value") in found
    assert ("broken.xlsx[خدمات]", 5, col["slug"], "import-bad-cell") in found
    assert ("broken.xlsx[اقدام‌های مجوز]", 3, 1, "import-orphan-row") in found
    assert ("broken.xlsx[یادداشت‌ها]", 1, 1, "import-unknown-sheet") in found
    # the licence that lost its action says so: it states one action, the sheet has none
    assert ("broken.xlsx[مجوزها]", where["licence_row"], col_of(files, "مجوزها", "actions_count"), "import-bad-cell") in found
    assert len(result.problems) == 7, [p.text() for p in result.problems]
    for p in result.problems:
        assert re.fullmatch(r"broken\.xlsx\[[^\]]+\]:\d+:\d+: error: [a-z-]+: .+", p.text()), p.text()
    # the rows with a fault are not written; every other record is
    assert result.counts["services"] == len(catalogue.services) - 3
    assert result.counts["licenses"] == len(catalogue.licences) - 1
    assert not (tmp_path / "etc").exists() and not list(tmp_path.glob("**/etc*"))
    written = {p.read_text(encoding="utf-8") for p in (tmp_path / "back/cards").glob("*/*.yaml")}
    assert not any(where["bad_slug_title"] in text for text in written)


def test_import_cli_in_persian_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "not.xlsx").write_bytes(b"this is not a workbook")
    wb = Workbook()
    wb.active.title = "خدمات"  # type: ignore[union-attr]
    wb.active.append(["agency", "slug", "title"])  # type: ignore[union-attr]
    wb.active.append(["demo", "one", "یک خدمت"])  # type: ignore[union-attr]
    wb.save(tmp_path / "small.xlsx")
    exe = [sys.executable, "-m", "site_gen"]
    bad = subprocess.run([*exe, "import", "xlsx", str(tmp_path / "not.xlsx"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "import-unreadable" in bad.stdout and "خوانده نشد" in bad.stdout
    ok = subprocess.run([*exe, "import", "xlsx", str(tmp_path / "small.xlsx"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 دستگاه، 1 خدمت و 0 مجوز" in ok.stdout
    written = (tmp_path / "out/cards/demo/one.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    assert 'title: "یک خدمت"' in written and "agency: \"demo\"" in written
    missing = subprocess.run([*exe, "import", "xlsx", str(tmp_path / "none.xlsx"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert missing.returncode == 2 and "پیدا نشد" in missing.stderr


def test_the_workbook_is_the_same_bytes_whenever_it_is_built() -> None:
    """Two builds of the same records give the same catalogue.xlsx (openpyxl stamps the time)."""
    import time

    from site_gen.export.tables import tables
    from site_gen.export.xlsx import workbook_bytes

    sheets = [(t, [["x"] * len(t.header())]) for t in tables()]
    first = workbook_bytes(sheets)
    time.sleep(2.1)  # past zip's two-second resolution
    assert workbook_bytes(sheets) == first
