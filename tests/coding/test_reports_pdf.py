"""PDF reports read back with pypdf: repeated header rows, true contents pages, fonts and Unicode."""
from __future__ import annotations

import re

import pytest
from docx import Document
from pypdf import PdfReader

from coding.services import coders, codes, documents, segments, variables
from coding.analysis.crosstab import crosstab
from coding.store.project import Project
from coding.reports import write_report
from coding.reports.matrix_report import write_matrix_report
from coding.reports.model import Cell, Heading, Paragraph, Report, Table
from coding.reports.pdf_render import render_pdf
from coding.reports.quotes import ELLIPSIS
from tests.coding.helpers import do, parsed, span

QUOTE = "„Hof wird gemacht, Container steht ab Montag. Treffen morgen 17 Uhr unten am Spielplatz 🏘️👍“"
TEXT = ("I: Wie erreicht man die Leute in der Lerchenstraße?\n\n"
        f"B1: Über WhatsApp. Da hat jemand geschrieben: {QUOTE} Und Ольга aus Łódź hat übersetzt.\n")


def page_texts(path, layout: bool = False) -> list[str]:
    reader = PdfReader(str(path))
    return [p.extract_text(extraction_mode="layout" if layout else "plain") for p in reader.pages]


def flowing(path) -> str:
    """All text of a PDF with line breaks and runs of (no-break) spaces as one space."""
    return re.sub(r"[ \n\u00a0]+", " ", "\n".join(page_texts(path)))


def fonts(path) -> set[str]:
    out = set()
    for page in PdfReader(str(path)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            out.add((str(font["/BaseFont"]).split("+")[-1], "/FontDescriptor" in font and
                     any(k in font["/FontDescriptor"] for k in ("/FontFile2", "/FontFile", "/FontFile3"))))
    return out


def test_500_row_table_repeats_its_header_on_every_page(tmp_path):
    rep = Report("Lange Tabelle", title_page=False, contents=False)
    rep.add(Heading(1, "Tabelle"), Table([Cell("Kategoriename"), Cell("Anzahl", align="right")],
                                         [[Cell(f"Code {i:03d}"), Cell(str(i * 7), align="right")] for i in range(500)],
                                         [3, 1]))
    render_pdf(rep, tmp_path / "lang.pdf")
    pages = page_texts(tmp_path / "lang.pdf")
    assert len(pages) >= 10
    for text in pages:
        lines = [line.strip() for line in text.splitlines()]
        assert lines.count("Kategoriename") == 1 and lines.count("Anzahl") == 1, text[:200]
    found = re.findall(r"Code (\d{3})", "\n".join(pages))
    assert found == [f"{i:03d}" for i in range(500)]  # every row once, in order, none lost at a break


def test_contents_page_numbers_are_the_pages_the_headings_are_on(demo, tmp_path):
    out = write_report(demo, tmp_path / "kategorien.pdf", "codebook", lang="de")
    pages = page_texts(out, layout=True)
    contents = [i for i, text in enumerate(pages) if "Inhalt" in text.splitlines()[:6] or
                any(line.strip() == "Inhalt" for line in text.splitlines())]
    assert contents == [1]  # page 2, after the title page
    entries = [(m.group(1).strip(), int(m.group(2))) for m in
               re.finditer(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", pages[1], re.MULTILINE)]
    with demo.read() as conn:
        n_codes = len(crosstab(conn, None).rows)
    assert len(entries) == n_codes + 1  # every code and the overview
    assert entries[0] == ("Übersicht", 3)
    for title, page in entries:
        lines = [line.strip() for line in pages[page - 1].splitlines()]
        assert title in lines, f"'{title}' is not on page {page}"
        earlier = [i + 1 for i in range(2, page - 1) if title in [x.strip() for x in pages[i].splitlines()]]
        assert not earlier, f"'{title}' is already on page(s) {earlier}"
    total = len(pages)
    for number, text in enumerate(pages[1:], 2):
        assert f"Seite {number} von {total}" in text  # the footer counts as the contents do
    assert "Seite 1 von" not in pages[0]


def test_quotes_umlauts_and_emoji_survive_text_extraction(project, tmp_path):
    def setup(act):
        doc = documents.add_document(act, "K03_Quartier", parsed(TEXT, [0, 145_000]))
        code = codes.create_code(act, "Zugänge 📱")
        segments.apply_code(act, doc, code, coders.add_coder(act, "Ольга"), *span(TEXT, QUOTE), key_quote=True)
        variables.set_value_by_name(act, doc, "Gruppe", "kommunal")
    do(project, setup)
    for kind in ("segments", "comparison"):
        out = write_report(project, tmp_path / f"{kind}.pdf", kind, by="Gruppe", lang="de")
        text = flowing(out)
        assert "„Hof wird gemacht" in text and "Spielplatz 🏘️👍“" in text and "Lerchenstraße" not in text
        assert "(K03, 00:02:25)" in text
        assert "Zugänge 📱" in text
        used = fonts(out)
        assert ("NotoEmoji-Regular", True) in used and ("DejaVuSans-Oblique", True) in used
        assert all(embedded for _name, embedded in used), used  # no font the reader must guess
    assert "Codierer*in: Ольга" in flowing(tmp_path / "segments.pdf")


def test_long_quotes_break_across_pages_and_are_shortened_in_comparisons(project, tmp_path):
    long_turn = " ".join(f"Satz {i} über die Nachbarschaft im Quartier und ihre Geschichte." for i in range(160))
    text = f"I: Erzählen Sie.\n\nB: {long_turn}\n\nB: {'x' * 3000}\n"
    def setup(act):
        doc = documents.add_document(act, "N09_Lang", parsed(text))
        code = codes.create_code(act, "Lang")
        anna = coders.add_coder(act, "Anna")
        segments.apply_code(act, doc, code, anna, *span(text, long_turn))
        segments.apply_code(act, doc, code, anna, *span(text, "x" * 3000))
        variables.set_value_by_name(act, doc, "Gruppe", "national")
    do(project, setup)
    out = write_report(project, tmp_path / "segmente.pdf", "segments", lang="de")
    joined = flowing(out)
    assert "Satz 0 über" in joined and "Satz 159 über die Nachbarschaft im Quartier und ihre Geschichte." in joined
    assert len(page_texts(out)) >= 4
    out = write_report(project, tmp_path / "vergleich.pdf", "comparison", by="Gruppe", lang="de")
    joined = flowing(out)
    assert "Satz 159" not in joined and ELLIPSIS.strip() in joined
    write_report(project, tmp_path / "vergleich.docx", "comparison", by="Gruppe", lang="de")
    quotes = [p.text for p in Document(str(tmp_path / "vergleich.docx")).paragraphs if p.style.name == "Andock Quote"]
    assert quotes and all(len(q.split(" (N09")[0]) <= 600 for q in quotes)


@pytest.mark.parametrize("kind", ["codebook", "segments", "comparison"])
def test_empty_project_exports_cleanly(project, tmp_path, kind):
    do(project, lambda act: variables.define_variable(act, "Gruppe", "category"))
    for suffix in (".pdf", ".docx"):
        out = write_report(project, tmp_path / f"{kind}{suffix}", kind, by="Gruppe", lang="en")
        assert out.stat().st_size > 1000
    assert "The project has no codes yet." in "\n".join(page_texts(tmp_path / f"{kind}.pdf"))


def test_english_texts_and_matrix_report(demo, tmp_path):
    out = write_report(demo, tmp_path / "comparison.pdf", "comparison", by="Gruppe", lang="en")
    text = "\n".join(page_texts(out))
    assert "Group comparison" in text and "Contents" in text and "Page 2 of" in text
    assert "Gruppenvergleich" not in text and "Anchor example".upper() in text
    with demo.read() as conn:
        tab = crosstab(conn, "Gruppe")
    write_matrix_report(tmp_path / "matrix.pdf", tab, "de", project_name="Demo")
    text = flowing(tmp_path / "matrix.pdf")
    assert "Kreuztabelle: Kategorien nach Gruppe" in text
    for row in tab.rows[:5]:
        assert f"{row.counts[0]} ({round(row.shares[0] * 100)} %)" in text


def test_one_line_paragraph_markup_is_escaped(tmp_path):
    rep = Report("A & B <c>", title_page=False, contents=False)
    rep.add(Paragraph.of("x < y & z > w </para>"))
    render_pdf(rep, tmp_path / "esc.pdf")
    assert "x < y & z > w </para>" in page_texts(tmp_path / "esc.pdf")[0]


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.andock", "Teilhabe „vor Ort“") as proj:
        yield proj
