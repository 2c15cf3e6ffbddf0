"""The window's Undo/Redo act for its current coder: a colleague's work (another process) stays."""
from __future__ import annotations

from app.gui import settings
from coding.services import coders, segments
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle
from tests.app.gui.test_workbench import click_code, select_phrase, text_of, wait_segment
from tests.conftest import andock_process


def coders_of_segments(path) -> list[str]:
    with Project.open(path) as proj, proj.read() as conn:
        names = {c.id: c.name for c in coders.list_coders(conn)}
        return sorted(names[s.coder_id] for d in (1, 2) for s in segments.segments_of_document(conn, d))


def test_window_undo_takes_back_its_coders_coding_not_a_colleagues_later_one(qtbot, window, project_file):
    settings.set_snap_words(False)
    mine = select_phrase(window, "Mehr Beratung")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, *mine)
    # Murat codes in a terminal after Lena's coding in the window
    start = text_of(window).index("ein Treffpunkt")
    r = andock_process("code", project_file, "--doc", "K01_Mittelstadt", "--code", "Wohnen",
                       "--start", start, "--end", start + 14, "--coder", "Murat")
    assert r.returncode == 0, r.stderr
    # ...and makes himself the project's current coder: the window still codes (and undoes) as Lena
    assert andock_process("coders", project_file, "--use", "Murat").returncode == 0
    window.ctl.refresh_undo()
    wait_idle(qtbot, window)
    assert window.undo_action.isEnabled() and "Murat" not in window.undo_action.text()
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert coders_of_segments(project_file) == ["Murat"]
    # as Murat, the window's Undo now names Murat's coding
    window.ctl.set_current_coder("Murat")
    qtbot.waitUntil(lambda: window.coder_label.text().endswith("Murat"), timeout=10000)
    wait_idle(qtbot, window)
    assert window.undo_action.text().replace("&", "").endswith("Code segment")
    assert not window.redo_action.isEnabled()  # Lena's redo is hers


def test_window_undo_that_would_destroy_a_colleagues_change_is_refused_with_a_message(qtbot, window,
                                                                                     project_file):
    settings.set_snap_words(False)
    mine = select_phrase(window, "Mehr Beratung")
    click_code(qtbot, window, "Wohnen")
    seg = wait_segment(qtbot, window, *mine)
    # Murat, in a terminal, marks Lena's coding as a key quote (his action)
    with Project.open(project_file) as proj, proj.action("Key quote") as act:
        act.coder_id = coders.find_coder(act.conn, "Murat")
        segments.set_key_quote(act, seg.id, True)
    window.ctl.refresh_undo()
    wait_idle(qtbot, window)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Murat's later action 'Key quote'" in window.statusBar().currentMessage(),
                    timeout=10000)
    assert coders_of_segments(project_file) == ["Lena"]
    with Project.open(project_file) as proj, proj.read() as conn:
        assert segments.get_segment(conn, seg.id).key_quote
