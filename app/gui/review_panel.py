"""Intercoder agreement and the review of disagreements (issue 12), a dock of the workbench.

Choose two coders and the overlap threshold, compare (on the database worker), read the
agreement at the segment level, then go through the passages where the coders differ: each row
shows both coders' segments side by side; a double click shows the passage in the text; the
team's decision (keep A's, keep B's, keep both, drop both, or an agreed version by a consensus
coder) is one undoable action (coding/services/settle.py), after which the comparison runs again
and the progress says how many of the passages found at the start are decided.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from coding.analysis.agreement import AgreementResult, Disagreement, compare_coders
from coding.base.ids import CoderId, DocumentId
from coding.services import coders as coders_mod
from coding.services.segments import segments_of_document
from coding.services.settle import CONSENSUS_CODER, settle
from .controller import ProjectController


def open_disagreements(conn, result: AgreementResult) -> list[Disagreement]:
    """The disagreements not yet settled by a consensus coding: a passage that the consensus
    coder coded with the code counts as decided (A's and B's codings stay as they were)."""
    konsens = coders_mod.find_coder(conn, CONSENSUS_CODER)
    if konsens is None:
        return list(result.disagreements)
    by_doc: dict[DocumentId, list] = {}
    for d in result.disagreements:
        if d.document.id not in by_doc:
            by_doc[d.document.id] = segments_of_document(conn, d.document.id, [konsens])
    return [d for d in result.disagreements
            if not any(s.code_id == d.code.id and s.start < d.end and d.start < s.end for s in by_doc[d.document.id])]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


class ReviewPanel(QWidget):
    """Compare two coders and settle their disagreements passage by passage."""

    passageChosen = Signal(int, int, int)  # document id, start, end

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.result: AgreementResult | None = None
        self.open: list[Disagreement] = []  # the passages not settled yet
        self.found_at_start = 0  # passages found by the first comparison of this pair
        self._pair: tuple[CoderId, CoderId] | None = None
        self.coder_a, self.coder_b = QComboBox(self), QComboBox(self)
        self.overlap = QSpinBox(self)
        self.overlap.setRange(1, 100)
        self.overlap.setValue(90)
        self.overlap.setSuffix(" %")
        self.overlap.setToolTip(self.tr("A segment agrees when the other coder's segment of the code overlaps it "
                                        "by at least this much (intersection / union)"))
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.clicked.connect(self.compare)
        top = QHBoxLayout()
        for label, w in ((self.tr("Coder A:"), self.coder_a), (self.tr("Coder B:"), self.coder_b),
                         (self.tr("Overlap:"), self.overlap)):
            top.addWidget(QLabel(label, self))
            top.addWidget(w)
        top.addWidget(self.compare_button)
        top.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.progress = QLabel(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Document"), self.tr("Where"),
                                              self.tr("Coder A"), self.tr("Coder B")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.show_passage(row))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for decision, text in (("a", self.tr("Keep A's")), ("b", self.tr("Keep B's")), ("both", self.tr("Keep both")),
                               ("neither", self.tr("Drop both")), ("consensus", self.tr("Consensus coder"))):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _c=False, d=decision: self.decide(d))
            button.setEnabled(False)
            row.addWidget(button)
            self.buttons[decision] = button
        self.buttons["consensus"].setToolTip(self.tr("Code the passage for the coder “Konsens”; A's and B's "
                                                      "codings stay as they are"))
        row.addStretch(1)
        row.addWidget(self.progress)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)

    # -- coders -----------------------------------------------------------------------------
    def reload_coders(self) -> None:
        """Offer the project's coders (A and B start as the first two)."""
        def fill(found: list) -> None:
            for box, default in ((self.coder_a, 0), (self.coder_b, 1)):
                keep = box.currentData()
                box.clear()
                for c in found:
                    box.addItem(c.name, c.id)
                i = box.findData(keep)
                box.setCurrentIndex(i if i >= 0 else min(default, box.count() - 1))
        self.ctl.read(coders_mod.list_coders, on_done=fill)

    # -- comparing --------------------------------------------------------------------------
    def compare(self) -> None:
        """Compare the chosen coders at the segment level (on the worker)."""
        a, b = self.coder_a.currentData(), self.coder_b.currentData()
        if a is None or b is None or a == b:
            self.summary.setText(self.tr("Choose two different coders."))
            return
        pair = (CoderId(a), CoderId(b))
        overlap = float(self.overlap.value())
        if pair != self._pair:
            self._pair, self.found_at_start = pair, 0
        self.summary.setText(self.tr("Comparing…"))

        def job(conn) -> tuple[AgreementResult, list[Disagreement]]:
            result = compare_coders(conn, list(pair), levels=("segments",), overlap=overlap)
            return result, open_disagreements(conn, result)
        self.ctl.read(job, on_done=self._show)

    def _show(self, out: tuple[AgreementResult, list[Disagreement]]) -> None:
        result, self.open = out
        self.result = result
        overall = result.levels[0].pairs[0].overall if result.levels and result.levels[0].pairs else None
        alpha = result.levels[0].alpha_overall if result.levels else None
        if overall is not None:
            self.summary.setText(
                self.tr("Segment level, %1 documents: agreement %2 (%3 of %4 segments), Brennan & Prediger κ %5, "
                        "Krippendorff α %6.").replace("%1", str(len(result.documents)))
                .replace("%2", "–" if overall.percent is None else f"{overall.percent:.0%}")
                .replace("%3", str(overall.agreements)).replace("%4", str(overall.n))
                .replace("%5", _fmt(overall.brennan_prediger.value if overall.brennan_prediger else None))
                .replace("%6", _fmt(alpha.value if alpha is not None else None)))
        self.found_at_start = max(self.found_at_start, len(result.disagreements))
        decided = self.found_at_start - len(self.open)
        self.progress.setText(self.tr("%1 of %2 decided").replace("%1", str(decided))
                              .replace("%2", str(self.found_at_start)))
        self.table.setRowCount(len(self.open))
        for i, d in enumerate(self.open):
            where = f"{d.start}–{d.end}"
            cells = (d.code.path, d.document.label or d.document.name, where,
                     " / ".join(s.text for s in d.segments_a) or self.tr("(not coded)"),
                     " / ".join(s.text for s in d.segments_b) or self.tr("(not coded)"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        self._selection_changed()

    def current(self) -> Disagreement | None:
        """The disagreement of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if self.result is None or not rows:
            return None
        i = rows[0].row()
        return self.open[i] if i < len(self.open) else None

    def _selection_changed(self) -> None:
        d = self.current()
        for button in self.buttons.values():
            button.setEnabled(d is not None)
        if d is not None:
            self.passageChosen.emit(int(d.document.id), d.start, d.end)

    def show_passage(self, row: int) -> None:
        if row < len(self.open):
            d = self.open[row]
            self.passageChosen.emit(int(d.document.id), d.start, d.end)

    # -- deciding ---------------------------------------------------------------------------
    def decide(self, decision: str) -> None:
        """Write the team's decision for the selected passage (one undoable action), then compare again."""
        d = self.current()
        if d is None:
            return
        doc, code, a, b = DocumentId(d.document.id), d.code.id, d.coder_a.id, d.coder_b.id
        segs_a = [(s.id, s.start, s.end) for s in d.segments_a]
        segs_b = [(s.id, s.start, s.end) for s in d.segments_b]
        row = self.table.currentRow()

        def done(_result) -> None:
            self.compare()
            self.table.selectRow(min(row, max(0, self.table.rowCount() - 2)))
        self.ctl.act(self.tr("Settle disagreement"),
                     lambda act: settle(act, doc, code, a, b, segs_a, segs_b, decision), on_done=done)
