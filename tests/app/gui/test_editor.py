"""Edit mode of the transcript (issue 11): real key presses in the real window, saved per word or
pause as undoable actions, codings kept on their words, other processes see the change, a save
over a text changed elsewhere is refused and nothing is mixed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from coding.services import documents, segments
from coding.services.text_edit import edit_text
from coding.store.project import Project
from coding.text.remap import Edit

from .conftest import code_id, wait_idle


def stored_text(win) -> str:
    with Project.open(win.ctl.project.path) as other, other.read() as conn:  # another process's view
        return documents.get_text(conn, win.current_doc)


def focus_text(qtbot, win) -> None:
    """The window active and the text focused: the editor's keys are the window's shortcuts."""
    win.activateWindow()
    win.view.edit.setFocus()
    qtbot.waitUntil(win.view.edit.hasFocus, timeout=3000)


def put_cursor(win, pos: int) -> None:
    cur = win.view.edit.textCursor()
    cur.setPosition(win.view.pmap.to_qt(pos))
    win.view.edit.setTextCursor(cur)


def code_phrase(qtbot, win, phrase: str, code: str):
    text = win.view.data.text
    start = text.index(phrase)
    win.ctl.act("code", lambda act: segments.apply_code(act, win.current_doc, code_id(win, code),
                                                           win.ctl.current_coder, start, start + len(phrase)))
    qtbot.waitUntil(lambda: any(win.view.data.text[s.start:s.end] == phrase for s in win.view.data.segments),
                    timeout=10000)


def test_edit_mode_is_off_by_default_and_typing_then_changes_nothing(qtbot, window):
    before = window.view.data.text
    window.view.edit.setFocus()
    qtbot.keyClicks(window.view.edit, "xyz")
    wait_idle(qtbot, window)
    assert window.view.data.text == before and stored_text(window) == before


def test_typing_is_saved_per_word_keeps_codings_and_undoes_word_by_word(qtbot, window):
    code_phrase(qtbot, window, "Treffpunkt im Quartier", "Wohnen")
    window.editor.edit_button.click()
    assert window.editor.session.active and not window.view.edit.isReadOnly()
    text = window.view.data.text
    put_cursor(window, text.index("Mehr Beratung"))
    qtbot.keyClicks(window.view.edit, "Viel ")  # a space ends the word: saved at once
    wait_idle(qtbot, window)
    assert "B: Viel Mehr Beratung" in stored_text(window)
    qtbot.keyClicks(window.view.edit, "mehr und")  # no word end: saved after the pause
    qtbot.waitUntil(lambda: "Viel mehr undMehr" in stored_text(window), timeout=5000)
    assert window.view.data.text == stored_text(window)
    shown = window.view.data
    assert [shown.text[s.start:s.end] for s in shown.segments] == ["Treffpunkt im Quartier"]
    # Backspace over the last word: one more step
    for _ in range(3):
        qtbot.keyClick(window.view.edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "Viel mehr Mehr" in stored_text(window), timeout=5000)
    # Ctrl+Z undoes the typing step by step (the window's undo, per coder)
    steps = ["Viel mehr undMehr", "Viel mehr Mehr", "Viel Mehr", "B: Mehr Beratung"]  # ⌫, "und", "mehr ", "Viel "
    for expected in steps:
        qtbot.waitUntil(lambda: window.undo_action.isEnabled(), timeout=5000)
        window.undo_action.trigger()
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda e=expected: e in stored_text(window) and e in window.view.data.text, timeout=5000)
    data = window.view.data
    assert [data.text[s.start:s.end] for s in data.segments] == ["Treffpunkt im Quartier"]
    window.redo_action.trigger()  # redo brings back the first word, in the view and the file
    qtbot.waitUntil(lambda: "B: Viel Mehr" in stored_text(window) and "B: Viel Mehr" in window.view.data.text,
                    timeout=5000)
    assert window.view.edit.toPlainText() == window.view.data.text


def test_an_undo_reload_patches_the_shown_text_instead_of_laying_it_all_out(qtbot, window):
    window.editor.edit_button.click()
    put_cursor(window, 0)
    qtbot.keyClicks(window.view.edit, "Vorab ")
    wait_idle(qtbot, window)
    scroll = window.view.edit.verticalScrollBar().value()
    blocks = []
    window.view.edit.document().blockCountChanged.connect(blocks.append)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.view.data.text.startswith("I: Wie"), timeout=5000)
    assert window.view.edit.toPlainText() == window.view.data.text
    assert window.view.edit.verticalScrollBar().value() == scroll


def test_pasting_inserts_plain_text_and_emoji_keep_positions_right(qtbot, window):
    code_phrase(qtbot, window, "Mehr Beratung", "Wohnen")
    window.editor.edit_button.click()
    text = window.view.data.text
    put_cursor(window, text.index("Mehr Beratung"))
    QGuiApplication.clipboard().setText("🏘️👍 Tipp:\r\n")
    window.view.edit.paste()
    qtbot.keyClicks(window.view.edit, " ")
    wait_idle(qtbot, window)
    stored = stored_text(window)
    assert "B: 🏘️👍 Tipp:\n Mehr Beratung" in stored and "\r" not in stored
    data = window.view.data
    assert [data.text[s.start:s.end] for s in data.segments] == ["Mehr Beratung"]
    assert window.view.edit.toPlainText() == data.text == stored


def test_a_save_over_a_text_changed_elsewhere_is_refused_and_the_typing_goes_to_the_clipboard(qtbot, window):
    window.editor.edit_button.click()
    text = window.view.data.text
    put_cursor(window, text.index("Mehr Beratung"))
    qtbot.keyClicks(window.view.edit, "Ganz")  # pending: no word end yet
    with Project.open(window.ctl.project.path) as other, other.action("Colleague") as act:
        edit_text(act, window.current_doc, edits=[Edit(0, 0, "Kollegin: ")])
    errors = []
    window.ctl.failed.connect(errors.append)
    qtbot.keyClicks(window.view.edit, " ")
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "changed elsewhere" in errors[0] and QGuiApplication.clipboard().text() == "Ganz "
    qtbot.waitUntil(lambda: window.view.data.text.startswith("Kollegin: "), timeout=5000)
    stored = stored_text(window)
    assert stored.startswith("Kollegin: ") and "Ganz" not in stored
    assert window.view.edit.toPlainText() == stored


def test_typing_is_saved_before_another_action_and_when_edit_mode_ends(qtbot, window):
    window.editor.edit_button.click()
    text = window.view.data.text
    put_cursor(window, text.index("Treffpunkt"))
    qtbot.keyClicks(window.view.edit, "neuen")  # no word end
    window.editor.edit_button.click()  # edit mode off: saved now
    qtbot.waitUntil(lambda: "neuenTreffpunkt" in stored_text(window), timeout=5000)
    assert window.view.edit.isReadOnly()


def test_speaker_change_and_snippet_keys(qtbot, window):
    window.editor.edit_button.click()
    focus_text(qtbot, window)
    text = window.view.data.text
    put_cursor(window, text.index("Größere Probleme"))
    qtbot.keyClick(window.view.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "weit weg.\n\nI: Größere Probleme" in window.view.data.text, timeout=5000)
    turns = [window.view.data.text[s:e] for s, e, _sp in window.view.data.turns]
    assert any(t.startswith("I: Größere Probleme") for t in turns)
    assert window.view.cursor_position() == window.view.data.text.index("Größere Probleme")
    qtbot.keyClick(window.view.edit, Qt.Key.Key_F9)  # "(unv.)"
    qtbot.keyClicks(window.view.edit, " ")
    qtbot.waitUntil(lambda: "I: (unv.) Größere" in stored_text(window), timeout=5000)


def test_find_and_replace_dialog_previews_replaces_checked_and_undoes(qtbot, window):
    from app.gui.replace_dialog import ReplaceDialog

    code_phrase(qtbot, window, "Größere Probleme", "Wohnen")
    dlg = ReplaceDialog(window.ctl, window.current_doc, "K01", window)
    qtbot.addWidget(dlg)
    dlg.pattern.setText("über")
    dlg.replacement.setText("ueber")
    dlg.case.setChecked(True)
    dlg.everywhere.setChecked(True)
    dlg.search()
    qtbot.waitUntil(lambda: dlg.list.topLevelItemCount() == 2, timeout=5000)  # one in each document
    dlg.list.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)
    dlg.replace_checked()
    qtbot.waitUntil(lambda: "Replaced 1" in dlg.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: "ueber Nachbar" in window.view.data.text, timeout=5000)
    with Project.open(window.ctl.project.path) as other, other.read() as conn:
        texts = [documents.get_text(conn, d.id) for d in documents.list_documents(conn)]
    assert "ueber" in texts[0] and "über Nachbar" in texts[1]
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "über Nachbar" in window.view.data.text, timeout=5000)
    data = window.view.data
    assert [data.text[s.start:s.end] for s in data.segments] == ["Größere Probleme"]
    dlg.regex.setChecked(True)
    dlg.pattern.setText("(a|a)+$")
    dlg.search()  # a catastrophic pattern: the core's time limit answers, the window stays usable
    qtbot.waitUntil(lambda: "too slow" in dlg.status.text() or dlg.list.topLevelItemCount() == 0, timeout=15000)


def test_document_rename_label_order_and_delete_with_undo(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    docs = window.documents.data["documents"]
    first, second = docs[0]["id"], docs[1]["id"]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Kommune Süd 🏘️", True)))
    window.rename_document_dialog(first)
    qtbot.waitUntil(lambda: any(d["name"] == "Kommune Süd 🏘️" for d in window.documents.data["documents"]),
                    timeout=5000)
    label_of_second = docs[1]["label"]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (label_of_second, True)))
    errors = []
    window.ctl.failed.connect(errors.append)
    window.label_dialog(first)  # the other document's label: refused
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "belongs to" in errors[0]
    window.move_document(second, -1)
    qtbot.waitUntil(lambda: window.documents.data["documents"][0]["id"] == second, timeout=5000)
    window.delete_document_dialog(first)

    def delete_box():
        return next((w for w in window.findChildren(QMessageBox) if w.isVisible() and w.text().startswith("Delete")),
                    None)
    qtbot.waitUntil(lambda: delete_box() is not None, timeout=5000)
    box = delete_box()
    assert "Undo" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: len(window.documents.data["documents"]) == 1, timeout=5000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(window.documents.data["documents"]) == 2, timeout=5000)


def test_the_text_cursor_is_untouched_by_a_reload_after_saving(qtbot, window):
    window.editor.edit_button.click()
    text = window.view.data.text
    put_cursor(window, text.index("Quartier"))
    qtbot.keyClicks(window.view.edit, "dem ")
    wait_idle(qtbot, window)
    qtbot.wait(100)
    assert window.view.cursor_position() == window.view.data.text.index("Quartier")
    assert window.view.edit.textCursor().position() == window.view.pmap.to_qt(window.view.cursor_position())
