"""Coding search hits (issue 13): select hits, code them with the selected code in one undoable
action; hits touching a coding of the same code and coder join it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.gui.main_window import MainWindow
from coding.base.errors import InputError
from coding.services import codes, coders, segments
from coding.services.demo import build_demo
from coding.services.documents import get_text
from coding.services.text_edit import edit_text
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle


@pytest.fixture
def demo(tmp_path):
    """The demo project with a code of its own for the hits ("Wohnungssuche", no codings yet)."""
    path = tmp_path / "demo.andock"
    with build_demo(path) as proj, proj.action("new code") as act:
        codes.create_code(act, "Wohnungssuche", colour="#117733")
    return path


def rows(path, code_name: str) -> list[tuple[int, int, int, int, str]]:
    """The codings of a code in the file: (id, document, start, end, coder)."""
    with Project.open(path) as proj, proj.read() as conn:
        names = {c.id: c.name for c in coders.list_coders(conn)}
        return sorted((r.id, r.document_id, r.start_pos, r.end_pos, names[r.coder_id]) for r in conn.execute(
            segments.segments_t.select().where(segments.segments_t.c.code_id == codes.find_by_path(conn, code_name))))


def searched(qtbot, path) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.open_project(str(path))
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.codebook.nodes) == 31, timeout=15000)
    wait_idle(qtbot, win)
    win.focus_search()
    win.search.pattern.setText("Wohnung")
    win.search.run()
    qtbot.waitUntil(lambda: win.search.hits.count() == 34, timeout=15000)
    return win


def pick(win, numbers) -> list[tuple[int, int, int]]:
    hits = win.search.hits
    hits.clearSelection()
    for n in numbers:
        hits.item(n).setSelected(True)
    return [tuple(hits.item(n).data(Qt.ItemDataRole.UserRole + 1))[:3] for n in numbers]


def select_code(win, name: str) -> None:
    win.codebook.select_code(next(n.id for n in win.codebook.nodes.values() if n.name == name))


def test_five_hits_coded_in_one_action_and_undone_in_one(qtbot, demo):
    win = searched(qtbot, demo)
    assert not win.search.code_button.isEnabled()  # nothing selected yet
    chosen = pick(win, [0, 3, 9, 17, 33])
    assert win.search.code_button.isEnabled()
    select_code(win, "Wohnungssuche")
    win.search.code_button.click()
    wait_idle(qtbot, win)  # the action went to the worker at the click
    coded = rows(demo, "Wohnungssuche")
    assert sorted((d, s, e) for _i, d, s, e, _c in coded) == sorted(chosen)
    assert {c for *_x, c in coded} == {"Lena"}
    assert "5" in win.undo_action.text() and "Wohnungssuche" in win.undo_action.text()
    with Project.open(demo) as proj, proj.read() as conn:  # every coded range is the word searched for
        for _i, d, s, e, _c in coded:
            text = conn.exec_driver_sql("SELECT text FROM documents WHERE id = ?", (d,)).scalar()
            assert text[s:e].lower() == "wohnung"
    win.undo_action.trigger()
    wait_idle(qtbot, win)
    assert rows(demo, "Wohnungssuche") == []
    win.redo_action.trigger()
    wait_idle(qtbot, win)
    assert rows(demo, "Wohnungssuche") == coded
    win.search.run()  # a new list of hits has nothing selected
    qtbot.waitUntil(lambda: not win.search.code_button.isEnabled(), timeout=10000)
    win.close()


def test_a_hit_inside_a_coding_of_the_same_code_and_coder_joins_it(qtbot, demo):
    win = searched(qtbot, demo)
    (doc, start, end), second = pick(win, [0, 1])
    with Project.open(demo) as proj, proj.action("code before") as act:  # by Lena, ending inside hit 0
        lena = next(c.id for c in coders.list_coders(act.conn) if c.name == "Lena")
        old = segments.apply_code(act, doc, codes.find_by_path(act.conn, "Wohnungssuche"), lena, start - 20, start + 3)
    select_code(win, "Wohnungssuche")
    win.search.code_selected()
    wait_idle(qtbot, win)
    assert rows(demo, "Wohnungssuche") == sorted([(old, doc, start - 20, end, "Lena"), (old + 1, *second, "Lena")])
    win.close()


def test_without_a_selected_code_nothing_is_coded(qtbot, demo):
    win = searched(qtbot, demo)
    pick(win, [0, 1])
    win.codebook.tree.setCurrentIndex(win.codebook.proxy.index(-1, -1))
    assert win.codebook.current_code() is None
    win.search.code_selected()
    assert "Select a code" in win.statusBar().currentMessage()
    wait_idle(qtbot, win)
    assert rows(demo, "Wohnungssuche") == []
    win.close()


def test_hits_in_a_text_changed_since_the_search_are_refused(qtbot, demo):
    win = searched(qtbot, demo)
    (doc, start, _end), _second = pick(win, [0, 1])
    with Project.open(demo) as proj, proj.action("edit") as act:  # a word before hit 0: positions move
        text = get_text(act.conn, doc)
        edit_text(act, doc, text[:start] + "neue " + text[start:])
    select_code(win, "Wohnungssuche")
    win.search.code_selected()
    qtbot.waitUntil(lambda: "search again" in win.statusBar().currentMessage(), timeout=10000)
    wait_idle(qtbot, win)
    assert rows(demo, "Wohnungssuche") == []
    win.search.run()  # searched again: the hits are where the text has them now
    qtbot.waitUntil(lambda: win.search.hits.count() == 34 and pick(win, [0])[0][1] == start + 5, timeout=10000)
    win.search.code_selected()
    wait_idle(qtbot, win)
    assert [r[1:4] for r in rows(demo, "Wohnungssuche")] == [(doc, start + 5, _end + 5)]
    win.close()


def test_a_bad_range_among_the_hits_codes_nothing(tmp_path, demo):
    with Project.open(demo) as proj:
        with proj.read() as conn:
            code = codes.find_by_path(conn, "Wohnungssuche")
            lena = next(c.id for c in coders.list_coders(conn) if c.name == "Lena")
        with pytest.raises(InputError, match="outside the document"):
            with proj.action("hits") as act:
                segments.apply_code_many(act, [(1, 10, 17), (1, 5, 10_000_000)], code, lena)
        with pytest.raises(InputError, match="nothing to code"):
            with proj.action("no hits") as act:
                segments.apply_code_many(act, [], code, lena)
    assert rows(demo, "Wohnungssuche") == []
