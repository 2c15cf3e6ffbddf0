"""The main window's docks, their remembered layout, what a project shows when it opens, and coding
search hits (a base class of MainWindow, to keep its file short).

Default layout (sized for 1280×800, issue 13): documents left; the codebook right with Code
details as a tab beside it (the tree gets the whole column: a codebook of 30–150 codes needs the
rows, the details are one click away); the analysis docks tabbed below, low. The user's own
arrangement (docks moved, splitters dragged) is saved on close and restored on start; View →
Reset layout brings the default back.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from coding.analysis.views import load_documents
from coding.base.errors import InputError
from coding.base.ids import CodeId, CoderId, DocumentId
from coding.services import documents, segments

from . import settings

if TYPE_CHECKING:
    from coding.store.history import Action

    from .codebook_panel import CodebookPanel
    from .controller import ProjectController
    from .documents_panel import DocumentsPanel
    from .search_panel import SearchPanel

LAYOUT_VERSION = 1  # bump when docks are added or renamed: an older saved state is then ignored
SIDE_WIDTHS = (200, 330)  # documents, codebook (pixels; the text bar needs 736 of 1280)
BOTTOM_HEIGHT = 190  # the analysis docks below the text
TABBED = {"details": "codebook", "search": "segments", "matrix": "segments", "summaries": "segments",
          "transcription": "segments", "review": "segments"}  # dock -> the dock it is a tab of
RAISED = ("codebook", "segments")  # the tabs in front


def _code_hits(act: Action, hits: list[tuple[DocumentId, int, int, str]], code_id: CodeId, coder_id: CoderId,
               stale: str) -> int:
    """Code search hits, refusing all (``stale``) when a text changed since the search."""
    texts = {d: documents.get_text(act.conn, d) for d in {h[0] for h in hits}}
    if any(texts[d][s:e] != match for d, s, e, match in hits):
        raise InputError(stale)
    return len(segments.apply_code_many(act, [(d, s, e) for d, s, e, _m in hits], code_id, coder_id))


class WindowLayout(QMainWindow):
    """Docks, layout memory, the first view of a project and coding search hits: a base class of
    MainWindow, which sets the panels and state declared here."""

    ctl: ProjectController
    documents: DocumentsPanel
    codebook: CodebookPanel
    search: SearchPanel
    current_doc: DocumentId | None
    docks: dict[str, QDockWidget]
    _dock_areas: dict[str, Qt.DockWidgetArea]
    _sizes_due: bool  # the default sizes wait for the first show

    # MainWindow's and CodingActions' methods, called from here
    open_document: Callable[..., None]
    ask_coder: Callable[..., None]
    show_error: Callable[[str], None]

    # -- docks ----------------------------------------------------------------------------
    def build_docks(self, panels: list[tuple[str, str, QWidget, Qt.DockWidgetArea]]) -> None:
        """Put each panel (key, title, widget, area) in a dock, arrange them by default, then
        as the user left them last time."""
        self.docks = {}
        self._dock_areas = {}
        for key, title, widget, area in panels:
            dock = QDockWidget(title, self)
            dock.setObjectName(key)  # saveState/restoreState find docks by this name
            dock.setWidget(widget)
            self.docks[key] = dock
            self._dock_areas[key] = area
        self.default_layout()
        geometry, state = settings.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        # sizes given before the window is laid out come out squeezed: the default ones are
        # given again when it is first shown
        self._sizes_due = state is None or not self.restoreState(state, LAYOUT_VERSION)
        self.ctl.projectClosing.connect(self.remember_project_view)
        self.search.codeHitsRequested.connect(self.code_search_hits)

    def default_layout(self) -> None:
        """Every dock at its default place, shown, docked and sized."""
        for key, dock in self.docks.items():
            dock.setFloating(False)
            host = self.docks.get(TABBED.get(key, ""))
            if host is not None:  # straight into its tab group: side by side the docks would
                self.tabifyDockWidget(host, dock)  # widen the window to their summed minimum
            else:
                self.addDockWidget(self._dock_areas[key], dock)  # moves a dock the user put elsewhere
            dock.show()
        for key in RAISED:
            self.docks[key].raise_()
        self.default_sizes()

    def default_sizes(self) -> None:
        """The docks' default widths and heights."""
        self.resizeDocks([self.docks["documents"], self.docks["codebook"]], list(SIDE_WIDTHS),
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["segments"]], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        """View → Reset layout: the default arrangement in the window's present size."""
        size = self.size()
        self.default_layout()  # docks leaving a tab group widen the window for a moment
        self.resize(size)
        self.default_sizes()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._sizes_due:
            self._sizes_due = False
            self.default_sizes()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override; MainWindow's runs first
        settings.set_window_layout(self.saveGeometry(), self.saveState(LAYOUT_VERSION))
        super().closeEvent(event)

    # -- the first view of a project ----------------------------------------------------------
    def show_first_view(self, path: str) -> None:
        """After opening: the document and grouping the project showed last time here, else the
        first category variable's grouping and the first document in it."""
        def loaded(data: dict) -> None:
            project = self.ctl.project
            if project is None or str(project.path) != path or self.current_doc is not None:
                return  # another project opened meanwhile, or the user chose a document already
            self.documents.set_data(data)
            last = settings.project_view(path)
            group = last.get("group_by") if "group_by" in last else self.documents.first_category()
            self.documents.set_grouping(str(group) if group else None)
            ids = {d["id"] for d in data["documents"]}
            doc = last.get("document")
            if not (isinstance(doc, int) and doc in ids):
                doc = self.documents.first_document()
            if doc is not None:
                self.open_document(DocumentId(doc))
        self.ctl.read(load_documents, self.ctl.visible_coders, on_done=loaded)

    def remember_project_view(self) -> None:
        """Before a project closes: remember its open document and grouping for the next time."""
        project = self.ctl.project
        if project is not None and project.path is not None:
            settings.set_project_view(str(project.path), self.current_doc, self.documents.grouping() or "")

    # -- coding search hits -------------------------------------------------------------------
    def code_search_hits(self, hits: list[tuple[int, int, int, str]]) -> None:
        """Code the chosen search hits with the codebook's selected code: one undoable action."""
        code_id = self.codebook.current_code()
        if code_id is None:
            self.show_error(self.tr("Select a code in the codebook first."))
            return
        if self.ctl.current_coder is None:
            self.ask_coder(then=lambda: self.code_search_hits(hits))
            return
        name = self.codebook.nodes[code_id].name if code_id in self.codebook.nodes else ""
        self.ctl.act(self.tr("Code %1 search hits with %2").replace("%1", str(len(hits))).replace("%2", name),
                     _code_hits, [(DocumentId(d), s, e, m) for d, s, e, m in hits], code_id,
                     self.ctl.current_coder, self.tr("The text has changed since the search: search again, "
                                                     "then code the hits. Nothing was coded."))
