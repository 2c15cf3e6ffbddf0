"""The coding workbench, driven through its real widgets."""
from __future__ import annotations

import time

import pytest

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDropEvent, QKeySequence, QTextCursor

from app.gui import settings
from app.gui.highlight import blend
from coding.store.project import Project
from tests.app.gui.conftest import code_id, wait_idle


def text_of(win) -> str:
    return win.view.data.text


def select_phrase(win, phrase: str) -> tuple[int, int]:
    start = text_of(win).index(phrase)
    win.view.select(start, start + len(phrase))
    assert win.view.selection() == (start, start + len(phrase))
    return start, start + len(phrase)


def click_code(qtbot, win, name: str) -> None:
    panel = win.codebook
    idx = panel.proxy.mapFromSource(panel._items()[code_id(win, name)].index())
    panel.tree.scrollTo(idx)
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=panel.tree.visualRect(idx).center())


def segment_with(win, start: int, end: int):
    return next((s for s in win.view.data.segments if (s.start, s.end) == (start, end)), None)


def wait_segment(qtbot, win, start, end):
    qtbot.waitUntil(lambda: segment_with(win, start, end) is not None, timeout=10000)
    wait_idle(qtbot, win)
    return segment_with(win, start, end)


def global_y(widget, y: int) -> int:
    return widget.mapToGlobal(QPoint(0, y)).y()


def check_stripe_spans_lines(win, seg) -> None:
    """The stripe starts at the top of the first coded line and ends at the bottom of the last."""
    edit = win.view.edit
    stripe = next(s for s in win.view.margin.stripes() if s.segment_id == seg.id)
    cur = QTextCursor(edit.document())
    cur.setPosition(win.view.pmap.to_qt(seg.start))
    first = edit.cursorRect(cur)
    cur.setPosition(win.view.pmap.to_qt(seg.end) - 1)
    last = edit.cursorRect(cur)
    assert abs(global_y(win.view.margin, stripe.rect.top()) - global_y(edit.viewport(), first.top())) <= 1
    assert abs(global_y(win.view.margin, stripe.rect.bottom()) - global_y(edit.viewport(), last.bottom())) <= 2
    assert stripe.label == win.view.data.codes[seg.code_id].name


def pixel_in_coded_space(win, seg, after: int = 0) -> QColor:
    """Background colour in the middle of a coded blank (no glyph ink there)."""
    edit, text = win.view.edit, text_of(win)
    cur = edit.textCursor()
    cur.clearSelection()
    cur.setPosition(0)
    edit.setTextCursor(cur)
    c = QTextCursor(edit.document())
    blank = max(seg.start + 1, after) - 1
    while True:  # a blank inside a line: one where the text wraps has no painted background
        blank = text.index(" ", blank + 1)
        assert blank < seg.end - 1
        c.setPosition(win.view.pmap.to_qt(blank))
        left = edit.cursorRect(c)
        c.setPosition(win.view.pmap.to_qt(blank + 1))
        right = edit.cursorRect(c)
        if left.top() == right.top():
            break
    image = edit.viewport().grab().toImage()
    return image.pixelColor((left.left() + right.left()) // 2 + 1, left.center().y())


def close_colour(a: QColor, b: QColor, tol: int = 3) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_code_by_click_draws_a_stripe_over_exactly_the_coded_lines_and_the_highlight(qtbot, window):
    settings.set_snap_words(False)
    start, end = select_phrase(window, "Größere Probleme gibt es beim Wohnen")
    click_code(qtbot, window, "Wohnen")
    seg = wait_segment(qtbot, window, start, end)
    assert window.view.data.coders[seg.coder_id] == "Lena"
    check_stripe_spans_lines(window, seg)
    qtbot.wait(50)
    assert close_colour(pixel_in_coded_space(window, seg), blend(["#228833"]))


def test_emoji_and_umlauts_before_a_passage_do_not_shift_it(qtbot, window):
    settings.set_snap_words(False)
    text = text_of(window)
    assert text.index("🏘️") < text.index("Nachbar*innen")
    start, end = select_phrase(window, "Nachbar*innen – die Ämter")
    click_code(qtbot, window, "Schule")
    seg = wait_segment(qtbot, window, start, end)
    assert text[seg.start:seg.end] == "Nachbar*innen – die Ämter"
    with Project.open(window.ctl.project.path) as other, other.read() as conn:
        from coding.analysis.retrieval import query_segments
        assert [s.text for s in query_segments(conn)] == ["Nachbar*innen – die Ämter"]
    assert close_colour(pixel_in_coded_space(window, seg), blend(["#3377bb"]))


def test_code_by_dragging_the_selection_onto_a_code(qtbot, window):
    settings.set_snap_words(False)
    start, end = select_phrase(window, "Mehr Beratung vor Ort")
    mime = window.view.edit.createMimeDataFromSelection()
    panel = window.codebook
    idx = panel.proxy.mapFromSource(panel._items()[code_id(window, "Zugänge")].index())
    assert panel.proxy.canDropMimeData(mime, Qt.CopyAction, -1, -1, idx)
    panel.proxy.dropMimeData(mime, Qt.CopyAction, -1, -1, idx)
    seg = wait_segment(qtbot, window, start, end)
    check_stripe_spans_lines(window, seg)


def test_code_by_shortcut_favourite_key_and_repeat_last(qtbot, window):
    settings.set_snap_words(True)
    window.codebook.select_code(code_id(window, "Wohnen"))
    text = text_of(window)
    s = text.index("Wohnen, gerade")
    window.view.select(s + 2, s + 4)  # inside the word: snapping widens it to "Wohnen"
    qtbot.keyClick(window.view.edit, Qt.Key_E, Qt.ControlModifier)
    seg = wait_segment(qtbot, window, s, s + len("Wohnen"))
    assert seg.code_id == code_id(window, "Wohnen")
    window.set_favourite(1)
    start, end = select_phrase(window, "ein Treffpunkt im Quartier")
    qtbot.keyClick(window.view.edit, Qt.Key_1, Qt.AltModifier)
    wait_segment(qtbot, window, start, end)
    start, end = select_phrase(window, "in mehreren Sprachen")
    qtbot.keyClick(window.view.edit, Qt.Key_L, Qt.ControlModifier)
    assert wait_segment(qtbot, window, start, end).code_id == code_id(window, "Wohnen")


def test_overlapping_codes_show_two_stripes(qtbot, window):
    settings.set_snap_words(False)
    a = select_phrase(window, "Größere Probleme gibt es beim Wohnen")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, *a)
    # two blanks only in a, so that one of them lies inside a line whatever the window's width
    b = select_phrase(window, "gibt es beim Wohnen, gerade in der Straße")
    click_code(qtbot, window, "Zugänge")
    wait_segment(qtbot, window, *b)
    stripes = window.view.margin.stripes()
    assert len(stripes) == 2 and stripes[0].rect.left() != stripes[1].rect.left()
    seg = segment_with(window, *a)
    assert close_colour(pixel_in_coded_space(window, seg), blend(["#228833"]))  # only a
    both = pixel_in_coded_space(window, seg, after=b[0])  # a blank inside a and b
    assert close_colour(both, blend(["#228833", "#cc6677"]), tol=4) or \
        close_colour(both, blend(["#cc6677", "#228833"]), tol=4)


def test_undo_and_redo_with_the_standard_shortcuts(qtbot, window):
    settings.set_snap_words(False)
    start, end = select_phrase(window, "Mehr Beratung")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, start, end)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())
    assert QKeySequence(QKeySequence.Undo) in window.undo_action.shortcuts()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: segment_with(window, start, end) is None, timeout=10000)
    window.redo_action.trigger()
    wait_segment(qtbot, window, start, end)


def test_coder_switch_and_only_this_coder(qtbot, window):
    settings.set_snap_words(False)
    a = select_phrase(window, "Mehr Beratung")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, *a)
    window.ctl.set_current_coder("Murat")
    qtbot.waitUntil(lambda: window.coder_label.text().endswith("Murat"), timeout=10000)
    b = select_phrase(window, "ein Treffpunkt")
    click_code(qtbot, window, "Wohnen")
    seg = wait_segment(qtbot, window, *b)
    assert window.view.data.coders[seg.coder_id] == "Murat"
    window.only_mine.trigger()
    qtbot.waitUntil(lambda: segment_with(window, *a) is None, timeout=10000)
    assert [window.view.data.coders[s.coder_id] for s in window.view.data.segments] == ["Murat"]
    window.only_mine.trigger()
    qtbot.waitUntil(lambda: segment_with(window, *a) is not None, timeout=10000)


def test_retrieved_segments_filter_and_jump(qtbot, window):
    settings.set_snap_words(False)
    a = select_phrase(window, "Mehr Beratung vor Ort")
    click_code(qtbot, window, "Zugänge")
    wait_segment(qtbot, window, *a)
    # code the second document as well
    window.open_document(window.documents.data["documents"][1]["id"])
    qtbot.waitUntil(lambda: window.view.data.name == "N01_Ministerium", timeout=10000)
    b = select_phrase(window, "über Nachbar*innen")
    click_code(qtbot, window, "Schule")
    wait_segment(qtbot, window, *b)
    window.codebook.select_code(code_id(window, "Zugänge"))
    qtbot.waitUntil(lambda: len(window.segments.rows) == 2, timeout=10000)
    panel = window.segments
    panel.variable.setCurrentIndex(panel.variable.findData("Gruppe"))
    panel.value.setCurrentIndex(panel.value.findData("kommunal"))
    qtbot.waitUntil(lambda: [r.label for r in panel.rows] == ["K01"], timeout=10000)
    panel.subcodes.setChecked(False)
    qtbot.waitUntil(lambda: [r.text for r in panel.rows] == ["Mehr Beratung vor Ort"], timeout=10000)
    panel.table.cellDoubleClicked.emit(0, 5)
    qtbot.waitUntil(lambda: window.view.data.name == "K01_Mittelstadt" and window.view.selection() == a,
                    timeout=10000)


def test_search_hits_jump_into_the_text(qtbot, window):
    window.search.pattern.setText("Tr[e]ffpunkt")
    window.search.regex.setChecked(True)
    qtbot.keyClick(window.search.pattern, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.search.hits.count() == 2, timeout=10000)
    window.search.hits.itemActivated.emit(window.search.hits.item(1))
    qtbot.waitUntil(lambda: window.view.data.name == "N01_Ministerium" and window.view.selection() is not None,
                    timeout=10000)
    s, e = window.view.selection()
    assert window.view.data.text[s:e] == "Treffpunkt"


def test_variable_editing_in_the_table(qtbot, window):
    window.variables_dialog()
    qtbot.waitUntil(lambda: getattr(window, "variables_dialog_open", None) is not None
                    and window.variables_dialog_open.isVisible(), timeout=10000)
    dlg = window.variables_dialog_open
    dlg.table.item(0, 0).setText("national")
    dlg.accept()
    wait_idle(qtbot, window)
    with Project.open(window.ctl.project.path) as other, other.read() as conn:
        from coding.services.variables import documents_with
        assert len(documents_with(conn, "Gruppe", ["national"])) == 2


def test_dropping_files_on_the_window_imports_them(qtbot, window, tmp_path):
    f = tmp_path / "K02_Hafenstadt.txt"
    f.write_text("I: Frage? #00:00:01-0#\n\nB: Antwort über Beratung. #00:00:04-0#\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    event = QDropEvent(QPoint(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: any(d["name"] == "K02_Hafenstadt" for d in window.documents.data["documents"]),
                    timeout=10000)


def test_recent_projects_and_save_as(qtbot, window, project_file, tmp_path):
    assert settings.recent_projects() == [str(project_file)]
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == [str(project_file)]
    copy = tmp_path / "kopie.andock"
    saved = []
    window.save_as(str(copy), on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    with Project.open(copy) as proj:
        assert proj.name == "Studie"


def test_the_window_keeps_responding_while_the_database_is_slow(qtbot, window):
    window.ctl.runner.delay = 0.4  # every database job now takes 0.4 s longer
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    window.refresh_all()
    start = time.monotonic()
    qtbot.waitUntil(lambda: time.monotonic() - start > 1.5, timeout=5000)
    timer.stop()
    window.ctl.runner.delay = 0
    wait_idle(qtbot, window, timeout=20000)
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 40 and max(gaps) < 0.2, max(gaps)


@pytest.mark.expect_job_errors
def test_a_failing_action_shows_a_message_not_a_crash(qtbot, window):
    window.ctl.act("broken", lambda act: (_ for _ in ()).throw(ValueError("kaputt")))
    qtbot.waitUntil(lambda: "kaputt" in window.statusBar().currentMessage(), timeout=10000)


def test_dragging_a_code_re_parents_and_re_orders_it(qtbot, window):
    from app.gui.codebook_panel import CODE_MIME
    panel = window.codebook
    wohnen, zugaenge = code_id(window, "Wohnen"), code_id(window, "Zugänge")
    mime = panel.model.mimeData([panel._items()[wohnen].index()])
    assert mime.hasFormat(CODE_MIME)
    target = panel.proxy.mapFromSource(panel._items()[zugaenge].index())
    panel.proxy.dropMimeData(mime, Qt.MoveAction, 0, 0, target)  # first child of Zugänge
    qtbot.waitUntil(lambda: panel.nodes.get(wohnen) is not None and panel.nodes[wohnen].parent_id == zugaenge,
                    timeout=10000)
    assert [c.name for c in panel.nodes[zugaenge].children] == ["Wohnen", "Schule"]
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.nodes[wohnen].parent_id is None, timeout=10000)


def test_show_codings_of_one_chosen_coder(qtbot, window):
    settings.set_snap_words(False)
    a = select_phrase(window, "Mehr Beratung")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, *a)
    murat = next(cid for cid, name in window.coder_names.items() if name == "Murat")
    window.show_coder_menu.aboutToShow.emit()
    texts = [act.text() for act in window.show_coder_menu.actions()]
    assert texts[1:] == ["Lena", "Murat"]
    window.show_only_coder(murat)
    qtbot.waitUntil(lambda: window.view.data.segments == [], timeout=10000)
    window.show_only_coder(None)
    qtbot.waitUntil(lambda: len(window.view.data.segments) == 1, timeout=10000)


def _menu_action(qtbot, text: str):
    from PySide6.QtWidgets import QApplication, QMenu
    qtbot.waitUntil(lambda: any(isinstance(w, QMenu) and w.isVisible() for w in QApplication.topLevelWidgets()))
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    act = next(a for a in menu.actions() if a.text() == text)
    menu.close()
    return act


def _open_dialog(qtbot, cls):
    from PySide6.QtWidgets import QApplication
    qtbot.waitUntil(lambda: any(isinstance(w, cls) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=10000)
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible())


def test_segment_menu_memo_key_quote_anchor_and_remove(qtbot, window):
    from app.gui.dialogs import MemoDialog
    settings.set_snap_words(False)
    a = select_phrase(window, "Mehr Beratung vor Ort")
    click_code(qtbot, window, "Wohnen")
    seg = wait_segment(qtbot, window, *a)
    stripe = next(s for s in window.view.margin.stripes() if s.segment_id == seg.id)
    assert stripe.tooltip.startswith("Wohnen\nLena")
    window.segment_menu(seg.id, QPoint(10, 10))
    _menu_action(qtbot, "Segment memo…").trigger()
    dlg = _open_dialog(qtbot, MemoDialog)
    dlg.edit.setPlainText("Wichtig für den Vergleich")
    dlg.accept()
    qtbot.waitUntil(lambda: segment_with(window, *a).memo == "Wichtig für den Vergleich", timeout=10000)
    assert next(s for s in window.view.margin.stripes() if s.segment_id == seg.id).tooltip.endswith(
        "Wichtig für den Vergleich")
    window.segment_menu(seg.id, QPoint(10, 10))
    _menu_action(qtbot, "Key quote").trigger()
    qtbot.waitUntil(lambda: segment_with(window, *a).key_quote, timeout=10000)
    window.codebook.select_code(code_id(window, "Wohnen"))
    window.segment_menu(seg.id, QPoint(10, 10))
    _menu_action(qtbot, "Add as anchor example").trigger()
    qtbot.waitUntil(lambda: window.details.anchors.count() == 1, timeout=10000)
    assert window.details.anchors.item(0).text() == "„Mehr Beratung vor Ort“ (K01, 00:00:24)"
    window.segment_menu(seg.id, QPoint(10, 10))
    _menu_action(qtbot, "Remove coding").trigger()
    qtbot.waitUntil(lambda: segment_with(window, *a) is None, timeout=10000)


def test_code_turn_in_vivo_and_selection_as_anchor(qtbot, window):
    settings.set_snap_words(False)
    text = text_of(window)
    window.codebook.select_code(code_id(window, "Zugänge"))
    pos = text.index("Mehr Beratung")
    window.view.select(pos, pos)  # just the cursor in the last turn
    window.code_turn()
    body = text[text.index("Mehr Beratung"):].rstrip()
    start = text.index("Mehr Beratung")
    seg = wait_segment(qtbot, window, start, start + len(body))
    assert text[seg.start:seg.end].endswith("im Quartier.")
    b = select_phrase(window, "Treffpunkt")
    window.code_in_vivo()
    qtbot.waitUntil(lambda: any(n.name == "Treffpunkt" for n in window.codebook.nodes.values()), timeout=10000)
    assert wait_segment(qtbot, window, *b).code_id == code_id(window, "Treffpunkt")
    window.codebook.select_code(code_id(window, "Wohnen"))
    select_phrase(window, "Größere Probleme gibt es beim Wohnen")
    window.selection_as_anchor()
    qtbot.waitUntil(lambda: window.details.anchors.count() == 1, timeout=10000)
    assert window.details.anchors.item(0).text().startswith("„Größere Probleme gibt es beim Wohnen“ (K01, 00:00:04)")


def test_code_details_are_editable_while_coding(qtbot, window):
    window.codebook.select_code(code_id(window, "Wohnen"))
    qtbot.waitUntil(lambda: window.details.code_id == code_id(window, "Wohnen"), timeout=10000)
    window.details.edits["definition"].setPlainText("Aussagen zur Wohnsituation")
    window.details.edits["coding_rules"].setPlainText("Mindestens ein ganzer Satz.")
    assert window.details.save.isEnabled()
    window.details.save.click()
    wait_idle(qtbot, window)
    with Project.open(window.ctl.project.path) as other, other.read() as conn:
        from coding.analysis.views import load_code_details as load_details
        d = load_details(conn, code_id(window, "Wohnen"))
    assert d["definition"] == "Aussagen zur Wohnsituation" and d["coding_rules"] == "Mindestens ein ganzer Satz."


def test_no_two_actions_of_the_window_share_a_key(qtbot, window):
    """Ctrl+N was bound to both New project and New code: Qt then runs neither."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    owners: dict[str, set[QAction]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        for act in widget.actions():  # a menu's action is also the window's: counted once
            if isinstance(act, QAction) and act.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
                for key in act.shortcuts():
                    owners.setdefault(key.toString(), set()).add(act)
    clashes = {key: sorted(a.text() for a in acts) for key, acts in owners.items() if len(acts) > 1}
    assert not clashes, clashes
    assert any(a.text() == "&New project…" and a.shortcut().toString() == "Ctrl+N" for a in window.actions())


def test_code_details_show_the_code_just_clicked_to_code(qtbot, window):
    """Coding by a click on a code selects that code: its details are shown, not "No code selected"."""
    settings.set_snap_words(False)
    start, end = select_phrase(window, "Mehr Beratung vor Ort")
    click_code(qtbot, window, "Wohnen")
    wait_segment(qtbot, window, start, end)
    wait_idle(qtbot, window)
    qtbot.wait(100)
    assert window.codebook.current_code() == code_id(window, "Wohnen")
    qtbot.waitUntil(lambda: "Wohnen" in window.details.title.text(), timeout=5000)
    start, end = select_phrase(window, "Treffpunkt im Quartier")  # then another code
    click_code(qtbot, window, "Schule")
    wait_segment(qtbot, window, start, end)
    wait_idle(qtbot, window)
    qtbot.wait(100)
    assert window.codebook.current_code() == code_id(window, "Schule")
    qtbot.waitUntil(lambda: "Schule" in window.details.title.text(), timeout=5000)
