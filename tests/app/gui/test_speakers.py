"""Renaming a speaker from the text's context menu: this document or all, codings stay on their
words, a name that already speaks is a merge (asked), undo restores the label."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.app.gui.conftest import code_id, wait_idle


def _text(win) -> str:
    return win.view.edit.toPlainText()


def test_rename_speaker_in_this_document_keeps_codings(qtbot, window, monkeypatch):
    win = window
    text = win.view.data.text
    start = text.index("Über die Schule")
    win.view.select(start, start + len("Über die Schule"))
    win.code_range(win.current_doc, start, start + len("Über die Schule"), code_id(win, "Schule"))
    wait_idle(qtbot, win)
    assert win.speaker_at(win.view.cursor_position()) == "B"
    win.rename_speaker_dialog("B")
    dlg = win.speaker_dialog_open
    dlg.name.setText("Frau Öztürk 🌻")
    dlg.accept()
    qtbot.waitUntil(lambda: "Frau Öztürk 🌻: Über die Schule" in _text(win), timeout=10000)
    wait_idle(qtbot, win)
    data = win.view.data
    assert [sp for _s, _e, sp in data.turns] == ["I", "Frau Öztürk 🌻", "I", "Frau Öztürk 🌻"]
    (seg,) = [s for s in data.segments if s.code_id == code_id(win, "Schule")]
    assert data.text[seg.start:seg.end] == "Über die Schule"  # the coding moved with its words
    other = win.documents.data["documents"][1]["id"]
    with win.ctl.project.read() as conn:
        from coding.services.documents import get_text
        assert "\n\nB: Über die Kita" in get_text(conn, other)  # only this document
    assert win.undo_action.text().startswith("&Undo Rename speaker B → Frau Öztürk 🌻")
    win.ctl.undo()
    qtbot.waitUntil(lambda: "B: Über die Schule" in _text(win), timeout=10000)

    # renaming I to a name that already speaks here is a merge: asked first
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Yes)
    win.rename_speaker_dialog("I")
    dlg = win.speaker_dialog_open
    dlg.name.setText("B")
    dlg.everywhere.setChecked(True)
    dlg.accept()
    qtbot.waitUntil(lambda: _text(win).startswith("B: Wie finden"), timeout=10000)
    wait_idle(qtbot, win)
    assert asked and {sp for _s, _e, sp in win.view.data.turns} == {"B"}
    with win.ctl.project.read() as conn:
        assert not any(sp == "I" for _d, _s, _e, sp in _all_turns(conn))


def _all_turns(conn):
    from sqlalchemy import select

    from coding.store.models import TABLES
    t = TABLES["speaker_turns"]
    return conn.execute(select(t.c.document_id, t.c.start_pos, t.c.end_pos, t.c.speaker)).all()


def test_invalid_name_is_refused_with_a_message(qtbot, window):
    win = window
    before = win.view.data.text
    errors = []
    win.ctl.failed.connect(errors.append)
    win.rename_speaker_dialog("B")
    dlg = win.speaker_dialog_open
    dlg.name.setText("Frau: K.")
    dlg.accept()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "':'" in errors[0] or ":" in errors[0]
    wait_idle(qtbot, win)
    assert win.view.data.text == before


def test_the_text_menu_acts_where_it_was_opened_not_where_the_cursor_is(qtbot, window):
    """Right-clicking B's turn while the text cursor sat in I's turn offered to rename I."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QMenu

    win = window
    text = win.view.data.text
    start = text.index("Über die Schule")
    win.code_range(win.current_doc, start, start + len("Über die Schule"), code_id(win, "Schule"))
    wait_idle(qtbot, win)
    win.view.select(0, 0)  # the text cursor in I's first turn
    cur = QTextCursor(win.view.edit.document())
    cur.setPosition(win.view.pmap.to_qt(start + 3))
    point = win.view.edit.cursorRect(cur).center()
    menus = []
    original = QMenu.popup

    def record(menu, pos, *args):
        menus.append([a.text() for a in menu.actions()])
    QMenu.popup = record
    try:
        win.view.edit.customContextMenuRequested.emit(QPoint(point))
    finally:
        QMenu.popup = original
    (items,) = menus
    assert "Rename speaker “B”…" in items and "Rename speaker “I”…" not in items
    assert "Remove coding “Schule” (Lena)" in items
