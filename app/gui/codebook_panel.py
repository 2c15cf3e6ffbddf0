"""The codebook: a tree with colours and counts, a filter box, drag to re-order and re-parent."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from coding.base.ids import CodeId
from coding.services.codes import CodeNode

from .document_view import RANGE_MIME

CODE_MIME = "application/x-andock-code"
CODE_ID = Qt.ItemDataRole.UserRole + 1


def colour_icon(colour: str) -> QIcon:
    """A small filled square in a code's colour."""
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


def _mime_json(data: QMimeData, mime_type: str) -> Any:
    """The JSON payload of one type of dragged data."""
    return json.loads(bytes(data.data(mime_type).data()))


class CodeTreeModel(QStandardItemModel):
    """Code tree items; drops of codes (move) and text ranges (code them) go to the panel."""

    def __init__(self, panel: "CodebookPanel") -> None:
        super().__init__(0, 2)
        self.panel = panel

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME, RANGE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = sorted({self.itemFromIndex(i.siblingAtColumn(0)).data(CODE_ID) for i in indexes})
        mime = QMimeData()
        mime.setData(CODE_MIME, json.dumps(ids).encode())
        return mime

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return data.hasFormat(CODE_MIME) or (data.hasFormat(RANGE_MIME) and parent.isValid())

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        target = self.itemFromIndex(parent.sibling(parent.row(), 0)).data(CODE_ID) if parent.isValid() else None
        if data.hasFormat(RANGE_MIME):
            if target is None:
                return False
            rng = _mime_json(data, RANGE_MIME)
            self.panel.rangeDropped.emit(rng["document"], rng["start"], rng["end"], target)
            return False  # nothing for the view to insert: the core does the work
        if data.hasFormat(CODE_MIME):
            for code_id in _mime_json(data, CODE_MIME):
                if code_id != target:
                    self.panel.moveRequested.emit(code_id, -1 if target is None else target, row if row >= 0 else -1)
        return False


class CodebookPanel(QWidget):
    """Shows the code tree; says which code was clicked, dropped on or moved."""

    codeClicked = Signal(int)
    codeSelected = Signal(int)
    rangeDropped = Signal(int, int, int, int)  # document, start, end, code
    moveRequested = Signal(int, int, int)  # code, new parent (-1 = top level), row (-1 = end)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter codes…"))
        self.filter.setClearButtonEnabled(True)
        self.model = CodeTreeModel(self)
        self.model.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Segments")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree)
        self.filter.textChanged.connect(self._filter)
        self.tree.clicked.connect(lambda idx: self.codeClicked.emit(self.code_at(idx)))
        self.tree.selectionModel().currentChanged.connect(lambda idx, _p: self.codeSelected.emit(self.code_at(idx)))
        self.nodes: dict[CodeId, CodeNode] = {}

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.tree.expandAll()

    def code_at(self, proxy_index: QModelIndex) -> int:
        """Code id of a view index (-1 for none)."""
        if not proxy_index.isValid():
            return -1
        src = self.proxy.mapToSource(proxy_index.siblingAtColumn(0))
        return self.model.itemFromIndex(src).data(CODE_ID)

    def current_code(self) -> CodeId | None:
        """The selected code, if any."""
        cid = self.code_at(self.tree.currentIndex())
        return None if cid == -1 else CodeId(cid)

    def set_tree(self, roots: list[CodeNode]) -> None:
        """Show a loaded code tree (keeps expansion and selection)."""
        current = self.current_code()
        expanded = {cid for cid, it in self._items().items()
                    if self.tree.isExpanded(self.proxy.mapFromSource(it.index()))}
        first = not self.nodes
        # no passing "nothing selected" while rebuilding: it would save and clear Code details mid-typing
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        self.nodes = {}

        def add(parent_item, nodes):
            for n in nodes:
                self.nodes[n.id] = n
                name = QStandardItem(colour_icon(n.colour), n.name)
                name.setData(n.id, CODE_ID)
                name.setToolTip(n.path)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                count = QStandardItem(str(n.total) if n.children else str(n.count))
                count.setData(n.id, CODE_ID)
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                               | Qt.ItemFlag.ItemIsDropEnabled)
                parent_item.appendRow([name, count])
                add(name, n.children)

        add(self.model.invisibleRootItem(), roots)
        selection.blockSignals(False)
        items = self._items()
        for cid, it in items.items():
            if first or cid in expanded:
                self.tree.setExpanded(self.proxy.mapFromSource(it.index()), True)
        if current in items:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(items[current].index()))
        elif current is not None:
            self.codeSelected.emit(-1)  # the selected code is gone

    def _items(self) -> dict[CodeId, QStandardItem]:
        out = {}

        def walk(item):
            for r in range(item.rowCount()):
                child = item.child(r, 0)
                out[child.data(CODE_ID)] = child
                walk(child)
        walk(self.model.invisibleRootItem())
        return out

    def select_code(self, code_id: CodeId) -> None:
        """Make ``code_id`` the current item."""
        it = self._items().get(code_id)
        if it is not None:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(it.index()))
