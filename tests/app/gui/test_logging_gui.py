"""The window logs failures of background jobs with their traceback and opens its log folder."""
from __future__ import annotations

import logging

import pytest

from PySide6.QtGui import QDesktopServices

from app.logsetup import setup_logging
from tests.app.gui.conftest import wait_idle


@pytest.mark.expect_job_errors
def test_a_failing_background_job_is_in_the_log_with_its_traceback(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("ANDOCK_LOG_DIR", str(tmp_path / "logs"))
    setup_logging(console=False)
    try:
        shown = []
        window.ctl.failed.connect(shown.append)
        window.ctl.act("broken", lambda act: (_ for _ in ()).throw(ValueError("kaputt")))
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
        wait_idle(qtbot, window)
        assert shown == ["ValueError: kaputt"]
        for handler in logging.getLogger("andock").handlers:
            handler.flush()
        logged = (tmp_path / "logs" / "andock.log").read_text(encoding="utf-8")
        assert "andock.gui ERROR background job" in logged and "ValueError: kaputt" in logged
        assert "Traceback" in logged
    finally:
        for handler in logging.getLogger("andock").handlers:
            handler.close()
        logging.getLogger("andock").handlers.clear()


def test_help_opens_the_log_folder(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("ANDOCK_LOG_DIR", str(tmp_path / "logs"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Help" in a.text()
                     or a.menu() and "Hilfe" in a.text())
    action = next(a for a in help_menu.actions() if "log" in a.text().lower() or "Protokoll" in a.text())
    action.trigger()
    assert opened == [str(tmp_path / "logs")] and (tmp_path / "logs").is_dir()
