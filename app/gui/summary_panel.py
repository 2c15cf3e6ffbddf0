"""The summary grid (MAXQDA Summary Grid): groups or documents x main categories, coded text and
an editable written summary per cell, stored in the project."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from coding.analysis.summary_grid import SummaryGrid, summary_grid
from coding.base.ids import CodeId
from coding.services.variables import list_variables

from .matrix_panel import DISCRETE, FIRST_VARIABLE


def load_grid(conn, by: str | None) -> tuple[SummaryGrid, list[str]]:
    """The grid over main categories (with their subcodes) and the variables it can group by."""
    names = [v.name for v in list_variables(conn) if v.type in DISCRETE]
    if by == FIRST_VARIABLE or (by is not None and by not in names):
        by = names[0] if names else None
    return summary_grid(conn, by, include_subcodes=True), names


class SummaryPanel(QWidget):
    """Pick a cell; read its coded text; write its summary (saved as one undoable action).

    Typing is saved when the focus leaves the summary, before another cell or another row
    arrangement is shown and when the project closes (:meth:`flush`); a refresh of the grid
    keeps the typing of the selected cell.
    """

    settingsChanged = Signal()
    saveRequested = Signal(int, int, str)  # row, code id, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by = QComboBox(self)
        self.grid_table = QTableWidget(0, 0, self)
        self.grid_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        split = QSplitter(Qt.Orientation.Horizontal, self)
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
        self.cell: tuple[int, CodeId] | None = None  # (row, code id)
        self.loaded = ""  # the stored summary the editor started from
        self.summary.setEnabled(False)
        self.by.currentIndexChanged.connect(lambda _i: self.settingsChanged.emit())
        self.grid_table.currentCellChanged.connect(lambda r, c, _pr, _pc: self._select(r, c))
        self.summary.textChanged.connect(lambda: self.save.setEnabled(self.is_modified()))
        self.save.clicked.connect(self.flush)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # widgets exist only in a QApplication
        app.focusChanged.connect(self._focus_changed)

    def by_value(self) -> str | None:
        """The chosen row source (a variable, None for documents)."""
        return self.by.currentData() if self.by.count() else FIRST_VARIABLE

    def set_grid(self, grid: SummaryGrid, variables: list[str]) -> None:
        """Show a loaded grid (keeps the selected cell and its typing; other rows save it first)."""
        keep = self._same_cell_in(grid)
        if keep is None:
            self.flush()  # the old grid still says where the typing belongs
            self._show_summary(None, "")
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
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(cell.summary)
                t.setItem(r, c, item)
        t.blockSignals(False)
        t.resizeColumnsToContents()
        if keep is not None:
            self.cell = keep[:2]  # the same cell, perhaps in another row now
            t.setCurrentCell(keep[0], keep[2])
            self._select(keep[0], keep[2])

    def _same_cell_in(self, grid: SummaryGrid) -> tuple[int, CodeId, int] | None:
        """(row, code id, column) of the selected cell in a newly loaded grid, if it is there."""
        if self.cell is None or self.grid is None:
            return None
        key = self.grid.key(*self.cell)
        cols = [i for i, c in enumerate(grid.columns) if c.depth == 0]
        col = next((c for c, ci in enumerate(cols) if grid.columns[ci].code_id == key.code_id), None)
        if col is None or grid.by != self.grid.by:
            return None
        row = next((r for r in range(len(grid.rows)) if grid.key(r, key.code_id) == key), None)
        return None if row is None else (row, key.code_id, col)

    def _select(self, row: int, col: int) -> None:
        if self.grid is None or row < 0 or col < 0 or col >= len(self.cols):
            return
        column = self.grid.columns[self.cols[col]]
        cell = self.grid.cells[row][self.cols[col]]
        target = (row, column.code_id)
        if target != self.cell:
            self.flush()
        self._show_summary(target, cell.summary, keep_typing=target == self.cell)
        self.coded.setPlainText(cell.coded_text)

    def _show_summary(self, cell: tuple[int, CodeId] | None, stored: str, keep_typing: bool = False) -> None:
        """Show a cell's stored summary, unless the user has typing there that is not saved yet."""
        if not (keep_typing and self.is_modified()) and self.summary.toPlainText() != stored:
            self.summary.blockSignals(True)
            self.summary.setPlainText(stored)
            self.summary.blockSignals(False)
        self.cell, self.loaded = cell, stored
        self.summary.setEnabled(cell is not None)
        if cell is None:
            self.coded.clear()
        self.save.setEnabled(self.is_modified())

    def is_modified(self) -> bool:
        """Whether the selected cell's summary has unsaved typing."""
        return self.cell is not None and self.summary.toPlainText() != self.loaded

    def flush(self) -> None:
        """Save unsaved typing now (one undoable action); nothing when nothing changed."""
        cell = self.cell
        if cell is not None and self.is_modified():
            text = self.summary.toPlainText()
            self.loaded = text  # taken as stored: the refresh after the save must not count it as typing
            self.saveRequested.emit(cell[0], cell[1], text)
        self.save.setEnabled(False)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the summary saves it."""
        if old is self.summary and new is not self.summary:
            self.flush()
