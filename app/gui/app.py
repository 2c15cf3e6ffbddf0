"""Starting the desktop window: display check, translations, the main window."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from coding.base import messages

from . import settings
from .fonts import use_emoji_fonts


def display_available() -> bool:
    """Whether a window can be shown (Linux without X11/Wayland cannot, unless offscreen)."""
    if os.environ.get("QT_QPA_PLATFORM", "").strip():
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def ui_language(preference: str | None = None) -> str:
    """'de' or 'en' from the preference (default: the stored one), else from the system locale."""
    lang = settings.language() if preference is None else preference
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


def switch_translators(app: QApplication, installed: list[QTranslator], lang: str) -> list[QTranslator]:
    """Replace the installed translations by those of ``lang`` (Qt tells every widget to retranslate)."""
    for tr in installed:
        app.removeTranslator(tr)
    return install_translators(app, lang)


def first_run_if_needed(app: QApplication, installed: list[QTranslator],
                        quit_ms: int | None = None) -> list[QTranslator]:
    """The first-run dialog, once ever, before the window is built: a language picked in it
    applies at once (to the dialog while it is open, and to the window). Returns the translators
    then installed. ``quit_ms`` closes it as the user would (``ANDOCK_QUIT_AFTER_START_MS``)."""
    if settings.first_run_done():
        return installed
    from .first_run import FirstRunDialog

    current = installed

    def preview(preference: str) -> None:
        nonlocal current
        current = switch_translators(app, current, ui_language(preference))
    dialog = FirstRunDialog(on_language=preview)
    if quit_ms is not None:
        QTimer.singleShot(quit_ms, dialog.reject)
    dialog.exec()
    # Skip keeps the stored language; Done stored the one picked
    return switch_translators(app, current, ui_language())


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists, e.g. under pytest-qt)."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)  # Andock never makes a QCoreApplication alone
    app.setApplicationName("Andock")
    app.setOrganizationName("Andock")
    use_emoji_fonts()  # lists and labels too: emoji drawn with the platform's emoji font
    return app


def run_gui(project: str | None = None) -> int:
    """Show the workbench (optionally opening a project) and run until it is closed.

    ``ANDOCK_QUIT_AFTER_START_MS=N`` (for tests, e.g. of what starting the window touches):
    close the first-run dialog (if shown) and the window N ms after each starts, as the user would.
    """
    from .main_window import MainWindow

    from ..logsetup import setup_logging

    setup_logging(console=False)
    app = make_app()
    from .file_open import FileOpenFilter

    opened_by_system = FileOpenFilter(app)  # macOS: a double-clicked project arrives as an event
    app.installEventFilter(opened_by_system)
    quit_text = os.environ.get("ANDOCK_QUIT_AFTER_START_MS", "").strip()
    quit_ms = int(quit_text) if quit_text.isdigit() else None
    # the translators are children of the application, which keeps them
    first_run_if_needed(app, install_translators(app, ui_language()), quit_ms)
    window = MainWindow()
    window.show()
    if project:
        window.open_project(project)
    opened_by_system.attach(window)
    if quit_ms is not None:
        QTimer.singleShot(quit_ms, window.close)
    try:
        return app.exec()
    finally:
        window.ctl.shutdown()
