"""The first-run dialog and the preferences it shares settings with, driven as a user would:
real widgets, the real settings file, the real model lookup with the Whisper base weights of the
registry packages, and the real download code against an address where nothing answers."""
from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.gui import settings
from app.gui.app import first_run_if_needed
from app.gui.dialogs import CoderDialog, PreferencesDialog
from app.gui.first_run import FirstRunDialog
from app.gui.transcription_support import fmt_duration
from tests.app.gui.conftest import wait_idle

pytest.importorskip("faster_whisper", reason="needs the 'transcription' extra")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """An empty model cache of this test's own: no model downloaded, no speed measured."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANDOCK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def colleagues_model(tmp_path_factory) -> Path:
    """A real Whisper model folder as a colleague would copy it (the base weights of the registry
    packages, assembled by Andock's model lookup into another cache)."""
    from transcription import models

    with pytest.MonkeyPatch.context() as mp:  # the value before comes back
        mp.setenv("ANDOCK_CACHE_DIR", str(tmp_path_factory.mktemp("colleague")))
        ref = models.resolve("base")
    assert ref.ct2_dir is not None and models.is_ct2_dir(ref.ct2_dir)
    return ref.ct2_dir


@pytest.fixture
def offline(monkeypatch):
    """The Hub's address points at a local port where nothing listens: every download attempt
    fails as it does without internet (the sandbox has none anyway; this keeps the test the same
    on a machine that has)."""
    from huggingface_hub import constants

    with socket.socket() as probe:  # a free port, closed again: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(constants, "ENDPOINT", f"http://127.0.0.1:{port}")


def _dialog(qtbot, **kw) -> FirstRunDialog:
    dlg = FirstRunDialog(**kw)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _button(dlg, which):
    button = dlg.buttons.button(which)
    assert button is not None
    return button


def _no_model_files(cache: Path, name: str) -> bool:
    """Neither the model nor a partial download of it is in the cache."""
    folder = cache / "models"
    return not (folder / name).exists() and not (folder / f"{name}.download").exists()


def test_done_stores_every_choice(qtbot, tmp_path):
    picked = []
    dlg = _dialog(qtbot, on_language=picked.append)
    dlg.language.setCurrentIndex(dlg.language.findData("de"))
    assert picked == ["de"]  # handed to the startup at once, which switches the translations
    dlg.coder.setText("  Lena Hoffmann ")
    dlg.models.combo.setCurrentIndex(dlg.models.combo.findData("base"))
    assert "on this computer" in dlg.models.combo.currentText()  # the registry package
    assert "is on this computer and ready" in dlg.models.status.text()
    assert not dlg.models.download_button.isEnabled()
    projects = tmp_path / "Dokumente" / "Andock"
    dlg.projects.edit.setText(str(projects))
    qtbot.mouseClick(_button(dlg, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert settings.language() == "de"
    assert settings.coder_name() == "Lena Hoffmann"
    assert settings.transcription_model() == "base"
    assert settings.projects_folder() == str(projects) and projects.is_dir()  # made for the file dialogs
    assert settings.first_run_done()


def test_later_leaves_no_model(qtbot, cache):
    dlg = _dialog(qtbot)
    dlg.models.combo.setCurrentIndex(dlg.models.combo.findData("tiny"))
    assert "75 MB" in dlg.models.combo.currentText()  # the download size
    assert "not on this computer yet" in dlg.models.status.text()
    dlg.models.later_button.click()
    assert "No model for now" in dlg.models.status.text()
    dlg.accept()
    assert settings.transcription_model() == ""  # the transcription panel then offers its default
    assert _no_model_files(cache, "tiny")
    from transcription import models
    assert "tiny" not in models.installed_models()


def test_estimates_are_this_computers(qtbot, cache):
    """Rough (cores and the base model's measured speed) until a recording was measured here;
    then the measured figure, and other models scaled from it."""
    import os

    from transcription.speed import SpeedLog

    dlg = _dialog(qtbot)
    base = dlg.models.combo.findData("base")
    rough = SpeedLog().estimate("faster-whisper", "base", "cpu")
    assert rough.basis == "rough"
    assert f"about {fmt_duration(rough.seconds_for(3600))} per hour of audio (estimate)" in dlg.models.combo.itemText(base)
    assert f"({os.cpu_count()} processor cores)" in dlg.models.note.text()
    dlg.close()

    SpeedLog().record("faster-whisper", "base", "cpu", audio_s=600, work_s=60, load_s=0)  # real-time factor 0.1
    dlg = _dialog(qtbot)
    assert "about 6 min per hour of audio" in dlg.models.combo.itemText(dlg.models.combo.findData("base"))
    dlg.models.combo.setCurrentIndex(dlg.models.combo.findData("base"))
    assert "measured on this computer" in dlg.models.note.text()
    dlg.models.combo.setCurrentIndex(dlg.models.combo.findData("small"))
    assert "another model measured on this computer" in dlg.models.note.text()
    assert "about 18 min per hour" in dlg.models.combo.currentText()  # base's 0.1 x small's cost 3


def test_a_folder_without_a_model_is_refused_and_a_copied_one_used(qtbot, tmp_path, colleagues_model):
    from transcription import models

    dlg = _dialog(qtbot)
    empty = tmp_path / "Downloads"
    empty.mkdir()
    half = tmp_path / "halbe-kopie"
    half.mkdir()
    (half / "config.json").write_text("{}", encoding="utf-8")  # a copy that stopped half-way
    for folder in (empty, half, tmp_path / "gibt-es-nicht"):
        assert not dlg.models.use_folder(str(folder))
        text = dlg.models.status.text()
        assert f"{folder} holds no Whisper model" in text and "model.bin, config.json and tokenizer.json" in text
        assert dlg.models.chosen_model() == "large-v3-turbo"  # still the named model: nothing taken
    assert dlg.models.use_folder(str(colleagues_model))
    assert f"Uses the model in {colleagues_model}" in dlg.models.status.text()
    dlg.accept()
    assert settings.transcription_model() == str(colleagues_model)
    assert models.resolve(settings.transcription_model()).ct2_dir == colleagues_model  # transcription finds it


def test_download_without_internet_says_so_and_leaves_nothing(qtbot, cache, offline):
    dlg = _dialog(qtbot)
    chooser = dlg.models
    chooser.combo.setCurrentIndex(chooser.combo.findData("tiny"))
    ok = _button(dlg, QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(chooser.busy, timeout=5000) as started:
        chooser.download_button.click()
    assert started.args == [True]
    with qtbot.waitSignal(chooser.busy, timeout=60000) as ended:
        assert chooser.downloading()
        assert not ok.isEnabled() and chooser.bar.isVisibleTo(dlg) and chooser.cancel_button.isVisibleTo(dlg)
    assert ended.args == [False]
    assert not chooser.downloading()
    text = chooser.status.text()
    assert text.startswith("The download failed: could not download the model 'tiny'") and "internet" in text
    assert ok.isEnabled() and not chooser.bar.isVisibleTo(dlg)
    assert _no_model_files(cache, "tiny")
    dlg.reject()
    assert settings.first_run_done() and settings.transcription_model() == ""  # Skip stores nothing else


class _SilentServer:
    """Accepts connections and never answers, until closed: a download that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, name="silent-server")
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
        except OSError:
            pass  # closed before
        self.sock.close()
        self.thread.join(5)


def test_progress_and_cancel_reach_the_download(qtbot, cache, monkeypatch):
    """Progress events from the download thread move the bar; Cancel stops the download (it ends
    at its next chunk, or here when the hanging connection gives up) and nothing is kept."""
    from huggingface_hub import constants

    server = _SilentServer()
    monkeypatch.setattr(constants, "ENDPOINT", f"http://127.0.0.1:{server.port}")
    try:
        dlg = _dialog(qtbot)
        chooser = dlg.models
        chooser.combo.setCurrentIndex(chooser.combo.findData("tiny"))
        chooser.download_button.click()
        qtbot.waitUntil(lambda: len(server.conns) > 0, timeout=10000)  # it is asking the Hub
        reporter = threading.Thread(target=chooser.report, args=(30_000_000, 75_000_000, None))
        reporter.start()  # as the download thread reports bytes
        reporter.join()
        qtbot.waitUntil(lambda: chooser.bar.value() == 400, timeout=5000)
        chooser.cancel_button.click()
        assert chooser._download is not None and chooser._download._cancel.is_set()
        assert chooser.status.text() == "Cancelling…" and not chooser.cancel_button.isEnabled()
        with qtbot.waitSignal(chooser.busy, timeout=60000):
            server.close()  # the connection ends as a stalled one would
        assert chooser.status.text() == "Download cancelled; nothing was kept."
        assert _no_model_files(cache, "tiny")
    finally:
        server.close()


def test_first_run_is_shown_exactly_once(qtbot, qapp):
    seen = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        seen.append(type(dlg).__name__)
        if isinstance(dlg, FirstRunDialog):
            dlg.language.setCurrentIndex(dlg.language.findData("de"))  # applies at once:
            seen.append(dlg.windowTitle())
            dlg.coder.setText("Murat")
            dlg.accept()

    QTimer.singleShot(200, answer)
    translators = first_run_if_needed(qapp, [])
    try:
        assert seen == ["FirstRunDialog", "Willkommen bei Andock"]
        assert any(Path(t.filePath()).name == "andock_de.qm" for t in translators)  # for the window
        assert settings.first_run_done() and settings.coder_name() == "Murat"
        QTimer.singleShot(200, answer)
        assert first_run_if_needed(qapp, translators) is translators  # at once, without a dialog
        qtbot.wait(400)
        assert seen[2:] == ["NoneType"]
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_skipping_stores_nothing_but_that_it_was_shown(qtbot, qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    dlg = _dialog(qtbot)
    dlg.coder.setText("Lena")
    qtbot.mouseClick(_button(dlg, QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert settings.first_run_done() and settings.coder_name() == ""
    assert not Path(settings.projects_folder()).exists()  # the default folder is made only on Done


def test_preferences_change_the_same_settings(qtbot, tmp_path, colleagues_model):
    dlg = PreferencesDialog("system", True)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.coder.setText("Anna")
    assert dlg.models.use_folder(str(colleagues_model))
    blocker = tmp_path / "eine-datei"
    blocker.write_text("x", encoding="utf-8")
    dlg.projects.edit.setText(str(blocker / "Projekte"))  # cannot be made: a file is in the way
    dlg.accept()
    assert dlg.isVisible()
    assert f"Cannot use {blocker / 'Projekte'} as the projects folder" in dlg.problem.text()
    assert settings.coder_name() == "" and settings.transcription_model() == ""  # nothing stored
    dlg.projects.edit.setText(str(tmp_path / "Projekte"))
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    dlg.accept()
    assert not dlg.isVisible()
    assert (settings.language(), settings.coder_name(), settings.transcription_model(),
            settings.projects_folder()) == ("en", "Anna", str(colleagues_model), str(tmp_path / "Projekte"))
    again = PreferencesDialog(settings.language(), settings.snap_words())  # shows what is stored
    qtbot.addWidget(again)
    assert again.coder.text() == "Anna" and again.models.chosen_model() == str(colleagues_model)
    assert again.projects.folder() == str(tmp_path / "Projekte")


def test_the_coder_name_is_suggested_when_a_project_asks(qtbot, window):
    settings.set_coder_name("Anna")
    window.ask_coder()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(CoderDialog)), timeout=5000)
    dlg = next(d for d in window.findChildren(CoderDialog) if d.isVisible())
    assert dlg.name() == "Anna"  # the project has Lena and Murat; the preset comes first
    dlg.reject()
    wait_idle(qtbot, window)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_nothing_is_cut_off_at_the_default_size(qtbot, qapp, lang):
    """The longest lines (the model with its size and estimate, German) fit without eliding."""
    from app.gui.app import install_translators

    translators = install_translators(qapp, lang)
    try:
        for dlg in (FirstRunDialog(), PreferencesDialog("system", True)):
            qtbot.addWidget(dlg)
            dlg.show()
            combo = dlg.models.combo
            widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
            assert combo.width() >= widest + 20, (type(dlg).__name__, combo.width(), widest)
            assert dlg.width() >= dlg.sizeHint().width()
            dlg.reject()
    finally:
        for t in translators:
            qapp.removeTranslator(t)
