"""The German UI: a complete, compiled translation file, and no English left in the running window.

The .ts/.qm files are made by ``scripts/update_translations.py``; when a test here fails because a
string is new or the .qm is stale, run that script and translate the new entries.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QComboBox, QDialog, QDockWidget, QFileDialog, QGroupBox, QLabel,
    QLineEdit, QMenu, QPlainTextEdit, QTabBar, QTableView, QTreeView, QWidget,
)

from tests.app.gui.conftest import open_window, wait_idle

ROOT = Path(__file__).resolve().parents[3]
I18N = ROOT / "resources" / "i18n"
TS = I18N / "andock_de.ts"
QM = I18N / "andock_de.qm"
PLACEHOLDER = r"%(?:\d+|n)"


def _script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


update_translations = _script()


def messages(path: Path) -> list[dict]:
    """Every message of a .ts file: context, source, numerus, translation type and forms."""
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            numerus = msg.get("numerus") == "yes"
            forms = ([f.text or "" for f in tr.iter("numerusform")] if numerus else [tr.text or ""]) \
                if tr is not None else []
            out.append({"context": name, "source": msg.findtext("source"), "numerus": numerus,
                        "type": tr.get("type") if tr is not None else "missing", "forms": forms})
    return out


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(PLACEHOLDER, text))


def mnemonic(text: str) -> str | None:
    """The accelerator letter of a menu text ('&&' is a literal ampersand)."""
    m = re.search(r"(?<!&)&([^&])", text.replace("&&", ""))
    return m.group(1).casefold() if m else None


# -- the translation file ---------------------------------------------------------------------------
def test_every_string_is_translated_with_its_placeholders_and_plural_forms():
    assert ET.parse(TS).getroot().get("language", "").startswith("de")
    msgs = messages(TS)
    assert len(msgs) > 50
    problems = []
    for m in msgs:
        where = f"{m['context']}: {m['source']!r}"
        if m["type"] is not None:
            problems.append(f"{where} is {m['type']}")
        if m["numerus"]:
            if len(m["forms"]) != 2:
                problems.append(f"{where} has {len(m['forms'])} plural forms, German needs 2")
        elif len(m["forms"]) != 1:
            problems.append(f"{where} has no translation")
        for form in m["forms"]:
            if not form.strip():
                problems.append(f"{where} has an empty translation")
            if placeholders(form) != placeholders(m["source"]):
                problems.append(f"{where}: placeholders {placeholders(form)} in {form!r}")
            if (mnemonic(m["source"]) is None) != (mnemonic(form) is None):
                problems.append(f"{where}: accelerator (&) in only one of source and {form!r}")
            if form.count("&") - 2 * form.count("&&") > 1:
                problems.append(f"{where}: more than one accelerator in {form!r}")
    assert not problems, "\n".join(problems)


def test_strings_shared_along_the_main_windows_classes_translate_alike():
    """PySide's tr() tries each class of the instance's MRO in turn (see test below), so a string in
    both MainWindow and its mixin CodingActions always gets MainWindow's translation."""
    from app.gui.main_window import MainWindow

    chain = [c.__name__ for c in MainWindow.__mro__]
    by_source: dict[str, set[tuple[str, ...]]] = {}
    for m in messages(TS):
        if m["context"] in chain:
            by_source.setdefault(m["source"], set()).add(tuple(m["forms"]))
    assert {s: t for s, t in by_source.items() if len(t) > 1} == {}


def test_the_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path):
    qm = tmp_path / "andock_de.qm"
    update_translations.run_lrelease(TS, qm)
    assert QM.read_bytes() == qm.read_bytes(), "run: python scripts/update_translations.py"


def test_every_tr_string_in_the_gui_is_in_the_ts_file(tmp_path):
    fresh = tmp_path / "andock_de.ts"
    update_translations.run_lupdate(fresh, "de")
    key = lambda m: (m["context"], m["source"], m["numerus"])  # noqa: E731
    in_code = {key(m) for m in messages(fresh)}
    shipped = {key(m) for m in messages(TS)}
    assert sorted(in_code - shipped) == [], "new strings: run python scripts/update_translations.py and translate"
    assert sorted(shipped - in_code) == [], "stale strings: run python scripts/update_translations.py"


def test_the_update_script_is_idempotent(tmp_path):
    """Running lupdate and lrelease again over their own output changes no byte."""
    ts, qm = tmp_path / "andock_de.ts", tmp_path / "andock_de.qm"
    shutil.copyfile(TS, ts)
    outputs = []
    for _run in range(2):
        update_translations.run_lupdate(ts, "de")
        update_translations.run_lrelease(ts, qm)
        outputs.append((ts.read_bytes(), qm.read_bytes()))
    assert outputs[0] == outputs[1]


# -- the running window -----------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """Language, recent files and favourites go to a per-test INI file, not the user's settings."""
    monkeypatch.setenv("ANDOCK_SETTINGS_FILE", str(tmp_path / "s.ini"))


@pytest.fixture
def german(qapp):
    """Andock's and Qt's German translations, installed for one test only."""
    from app.gui.app import install_translators

    translators = install_translators(qapp, "de")
    assert any(Path(t.filePath()).name == "andock_de.qm" for t in translators)
    yield translators
    for t in translators:
        qapp.removeTranslator(t)


def test_ui_language_follows_the_preference():
    from app.gui import settings
    from app.gui.app import ui_language

    for lang in ("de", "en"):
        settings.set_language(lang)
        assert ui_language() == lang
    settings.set_language("system")
    assert ui_language() in ("de", "en")


def test_english_installs_no_translators(qapp):
    from app.gui.app import install_translators

    assert install_translators(qapp, "en") == []


def test_mixin_strings_translate_on_the_main_window(qtbot, german):
    """CodingActions' strings sit in context "CodingActions", but tr() runs on a MainWindow: found."""
    from app.gui.main_window import MainWindow

    assert any(m["context"] == "CodingActions" and m["source"] == "Move code" for m in messages(TS))
    assert not any(m["context"] == "MainWindow" and m["source"] == "Move code" for m in messages(TS))
    win = MainWindow()
    qtbot.addWidget(win)
    try:
        assert win.tr("Move code") == "Code verschieben"
        assert win.tr("&File") == "&Datei"
    finally:
        win.close()


@pytest.fixture
def de_window(german, qtbot, project_file):
    """The main window, built in German, with the project open and a document shown."""
    win = open_window(qtbot, project_file)
    yield win
    win.close()


def english_patterns() -> list[tuple[re.Pattern, str]]:
    """A pattern per English source whose German differs (placeholders match any text)."""
    out = {}
    for m in messages(TS):
        if m["forms"] and all(f == m["source"] for f in m["forms"]):
            continue  # the same in German (e.g. "Code", "Memo")
        parts = re.split(f"({PLACEHOLDER})", m["source"])
        out[m["source"]] = re.compile("".join(".+?" if re.fullmatch(PLACEHOLDER, p) else re.escape(p)
                                              for p in parts), re.S)
    return [(p, s) for s, p in out.items()]


def widget_texts(root: QWidget) -> list[str]:
    """The texts a user sees in a widget and its children (not the data in lists and fields)."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QDockWidget):
            texts.append(w.windowTitle())
        elif isinstance(w, QMenu):
            texts += menu_texts(w)
        if isinstance(w, QFileDialog):
            texts += w.nameFilters()
        if isinstance(w, (QTreeView, QTableView)) and w.model() is not None:
            model = w.model()
            texts += [str(model.headerData(c, Qt.Horizontal, Qt.DisplayRole) or "")
                      for c in range(model.columnCount(QModelIndex()))]
    return texts


def menu_texts(menu: QMenu) -> list[str]:
    """A menu's title and all its actions' texts, submenus included (dynamic ones filled first)."""
    menu.aboutToShow.emit()
    texts = [menu.title()]
    for act in menu.actions():
        texts.append(act.text())
        if act.menu() is not None:
            texts += menu_texts(act.menu())
    return texts


def menu_mnemonic_clashes(name: str, actions) -> list[str]:
    letters = Counter(mnemonic(a.text()) for a in actions if not a.isSeparator() and a.isVisible())
    clashes = [f"{name}: '&{k}' used {n} times" for k, n in letters.items() if k and n > 1]
    for a in actions:
        if a.menu() is not None:
            clashes += menu_mnemonic_clashes(a.text(), a.menu().actions())
    return clashes


class DialogCollector:
    """Every 20 ms: read the texts of each visible dialog, then reject it (blocking or not)."""

    def __init__(self) -> None:
        self.titles: list[str] = []
        self.texts: list[tuple[str, str]] = []
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self.sweep)
        self.timer.start()

    def sweep(self) -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                self.titles.append(w.windowTitle())
                self.texts += [(f"dialog '{w.windowTitle()}'", t) for t in widget_texts(w)]
                w.reject()


def document_item_at(win) -> QPoint:
    """Where the shown document's row is in the document list: the list may be grouped by then
    (View actions ran before), and at its top left corner is a group's row, which has no menu."""
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    from app.gui.documents_panel import DOC_ID

    tree = win.documents.tree
    found = QTreeWidgetItemIterator(tree)
    while found.value() is not None:
        item = found.value()
        if item.data(0, DOC_ID) == win.view.data.id:
            tree.scrollToItem(item)
            return tree.visualItemRect(item).center()
        found += 1
    raise AssertionError("the shown document is not in the document list")


def open_popup(qtbot, show) -> QMenu:
    """Call a context-menu method and return the popup it shows."""
    def popups() -> list[QMenu]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    for w in popups():
        w.close()
    show()
    qtbot.waitUntil(lambda: bool(popups()), timeout=5000)
    return popups()[0]


def test_no_english_left_in_menus_docks_and_dialogs(qtbot, de_window):
    """Walk the German window: menus, docks, status bar, context menus and every dialog they open.
    A text that is still an English source string (whose German differs) is reported."""
    win = de_window
    tr = QCoreApplication.translate
    # a coding, so that the segment context menu and the retrieved segments have something to show
    codes = {n.name: n.id for n in win.codebook.nodes.values()}
    first = min(codes.values())
    win.codebook.select_code(first)
    text = win.view.data.text
    start = text.index("Schule")
    win.code_range(win.view.data.id, start, start + len("Schule"), first)
    qtbot.waitUntil(lambda: bool(win.view.data.segments), timeout=10000)
    wait_idle(qtbot, win)
    seg = win.view.data.segments[0]

    collected: list[tuple[str, str]] = []
    # menu bar, recursively; then the docks, the status bar and everything else in the window
    collected += [("menu", t) for act in win.menuBar().actions() for t in [act.text(), *menu_texts(act.menu())]]
    for key, dock in win.docks.items():
        collected += [(f"dock {key}", t) for t in widget_texts(dock)]
    collected += [("window", t) for t in widget_texts(win)]
    clashes = menu_mnemonic_clashes("menu bar", win.menuBar().actions())

    collector = DialogCollector()
    try:
        # every menu-bar action except the ones that quit, undo/redo, toggle a state or reopen a project
        skip = {win.undo_action, win.redo_action, *win.recent_menu.actions()}
        quit_text = tr("MainWindow", "&Quit")  # (its standard shortcut is empty offscreen)

        def actions(menu: QMenu):
            for act in menu.actions():
                if act.menu() is not None:
                    yield from actions(act.menu())
                elif not act.isSeparator():
                    yield act
        for top in win.menuBar().actions():
            for act in actions(top.menu()):
                if act in skip or act.isCheckable() or not act.isEnabled() or act.text() == quit_text:
                    continue
                win.codebook.select_code(first)
                act.trigger()
                wait_idle(qtbot, win)
                qtbot.wait(60)
        # context menus: their texts, and every action that opens a dialog ("…")
        win.codebook.select_code(first)
        for name, show in (("code menu", lambda: win.code_menu(QPoint(5, 5))),
                           ("text menu", lambda: win.text_menu(win.mapToGlobal(QPoint(300, 300)))),
                           ("segment menu", lambda: win.segment_menu(seg.id, win.mapToGlobal(QPoint(300, 300)))),
                           ("document menu", lambda: win.document_menu(document_item_at(win)))):
            popup = open_popup(qtbot, show)
            collected += [(name, a.text()) for a in popup.actions()]
            clashes += menu_mnemonic_clashes(name, popup.actions())
            dialog_actions = [a for a in popup.actions() if a.text().endswith("…") and a.isEnabled()]
            popup.close()
            for act in dialog_actions:
                win.codebook.select_code(first)
                act.trigger()
                wait_idle(qtbot, win)
                qtbot.wait(60)
        qtbot.wait(60)
    finally:
        collector.timer.stop()
        collector.sweep()
    collected += collector.texts

    # the dialogs were really opened (in German, CodingActions' titles included)
    expected = {tr(ctx, src) for ctx, src in (
        ("MainWindow", "New project"), ("MainWindow", "Open project"), ("MainWindow", "Save project as"),
        ("MainWindow", "Import documents"), ("MainWindow", "About Andock"),
        ("VariablesDialog", "Document variables"), ("PreferencesDialog", "Preferences"),
        ("CoderDialog", "Who is coding?"), ("CodingActions", "New code"), ("CodingActions", "Rename code"),
        ("CodingActions", "Code colour"), ("CodingActions", "Merge code"), ("CodingActions", "Delete code"),
        ("CodingActions", "Code memo"), ("CodingActions", "Segment memo"), ("CodingActions", "Document memo"))}
    assert expected - set(collector.titles) == set()
    assert "Neuer Code" in collector.titles and "Einstellungen" in collector.titles
    assert set(codes.values()) <= set(win.codebook.nodes)  # the delete question was declined

    # data (names of documents, codes, coders, variables and their values) is not UI text
    docs = win.documents.data["documents"]
    data = {d["name"] for d in docs} | {d["label"] or "" for d in docs}
    data |= {n.name for n in win.codebook.nodes.values()} | {n.path for n in win.codebook.nodes.values()}
    data |= {win.segments.coder.itemText(i) for i in range(1, win.segments.coder.count())}
    data |= set(win.segments.values) | {v for vs in win.segments.values.values() for v in vs}
    patterns = english_patterns()
    offenders = sorted({f"{where}: {text!r} (English source {src!r})"
                        for where, text in collected if text and text.strip() and text not in data
                        for pat, src in patterns if pat.fullmatch(text)})
    assert offenders == [], "untranslated:\n" + "\n".join(offenders)
    assert clashes == [], "\n".join(clashes)
    assert len(collected) > 150
