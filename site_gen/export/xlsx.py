"""``catalogue.xlsx``: a sheet per table, Persian headers, right-to-left sheets.

openpyxl in write-only mode (rows streamed to the file). Row 1 holds the Persian labels, row 2
the keys (the same as the CSV headers, and what ``site-gen import xlsx`` reads first); data
starts at row 3. Every text is a text cell, also when it begins with ``=``: a spreadsheet shows
card text, it never runs it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .tables import Table

#: Excel's limit for the text of one cell.
CELL_LIMIT = 32767
HEADER_ROWS = 2


def workbook_bytes(tables: list[tuple[Table, list[list[Any]]]]) -> bytes:
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for table, rows in tables:
        ws = wb.create_sheet(table.sheet)
        ws.sheet_view.rightToLeft = True
        ws.freeze_panes = "A3"
        labels = []
        for label in table.labels():
            c = WriteOnlyCell(ws, value=label)
            c.font = bold
            labels.append(c)
        ws.append(labels)
        keys = []
        for key in table.header():
            c = WriteOnlyCell(ws, value=key)
            c.font = Font(color="666666")
            keys.append(c)
        ws.append(keys)
        for row in rows:
            ws.append([_cell(ws, v) for v in row])
    wb.properties.created = wb.properties.modified = FIXED_TIME
    out = io.BytesIO()
    wb.save(out)
    return reproducible_zip(out.getvalue())


#: The time written into the workbook: the same bytes for the same records, whenever built (a
#: build equals the previous one byte for byte, and a diff of the site shows real changes only).
FIXED_TIME = dt.datetime(2000, 1, 1)


_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")


def reproducible_zip(data: bytes) -> bytes:
    """The same archive with every member's time set to 1980-01-01 (zip's first day), and the
    document's own dates set to :data:`FIXED_TIME`: openpyxl stamps both with the time of saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _DATES.sub(lambda m: m.group(1) + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ") + m.group(3), body.decode("utf-8")).encode("utf-8")
            dst.writestr(fixed, body)
    return out.getvalue()


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"  # text, not a formula
        return c
    return value
