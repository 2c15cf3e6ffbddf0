"""Benchmark of the workbench on a large transcript (offscreen Qt).

A 300,000-character transcript carrying 2,000 coded segments is opened in the main window.
Printed: time until highlights and stripes are first painted (target < 1 s), time to jump to
the end of the document (< 100 ms), time to apply one code including commit and repaint
(< 100 ms) — each beside a naive baseline in the same run (highlights applied with one
``mergeCharFormat`` per segment, as simple Qt code does it).

    python bench/gui_open.py
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QPlainTextEdit  # noqa: E402

WORDS = "Quartier Zugang Beratung Schule Kita Verwaltung Ämter Förderung Wohnung Größe Straße 🏘️".split()


def make_project(path: Path, n_chars: int = 300_000, n_segments: int = 2000) -> None:
    from coding.services import codes, coders, documents, segments
    from coding.exchange.importers.transcript import build_transcript
    from coding.store.models import utcnow
    from coding.store.project import Project

    rng = random.Random(3)
    turns, total, t = [], 0, 0
    while total < n_chars:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
        t += len(words) * 60
        turns.append(("I" if len(turns) % 2 == 0 else "B", words, [(len(words), t)]))
        total += len(words) + 5
    parsed = build_transcript(turns)
    with Project.create(path) as proj, proj.action("bench") as act:
        lena = coders.add_coder(act, "Lena")
        coders.set_current_coder(act.conn, lena)
        code_ids = [codes.create_code(act, f"Code {i}") for i in range(20)]
        doc = documents.add_document(act, "Großes Interview", parsed)
        n = len(parsed.text)
        rows = []
        for i in range(n_segments):
            s = rng.randrange(0, n - 1000)
            rows.append({"guid": f"g{i}", "document_id": doc, "code_id": rng.choice(code_ids), "coder_id": lena,
                         "start_pos": s, "end_pos": s + rng.randint(50, 800), "key_quote": False,
                         "created_at": utcnow()})
        act.insert_many("segments", rows)
    del segments


def wait(app, cond, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not cond():
        app.processEvents(QEventLoop.AllEvents, 5)
        if time.perf_counter() > end:
            raise TimeoutError


def paint(widget) -> None:
    widget.grab()  # renders synchronously, like the first paint on screen


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["ANDOCK_SETTINGS_FILE"] = str(tmp / "settings.ini")
    from app.gui.app import make_app
    from app.gui.main_window import MainWindow

    path = tmp / "gross.andock"
    make_project(path)
    app = make_app()
    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    win.open_project(str(path))
    wait(app, lambda: win.ctl.project is not None and win.documents.data["documents"])
    doc_id = win.documents.data["documents"][0]["id"]
    rows = []

    # 1. open: until highlights and stripes are painted
    t0 = time.perf_counter()
    win.open_document(doc_id)
    wait(app, lambda: win.view.data is not None)
    paint(win.view)
    t_open = time.perf_counter() - t0
    data = win.view.data
    assert len(data.segments) == 2000 and win.view.margin.stripes()

    # naive baseline: plain QPlainTextEdit, one mergeCharFormat per segment
    t0 = time.perf_counter()
    naive = QPlainTextEdit()
    naive.resize(1000, 800)
    naive.setPlainText(data.text)
    for seg in data.segments:
        cur = QTextCursor(naive.document())
        cur.setPosition(win.view.pmap.to_qt(seg.start))
        cur.setPosition(win.view.pmap.to_qt(seg.end), QTextCursor.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(data.codes[seg.code_id].colour).lighter(150))
        cur.mergeCharFormat(fmt)
    naive.show()
    paint(naive)
    t_open_naive = time.perf_counter() - t0
    rows.append(("open: highlights + stripes painted", t_open, t_open_naive, 1.0))

    # 2. jump to the end
    n = len(data.text)
    t0 = time.perf_counter()
    win.view.select(n - 20, n)
    paint(win.view)
    t_jump = time.perf_counter() - t0
    t0 = time.perf_counter()
    cur = naive.textCursor()
    cur.movePosition(QTextCursor.End)
    naive.setTextCursor(cur)
    naive.ensureCursorVisible()
    paint(naive)
    t_jump_naive = time.perf_counter() - t0
    rows.append(("jump to the end", t_jump, t_jump_naive, 0.1))

    # 3. apply one code: commit + repaint
    from app.gui import settings
    settings.set_snap_words(False)
    code = next(iter(win.codebook.nodes))
    s = data.text.rfind(" ", 0, n - 200)
    before = len(win.view.data.segments)
    win.view.select(s - 60, s)
    t0 = time.perf_counter()
    win.code_selection(code)
    wait(app, lambda: win.view.data is not None and len(win.view.data.segments) == before + 1)
    paint(win.view)
    t_code = time.perf_counter() - t0
    t0 = time.perf_counter()
    cur = QTextCursor(naive.document())
    cur.setPosition(s - 60)
    cur.setPosition(s, QTextCursor.KeepAnchor)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#cc6677"))
    cur.mergeCharFormat(fmt)
    paint(naive)
    t_code_naive = time.perf_counter() - t0
    rows.append(("apply one code (commit + repaint)", t_code, t_code_naive, 0.1))
    print(f"{'measure':40s} {'andock':>9s} {'naive':>9s} {'ratio':>7s} {'target':>8s}")
    for name, t, base, target in rows:
        print(f"{name:40s} {t * 1000:7.0f}ms {base * 1000:7.0f}ms {base / t:6.1f}x "
              f"<{target * 1000:5.0f}ms {'ok' if t < target else 'MISSED'}")
    print("(naive 'apply one code' has no database commit; it only formats and repaints)")
    win.close()
    naive.close()
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)
    loop.exec()


if __name__ == "__main__":
    main()
