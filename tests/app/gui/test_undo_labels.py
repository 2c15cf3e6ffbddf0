"""Undo and Redo name the action in the language the window shows now, whichever language the
window had when the action was recorded; labels stored by older Andocks are shown as stored."""
from __future__ import annotations

import time

from sqlalchemy import select

from app.gui.app import install_translators
from app.gui.undo_labels import catalogue_messages, shown_label, stored_label
from coding.base.messages import set_language
from coding.store.models import TABLES
from coding.store.project import Project
from tests.app.gui.conftest import code_id, open_window, wait_idle


def descriptions(path) -> list[str]:
    """The labels stored in the project's history, oldest first."""
    hist = TABLES["history"]
    with Project.open(path) as proj, proj.read() as conn:
        return list(conn.execute(select(hist.c.description).order_by(hist.c.id)).scalars())


def menu_text(action) -> str:
    return action.text().replace("&", "")


def code_a_phrase(qtbot, win, phrase: str, code: str) -> None:
    """Code ``phrase`` of the shown document with ``code`` and wait until it is stored."""
    start = win.view.data.text.index(phrase)
    win.code_range(win.current_doc, start, start + len(phrase), code_id(win, code))
    qtbot.waitUntil(lambda: any(s.start == start for s in win.view.data.segments), timeout=10000)
    wait_idle(qtbot, win)


def switch_language(qapp, translators, lang: str):
    """Switch the running window's language as a restart would (translators and core messages)."""
    for t in translators:
        qapp.removeTranslator(t)
    set_language("en")
    return install_translators(qapp, lang)


def test_recorded_in_german_the_undo_menu_is_english_after_switching(qtbot, qapp, project_file):
    translators = install_translators(qapp, "de")
    try:
        win = open_window(qtbot, project_file)
        code_a_phrase(qtbot, win, "Mehr Beratung vor Ort", "Wohnen")
        qtbot.waitUntil(lambda: win.undo_action.isEnabled(), timeout=5000)
        assert menu_text(win.undo_action) == "Rückgängig: Mit Wohnen codieren"
        # the file holds the language-neutral source text, as the command line writes it
        assert descriptions(project_file)[-1] == "Code with Wohnen"

        translators = switch_language(qapp, translators, "en")
        assert translators == []
        win.ctl.refresh_undo()
        qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Undo Code with Wohnen", timeout=5000)
        win.undo_action.trigger()
        qtbot.waitUntil(lambda: menu_text(win.redo_action) == "Redo Code with Wohnen", timeout=5000)
        assert win.statusBar().currentMessage() == "Code with Wohnen"

        translators = switch_language(qapp, translators, "de")  # and back: German again
        win.ctl.refresh_undo()
        qtbot.waitUntil(lambda: menu_text(win.redo_action) == "Wiederherstellen: Mit Wohnen codieren",
                        timeout=5000)
        win.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_recorded_in_english_the_undo_menu_is_german_after_switching(qtbot, qapp, project_file):
    win = open_window(qtbot, project_file)
    win.ctl.set_current_coder("Jana")  # a new coder: an action whose label has a value
    qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Undo Coder Jana", timeout=5000)
    translators = install_translators(qapp, "de")
    try:
        win.ctl.refresh_undo()
        qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Rückgängig: Codierer*in Jana", timeout=5000)
        assert descriptions(project_file)[-1] == "Coder Jana"
        win.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_labels_stored_by_an_older_andock_are_shown_as_stored(qtbot, qapp, project_file):
    # an older German window stored its label in German; the command line stores its own English
    with Project.open(project_file) as proj:
        with proj.action("Mit Wohnen codieren") as act:
            act.update("codes", code_of(proj, "Wohnen"), {"colour": "#112233"})
    win = open_window(qtbot, project_file)
    qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Undo Mit Wohnen codieren", timeout=5000)
    win.close()
    assert descriptions(project_file)[-1] == "Mit Wohnen codieren"  # nothing rewritten


def code_of(proj: Project, name: str) -> int:
    codes = TABLES["codes"]
    with proj.read() as conn:
        return conn.execute(select(codes.c.id).where(codes.c.name == name)).scalar_one()


def test_values_with_pattern_characters_and_arrows_survive_both_ways(qapp):
    translators = install_translators(qapp, "de")
    try:
        odd = "Frau (Öztürk) → 🌻 .* %2"
        german = f"Sprecher*in B → {odd} umbenennen"
        label = stored_label(qapp.translate("CodingActions", "Rename speaker %1 → %2")
                             .replace("%1", "B").replace("%2", odd))
        assert label == f"Rename speaker B → {odd}"
        assert shown_label(label) == german
        assert stored_label(shown_label(label)) == label
        # a text that is no message of the window stays as it is, both ways
        assert stored_label("Transcribe dialog.wav") == "Transcribe dialog.wav"
        assert shown_label("Transcribe dialog.wav") == "Transcribe dialog.wav"
        assert shown_label(None) == ""
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert stored_label(label) == label and shown_label(label) == label  # English: unchanged


def test_the_catalogue_holds_the_window_labels_and_matching_is_quick(qapp):
    sources = {m.source for m in catalogue_messages()}
    assert {"Code with %1", "Rename code", "Coder %1", "Edit code details"} <= sources
    assert "%1" not in sources  # a bare placeholder would match every label
    translators = install_translators(qapp, "de")
    try:
        t0 = time.perf_counter()
        for _ in range(20):
            stored_label("Mit Wohnen codieren")
            shown_label("Code with Wohnen")
        per_action = (time.perf_counter() - t0) / 20
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert per_action < 0.02, per_action  # done in the window's thread for every action


def test_a_merge_run_from_a_german_window_is_stored_in_english_and_shown_in_either(qtbot, qapp, project_file,
                                                                                 tmp_path):
    """The core names a merge or an import itself; it stored that name in the language of the
    window that ran it (a German "… zusammenführen" in an English window later)."""
    import shutil

    from coding.services.merge import merge_copies

    from coding.services import codes

    copy = tmp_path / "Kopie von Jörg.andock"
    shutil.copyfile(project_file, copy)
    with Project.open(copy) as proj, proj.action("New code") as act:  # Jörg's work in his copy
        codes.create_code(act, "Nachbarschaft")
    translators = install_translators(qapp, "de")
    try:
        win = open_window(qtbot, project_file)
        errors: list[str] = []
        win.ctl.run(merge_copies, win.ctl.project, [copy], on_done=lambda _report: win.ctl.refresh_undo(),
                    on_error=errors.append)  # what File → Merge runs, then reads Undo again
        qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Rückgängig: Kopie von Jörg.andock zusammenführen",
                        timeout=10000)
        assert not errors
        assert descriptions(project_file)[-1] == "Merge Kopie von Jörg.andock"
        translators = switch_language(qapp, translators, "en")
        win.ctl.refresh_undo()
        qtbot.waitUntil(lambda: menu_text(win.undo_action) == "Undo Merge Kopie von Jörg.andock", timeout=5000)
        win.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)
        set_language("en")


def test_core_labels_are_recognised_by_their_most_specific_template():
    from coding.base import labels

    set_language("de")
    try:
        assert labels.shown("Import codebook Leitfaden.docx") == "Codebuch Leitfaden.docx importieren"
        assert labels.shown("Import variables from Gruppen.xlsx") == "Variablen aus Gruppen.xlsx importieren"
        assert labels.shown("Import K01") == "K01 importieren"
        assert labels.shown("Import 3 documents") == "3 Dokumente importieren"  # not "3 documents importieren"
        assert labels.shown("Import demo codebook") == "Demo-Codebuch importieren"
        assert labels.shown("Rename code") is None  # not the core's: the window's catalogue has it
    finally:
        set_language("en")
    assert labels.shown("Merge a.andock, b.andock") == "Merge a.andock, b.andock"
