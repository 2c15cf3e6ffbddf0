"""The transcription options at 1280×800 in German: the model selector and the hint show their
whole text (the longest model entry, the hint in as many lines as it needs)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from app.gui.app import install_translators
from tests.app.gui.conftest import open_window


@pytest.fixture
def german_dock(qtbot, qapp, project_file, tmp_path, monkeypatch):
    """A German window at 1280×800 with the transcription dock shown (a cache of its own: no model
    downloaded, no speed measured, whatever this computer's cache holds)."""
    monkeypatch.setenv("ANDOCK_CACHE_DIR", str(tmp_path / "cache"))
    translators = install_translators(qapp, "de")
    win = open_window(qtbot, project_file)
    win.resize(1280, 800)
    win.show_transcription()
    qtbot.wait(100)
    yield win
    win.close()
    for t in translators:
        qapp.removeTranslator(t)


def choose_longest_model(opts) -> str:
    """Choose the entry with the longest text (a model still to download, the recommended one)."""
    texts = [opts.model.itemText(i) for i in range(opts.model.count())]
    longest = max(range(len(texts)), key=lambda i: opts.model.fontMetrics().horizontalAdvance(texts[i]))
    opts.model.setCurrentIndex(longest)
    return texts[longest]


def test_model_selector_and_hint_show_their_whole_text_in_german(qtbot, german_dock):
    win = german_dock
    opts = win.transcription.opts
    text = choose_longest_model(opts)
    assert "empfohlen" in text  # German, and the entry that says which model to take
    qtbot.wait(50)
    assert opts.estimate.text().startswith("Etwa ")
    assert "noch nicht auf diesem Computer" in opts.estimate.text()  # the longest hint: a model to download
    assert opts.download.isVisible() and opts.download.isEnabled()

    # the selector is as wide as its longest entry needs
    assert opts.model.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContents
    assert opts.model.sizeHint().width() <= opts.model.width()
    shown = opts.model.width() - 30  # less the arrow
    assert opts.model.fontMetrics().horizontalAdvance(text) <= shown
    # every label and combo of the options fits its width, or wraps; a wrapped one gets its lines
    for label in opts.findChildren(QLabel):
        if label.isVisible():
            if label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
            else:
                assert label.sizeHint().width() <= label.width(), label.text()
    for combo in opts.findChildren(QComboBox):
        assert combo.sizeHint().width() <= combo.width(), combo.currentText()
    for edit in opts.findChildren(QLineEdit):  # placeholders say what to type: whole
        if edit.isVisible() and edit.placeholderText():
            assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) < edit.width() - 8, \
                edit.placeholderText()
    # the window stays 1280 px wide: the dock does not push it wider than the screen
    assert win.width() == 1280 and win.transcription.minimumSizeHint().width() <= 1280
    # a low dock scrolls the options rather than cutting the hint's lines off
    area = win.transcription.opts_area
    assert opts.height() >= opts.minimumSizeHint().height()
    hint_bottom = opts.estimate.geometry().bottom()
    area.ensureVisible(0, hint_bottom, 0, 0)
    assert opts.estimate.mapTo(area.viewport(), opts.estimate.rect().bottomLeft()).y() <= area.viewport().height()
    assert opts.width() <= area.viewport().width()  # nothing hidden sideways


def test_an_installed_model_needs_no_download_row(qtbot, german_dock):
    opts = german_dock.transcription.opts
    opts._installed = {"base"}
    opts.model.setCurrentIndex(opts.model.findData("base"))
    qtbot.wait(20)
    assert not opts.download.isVisible()
    choose_longest_model(opts)
    qtbot.waitUntil(lambda: opts.download.isVisible(), timeout=2000)
