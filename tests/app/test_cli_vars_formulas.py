"""``andock vars`` with a workbook whose formulas have no stored results: one line, nothing set."""
from __future__ import annotations

import sqlite3

import openpyxl

from tests.conftest import write


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_formulas_without_results_are_refused_and_change_nothing(tmp_path, cli):
    proj = tmp_path / "p.andock"
    assert cli("new", proj)[0] == 0
    assert cli("import", proj, write(tmp_path / "I1.txt", "Erstes Interview."))[0] == 0
    workbook = openpyxl.Workbook()
    for row in (["Dokument", "Einwohner", "Doppelt"], ["I1", 1000, "=B2*2"]):
        workbook.active.append(row)
    table = tmp_path / "formeln.xlsx"
    workbook.save(table)
    before = dump(proj)
    code, out, err = cli("vars", proj, table)
    assert code == 1 and out == ""
    assert err == ("andock: formeln.xlsx: cell C2 holds a formula without a computed value; open the "
                   "file in Excel or LibreOffice, save it and import it again\n")
    assert dump(proj) == before
