"""File → Merge coders' copies (issue 12): a dry-run preview first, then one undoable merge."""
from __future__ import annotations

import shutil

from PySide6.QtWidgets import QFileDialog, QMessageBox

from coding.services import codes
from coding.store.project import Project

from .conftest import wait_idle


def test_merge_a_copy_with_a_preview_and_undo(qtbot, window, monkeypatch, tmp_path):
    win = window
    copy = tmp_path / "studie-Murat.andock"
    wait_idle(qtbot, win)
    win.ctl.project.checkpoint()
    shutil.copy(win.ctl.project.path, copy)
    with Project.open(copy) as other, other.action("New code") as act:
        codes.create_code(act, "Nachbarschaftshilfe 🤝")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(copy)], "")))
    win.merge_dialog()

    def preview():
        return next((w for w in win.findChildren(QMessageBox) if w.isVisible() and "Merging would change" in w.text()),
                    None)
    qtbot.waitUntil(lambda: preview() is not None, timeout=10000)
    box = preview()
    assert "1 added" in box.text()
    assert not any(n.name.startswith("Nachbarschaftshilfe") for n in win.codebook.nodes.values())  # dry run only
    merge = next(b for b in box.buttons() if b.text() == "Merge")
    merge.click()
    qtbot.waitUntil(lambda: any(n.name == "Nachbarschaftshilfe 🤝" for n in win.codebook.nodes.values()), timeout=10000)
    qtbot.waitUntil(lambda: win.undo_action.isEnabled() and "Merge" in win.undo_action.text(), timeout=5000)
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: not any(n.name.startswith("Nachbarschaftshilfe") for n in win.codebook.nodes.values()),
                    timeout=10000)
