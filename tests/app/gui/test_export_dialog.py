"""File → Export…: every kind of export written through the dialog and read back, with the demo
project's German text; replacing asks; cancelling and failing leave no file."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.gui.export_dialog import ExportDialog, export_dialog
from coding.analysis.crosstab import crosstab
from coding.analysis.retrieval import query_segments
from coding.services import codes, coders
from coding.services.codebook import export_codebook
from coding.services.demo import build_demo
from tests.app.gui.conftest import wait_idle

ZUGANG = "Zugänge zu Unterstützung (Andockstellen)"
SCHROTT = "Herausforderungen und Konflikte/Wohnraum und Schrottimmobilien"


@pytest.fixture
def demo_window(qtbot, tmp_path):
    """The window with the demo project (eight German interviews, two coders) open."""
    from app.gui.main_window import MainWindow

    path = tmp_path / "Ankunftsquartiere.andock"
    build_demo(path).close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.open_project(str(path))
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.documents.data["documents"]) == 8,
                    timeout=15000)
    wait_idle(qtbot, win)
    yield win
    win.close()


@pytest.fixture
def dialog(qtbot, demo_window) -> ExportDialog:
    dlg = export_dialog(demo_window)
    assert dlg is not None
    qtbot.waitUntil(lambda: dlg.pages["quotes"].code.count() > 20, timeout=10000)
    return dlg


def read(win, fn, *args):
    """Read from the open project directly (the expected figures, computed without the dialog)."""
    with win.ctl.project.read() as conn:
        return fn(conn, *args)


def export(qtbot, dlg: ExportDialog, kind: str, suffix: str, path: Path | None = None, prepare=None) -> Path:
    """Choose ``kind`` and ``suffix``, let ``prepare(page)`` set options, export and wait for the file."""
    dlg.choose_kind(kind)
    dlg.set_format(suffix)
    if prepare:
        prepare(dlg.page())
    if path is not None:
        dlg.path.setText(str(path))
    target = dlg.target()
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.job is None and dlg.written is not None or "failed" in dlg.status.text(),
                    timeout=30000)
    assert dlg.written == target, dlg.status.text()
    assert dlg.status.text() == f"Written: {target}" and dlg.open_file.isEnabled()
    return target


def german(page) -> None:
    page.lang.setCurrentIndex(page.lang.findData("de"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_default_file_is_beside_the_project_named_after_it_and_the_export(qtbot, dialog, tmp_path):
    assert dialog.kind() == "matrix" and dialog.suffix() == ".xlsx"
    assert dialog.path.text() == str(tmp_path / "Ankunftsquartiere - code matrix.xlsx")
    dialog.set_format(".csv")
    assert dialog.path.text().endswith("code matrix.csv")
    dialog.choose_kind("report")
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [".docx", ".pdf"]
    assert dialog.path.text().endswith("Ankunftsquartiere - codebook report.docx")
    page = dialog.page()
    page.kind.setCurrentIndex(page.kind.findData("comparison"))
    assert dialog.path.text().endswith("group comparison.docx") and page.by.isEnabled()
    assert page.by.currentData() == "Gruppe"  # the first variable to group by


def test_matrix_as_xlsx_by_group_for_one_coder(qtbot, dialog, demo_window, tmp_path):
    def options(page):
        page.by.setCurrentIndex(page.by.findData("Gruppe"))
        page.count.setCurrentIndex(page.count.findData("segments"))
        page.selection.lists["coders"].tick(["Lena"])
        assert page.selection.selection().coders == ("Lena",)
        german(page)
    out = export(qtbot, dialog, "matrix", ".xlsx", tmp_path / "Matrix Gruppe.xlsx", options)
    lena = read(demo_window, coders.get_coder, "Lena")
    expected = read(demo_window, lambda c: crosstab(c, "Gruppe", mode="segments", coder_ids=[lena]))
    ws = openpyxl.load_workbook(out)["Anzahl"]
    rows = list(ws.iter_rows(values_only=True))
    rows = rows[next(i for i, r in enumerate(rows) if r[0] == "Code"):]  # below the sheet's explanation
    assert rows[0][:4] == ("Code", "kommunal", "national", "Gesamt")
    by_path = {r[0]: r[1:] for r in rows[1:]}
    zugang = next(r for r in expected.rows if r.path == ZUGANG)
    assert by_path[ZUGANG] == (*zugang.counts, zugang.total) and zugang.total > 0
    # Lena's segments only, not Murat's too
    both = read(demo_window, lambda c: crosstab(c, "Gruppe", mode="segments"))
    assert next(r.total for r in both.rows if r.path == ZUGANG) > zugang.total


def test_matrix_as_german_csv_with_shares(qtbot, dialog, demo_window, tmp_path):
    def options(page):
        page.values.setCurrentIndex(page.values.findData("shares"))
        page.german_csv.setChecked(True)
        page.selection.lists["codes"].tick([ZUGANG])
        assert page.selection.chosen("codes") == (ZUGANG,)
    out = export(qtbot, dialog, "matrix", ".csv", tmp_path / "Anteile.csv", options)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # German Excel reads UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Code", "kommunal (%)", "national (%)"]
    assert [r[0] for r in rows[1:]] == [p for p, _n, _d in dialog.choices.codes if p.startswith(ZUGANG)]
    assert "," in rows[1][1] and "." not in rows[1][1]  # decimal comma


def test_cooccurrence_as_xlsx_and_csv(qtbot, dialog, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")  # unticking "German Excel" wins over a German locale
    out = export(qtbot, dialog, "cooccurrence", ".xlsx", tmp_path / "Kookkurrenz.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Overlapping segments", "Documents", "Documents with both codes", "Pairs"]
    pairs = list(wb["Pairs"].iter_rows(values_only=True))
    assert pairs[0][:3] == ("Code A", "Code B", "Segment pairs") and len(pairs) > 5
    assert any("ä" in (a + b) or "ü" in (a + b) for a, b, *_ in pairs[1:])
    out = export(qtbot, dialog, "cooccurrence", ".csv", tmp_path / "Kookkurrenz.csv",
                 lambda page: page.german_csv.setChecked(False))
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:2] == ["Code A", "Code B"] and len(rows) == len(pairs)


def test_segments_report_as_docx_and_comparison_as_pdf(qtbot, dialog, demo_window, tmp_path):
    def segments(page):
        page.kind.setCurrentIndex(page.kind.findData("segments"))
        page.by.setCurrentIndex(page.by.findData("Gruppe"))
        german(page)
    out = export(qtbot, dialog, "report", ".docx", tmp_path / "Segmente.docx", segments)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    quote = read(demo_window, lambda c: query_segments(c, codes=[codes.find_by_path(c, SCHROTT)]))[0].text
    assert "Zugänge zu Unterstützung" in text and " ".join(quote.split())[:60] in " ".join(text.split())

    def comparison(page):
        page.kind.setCurrentIndex(page.kind.findData("comparison"))
        page.by.setCurrentIndex(page.by.findData("Region"))
    out = export(qtbot, dialog, "report", ".pdf", tmp_path / "Vergleich.pdf", comparison)
    pdf = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Region" in pdf and "Süd" in pdf and "Zugänge" in pdf


def test_a_comparison_needs_a_variable(qtbot, dialog, tmp_path):
    dialog.choose_kind("report")
    page = dialog.page()
    page.kind.setCurrentIndex(page.kind.findData("comparison"))
    page.by.setCurrentIndex(0)
    dialog.path.setText(str(tmp_path / "v.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "The group comparison needs a variable to group by."
    assert dialog.job is None and list(tmp_path.glob("v*")) == []


def test_quotes_as_csv_and_docx(qtbot, dialog, demo_window, tmp_path):
    def options(page):
        page.code.setCurrentIndex(page.code.findData(SCHROTT))
        page.selection.lists["coders"].tick(["Murat"])
        assert page.selection.chosen("coders") == ("Murat",)
        german(page)
    out = export(qtbot, dialog, "quotes", ".csv", tmp_path / "Zitate.csv", options)
    assert out.name == "Zitate.csv"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    murat = read(demo_window, coders.get_coder, "Murat")
    segs = read(demo_window, lambda c: query_segments(c, codes=[codes.find_by_path(c, SCHROTT)], coders=[murat]))
    assert rows[0][:2] == ["Zitat", "Beleg"] and len(rows) == 1 + len(segs) > 1
    assert {r[7] for r in rows[1:]} == {"Murat"} and rows[1][0] == " ".join(segs[0].text.split())
    assert dialog.path.text().endswith("Zitate.csv")
    dialog._default_path()  # the default name names the code
    assert "quotes Wohnraum und Schrottimmobilien.csv" in dialog.path.text()
    out = export(qtbot, dialog, "quotes", ".docx", tmp_path / "Zitate.docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Schrottimmobilien" in text and segs[0].text.split()[0] in text


def test_codebook_as_markdown_and_json(qtbot, dialog, demo_window, tmp_path):
    out = export(qtbot, dialog, "codebook", ".json", tmp_path / "Codebuch.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    names = {c["name"] for c in data["codes"]}
    expected = read(demo_window, export_codebook)
    assert names == {c.name for c in expected.codes} and ZUGANG in names
    out = export(qtbot, dialog, "codebook", ".md", tmp_path / "Codebuch.md", german)
    md = out.read_text(encoding="utf-8")
    assert "Zugänge zu Unterstützung (Andockstellen)" in md and "Ressortübergreifende Arbeitsstrukturen" in md


def test_agreement_as_xlsx_and_pdf(qtbot, dialog, tmp_path):
    def options(page):
        page.level.setCurrentIndex(page.level.findData("segments"))
        page.selection.lists["codes"].tick([ZUGANG])
        assert page.selection.chosen("codes") == (ZUGANG,)
        german(page)
    assert dialog.pages["agreement"].coders.checked() == ("Lena", "Murat")
    out = export(qtbot, dialog, "agreement", ".xlsx", tmp_path / "Übereinstimmung.xlsx", options)
    wb = openpyxl.load_workbook(out)
    cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert any("Zugänge zu Unterstützung" in v for v in cells) and any("Lena" in v for v in cells)
    out = export(qtbot, dialog, "agreement", ".pdf", tmp_path / "Übereinstimmung.pdf")
    pdf = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Lena" in pdf and "Murat" in pdf and "Zugänge" in pdf


def test_agreement_of_one_coder_is_a_clear_message(qtbot, dialog, tmp_path):
    dialog.choose_kind("agreement")
    dialog.page().coders.tick(["Lena"])
    dialog.path.setText(str(tmp_path / "a.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "failed" in dialog.status.text(), timeout=10000)
    assert "two" in dialog.status.text() and not (tmp_path / "a.xlsx").exists() and leftovers(tmp_path) == []


def test_replacing_a_file_asks_first(qtbot, dialog, tmp_path):
    out = tmp_path / "Codebuch.md"
    out.write_text("von Hand korrigiert", encoding="utf-8")
    dialog.choose_kind("codebook")
    dialog.path.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.ask
    assert box is not None and box.isVisible() and str(out) in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ask is None)
    assert dialog.job is None and out.read_text(encoding="utf-8") == "von Hand korrigiert"
    assert dialog.status.text() == "Not exported: the file was kept."
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.ask
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written == out, timeout=10000)
    assert "Zugänge zu Unterstützung" in out.read_text(encoding="utf-8") and leftovers(tmp_path) == []


def test_cancelling_a_long_export_leaves_no_file(qtbot, dialog, demo_window, tmp_path):
    out = tmp_path / "Vergleich.pdf"
    dialog.choose_kind("report")
    dialog.path.setText(str(out))
    demo_window.ctl.runner.delay = 1.5  # a long export: the worker is busy before it starts
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.isVisible(), timeout=5000)
    qtbot.mouseClick(dialog.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # its Cancel
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    demo_window.ctl.runner.delay = 0
    assert dialog.status.text() == "Export cancelled: nothing was written."
    assert not out.exists() and leftovers(tmp_path) == [] and dialog.written is None
    assert dialog.export_button.isEnabled() and dialog.progress is None


def test_closing_the_dialog_cancels_its_export(qtbot, dialog, demo_window, tmp_path):
    out = tmp_path / "Codematrix.xlsx"
    dialog.path.setText(str(out))
    demo_window.ctl.runner.delay = 1.0
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.reject()  # Close (or Escape) while the export waits for the worker
    wait_idle(qtbot, demo_window)
    demo_window.ctl.runner.delay = 0
    assert not out.exists() and leftovers(tmp_path) == []


def test_an_unwritable_folder_is_a_clear_message_and_no_file(qtbot, dialog):
    # sysfs refuses new files even to root (the tests may run as root, who ignores permissions)
    target = Path("/sys/Codematrix.xlsx")
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "failed" in dialog.status.text(), timeout=10000)
    assert dialog.status.text().startswith("Export failed: /sys/Codematrix.xlsx: cannot write here (")
    assert dialog.status.text().endswith("Nothing was written.") and not target.exists()
    assert not dialog.open_file.isEnabled() and dialog.written is None


def test_a_failing_write_leaves_no_file(qtbot, dialog, tmp_path):
    # a name longer than the file system allows: the project is read, then writing the file fails
    target = tmp_path / ("Ü" * 130 + ".docx")
    dialog.choose_kind("report")
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "failed" in dialog.status.text(), timeout=10000)
    assert f"{target}: cannot write here (File name too long)" in dialog.status.text()
    assert ".andock-export" not in dialog.status.text()  # names the user's file, not the hidden one
    assert leftovers(tmp_path) == [] and list(tmp_path.glob("*.docx")) == []


def test_open_the_file_or_its_folder_when_done(qtbot, dialog, tmp_path):
    opened = []
    dialog.opener = lambda url: opened.append(url.toLocalFile())
    assert not dialog.open_file.isEnabled() and not dialog.show_folder.isEnabled()
    out = export(qtbot, dialog, "codebook", ".md", tmp_path / "Codebuch.md")
    qtbot.mouseClick(dialog.open_file, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.show_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(out), str(tmp_path)]
    dialog.choose_kind("matrix")  # the next export goes to the folder used last
    assert Path(dialog.path.text()).parent == tmp_path


def test_file_menu_opens_the_dialog_with_ctrl_shift_x(qtbot, demo_window):
    act = next(a for a in demo_window.actions() if a.text() == "&Export…")
    assert act.shortcut().toString() == "Ctrl+Shift+X"
    act.trigger()
    dlg = demo_window.findChild(ExportDialog)
    assert dlg is not None and dlg.isVisible()
    dlg.close()


def test_without_a_project_the_menu_says_so(qtbot):
    from app.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert export_dialog(win) is None
    assert win.statusBar().currentMessage() == "Open or create a project first."
    win.close()
