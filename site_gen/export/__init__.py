"""Open data: every build publishes the catalogue as data under ``/downloads/`` (the downloads
page, :mod:`site_gen.render.downloads`, explains each file), and each service as linked data
beside its page.

| file | what |
|---|---|
| ``downloads/catalogue.json`` | every agency, service and licence, ids, slugs and page addresses |
| ``downloads/<table>.csv`` | the tables of :mod:`.tables`, UTF-8 with BOM |
| ``downloads/catalogue.xlsx`` | the same tables, a right-to-left sheet each, Persian headers |
| ``downloads/catalogue.jsonld`` | every service as CPSV-AP 3.2 (:mod:`.jsonld`) |
| ``downloads/schema/<type>.schema.json`` | the JSON Schema of each record type |
| ``downloads/sitemap.xml`` | every record page |
| ``services/<agency>/<slug>/index.jsonld`` | one service as CPSV-AP 3.2 |

``site-gen import xlsx`` (:mod:`.importer`) reads the workbook back into records.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..catalogue import Catalogue
from ..files import write_if_changed

DOWNLOADS = "downloads"


def export_files(catalogue: Catalogue, dates: dict[str, dt.date] | None = None, base: str = "/") -> dict[str, bytes]:
    """Relative path (under the docs folder) → bytes of every exported file."""
    from .catalogue_json import catalogue_json
    from .csvs import table_csv
    from .jsonld import catalogue_jsonld, service_jsonld
    from .schemas import schema_files
    from .sitemap import sitemap_xml
    from .tables import rows
    from .xlsx import workbook_bytes

    files: dict[str, bytes] = {}
    tables = list(rows(catalogue))
    for table, table_rows in tables:
        files[f"{DOWNLOADS}/{table.name}.csv"] = table_csv(table, table_rows)
    files[f"{DOWNLOADS}/catalogue.xlsx"] = workbook_bytes(tables)
    files[f"{DOWNLOADS}/catalogue.json"] = catalogue_json(catalogue)
    services = sorted(catalogue.services.items())
    files[f"{DOWNLOADS}/catalogue.jsonld"] = catalogue_jsonld(services, catalogue.agencies)
    for key, card in services:
        files[f"services/{key[0]}/{key[1]}/index.jsonld"] = service_jsonld(key, card, catalogue.agencies[key[0]])
    for name, data in schema_files().items():
        files[f"{DOWNLOADS}/schema/{name}"] = data
    files[f"{DOWNLOADS}/sitemap.xml"] = sitemap_xml(catalogue, dates or {}, base)
    return files


def write_exports(catalogue: Catalogue, docs: Path, dates: dict[str, dt.date] | None = None) -> set[Path]:
    """Write every exported file under ``docs`` (the staging folder; MkDocs copies them into the
    site); return the paths written. A file whose bytes are unchanged is not rewritten."""
    written: set[Path] = set()
    for rel, data in export_files(catalogue, dates, site_base()).items():
        written.add(write_if_changed(docs / rel, data))
    return written


def site_base() -> str:
    """``site_url`` of the project's ``mkdocs.yml`` (ending in ``/``), else ``/``."""
    from ..build import PROJECT

    try:
        lines = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "/"
    for line in lines:
        if line.startswith("site_url:"):
            url = line.partition(":")[2].split("#")[0].strip().strip("'\"")
            if url.startswith(("https://", "http://")):
                return url if url.endswith("/") else url + "/"
    return "/"
