"""Playing a transcript's recording in the window (issue 11): play-along highlight, click to play
from a word or a time, the editor's keys (play/pause, timestamp, next uncertain word), on a real
recording played through the private PulseAudio null sink (tests/app/gui/sound_server.py)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from coding.services import documents
from coding.services.document_media import link_media
from coding.services.word_timings import attach_recognised_words
from coding.store.project import Project
from tests.app.gui.test_player import write_wav
from transcription.audio import file_checksum

from .conftest import open_window, wait_idle


@pytest.fixture
def played(qtbot, project_file, tmp_path):
    """The first document with a word every 400 ms (every fifth uncertain) and a 20-s recording."""
    wav = write_wav(project_file.parent / "K01 Aufnahme.wav")
    with Project.open(project_file) as proj, proj.action("Transcribe") as act:
        doc = documents.find_document(act.conn, "K01_Mittelstadt")
        text = documents.get_text(act.conn, doc)
        tokens = [t for t in text.split() if not t.endswith(":")]
        attach_recognised_words(act, doc, [(" " + t, 400 * i, 400 * i + 300, 0.3 if i % 5 == 4 else 0.95)
                                           for i, t in enumerate(tokens)])
        link_media(act, doc, wav, proj.base_dir, file_checksum(wav))
    win = open_window(qtbot, project_file)
    qtbot.waitUntil(lambda: win.editor._loaded(), timeout=10000)
    yield win
    win.close()


def heard_text(win) -> str:
    start, end = win.view.words.range(win.view.heard)
    return win.view.data.text[start:end]


def test_the_highlight_follows_the_recording(qtbot, played):
    win = played
    assert win.editor.media_label.text() == "K01 Aufnahme.wav"
    qtbot.waitUntil(lambda: win.editor.play_button.isEnabled() and win.editor.speed.isEnabled(), timeout=5000)
    win.editor.player.seek(0)
    win.editor.player.play()
    qtbot.waitUntil(lambda: win.view.heard is not None and win.view.heard >= 4, timeout=8000)
    first = win.view.heard
    qtbot.waitUntil(lambda: win.view.heard >= first + 3, timeout=5000)  # it moves on, word by word
    pos = win.editor.player.position()
    assert abs(int(win.view.words.start_ms[win.view.heard]) - pos) < 800
    assert win.view.edit.extraSelections()[0].cursor.selectedText() == heard_text(win)
    win.editor.player.pause()


def test_ctrl_click_on_a_word_and_a_click_on_a_time_play_from_there(qtbot, played):
    win = played
    text = win.view.data.text
    target = text.index("Treffpunkt")
    cur = win.view.edit.textCursor()
    cur.setPosition(win.view.pmap.to_qt(target) + 2)
    rect = win.view.edit.cursorRect(cur)
    qtbot.mouseClick(win.view.edit.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     rect.center())
    i = next(j for j in range(len(win.view.words)) if win.view.words.range(j)[0] == target)
    expected = int(win.view.words.start_ms[i])
    qtbot.waitUntil(lambda: win.editor.player.is_playing(), timeout=5000)
    assert abs(win.editor.player.position() - expected) < 500
    win.editor.player.pause()
    # a time beside the text: the gutter shows the f4 timestamps; a click plays from that time
    win.view.gutter.repaint()
    rect, ms = win.view.gutter._drawn[0]  # 00:00:04-0
    qtbot.mouseClick(win.view.gutter, Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
    qtbot.waitUntil(lambda: win.editor.player.is_playing(), timeout=5000)
    assert abs(win.editor.player.position() - ms) < 500
    win.editor.player.pause()


def test_keys_play_pause_stamp_the_time_and_jump_to_uncertain_words(qtbot, played):
    win = played
    win.activateWindow()
    win.view.edit.setFocus()
    qtbot.waitUntil(win.view.edit.hasFocus, timeout=3000)
    qtbot.keyClick(win.view.edit, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: win.editor.player.is_playing(), timeout=5000)
    qtbot.wait(600)
    qtbot.keyClick(win.view.edit, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: not win.editor.player.is_playing(), timeout=5000)
    # F3: the next uncertain word is selected and the recording goes there
    qtbot.keyClick(win.view.edit, Qt.Key.Key_F3)
    sel = win.view.selection()
    assert sel is not None
    i = next(j for j in range(len(win.view.words)) if win.view.words.range(j) == sel)
    assert win.view.words.prob[i] < 0.5
    assert abs(win.editor.player.position() - int(win.view.words.start_ms[i])) < 300
    # F8 stamps the cursor position with the current time (a time anchor beside the text)
    cur = win.view.edit.textCursor()
    cur.setPosition(win.view.pmap.to_qt(sel[1]))
    win.view.edit.setTextCursor(cur)
    ms = win.editor.player.position()
    qtbot.keyClick(win.view.edit, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: (sel[1], ms) in win.view.data.anchors, timeout=5000)
    wait_idle(qtbot, win)
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: (sel[1], ms) not in win.view.data.anchors, timeout=5000)


def test_uncertain_words_are_underlined_and_the_switch_hides_them(qtbot, played):
    win = played
    marks = win.view.highlighter._marks
    assert len(marks) == sum(1 for p in win.view.words.prob if p < 0.5) > 0
    win.editor.uncertain.setChecked(False)
    assert win.view.highlighter._marks == []
    win.editor.uncertain.setChecked(True)
    assert len(win.view.highlighter._marks) == len(marks)


def test_a_moved_recording_is_found_again_by_its_checksum(qtbot, played):
    win = played
    data = win.view.data
    old = win.ctl.project.base_dir / data.media_path
    (win.ctl.project.base_dir / "audio").mkdir()
    new = win.ctl.project.base_dir / "audio" / "verschoben.wav"
    win.editor.player.unload()
    old.rename(new)
    win.editor._media_doc = None
    win.refresh_document()
    qtbot.waitUntil(lambda: win.editor.find_media_button.isVisible(), timeout=5000)
    assert "not found" in win.editor.media_label.text()
    win.editor.find_media_button.click()
    qtbot.waitUntil(lambda: win.view.data.media_path == "audio/verschoben.wav", timeout=10000)
    qtbot.waitUntil(lambda: win.editor._loaded(), timeout=10000)
    assert not win.editor.find_media_button.isVisible()
