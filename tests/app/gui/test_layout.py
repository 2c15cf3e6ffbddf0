"""The window's layout for real codebooks (issue 13): room for the code tree and the text at
1280×800 and 1920×1080, stripes of five overlapping codes, the layout remembered and reset."""
from __future__ import annotations

import statistics

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetricsF

from app.gui import settings
from app.gui.layout import SIDE_WIDTHS
from app.gui.main_window import MainWindow
from app.gui.margins import MAX_LANES, STRIPE_COLUMN, stripe_lanes
from coding.analysis.views import SegView
from coding.base.ids import CodeId, CoderId, SegmentId
from coding.services import coders, segments
from coding.services.codes import load_tree, walk
from coding.services.demo import build_demo
from coding.services.documents import list_documents
from tests.app.gui.conftest import wait_idle

PASSAGE = "Bergheim ist ja eine Kleinstadt"  # in K03 of the demo project


@pytest.fixture
def demo_five(tmp_path):
    """The demo project (30 codes) with five more codes on one passage of K03, by Lena."""
    path = tmp_path / "demo.andock"
    with build_demo(path) as proj, proj.action("five codes on one passage") as act:
        doc = next(d for d in list_documents(act.conn) if d.name.startswith("K03"))
        text = act.conn.exec_driver_sql("SELECT text FROM documents WHERE id = ?", (doc.id,)).scalar()
        start = text.index(PASSAGE)
        lena = next(c.id for c in coders.list_coders(act.conn) if c.name == "Lena")
        leaves = [n for n in walk(load_tree(act.conn)) if not n.children]
        assert len(list(walk(load_tree(act.conn)))) == 30
        five = leaves[-5:]  # codes the demo does not put here
        for node in five:
            segments.apply_code(act, doc.id, node.id, lena, start, start + len(PASSAGE) + 40)
    return path, doc.id, start, [n.id for n in five]


def open_demo(qtbot, path, doc_id, size):
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    win.open_project(str(path))
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.codebook.nodes) == 30, timeout=15000)
    win.open_document(doc_id)
    qtbot.waitUntil(lambda: win.view.data is not None and win.view.data.id == doc_id, timeout=15000)
    wait_idle(qtbot, win)
    return win


def visible_code_rows(win) -> int:
    """Rows of the code tree that lie wholly inside its viewport."""
    tree = win.codebook.tree
    area = tree.viewport().rect()
    rows, index = 0, tree.model().index(0, 0)
    while index.isValid():
        rows += area.contains(tree.visualRect(index))
        index = tree.indexBelow(index)
    return rows


def text_columns(win) -> tuple[float, float]:
    """Characters per line of the text column: its width over the average advance of the document's
    own characters, and the median number of characters in the wrapped lines shown."""
    edit = win.view.edit
    width = edit.viewport().width() - 2 * edit.document().documentMargin()
    sample = win.view.data.text[:3000].replace("\n", " ")
    per_char = QFontMetricsF(edit.font()).horizontalAdvance(sample) / len(sample)
    lengths = []
    block = edit.firstVisibleBlock()
    while block.isValid() and block.layout().lineCount():
        layout = block.layout()
        lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]  # full lines
        block = block.next()
        if len(lengths) > 40:
            break
    return width / per_char, statistics.median(lengths)


def check_room(qtbot, win, start, five) -> tuple[int, float]:
    win.view.select(start, start + len(PASSAGE))
    qtbot.wait(50)
    rows = visible_code_rows(win)
    assert rows >= 12
    chars, line_chars = text_columns(win)
    assert chars >= 60 and line_chars >= 60
    # the five stripes of the passage: side by side, inside the margin, each painted in its colour
    margin = win.view.margin
    ids = {s.id for s in win.view.data.segments if s.code_id in five and s.start == start}
    ours = [s for s in margin.stripes() if s.segment_id in ids]
    assert len(ours) == 5 and len({s.rect.left() for s in ours}) == 5
    assert all(s.rect.left() >= 0 and s.rect.right() < margin.width() and s.rect.height() > 10 for s in ours)
    image = margin.grab().toImage()
    for s in ours:
        colour = image.pixelColor(s.rect.right() - 2, s.rect.center().y())  # on the bracket's spine
        want = QColor(s.colour)
        assert max(abs(a - b) for a, b in zip(colour.getRgb()[:3], want.getRgb()[:3])) <= 12, s.label
    assert margin.width() <= MAX_LANES * STRIPE_COLUMN + 4
    return rows, chars


def test_at_1280x800_the_tree_shows_12_codes_and_the_text_60_characters_beside_five_stripes(qtbot, demo_five):
    path, doc_id, start, five = demo_five
    win = open_demo(qtbot, path, doc_id, (1280, 800))
    assert (win.width(), win.height()) == (1280, 800)
    assert win.docks["codebook"].isVisible() and not win.docks["codebook"].visibleRegion().isEmpty()
    rows, chars = check_room(qtbot, win, start, five)
    print(f"1280x800: {rows} code rows, {chars:.0f} characters per line")
    win.close()


def test_at_1920x1080_there_is_more_room(qtbot, demo_five):
    path, doc_id, start, five = demo_five
    win = open_demo(qtbot, path, doc_id, (1920, 1080))
    assert (win.width(), win.height()) == (1920, 1080)
    rows, chars = check_room(qtbot, win, start, five)
    assert rows >= 25 and chars >= 100
    print(f"1920x1080: {rows} code rows, {chars:.0f} characters per line")
    win.close()


def test_code_details_is_a_tab_beside_the_codebook(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert win.tabifiedDockWidgets(win.docks["codebook"]) == [win.docks["details"]]
    assert not win.docks["codebook"].visibleRegion().isEmpty()
    assert win.docks["details"].visibleRegion().isEmpty()  # behind the codebook until chosen
    win.close()


def sizes(win) -> dict[str, tuple[int, int]]:
    return {k: (d.width(), d.height()) for k, d in win.docks.items() if not d.visibleRegion().isEmpty()}


def test_dock_sizes_and_places_come_back_and_reset_restores_the_default(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    default = sizes(win)
    win.resizeDocks([win.docks["documents"]], [300], Qt.Orientation.Horizontal)
    win.resizeDocks([win.docks["segments"]], [380], Qt.Orientation.Vertical)
    win.docks["review"].hide()
    win.removeDockWidget(win.docks["details"])  # details moved out of the codebook's tabs, below it
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, win.docks["details"])
    win.docks["details"].show()
    qtbot.wait(50)
    moved = sizes(win)
    assert moved["documents"][0] >= default["documents"][0] + 30  # as far as the text's minimum allows
    assert moved["segments"][1] >= default["segments"][1] + 80
    win.close()

    geometry, state = settings.window_layout()
    assert geometry is not None and state is not None
    again = MainWindow()
    qtbot.addWidget(again)
    # the window's size came back from the settings; the offscreen test screen (800×800) makes Qt
    # shrink it to fit, so the size a 1280×800 screen would keep is given again here
    assert again.restoreGeometry(geometry)
    again.resize(1280, 800)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(50)
    assert sizes(again) == moved
    assert not again.docks["review"].isVisible()
    assert again.tabifiedDockWidgets(again.docks["codebook"]) == []

    again.reset_layout()
    qtbot.wait(50)
    assert again.docks["review"].isVisible() and again.docks["documents"].width() == SIDE_WIDTHS[0]
    assert again.tabifiedDockWidgets(again.docks["codebook"]) == [again.docks["details"]]
    assert sizes(again) == default
    again.close()

    third = MainWindow()  # the reset was remembered too (nothing saved: closing saved the default)
    qtbot.addWidget(third)
    third.resize(1280, 800)
    third.show()
    qtbot.waitExposed(third)
    assert sizes(third) == default
    third.close()


def seg(i: int, code: int, start: int, end: int) -> SegView:
    return SegView(SegmentId(i), CodeId(code), CoderId(1), start, end, False, "")


def test_lanes_are_as_few_as_the_overlaps_need():
    text = "eins zwei\ndrei vier\nfünf sechs\nsieben"
    p = [text.index(w) for w in ("eins", "drei", "fünf", "sieben")]
    order = {CodeId(c): c for c in range(10)}
    # two codings in paragraph 1, one spanning 1-2, one in 3, one in 4: three lanes, the last two reuse
    lanes = stripe_lanes(text, [seg(1, 1, p[0], p[0] + 4), seg(2, 2, p[0] + 5, p[0] + 9),
                                seg(3, 3, p[0], p[1] + 4), seg(4, 4, p[2], p[2] + 4),
                                seg(5, 5, p[3], len(text))], order)
    assert lanes == {1: 0, 2: 1, 3: 2, 4: 0, 5: 0}
    # a coding that ends with its paragraph's line break still belongs to that paragraph only
    assert stripe_lanes(text, [seg(1, 1, p[0], p[1]), seg(2, 2, p[1], p[1] + 4)], order) == {1: 0, 2: 0}
    # emoji and umlauts count as one position each (code points)
    emoji = "🏘️👍 a\nb"
    assert stripe_lanes(emoji, [seg(1, 1, 0, 5), seg(2, 2, 6, 7)], order) == {1: 0, 2: 0}


def test_in_german_at_1280_the_documents_list_keeps_its_width(qtbot, qapp, demo_five):
    """Reported: the German text bar needed 836 px, squeezing the documents list to ~150 px
    ("K0…"). The recording's name now gives up room (cut with "…") instead."""
    from app.gui.app import install_translators

    translators = install_translators(qapp, "de")
    try:
        path, doc_id, _start, _five = demo_five
        win = open_demo(qtbot, path, doc_id, (1280, 800))
        assert win.editor.edit_button.text() == "Text bearbeiten"  # German
        qtbot.waitUntil(lambda: win.docks["documents"].width() >= SIDE_WIDTHS[0] - 10, timeout=5000)
        assert win.editor.minimumSizeHint().width() <= 1280 - sum(SIDE_WIDTHS) - 40
        tree = win.documents.tree
        qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=5000)
        names = []
        for g in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(g)
            names += [group.child(i).text(0) for i in range(group.childCount())] or [group.text(0)]
        # the start of each document's name ("K01_Sozialpl…") is readable beside its indentation
        short = max(tree.fontMetrics().horizontalAdvance(n[:12] + "…") for n in names)
        assert short + 2 * tree.indentation() <= tree.columnWidth(0), (names, tree.columnWidth(0))
        win.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)
