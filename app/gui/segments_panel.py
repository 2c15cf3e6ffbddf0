"""Retrieved segments (non-modal): filters by codes, documents, variable values and coders."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from coding.base.ids import CodeId, CoderId, DocumentId
from coding.analysis.retrieval import RetrievedSegment
from coding.text import citations

SEG = Qt.ItemDataRole.UserRole + 1


def where(seg: RetrievedSegment) -> str:
    """Time (hh:mm:ss) when the document has time anchors, else the paragraph number."""
    return citations.where(seg.time_ms, seg.paragraph)


class SegmentsPanel(QWidget):
    """Lists segments; the main window runs the query when ``filtersChanged`` fires."""

    filtersChanged = Signal()
    segmentActivated = Signal(int, int, int)  # document, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code_label = QLabel(self)
        self.subcodes = QCheckBox(self.tr("with subcodes"), self)
        self.subcodes.setChecked(True)
        self.document = QComboBox(self)
        self.variable = QComboBox(self)
        self.value = QComboBox(self)
        self.coder = QComboBox(self)
        self.count = QLabel(self)
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Code:"), self), self.code_label, self.subcodes, self.document,
                  self.variable, self.value, self.coder):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Speaker"), self.tr("Where"),
                                              self.tr("Code"), self.tr("Coder"), self.tr("Text")])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        self.code_ids: list[CodeId] | None = None
        self.values: dict[str, list[str]] = {}
        self.rows: list[RetrievedSegment] = []
        for combo in (self.document, self.variable, self.value, self.coder):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.document, self.value, self.coder):
            combo.currentIndexChanged.connect(lambda _i: self.filtersChanged.emit())
        self.variable.currentIndexChanged.connect(self._variable_changed)
        self.subcodes.toggled.connect(lambda _b: self.filtersChanged.emit())
        self.table.cellDoubleClicked.connect(self._jump)
        self.set_codes(None, "")

    def set_choices(self, documents: list[tuple[DocumentId, str]], variables: dict[str, list[str]],
                    coders: list[tuple[CoderId, str]]) -> None:
        """Fill the filter boxes (keeps current choices where they still exist)."""
        def refill(combo: QComboBox, all_label: str, items: Sequence[tuple[object, str]]) -> None:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_label, None)
            for key, text in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)
        self.values = variables
        refill(self.document, self.tr("All documents"), documents)
        refill(self.variable, self.tr("Any variable value"), [(n, n) for n in variables])
        self._variable_changed(emit=False)
        refill(self.coder, self.tr("All coders"), coders)

    def _variable_changed(self, *_a, emit: bool = True) -> None:
        var = self.variable.currentData()
        keep = self.value.currentData()
        self.value.blockSignals(True)
        self.value.clear()
        self.value.setEnabled(var is not None)
        for v in self.values.get(var, []) if var else []:
            self.value.addItem(v, v)
        idx = self.value.findData(keep)
        if idx >= 0:
            self.value.setCurrentIndex(idx)
        self.value.blockSignals(False)
        if emit:
            self.filtersChanged.emit()

    def set_codes(self, code_ids: list[CodeId] | None, label: str) -> None:
        """Filter by these codes (None: all codes)."""
        self.code_ids = code_ids
        self.code_label.setText(label or self.tr("all codes"))
        self.filtersChanged.emit()

    def filters(self) -> dict:
        """Keyword arguments for coding.analysis.retrieval.query_segments."""
        var, value = self.variable.currentData(), self.value.currentData()
        doc, coder = self.document.currentData(), self.coder.currentData()
        return {"codes": self.code_ids, "subcodes": self.subcodes.isChecked(),
                "documents": [doc] if doc is not None else None,
                "variables": {var: [value]} if var and value is not None else None,
                "coders": [coder] if coder is not None else None}

    def show_fixed(self, rows: list[RetrievedSegment], label: str) -> None:
        """Show a given list (e.g. one matrix cell's segments) until a filter is changed."""
        self.code_label.setText(label)
        self.set_rows(rows)

    def set_rows(self, rows: list[RetrievedSegment]) -> None:
        """Show query results."""
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, seg in enumerate(rows):
            cells = [seg.label, seg.speaker or "", where(seg), seg.code_path, seg.coder,
                     seg.text.replace("\n", " ")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SEG, r)
                if c == 5 and seg.memo:
                    item.setToolTip(seg.memo)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count.setText(self.tr("%n segment(s)", "", len(rows)))

    def _jump(self, row: int, _col: int) -> None:
        seg = self.rows[row]
        self.segmentActivated.emit(seg.document_id, seg.start, seg.end)
