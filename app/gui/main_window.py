"""The workbench window: documents left, text in the middle, codebook right, segments below."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog

from coding.base.ids import CodeId, CoderId, DocumentId
from coding.analysis.views import DocData, load_code_details, load_document
from coding.exchange.importers.reader import SUPPORTED_SUFFIXES

from . import settings, team_dialog
from .code_details import CodeDetails, save_details
from .codebook_panel import CodebookPanel
from .layout import WindowLayout
from .coding_actions import CodingActions
from .document_actions import DocumentActions
from .editor_actions import EditorActions
from .controller import ProjectController
from .export_dialog import export_dialog
from .transcript_editor import TranscriptEditor
from .documents_panel import DocumentsPanel
from .matrix_panel import MatrixPanel
from .project_file_actions import ProjectFileActions
from .refreshing import PanelRefresh
from .summary_panel import SummaryPanel
from .review_panel import ReviewPanel
from .search_panel import SearchPanel
from .segments_panel import SegmentsPanel
from .transcription_panel import TranscriptionPanel
from .transcription_support import audio_suffixes


def _when_shown(refresh: Callable[[], None]) -> Callable[[bool], None]:
    """A dock's ``visibilityChanged`` slot that refreshes the dock when it is shown."""
    def slot(shown: bool) -> None:
        if shown:  # after the tab switch is laid out, so that the dock counts as seen
            QTimer.singleShot(0, refresh)
    return slot


class MainWindow(CodingActions, ProjectFileActions, DocumentActions, EditorActions, WindowLayout, PanelRefresh):
    """Wires the panels to the controller; all database work happens on the worker."""

    def __init__(self, controller: ProjectController | None = None) -> None:
        super().__init__()
        self.ctl = controller or ProjectController(parent=self)
        self.current_doc: DocumentId | None = None
        self.last_code: CodeId | None = None
        self.coder_names: dict[CoderId, str] = {}
        self.setWindowTitle("Andock")
        self.resize(1280, 820)
        self.setAcceptDrops(True)
        self.editor = TranscriptEditor(self.ctl, self, reserved_keys=self._reserved_keys())
        self.view = self.editor.view
        self.setCentralWidget(self.editor)
        self.editor.refresh_document = self.refresh_document
        self.documents = DocumentsPanel(self)
        self.codebook = CodebookPanel(self)
        self.details = CodeDetails(self)
        self.segments = SegmentsPanel(self)
        self.search = SearchPanel(self)
        self.matrix = MatrixPanel(self)
        self.summaries = SummaryPanel(self)
        self.transcription = TranscriptionPanel(self.ctl, self)
        self.review = ReviewPanel(self.ctl, self)
        left, right, bottom = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        self.build_docks([  # app/gui/layout.py: default arrangement, then the remembered one
                ("documents", self.tr("Documents"), self.documents, left),
                ("codebook", self.tr("Codebook"), self.codebook, right),
                ("details", self.tr("Code details"), self.details, right),
                ("segments", self.tr("Retrieved segments"), self.segments, bottom),
                ("search", self.tr("Search"), self.search, bottom),
                ("matrix", self.tr("Code matrix"), self.matrix, bottom),
                ("summaries", self.tr("Summary grid"), self.summaries, bottom),
                ("transcription", self.tr("Transcription"), self.transcription, bottom),
                ("review", self.tr("Intercoder agreement"), self.review, bottom)])
        self.coder_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.coder_label)
        self._build_menus()
        self._connect()
        self._segments_timer = QTimer(self, singleShot=True, interval=120)
        self._segments_timer.timeout.connect(self.refresh_segments)
        self.update_title()

    # -- menus --------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[..., object],
                shortcut: QKeySequence.StandardKey | str | None = None, checkable: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        m.addAction(self._action(self.tr("&New project…"), self.new_project_dialog, QKeySequence.StandardKey.New))
        m.addAction(self._action(self.tr("&Open project…"), self.open_project_dialog, QKeySequence.StandardKey.Open))
        m.addAction(self._action(self.tr("&Connect to team database…"), lambda: team_dialog.connect_team_dialog(self)))
        self.recent_menu = m.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_as_action = self._action(self.tr("Save project &as…"), self.save_as_dialog,
                                           QKeySequence.StandardKey.SaveAs)
        m.addAction(self.save_as_action)
        m.addAction(self._action(self.tr("&Backups…"), self.backups_dialog))
        m.addSeparator()
        m.addAction(self._action(self.tr("&Import documents…"), self.import_dialog, "Ctrl+Shift+I"))
        m.addAction(self._action(self.tr("&Transcribe recordings…"), self.transcribe_dialog, "Ctrl+Shift+T"))
        m.addAction(self._action(self.tr("Document &variables…"), self.variables_dialog))
        m.addAction(self._action(self.tr("&Merge coders' copies…"), self.merge_dialog))
        m.addAction(self._action(self.tr("&Export…"), lambda: export_dialog(self), "Ctrl+Shift+X"))
        m.addSeparator()
        m.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        m = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(self.tr("&Undo"), self.ctl.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(self.tr("&Redo"), self.ctl.redo, QKeySequence.StandardKey.Redo)
        m.addAction(self.undo_action)
        m.addAction(self.redo_action)
        m.addSeparator()
        m.addAction(self._action(self.tr("&Find in documents…"), self.focus_search, QKeySequence.StandardKey.Find))
        m.addAction(self._action(self.tr("Find and &replace…"), self.replace_dialog, "Ctrl+H"))
        self.edit_text_action = self._action(self.tr("&Edit text"), self.editor.set_edit_mode, "Ctrl+Shift+E",
                                             checkable=True)
        self.editor.edit_button.toggled.connect(self.edit_text_action.setChecked)
        m.addAction(self.edit_text_action)
        m.addAction(self._action(self.tr("Transcript &editor settings…"), self.editor_settings_dialog))
        m.addAction(self._action(self.tr("&Preferences…"), self.preferences_dialog,
                                 QKeySequence.StandardKey.Preferences))
        m = bar.addMenu(self.tr("&Code"))
        m.addAction(self._action(self.tr("Code selection with &selected code"), self.code_with_selected, "Ctrl+E"))
        m.addAction(self._action(self.tr("&Repeat last code"), self.repeat_last_code, "Ctrl+L"))
        m.addAction(self._action(self.tr("Code whole speaker &turn"), self.code_turn, "Ctrl+T"))
        m.addAction(self._action(self.tr("&In-vivo code"), self.code_in_vivo, "Ctrl+I"))
        m.addSeparator()
        # Ctrl+N is File → New project (the platform's "new"); the code gets Ctrl+Shift+N
        m.addAction(self._action(self.tr("&New code…"), self.new_code_dialog, "Ctrl+Shift+N"))
        m.addAction(self._action(self.tr("Re&name code…"), self.rename_code_dialog, "F2"))
        m.addAction(self._action(self.tr("Change &colour…"), self.recolour_code_dialog))
        m.addAction(self._action(self.tr("&Merge code into…"), self.merge_code_dialog))
        m.addAction(self._action(self.tr("&Delete code…"), self.delete_code_dialog))
        m.addAction(self._action(self.tr("Code &memo…"), self.code_memo_dialog))
        fav = m.addMenu(self.tr("Put selected code on &key"))
        for key in range(1, 10):
            fav.addAction(self._action(self.tr("Alt+%1").replace("%1", str(key)),
                                       lambda _c=False, k=key: self.set_favourite(k)))
            self._action(f"fav{key}", lambda _c=False, k=key: self.code_favourite(k), f"Alt+{key}")
        m.addSeparator()
        self.snap_action = self._action(self.tr("Snap selections to &whole words"),
                                        lambda on: settings.set_snap_words(on), checkable=True)
        self.snap_action.setChecked(settings.snap_words())
        m.addAction(self.snap_action)
        m = bar.addMenu(self.tr("&View"))
        for dock in self.docks.values():
            m.addAction(dock.toggleViewAction())
        m.addAction(self._action(self.tr("Reset &layout"), self.reset_layout))
        m.addSeparator()
        self.only_mine = self._action(self.tr("Show only the current coder's codings"), self.toggle_only_mine,
                                      checkable=True)
        m.addAction(self.only_mine)
        self.show_coder_menu = m.addMenu(self.tr("Show codings of"))
        self.show_coder_menu.aboutToShow.connect(self._fill_show_coder_menu)
        self.choose_coder = self._action(self.tr("Choose &coder…"), self.coder_dialog)
        m.addAction(self.choose_coder)
        m = bar.addMenu(self.tr("&Help"))
        m.addAction(self._action(self.tr("Open &log folder"), self.open_log_folder))
        m.addAction(self._action(self.tr("&About Andock"), self.about))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = settings.recent_projects()
        if not paths:
            act = self.recent_menu.addAction(self.tr("(none)"))
            act.setEnabled(False)
        for p in paths:
            def open_recent(_checked: bool = False, path: str = p) -> None:
                self.open_project(path)
            self.recent_menu.addAction(p, open_recent)

    def _fill_show_coder_menu(self) -> None:
        menu = self.show_coder_menu
        menu.clear()
        all_act = menu.addAction(self.tr("All coders"), lambda: self.show_only_coder(None))
        all_act.setCheckable(True)
        all_act.setChecked(self.ctl.visible_coders is None)
        for cid, name in self.coder_names.items():
            def show_coder(_checked: bool = False, coder_id: CoderId = cid) -> None:
                self.show_only_coder(coder_id)
            act = menu.addAction(name, show_coder)
            act.setCheckable(True)
            act.setChecked(self.ctl.visible_coders == [cid])

    def _connect(self) -> None:
        ctl = self.ctl
        ctl.projectOpened.connect(self.on_project_opened)
        ctl.openConflict.connect(self.ask_open_anyway)
        ctl.openDamaged.connect(self.offer_backups)
        ctl.projectClosing.connect(self.transcription.stop_queue)  # a model download goes on
        ctl.aboutToChange.connect(self.details.flush)  # typing not yet saved goes in first
        ctl.aboutToChange.connect(self.summaries.flush)
        self.transcription.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.transcription.failed.connect(self.show_error)
        ctl.changed.connect(self.on_changed)
        ctl.failed.connect(self.show_error)
        ctl.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        ctl.undoStateChanged.connect(self.on_undo_state)
        ctl.coderChanged.connect(self.on_coder_changed)
        ctl.runner.busyChanged.connect(
            lambda busy: self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor))
        self.documents.documentActivated.connect(self.open_document)
        self.documents.tree.customContextMenuRequested.connect(self.document_menu)
        self.codebook.codeClicked.connect(self.on_code_clicked)
        self.codebook.codeSelected.connect(self.on_code_selected)
        self.codebook.rangeDropped.connect(self.code_range)
        self.codebook.moveRequested.connect(self.move_code)
        self.codebook.tree.customContextMenuRequested.connect(self.code_menu)
        self.details.saveRequested.connect(
            lambda cid, values: self.ctl.act(self.tr("Edit code details"), save_details, cid, values))
        self.segments.filtersChanged.connect(lambda: self._segments_timer.start())
        self.segments.segmentActivated.connect(self.jump_to)
        self.search.searchRequested.connect(self.run_search)
        self.search.hitActivated.connect(self.jump_to)
        self.matrix.settingsChanged.connect(self.refresh_matrix)
        self.matrix.cellChosen.connect(self.show_cell)
        self.docks["matrix"].visibilityChanged.connect(_when_shown(self.refresh_matrix))
        self.summaries.settingsChanged.connect(self.refresh_summaries)
        self.summaries.saveRequested.connect(self.save_summary)
        self.docks["summaries"].visibilityChanged.connect(_when_shown(self.refresh_summaries))
        self.editor.findReplaceRequested.connect(self.replace_dialog)
        self.review.passageChosen.connect(lambda doc, start, end: self.jump_to(DocumentId(doc), start, end))
        self.docks["review"].visibilityChanged.connect(_when_shown(self.review.reload_coders))
        self.view.segmentMenuRequested.connect(self.segment_menu)
        self.view.textMenuRequested.connect(self.text_menu)

    # -- project ------------------------------------------------------------------------
    def open_project(self, path: str, create: bool = False) -> None:
        """Open (or create) a project in the background."""
        self.ctl.open_project(path, create=create)

    def new_project_dialog(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("New project"), settings.projects_folder(),
                                               self.tr("Andock projects (*.andock)"))
        if path:
            self.open_project(path if path.endswith(".andock") else path + ".andock", create=True)

    def open_project_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Open project"), settings.projects_folder(),
                                               self.tr("Andock projects (*.andock)"))
        if path:
            self.open_project(path)

    def save_as_dialog(self) -> None:
        if self.ctl.project is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save project as"), "", self.tr("Andock projects (*.andock)"))
        if path:
            self.save_as(path)

    def save_as(self, path: str, on_done: Callable[[Path], None] | None = None) -> None:
        """Write a copy with SQLite's backup API (the open project stays open)."""
        project = self.ctl.project
        if project is None:
            return

        def saved(copy: Path) -> None:
            self.statusBar().showMessage(self.tr("Saved a copy as %1").replace("%1", str(copy)), 6000)
            if on_done:
                on_done(copy)
        self.ctl.run(project.save_as, path, on_done=saved)

    def on_project_opened(self, path: str) -> None:
        settings.add_recent(path)
        self.current_doc = None
        self.editor.set_edit_mode(False)
        self.view.set_data(None)
        self.editor.document_shown()
        self.update_title()
        self.refresh_all()
        read_only = self.ctl.project is not None and self.ctl.project.read_only
        # a queue interrupted by a quit or crash continues (not in a read-only window)
        self.transcription.reload(autostart=not read_only)
        if self.ctl.current_coder is None and not read_only:
            self.ask_coder()
        self.show_first_view(path)  # the last document and grouping, else the first of each

    def update_title(self) -> None:
        """Window title: project file name."""
        proj = self.ctl.project
        if not (proj and proj.path):
            self.setWindowTitle("Andock")
            return
        suffix = self.tr(" (read-only)") if proj.read_only else ""
        self.setWindowTitle(f"{Path(proj.path).name}{suffix} — Andock")

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        projects = [p for p in paths if p.lower().endswith(".andock")]
        recordings = [p for p in paths if Path(p).suffix.lower() in audio_suffixes()]
        if projects:
            self.open_project(projects[0])
        elif recordings:
            self.show_transcription()
            self.transcription.add_files(recordings)
        elif paths:
            self.import_files(paths)
        event.acceptProposedAction()

    def import_dialog(self) -> None:
        if self.ctl.project is None:
            return
        pattern = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("Import documents"), "",
                                                 self.tr("Texts and transcripts (%1)").replace("%1", pattern))
        if paths:
            self.import_files(paths)

    def show_transcription(self) -> None:
        """Bring the transcription queue to the front."""
        self.docks["transcription"].show()
        self.docks["transcription"].raise_()

    def transcribe_dialog(self) -> None:
        """Show the queue and choose recordings to add."""
        if self.ctl.project is None:
            self.show_error(self.tr("Open or create a project first."))
            return
        self.show_transcription()
        self.transcription.add_dialog()

    def import_files(self, paths: list[str]) -> None:
        """Import with a cancellable progress dialog."""
        if self.ctl.project is None:
            self.show_error(self.tr("Open or create a project first."))
            return
        dlg = QProgressDialog(self.tr("Importing documents…"), self.tr("Cancel"), 0, 100, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(400)

        def progress(done: float, total: float, message: str) -> None:
            dlg.setValue(int(100 * done / total) if total else 0)
            dlg.setLabelText(message)
        job = self.ctl.import_files(paths, on_done=lambda ids: dlg.reset(), on_progress=progress)
        if job is not None:
            dlg.canceled.connect(job.cancel)
        self.ctl.failed.connect(dlg.reset)

    def on_undo_state(self, undo: str, redo: str) -> None:
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))
        self.undo_action.setText(self.tr("&Undo %1").replace("%1", undo) if undo else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo %1").replace("%1", redo) if redo else self.tr("&Redo"))

    def open_document(self, doc_id: DocumentId, on_done: Callable[[], None] | None = None) -> None:
        """Show a document in the text view."""
        self.current_doc = doc_id
        self.documents.select_document(doc_id)

        self.editor.session.flush()

        def loaded(data: DocData) -> None:
            self.view.set_data(data)
            self.editor.document_shown()
            if on_done:
                on_done()
        self.ctl.read(load_document, doc_id, self.ctl.visible_coders, on_done=loaded)

    def jump_to(self, doc_id: DocumentId, start: int, end: int) -> None:
        """Open a document and select a range in it."""
        if doc_id == self.current_doc and self.view.data is not None:
            self.view.select(start, end)
        else:
            self.open_document(doc_id, on_done=lambda: self.view.select(start, end))

    def on_code_selected(self, selected: int) -> None:
        """Show a code's details and segments (``selected`` -1: no code selected)."""
        if selected < 0 or self.ctl.project is None:
            self.details.show_details(None)
            return
        code_id = CodeId(selected)
        self.ctl.read(load_code_details, code_id, on_done=self.details.show_details)
        node = self.codebook.nodes.get(code_id)
        self.segments.set_codes([code_id], node.path if node else "")

    def run_search(self, pattern: str, regex: bool, case: bool) -> None:
        self.search.start_search(self.ctl, pattern, regex, case)

    def focus_search(self) -> None:
        self.docks["search"].show()
        self.docks["search"].raise_()
        self.search.pattern.setFocus()

    def show_error(self, message: str) -> None:
        """Errors appear as readable messages in the status bar and a non-blocking box."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Andock", message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def about(self) -> None:
        from coding import __version__
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Andock"),
                          self.tr("Andock %1 — qualitative interview research. Everything stays on "
                                  "this computer.").replace("%1", __version__), QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.editor.shutdown()
        self.transcription.shutdown()  # the running recording goes back to the queue (journal kept)
        self.search.shutdown()
        self.ctl.shutdown()  # aboutToChange saves typing not yet saved (details, summary)
        super().closeEvent(event)
