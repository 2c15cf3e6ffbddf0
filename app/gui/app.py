"""Starting the desktop window: display check, translations, the main window."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from coding.base import messages

from . import settings


def display_available() -> bool:
    """Whether a window can be shown (Linux without X11/Wayland cannot, unless offscreen)."""
    if os.environ.get("QT_QPA_PLATFORM", "").strip():
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def ui_language() -> str:
    """'de' or 'en' from the preference, else from the system locale."""
    lang = settings.language()
    if lang in ("de", "en"):
        return lang
    return "de" if QLocale.system().language() == QLocale.Language.German else "en"


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Andock's own and Qt's standard translations (buttons such as OK/Cancel) for ``lang``.

    The core's messages (errors, warnings) follow the same language.
    """
    installed: list[QTranslator] = []
    messages.set_language(lang)
    if lang == "en":
        return installed
    from importlib import resources
    base = Path(str(resources.files("resources") / "i18n"))
    for name, folder in ((f"andock_{lang}", str(base)),
                         (f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            installed.append(tr)
    return installed


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists, e.g. under pytest-qt)."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)  # Andock never makes a QCoreApplication alone
    app.setApplicationName("Andock")
    app.setOrganizationName("Andock")
    return app


def run_gui(project: str | None = None) -> int:
    """Show the workbench (optionally opening a project) and run until it is closed.

    ``ANDOCK_QUIT_AFTER_START_MS=N`` (for tests, e.g. of what starting the window touches):
    close the window N ms after the event loop starts, as the user would.
    """
    from .main_window import MainWindow

    from ..logsetup import setup_logging

    setup_logging(console=False)
    app = make_app()
    install_translators(app, ui_language())  # children of the application, which keeps them
    window = MainWindow()
    window.show()
    if project:
        window.open_project(project)
    quit_ms = os.environ.get("ANDOCK_QUIT_AFTER_START_MS", "").strip()
    if quit_ms.isdigit():
        QTimer.singleShot(int(quit_ms), window.close)
    try:
        return app.exec()
    finally:
        window.ctl.shutdown()
