"""The summary grid (MAXQDA Summary Grid): groups or documents x main categories, coded text and
an editable written summary per cell, stored in the project."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from coding.summary_grid import SummaryGrid, summary_grid
from coding.variables import list_variables

from .matrix_panel import DISCRETE, FIRST_VARIABLE


def load_grid(conn, by: str | None) -> tuple[SummaryGrid, list[str]]:
    """The grid over main categories (with their subcodes) and the variables it can group by."""
    names = [v.name for v in list_variables(conn) if v.type in DISCRETE]
    if by == FIRST_VARIABLE or (by is not None and by not in names):
        by = names[0] if names else None
    return summary_grid(conn, by, include_subcodes=True), names


class SummaryPanel(QWidget):
    """Pick a cell; read its coded text; write its summary (saved as one undoable action)."""

    settingsChanged = Signal()
    saveRequested = Signal(int, int, str)  # row, code id, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by = QComboBox(self)
        self.grid_table = QTableWidget(0, 0, self)
        self.grid_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.coded = QTextBrowser(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText(self.tr("Write a summary of this cell…"))
        self.save = QPushButton(self.tr("Save summary"), self)
        self.save.setEnabled(False)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("Coded text"), right))
        rl.addWidget(self.coded, 2)
        rl.addWidget(QLabel(self.tr("Summary"), right))
        rl.addWidget(self.summary, 1)
        rl.addWidget(self.save)
        split = QSplitter(Qt.Horizontal, self)
        split.addWidget(self.grid_table)
        split.addWidget(right)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Rows:"), self))
        bar.addWidget(self.by)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(split)
        self.grid: SummaryGrid | None = None
        self.cols: list[int] = []  # indexes of shown (main category) columns in the grid
        self.cell: tuple[int, int] | None = None  # (row, code id)
        self.by.currentIndexChanged.connect(lambda _i: self.settingsChanged.emit())
        self.grid_table.currentCellChanged.connect(lambda r, c, _pr, _pc: self._select(r, c))
        self.summary.textChanged.connect(lambda: self.save.setEnabled(self.cell is not None))
        self.save.clicked.connect(self._save)

    def by_value(self) -> str | None:
        """The chosen row source (a variable, None for documents)."""
        return self.by.currentData() if self.by.count() else FIRST_VARIABLE

    def set_grid(self, grid: SummaryGrid, variables: list[str]) -> None:
        """Show a loaded grid (keeps the selected cell)."""
        keep = self.cell
        self.by.blockSignals(True)
        self.by.clear()
        for v in variables:
            self.by.addItem(self.tr("Groups of %1").replace("%1", v), v)
        self.by.addItem(self.tr("Documents"), None)
        self.by.setCurrentIndex(max(self.by.findData(grid.by), 0))
        self.by.blockSignals(False)
        self.grid = grid
        self.cols = [i for i, c in enumerate(grid.columns) if c.depth == 0]
        t = self.grid_table
        t.blockSignals(True)
        t.clear()
        t.setRowCount(len(grid.rows))
        t.setColumnCount(len(self.cols))
        t.setHorizontalHeaderLabels([grid.columns[i].name for i in self.cols])
        t.setVerticalHeaderLabels([r.label for r in grid.rows])
        for r in range(len(grid.rows)):
            for c, ci in enumerate(self.cols):
                cell = grid.cells[r][ci]
                item = QTableWidgetItem(f"{len(cell.segments)}" + (" ✎" if cell.summary else ""))
                item.setTextAlignment(Qt.AlignCenter)
                item.setToolTip(cell.summary)
                t.setItem(r, c, item)
        t.blockSignals(False)
        t.resizeColumnsToContents()
        if keep is not None and keep[0] < len(grid.rows):
            col = next((c for c, ci in enumerate(self.cols) if grid.columns[ci].code_id == keep[1]), None)
            if col is not None:
                t.setCurrentCell(keep[0], col)
                self._select(keep[0], col)

    def _select(self, row: int, col: int) -> None:
        if self.grid is None or row < 0 or col < 0 or col >= len(self.cols):
            return
        column = self.grid.columns[self.cols[col]]
        cell = self.grid.cells[row][self.cols[col]]
        self.cell = (row, column.code_id)
        self.coded.setPlainText(cell.coded_text)
        self.summary.blockSignals(True)
        self.summary.setPlainText(cell.summary)
        self.summary.blockSignals(False)
        self.save.setEnabled(False)

    def _save(self) -> None:
        if self.cell is not None:
            self.saveRequested.emit(self.cell[0], self.cell[1], self.summary.toPlainText())
            self.save.setEnabled(False)
