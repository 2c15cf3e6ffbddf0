"""Typing in Code details or the summary grid is never thrown away: leaving the field, choosing
another code or cell, coding a passage or creating a code saves it as one undoable action, and a
refresh caused by another change keeps the typing."""
from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog

from coding.analysis.views import load_code_details as load_details
from coding.services import codes, coders, segments
from coding.services.summaries import SummaryKey, get_summary
from tests.app.gui.conftest import code_id, wait_idle


def stored(qtbot, win, fn, *args):
    """Read back through the window's open project (the core, on its database worker)."""
    out = []
    win.ctl.read(fn, *args, on_done=out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


def show_code(qtbot, win, name: str) -> int:
    """Select a code in the codebook and wait until its details are shown."""
    cid = code_id(win, name)
    win.codebook.select_code(cid)
    qtbot.waitUntil(lambda: win.details.code_id == cid, timeout=10000)
    wait_idle(qtbot, win)
    return cid


def type_into(qtbot, edit, text: str) -> None:
    """Type as a user does (key events, the cursor at the end)."""
    edit.setFocus()
    edit.moveCursor(QTextCursor.End)
    qtbot.keyClicks(edit, text)


def background_change(qtbot, win, fn, *args) -> None:
    """A change the user did not make in these fields, announced as the transcription queue does
    (its finished transcripts reach the window as ``changed`` without going through an action)."""
    project = win.ctl.project

    def job():
        with project.action("background") as act:
            fn(act, *args)
        return act.changes
    win.ctl.runner.submit(job, on_done=win.ctl.changed.emit)
    wait_idle(qtbot, win)


def undo(qtbot, win) -> None:
    win.undo_action.trigger()
    wait_idle(qtbot, win)


def test_definition_typed_then_another_code_selected_is_saved_and_undoable(qtbot, window):
    wohnen = show_code(qtbot, window, "Wohnen")
    type_into(qtbot, window.details.edits["definition"], "Wohnsituation und Wohnungssuche")
    show_code(qtbot, window, "Schule")
    wait_idle(qtbot, window)
    assert stored(qtbot, window, load_details, wohnen)["definition"] == "Wohnsituation und Wohnungssuche"
    undo(qtbot, window)
    assert stored(qtbot, window, load_details, wohnen)["definition"] == ""


def test_memo_and_criteria_typed_then_another_code_selected_are_saved(qtbot, window):
    wohnen = show_code(qtbot, window, "Wohnen")
    type_into(qtbot, window.details.edits["inclusion"], "Miete, Nachbarschaft")
    type_into(qtbot, window.details.edits["memo"], "Mit Murat abstimmen")
    show_code(qtbot, window, "Zugänge")
    wait_idle(qtbot, window)
    details = stored(qtbot, window, load_details, wohnen)
    assert (details["inclusion"], details["memo"]) == ("Miete, Nachbarschaft", "Mit Murat abstimmen")


def test_definition_typed_then_a_passage_coded_is_saved_and_shown(qtbot, window):
    wohnen = show_code(qtbot, window, "Wohnen")
    type_into(qtbot, window.details.edits["definition"], "Wohnen im Quartier")
    text = window.view.data.text
    s = text.index("Größere Probleme")
    window.code_range(window.current_doc, s, s + len("Größere Probleme"), wohnen)
    wait_idle(qtbot, window)
    assert stored(qtbot, window, segments.segments_of_document, window.current_doc)  # the coding went in
    assert stored(qtbot, window, load_details, wohnen)["definition"] == "Wohnen im Quartier"
    assert window.details.edits["definition"].toPlainText() == "Wohnen im Quartier"
    undo(qtbot, window)  # the coding
    undo(qtbot, window)  # the definition
    assert stored(qtbot, window, load_details, wohnen)["definition"] == ""


def test_definition_typed_then_a_code_created_is_saved(qtbot, window, monkeypatch):
    wohnen = show_code(qtbot, window, "Wohnen")
    type_into(qtbot, window.details.edits["coding_rules"], "Nur eigene Erfahrungen")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Arbeit", True)))
    window.new_code_dialog()
    qtbot.waitUntil(lambda: any(n.name == "Arbeit" for n in window.codebook.nodes.values()), timeout=10000)
    wait_idle(qtbot, window)
    assert stored(qtbot, window, load_details, wohnen)["coding_rules"] == "Nur eigene Erfahrungen"


def test_refresh_from_another_change_keeps_the_typing(qtbot, window):
    wohnen = show_code(qtbot, window, "Wohnen")
    edit = window.details.edits["definition"]
    type_into(qtbot, edit, "Halb getippt")
    background_change(qtbot, window, codes.rename_code, wohnen, "Wohnen und Miete")
    assert "Wohnen und Miete" in window.details.title.text()
    assert edit.toPlainText() == "Halb getippt"
    assert window.details.is_modified()
    type_into(qtbot, edit, " und fertig")
    show_code(qtbot, window, "Schule")
    wait_idle(qtbot, window)
    assert stored(qtbot, window, load_details, wohnen)["definition"] == "Halb getippt und fertig"


def test_focus_leaving_the_pane_saves(qtbot, window):
    wohnen = show_code(qtbot, window, "Wohnen")
    window.activateWindow()
    type_into(qtbot, window.details.edits["definition"], "Gespeichert beim Verlassen")
    qtbot.waitUntil(lambda: window.details.edits["definition"].hasFocus(), timeout=5000)
    window.codebook.tree.setFocus()
    wait_idle(qtbot, window)
    assert stored(qtbot, window, load_details, wohnen)["definition"] == "Gespeichert beim Verlassen"
    assert not window.details.is_modified()


def _open_grid(qtbot, window):
    schule = code_id(window, "Schule")
    text = window.view.data.text
    s = text.index("Mehr Beratung")
    doc = window.current_doc
    window.ctl.act("setup", lambda act: segments.apply_code(act, doc, schule, coders.find_coder(act.conn, "Lena"),
                                                            s, s + len("Mehr Beratung vor Ort")))
    wait_idle(qtbot, window)
    window.docks["summaries"].show()
    window.docks["summaries"].raise_()
    panel = window.summaries
    qtbot.waitUntil(lambda: panel.grid is not None and panel.grid.by == "Gruppe", timeout=10000)
    labels = [r.label for r in panel.grid.rows]
    col = [panel.grid.columns[i].name for i in panel.cols].index("Zugänge")
    return panel, labels.index("kommunal"), labels.index("national"), col


def test_summary_typed_then_another_cell_selected_is_saved_and_undoable(qtbot, window):
    panel, kommunal, national, col = _open_grid(qtbot, window)
    zugaenge = code_id(window, "Zugänge")
    panel.grid_table.setCurrentCell(kommunal, col)
    key = panel.grid.key(kommunal, zugaenge)
    type_into(qtbot, panel.summary, "Beratung vor Ort")
    panel.grid_table.setCurrentCell(national, col)
    wait_idle(qtbot, window)
    assert stored(qtbot, window, get_summary, key) == "Beratung vor Ort"
    assert panel.summary.toPlainText() == ""  # the national cell's (empty) summary is shown
    undo(qtbot, window)
    assert stored(qtbot, window, get_summary, key) == ""


def test_summary_typing_survives_a_grid_refresh_and_a_change_of_rows(qtbot, window):
    panel, kommunal, _national, col = _open_grid(qtbot, window)
    zugaenge, wohnen = code_id(window, "Zugänge"), code_id(window, "Wohnen")
    panel.grid_table.setCurrentCell(kommunal, col)
    key = SummaryKey(**vars(panel.grid.key(kommunal, zugaenge)))
    type_into(qtbot, panel.summary, "Erst halb")
    background_change(qtbot, window, codes.rename_code, wohnen, "Wohnen und Miete")
    assert panel.summary.toPlainText() == "Erst halb"
    type_into(qtbot, panel.summary, ", dann ganz")
    panel.by.setCurrentIndex(panel.by.findData(None))  # rows: documents instead of groups
    qtbot.waitUntil(lambda: panel.grid.by is None, timeout=10000)
    wait_idle(qtbot, window)
    assert stored(qtbot, window, get_summary, key) == "Erst halb, dann ganz"


def test_typing_is_saved_when_the_window_closes(qtbot, project_file):
    from coding.store.project import Project
    from tests.app.gui.conftest import open_window

    win = open_window(qtbot, project_file)
    wohnen = show_code(qtbot, win, "Wohnen")
    type_into(qtbot, win.details.edits["exclusion"], "Keine Ferienwohnungen")
    panel, kommunal, _national, col = _open_grid(qtbot, win)
    panel.grid_table.setCurrentCell(kommunal, col)
    key = panel.grid.key(kommunal, code_id(win, "Zugänge"))
    type_into(qtbot, panel.summary, "Zuletzt getippt")
    win.close()
    with Project.open(project_file) as proj, proj.read() as conn:
        assert load_details(conn, wohnen)["exclusion"] == "Keine Ferienwohnungen"
        assert get_summary(conn, key) == "Zuletzt getippt"
