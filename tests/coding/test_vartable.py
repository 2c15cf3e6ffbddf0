"""Reading variable tables from real CSV bytes and real .xlsx files written by openpyxl."""
from __future__ import annotations

import codecs
import datetime as dt
import zipfile

import openpyxl
import pytest

from coding.base.errors import InputError
from coding.exchange.vartable import RowProblem, read_variable_table

GERMAN_EXCEL_CSV = (
    "Dokument;Gemeinde;Größenklasse;Bundesland;Einwohner;Anteil;Budget;Befragt am;Ankunftsquartier\r\n"
    "Interview 01;Görlitz;klein;Sachsen;54.321;3,5;1.234,5;05.03.2024;ja\r\n"
    "Interview 02;Gießen;mittel;Hessen;120.000;12,25;800;5.3.2024;nein\r\n"
    "Interview 03;Fürth;mittel;Bayern;130.000;7;2.000,75;2024-04-01;\r\n"
    "Interview 04;Jena;klein;Thüringen;110.500;0,5;;;ja\r\n"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_xlsx(tmp_path, rows, name="umfrage.xlsx", sheets=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for title, extra_rows in (sheets or {}).items():
        extra = workbook.create_sheet(title)
        for row in extra_rows:
            extra.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_german_excel_csv_with_bom_semicolons_and_decimal_comma(tmp_path):
    path = write(tmp_path, "umfrage.csv", codecs.BOM_UTF8 + GERMAN_EXCEL_CSV.encode("utf-8"))
    table = read_variable_table(path)
    assert table.problems == []
    assert table.key_column == "Dokument"
    assert table.columns == ["Gemeinde", "Größenklasse", "Bundesland", "Einwohner", "Anteil",
                             "Budget", "Befragt am", "Ankunftsquartier"]
    assert table.types == {
        "Gemeinde": "text", "Größenklasse": "category", "Bundesland": "text",
        "Einwohner": "integer", "Anteil": "float", "Budget": "float", "Befragt am": "date",
        "Ankunftsquartier": "boolean",
    }
    assert table.rows[0] == (2, "Interview 01", {
        "Gemeinde": "Görlitz", "Größenklasse": "klein", "Bundesland": "Sachsen",
        "Einwohner": "54321", "Anteil": "3.5", "Budget": "1234.5", "Befragt am": "2024-03-05",
        "Ankunftsquartier": "true",
    })
    assert [(n, k) for n, k, _ in table.rows] == [
        (2, "Interview 01"), (3, "Interview 02"), (4, "Interview 03"), (5, "Interview 04")]
    assert table.rows[1][2]["Befragt am"] == "2024-03-05"
    assert table.rows[1][2]["Budget"] == "800.0"
    assert table.rows[2][2]["Ankunftsquartier"] is None
    assert table.rows[3][2]["Budget"] is None
    assert table.rows[3][2]["Bundesland"] == "Thüringen"


def test_utf8_without_bom_and_utf16_with_bom_read_the_same(tmp_path):
    plain = read_variable_table(write(tmp_path, "a.csv", GERMAN_EXCEL_CSV.encode("utf-8")))
    utf16 = read_variable_table(write(tmp_path, "b.csv", GERMAN_EXCEL_CSV.encode("utf-16")))
    assert plain.rows == utf16.rows
    assert plain.types == utf16.types
    assert utf16.rows[0][2]["Gemeinde"] == "Görlitz"


def test_english_csv_with_commas(tmp_path):
    data = ("name,region,share,surveyed\n"
            "Interview A,East,3.5,2024-03-05\n"
            "Interview B,West,0.25,2024-03-06\n"
            "Interview C,East,12,2024-03-07\n")
    table = read_variable_table(write(tmp_path, "survey.csv", data.encode()))
    assert table.problems == []
    assert table.key_column == "name"
    assert table.types == {"region": "category", "share": "float", "surveyed": "date"}
    assert table.rows == [
        (2, "Interview A", {"region": "East", "share": "3.5", "surveyed": "2024-03-05"}),
        (3, "Interview B", {"region": "West", "share": "0.25", "surveyed": "2024-03-06"}),
        (4, "Interview C", {"region": "East", "share": "12.0", "surveyed": "2024-03-07"}),
    ]


def test_tsv_and_excel_sep_line(tmp_path):
    tsv = read_variable_table(write(tmp_path, "t.tsv", b"Interview\tAlter\nI1\t34\nI2\t51\n"))
    assert tsv.key_column == "Interview"
    assert tsv.rows == [(2, "I1", {"Alter": "34"}), (3, "I2", {"Alter": "51"})]
    sep = read_variable_table(write(tmp_path, "s.csv", b"sep=,\nDokument,Note\nD1,2\n"))
    assert sep.rows == [(3, "D1", {"Note": "2"})]  # the sep= line counts as line 1


def test_quoted_delimiters_and_newlines_keep_row_numbers(tmp_path):
    data = ('Dokument;Bemerkung;Anteil\r\n'
            'I1;"Stadt; Landkreis";3,5\r\n'
            'I2;"erste Zeile\r\nzweite Zeile";4\r\n'
            'I3;"Zitat ""Ankommen""";5,5\r\n'
            'I4;kurz\r\n')
    table = read_variable_table(write(tmp_path, "q.csv", data.encode("utf-8")))
    # A record spanning lines 3-4 is reported at its first line; the next record is line 5.
    assert [(n, k) for n, k, _ in table.rows] == [(2, "I1"), (3, "I2"), (5, "I3")]
    assert table.rows[0][2] == {"Bemerkung": "Stadt; Landkreis", "Anteil": "3.5"}
    assert table.rows[1][2]["Bemerkung"] == "erste Zeile\nzweite Zeile"
    assert table.rows[2][2]["Bemerkung"] == 'Zitat "Ankommen"'
    assert table.problems == [RowProblem(6, "2 cells, but the header has 3")]
    assert str(table.problems[0]) == "row 6: 2 cells, but the header has 3"


@pytest.mark.parametrize(("data", "expected"), [
    # a comma in a header name and decimal commas must not win over ';'
    ("Dokument;Einwohner, gesamt;Anteil\nI1;100;3,5\nI2;200;4,25\n",
     ["Einwohner, gesamt", "Anteil"]),
    # a quoted ';' in an English header must not win over ','
    ('document,"Region; Land",share\nI1,Ost,3.5\nI2,West,4\n', ["Region; Land", "share"]),
    ("Dokument\tAnteil\nI1\t3,5\n", ["Anteil"]),
])
def test_delimiter_detection(tmp_path, data, expected):
    table = read_variable_table(write(tmp_path, "d.txt", data.encode()))
    assert table.columns == expected
    assert table.problems == []


def test_cp1252_is_refused_without_encoding_and_read_with_it(tmp_path):
    path = write(tmp_path, "alt.csv", "Dokument;Größenklasse\nI1;groß\nI2;groß\n".encode("cp1252"))
    with pytest.raises(InputError, match="--encoding cp1252"):
        read_variable_table(path)
    table = read_variable_table(path, encoding="cp1252")
    assert table.columns == ["Größenklasse"]
    assert table.rows == [(2, "I1", {"Größenklasse": "groß"}), (3, "I2", {"Größenklasse": "groß"})]


def test_row_problems_each_kind_with_its_row_number(tmp_path):
    data = ("Dokument;Einwohner;Datum\n"
            "I1;100;01.01.2024\n"
            "I2;200\n"                   # row 3: too few cells
            ";300;02.01.2024\n"          # row 4: empty key
            "\n"                         # row 5: empty, skipped silently
            ";;\n"                       # row 6: empty, skipped silently
            "I1;400;03.01.2024\n"        # row 7: duplicate key
            "I5;viele;04.01.2024\n"      # row 8: not an integer
            "I6;600;31.02.2024;x\n")     # row 9: too many cells
    existing = {"Einwohner": "integer", "Datum": "date"}
    table = read_variable_table(write(tmp_path, "p.csv", data.encode()), existing_types=existing)
    assert table.problems == [
        RowProblem(3, "2 cells, but the header has 3"),
        RowProblem(4, "empty key (column 'Dokument')"),
        RowProblem(7, "duplicate key 'I1' (already in row 2)"),
        RowProblem(8, "column 'Einwohner' (integer): 'viele' is not a whole number"),
        RowProblem(9, "4 cells, but the header has 3"),
    ]
    assert table.types == existing


def test_existing_type_overrides_inference_and_misfits_are_problems(tmp_path):
    data = "Dokument;Kennziffer;Anteil\nI1;01067;3,5\nI2;01069;hoch\n"
    table = read_variable_table(write(tmp_path, "e.csv", data.encode()),
                                existing_types={"Anteil": "float"})
    assert table.types == {"Kennziffer": "text", "Anteil": "float"}
    assert table.rows[0][2] == {"Kennziffer": "01067", "Anteil": "3.5"}
    assert table.rows[1][2] == {"Kennziffer": "01069", "Anteil": None}
    assert table.problems == [RowProblem(3, "column 'Anteil' (float): 'hoch' is not a number")]


def test_trailing_empty_cells_and_header_columns_are_tolerated(tmp_path):
    data = "Dokument;Alter;;\nI1;34;;\nI2;51;;\n"
    table = read_variable_table(write(tmp_path, "t.csv", data.encode()))
    assert table.columns == ["Alter"]
    assert table.problems == []
    assert table.rows == [(2, "I1", {"Alter": "34"}), (3, "I2", {"Alter": "51"})]


def test_key_selection(tmp_path):
    data = "Nr;Name;Interview;Region\n1;Görlitz;I1;Ost\n2;Gießen;I2;West\n"
    path = write(tmp_path, "k.csv", data.encode())
    assert read_variable_table(path).key_column == "Interview"  # preferred over "Name"
    table = read_variable_table(path, key="name")  # case-insensitive
    assert table.key_column == "Name"
    assert table.columns == ["Nr", "Interview", "Region"]
    assert [k for _, k, _ in table.rows] == ["Görlitz", "Gießen"]
    with pytest.raises(InputError, match="no column 'Stadt'; columns are: Nr, Name, Interview, Region"):
        read_variable_table(path, key="Stadt")
    first = write(tmp_path, "f.csv", b"Kennung;Alter\nA;1\nB;2\n")
    assert read_variable_table(first).key_column == "Kennung"


@pytest.mark.parametrize(("header", "message"), [
    ("Dokument;;Alter", "column 2 of the header \\(row 1\\) has no name"),
    ("Dokument;Alter;alter", "duplicate column name 'alter' \\(columns 2 and 3\\)"),
    ("Dokument", "only the key column 'Dokument'"),
])
def test_bad_headers_are_refused(tmp_path, header, message):
    with pytest.raises(InputError, match=message):
        read_variable_table(write(tmp_path, "h.csv", (header + "\nI1;2;3\n").encode()))


def test_empty_and_unsupported_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read_variable_table(write(tmp_path, "leer.csv", b"\n\n"))
    with pytest.raises(InputError, match="save it as .xlsx"):
        read_variable_table(write(tmp_path, "alt.xls", b"\xd0\xcf\x11\xe0"))
    with pytest.raises(InputError, match="unsupported file type '.ods'"):
        read_variable_table(write(tmp_path, "t.ods", b"PK"))
    with pytest.raises(InputError, match="cannot read file"):
        read_variable_table(tmp_path / "fehlt.csv")


def test_xlsx_with_typed_cells(tmp_path):
    rows = [
        ["Interview", "PLZ", "Einwohner", "Anteil", "Befragt am", "Ankunftsquartier", "Region"],
        ["I1", "01067", 556780, 3.5, dt.datetime(2024, 3, 5), True, "Ost"],
        ["I2", "04109", 601866, 0.1 + 0.2, dt.date(2024, 3, 6), False, "Ost"],
        ["I3", "35390", 90131, 12, dt.datetime(2024, 3, 7), None, "West"],
    ]
    table = read_variable_table(write_xlsx(tmp_path, rows))
    assert table.problems == []
    assert table.key_column == "Interview"
    assert table.types == {"PLZ": "text", "Einwohner": "integer", "Anteil": "float",
                           "Befragt am": "date", "Ankunftsquartier": "boolean",
                           "Region": "category"}
    assert table.rows == [
        (2, "I1", {"PLZ": "01067", "Einwohner": "556780", "Anteil": "3.5",
                   "Befragt am": "2024-03-05", "Ankunftsquartier": "true", "Region": "Ost"}),
        (3, "I2", {"PLZ": "04109", "Einwohner": "601866", "Anteil": "0.3",
                   "Befragt am": "2024-03-06", "Ankunftsquartier": "false", "Region": "Ost"}),
        (4, "I3", {"PLZ": "35390", "Einwohner": "90131", "Anteil": "12.0",
                   "Befragt am": "2024-03-07", "Ankunftsquartier": None, "Region": "West"}),
    ]


def test_xlsx_row_numbers_skip_gaps_and_trailing_rows(tmp_path):
    path = write_xlsx(tmp_path, [["Dokument", "Wert"], ["D1", 1], [None, None], ["D1", 2],
                                 ["D4", "viel", "Notiz"], [], [None, None]], name="g.xlsm")
    table = read_variable_table(path, existing_types={"Wert": "integer"})
    assert table.rows == [(2, "D1", {"Wert": "1"})]
    assert table.problems == [
        RowProblem(4, "duplicate key 'D1' (already in row 2)"),
        RowProblem(5, "value in column 3 or later, which has no header"),
    ]


def test_xlsx_uses_the_only_filled_sheet_when_the_first_is_empty(tmp_path):
    path = write_xlsx(tmp_path, [], sheets={"Daten": [["Dokument", "Alter"], ["I1", 40]]})
    assert read_variable_table(path).rows == [(2, "I1", {"Alter": "40"})]
    two = write_xlsx(tmp_path, [], name="zwei.xlsx",
                     sheets={"A": [["Dokument", "X"], ["I1", 1]], "B": [["Dokument", "Y"], ["I1", 2]]})
    with pytest.raises(InputError, match="first worksheet is empty"):
        read_variable_table(two)
    empty = write_xlsx(tmp_path, [], name="leer.xlsx")
    with pytest.raises(InputError, match="no data"):
        read_variable_table(empty)


def test_corrupt_and_hostile_xlsx_are_refused(tmp_path):
    with pytest.raises(InputError, match="not a zip archive"):
        read_variable_table(write(tmp_path, "kaputt.xlsx", b"this is not a workbook"))
    not_excel = tmp_path / "anders.xlsx"
    with zipfile.ZipFile(not_excel, "w") as archive:
        archive.writestr("hello.txt", "kein Excel")
    with pytest.raises(InputError, match="cannot read workbook"):
        read_variable_table(not_excel)
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(InputError, match="is compressed more than 100:1"):
        read_variable_table(bomb)


def test_xlsx_larger_than_200_mb_unpacked_is_refused(tmp_path, monkeypatch):
    import coding.exchange.zipguard as zipguard
    monkeypatch.setattr(zipguard, "MAX_TOTAL_BYTES", 1000)  # a real 200 MB file is too slow
    path = write_xlsx(tmp_path, [["Dokument", "A"], ["I1", "x"]])
    with pytest.raises(InputError, match="would unpack to 0 MB; refusing"):
        read_variable_table(path)
