"""A process killed in the middle of a write loses at most the action in flight."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from coding.store.project import Project
from tests.conftest import ROOT, write

KILLER = textwrap.dedent("""
    import os, signal, sys
    from coding.services import documents
    from coding.store import history
    from coding.store.project import Project

    table = sys.argv[3]
    def kill(name):
        if name == table:
            os.kill(os.getpid(), signal.SIGKILL)   # after the write transaction has begun
    history.write_hooks.append(kill)
    proj = Project.open(sys.argv[1])
    documents.import_files(proj, [sys.argv[2]], variables={"Gruppe": "kommunal"})
    print("not killed")
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("table", ["documents", "speaker_turns", "time_anchors", "variable_values"])
def test_sigkill_during_an_import_leaves_a_clean_project(tmp_path, table):
    path = tmp_path / "p.andock"
    with Project.create(path) as proj:
        from coding.services import documents
        first = write(tmp_path / "K01.txt", "I: Frage? #00:00:01-0#\n\nB: Antwort mit Ümlaut 🏘️. #00:00:05-0#\n")
        documents.import_files(proj, [first])
    second = write(tmp_path / "K02.txt", "I: Noch eine Frage? #00:00:02-0#\n\nB: Ja. #00:00:03-5#\n")
    r = subprocess.run([sys.executable, "-c", KILLER, str(path), str(second), table], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert "not killed" not in r.stdout
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.execute("PRAGMA foreign_keys=ON")
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = con.execute("SELECT name FROM documents").fetchall()
        assert len(docs) in (1, 2)
        for child in ("speaker_turns", "time_anchors", "variable_values"):
            orphans = con.execute(f"SELECT count(*) FROM {child} WHERE document_id NOT IN (SELECT id FROM documents)")
            assert orphans.fetchone()[0] == 0
        # the interrupted action left no half document: K01 is complete, K02 absent
        assert docs == [("K01",)]
        assert con.execute("SELECT count(*) FROM speaker_turns").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM history").fetchone()[0] == 1
    finally:
        con.close()
    with Project.open(path) as again:  # opens normally; undo history intact
        assert again.undo_redo_labels()[0] == "Import K01.txt"
