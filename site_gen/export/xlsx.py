"""``catalogue.xlsx``: a sheet per table, Persian headers, right-to-left sheets.

openpyxl in write-only mode (rows streamed to the file). Row 1 holds the Persian labels, row 2
the keys (the same as the CSV headers, and what ``site-gen import xlsx`` reads first); data
starts at row 3. Every text is a text cell, also when it begins with ``=``: a spreadsheet shows
card text, it never runs it.
"""

from __future__ import annotations

import io
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
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"  # text, not a formula
        return c
    return value
