"""The transcription queue dock: add recordings, choose model, language and speakers, see
progress and time left per file and overall, stop or cancel; transcripts appear as documents.

The queue lives in the project (``coding.services.transcription_jobs``) and is worked through by
``app.transcribe_queue.QueueWorker`` on a background thread; its database steps run on the GUI's
database worker (``DbRunner.call``) and its events arrive here as queued signals, so the window
never waits for Whisper. Each recording is transcribed in a child process (``transcription.runner``).
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QScrollArea,
    QSizePolicy, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coding.services import transcription_jobs as tj

from .transcription_options import TranscriptionOptions
from .transcription_support import audio_suffixes, enqueue, fmt_duration, load_queue, probe_recordings, set_autostart

if TYPE_CHECKING:
    from app.transcribe_queue import QueueWorker


class _Bridge(QObject):
    arrived = Signal(object)  # events of the queue worker, delivered in the GUI thread


class _OptionsArea(QScrollArea):
    """Scrolls the options up and down, never sideways: as wide as they need, any height."""

    def __init__(self, options: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.options = options
        self.setWidget(options)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def _width(self, options_width: int) -> int:
        bar = self.verticalScrollBar().sizeHint().width()  # room for it, shown or not: no jumping
        return min(options_width + bar, self.options.maximumWidth() + bar)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = self.options.sizeHint()
        return QSize(self._width(hint.width()), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._width(self.options.minimumSizeHint().width()), 0)


class TranscriptionPanel(QWidget):
    """The queue: options on top, one row per recording, overall progress at the bottom."""

    message = Signal(str)  # for the status bar
    failed = Signal(str)  # for an error box

    COLUMNS = 5

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.jobs: list[tj.JobInfo] = []
        self.worker: QueueWorker | None = None
        self.queue_thread: threading.Thread | None = None
        self._probing: threading.Thread | None = None
        self._bridge = _Bridge(self)
        self._bridge.arrived.connect(self._on_event)

        self.opts = TranscriptionOptions(self)
        self.opts.message.connect(self.message)
        self.opts.failed.connect(self.failed)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels([self.tr("Recording"), self.tr("Length"), self.tr("Status"),
                                              self.tr("Progress"), self.tr("Time left")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(3, 110)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Add recordings…"), self)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setToolTip(self.tr("Stop after saving what is done; Start continues where it stopped"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Cancel the selected recordings"))
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setToolTip(self.tr("Queue the selected failed or cancelled recordings again"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected recordings from the list (transcripts stay)"))
        self.clear_button = QPushButton(self.tr("Clear finished"), self)
        buttons = QHBoxLayout()  # running the queue, above it
        for b in (self.add_button, self.start_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        # what to do with the selected rows, below them: in one row with the others the queue
        # needs ~740 px in German, and the window would not fit 1280 px beside the options
        selected = QHBoxLayout()
        for b in (self.cancel_button, self.retry_button, self.remove_button, self.clear_button):
            selected.addWidget(b)
        selected.addStretch(1)
        self.overall = QProgressBar(self)
        self.overall.setRange(0, 1000)
        self.overall.setTextVisible(False)
        self.overall_label = QLabel(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.overall, 1)
        bottom.addWidget(self.overall_label, 2)
        queue = QVBoxLayout()
        queue.setContentsMargins(0, 0, 0, 0)
        queue.addLayout(buttons)
        queue.addWidget(self.table, 1)
        queue.addLayout(selected)
        queue.addLayout(bottom)

        # a low dock (1280×800) scrolls the options instead of squeezing the hint below them
        # until its lines are cut off
        self.opts_area = _OptionsArea(self.opts, self)
        lay = QHBoxLayout(self)
        lay.addWidget(self.opts_area)
        lay.addLayout(queue, 1)

        self.add_button.clicked.connect(self.add_dialog)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.cancel_button.clicked.connect(lambda: self._change(tj.cancel, self.selected_ids()))
        self.retry_button.clicked.connect(lambda: self._change(tj.retry, self.selected_ids()))
        self.remove_button.clicked.connect(lambda: self._change(tj.remove, self.selected_ids()))
        self.clear_button.clicked.connect(lambda: self._change(lambda c, _ids: tj.clear_finished(c), []))
        self._update_buttons()

    # -- the queue list -----------------------------------------------------------------------
    def reload(self, autostart: bool = False) -> None:
        """Read the queue (and continue it if it was running when the project was closed)."""
        project = self.ctl.project
        if project is None:
            self.set_jobs([])
            return
        self.ctl.run(lambda: load_queue(project), on_done=lambda out: self._loaded(out, autostart))

    def _loaded(self, out, autostart: bool) -> None:
        jobs, running_before = out
        self.set_jobs(jobs)
        if autostart and running_before and any(j.status == "queued" for j in jobs) and not self.running:
            self.message.emit(self.tr("Continuing the transcription queue"))
            self.start()

    def set_jobs(self, jobs: list[tj.JobInfo]) -> None:
        """Show the queue."""
        self.jobs = jobs
        self.table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            name, status, left = (QTableWidgetItem(job.audio_name), QTableWidgetItem(self.status_text(job.status)),
                                  QTableWidgetItem(""))
            name.setData(Qt.ItemDataRole.UserRole, job.id)
            name.setToolTip(job.audio_path)
            if job.message:
                status.setToolTip(job.message)
                left.setText(job.message)
                left.setToolTip(job.message)
            elif job.status == "done":
                left.setText(self.tr("→ document %1").replace("%1", job.document_name))
            for col, item in ((0, name), (1, QTableWidgetItem(fmt_duration(job.duration_s))), (2, status), (4, left)):
                self.table.setItem(row, col, item)
            bar = QProgressBar(self.table)
            bar.setRange(0, 1000)
            share = 1.0 if job.status == "done" else (job.done_s / job.duration_s if job.duration_s else 0.0)
            bar.setValue(int(1000 * min(1.0, share)))
            bar.setFormat(f"{share:.0%}")
            self.table.setCellWidget(row, 3, bar)
        self._update_buttons()
        self.opts.set_waiting(jobs)

    def status_text(self, status: str) -> str:
        """A job's state in words."""
        return {"queued": self.tr("Waiting"), "running": self.tr("Transcribing"), "done": self.tr("Done"),
                "failed": self.tr("Failed"), "cancelled": self.tr("Cancelled")}.get(status, status)

    def row_of(self, job_id: int) -> int:
        """The table row of a job (-1 if not shown)."""
        return next((i for i, j in enumerate(self.jobs) if j.id == job_id), -1)

    def selected_ids(self) -> list[int]:
        """Jobs of the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.jobs[r].id for r in rows if r < len(self.jobs)]

    def _update_buttons(self) -> None:
        has_project = self.ctl.project is not None and self.opts.components[0]
        selected = {j.status for j in self.jobs if j.id in set(self.selected_ids())}
        self.add_button.setEnabled(has_project)
        self.start_button.setEnabled(has_project and not self.running
                                     and any(j.status == "queued" for j in self.jobs))
        self.stop_button.setEnabled(self.running and self.worker is not None and not self.worker.stopping)
        self.cancel_button.setEnabled(bool(selected & {"queued", "running"}))
        self.retry_button.setEnabled(bool(selected & {"failed", "cancelled"}))
        self.remove_button.setEnabled(bool(selected - {"running"}))
        self.clear_button.setEnabled(any(j.status == "done" for j in self.jobs))

    def _change(self, fn, ids: list[int]) -> None:
        project = self.ctl.project
        if project is None:
            return

        def job():
            with project.write() as conn:
                fn(conn, ids)
                return tj.list_jobs(conn)
        self.ctl.run(job, on_done=self.set_jobs)

    # -- adding -----------------------------------------------------------------------------------
    def add_dialog(self) -> None:
        """Choose recordings to add."""
        pattern = " ".join(f"*{s}" for s in audio_suffixes())
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("Add recordings"), "",
                                                 self.tr("Audio and video (%1)").replace("%1", pattern))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Queue recordings with the options shown (bad files are named and left out)."""
        from app.transcribe_queue import options_to_dict

        project = self.ctl.project
        if project is None:
            self.failed.emit(self.tr("Open or create a project first."))
            return
        opts, variables = options_to_dict(self.opts.options()), self.opts.variables()
        self.overall_label.setText(self.tr("Checking %n recording(s)…", "", len(paths)))

        def probe() -> None:  # reading whole files for their checksum: not on the database thread
            try:
                self._bridge.arrived.emit(("probed", project, probe_recordings(paths), opts, variables))
            except Exception as exc:  # noqa: BLE001 - e.g. a vanished drive: one message
                self._bridge.arrived.emit(("probed", project, ([], [f"{type(exc).__name__}: {exc}"]), opts, variables))
        self._probing = threading.Thread(target=probe, name="andock-check-recordings", daemon=True)
        self._probing.start()

    def _probed(self, project, out, opts, variables) -> None:
        files, problems = out
        if self._probing is not None:
            self._probing.join(5)
            self._probing = None
        if problems:
            self.failed.emit(self.tr("Not added:") + "\n" + "\n".join(problems))
        if project is not self.ctl.project:
            return  # another project was opened meanwhile

        def done(ids):
            if ids:
                self.message.emit(self.tr("%n recording(s) added to the transcription queue", "", len(ids)))
            if not self.running:
                self.overall_label.setText("")
            self.reload()
        self.ctl.run(lambda: enqueue(project, files, opts, variables), on_done=done)

    # -- running ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while the queue worker thread runs."""
        return self.queue_thread is not None and self.queue_thread.is_alive()

    def start(self) -> None:
        """Work through the queue in the background."""
        from app.transcribe_queue import QueueWorker

        project = self.ctl.project
        if project is None or self.running:
            return
        self.worker = QueueWorker(project, on_event=self._bridge.arrived.emit, db=self.ctl.runner.call)
        # daemon: should it hang (e.g. hashing a huge file) the program still quits; the job it
        # held is then given back to the queue at the next start (its process is gone)
        self.queue_thread = threading.Thread(target=self.worker.run, name="andock-transcription", daemon=True)
        self.queue_thread.start()
        self.overall_label.setText(self.tr("Starting…"))
        self._update_buttons()

    def stop(self) -> None:
        """Stop soon; the running file goes back to the queue and resumes from its journal.

        The queue then waits for Start: opening the project again does not continue it.
        """
        project = self.ctl.project
        if self.worker is not None and self.running:
            self.worker.stop(pause=True)  # the worker clears "continue on opening" as it ends
            self.overall_label.setText(self.tr("Stopping…"))
        elif project is not None:
            self.ctl.run(lambda: set_autostart(project, False))
        self._update_buttons()

    def stop_queue(self) -> None:
        """Stop the worker and wait for it (the project closes): the running file goes back to
        the queue, and the queue continues when the project is opened again."""
        if self.worker is not None:
            self.worker.stop()
        if self.queue_thread is not None and self.queue_thread.is_alive():
            self.queue_thread.join(30)  # the child is stopped within a second; then one database write

    def shutdown(self) -> None:
        """Before the program quits: stop the queue and a model download, and wait for the check
        of recordings being added (it reads each file once for its checksum)."""
        self.opts.shutdown()
        self.stop_queue()
        if self._probing is not None:
            self._probing.join(30)
            self._probing = None

    def _on_event(self, event) -> None:
        from app import transcribe_queue as tq

        if isinstance(event, tuple) and event[0] == "probed":
            self._probed(*event[1:])
        elif isinstance(event, tq.JobStarted):
            self._set_row(event.job.id, status="running")
        elif isinstance(event, tq.JobProgress):
            self._set_row(event.job_id, status="running", share=event.done_s / event.total_s if event.total_s else 0,
                          left=event.eta_s)
        elif isinstance(event, tq.QueueProgress):
            share = event.done_s / event.total_s if event.total_s else 0.0
            self.overall.setValue(int(1000 * min(1.0, share)))
            self.overall_label.setText(
                self.tr("%1 of the audio done, about %2 left (%3 recording(s))").replace("%1", f"{share:.0%}")
                .replace("%2", fmt_duration(event.eta_s)).replace("%3", str(event.files_left)))
        elif isinstance(event, tq.JobFinished):
            self.ctl.changed.emit(event.changes)
            self.ctl.refresh_undo()  # "Undo Transcribe …"
            name = self.jobs[self.row_of(event.job_id)].audio_name if self.row_of(event.job_id) >= 0 else ""
            self.message.emit(self.tr("Transcribed %1").replace("%1", name))
            self.reload()
        elif isinstance(event, (tq.JobFailed, tq.JobCancelled)):
            if isinstance(event, tq.JobFailed):
                self.message.emit(event.message)
            self.reload()
        elif isinstance(event, tq.QueueStopped):
            self._finished_run(event)

    def _finished_run(self, event=None) -> None:
        if self.queue_thread is not None:
            self.queue_thread.join(10)  # it ends right after its last event
        self.queue_thread = None
        if event is not None and event.reason == "error":
            self.failed.emit(self.tr("The transcription queue stopped: %1").replace("%1", event.message))
            self.overall_label.setText(self.tr("Stopped; Start continues where it stopped"))
        elif event is not None and event.reason == "empty":
            self.overall.setValue(1000 if event.finished else 0)
            self.overall_label.setText(self.tr("Queue finished: %1 transcribed, %2 failed")
                                       .replace("%1", str(event.finished)).replace("%2", str(event.failed)))
        elif event is not None:
            self.overall_label.setText(self.tr("Stopped; Start continues where it stopped"))
        self.reload()

    def _set_row(self, job_id: int, status: str, share: float | None = None, left: float | None = None) -> None:
        row = self.row_of(job_id)
        if row < 0:
            return
        status_item, bar, left_item = self.table.item(row, 2), self.table.cellWidget(row, 3), self.table.item(row, 4)
        if status_item is not None:
            status_item.setText(self.status_text(status))
        if share is not None and isinstance(bar, QProgressBar) and left_item is not None:
            bar.setValue(int(1000 * min(1.0, share)))
            bar.setFormat(f"{min(1.0, share):.0%}")
            left_item.setText(self.tr("about %1").replace("%1", fmt_duration(left)))
        self._update_buttons()
