"""The summary grid dock: coded text per cell and an editable, undoable summary."""
from __future__ import annotations

from coding.services import coders, segments
from coding.store.project import Project
from coding.services.summaries import SummaryKey, get_summary
from tests.app.gui.conftest import code_id, wait_idle


def test_summary_of_a_group_cell_is_saved_and_undone(qtbot, window):
    text = window.view.data.text
    s = text.index("Mehr Beratung")
    doc, zugaenge = window.current_doc, code_id(window, "Zugänge")
    schule = code_id(window, "Schule")
    window.ctl.act("setup", lambda act: segments.apply_code(act, doc, schule, coders.find_coder(act.conn, "Lena"),
                                                            s, s + len("Mehr Beratung vor Ort")))
    wait_idle(qtbot, window)
    window.docks["summaries"].show()
    window.docks["summaries"].raise_()
    panel = window.summaries
    qtbot.waitUntil(lambda: panel.grid is not None and panel.grid.by == "Gruppe", timeout=10000)
    labels = [r.label for r in panel.grid.rows]
    row = labels.index("kommunal")
    col = [panel.grid.columns[i].name for i in panel.cols].index("Zugänge")
    assert panel.grid_table.item(row, col).text() == "1"  # the Schule segment counts for its parent
    panel.grid_table.setCurrentCell(row, col)
    assert "Mehr Beratung vor Ort (K01, 00:00:24)" in panel.coded.toPlainText()
    panel.summary.setPlainText("Kommunale Befragte wünschen Beratung vor Ort.")
    panel.save.click()
    qtbot.waitUntil(lambda: panel.grid_table.item(row, col).text() == "1 ✎", timeout=10000)
    with Project.open(window.ctl.project.path) as other, other.read() as conn:
        key = panel.grid.key(row, zugaenge)
        assert get_summary(conn, SummaryKey(zugaenge, key.document_id, key.variable_id, key.value)) == \
            "Kommunale Befragte wünschen Beratung vor Ort."
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.grid_table.item(row, col).text() == "1", timeout=10000)
