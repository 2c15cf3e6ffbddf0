"""Benchmark of the transcript editor on a large transcript (offscreen Qt, issue 11).

A 300,000-character transcript with 2,000 codings and a timed word every ~7 characters (about
43,000 words, as Whisper would give a 4-hour interview) is opened in the main window, in edit mode.
Printed, each beside a baseline run in the same process:

* keystroke to repaint: a key typed into the text until the view is painted again (median and
  p95 over 300 keystrokes at random places; target < 30 ms median, < 100 ms p95). Baseline: the
  naive editor that takes the edited text as a new document per keystroke (``setPlainText`` with
  the highlights, as a view that reloads after every change does).
* saving a word: the per-word save through the core (edit, remap of codings/turns/anchors/
  words, commit) until the window shows it again, in the background (the GUI stays free).
* seek to a word: a Ctrl+click's work (position -> word -> time, highlight, scroll) until
  painted (target < 50 ms); baseline: finding the word by scanning the word list in Python.

    python bench/editor.py
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.gui_open import make_project, paint, wait  # noqa: E402


def add_words(path: Path) -> int:
    """A timed word for every word of the transcript (what a transcription stores). The random
    codings of ``make_project`` overlap within one code and coder, which the core never stores
    (it joins them); they are joined here, so that the first saved word does not do it."""
    from coding.services import documents, segments
    from coding.services.word_timings import store_words
    from coding.store.project import Project
    from coding.text.word_timing import TimedWord

    with Project.open(path) as proj, proj.action("words") as act:
        doc = documents.list_documents(act.conn)[0].id
        text = documents.get_text(act.conn, doc)
        words, pos, ms = [], 0, 0
        for token in text.split(" "):
            if token and "\n" not in token and ":" not in token:
                ms += 300
                words.append(TimedWord(pos, pos + len(token), ms, ms + 250, 0.3 if len(words) % 17 == 0 else 0.9))
            pos += len(token) + 1
        store_words(act, doc, words)
        pairs = {(s.code_id, s.coder_id) for s in segments.segments_of_document(act.conn, doc)}
        for code, coder in pairs:
            segments.normalise_overlaps(act, doc, code, coder)
        return len(words)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["ANDOCK_SETTINGS_FILE"] = str(tmp / "settings.ini")
    from app.gui.app import make_app
    from app.gui.main_window import MainWindow

    path = tmp / "editor.andock"
    make_project(path)
    n_words = add_words(path)
    app = make_app()
    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    win.activateWindow()
    win.open_project(str(path))
    wait(app, lambda: win.ctl.project is not None and win.documents.data["documents"])
    win.open_document(win.documents.data["documents"][0]["id"])
    wait(app, lambda: win.view.data is not None)
    paint(win.view)
    view, edit = win.view, win.view.edit
    print(f"transcript: {len(view.data.text):,} characters, {len(view.data.segments):,} codings (joined where they "
          f"overlapped within a code), "
          f"{n_words:,} timed words")
    win.editor.set_edit_mode(True)
    edit.setFocus()
    rng = random.Random(5)

    # 1. keystroke -> repaint, in Andock's editor
    times = []
    for i in range(300):
        if i % 20 == 0:  # the cursor jumps elsewhere now and then, like a correcting researcher
            cur = edit.textCursor()
            cur.setPosition(rng.randrange(len(view.data.text)))
            edit.setTextCursor(cur)
            edit.centerCursor()
            paint(view)
        key = rng.choice("abcdeäöüß")
        t0 = time.perf_counter()
        QTest.keyClick(edit, key)
        paint(view)
        times.append(time.perf_counter() - t0)
        if i % 20 == 19:  # a pause: the word is saved in the background
            wait(app, lambda: not win.editor.session.busy and win.ctl.runner.pending() == 0, 60)
    wait(app, lambda: not win.editor.session.busy, 60)
    # saving one word: type a word and a space, until the window shows the stored result
    saves = []
    for _ in range(10):
        QTest.keyClicks(edit, "Wort")
        t0 = time.perf_counter()
        QTest.keyClick(edit, Qt.Key.Key_Space)
        wait(app, lambda: not win.editor.session.busy and win.ctl.runner.pending() == 0, 60)
        saves.append(time.perf_counter() - t0)
    stored_ok = view.data.text == edit.toPlainText()

    # baseline: the text taken as a new document per keystroke
    from app.gui.highlight import CodingHighlighter
    from PySide6.QtWidgets import QPlainTextEdit

    naive = QPlainTextEdit()
    naive.resize(edit.size())
    highlighter = CodingHighlighter(naive.document())
    text = view.data.text
    naive.setPlainText(text)
    naive.show()
    base = []
    for _ in range(20):
        p = rng.randrange(len(text))
        text = text[:p] + "a" + text[p:]
        t0 = time.perf_counter()
        highlighter.set_spans(view._spans(), rehighlight=False)
        naive.setPlainText(text)
        cur = naive.textCursor()
        cur.setPosition(p + 1)
        naive.setTextCursor(cur)
        paint(naive)
        base.append(time.perf_counter() - t0)

    # 3. seek to a word: a Ctrl+click's work until painted
    seeks, seeks_base = [], []
    words = view.words
    for _ in range(50):
        i = rng.randrange(len(words))
        pos = int(words.starts[i]) + 1
        t0 = time.perf_counter()
        ms = view.ms_at(pos)
        assert ms is not None
        view.show_heard(ms)
        paint(view)
        seeks.append(time.perf_counter() - t0)
        t0 = time.perf_counter()  # baseline: the word found by a scan in Python
        _ = next(j for j in range(len(words)) if int(words.starts[j]) <= pos < int(words.ends[j]))
        seeks_base.append(time.perf_counter() - t0)

    print(f"{'measure':44s} {'andock':>10s} {'baseline':>10s} {'target':>8s}")
    rows = [("keystroke -> repaint, median", statistics.median(times), statistics.median(base), 0.030),
            ("keystroke -> repaint, p95", percentile(times, 0.95), percentile(base, 0.95), 0.100),
            ("seek to a word -> painted, median", statistics.median(seeks), None, 0.050),
            ("seek to a word -> painted, p95", percentile(seeks, 0.95), None, 0.050),
            ("find the word (numpy) vs Python scan, median", None, statistics.median(seeks_base), None)]
    for name, t, b, target in rows:
        ts = f"{t * 1000:8.1f}ms" if t is not None else " " * 10
        bs = f"{b * 1000:8.1f}ms" if b is not None else " " * 10
        verdict = "" if target is None or t is None else (f"<{target * 1000:4.0f}ms " + ("ok" if t < target else "MISSED"))
        print(f"{name:44s} {ts} {bs} {verdict}")
    print(f"saving one word in the background (core edit + commit + reload), median "
          f"{statistics.median(saves) * 1000:.0f} ms; window text equals stored text: {stored_ok}")
    win.editor.set_edit_mode(False)
    win.close()
    naive.close()
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)
    loop.exec()


if __name__ == "__main__":
    main()
