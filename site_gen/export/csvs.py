"""The tables as CSV: UTF-8 with a byte-order mark (Excel then reads Persian), one header row of
keys (the YAML keys; the downloads page gives each its Persian label), ``\\r\\n`` line ends.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading ``'``, so that a spreadsheet opening the file shows it as text and never runs it
as a formula (card text is untrusted). ``catalogue.xlsx`` keeps such text exactly, as text cells.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .tables import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def table_csv(table: Table, rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header())
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
