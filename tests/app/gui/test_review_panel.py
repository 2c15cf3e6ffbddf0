"""The intercoder agreement dock (issue 12): compare two coders, go through their disagreements,
settle each with one undoable action, progress shown."""
from __future__ import annotations

import pytest

from coding.services import coders, codes, documents, segments
from coding.store.project import Project

from .conftest import open_window, wait_idle


@pytest.fixture
def two_coders(qtbot, project_file):
    """Lena and Murat coded "Schule" in K01 differently in three places."""
    with Project.open(project_file) as proj, proj.action("Codings") as act:
        doc = documents.find_document(act.conn, "K01_Mittelstadt")
        text = documents.get_text(act.conn, doc)
        schule = codes.find_by_path(act.conn, "Zugänge/Schule")
        lena, murat = coders.find_coder(act.conn, "Lena"), coders.find_coder(act.conn, "Murat")

        def at(phrase):
            s = text.index(phrase)
            return s, s + len(phrase)
        segments.apply_code(act, doc, schule, lena, *at("Über die Schule 🏘️👍"))
        segments.apply_code(act, doc, schule, murat, *at("Über die Schule 🏘️👍"))  # agreement
        segments.apply_code(act, doc, schule, lena, *at("Mehr Beratung vor Ort"))  # only Lena
        segments.apply_code(act, doc, schule, murat, *at("ein Treffpunkt im Quartier"))  # only Murat
    win = open_window(qtbot, project_file)
    yield win
    win.close()


def test_compare_settle_one_by_one_with_progress_and_undo(qtbot, two_coders):
    win = two_coders
    win.docks["review"].show()
    win.docks["review"].raise_()
    panel = win.review
    qtbot.waitUntil(lambda: panel.coder_a.count() == 2, timeout=5000)
    panel.coder_a.setCurrentIndex(panel.coder_a.findText("Lena"))
    panel.coder_b.setCurrentIndex(panel.coder_b.findText("Murat"))
    panel.compare()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)
    assert "1 of 3 segments" in panel.summary.text() or "agreement" in panel.summary.text()
    assert panel.progress.text() == "0 of 2 decided"
    texts = {panel.table.item(r, 3).text() for r in range(2)} | {panel.table.item(r, 4).text() for r in range(2)}
    assert "Mehr Beratung vor Ort" in texts and "ein Treffpunkt im Quartier" in texts
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: win.view.selection() is not None, timeout=5000)  # the passage is shown
    assert panel.buttons["a"].isEnabled()
    panel.buttons["a"].click()  # keep A's (Lena's) version
    qtbot.waitUntil(lambda: panel.progress.text() == "1 of 2 decided" and panel.table.rowCount() == 1, timeout=5000)
    panel.table.selectRow(0)
    panel.buttons["consensus"].click()  # the agreed version, by the consensus coder: decided too
    qtbot.waitUntil(lambda: panel.progress.text() == "2 of 2 decided" and panel.table.rowCount() == 0, timeout=5000)
    wait_idle(qtbot, win)
    with Project.open(win.ctl.project.path) as other, other.read() as conn:
        assert coders.find_coder(conn, "Konsens") is not None  # the agreed version has its own coder
    # undo takes the decisions back one by one
    win.undo_action.trigger()
    wait_idle(qtbot, win)
    win.undo_action.trigger()
    wait_idle(qtbot, win)
    panel.compare()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)


def test_the_same_coder_twice_is_refused_with_a_message(qtbot, two_coders):
    panel = two_coders.review
    panel.reload_coders()
    qtbot.waitUntil(lambda: panel.coder_a.count() == 2, timeout=5000)
    panel.coder_b.setCurrentIndex(panel.coder_a.currentIndex())
    panel.compare()
    assert "two different coders" in panel.summary.text()
    assert panel.table.rowCount() == 0
