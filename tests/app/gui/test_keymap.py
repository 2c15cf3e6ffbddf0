"""The transcript editor's keys and preferences: defaults, reassignment, refused conflicts,
persistence in the user settings, keys (and a pedal's keys) reaching their handlers, and the
preferences dialog in German."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QKeySequenceEdit, QPlainTextEdit, QTabWidget

from app.gui import settings
from app.gui.editor_prefs import EditorPrefsDialog, edit_editor_preferences
from app.gui.keymap import ACTIONS, DEFAULT_KEYS, KeyConflict, Keymap, Snippet
from app.gui.settings import EditorPrefs


def test_defaults():
    km = Keymap()
    assert {a: tuple(km.keys(a)) for a in ACTIONS} == DEFAULT_KEYS
    assert km.keys("play_pause") == ["F4", "Esc"]
    assert km.snippets() == [Snippet("(unv.)", "F9"), Snippet("(lacht)", "F10"), Snippet("(...)", "F11")]
    assert km.owner("Shift+F12") == "skip_forward" and km.owner("F10") == "snippet:1" and km.owner("F5") is None


def test_reassigning_a_key():
    km = Keymap()
    changes: list[bool] = []
    km.changed.connect(lambda: changes.append(True))
    km.set_keys("play_pause", ["F5", "F5", ""])  # duplicates and empty keys dropped
    assert km.keys("play_pause") == ["F5"] and km.owner("F4") is None and km.owner("Esc") is None
    km.set_keys("faster", ["F4"])  # free now
    assert km.owner("F4") == "faster" and changes == [True, True]


def test_a_key_of_another_action_is_refused_and_nothing_changes():
    km = Keymap()
    changes: list[bool] = []
    km.changed.connect(lambda: changes.append(True))
    with pytest.raises(KeyConflict) as err:
        km.set_keys("faster", ["F7", "Esc"])
    assert str(err.value) == "Esc is already used for “Play / pause”."
    with pytest.raises(KeyConflict, match="“Insert “\\(unv.\\)””"):
        km.set_keys("slower", ["F9"])
    with pytest.raises(KeyConflict, match="F3 is already used for “Next uncertain word”"):
        km.set_snippets([*km.snippets(), Snippet("(Husten)", "F3")])
    with pytest.raises(KeyConflict, match="F10"):
        km.set_snippets([Snippet("(lacht)", "F10"), Snippet("(seufzt)", "F10")])
    assert km.keys("faster") == ["F7"] and km.keys("slower") == ["F6"] and len(km.snippets()) == 3
    assert changes == []


def test_keys_of_the_window_are_refused_and_left_out_of_the_defaults():
    km = Keymap(reserved={"F2": "Rename code", "Esc": "Close"})
    assert km.keys("play_pause") == ["F4"]
    with pytest.raises(KeyConflict, match="F2 is already used by the window for “Rename code”"):
        km.set_keys("faster", ["F2"])
    assert km.copy().owner("F4") == "play_pause"
    with pytest.raises(KeyConflict):
        km.copy().set_keys("slower", ["F2"])  # a copy keeps the window's keys


def test_keys_and_snippets_persist_across_a_settings_reload(tmp_path):
    km = Keymap()
    km.set_keys("play_pause", ["Ctrl+Space", "F4"])
    km.set_keys("insert_time", [])
    km.set_snippets([Snippet("(unv.)", "F9"), Snippet("(lacht)", ""), Snippet("//mhm//", "Alt+M")])
    km.save()
    ini = Path(settings.settings().fileName())
    assert ini.is_file() and "Ctrl+Space" in ini.read_text(encoding="utf-8")
    QSettings(str(ini), QSettings.Format.IniFormat).sync()  # a fresh reader of the same file
    loaded = Keymap.load()
    assert loaded.keys("play_pause") == ["Ctrl+Space", "F4"] and loaded.keys("insert_time") == []
    assert loaded.snippets() == [Snippet("(unv.)", "F9"), Snippet("(lacht)", ""), Snippet("//mhm//", "Alt+M")]
    assert {a: loaded.keys(a) for a in ACTIONS} == {a: km.keys(a) for a in ACTIONS}


def test_an_action_new_since_the_last_save_gets_its_default_key_unless_it_is_taken():
    settings.set_editor_keys({"play_pause": ["F4"], "faster": ["Shift+F3"]}, [("(unv.)", "F9")])
    km = Keymap.load()
    assert km.keys("faster") == ["Shift+F3"] and km.keys("previous_uncertain") == []  # taken
    assert km.keys("next_uncertain") == ["F3"] and km.keys("slower") == ["F6"]  # free: default
    assert km.snippets() == [Snippet("(unv.)", "F9")]


@pytest.mark.parametrize("keys, snippets", [
    ("{not json", None),
    ('["a list"]', '"text"'),
    ('{"play_pause": ["F9"]}', '[["(unv.)", "F9"]]'),  # a conflict written by hand
])
def test_nonsense_in_the_settings_falls_back_to_the_defaults(keys, snippets):
    s = settings.settings()
    s.setValue("editor/keys", keys)
    if snippets is not None:
        s.setValue("editor/snippets", snippets)
    s.sync()
    km = Keymap.load()
    assert {a: tuple(km.keys(a)) for a in ACTIONS} == DEFAULT_KEYS and len(km.snippets()) == 3


def test_editor_prefs_persist_and_nonsense_is_clamped_or_defaulted():
    assert settings.editor_prefs() == EditorPrefs()
    prefs = EditorPrefs(rewind_ms=1500, skip_ms=3000, speed=80, follow=False, underline_uncertain=False,
                        uncertain_below=0.35)
    settings.set_editor_prefs(prefs)
    assert settings.editor_prefs() == prefs
    s = settings.settings()
    for key, value in (("rewind_ms", "9000"), ("speed", "abc"), ("uncertain_below", "nan"), ("skip_ms", "-5")):
        s.setValue(f"editor/{key}", value)
    s.sync()
    got = settings.editor_prefs()
    assert (got.rewind_ms, got.speed, got.uncertain_below, got.skip_ms) == (5000, 100, 0.5, 1000)


# -- keys reaching their handlers -------------------------------------------------------------------
@pytest.fixture
def editor(qtbot):
    """A focused text editor with the keymap installed; records what the keys called."""
    widget = QPlainTextEdit()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    calls: list[str] = []
    km = Keymap()
    handlers = {a: (lambda a=a: calls.append(a)) for a in ACTIONS if a != "next_turn"}
    km.install(widget, handlers, lambda text: calls.append("snippet " + text))
    return widget, km, calls


def test_keys_run_their_actions_and_snippets_while_the_editor_has_the_focus(qtbot, editor):
    widget, km, calls = editor
    qtbot.keyClick(widget, Qt.Key.Key_F4)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    qtbot.keyClick(widget, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(widget, Qt.Key.Key_F9)
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # no handler: not bound
    assert calls == ["play_pause", "play_pause", "skip_forward", "snippet (unv.)"]


def test_reassigned_keys_take_effect_at_once_and_a_pedals_key_works(qtbot, editor):
    """A pedal sends a key no keyboard has (here F13): assigned, it plays and pauses."""
    widget, km, calls = editor
    km.set_keys("play_pause", ["F13"])
    km.set_snippets([Snippet("(...)", "F4")])
    qtbot.keyClick(widget, Qt.Key.Key_F13)
    qtbot.keyClick(widget, Qt.Key.Key_F4)
    qtbot.keyClick(widget, Qt.Key.Key_F9)  # no longer a snippet
    assert calls == ["play_pause", "snippet (...)"]


# -- the preferences dialog -------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot):
    km = Keymap()
    dlg = EditorPrefsDialog(km, EditorPrefs())
    qtbot.addWidget(dlg)
    dlg.show()
    return km, dlg


def press_key(qtbot, edit: QKeySequenceEdit, key: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """Record a key in a key editor as a user would (focus it, press the key)."""
    edit.setFocus()
    qtbot.keyClick(edit, key, mods)


def test_dialog_refuses_a_taken_key_with_a_message_and_keeps_the_old_key(qtbot, dialog):
    km, dlg = dialog
    faster = dlg.key_edits["faster"][0]
    press_key(qtbot, faster, Qt.Key.Key_F4)
    assert dlg.message.text() == "F4 is already used for “Play / pause”."
    assert faster.keySequence().toString() == "F7" and dlg.keymap().keys("faster") == ["F7"]
    press_key(qtbot, faster, Qt.Key.Key_F5)
    assert dlg.message.text() == "" and dlg.keymap().keys("faster") == ["F5"]
    assert km.keys("faster") == ["F7"]  # the live keymap waits for OK


def test_dialog_refuses_a_taken_snippet_key(qtbot, dialog):
    km, dlg = dialog
    edit = dlg.snippets_table.cellWidget(2, 1)
    assert isinstance(edit, QKeySequenceEdit)
    press_key(qtbot, edit, Qt.Key.Key_F3)
    assert dlg.message.text() == "F3 is already used for “Next uncertain word”."
    assert edit.keySequence().toString() == "F11"
    press_key(qtbot, edit, Qt.Key.Key_F5)
    assert dlg.keymap().snippets()[2] == Snippet("(...)", "F5")


def shown_dialog() -> EditorPrefsDialog:
    """The preferences dialog that edit_editor_preferences shows."""
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, EditorPrefsDialog) and w.isVisible())


def test_ok_saves_keys_snippets_and_settings_and_the_live_keymap_follows(qtbot):
    km = Keymap()
    changed: list[bool] = []
    km.changed.connect(lambda: changed.append(True))

    def fill_in() -> None:
        dlg = shown_dialog()
        try:
            dlg.rewind.setValue(3.5)
            dlg.skip.setValue(3)
            dlg.speed.setValue(70)
            dlg.follow.setChecked(False)
            dlg.uncertain_below.setValue(40)
            press_key(qtbot, dlg.key_edits["insert_time"][1], Qt.Key.Key_F5)
            dlg.snippets_table.item(0, 0).setText("(unverständlich)")
        finally:
            dlg.accept()

    QTimer.singleShot(0, fill_in)
    prefs = edit_editor_preferences(km)
    assert prefs == EditorPrefs(rewind_ms=3500, skip_ms=3000, speed=70, follow=False, underline_uncertain=True,
                                uncertain_below=0.4)
    assert settings.editor_prefs() == prefs
    assert km.keys("insert_time") == ["F8", "F5"] and changed
    assert Keymap.load().snippets()[0] == Snippet("(unverständlich)", "F9")


def test_cancel_changes_nothing(qtbot):
    km = Keymap()

    def cancel() -> None:
        dlg = shown_dialog()
        try:
            dlg.speed.setValue(150)
            press_key(qtbot, dlg.key_edits["slower"][0], Qt.Key.Key_F5)
        finally:
            dlg.reject()

    QTimer.singleShot(0, cancel)
    assert edit_editor_preferences(km) is None
    assert km.keys("slower") == ["F6"] and settings.editor_prefs() == EditorPrefs()
    assert settings.editor_keys() is None


def test_a_new_snippet_row_becomes_a_snippet_once_it_has_text(qtbot, dialog):
    km, dlg = dialog
    dlg._new_snippet()
    row = dlg.snippets_table.rowCount() - 1
    edit = dlg.snippets_table.cellWidget(row, 1)
    assert isinstance(edit, QKeySequenceEdit)
    press_key(qtbot, edit, Qt.Key.Key_F5)
    assert len(dlg.keymap().snippets()) == 3  # no text yet: no snippet
    dlg.snippets_table.item(row, 0).setText("//mhm//")
    assert dlg.keymap().snippets()[-1] == Snippet("//mhm//", "F5")
    press_key(qtbot, dlg.key_edits["slower"][1], Qt.Key.Key_F5)
    assert dlg.message.text() == "F5 is already used for “Insert “//mhm//””."
    assert dlg.keymap().keys("slower") == ["F6"]


def test_default_button_restores_keys_and_snippets(qtbot, dialog):
    km, dlg = dialog
    press_key(qtbot, dlg.key_edits["slower"][0], Qt.Key.Key_F5)
    dlg.snippets_table.setCurrentCell(1, 0)
    dlg._remove_snippet_row()
    assert dlg.keymap().keys("slower") == ["F5"] and len(dlg.keymap().snippets()) == 2
    dlg._reset()
    assert dlg.keymap().keys("slower") == ["F6"] and dlg.snippets_table.rowCount() == 3


def test_german_dialog_has_no_english_left_and_is_captured(qtbot, qapp):
    """The dialog in German, grabbed offscreen to /tmp/andock_editor_prefs_de_*.png for a look."""
    from app.gui.app import install_translators
    from tests.app.gui.test_translations import english_patterns, widget_texts

    translators = install_translators(qapp, "de")
    try:
        dlg = EditorPrefsDialog(Keymap(), EditorPrefs())
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        press_key(qtbot, dlg.key_edits["faster"][0], Qt.Key.Key_F4)  # a refusal, in German
        assert dlg.message.text() == "F4 ist schon belegt mit „Wiedergabe / Pause“."
        texts = widget_texts(dlg) + [dlg.keys_table.item(r, 0).text() for r in range(len(ACTIONS))]
        offenders = [t for t in texts if t and any(p.fullmatch(t) for p, _src in english_patterns())]
        assert offenders == []
        tab_widget = dlg.findChild(QTabWidget)
        for i in range(tab_widget.count()):
            tab_widget.setCurrentIndex(i)
            qtbot.wait(50)
            assert dlg.grab().save(f"/tmp/andock_editor_prefs_de_{i}.png")
    finally:
        for t in translators:
            qapp.removeTranslator(t)
