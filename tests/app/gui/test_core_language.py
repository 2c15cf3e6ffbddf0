"""A German window shows the core's errors in German (status bar and message box)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from coding.base.messages import current_language
from tests.app.gui.conftest import open_window


@pytest.fixture
def german_window(qtbot, qapp, project_file):
    """The window as a German user starts it: Qt's and the core's language set together."""
    from app.gui.app import install_translators

    translators = install_translators(qapp, "de")
    assert current_language() == "de"
    yield open_window(qtbot, project_file)
    for t in translators:
        qapp.removeTranslator(t)


def _boxes(win) -> list[str]:
    return [b.text() for b in win.findChildren(QMessageBox) if b.isVisible()]


def test_a_clashing_code_name_is_refused_in_german(qtbot, german_window, monkeypatch):
    win = german_window
    assert win.codebook.current_code() is None  # the new code goes to the top level
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Wohnen", True)))
    errors: list[str] = []
    win.ctl.failed.connect(errors.append)
    win.new_code_dialog()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    want = "auf dieser Ebene gibt es bereits einen Code „Wohnen“"
    assert errors == [want]
    assert win.statusBar().currentMessage() == want
    qtbot.waitUntil(lambda: want in _boxes(win), timeout=5000)
    assert len(win.codebook.nodes) == 3


def test_a_read_only_project_says_so_in_german(qtbot, qapp, project_file):
    from app.gui.app import install_translators
    from app.gui.main_window import MainWindow

    translators = install_translators(qapp, "de")
    try:
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        win.ctl.open_project(str(project_file), mode="read-only")
        qtbot.waitUntil(lambda: win.ctl.project is not None, timeout=10000)
        assert win.ctl.project.read_only
        errors: list[str] = []
        win.ctl.failed.connect(errors.append)
        win.ctl.act("Neuer Code", lambda act: None)
        qtbot.waitUntil(lambda: bool(errors), timeout=10000)
        assert errors[0] == "studie.andock ist schreibgeschützt geöffnet: Nichts kann geändert werden."
        assert "schreibgeschützt" in win.statusBar().currentMessage()
        win.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_an_import_the_core_refuses_is_explained_in_german(qtbot, german_window, tmp_path):
    win = german_window
    odt = tmp_path / "Interview.odt"
    odt.write_bytes(b"PK\x03\x04 not really")
    errors: list[str] = []
    win.ctl.failed.connect(errors.append)
    win.import_files([str(odt)])
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors[0].startswith("Interview.odt: „.odt“-Dateien können nicht importiert werden; unterstützt "
                                "werden .")
    assert errors[0].endswith("; speichern Sie sie in LibreOffice als .docx")
    assert win.statusBar().currentMessage() == errors[0]
    assert len(win.documents.data["documents"]) == 2
