"""What a project shows when it opens (issue 13): the first time its first document, grouped by its
first category variable; later the document and grouping it showed when it was closed."""
from __future__ import annotations

import pytest

from app.gui.documents_panel import DOC_ID
from app.gui.main_window import MainWindow
from coding.services import documents
from coding.services.demo import build_demo
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.andock"
    build_demo(path).close()
    return path


def open_and_wait(qtbot, path) -> MainWindow:
    """A new window that opened ``path`` and shows a document (the one it chose itself)."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.open_project(str(path))
    qtbot.waitUntil(lambda: win.view.data is not None, timeout=15000)
    wait_idle(qtbot, win)
    return win


def doc_id(win, name_start: str) -> int:
    return next(d["id"] for d in win.documents.data["documents"] if d["name"].startswith(name_start))


def test_first_open_shows_the_first_document_grouped_by_the_first_category(qtbot, demo):
    win = open_and_wait(qtbot, demo)
    variables = win.documents.data["variables"]
    assert variables[0] == ("Gruppe", "category")
    assert win.documents.grouping() == "Gruppe"
    tree = win.documents.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == ["kommunal", "national"]
    first = tree.topLevelItem(0).child(0)
    assert win.view.data.id == win.current_doc == first.data(0, DOC_ID) == doc_id(win, "K01")
    assert win.view.data.name.startswith("K01") and tree.currentItem() is first
    win.close()


def test_a_project_opens_again_with_its_last_document_and_grouping(qtbot, demo):
    win = open_and_wait(qtbot, demo)
    win.documents.set_grouping("Region")
    n02 = doc_id(win, "N02")
    win.open_document(n02)
    qtbot.waitUntil(lambda: win.view.data.id == n02, timeout=10000)
    win.close()

    again = open_and_wait(qtbot, demo)
    assert again.documents.grouping() == "Region" and again.view.data.id == n02
    again.documents.set_grouping(None)  # "No grouping" is remembered as such, not as "first category"
    again.close()
    with Project.open(demo) as proj, proj.action("delete N02") as act:
        documents.delete_document(act, n02)

    third = open_and_wait(qtbot, demo)  # the remembered document is gone: the first one instead
    assert third.documents.grouping() is None
    assert third.view.data.id == third.documents.first_document() == doc_id(third, "K01")
    third.close()


def test_a_project_without_variables_opens_its_first_document_ungrouped(qtbot, tmp_path):
    from coding.exchange.importers.transcript import parse_transcript

    path = tmp_path / "plain.andock"
    with Project.create(path, "Plain") as proj, proj.action("setup") as act:
        from coding.services import coders
        coders.set_current_coder(act.conn, coders.add_coder(act, "Lena"))
        documents.add_document(act, "B_second", parse_transcript("I: Zwei."))
        documents.add_document(act, "A_first", parse_transcript("I: Eins."))
    win = open_and_wait(qtbot, path)
    assert win.documents.grouping() is None
    assert win.view.data.name == win.documents.tree.topLevelItem(0).text(0)
    win.close()
