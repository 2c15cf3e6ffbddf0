"""Reading document-variable tables (survey results per municipality etc.) from CSV and XLSX.

Pure: no database, no Qt. The result lists every problem by the row number the user sees in
Excel or a text editor (header = row 1), so a table is either applied whole or not at all.
"""
from __future__ import annotations

import csv
import io
import itertools
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coding.base.errors import InputError
from coding.text.textio import read_text_file
from coding.exchange.vartypes import column_style, infer_type, is_empty, parse_value
from coding.exchange.zipguard import check_zip
from coding.base.messages import _

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Preferred key columns, best first (compared case-insensitively).
KEY_NAMES = ("dokument", "document", "dokumentname", "document name", "interview", "name")
_FILE_STYLES = {";": "de", ",": "en"}  # number notation when a column shows no evidence
_DELIMITERS = (";", "\t", ",")  # order breaks ties: German Excel exports use ';'
_SNIFF_RECORDS = 50

_Record = tuple[int, list[object]]  # (row number as the user sees it, cells)


@dataclass
class RowProblem:
    """One reason the table cannot be applied, at a 1-based row (header = row 1)."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class VariableTable:
    """A parsed variable table; apply it only if ``problems`` is empty."""

    key_column: str
    columns: list[str]
    types: dict[str, str]
    rows: list[tuple[int, str, dict[str, str | None]]]
    problems: list[RowProblem]


def read_variable_table(path: str | Path, key: str | None = None, encoding: str | None = None,
                        existing_types: Mapping[str, str] | None = None) -> VariableTable:
    """Read a CSV/TSV/XLSX variable table, infer column types and collect row problems."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(_("{name}: old Excel format (.xls) is not supported; open it in Excel or "
                           "LibreOffice and save it as .xlsx or CSV", name=path.name))
    if suffix in XLSX_SUFFIXES:
        (records, style), strict_width = (_read_xlsx(path), None), False
    elif suffix in CSV_SUFFIXES:
        (records, style), strict_width = _read_csv(path, encoding), True
    else:
        raise InputError(_("{name}: unsupported file type '{suffix}'; use .csv, .tsv, .txt, .xlsx or .xlsm",
                           name=path.name, suffix=path.suffix))
    return _build_table(records, path.name, key, existing_types or {}, strict_width, style)


# --- CSV -------------------------------------------------------------------------------------

def _read_csv(path: Path, encoding: str | None) -> tuple[list[_Record], str | None]:
    """The records and the file's number notation (German only for ';', as German Excel writes)."""
    text = read_text_file(path, encoding)
    offset = 0
    delimiter = "\t" if path.suffix.lower() == ".tsv" else None
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    first, _sep, rest = text.partition("\n")
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter, text, offset = first[4], rest, 1
    if delimiter is None:
        delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[_Record] = []
    previous_line = 0
    try:
        for cells in reader:
            # A record with newlines inside quotes is reported at its first line.
            records.append((previous_line + 1 + offset, list(cells)))
            previous_line = reader.line_num
    except csv.Error as exc:
        raise InputError(_("{name}: line {lineno}: cannot read CSV ({exc})",
                           name=path.name, lineno=previous_line + 1 + offset, exc=exc)) from None
    return records, _FILE_STYLES.get(delimiter)


def _detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the header into most columns with consistent rows.

    Parsing with csv (rather than counting characters) keeps quoted ';' and newlines inside
    fields from misleading the choice; decimal commas make ',' inconsistent in German files.
    """
    best, best_score = _DELIMITERS[0], (False, -1.0, 0)
    for delimiter in _DELIMITERS:
        sample = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = [r for r in itertools.islice(sample, _SNIFF_RECORDS) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        body = rows[1:]
        consistent = sum(len(r) == width for r in body) / len(body) if body else 1.0
        score = (width > 1, consistent, width)
        if score > best_score:  # strict: on ties the earlier (preferred) delimiter stays
            best, best_score = delimiter, score
    return best


# --- XLSX ------------------------------------------------------------------------------------

def _check_xlsx(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise InputError(_("{name}: cannot read file ({reason})",
                           name=path.name, reason=exc.strerror or exc)) from None
    if not head.startswith(b"PK"):  # encrypted workbooks are OLE files, not zips
        raise InputError(_("{name}: not a valid .xlsx file (not a zip archive; password-protected workbooks "
                           "must be saved without password)", name=path.name))
    check_zip(path, "Excel workbook")


def _read_xlsx(path: Path) -> list[_Record]:
    """Records of the workbook's table sheet, with the values Excel computed last."""
    _check_xlsx(path)
    import openpyxl  # imported late: CSV-only use should not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheets = [_sheet_records(ws) for ws in workbook.worksheets]
            finally:
                workbook.close()
            index = _table_sheet(sheets, path.name)
            _refuse_uncomputed_formulas(path, index, sheets[index])
    except InputError:
        raise
    except Exception as exc:  # corrupt workbooks raise anything from KeyError to ValueError
        raise InputError(_("{name}: cannot read workbook ({error}: {exc})",
                           name=path.name, error=type(exc).__name__, exc=exc)) from None
    return sheets[index]


def _table_sheet(sheets: list[list[_Record]], source: str) -> int:
    """Index of the worksheet holding the table: the first, or the only one with data."""
    filled = [i for i, records in enumerate(sheets) if records]
    if not filled:
        raise InputError(_("{source}: the workbook contains no data", source=source))
    if sheets[0] or len(filled) == 1:
        return filled[0]
    raise InputError(_("{source}: the first worksheet is empty and several others hold data; move the "
                       "table to the first worksheet", source=source))


def _refuse_uncomputed_formulas(path: Path, index: int, records: list[_Record]) -> None:
    """Refuse formula cells that have no stored result (they would import as empty values).

    Excel and LibreOffice store each formula's last result; a workbook written by a program
    (openpyxl, pandas) often holds only the formula, so its cells read as empty.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    values = dict(records)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = workbook.worksheets[index]
        ws.reset_dimensions()
        missing = [f"{get_column_letter(col)}{number}"
                   for number, cells in enumerate(ws.iter_rows(values_only=True), start=1)
                   for col, cell in enumerate(cells, start=1)
                   if _is_formula(cell) and _value_at(values, number, col) is None]
    finally:
        workbook.close()
    if missing:
        cells = ", ".join(missing[:5]) + (_(" and {n} more", n=len(missing) - 5) if len(missing) > 5 else "")
        if len(missing) == 1:
            raise InputError(_("{name}: cell {cells} holds a formula without a computed value; open the "
                               "file in Excel or LibreOffice, save it and import it again",
                               name=path.name, cells=cells))
        raise InputError(_("{name}: cells {cells} hold formulas without a computed value; open the file "
                           "in Excel or LibreOffice, save it and import it again",
                           name=path.name, cells=cells))


def _is_formula(cell: object) -> bool:
    # formula-mode cells: "=..." strings, or openpyxl's ArrayFormula/DataTableFormula objects
    return (isinstance(cell, str) and cell.startswith("=")) or hasattr(cell, "ref")


def _value_at(values: dict[int, list[object]], number: int, col: int) -> object:
    row = values.get(number, [])
    return row[col - 1] if col <= len(row) else None


def _sheet_records(ws: Any) -> list[_Record]:  # openpyxl ReadOnlyWorksheet
    # The stored dimension is often wrong (some writers say A1:A1); read what is really there.
    ws.reset_dimensions()
    return [(number, list(cells))
            for number, cells in enumerate(ws.iter_rows(values_only=True), start=1)
            if not all(is_empty(c) for c in cells)]


# --- Table -----------------------------------------------------------------------------------

def _header(record: _Record, source: str) -> list[str]:
    names = [parse_value(c, "text") or "" for c in record[1]]
    while names and not names[-1]:  # Excel exports trailing ';' for formatted empty columns
        names.pop()
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        if not name:
            raise InputError(_("{source}: column {index} of the header (row {row}) has no name",
                               source=source, index=index, row=record[0]))
        if name.casefold() in seen:
            raise InputError(_("{source}: duplicate column name '{name}' (columns {first} and {index})",
                               source=source, name=name, first=seen[name.casefold()], index=index))
        seen[name.casefold()] = index
    return names


def _choose_key(names: list[str], key: str | None, source: str) -> str:
    if key is not None:
        for wanted in (key, key.strip().casefold()):
            matches = [n for n in names if n == wanted or n.casefold() == wanted]
            if matches:
                return matches[0]
        raise InputError(_("{source}: no column '{key}'; columns are: {columns}",
                           source=source, key=key, columns=', '.join(names)))
    by_folded = {n.casefold(): n for n in names}
    for candidate in KEY_NAMES:
        if candidate in by_folded:
            return by_folded[candidate]
    return names[0]


def _build_table(records: list[_Record], source: str, key: str | None,
                 existing_types: Mapping[str, str], strict_width: bool,
                 file_style: str | None) -> VariableTable:
    records = [r for r in records if not all(is_empty(c) for c in r[1])]
    if not records:
        raise InputError(_("{source}: the file is empty (a header row is needed)", source=source))
    names = _header(records[0], source)
    key_column = _choose_key(names, key, source)
    columns = [n for n in names if n != key_column]
    if not columns:
        raise InputError(_("{source}: only the key column '{key_column}'; no variables to import",
                           source=source, key_column=key_column))
    key_index = names.index(key_column)
    problems: list[RowProblem] = []
    accepted: list[tuple[int, str, list[object]]] = []
    first_row_of: dict[str, int] = {}
    for number, cells in records[1:]:
        extra = cells[len(names):]
        if strict_width and (len(cells) < len(names) or not all(is_empty(c) for c in extra)):
            problems.append(RowProblem(number, _("{n} cells, but the header has {n2}",
                                                 n=len(cells), n2=len(names))))
            continue
        if not all(is_empty(c) for c in extra):
            problems.append(RowProblem(number, _("value in column {column} or later, which has no header",
                                                 column=len(names) + 1)))
            continue
        cells = cells[:len(names)] + [None] * (len(names) - len(cells))
        key_value = parse_value(cells[key_index], "text")
        if key_value is None:
            problems.append(RowProblem(number, _("empty key (column '{key_column}')", key_column=key_column)))
            continue
        if key_value in first_row_of:
            problems.append(RowProblem(number, _("duplicate key '{key_value}' (already in row {row})",
                                                 key_value=key_value, row=first_row_of[key_value])))
            continue
        first_row_of[key_value] = number
        accepted.append((number, key_value, cells))

    indices = {name: names.index(name) for name in columns}
    raws = {name: [c[indices[name]] for _, _, c in accepted] for name in columns}
    styles = {name: column_style(raws[name], file_style) for name in columns}
    types = {name: existing_types.get(name) or infer_type(raws[name], styles[name]) for name in columns}
    rows: list[tuple[int, str, dict[str, str | None]]] = []
    for number, key_value, cells in accepted:
        values: dict[str, str | None] = {}
        for name in columns:
            try:
                values[name] = parse_value(cells[indices[name]], types[name], styles[name])
            except ValueError as exc:
                problems.append(RowProblem(number, _("column '{name}' ({type}): {exc}",
                                                     name=name, type=types[name], exc=exc)))
                values[name] = None
        rows.append((number, key_value, values))
    problems.sort(key=lambda p: p.row)
    return VariableTable(key_column, columns, types, rows, problems)
