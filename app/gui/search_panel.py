"""Search across documents (plain or regular expression) with a hit list that jumps into the text.

The database thread only fetches the texts; matching runs on a thread of its own (the regex
module releases the GIL and stops a pattern after ``retrieval.SEARCH_SECONDS``), so neither the
window nor other database work waits for a slow pattern. A newer search cancels the older one.
"""
from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton,
    QVBoxLayout, QWidget,
)

from coding.analysis import retrieval
from coding.base.errors import AndockError, Cancelled

HIT = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    """Emits ``searchRequested`` with the pattern; shows hits; ``hitActivated`` jumps;
    ``codeHitsRequested`` asks to code the selected hits with the codebook's selected code."""

    searchRequested = Signal(str, bool, bool)  # pattern, regex, case sensitive
    hitActivated = Signal(int, int, int)  # document, start, end
    codeHitsRequested = Signal(list)  # [(document, start, end, matched text), …] of the selected hits
    _matched = Signal(object)  # (search number, hits or None, error or None) from the matching thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText(self.tr("Search in all documents…"))
        self.regex = QCheckBox(self.tr("Regular expression"), self)
        self.case = QCheckBox(self.tr("Match case"), self)
        self.hits = QListWidget(self)
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hits.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.code_button = QPushButton(self.tr("Code selected hits"), self)
        self.code_button.setToolTip(self.tr("Code the selected hits with the code selected in the codebook "
                                            "(one step to undo)"))
        self.code_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.pattern, 1)
        bar.addWidget(self.regex)
        bar.addWidget(self.case)
        bar.addWidget(self.code_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.hits)
        self.pattern.returnPressed.connect(self.run)
        self.hits.itemActivated.connect(self._activated)
        self.hits.itemDoubleClicked.connect(self._activated)
        self.hits.itemSelectionChanged.connect(self._update_button)
        self.hits.customContextMenuRequested.connect(self._hits_menu)
        self.code_button.clicked.connect(self.code_selected)
        self._matched.connect(self._show_result)
        self._searches = 0  # number of the latest search: older results are dropped
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []  # matching threads, the stopped ones may still run
        self._ctl = None

    def run(self) -> None:
        """Ask for a search with the current settings."""
        if self.pattern.text():
            self.searchRequested.emit(self.pattern.text(), self.regex.isChecked(), self.case.isChecked())

    def start_search(self, ctl, pattern: str, regex: bool, case: bool) -> None:
        """Search with the controller's project; errors go to ``ctl.failed``."""
        self._stop.set()  # the older search stops at its next check; its result is dropped
        self._searches += 1
        number, stop, self._ctl = self._searches, threading.Event(), ctl
        self._stop = stop
        try:
            rx = retrieval.compile_search(pattern, regex=regex, case_sensitive=case)
        except AndockError as exc:
            self._show_result((number, None, str(exc)))
            return
        ctl.read(lambda conn: retrieval.search_texts(conn),
                 on_done=lambda texts: self._match(number, stop, texts, rx))

    def _match(self, number: int, stop: threading.Event, texts: list, rx) -> None:
        if stop.is_set():
            return
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=self._run, args=(number, stop, texts, rx), name="andock-search",
                                  daemon=True)
        self._threads.append(thread)
        thread.start()

    def shutdown(self) -> None:
        """Before the window closes: stop the search and wait for its thread (a pattern in the
        midst of a match stops at the latest after ``retrieval.SEARCH_SECONDS``)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(retrieval.SEARCH_SECONDS + 1)
        self._threads = []

    def _run(self, number: int, stop: threading.Event, texts: list, rx) -> None:
        payload: tuple[int, list[retrieval.SearchHit] | None, str | None]
        try:
            payload = (number, retrieval.find_hits(texts, rx, should_stop=stop.is_set), None)
        except Cancelled:
            return
        except AndockError as exc:
            payload = (number, None, str(exc))
        with contextlib.suppress(RuntimeError):  # the panel was closed meanwhile
            self._matched.emit(payload)  # queued to the GUI thread

    def _show_result(self, payload: tuple) -> None:
        number, hits, error = payload
        if number != self._searches:
            return
        if error is not None:
            self.hits.clear()
            self._update_button()
            if self._ctl is not None:
                self._ctl.failed.emit(error)
            return
        self.set_hits(hits)

    def set_hits(self, hits) -> None:
        """Show search hits (coding.analysis.retrieval.SearchHit)."""
        self.hits.clear()
        for h in hits:
            item = QListWidgetItem(f"{h.document}: …{h.before[-30:]}[{h.match}]{h.after[:30]}…".replace("\n", " "))
            item.setData(HIT, (h.document_id, h.start, h.end, h.match))
            self.hits.addItem(item)
        self._update_button()  # a new list has nothing selected

    def _activated(self, item: QListWidgetItem) -> None:
        self.hitActivated.emit(*item.data(HIT)[:3])

    def selected_hits(self) -> list[tuple[int, int, int, str]]:
        """The selected hits as (document, start, end, matched text), in list order."""
        return [tuple(item.data(HIT)) for item in sorted(self.hits.selectedItems(), key=self.hits.row)]

    def _update_button(self) -> None:
        self.code_button.setEnabled(bool(self.selected_hits()))

    def code_selected(self) -> None:
        """Ask to code the selected hits (the window knows the code and the coder)."""
        hits = self.selected_hits()
        if hits:
            self.codeHitsRequested.emit(hits)

    def _hits_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        act = menu.addAction(self.tr("Code selected hits with the selected code"), self.code_selected)
        act.setEnabled(bool(self.selected_hits()))
        menu.addAction(self.tr("Select all hits"), self.hits.selectAll)
        menu.popup(self.hits.viewport().mapToGlobal(point))
