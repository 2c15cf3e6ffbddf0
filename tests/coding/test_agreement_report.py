"""The agreement report read back: XLSX (openpyxl), DOCX (python-docx) and PDF (pypdf), German and English."""
from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from coding.analysis.agreement import compare_coders
from coding.base.errors import InputError
from coding.reports.agreement_report import agreement_report, write_agreement_report
from coding.services import codes
from tests.coding.agreement_world import build_world


@pytest.fixture
def result(project):
    w = build_world(project)
    with project.action("A code whose name looks like a formula") as act:
        codes.rename_code(act, w.codes["Wohnen"], "=Wohnen+1")
    with project.read() as conn:
        return compare_coders(conn, [w.coders["Anna"], w.coders["Ben"]])


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_xlsx_in_english(result, tmp_path):
    path = write_agreement_report(result, tmp_path / "agreement.xlsx", lang="en", project_name="Studie")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Overview", "Code in document", "Code frequency", "Segments", "Turns and paragraphs",
                             "Disagreements", "Method"]
    overview = rows(wb["Overview"])
    assert overview[0][:7] == ["Level", "Coder A", "Coder B", "Documents", "Decisions", "Agreements",
                               "Percent agreement"]
    assert overview[1][:7] == ["Code in document", "Anna", "Ben", 2, 10, 7, 0.7]
    assert overview[3][0] == "Segments" and overview[3][7] is None  # no Cohen's kappa at the segment level
    # interval α: only at the code frequency level (12/31, worked out in tests/app/test_cli_agreement.py)
    assert overview[0][11] == "Krippendorff's alpha, interval (all coders)"
    assert overview[2][0] == "Code frequency" and overview[2][11] == pytest.approx(12 / 31)
    assert [r[11] for r in overview[1:] if r[0] != "Code frequency"] == [None, None, None]
    freq = rows(wb["Code frequency"])
    assert freq[0][15:] == ["Krippendorff's alpha (all coders)", "Krippendorff's alpha, interval (all coders)"]
    assert {r[2]: r[16] for r in freq[1:]}["All codes"] == pytest.approx(12 / 31)
    assert {r[2]: r[16] for r in freq[1:]}["Hürden"] == pytest.approx(0.0)
    assert len(rows(wb["Code in document"])[0]) == 16  # the other levels have no interval column
    docs = rows(wb["Code in document"])
    assert docs[0][3:9] == ["Decisions", "both", "coder A only", "coder B only", "neither", "Agreements"]
    by_code = {r[2]: r for r in docs[1:]}
    assert by_code["Zugänge/Ämter"][3:8] == [2, 1, 0, 1, 0]
    assert by_code["All codes"][3:10] == [10, 5, 1, 2, 2, 7, 0.7]
    assert by_code["All codes"][11] == pytest.approx(0.16 / 0.46)  # Cohen's kappa
    assert by_code["All codes"][13] == pytest.approx(0.4) and by_code["All codes"][14] == 2  # kappa_n, k
    ws = wb["Code in document"]
    assert ws.cell(2, 10).number_format == "0.0%"
    # a code named like a formula stays text
    formula_row = next(i for i, r in enumerate(docs, 1) if r[2] == "=Wohnen+1")
    assert ws.cell(formula_row, 3).data_type == "s"
    seg = {r[2]: r for r in rows(wb["Segments"])[1:]}
    assert seg["All codes"][4:8] == [8, 3, 3, 0] and seg["All codes"][14] == 5
    dis = rows(wb["Disagreements"])
    assert dis[0][:5] == ["Coder A", "Coder B", "Document", "Code", "Disagreement"]
    assert dis[1][2:5] == ["K01_Südstadt", "Zugänge/Ämter", "boundaries differ (best overlap 64.3%)"]
    assert dis[1][7].endswith("] über die Ämter") and dis[1][8].endswith("] die Ämter")
    wohnen = next(r for r in dis if r[3] == "=Wohnen+1")
    assert wohnen[4] == "only Ben coded it" and wohnen[9].count("Hürden") == 2
    method = {r[0]: r[1] for r in rows(wb["Method"]) if r[0]}
    assert method["Coders"] == "Anna, Ben" and method["Minimum overlap of segments"] == "90.0%"
    assert method["Not compared"] == "N01_nur_Anna (Anna)" and method["Chosen codes nobody used"] == "Leer"
    assert "(p_o − 1/k)" in method["Brennan & Prediger's kappa"]
    assert "90 %" in method["Segments"] and "MAXQDA" in method["Code frequency"]
    assert "Σ o_ck (c − k)² / Σ n_c n_k (c − k)²" in method["Krippendorff's alpha, interval"]
    assert "3 against 4" in method["Code frequency"]


def test_xlsx_in_german(result, tmp_path):
    wb = load_workbook(write_agreement_report(result, tmp_path / "ü.xlsx", lang="de"))
    assert wb.sheetnames == ["Übersicht", "Code im Dokument", "Code-Häufigkeit", "Segmente",
                             "Sprecherbeiträge und Absätze", "Nichtübereinstimmungen", "Methode"]
    freq = rows(wb["Code-Häufigkeit"])
    assert freq[0][4:8] == ["gleich oft", "Codierende A öfter", "Codierende B öfter", "keine"]
    assert {r[2]: r[4:8] for r in freq[1:]}["Hürden"] == [1, 1, 0, 0]
    method = {r[0]: r[1] for r in rows(wb["Methode"]) if r[0]}
    assert method["Mindestüberlappung der Segmente"] == "90,0\u00a0%"


def test_docx_report(result, tmp_path):
    path = write_agreement_report(result, tmp_path / "bericht.docx", lang="de", project_name="Studie")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Intercoder-Übereinstimmung" in text and "Methode" in text
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    overview = next(r for r in cells if r[0] == "Code im Dokument")
    assert overview[1:4] == ["Anna × Ben", "10", "70,0\u00a0%"] and overview[4] == "0,348"
    assert overview[-1] == "–"  # interval α: only at the code frequency level
    assert next(r for r in cells if r[0] == "Code-Häufigkeit")[-2:] == ["0,262", "0,387"]
    freq_header = next(r for r in cells if r[0] == "Code" and r[1] == "gleich oft")
    assert freq_header[-2:] == ["α", "α int"]
    assert ["0,262", "0,387"] == next(r for r in cells if r[0] == "Alle Codes" and len(r) == 10)[-2:]
    assert any(r[:5] == ["Alle Codes", "8", "3", "3", "–"] for r in cells)  # segment level, no "neither" cell
    # the disagreements side by side, with umlauts and the passage's place
    amter = next(r for r in cells if r[0].startswith("K01, ") and "Ämter" in r[0])  # the citation label
    assert amter[1] == "„über die Ämter“" and amter[2] == "„die Ämter“"
    assert "Grenzen weichen ab (beste Überlappung 64,3\u00a0%)" in amter[0]
    wohnen = next(r for r in cells if r[0].startswith("K01, ") and "=Wohnen+1" in r[0])
    assert wohnen[1] == "–" and "Stattdessen dort codiert: Hürden (Anna); Hürden (Ben)" in wohnen[0]


def test_pdf_report(result, tmp_path):
    path = write_agreement_report(result, tmp_path / "report.pdf", lang="en")
    text = re.sub(r"[ \n\u00a0]+", " ", "\n".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert "Intercoder agreement" in text and "Brennan & Prediger" in text
    assert "über die Ämter" in text and "Förderprogramme" not in text  # agreeing passages are not listed
    assert "boundaries differ (best overlap 64.3%)" in text


def test_report_without_segment_level_and_wrong_suffix(project, tmp_path):
    w = build_world(project)
    with project.read() as conn:
        result = compare_coders(conn, [w.coders["Anna"], w.coders["Ben"]], levels=["units"])
    rep = agreement_report(result, lang="en")
    assert [h.text for h in rep.headings()] == ["Overview", "Turns and paragraphs", "Disagreements", "Method"]
    assert "The segment level was not computed." in [b.runs[0].text for b in rep.blocks if hasattr(b, "runs")]
    with pytest.raises(InputError, match="use .xlsx, .docx, .pdf"):
        write_agreement_report(result, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
