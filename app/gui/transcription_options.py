"""The options of the transcription dock: model (installed or to download, or a folder), engine,
language, speakers, vocabulary, a variable for new transcripts, and the expected time per hour of
audio on this computer. A model is downloaded only from its button, on its own thread.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSizePolicy, QSpinBox, QWidget,
)

from coding.services import transcription_jobs as tj

from . import settings
from .transcription_support import LANGUAGES, ModelDownload, fmt_duration, installed_components

FOLDER = "\x00folder"  # model combo entry: choose a model folder


class _Bridge(QObject):
    arrived = Signal(object)  # download progress, delivered in the GUI thread


class TranscriptionOptions(QWidget):
    """What the next recordings are transcribed with; ``options()`` and ``variables()`` read it."""

    message = Signal(str)  # for the status bar
    failed = Signal(str)  # for an error box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option_overrides: dict[str, Any] = {}  # e.g. {"threads": 2}; not shown in the panel
        self.waiting: list[tj.JobInfo] = []
        self.components = installed_components()
        self._device: str | None = None
        self._installed: set[str] = set()
        self._download: ModelDownload | None = None
        self._bridge = _Bridge(self)
        self._bridge.arrived.connect(self._download_event)

        self.model = QComboBox(self)
        # as wide as its longest entry ("large-v3-turbo (Download 1620 MB, empfohlen)"): a cut-off
        # entry hides the size and which model is recommended
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.download = QPushButton(self.tr("Download model"), self)
        self.download.setToolTip(self.tr("Models are downloaded only when you ask; needs internet once."))
        self.engine = QComboBox(self)
        self.engine.addItem(self.tr("faster-whisper (fast)"), "faster-whisper")
        self.engine.addItem(self.tr("openai-whisper (reference, slow)"), "openai-whisper")
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.addItem(self.tr("Detect automatically"), "auto")
        self.speakers = QSpinBox(self)
        self.speakers.setRange(1, 9)
        self.speakers.setValue(2)
        self.speakers.setToolTip(self.tr("Speakers are labelled I (first) and B, or B1, B2 … in order of appearance"))
        self.stereo = QCheckBox(self.tr("One speaker per stereo channel"), self)
        self.prompt = QLineEdit(self)
        self.prompt.setPlaceholderText(self.tr("Names of places and organisations, e.g. Marxloh, Caritas"))
        self.prompt.setMinimumWidth(self.prompt.fontMetrics().horizontalAdvance(self.prompt.placeholderText()) + 16)
        self.var_name = QComboBox(self)
        self.var_name.setEditable(True)
        var_edit = self.var_name.lineEdit()
        assert var_edit is not None  # an editable combo box has its line edit
        var_edit.setPlaceholderText(self.tr("Variable"))
        self.var_value = QLineEdit(self)
        self.var_value.setPlaceholderText(self.tr("Value, e.g. kommunal"))
        self.estimate = QLabel(self)
        self.estimate.setWordWrap(True)

        self.download_bar = QProgressBar(self)
        self.download_bar.setRange(0, 1000)
        self.download_bar.hide()
        # below the model, which needs the whole width for its names; shown only while there is
        # something to download, so that a low dock keeps its room for the hint
        self.download_row = download_row = QHBoxLayout()
        self.download.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        download_row.addWidget(self.download)
        download_row.addWidget(self.download_bar, 1)
        download_row.addStretch(0)  # the button keeps its size while the bar is hidden
        speaker_row = QHBoxLayout()
        speaker_row.addWidget(self.speakers)
        speaker_row.addWidget(self.stereo, 1)
        var_row = QHBoxLayout()
        var_row.addWidget(self.var_name, 1)
        var_row.addWidget(QLabel("=", self))
        var_row.addWidget(self.var_value, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Model:"), self.model)
        form.addRow("", download_row)
        form.addRow(self.tr("Engine:"), self.engine)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Speakers:"), speaker_row)
        form.addRow(self.tr("Vocabulary:"), self.prompt)
        form.addRow(self.tr("Set for new transcripts:"), var_row)
        form.addRow(self.estimate)
        self.form = form
        self.setLayout(form)
        self.setMaximumWidth(580)

        self.download.clicked.connect(self.download_model)
        self.model.activated.connect(self._model_chosen)
        self.model.currentIndexChanged.connect(lambda _i: self._update_estimate())
        self.engine.currentIndexChanged.connect(lambda _i: self._update_estimate())
        self.speakers.valueChanged.connect(lambda _v: self._update_estimate())
        self.stereo.toggled.connect(lambda _on: self._update_estimate())
        self.fill_models()

    def fill_models(self) -> None:
        """Named models, marked installed or to download, and 'a model folder…'."""
        from transcription import models

        installed = models.installed_models()
        wanted = self.model.currentData() or settings.transcription_model() or models.DEFAULT_MODEL
        self.model.blockSignals(True)
        self.model.clear()
        for name in models.REPOS:
            note = (self.tr("on this computer") if name in installed
                    else self.tr("download %1 MB").replace("%1", str(models.SIZES_MB[name])))
            default = self.tr(", recommended") if name == models.DEFAULT_MODEL else ""
            self.model.addItem(f"{name} ({note}{default})", name)
        if wanted not in models.REPOS:  # a model folder chosen earlier
            self.model.addItem(wanted, wanted)
        self.model.addItem(self.tr("Model folder…"), FOLDER)
        self.model.setCurrentIndex(max(0, self.model.findData(wanted)))
        self.model.blockSignals(False)
        self._installed = set(installed)
        self._update_estimate()

    def _model_chosen(self, _index: int) -> None:
        if self.model.currentData() == FOLDER:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Whisper model folder"))
            if folder:
                self.set_model(folder)
            else:
                self.model.setCurrentIndex(0)
        else:
            settings.set_transcription_model(self.model.currentData())
        self._update_estimate()

    def set_model(self, name_or_folder: str) -> None:
        """Choose a model by name or folder (remembered for the next start)."""
        if self.model.findData(name_or_folder) < 0:
            self.model.insertItem(self.model.count() - 1, name_or_folder, name_or_folder)
        self.model.setCurrentIndex(self.model.findData(name_or_folder))
        settings.set_transcription_model(name_or_folder)

    def options(self):
        """The transcription options the panel shows."""
        import dataclasses

        from transcription.engines import Options

        lang = self.language.currentData()
        opts = Options(engine=self.engine.currentData(), model=self.model.currentData(),
                       language=None if lang == "auto" else lang, speakers=self.speakers.value(),
                       stereo_speakers=self.stereo.isChecked(), initial_prompt=self.prompt.text().strip() or None)
        return dataclasses.replace(opts, **self.option_overrides)

    def variables(self) -> list[tuple[str, str]]:
        """The variable the new transcripts get (none when no name is given)."""
        name, value = self.var_name.currentText().strip(), self.var_value.text().strip()
        return [(name, value)] if name and value else []

    def set_variable_names(self, names: list[str]) -> None:
        """Offer the project's variables."""
        current = self.var_name.currentText()
        self.var_name.clear()
        self.var_name.addItems(names)
        self.var_name.setEditText(current or (names[0] if names else ""))

    def set_waiting(self, jobs: list[tj.JobInfo]) -> None:
        """The queue's jobs: the estimate covers those still to do."""
        self.waiting = [j for j in jobs if j.status in ("queued", "running")]
        self._update_estimate()

    def _update_estimate(self) -> None:
        """Time per hour of audio for the chosen model on this computer, and for the queue."""
        from transcription import models
        from transcription.speed import SpeedLog, device_for

        model, engine = self.model.currentData(), self.engine.currentData()
        if not model or model == FOLDER:
            return
        transcription_ok, voices_ok = self.components
        if not transcription_ok:
            self.estimate.setText(self.tr("Transcription is not installed in this Andock: install its "
                                          "“transcription” component (pip install \"andock[transcription]\")."))
            self.download.setEnabled(False)
            self.form.setRowVisible(self.download_row, False)
            return
        if self._device is None:
            self._device = device_for("faster-whisper")
        device = self._device if engine == "faster-whisper" else "cpu"
        est = SpeedLog().estimate(engine, model, device)
        basis = {"measured": self.tr("measured on this computer"),
                 "scaled": self.tr("estimated from another model measured here"),
                 "rough": self.tr("rough estimate until the first recording is measured")}[est.basis]
        text = (self.tr("About %1 per hour of audio (%2).").replace("%1", fmt_duration(est.seconds_for(3600)))
                .replace("%2", basis))
        waiting = self.waiting
        if waiting:
            left = sum(j.left_s for j in waiting)
            text += " " + self.tr("Waiting: %1 of audio, about %2.").replace("%1", fmt_duration(left)).replace(
                "%2", fmt_duration(est.seconds_for(left, len(waiting))))
        installed = model in self._installed or model not in models.REPOS  # a folder is "installed"
        if not installed:
            text += " " + self.tr("This model is not on this computer yet: download it first (needs internet once).")
        if not voices_ok and self.speakers.value() > 1 and not self.stereo.isChecked():
            text += " " + self.tr("The voice encoder that tells speakers apart is missing from this installation "
                                  "(resources/voice): reinstall Andock, or choose one speaker per stereo channel.")
        self.download.setEnabled(not installed and self._download is None)
        self.form.setRowVisible(self.download_row, not installed or self._download is not None)
        self.estimate.setText(text)

    def download_model(self) -> None:
        """Download the chosen named model (only ever when the user asks)."""
        from transcription import models

        name = self.model.currentData()
        if name not in models.REPOS or self._download is not None:
            return
        self.download.setEnabled(False)
        self._download = ModelDownload(name, lambda done, total, error: self._bridge.arrived.emit(
            (name, done, total, error))).start()
        self.download_bar.setValue(0)
        self.download_bar.setFormat(self.tr("Downloading %1…").replace("%1", name))
        self.download_bar.show()

    def shutdown(self) -> None:
        """Before the program quits: cancel a running download (its partial model is removed)."""
        if self._download is not None:
            self._download.cancel()
            self._download.join(10)

    def _download_event(self, event: tuple) -> None:
        name, done, total, error = event
        if error is None:
            self.download_bar.setValue(int(1000 * done / total) if total else 0)
            return
        if self._download is not None:
            self._download.join(10)
        self._download = None
        self.download_bar.hide()
        if error:
            self.failed.emit(error)
        else:
            self.message.emit(self.tr("%1 is ready").replace("%1", name))
        self.fill_models()

