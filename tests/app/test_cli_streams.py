"""The command runs with replaced output streams (scripts that capture its messages)."""
from __future__ import annotations

import io
import sys

from app.cli import main


def test_error_reaches_a_replaced_stderr_without_reconfigure(tmp_path, monkeypatch, capsys):
    """A StringIO as stderr (no ``reconfigure``) gets the one-line error instead of a crash."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    missing = tmp_path / "missing.andock"
    assert main(["info", str(missing)]) == 1
    assert err.getvalue().strip() == f"andock: {missing}: no such project file"
