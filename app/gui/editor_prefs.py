"""Preferences of the transcript editor: playback (rewind on pause, skip, speed, play-along),
uncertain words, the keys of every action, and text snippets on keys."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QKeySequenceEdit, QLabel, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.gui import settings
from app.gui.keymap import ACTIONS, KEYS_PER_ACTION, KeyConflict, Keymap, Snippet, portable
from app.gui.settings import EditorPrefs


KEY_COLUMN_WIDTH = 190  # "Umschalt+Strg+F12" and a clear button


def key_edit(key: str, parent: QWidget) -> QKeySequenceEdit:
    """An editor for one key (a single key combination, with a button that clears it)."""
    edit = QKeySequenceEdit(QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText), parent)
    edit.setMaximumSequenceLength(1)
    edit.setClearButtonEnabled(True)
    return edit


class EditorPrefsDialog(QDialog):
    """Edits a copy of the keymap and the editor settings; nothing changes until OK. A key that
    another action already has is refused at once with a message, and the editor shows the old key."""

    def __init__(self, keymap: Keymap, prefs: EditorPrefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transcript editor"))
        self._working = keymap.copy()
        self._syncing = False
        # each key editor's last accepted key: a refused key puts it back. (An editor also reports
        # an empty key when recording starts, so the keymap alone cannot tell what to restore.)
        self._last_good: dict[QKeySequenceEdit, str] = {}
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        tabs = QTabWidget(self)
        tabs.addTab(self._playback_tab(prefs), self.tr("Playback"))
        tabs.addTab(self._keys_tab(), self.tr("Keys"))
        tabs.addTab(self._snippets_tab(), self.tr("Text snippets"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(720, 500)

    # -- results ----------------------------------------------------------------------------------
    def prefs(self) -> EditorPrefs:
        """The settings as shown."""
        return EditorPrefs(rewind_ms=round(self.rewind.value() * 1000), skip_ms=self.skip.value() * 1000,
                           speed=self.speed.value(), follow=self.follow.isChecked(),
                           underline_uncertain=self.underline.isChecked(),
                           uncertain_below=self.uncertain_below.value() / 100)

    def keymap(self) -> Keymap:
        """The edited keymap (a copy: hand it to ``Keymap.assign``)."""
        return self._working

    def accept(self) -> None:
        """Close only when the snippet table is free of conflicts too."""
        try:
            self._working.set_snippets(self._table_snippets())
        except KeyConflict as err:
            self.message.setText(str(err))
            return
        super().accept()

    # -- playback and display ---------------------------------------------------------------------
    def _playback_tab(self, prefs: EditorPrefs) -> QWidget:
        page = QWidget(self)
        self.rewind = QDoubleSpinBox(page)
        self.rewind.setRange(0.0, 5.0)
        self.rewind.setSingleStep(0.5)
        self.rewind.setDecimals(1)
        self.rewind.setSuffix(self.tr(" s"))
        self.rewind.setValue(prefs.rewind_ms / 1000)
        self.skip = QSpinBox(page)
        self.skip.setRange(1, 30)
        self.skip.setSuffix(self.tr(" s"))
        self.skip.setValue(prefs.skip_ms // 1000)
        self.speed = QSpinBox(page)
        self.speed.setRange(50, 200)
        self.speed.setSingleStep(10)
        self.speed.setSuffix(self.tr(" %"))
        self.speed.setValue(prefs.speed)
        self.follow = QCheckBox(self.tr("Follow the playback in the text (play-along)"), page)
        self.follow.setChecked(prefs.follow)
        playback = QGroupBox(self.tr("Playback"), page)
        form = QFormLayout(playback)
        form.addRow(self.tr("Step back on each pause"), self.rewind)
        form.addRow(self.tr("Skip back and forward by"), self.skip)
        form.addRow(self.tr("Speed when a recording opens"), self.speed)
        form.addRow(self.follow)
        self.underline = QCheckBox(self.tr("Underline uncertain words"), page)
        self.underline.setChecked(prefs.underline_uncertain)
        self.uncertain_below = QSpinBox(page)
        self.uncertain_below.setRange(5, 100)
        self.uncertain_below.setSingleStep(5)
        self.uncertain_below.setSuffix(self.tr(" %"))
        self.uncertain_below.setValue(round(prefs.uncertain_below * 100))
        uncertain = QGroupBox(self.tr("Uncertain words"), page)
        form = QFormLayout(uncertain)
        form.addRow(self.underline)
        form.addRow(self.tr("Uncertain below a recognition probability of"), self.uncertain_below)
        lay = QVBoxLayout(page)
        lay.addWidget(playback)
        lay.addWidget(uncertain)
        lay.addStretch(1)
        return page

    # -- keys -------------------------------------------------------------------------------------
    def _keys_tab(self) -> QWidget:
        page = QWidget(self)
        self.keys_table = QTableWidget(len(ACTIONS), 1 + KEYS_PER_ACTION, page)
        self.keys_table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Key"), self.tr("Other key")])
        self.keys_table.verticalHeader().hide()
        self.keys_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.keys_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.key_edits: dict[str, list[QKeySequenceEdit]] = {}
        for row, action in enumerate(ACTIONS):
            item = QTableWidgetItem(self._working.label(action))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.keys_table.setItem(row, 0, item)
            edits = [key_edit("", self.keys_table) for _ in range(KEYS_PER_ACTION)]
            for col, edit in enumerate(edits, start=1):
                self.keys_table.setCellWidget(row, col, edit)
                edit.keySequenceChanged.connect(
                    lambda _seq, a=action, e=edit: self._key_changed(e, lambda: self._commit_action(a)))
            self.key_edits[action] = edits
        self._show_action_keys()
        for col in range(1, 1 + KEYS_PER_ACTION):
            self.keys_table.setColumnWidth(col, KEY_COLUMN_WIDTH)
        reset = QPushButton(self.tr("Default keys and snippets"), page)
        reset.clicked.connect(self._reset)
        note = QLabel(self.tr("The keys work while the transcript has the focus. A foot pedal works "
                              "through keys: set it up in its own program to send a key, then assign "
                              "that key here."), page)
        note.setWordWrap(True)
        lay = QVBoxLayout(page)
        lay.addWidget(self.keys_table)
        lay.addWidget(note)
        lay.addWidget(reset)
        return page

    def _show_action_keys(self) -> None:
        for action, edits in self.key_edits.items():
            keys = self._working.keys(action)
            for i, edit in enumerate(edits):
                self._set_edit(edit, keys[i] if i < len(keys) else "")

    def _set_edit(self, edit: QKeySequenceEdit, key: str) -> None:
        """Show ``key`` in an editor without taking it as the user's edit."""
        self._syncing = True
        edit.setKeySequence(QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText))
        self._syncing = False
        self._last_good[edit] = key

    def _commit_action(self, action: str) -> None:
        self._working.set_keys(action, [e.keySequence() for e in self.key_edits[action]])

    def _key_changed(self, edit: QKeySequenceEdit, commit: Callable[[], None]) -> None:
        """Take an editor's new key into the working keymap; a taken key is refused with a message
        and the editor gets its last accepted key back (or none, if that has been taken since)."""
        if self._syncing:
            return
        try:
            commit()
        except KeyConflict as err:
            for fallback in (self._last_good.get(edit, ""), ""):
                self._set_edit(edit, fallback)
                try:
                    commit()
                    break
                except KeyConflict:
                    continue
            self.message.setText(str(err))
            return
        key = portable(edit.keySequence())
        if key:
            self._last_good[edit] = key
        self.message.clear()

    def _reset(self) -> None:
        self._working.reset()
        self._show_action_keys()
        self._fill_snippets()
        self.message.clear()

    # -- snippets ---------------------------------------------------------------------------------
    def _snippets_tab(self) -> QWidget:
        page = QWidget(self)
        self.snippets_table = QTableWidget(0, 2, page)
        self.snippets_table.setHorizontalHeaderLabels([self.tr("Text"), self.tr("Key")])
        self.snippets_table.verticalHeader().hide()
        self.snippets_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.snippets_table.setColumnWidth(1, KEY_COLUMN_WIDTH)
        self.snippets_table.itemChanged.connect(lambda _item: self._snippet_rows_edited())
        self._fill_snippets()
        add = QPushButton(self.tr("Add snippet"), page)
        add.clicked.connect(self._new_snippet)
        remove = QPushButton(self.tr("Remove snippet"), page)
        remove.clicked.connect(self._remove_snippet_row)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("A snippet's key types its text at the cursor, e.g. (unv.) for an "
                                     "unintelligible passage."), page))
        lay.addWidget(self.snippets_table)
        lay.addLayout(row)
        return page

    def _fill_snippets(self) -> None:
        self._syncing = True
        self.snippets_table.setRowCount(0)  # deletes the rows' key editors: forget them
        action_edits = {e for edits in self.key_edits.values() for e in edits}
        self._last_good = {e: k for e, k in self._last_good.items() if e in action_edits}
        for snip in self._working.snippets():
            self._add_snippet_row(snip)
        self._syncing = False

    def _add_snippet_row(self, snip: Snippet) -> None:
        syncing, self._syncing = self._syncing, True
        row = self.snippets_table.rowCount()
        self.snippets_table.insertRow(row)
        self.snippets_table.setItem(row, 0, QTableWidgetItem(snip.text))
        edit = key_edit(snip.key, self.snippets_table)
        self._last_good[edit] = snip.key
        edit.keySequenceChanged.connect(lambda _seq, e=edit: self._key_changed(e, self._commit_snippets))
        self.snippets_table.setCellWidget(row, 1, edit)
        self._syncing = syncing

    def _new_snippet(self) -> None:
        """An empty row, its text cell open for typing."""
        self._add_snippet_row(Snippet("", ""))
        row = self.snippets_table.rowCount() - 1
        self.snippets_table.setCurrentCell(row, 0)
        item = self.snippets_table.item(row, 0)
        if item is not None:
            self.snippets_table.editItem(item)

    def _remove_snippet_row(self) -> None:
        row = self.snippets_table.currentRow()
        if row >= 0:
            self.snippets_table.removeRow(row)
            self._snippet_rows_edited()

    def _table_snippets(self) -> list[Snippet]:
        out = []
        for row in range(self.snippets_table.rowCount()):
            item = self.snippets_table.item(row, 0)
            edit = self.snippets_table.cellWidget(row, 1)
            key = portable(edit.keySequence()) if isinstance(edit, QKeySequenceEdit) else ""
            out.append(Snippet(item.text() if item is not None else "", key))
        return out

    def _commit_snippets(self) -> None:
        self._working.set_snippets(self._table_snippets())

    def _snippet_rows_edited(self) -> None:
        """After a text edit or a removed row: a snippet that gets its text only now may bring a
        taken key along (a row without text is no snippet yet); OK stays refused until it is fixed."""
        if self._syncing:
            return
        try:
            self._commit_snippets()
        except KeyConflict as err:
            self.message.setText(str(err))
            return
        self.message.clear()


def edit_editor_preferences(keymap: Keymap, parent: QWidget | None = None) -> EditorPrefs | None:
    """Show the dialog; on OK give ``keymap`` the new keys (bound widgets follow), save keys and
    settings, and return the settings (None when cancelled)."""
    dialog = EditorPrefsDialog(keymap, settings.editor_prefs(), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    keymap.assign(dialog.keymap())
    keymap.save()
    prefs = dialog.prefs()
    settings.set_editor_prefs(prefs)
    return prefs
