"""The export dialog's pages: one per kind of export, each with the command's options for it
(app/gui/export_dialog.py shows them; coding/reports/exports.py does the work)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QListWidget, QListWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from coding.analysis.agreement import DEFAULT_OVERLAP, LEVELS
from coding.analysis.groups import DISCRETE_TYPES
from coding.analysis.views import load_choices
from coding.base.errors import InputError
from coding.base.messages import current_language
from coding.reports.exports import (AgreementExport, CodebookExport, CooccurrenceExport, Export, MatrixExport,
                                    QuotesExport, ReportExport, Selection)
from coding.services.codes import CodeNode, load_tree
from coding.services.documents import list_documents
from coding.services.variables import list_variables


@dataclass
class ExportChoices:
    """What the options offer, read from the project on the worker."""

    coders: list[str]
    codes: list[tuple[str, str, int]]  # path, name, depth (tree order)
    documents: list[str]
    values: dict[str, list[str]]  # variable -> the values documents have
    group_by: list[str]  # variables a matrix or report can group by (text, category, yes/no)


def load_export_choices(conn) -> ExportChoices:
    """Coders, codes, documents and variables of the project (runs on the worker)."""
    choices = load_choices(conn)
    codes: list[tuple[str, str, int]] = []

    def add(nodes: list[CodeNode], depth: int) -> None:
        for n in nodes:
            codes.append((n.path, n.name, depth))
            add(n.children, depth + 1)
    add(load_tree(conn, counts=False), 0)
    return ExportChoices(coders=[name for _id, name in choices["coders"]], codes=codes,
                         documents=[d.name for d in list_documents(conn)], values=choices["variables"],
                         group_by=[v.name for v in list_variables(conn) if v.type in DISCRETE_TYPES])


class CheckList(QListWidget):
    """Items to tick; what :meth:`checked` returns is each ticked item's value."""

    def set_items(self, items: list[tuple[str, Any]], checked: bool = False) -> None:
        self.clear()
        for label, value in items:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> tuple:
        """The values of the ticked items, in list order."""
        return tuple(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                     if self.item(i).checkState() == Qt.CheckState.Checked)

    def tick(self, values: list[Any]) -> None:
        """Tick exactly the items with these values (the tests, the screenshot script)."""
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class SelectionTabs(QTabWidget):
    """Which coders, codes, documents and variable values an export counts (none ticked: all)."""

    def __init__(self, parent: QWidget, parts: tuple[str, ...] = ("coders", "codes", "documents", "values")) -> None:
        super().__init__(parent)
        self.lists: dict[str, CheckList] = {}
        titles = {"coders": self.tr("Coders"), "codes": self.tr("Codes"), "documents": self.tr("Documents"),
                  "values": self.tr("Variables")}
        for part in parts:
            self.lists[part] = CheckList(self)
            self.addTab(self.lists[part], titles[part])
        self.setMinimumHeight(150)

    def set_choices(self, ch: ExportChoices) -> None:
        items: dict[str, list[tuple[str, Any]]] = {
            "coders": [(c, c) for c in ch.coders],
            "codes": [("    " * depth + name, path) for path, name, depth in ch.codes],
            "documents": [(d, d) for d in ch.documents],
            "values": [(f"{var} = {value}", (var, value)) for var, values in ch.values.items() for value in values],
        }
        for part, lst in self.lists.items():
            lst.set_items(items[part])

    def chosen(self, part: str) -> tuple:
        return self.lists[part].checked() if part in self.lists else ()

    def selection(self) -> Selection:
        return Selection(coders=self.chosen("coders"), codes=self.chosen("codes"),
                         documents=self.chosen("documents"), variables=self.chosen("values"))


class ExportPage(QWidget):
    """One kind of export: its options, its formats and its default file name."""

    formats: tuple[str, ...] = ()  # suffixes, the first the default
    stemChanged = Signal()  # an option that names the default file changed

    def __init__(self, parent: QWidget, description: str) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        about = QLabel(description, self)
        about.setWordWrap(True)
        self.box.addWidget(about)
        self.form = QFormLayout()
        self.box.addLayout(self.form)
        self.lang = QComboBox(self)
        self.lang.addItem("Deutsch", "de")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(self.lang.findData(current_language()))

    def add_selection(self, tabs: SelectionTabs) -> None:
        """The selection below the options, with the rule for ticking nothing."""
        hint = QLabel(self.tr("Only what is ticked (nothing ticked: everything):"), self)
        self.box.addWidget(hint)
        self.box.addWidget(tabs, 1)

    def set_choices(self, ch: ExportChoices) -> None:
        """Fill the lists from the project."""

    def format_changed(self, suffix: str) -> None:
        """Options that apply to one format only are enabled with it."""

    def file_stem(self) -> str:
        """The default file name (without the project's name and the suffix); each page has its own."""
        raise NotImplementedError

    def export(self) -> Export:
        """The options as the core's export; InputError when they cannot work."""
        raise NotImplementedError


def _group_combo(parent: QWidget, first: tuple[str, str | None]) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(*first)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _set_variables(combo: QComboBox, names: list[str]) -> None:
    while combo.count() > 1:
        combo.removeItem(1)
    for name in names:
        combo.addItem(name, name)
    if combo.count() > 1:  # grouped by the first variable, as the workbench's matrix
        combo.setCurrentIndex(1)


class MatrixPage(ExportPage):
    formats = (".xlsx", ".csv", ".docx", ".pdf")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("Codes × groups of documents (the values of a variable) or × documents: "
                                         "Excel holds counts, shares and per 1,000 words; CSV one of them; "
                                         "Word and PDF a shaded table."))
        self.by = _group_combo(self, (self.tr("Documents (one column each)"), "document"))
        self.count = QComboBox(self)
        self.count.addItem(self.tr("Documents with the code"), "documents")
        self.count.addItem(self.tr("Coded segments"), "segments")
        self.subcodes = QCheckBox(self.tr("Parent codes include their subcodes"), self)
        self.subcodes.setChecked(True)
        self.values = QComboBox(self)
        self.values.addItem(self.tr("Counts"), "counts")
        self.values.addItem(self.tr("Shares (%)"), "shares")
        self.values.addItem(self.tr("Per 1,000 words"), "per1000")
        self.german_csv = QCheckBox(self.tr("For German Excel (; and decimal comma)"), self)
        self.german_csv.setChecked(current_language() == "de")
        self.form.addRow(self.tr("Columns:"), self.by)
        self.form.addRow(self.tr("Count:"), self.count)
        self.form.addRow("", self.subcodes)
        self.form.addRow(self.tr("CSV holds:"), self.values)
        self.form.addRow("", self.german_csv)
        self.form.addRow(self.tr("Language:"), self.lang)
        self.selection = SelectionTabs(self)
        self.add_selection(self.selection)

    def set_choices(self, ch: ExportChoices) -> None:
        _set_variables(self.by, ch.group_by)
        self.selection.set_choices(ch)

    def format_changed(self, suffix: str) -> None:
        self.values.setEnabled(suffix == ".csv")
        self.german_csv.setEnabled(suffix == ".csv")

    def file_stem(self) -> str:
        return self.tr("code matrix")

    def export(self) -> Export:
        return MatrixExport(by=self.by.currentData(), count=self.count.currentData(),
                            include_subcodes=self.subcodes.isChecked(), selection=self.selection.selection(),
                            values=self.values.currentData(), german_csv=self.german_csv.isChecked(),
                            lang=self.lang.currentData())


class CooccurrencePage(ExportPage):
    formats = (".xlsx", ".csv")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("Pairs of codes coded on overlapping text: segment pairs, documents with "
                                         "such a pair, documents with both codes. Excel: three matrices and the "
                                         "list of pairs; CSV: the list."))
        self.same_turn = QCheckBox(self.tr("Count segments that start in the same speaker turn instead"), self)
        self.german_csv = QCheckBox(self.tr("For German Excel (; and decimal comma)"), self)
        self.german_csv.setChecked(current_language() == "de")
        self.form.addRow("", self.same_turn)
        self.form.addRow("", self.german_csv)
        self.form.addRow(self.tr("Language:"), self.lang)
        self.selection = SelectionTabs(self)
        self.add_selection(self.selection)

    def set_choices(self, ch: ExportChoices) -> None:
        self.selection.set_choices(ch)

    def format_changed(self, suffix: str) -> None:
        self.german_csv.setEnabled(suffix == ".csv")

    def file_stem(self) -> str:
        return self.tr("co-occurrence")

    def export(self) -> Export:
        return CooccurrenceExport(same_turn=self.same_turn.isChecked(), selection=self.selection.selection(),
                                  german_csv=self.german_csv.isChecked(), lang=self.lang.currentData())


class ReportPage(ExportPage):
    formats = (".docx", ".pdf")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("Publication-ready reports with title page, contents and page numbers."))
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Codebook: definitions, rules, anchor examples, frequencies"), "codebook")
        self.kind.addItem(self.tr("Segments per code, with citations"), "segments")
        self.kind.addItem(self.tr("Group comparison: crosstab and quotes per group"), "comparison")
        self.by = _group_combo(self, (self.tr("(none)"), None))
        self.form.addRow(self.tr("Report:"), self.kind)
        self.form.addRow(self.tr("Group by:"), self.by)
        self.form.addRow(self.tr("Language:"), self.lang)
        self.kind.currentIndexChanged.connect(lambda _i: self.by.setEnabled(self.kind.currentData() != "codebook"))
        self.by.setEnabled(False)
        self.kind.currentIndexChanged.connect(self.stemChanged)
        self.selection = SelectionTabs(self, ("coders",))
        self.add_selection(self.selection)

    def set_choices(self, ch: ExportChoices) -> None:
        _set_variables(self.by, ch.group_by)
        self.selection.set_choices(ch)

    def file_stem(self) -> str:
        return {"codebook": self.tr("codebook report"), "segments": self.tr("segments report"),
                "comparison": self.tr("group comparison")}[self.kind.currentData()]

    def export(self) -> Export:
        kind = self.kind.currentData()
        by = self.by.currentData() if kind != "codebook" else None
        if kind == "comparison" and by is None:
            raise InputError(self.tr("The group comparison needs a variable to group by."))
        return ReportExport(kind=kind, by=by, lang=self.lang.currentData(), coders=self.selection.chosen("coders"))


class QuotesPage(ExportPage):
    formats = (".docx", ".csv")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("The quotes of a code and its subcodes for publications: quote, "
                                         "citation, time or position, code, speaker."))
        self.code = QComboBox(self)
        self.code.setMaxVisibleItems(20)
        self.key_only = QCheckBox(self.tr("Only key quotes"), self)
        self.code.currentIndexChanged.connect(self.stemChanged)
        self.form.addRow(self.tr("Code:"), self.code)
        self.form.addRow("", self.key_only)
        self.form.addRow(self.tr("Language:"), self.lang)
        self.selection = SelectionTabs(self, ("coders",))
        self.add_selection(self.selection)

    def set_choices(self, ch: ExportChoices) -> None:
        self.code.clear()
        for path, name, depth in ch.codes:
            self.code.addItem("    " * depth + name, path)
        self.selection.set_choices(ch)

    def file_stem(self) -> str:
        return self.tr("quotes %1").replace("%1", self.code.currentText().strip()).strip()

    def export(self) -> Export:
        if self.code.currentData() is None:
            raise InputError(self.tr("The project has no codes yet."))
        return QuotesExport(code=self.code.currentData(), key_only=self.key_only.isChecked(),
                            lang=self.lang.currentData(), coders=self.selection.chosen("coders"))


class CodebookPage(ExportPage):
    formats = (".md", ".json")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("The codebook with definitions, criteria, rules, anchor examples and "
                                         "memos: Markdown to read and share, JSON to take it into another project."))
        self.form.addRow(self.tr("Language:"), self.lang)
        self.box.addStretch(1)

    def file_stem(self) -> str:
        return self.tr("codebook")

    def export(self) -> Export:
        return CodebookExport(lang=self.lang.currentData())


class AgreementPage(ExportPage):
    formats = (".xlsx", ".docx", ".pdf")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, self.tr("Intercoder agreement of two or more coders on the documents they both "
                                         "coded: percent agreement, Cohen's κ, Brennan & Prediger's κn and "
                                         "Krippendorff's α, with the disagreements."))
        self.coders = CheckList(self)
        self.coders.setMaximumHeight(90)
        self.level = QComboBox(self)
        self.level.addItem(self.tr("All levels"), None)
        names = {"documents": self.tr("Code in the document"), "frequency": self.tr("Code frequency"),
                 "segments": self.tr("Segment overlap"), "units": self.tr("Speaker turns / paragraphs")}
        for level in LEVELS:
            self.level.addItem(names[level], level)
        self.overlap = QDoubleSpinBox(self)
        self.overlap.setRange(1, 100)
        self.overlap.setDecimals(0)
        self.overlap.setSuffix(" %")
        self.overlap.setValue(DEFAULT_OVERLAP)
        self.form.addRow(self.tr("Coders to compare:"), self.coders)
        self.form.addRow(self.tr("Level:"), self.level)
        self.overlap.setToolTip(self.tr("Two segments of a code agree when they overlap by at least this share "
                                        "of their union."))
        self.form.addRow(self.tr("Least overlap (segments):"), self.overlap)
        self.form.addRow(self.tr("Language:"), self.lang)
        self.selection = SelectionTabs(self, ("codes", "documents"))
        self.add_selection(self.selection)

    def set_choices(self, ch: ExportChoices) -> None:
        self.coders.set_items([(c, c) for c in ch.coders], checked=True)
        self.selection.set_choices(ch)

    def file_stem(self) -> str:
        return self.tr("intercoder agreement")

    def export(self) -> Export:
        level = self.level.currentData()
        return AgreementExport(coders=self.coders.checked(), levels=(level,) if level else LEVELS,
                               overlap=self.overlap.value(), codes=self.selection.chosen("codes"),
                               documents=self.selection.chosen("documents"), lang=self.lang.currentData())
