"""Keeping the window's panels up to date: what each change reloads, on the database worker (a
base class of MainWindow, to keep its file short)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QDockWidget, QMainWindow

from coding.analysis import retrieval
from coding.analysis.views import DocData, load_choices, load_document, load_documents
from coding.base.ids import CodeId, CoderId, DocumentId
from coding.services import codes as codes_mod

from .matrix_panel import cell_segments, load_matrix
from .summary_panel import load_grid

if TYPE_CHECKING:
    from .codebook_panel import CodebookPanel
    from .controller import ProjectController
    from .document_view import DocumentView
    from .documents_panel import DocumentsPanel
    from .matrix_panel import MatrixPanel
    from .segments_panel import SegmentsPanel
    from .summary_panel import SummaryPanel
    from .transcript_editor import TranscriptEditor
    from .transcription_panel import TranscriptionPanel


def seen(dock: QDockWidget) -> bool:
    """Whether any of a dock is on screen: a tab behind another dock stays ``isVisible()``."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


class PanelRefresh(QMainWindow):
    """MainWindow sets the panels and state declared here."""

    ctl: ProjectController
    editor: TranscriptEditor
    view: DocumentView
    codebook: CodebookPanel
    documents: DocumentsPanel
    segments: SegmentsPanel
    matrix: MatrixPanel
    summaries: SummaryPanel
    transcription: TranscriptionPanel
    docks: dict[str, QDockWidget]
    current_doc: DocumentId | None
    coder_names: dict[CoderId, str]
    on_code_selected: Callable[[int], None]
    on_coder_changed: Callable[..., None]

    def refresh_all(self) -> None:
        """Reload every panel from the project."""
        self.refresh_tree()
        self.refresh_documents()
        self.refresh_choices()
        self.refresh_segments()
        self.refresh_document()
        self.on_code_selected(self.codebook.current_code() or -1)
        self.on_coder_changed()

    def refresh_tree(self) -> None:
        self.ctl.read(codes_mod.load_tree, self.ctl.visible_coders, on_done=self.codebook.set_tree)

    def refresh_documents(self) -> None:
        self.ctl.read(load_documents, self.ctl.visible_coders, on_done=self.documents.set_data)

    def refresh_choices(self) -> None:
        def loaded(choices: dict) -> None:
            self.segments.set_choices(choices["documents"], choices["variables"], choices["coders"])
            self.transcription.opts.set_variable_names(list(choices["variables"]))
        self.ctl.read(load_choices, on_done=loaded)

    def refresh_segments(self) -> None:
        if self.ctl.project is None:
            return
        f = self.segments.filters()
        if f["coders"] is None and self.ctl.visible_coders is not None:
            f["coders"] = self.ctl.visible_coders
        self.ctl.read(lambda conn: retrieval.query_segments(conn, **f), on_done=self.segments.set_rows)

    def refresh_matrix(self) -> None:
        """Recompute the code matrix when it is shown (SQL aggregates on the worker)."""
        if self.ctl.project is None or not seen(self.docks["matrix"]):
            return
        opts = self.matrix.settings()
        self.ctl.read(lambda conn: load_matrix(conn, **opts), on_done=self._matrix_loaded)

    def _matrix_loaded(self, out) -> None:
        table, names = out
        self.matrix.set_choices(names, list(self.coder_names.items()), table.by)
        self.matrix.set_table(table)

    def refresh_summaries(self) -> None:
        """Reload the summary grid when it is shown."""
        if self.ctl.project is None or not seen(self.docks["summaries"]):
            return
        by = self.summaries.by_value()
        self.ctl.read(lambda conn: load_grid(conn, by), on_done=lambda out: self.summaries.set_grid(*out))

    def save_summary(self, row: int, code_id: CodeId, text: str) -> None:
        """Store a cell's summary (undoable)."""
        from coding.services.summaries import set_summary
        grid = self.summaries.grid
        if grid is None:  # a summary is only typed into a cell of a shown grid
            return
        key = grid.key(row, code_id)
        self.ctl.act(self.tr("Edit summary"), lambda act: set_summary(
            act, code_id, text, document_id=key.document_id, variable_id=key.variable_id, value=key.value))

    def show_cell(self, code_id: CodeId, column: int) -> None:
        """List exactly the segments counted in a matrix cell in the retrieved-segments dock."""
        table = self.matrix.current
        if table is None:  # cells are only chosen in a shown matrix
            return
        label = f"{self.codebook.nodes[code_id].path if code_id in self.codebook.nodes else ''} × {table.columns[column]}"

        def loaded(rows: list[retrieval.RetrievedSegment]) -> None:
            self.segments.show_fixed(rows, label)
            self.docks["segments"].raise_()
        self.ctl.read(cell_segments, table, code_id, column, on_done=loaded)

    def refresh_document(self) -> None:
        if self.current_doc is not None and self.editor.wants_refresh():
            self.ctl.read(load_document, self.current_doc, self.ctl.visible_coders, self.view.data,
                          on_done=self._document_loaded)

    def _document_loaded(self, data: DocData) -> None:
        if self.editor.session.busy and self.view.data is not None and data.id == self.view.data.id:
            self.editor.wants_refresh()  # typed on meanwhile: this text is already outdated
            return
        self.view.set_data(data)
        self.editor.document_shown()

    def on_changed(self, changes) -> None:
        """Refresh what the ChangeSet names (the visible text first: the worker runs jobs in order)."""
        tables = changes.tables()
        if "documents" in tables and self.current_doc in changes.deleted.get("documents", set()):
            self.current_doc = None
            self.editor.set_edit_mode(False)
            self.view.set_data(None)
            self.editor.document_shown()
        if {"segments", "codes", "memos", "documents", "speaker_turns", "time_anchors", "word_timings"} & tables:
            self.refresh_document()
        # A text edit moves codings (updates) without changing what is coded where: counts,
        # matrix and summary grid stay; retrieved segments show the new text. Saving each typed
        # word must not recount the project.
        moved_only = ("documents" in changes.updated and "codes" not in tables
                      and not {"segments"} & (set(changes.inserted) | set(changes.deleted)))
        if {"segments", "codes"} & tables and not moved_only:
            self.refresh_tree()
            self.refresh_segments()
            self.refresh_matrix()
        elif {"segments", "speaker_turns"} & tables:  # quotes and speakers of retrieved segments
            self.refresh_segments()
        if ({"segments", "codes"} & tables and not moved_only) or "summaries" in tables:
            self.refresh_summaries()
        if {"documents", "variable_values", "variables", "segments", "coders"} & tables:
            self.refresh_documents()
            self.refresh_choices()
        if {"codes", "memos", "anchor_examples"} & tables:
            self.on_code_selected(self.codebook.current_code() or -1)
