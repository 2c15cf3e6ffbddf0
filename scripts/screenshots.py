"""Make the README screenshots of the workbench with the demo project (offscreen Qt).

    python scripts/screenshots.py [OUT_DIR] [--lang de|en]
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402


def settle(app, ms: int = 300, until=None) -> None:
    """Let queued work and painting finish (the database runs on a worker thread)."""
    if until is None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        return
    for _ in range(200):
        loop = QEventLoop()
        QTimer.singleShot(ms // 10, loop.quit)
        loop.exec()
        if until():
            break


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else ROOT / "docs" / "screenshots"
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "de"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ["ANDOCK_SETTINGS_FILE"] = str(tmp / "settings.ini")
    from app.gui import settings
    settings.set_language(lang)
    from app.gui.app import install_translators, make_app
    from app.gui.main_window import MainWindow
    from coding.services.demo import build_demo

    build_demo(tmp / "demo.andock").close()
    app = make_app()
    translators = install_translators(app, lang)  # noqa: F841 - kept alive
    app.setStyle("Fusion")
    win = MainWindow()
    win.resize(1280, 800)  # the layout is designed for a 1280×800 laptop (issue 13)
    win.show()
    win.open_project(str(tmp / "demo.andock"))
    settle(app, until=lambda: win.ctl.project is not None and win.documents.data["documents"])
    win.documents.group_by.setCurrentIndex(win.documents.group_by.findData("Gruppe"))
    docs = win.documents.data["documents"]
    win.open_document(docs[2]["id"])
    settle(app, until=lambda: win.view.data is not None)
    node = next(n for n in win.codebook.nodes.values() if n.name.startswith("Zugänge"))
    win.codebook.select_code(node.id)
    settle(app, 600)
    win.view.edit.verticalScrollBar().setValue(win.view.edit.verticalScrollBar().maximum() // 4)
    settle(app, 300)
    path = out / f"workbench-{lang}.png"
    win.grab().save(str(path))
    print(f"wrote {path}")
    win.docks["matrix"].show()
    win.docks["matrix"].raise_()
    win.resizeDocks([win.docks["matrix"]], [520], Qt.Vertical)
    settle(app, until=lambda: win.matrix.current is not None)
    settle(app, 300)
    path = out / f"matrix-{lang}.png"
    win.grab().save(str(path))
    print(f"wrote {path}")
    team_shot(app, win, out, lang)
    export_shot(app, win, out, lang)
    first_run_shot(app, tmp, out, lang)
    transcription_shot(app, win, tmp, out, lang)
    win.close()
    settle(app, 200)


def first_run_shot(app, tmp: Path, out: Path, lang: str) -> None:
    """The first-run dialog at its default size, filled in (estimates are this machine's, rough
    until it has measured a transcription: a fresh model cache)."""
    from app.gui.first_run import FirstRunDialog

    os.environ.setdefault("ANDOCK_CACHE_DIR", str(tmp / "cache"))
    dialog = FirstRunDialog()
    dialog.language.setCurrentIndex(dialog.language.findData(lang))
    dialog.coder.setText("Lena Hoffmann")
    dialog.projects.edit.setText("/home/lena/Dokumente/Andock")
    dialog.show()
    settle(app, 300)
    path = out / f"first-run-{lang}.png"
    dialog.grab().save(str(path))
    print(f"wrote {path}")
    dialog.reject()


def team_shot(app, win, out: Path, lang: str) -> None:
    """File → Connect to team database…, filled in (whether a keyring is offered is this machine's)."""
    from app.gui.team_dialog import connect_team_dialog

    dialog = connect_team_dialog(win)
    dialog.host.setText("qda.uni-beispiel.de")
    dialog.database.setText("migration_studie")
    dialog.user.setText("migration_studie_lena")
    dialog.password.setText("kein-echtes-passwort")
    settle(app, 300)
    path = out / f"team-connect-{lang}.png"
    dialog.grab().save(str(path))
    print(f"wrote {path}")
    dialog.reject()


def export_shot(app, win, out: Path, lang: str) -> None:
    """File → Export…: the code matrix by group, for one coder, as German Excel's CSV, just written."""
    from app.gui.export_dialog import export_dialog

    dialog = export_dialog(win)
    settle(app, until=lambda: dialog.choices is not None)
    dialog.set_format(".csv")
    page = dialog.page()
    page.selection.lists["coders"].tick(["Lena"])
    dialog.start_export()
    settle(app, until=lambda: dialog.written is not None)
    settle(app, 300)
    path = out / f"export-{lang}.png"
    dialog.grab().save(str(path))
    print(f"wrote {path}")
    dialog.reject()


def transcription_shot(app, win, tmp: Path, out: Path, lang: str) -> None:
    """The queue dock during a real run (needs espeak-ng, sox and the test's base weights)."""
    from tests.transcription import audio_fixtures as af
    from transcription import models

    if not af.tools_available() or "base" not in models.installed_models():
        print("skipped the transcription screenshot (needs espeak-ng, sox and the base model package)")
        return
    os.environ.setdefault("ANDOCK_CACHE_DIR", str(tmp / "cache"))
    folder = tmp / "Aufnahmen"
    folder.mkdir()
    turns = [(s, t) for q, a in af.CORPUS[3:6] for s, t in (("I", q), ("B", a))]
    wavs = [af.dialogue(folder, name="K05_Kreisstadt")[0], af.dialogue(folder, turns=turns, name="N05_Wohlfahrtsverband")[0],
            af.pauses(folder)[0].rename(folder / "K06_Gemeinde.wav")]
    panel = win.transcription
    panel.opts.set_model("base")
    panel.opts.option_overrides = {"threads": 2, "chunk_s": 10, "batch_size": 1}
    panel.opts.var_name.setEditText("Gruppe")
    panel.opts.var_value.setText("kommunal")
    panel.add_files([str(w) for w in wavs])
    settle(app, until=lambda: len(panel.jobs) == 3)
    win.resize(1280, 800)  # a laptop: the options must show their whole text (issue 13)
    win.show_transcription()
    win.resizeDocks([win.docks["transcription"]], [430], Qt.Vertical)
    panel.start()
    settle(app, 2000, until=lambda: len(panel.jobs) == 3 and panel.jobs[0].status == "done"
           and panel.table.cellWidget(1, 3).value() > 300)
    path = out / f"transcription-{lang}.png"
    win.grab().save(str(path))
    print(f"wrote {path}")
    panel.shutdown()
    win.resize(1500, 900)
    editor_shot(app, win, out, lang)


def editor_shot(app, win, out: Path, lang: str) -> None:
    """The transcript editor on the recording just transcribed: edit mode, the word being heard
    highlighted, Whisper's uncertain words underlined."""
    doc = next(d["id"] for d in win.documents.data["documents"] if d["name"] == "K05_Kreisstadt")
    win.docks["segments"].raise_()
    win.resizeDocks([win.docks["segments"]], [200], Qt.Vertical)
    win.open_document(doc)
    settle(app, until=lambda: win.view.data is not None and win.editor._loaded())
    win.editor.set_edit_mode(True)
    win.editor.player.seek(7000)
    win.editor.player.play()
    settle(app, 1500)
    win.editor.player.pause()
    settle(app, 300)
    win.view.show_heard(win.editor.player.position())
    settle(app, 300)
    path = out / f"editor-{lang}.png"
    win.grab().save(str(path))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
