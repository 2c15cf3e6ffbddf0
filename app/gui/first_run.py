"""The first-run dialog (language, coder name, transcription model, projects folder) and the two
widgets it shares with the preferences: the model chooser and the folder field.

Shown once, before the first window (``app.run_gui``); a language chosen here applies at once,
because the window is built after it. The model chooser downloads with the transcription panel's
code (``ModelDownload``, its own thread) and validates a copied model folder with the same lookup
that transcription uses (``transcription.models.resolve``).

The minutes per hour of audio are ``transcription.speed`` estimates: this model's median speed
measured on this computer once a recording has been transcribed, else another model measured here
scaled by relative model cost, else the base model's speed measured with ``bench/transcribe.py``
on a 2-core machine (real-time factor 0.068 with speakers) scaled by this computer's cores and the
model's relative cost (the table in ``transcription/speed.py``). The dialog says which.
"""
from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from coding.base import messages

from . import settings
from .transcription_support import ModelDownload, fmt_duration

LANGUAGES = (("system", None), ("de", "Deutsch"), ("en", "English"))  # None: "System language", translated


class _Bridge(QObject):
    arrived = Signal(object)  # download progress from the download thread, delivered in the GUI thread


def _size_text(mb: int) -> str:
    """``145 MB``, ``1.6 GB`` (``1,6 GB`` when Andock speaks German): the download size."""
    if mb < 1000:
        return f"{mb} MB"
    german = messages.current_language() == "de"  # the core's language follows the window's
    locale = QLocale(QLocale.Language.German if german else QLocale.Language.English)
    return f"{locale.toString(mb / 1000, 'f', 1)} GB"


class ModelChooser(QWidget):
    """Which Whisper model transcribes: a named model (its download size and the expected time per
    hour of audio here), downloaded now in the background, a folder a colleague copied, or none yet.

    ``chosen_model()`` is what the transcription setting gets: a name, a folder, or '' (later).
    """

    busy = Signal(bool)  # a download started / ended: the dialog holds its OK button meanwhile

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from transcription import models
        from transcription.speed import SpeedLog, device_for

        device = device_for("faster-whisper")
        log = SpeedLog()
        self.cores = os.cpu_count() or 1
        self.estimates = {name: log.estimate("faster-whisper", name, device) for name in models.REPOS}
        self.installed = set(models.installed_models())
        self.mode = "folder" if current and current not in models.REPOS else "named"
        self.folder = current if self.mode == "folder" else ""
        self.error = ""
        self._cancelled = False
        self._download: ModelDownload | None = None
        self._bridge = _Bridge(self)
        self._bridge.arrived.connect(self._download_event)

        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # never cut off
        self.download_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.later_button = QPushButton(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.download_button, self.folder_button, self.later_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addLayout(buttons)
        lay.addLayout(progress)
        lay.addWidget(self.status)
        lay.addWidget(self.note)
        self._fill(current if current in models.REPOS else models.DEFAULT_MODEL)
        self.combo.currentIndexChanged.connect(lambda _i: self._named())
        self.download_button.clicked.connect(self.download)
        self.folder_button.clicked.connect(self.choose_folder)
        self.later_button.clicked.connect(self.later)
        self.cancel_button.clicked.connect(self.cancel)
        self.retranslate()

    # -- what is shown ---------------------------------------------------------------------------
    def _fill(self, selected: str) -> None:
        from transcription import models

        self.combo.blockSignals(True)
        self.combo.clear()
        for name in models.REPOS:
            self.combo.addItem(name, name)
        self.combo.setCurrentIndex(max(0, self.combo.findData(selected)))
        self.combo.blockSignals(False)

    def retranslate(self) -> None:
        """All texts in the current language (also after the language changed)."""
        from transcription import models

        for i in range(self.combo.count()):
            name = self.combo.itemData(i)
            est = self.estimates[name]
            where = (self.tr("on this computer") if name in self.installed
                     else _size_text(models.SIZES_MB[name]))
            text = (self.tr("%1 — %2 — about %3 per hour of audio (estimate)").replace("%1", name)
                    .replace("%2", where).replace("%3", fmt_duration(est.seconds_for(3600))))
            if name == models.DEFAULT_MODEL:
                text += self.tr(", recommended")
            self.combo.setItemText(i, text)
        self.download_button.setText(self.tr("Download now"))
        self.folder_button.setText(self.tr("Use a model folder…"))
        self.folder_button.setToolTip(self.tr("A model folder copied from a colleague's computer or a USB stick"))
        self.later_button.setText(self.tr("Later"))
        self.cancel_button.setText(self.tr("Cancel download"))
        self._show_state()

    def _show_state(self) -> None:
        """Status line, note on the estimate, and which buttons work, for the current state."""
        name = self.combo.currentData()
        downloading = self._download is not None
        self.bar.setVisible(downloading)
        self.cancel_button.setVisible(downloading)
        for w in (self.combo, self.download_button, self.folder_button, self.later_button):
            w.setEnabled(not downloading)
        self.download_button.setEnabled(not downloading and name not in self.installed)
        self.cancel_button.setEnabled(downloading and not self._cancelled)
        if downloading:
            text = self.tr("Cancelling…") if self._cancelled else self.tr(
                "Downloading %1 in the background; you can go on filling in this form.").replace("%1", name)
        elif self.error:
            text = self.error
        elif self.mode == "folder":
            text = self.tr("Uses the model in %1.").replace("%1", self.folder)
        elif self.mode == "later":
            text = self.tr("No model for now: the transcription panel downloads one whenever you like.")
        elif name in self.installed:
            text = self.tr("%1 is on this computer and ready.").replace("%1", name)
        else:
            text = self.tr("%1 is not on this computer yet: download it now (needs internet once), "
                           "or later from the transcription panel.").replace("%1", name)
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if self.error and not downloading else "")
        self.note.setText(self._estimate_note(self.estimates[name].basis))

    def _estimate_note(self, basis: str) -> str:
        if basis == "measured":
            return self.tr("Times are estimates from transcriptions measured on this computer.")
        if basis == "scaled":
            return self.tr("Times are estimates from another model measured on this computer.")
        return self.tr("Times are rough estimates for this computer (%1 processor cores), from speeds "
                       "measured on a 2-core computer; the first transcription measures the real "
                       "speed.").replace("%1", str(self.cores))

    # -- choices ---------------------------------------------------------------------------------
    def chosen_model(self) -> str:
        """For the transcription setting: a model name, a model folder, or '' (decide later)."""
        if self.mode == "folder":
            return self.folder
        return "" if self.mode == "later" else str(self.combo.currentData())

    def _named(self) -> None:
        self.mode, self.error = "named", ""
        self._show_state()

    def later(self) -> None:
        """No model for now (nothing is downloaded)."""
        self.mode, self.error = "later", ""
        self._show_state()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Whisper model folder"), self.folder)
        if folder:
            self.use_folder(folder)

    def use_folder(self, folder: str) -> bool:
        """Use a copied model folder, if it holds a Whisper model (the lookup transcription uses)."""
        from transcription import models
        from transcription.errors import ModelNotFound

        try:
            ref = models.resolve(os.path.abspath(folder))
        except ModelNotFound:
            ref = None
        if ref is None or ref.ct2_dir is None:
            self.error = self.tr("%1 holds no Whisper model. A model folder contains model.bin, config.json "
                                 "and tokenizer.json: copy the whole folder.").replace("%1", folder)
            self._show_state()
            return False
        self.mode, self.folder, self.error = "folder", str(ref.ct2_dir), ""
        self._show_state()
        return True

    # -- downloading -----------------------------------------------------------------------------
    def download(self) -> None:
        """Download the selected model on its own thread (progress and cancel here)."""
        name = self.combo.currentData()
        if self._download is not None or name in self.installed:
            return
        self.mode, self.error, self._cancelled = "named", "", False
        self.bar.setValue(0)
        self._download = ModelDownload(name, self.report).start()
        self._show_state()
        self.busy.emit(True)

    def report(self, done: float, total: float, error: str | None) -> None:
        """Called by the download thread: hands the event to the GUI thread."""
        self._bridge.arrived.emit((done, total, error))

    def cancel(self) -> None:
        """Stop the download at its next chunk; its partial folder is removed."""
        if self._download is not None:
            self._cancelled = True
            self._download.cancel()
            self._show_state()

    def downloading(self) -> bool:
        return self._download is not None

    def _download_event(self, event: tuple) -> None:
        done, total, error = event
        if error is None:
            self.bar.setValue(int(1000 * done / total) if total else 0)
            return
        from transcription import models

        if self._download is not None:
            self._download.join(10)
        name = self._download.name if self._download else ""
        self._download = None
        self.installed = set(models.installed_models())
        if self._cancelled:
            self.error = self.tr("Download cancelled; nothing was kept.")
        elif error:
            self.error = self.tr("The download failed: %1").replace("%1", error)
        else:
            self.combo.setCurrentIndex(max(0, self.combo.findData(name)))
        self.retranslate()
        self.busy.emit(False)

    def shutdown(self) -> None:
        """When the dialog closes: a running download is cancelled (and its partial model removed)."""
        if self._download is not None:
            self._download.cancel()
            self._download.join(10)
            self._download = None


class FolderField(QWidget):
    """A folder: typed, or chosen with a button."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(folder, self)
        self.button = QPushButton(self)
        self.button.clicked.connect(self._choose)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Choose…"))

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Projects folder"), self.folder())
        if folder:
            self.edit.setText(folder)

    def folder(self) -> str:
        return os.path.expanduser(self.edit.text().strip())

    def ensure_exists(self) -> str:
        """Make the folder if it is missing; '' when done, else why not (one sentence)."""
        if not self.folder():
            return self.tr("Choose a folder for your projects.")
        try:
            os.makedirs(self.folder(), exist_ok=True)
        except OSError as exc:
            return self.tr("Cannot use %1 as the projects folder: %2").replace("%1", self.folder()).replace(
                "%2", exc.strerror or str(exc))
        return ""


def _with_note(field: QWidget, note: QLabel) -> QWidget:
    """A form field with a short explanation under it."""
    box = QWidget(field.parentWidget())
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(field)
    lay.addWidget(note)
    return box


class GeneralChoices(QDialog):
    """What the first-run dialog and the preferences share: language, coder name, transcription
    model and projects folder, stored together; no OK while a model downloads; closing stops a
    download (its partial model is removed). Makes the widgets both show; subclasses fill the
    language list (their choices differ) and lay the widgets out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox(self)
        self.coder = QLineEdit(settings.coder_name(), self)
        self.coder.setMaxLength(60)
        self.models = ModelChooser(settings.transcription_model(), self)
        self.projects = FolderField(settings.projects_folder(), self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.models.busy.connect(self._busy)

    def _busy(self, on: bool) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not on)

    def store_general(self) -> bool:
        """Store the four choices (the projects folder is created); False, with the reason shown,
        when the folder cannot be made."""
        problem = self.projects.ensure_exists()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return False
        settings.set_language(self.language.currentData())
        settings.set_coder_name(self.coder.text())
        settings.set_transcription_model(self.models.chosen_model())
        settings.set_projects_folder(self.projects.folder())
        return True

    def done(self, result: int) -> None:
        self.models.shutdown()
        super().done(result)


class FirstRunDialog(GeneralChoices):
    """Language, coder name, transcription model and projects folder, asked once at the first start.

    ``on_language(code)`` is called when another language is picked (the startup switches Qt's
    translators; this dialog and the window built after it then speak it). Closing it in any way
    marks the first run as done; only "Done" stores the choices.
    """

    def __init__(self, on_language: Callable[[str], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_language = on_language
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        for code, name in LANGUAGES:
            self.language.addItem(name or "", code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language())))
        self.language_note = QLabel(self)
        self.coder_note = QLabel(self)
        self.coder_note.setWordWrap(True)
        self.labels = [QLabel(self) for _row in range(4)]
        form = QFormLayout()
        for label, field in zip(self.labels, (_with_note(self.language, self.language_note),
                                              _with_note(self.coder, self.coder_note), self.models, self.projects)):
            form.addRow(label, field)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._language_picked)
        self.setMinimumWidth(640)
        self.retranslate()

    def retranslate(self) -> None:
        """All texts in the current language."""
        self.setWindowTitle(self.tr("Welcome to Andock"))
        self.intro.setText(self.tr("A few settings before you start. You can change each of them later "
                                   "under Edit → Preferences."))
        self.language.setItemText(0, self.tr("System language"))
        self.language_note.setText(self.tr("Applies at once."))
        self.coder.setPlaceholderText(self.tr("e.g. Lena Hoffmann"))
        self.coder_note.setText(self.tr("Your codings are recorded under this name; projects suggest it "
                                        "when they ask who is coding."))
        for label, text in zip(self.labels, (self.tr("Language:"), self.tr("Your name as coder:"),
                                             self.tr("Transcription model:"), self.tr("Projects folder:"))):
            label.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        skip = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if ok is not None and skip is not None:
            ok.setText(self.tr("Done"))
            skip.setText(self.tr("Skip"))
        self.models.retranslate()
        self.projects.retranslate()
        # big enough for the texts of this language (longer model lines in German): nothing cut off
        hint = self.sizeHint()
        self.resize(self.size().expandedTo(hint) if self.isVisible() else hint)

    def _language_picked(self, _index: int) -> None:
        """Switch the translations (the startup's callback), then speak the new language here."""
        if self._on_language is not None:
            self._on_language(self.language.currentData())
            self.retranslate()

    def accept(self) -> None:
        """Store the choices and close (no "Done" while a download runs: the window would start
        without its model)."""
        if self.store_general():
            super().accept()

    def done(self, result: int) -> None:
        """Any way out (Done, Skip, closing) ends the first run for good; a download is stopped."""
        settings.set_first_run_done()
        super().done(result)
