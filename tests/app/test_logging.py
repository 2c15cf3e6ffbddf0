"""A bug report can include what happened: a rotating log file, tracebacks, --verbose."""
from __future__ import annotations

import logging

from app.cli import main as cli_main
from app.logsetup import log_dir, setup_logging
from tests.conftest import andock_process, write


def test_an_internal_error_is_one_line_on_the_terminal_and_a_traceback_in_the_log(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANDOCK_LOG_DIR", str(tmp_path / "logs"))
    from app.cli import project_commands

    def broken(args):
        raise ZeroDivisionError("kaputt")
    monkeypatch.setitem(__import__("app.cli", fromlist=["HANDLERS"]).HANDLERS, "info", broken)
    assert cli_main(["info", str(tmp_path / "x.andock")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: kaputt" in err
    assert str(tmp_path / "logs") in err
    logged = (tmp_path / "logs" / "andock.log").read_text(encoding="utf-8")
    assert "andock.cli ERROR internal error in andock info" in logged
    assert "Traceback" in logged and 'raise ZeroDivisionError("kaputt")' in logged
    assert project_commands  # the handlers live there; the table above is what dispatches


def test_commands_log_what_was_done_but_not_the_text(tmp_path):
    logs = tmp_path / "logs"
    project = tmp_path / "studie.andock"
    assert andock_process("new", project, env={"ANDOCK_LOG_DIR": str(logs)}).returncode == 0
    write(tmp_path / "K01.txt", "I: Geheimer Satz über Frau Müßig.\n")
    r = andock_process("import", project, tmp_path / "K01.txt", "--verbose", env={"ANDOCK_LOG_DIR": str(logs)})
    assert r.returncode == 0, r.stderr
    logged = (logs / "andock.log").read_text(encoding="utf-8")
    assert "andock.cli INFO andock new" in logged and "andock.cli INFO andock import" in logged
    assert "Geheimer Satz" not in logged and "Müßig" not in logged
    assert "andock: INFO: andock import" in r.stderr  # --verbose shows it on the terminal too


def test_the_log_rotates_and_a_read_only_home_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ANDOCK_LOG_DIR", str(tmp_path / "logs"))
    path = setup_logging(console=False)
    assert path == log_dir() / "andock.log"
    handler = next(h for h in logging.getLogger("andock").handlers if hasattr(h, "maxBytes"))
    assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
    (tmp_path / "blocked").write_text("a file where the folder should be")
    monkeypatch.setenv("ANDOCK_LOG_DIR", str(tmp_path / "blocked" / "logs"))
    assert setup_logging(console=False) is None
    setup_logging(console=False)  # idempotent: one file handler, never two
    for handler in logging.getLogger("andock").handlers:
        handler.close()
    logging.getLogger("andock").handlers.clear()
