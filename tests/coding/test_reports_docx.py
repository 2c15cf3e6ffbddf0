"""Word reports read back with python-docx: tables against the computed numbers, TOC, header rows."""
from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from coding.analysis.crosstab import crosstab
from coding.reports import write_report
from coding.reports.docx_render import render_docx
from coding.reports.matrix_report import write_matrix_report
from coding.reports.model import Cell, Heading, Report, Table


def table_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def settings_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/settings.xml").decode("utf-8")


def test_comparison_docx_tables_match_the_crosstab(demo, tmp_path):
    out = write_report(demo, tmp_path / "vergleich.docx", "comparison", by="Gruppe", lang="de")
    with demo.read() as conn:
        docs = crosstab(conn, "Gruppe", mode="documents")
        segs = crosstab(conn, "Gruppe", mode="segments")
    doc = Document(str(out))
    first, second = doc.tables[0], doc.tables[1]
    rows = table_texts(first)
    assert rows[0] == ["Kategorie", "kommunal\nn\u00a0=\u00a04", "national\nn\u00a0=\u00a04", "Gesamt\nn\u00a0=\u00a08"]
    assert len(rows) == 1 + len(docs.rows)
    for row, computed in zip(rows[1:], docs.rows):
        assert row[0].endswith(computed.name)
        shown = [int(cell.split(" ")[0]) for cell in row[1:]]
        assert shown == computed.counts + [computed.total]
    for row, computed in zip(table_texts(second)[1:], segs.rows):
        assert [int(cell.split(" ")[0]) for cell in row[1:]] == computed.counts + [computed.total]
    assert table_texts(second)[-1][1:] == [str(n) for n in segs.column_totals] + [str(segs.grand_total)]


def test_docx_structure_update_fields_header_rows_toc_and_page_numbers(demo, tmp_path):
    out = write_report(demo, tmp_path / "kategorien.docx", "codebook", lang="de")
    settings = settings_xml(out)
    assert '<w:updateFields w:val="true"/>' in settings
    # CT_Settings order: updateFields comes before compat (Word rejects files out of order)
    assert settings.index("w:updateFields") < settings.index("<w:compat")
    doc = Document(str(out))
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
    body = doc.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer and "Seite" in footer
    assert doc.sections[0].different_first_page_header_footer  # no number on the title page
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Übersicht", "1 Einstieg und Rolle", "2 Wahrnehmung des Quartiers als Ankunftsort"]
    assert "2.1 Zuzugsdynamik und Gruppen" in headings
    # once as a pre-filled contents entry (Word replaces it on opening), once as the heading
    assert [p.style.name for p in doc.paragraphs if p.text == "2.1 Zuzugsdynamik und Gruppen"] == \
        ["Normal", "Heading 2"]


def test_segments_docx_english_quotes_and_citations(demo, tmp_path):
    out = write_report(demo, tmp_path / "segments.docx", "segments", by="Gruppe", lang="en", coder_names=["Lena"])
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "Coded segments" in texts and "Contents" in texts
    quotes = [p for p in doc.paragraphs if p.style.name == "Andock Quote"]
    assert quotes and all(p.text.rstrip().endswith(")") for p in quotes)
    assert any("(K03,\u00a000:02:25)" in p.text and "🏘️👍" in p.text for p in quotes)
    assert any(t.startswith("Gruppe: kommunal · ") for t in texts)
    assert not any("Murat" in t for t in texts if t.startswith("Speaker"))
    assert any(t == "Coders\tLena" for t in texts)


def test_docx_500_row_table_marks_only_the_header_row(tmp_path):
    rep = Report("Lange Tabelle", contents=False)
    rep.add(Heading(1, "Tabelle"), Table([Cell("Kategorie"), Cell("Anzahl", align="right")],
                                         [[Cell(f"Code {i}"), Cell(str(i), align="right")] for i in range(500)],
                                         [3, 1]))
    render_docx(rep, tmp_path / "lang.docx")
    table = Document(str(tmp_path / "lang.docx")).tables[0]
    assert len(table.rows) == 501
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table_texts(table)[500] == ["Code 499", "499"]


def test_matrix_report_docx(demo, tmp_path):
    with demo.read() as conn:
        tab = crosstab(conn, "Organisationstyp", mode="segments")
    write_matrix_report(tmp_path / "matrix.docx", tab, "en", project_name="Demo")
    doc = Document(str(tmp_path / "matrix.docx"))
    rows = table_texts(doc.tables[0])
    assert len(rows) == 1 + len(tab.rows) + 1  # header, codes, totals
    assert rows[-1][0] == "Total" and rows[-1][-1] == str(tab.grand_total)
    assert doc.sections[0].orientation == 1  # six columns: landscape
    assert "w:updateFields" not in settings_xml(tmp_path / "matrix.docx")  # no contents, nothing to update


def test_code_by_document_matrix_report(demo, tmp_path):
    with demo.read() as conn:
        tab = crosstab(conn, None)
    write_matrix_report(tmp_path / "dokumente.docx", tab, "de")
    doc = Document(str(tmp_path / "dokumente.docx"))
    assert doc.paragraphs[0].text == "Code-Matrix: Kategorien nach Dokumenten"
    rows = table_texts(doc.tables[0])
    assert rows[0][1:-1] == ["K01", "K02", "K03", "K04", "N01", "N02", "N03", "N04"]
    for row, computed in zip(rows[1:], tab.rows):
        assert [int(c) for c in row[1:-1]] == computed.counts  # present (1) or not (0), no percentages
