"""The code matrix dock: counting modes and a click on a cell."""
from __future__ import annotations

from coding.services import coders, segments
from tests.app.gui.conftest import code_id, wait_idle


def cell_text(win, code_name: str, column: str) -> str:
    table = win.matrix.current
    r = next(i for i, row in enumerate(table.rows) if row.name == code_name)
    c = table.columns.index(column) + 1
    return win.matrix.table.item(r, c).text()


def test_switching_the_counting_mode_and_clicking_a_cell(qtbot, window):
    text = window.view.data.text
    s = text.index("Größere Probleme")
    e = s + len("Größere Probleme gibt es beim Wohnen")
    s2 = text.index("Mehr Beratung")
    doc = window.current_doc
    wohnen = code_id(window, "Wohnen")

    def code_both(act):  # Lena twice, Murat once on the same passage
        lena, murat = coders.find_coder(act.conn, "Lena"), coders.find_coder(act.conn, "Murat")
        segments.apply_code(act, doc, wohnen, lena, s, e)
        segments.apply_code(act, doc, wohnen, lena, s2, s2 + 13)
        segments.apply_code(act, doc, wohnen, murat, s, e)
    window.ctl.act("setup", code_both)
    wait_idle(qtbot, window)
    window.docks["matrix"].show()
    window.docks["matrix"].raise_()
    qtbot.waitUntil(lambda: window.matrix.current is not None and window.matrix.current.by == "Gruppe",
                    timeout=10000)
    # documents mode: one of one municipal document has the code; each document counted once
    assert cell_text(window, "Wohnen", "kommunal") == "1 (100%)"
    assert cell_text(window, "Wohnen", "national") == "0 (0%)"
    window.matrix.mode.setCurrentIndex(window.matrix.mode.findData("segments"))
    qtbot.waitUntil(lambda: window.matrix.current.mode == "segments", timeout=10000)
    assert cell_text(window, "Wohnen", "kommunal") == "3"  # every coder's segments
    window.matrix.coder.setCurrentIndex(window.matrix.coder.findText("Murat"))
    qtbot.waitUntil(lambda: window.matrix.current.coder_ids is not None, timeout=10000)
    assert cell_text(window, "Wohnen", "kommunal") == "1"
    window.matrix.coder.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.matrix.current.coder_ids is None, timeout=10000)
    table = window.matrix.current
    row = next(i for i, r in enumerate(table.rows) if r.name == "Wohnen")
    window.matrix.table.cellClicked.emit(row, table.columns.index("kommunal") + 1)
    qtbot.waitUntil(lambda: len(window.segments.rows) == 3 and "×" in window.segments.code_label.text(),
                    timeout=10000)
    assert sorted((r.coder, r.text) for r in window.segments.rows) == [
        ("Lena", "Größere Probleme gibt es beim Wohnen"), ("Lena", "Mehr Beratung"),
        ("Murat", "Größere Probleme gibt es beim Wohnen")]
    window.matrix.table.cellClicked.emit(row, table.columns.index("national") + 1)
    qtbot.waitUntil(lambda: window.segments.rows == [], timeout=10000)


def test_a_matrix_behind_another_tab_is_not_recounted_on_each_coding(qtbot, window):
    """Reported: every coding recounted the hidden matrix (spaCy word counts: seconds at first)."""
    window.docks["segments"].raise_()
    wait_idle(qtbot, window)
    assert window.docks["matrix"].isVisible()  # a tab behind another: Qt still calls it visible
    window.matrix.current = None
    text = window.view.data.text
    s = text.index("Größere Probleme")
    doc, wohnen = window.current_doc, code_id(window, "Wohnen")
    window.ctl.act("code", lambda act: segments.apply_code(
        act, doc, wohnen, coders.find_coder(act.conn, "Lena"), s, s + 16))
    wait_idle(qtbot, window)
    assert window.matrix.current is None
    window.docks["matrix"].raise_()  # shown: counted now, with the new coding
    qtbot.waitUntil(lambda: window.matrix.current is not None, timeout=10000)
    assert cell_text(window, "Wohnen", "kommunal") == "1 (100%)"
