"""Matrices as spreadsheets: XLSX (openpyxl) and CSV, English or German Excel flavour.

Numbers stay numbers (shares as fractions with a percent format in XLSX); German CSV means
``;`` between fields, decimal comma and a UTF-8 BOM, which is what German Excel opens directly.
Text cells go through ``sheetcells`` (never a formula); files are replaced atomically (``safefile``).
"""
from __future__ import annotations

import csv
import locale
import os
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coding.analysis.cooccurrence import Cooccurrence
from coding.analysis.crosstab import Crosstab, CrosstabRow
from coding.base.safefile import atomic_path, atomic_write
from coding.exchange.sheetcells import append_row, csv_row

VALUES = ("counts", "shares", "per_1000_words")
_LABELS = {
    "en": {"code": "Code", "total": "Total", "documents": "Documents (n)", "words": "Words",
           "counts": "Counts", "shares": "Shares", "per_1000_words": "Per 1,000 words",
           "code_a": "Code A", "code_b": "Code B", "pairs": "Segment pairs", "docs": "Documents",
           "both": "Documents with both codes", "overlap": "Overlapping segments",
           "same_turn": "Segments in the same turn"},
    "de": {"code": "Code", "total": "Gesamt", "documents": "Dokumente (n)", "words": "Wörter",
           "counts": "Anzahl", "shares": "Anteile", "per_1000_words": "Je 1.000 Wörter",
           "code_a": "Code A", "code_b": "Code B", "pairs": "Segmentpaare", "docs": "Dokumente",
           "both": "Dokumente mit beiden Codes", "overlap": "Überlappende Segmente",
           "same_turn": "Segmente im selben Sprecherbeitrag"},
}
# what each XLSX sheet's numbers are, in its first row: {subcodes} {columns} {coders} {total} … filled in
_STATEMENTS = {
    "en": {
        "counts_documents": "Number of documents in which the code{with_subcodes} is coded at least once (each "
                            "document counted once per cell, however often it is coded); {total}: documents with "
                            "the code; {total} row: documents with any of these codes.",
        "counts_segments": "Number of coded segments of the code{and_subcodes} (every segment counts, also several "
                           "in one document); {total}: all its segments; {total} row: segments of all these "
                           "codes, each counted once.",
        "shares": "Share of the column's documents in which the code{with_subcodes} is coded at least once "
                  "(documents with the code ÷ row {documents} on the sheet {counts}).",
        "per_1000_words": "Coded segments of the code{and_subcodes} per 1,000 words of the column's documents "
                          "(segments ÷ row {words} on the sheet {counts} × 1,000).",
        "with_subcodes": " or one of its subcodes", "and_subcodes": " and its subcodes",
        "itself": " itself (subcodes not counted)",
        "by_variable": "Columns: groups of documents by the variable '{by}'.",
        "by_document": "Columns: one per document.",
        "all_coders": "Segments of all coders.", "some_coders": "Only segments of the chosen coders.",
        "named_coders": "Only segments of {names}.",
    },
    "de": {
        "counts_documents": "Anzahl der Dokumente, in denen der Code{with_subcodes} mindestens einmal codiert ist "
                            "(jedes Dokument zählt je Zelle einmal, wie oft es auch codiert ist); {total}: "
                            "Dokumente mit dem Code; Zeile {total}: Dokumente mit irgendeinem dieser Codes.",
        "counts_segments": "Anzahl der codierten Segmente des Codes{and_subcodes} (jedes Segment zählt, auch "
                           "mehrere in einem Dokument); {total}: alle seine Segmente; Zeile {total}: Segmente "
                           "aller dieser Codes, jedes einmal gezählt.",
        "shares": "Anteil der Dokumente der Spalte, in denen der Code{with_subcodes} mindestens einmal codiert "
                  "ist (Dokumente mit dem Code ÷ Zeile „{documents}“ im Blatt „{counts}“).",
        "per_1000_words": "Codierte Segmente des Codes{and_subcodes} je 1.000 Wörter der Dokumente der Spalte "
                          "(Segmente ÷ Zeile „{words}“ im Blatt „{counts}“ × 1.000).",
        "with_subcodes": " oder einer seiner Subcodes", "and_subcodes": " und seiner Subcodes",
        "itself": " selbst (Subcodes nicht mitgezählt)",
        "by_variable": "Spalten: Gruppen der Dokumente nach der Variable „{by}“.",
        "by_document": "Spalten: je Dokument eine.",
        "all_coders": "Segmente aller Codierenden.", "some_coders": "Nur Segmente der gewählten Codierenden.",
        "named_coders": "Nur Segmente von {names}.",
    },
}
_BOLD = Font(bold=True)
_NOTE = Font(italic=True)
_SCALE = dict(start_type="min", start_color="FFFFFF", end_type="max", end_color="F8696B")


def german_locale() -> bool:
    """Whether the user's locale is German (then CSV files default to German Excel's flavour)."""
    for var in ("LC_ALL", "LC_NUMERIC", "LANG"):
        if os.environ.get(var):
            return os.environ[var].lower().startswith("de")
    lang = locale.getlocale()[0] or ""
    return lang.lower().startswith("de")


def _labels(lang: str) -> dict[str, str]:
    return _LABELS["de" if lang.lower().startswith("de") else "en"]


def _row_values(row: CrosstabRow, values: str) -> list:
    by_kind: dict[str, list] = {"counts": row.counts, "shares": row.shares, "per_1000_words": row.per_1000_words}
    return by_kind[values]


def crosstab_statement(table: Crosstab, values: str, *, lang: str = "en", coder_names: Sequence[str] = ()) -> str:
    """What the numbers of one sheet (``values``) are, exactly as the table computed them: documents
    or segments, with or without subcodes, the columns, and whose segments (``coder_names``: the
    names of the table's coders, when it was restricted to some)."""
    lab, text = _labels(lang), _STATEMENTS["de" if lang.lower().startswith("de") else "en"]
    key = f"counts_{table.mode}" if values == "counts" else values
    measure = text[key].format(
        with_subcodes=text["with_subcodes" if table.include_subcodes else "itself"],
        and_subcodes=text["and_subcodes" if table.include_subcodes else "itself"],
        total=lab["total"], documents=lab["documents"], words=lab["words"], counts=lab["counts"])
    columns = text["by_variable"].format(by=table.by) if table.by is not None else text["by_document"]
    if table.coder_ids is None:
        coders = text["all_coders"]
    else:
        coders = text["named_coders"].format(names=", ".join(coder_names)) if coder_names else text["some_coders"]
    return f"{measure} {columns} {coders}"


def write_crosstab_xlsx(table: Crosstab, path: str | Path, *, lang: str = "en",
                        coder_names: Sequence[str] = ()) -> Path:
    """Counts (colour scale, totals), shares and segments per 1,000 words, one sheet each; the
    first row of each says what its numbers are (``crosstab_statement``), the table starts below."""
    lab = _labels(lang)
    wb = Workbook()
    for i, values in enumerate(VALUES):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = lab[values]
        append_row(ws, [crosstab_statement(table, values, lang=lang, coder_names=coder_names)])
        ws["A1"].font = _NOTE
        header = [lab["code"], *table.columns] + ([lab["total"]] if values == "counts" else [])
        append_row(ws, header)
        for cell in ws[2]:
            cell.font = _BOLD
        for row in table.rows:
            nums = _row_values(row, values)
            append_row(ws, [row.path, *nums] + ([row.total] if values == "counts" else []))
            ws.cell(ws.max_row, 1).alignment = Alignment(indent=row.depth)
        n_rows, n_cols = len(table.rows), len(table.columns)
        fmt = {"shares": "0.0%", "per_1000_words": "0.00"}.get(values)
        if fmt:
            for r in ws.iter_rows(min_row=3, max_row=n_rows + 2, min_col=2, max_col=n_cols + 1):
                for cell in r:
                    cell.number_format = fmt
        if values == "counts":
            append_row(ws, [lab["total"], *table.column_totals, table.grand_total])
            append_row(ws, [lab["documents"], *table.column_documents, sum(table.column_documents)])
            append_row(ws, [lab["words"], *table.column_words, sum(table.column_words)])
            for r in range(n_rows + 3, ws.max_row + 1):
                ws.cell(r, 1).font = _BOLD
            if n_rows and n_cols:
                ws.conditional_formatting.add(
                    f"B3:{get_column_letter(n_cols + 1)}{n_rows + 2}", ColorScaleRule(**_SCALE))
        ws.freeze_panes = "B3"  # the statement and the header stay in view
        ws.column_dimensions["A"].width = min(60, max([12] + [len(r.path) + 2 * r.depth for r in table.rows]))
        for c in range(2, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(c)].width = max(10, min(30, len(str(header[c - 1])) + 2))
    return _save(wb, path)


def _save(wb: Workbook, path: str | Path) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _fmt(value: float | int | None, german: bool, digits: int) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if german else text


def _write_csv(path: Path, rows: Sequence[Sequence[str]], german: bool) -> Path:
    with atomic_write(path, "w", newline="", encoding="utf-8-sig" if german else "utf-8") as fh:
        csv.writer(fh, delimiter=";" if german else ",").writerows(csv_row(r) for r in rows)
    return path


def write_crosstab_csv(table: Crosstab, path: str | Path, *, values: str = "counts",
                       german: bool | None = None, lang: str | None = None) -> Path:
    """One matrix as CSV: counts (with totals), shares in percent, or segments per 1,000 words."""
    if values not in VALUES:
        raise ValueError(f"values must be one of {VALUES}")
    german = german_locale() if german is None else german
    lab = _labels(lang or ("de" if german else "en"))
    suffix = {"counts": "", "shares": " (%)", "per_1000_words": ""}[values]
    rows = [[lab["code"], *[c + suffix for c in table.columns]] + ([lab["total"]] if values == "counts" else [])]
    for row in table.rows:
        nums = _row_values(row, values)
        if values == "shares":
            nums = [None if x is None else x * 100 for x in nums]
        rows.append([row.path, *[_fmt(x, german, 1 if values == "shares" else 2) for x in nums]]
                    + ([str(row.total)] if values == "counts" else []))
    if values == "counts":
        rows.append([lab["total"], *map(str, table.column_totals), str(table.grand_total)])
        rows.append([lab["documents"], *map(str, table.column_documents), str(sum(table.column_documents))])
        rows.append([lab["words"], *map(str, table.column_words), str(sum(table.column_words))])
    return _write_csv(Path(path), rows, german)


def write_cooccurrence_xlsx(co: Cooccurrence, path: str | Path, *, lang: str = "en") -> Path:
    """Three square sheets (segment pairs, documents, documents with both codes) and a pair list."""
    lab = _labels(lang)
    wb = Workbook()
    sheets = ((lab["same_turn" if co.same_turn else "overlap"], co.segment_pairs), (lab["docs"], co.documents),
              (lab["both"], co.documents_with_both))
    n = len(co.code_ids)
    for i, (title, matrix) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title[:31]  # Excel's limit for sheet names
        append_row(ws, [lab["code"], *co.paths])
        for cell in ws[1]:
            cell.font = _BOLD
        for r in range(n):
            append_row(ws, [co.paths[r], *[int(x) for x in matrix[r]]])
            ws.cell(r + 2, 1).alignment = Alignment(indent=co.depths[r])
        if n:
            ws.conditional_formatting.add(f"B2:{get_column_letter(n + 1)}{n + 1}", ColorScaleRule(**_SCALE))
        ws.freeze_panes = "B2"
        ws.column_dimensions["A"].width = min(60, max([12] + [len(p) for p in co.paths]))
    ws = wb.create_sheet("Paare" if lang.lower().startswith("de") else "Pairs")
    append_row(ws, [lab["code_a"], lab["code_b"], lab["pairs"], lab["docs"], lab["both"]])
    for cell in ws[1]:
        cell.font = _BOLD
    for p in co.pairs():
        append_row(ws, [p.path_a, p.path_b, p.segment_pairs, p.documents, p.documents_with_both])
    ws.freeze_panes = "A2"
    return _save(wb, path)


def write_cooccurrence_csv(co: Cooccurrence, path: str | Path, *, german: bool | None = None,
                           lang: str | None = None) -> Path:
    """The co-occurring pairs as a list (code A, code B, segment pairs, documents, with both)."""
    german = german_locale() if german is None else german
    lab = _labels(lang or ("de" if german else "en"))
    rows = [[lab["code_a"], lab["code_b"], lab["pairs"], lab["docs"], lab["both"]]]
    rows += [[p.path_a, p.path_b, str(p.segment_pairs), str(p.documents), str(p.documents_with_both)]
             for p in co.pairs()]
    return _write_csv(Path(path), rows, german)
