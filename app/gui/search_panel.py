"""Search across documents (plain or regular expression) with a hit list that jumps into the text."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

HIT = Qt.UserRole + 1


class SearchPanel(QWidget):
    """Emits ``searchRequested`` with the pattern; shows hits; ``hitActivated`` jumps."""

    searchRequested = Signal(str, bool, bool)  # pattern, regex, case sensitive
    hitActivated = Signal(int, int, int)  # document, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText(self.tr("Search in all documents…"))
        self.regex = QCheckBox(self.tr("Regular expression"), self)
        self.case = QCheckBox(self.tr("Match case"), self)
        self.hits = QListWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.pattern, 1)
        bar.addWidget(self.regex)
        bar.addWidget(self.case)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.hits)
        self.pattern.returnPressed.connect(self.run)
        self.hits.itemActivated.connect(self._activated)
        self.hits.itemDoubleClicked.connect(self._activated)

    def run(self) -> None:
        """Ask for a search with the current settings."""
        if self.pattern.text():
            self.searchRequested.emit(self.pattern.text(), self.regex.isChecked(), self.case.isChecked())

    def set_hits(self, hits) -> None:
        """Show search hits (coding.retrieval.SearchHit)."""
        self.hits.clear()
        for h in hits:
            item = QListWidgetItem(f"{h.document}: …{h.before[-30:]}[{h.match}]{h.after[:30]}…".replace("\n", " "))
            item.setData(HIT, (h.document_id, h.start, h.end))
            self.hits.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.hitActivated.emit(*item.data(HIT))
