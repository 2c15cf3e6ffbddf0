"""Documents grouped by a chosen variable (e.g. Gruppe), with coded-segment counts."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from coding.base.ids import DocumentId


DOC_ID = Qt.ItemDataRole.UserRole + 1


class DocumentsPanel(QWidget):
    """A tree of documents, optionally grouped by one variable's values."""

    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_by = QComboBox(self)
        self.tree = QTreeWidget(self)
        # a short count header: at 200 px the document names need the room ("Segmente" took 60)
        self.tree.setHeaderLabels([self.tr("Document"), "#"])
        self.tree.headerItem().setToolTip(1, self.tr("Coded segments in the document"))
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.group_by)
        lay.addWidget(self.tree)
        self.data: dict = {"documents": [], "variables": []}
        self.group_by.currentIndexChanged.connect(lambda _i: self._fill())
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)

    def set_data(self, data: dict) -> None:
        """Show loaded documents; the grouping choice is kept."""
        self.data = data
        keep = self.group_by.currentData()
        self.group_by.blockSignals(True)
        self.group_by.clear()
        self.group_by.addItem(self.tr("No grouping"), None)
        for name, _type in data["variables"]:
            self.group_by.addItem(self.tr("Group by %1").replace("%1", name), name)
        idx = self.group_by.findData(keep)
        self.group_by.setCurrentIndex(max(idx, 0))
        self.group_by.blockSignals(False)
        self._fill()

    def grouping(self) -> str | None:
        """The variable the documents are grouped by (None: no grouping)."""
        return self.group_by.currentData()

    def set_grouping(self, name: str | None) -> None:
        """Group by a variable (None or an unknown name: no grouping)."""
        self.group_by.setCurrentIndex(max(self.group_by.findData(name), 0) if name else 0)

    def first_category(self) -> str | None:
        """The first variable of type category (the natural grouping of a study), if any."""
        return next((name for name, kind in self.data["variables"] if kind == "category"), None)

    def first_document(self) -> DocumentId | None:
        """The document at the top of the list as shown (grouping included)."""
        item = self.tree.topLevelItem(0)
        while item is not None and item.data(0, DOC_ID) is None:
            item = item.child(0)
        return None if item is None else DocumentId(item.data(0, DOC_ID))

    def _fill(self) -> None:
        var = self.group_by.currentData()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        totals: dict[str, int] = {}  # coded segments per group
        for d in self.data["documents"]:
            shown = d["name"] if d["name"].startswith(d["label"]) else f"{d['label']}  {d['name']}"
            item = QTreeWidgetItem([shown, str(d["count"])])
            item.setToolTip(0, d["name"])
            item.setData(0, DOC_ID, d["id"])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if var is None:
                self.tree.addTopLevelItem(item)
                continue
            value = d["values"].get(var) or self.tr("(not set)")
            group = groups.get(value)
            if group is None:
                group = groups[value] = QTreeWidgetItem([value, ""])
                group.setFirstColumnSpanned(False)
                self.tree.addTopLevelItem(group)
            group.addChild(item)
            totals[value] = totals.get(value, 0) + int(d["count"])
        for value, group in groups.items():
            group.setText(1, str(totals[value]))
            group.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        self.tree.expandAll()

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        doc_id = item.data(0, DOC_ID)
        if doc_id is not None:
            self.documentActivated.emit(doc_id)

    def select_document(self, doc_id: DocumentId) -> None:
        """Highlight the row of a document."""
        it = self._find(doc_id)
        if it is not None:
            self.tree.setCurrentItem(it)

    def _find(self, doc_id: DocumentId) -> QTreeWidgetItem | None:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            it = stack.pop()
            if it is None:
                continue
            if it.data(0, DOC_ID) == doc_id:
                return it
            stack.extend(it.child(i) for i in range(it.childCount()))
        return None

    def current_document(self) -> DocumentId | None:
        """The selected document id."""
        it = self.tree.currentItem()
        return it.data(0, DOC_ID) if it is not None else None
