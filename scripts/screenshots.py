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
    from coding.demo import build_demo

    build_demo(tmp / "demo.andock").close()
    app = make_app()
    translators = install_translators(app, lang)  # noqa: F841 - kept alive
    app.setStyle("Fusion")
    win = MainWindow()
    win.resize(1500, 900)
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
    win.close()
    settle(app, 200)


if __name__ == "__main__":
    main()
