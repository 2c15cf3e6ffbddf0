"""Spreadsheet cells that cannot run: the one sanitiser of every XLSX and CSV export.

A code name, variable value, quote or coder name starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return would be a live formula in Excel or LibreOffice (``=WEBSERVICE(...)`` can send
cell contents to a web address). CSV cells get OWASP's leading apostrophe; XLSX cells keep the
exact text, stored as a string cell with Excel's quote prefix, so they are never formulas. Control
characters that XML (and so XLSX) cannot hold are mapped or dropped as ``textnorm`` says.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Iterable

from coding.text.textnorm import export_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-5", "+1,5", "-1.234,5e3") is no formula: Excel reads a number.
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?%?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (also after leading blanks)."""
    head = text.lstrip(" \n")
    return (text.startswith(FORMULA_START) or head.startswith(FORMULA_START)) and not _NUMBER.fullmatch(head)


def safe_cell(value: Any, *, csv: bool = True) -> Any:
    """A cell value: numbers, dates and booleans unchanged; text cleaned, never a formula in CSV."""
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.time, dt.timedelta)):
        return value
    text = export_text(str(value))
    return "'" + text if csv and is_formula_like(text) else text


def csv_row(values: Iterable[Any]) -> list[Any]:
    """One CSV row with every cell through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet; text cells stay text even when they start with ``=``."""
    row = [safe_cell(v, csv=False) for v in values]
    ws.append(row)
    for col, value in enumerate(row, start=1):
        if isinstance(value, str):
            cell = ws.cell(ws.max_row, col)
            cell.data_type = "s"  # openpyxl makes a formula of any str starting with "="
            if is_formula_like(value):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited
