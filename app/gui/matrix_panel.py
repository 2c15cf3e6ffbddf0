"""The code matrix: codes x groups (or documents) with heat-map shading; a cell click lists its segments."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coding.analysis.crosstab import Crosstab, cell_segment_ids, crosstab
from coding.analysis.retrieval import RetrievedSegment, query_segments
from coding.base.ids import CodeId, CoderId
from coding.services.variables import list_variables

DISCRETE = ("text", "category", "boolean")
FIRST_VARIABLE = "\x00first"  # before the switches are filled: the first discrete variable


def load_matrix(conn, by: str | None, mode: str, subcodes: bool,
                coder_ids: list[CoderId] | None) -> tuple[Crosstab, list[str]]:
    """The crosstab and the variables it can be computed by."""
    names = [v.name for v in list_variables(conn) if v.type in DISCRETE]
    if by == FIRST_VARIABLE or (by is not None and by not in names):
        by = names[0] if names else None
    return crosstab(conn, by, mode=mode, include_subcodes=subcodes, coder_ids=coder_ids), names


def shade(fraction: float) -> QColor:
    """White to blue, like the reports: darker = larger share."""
    f = max(0.0, min(1.0, fraction))
    return QColor(round(255 - f * (255 - 33)), round(255 - f * (255 - 102)), round(255 - f * (255 - 172)))


class MatrixPanel(QWidget):
    """Switches for variable, counting mode, subcodes and coder; emits which cell was clicked."""

    settingsChanged = Signal()
    cellChosen = Signal(int, int)  # code id, column index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by = QComboBox(self)
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("Documents"), "documents")
        self.mode.addItem(self.tr("Segments"), "segments")
        self.subcodes = QCheckBox(self.tr("Parents include subcodes"), self)
        self.subcodes.setChecked(True)
        self.coder = QComboBox(self)
        for combo in (self.by, self.mode, self.coder):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Columns:"), self), self.by, QLabel(self.tr("Count:"), self), self.mode,
                  self.subcodes, self.coder):
            bar.addWidget(w)
        bar.addStretch(1)
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        self.current: Crosstab | None = None
        for combo in (self.by, self.mode, self.coder):
            combo.currentIndexChanged.connect(lambda _i: self.settingsChanged.emit())
        self.subcodes.toggled.connect(lambda _b: self.settingsChanged.emit())
        self.table.cellClicked.connect(self._clicked)

    def settings(self) -> dict:
        """Arguments for load_matrix (by None = code x document)."""
        coder = self.coder.currentData()
        by = self.by.currentData() if self.by.count() else FIRST_VARIABLE
        return {"by": by, "mode": self.mode.currentData(),
                "subcodes": self.subcodes.isChecked(), "coder_ids": [coder] if coder is not None else None}

    def set_choices(self, variables: list[str], coders: list[tuple[CoderId, str]], default_by: str | None) -> None:
        """Fill the variable and coder switches, keeping choices."""
        def refill(combo, items, keep):
            combo.blockSignals(True)
            combo.clear()
            for data, text in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)
        refill(self.by, [(v, v) for v in variables] + [(None, self.tr("Documents"))],
               self.by.currentData() if self.by.count() else default_by)
        refill(self.coder, [(None, self.tr("All coders"))] + list(coders), self.coder.currentData())

    def set_table(self, table: Crosstab) -> None:
        """Show a computed crosstab with shading by share (documents) or by count (segments)."""
        self.current = table
        cols = table.columns
        self.table.clear()
        self.table.setColumnCount(len(cols) + 2)
        self.table.setRowCount(len(table.rows))
        self.table.setHorizontalHeaderLabels([self.tr("Code")] + [f"{c}\nn = {n}" for c, n in
                                             zip(cols, table.column_documents)] + [self.tr("Total")])
        peak = max((c for r in table.rows for c in r.counts), default=0) or 1
        for r, row in enumerate(table.rows):
            name = QTableWidgetItem("    " * row.depth + row.name)
            name.setToolTip(row.path)
            self.table.setItem(r, 0, name)
            for c, count in enumerate(row.counts):
                share = row.shares[c]
                text = f"{count} ({share:.0%})" if table.mode == "documents" and share is not None else str(count)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                frac = share if table.mode == "documents" and share is not None else count / peak
                item.setBackground(shade(frac))
                item.setForeground(QColor("white") if frac > 0.55 else QColor("black"))
                self.table.setItem(r, c + 1, item)
            total = QTableWidgetItem(str(row.total))
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, len(cols) + 1, total)
        self.table.resizeColumnsToContents()

    def _clicked(self, row: int, column: int) -> None:
        if self.current is None or not (1 <= column <= len(self.current.columns)):
            return
        self.cellChosen.emit(self.current.rows[row].code_id, column - 1)


def cell_segments(conn, table: Crosstab, code_id: CodeId, column: int) -> list[RetrievedSegment]:
    """The retrieved segments behind one cell (exactly those the cell counts)."""
    ids = cell_segment_ids(conn, table, code_id, column)
    return query_segments(conn, segment_ids=ids) if ids else []
