"""The window keeps its work when a file dialog looks into the project's folder and another
process opens and closes the project (trust issue, failures 1 and 4c)."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from coding import coders, documents, segments
from tests.app.gui.conftest import code_id, wait_idle
from tests.conftest import andock_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")


def deleted_wal_open(pid: int) -> list[str]:
    """Project working files this process still uses although they were deleted."""
    fd_dir = Path(f"/proc/{pid}/fd")
    out = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "-wal" in target or "-shm" in target:
            if target.endswith("(deleted)"):
                out.append(target)
    return out


def code_in_window(qtbot, window, phrase: str) -> None:
    doc = window.view.data.id
    schule = code_id(window, "Schule")

    def apply(act):
        start = documents.get_text(act.conn, doc).index(phrase)
        lena = coders.find_coder(act.conn, "Lena")
        return segments.apply_code(act, doc, schule, lena, start, start + len(phrase))
    window.ctl.act("Code segment", apply)
    wait_idle(qtbot, window)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_file_dialog_in_the_project_folder_and_another_process_lose_nothing(qtbot, window, project_file):
    dialog = QFileDialog(window, "Open project", str(project_file.parent), "Andock projects (*.andock)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    qtbot.wait(2500)  # long enough for Qt's file-info gatherer to look at every file
    dialog.reject()
    for _ in range(2):
        r = andock_process("info", project_file)
        assert r.returncode == 0, r.stderr
    assert deleted_wal_open(os.getpid()) == []
    code_in_window(qtbot, window, "Schule")
    r = andock_process("segments", project_file, "--code", "Zugänge/Schule", "--json")
    assert r.returncode == 0, r.stderr
    assert '"Schule"' in r.stdout or "Schule" in r.stdout
    con = sqlite3.connect(project_file)
    try:
        n = con.execute("SELECT count(*) FROM segments").fetchone()[0]
    finally:
        con.close()
    assert n == 1, "the window's coding is not visible to other processes"
