"""``andock --selftest`` and ``andock startup-probe`` from source (the built program: the slow
tests/packaging/test_installer.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from app import selftest
from tests.conftest import ROOT


def test_selftest_passes_from_source(cli):
    """Every step runs for real and says OK; transcription is left out only because asked."""
    code, out, err = cli("--selftest", "--no-transcription")
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("Andock ") and "from source" in lines[0]
    ok = [line for line in lines if line.startswith("  OK ")]
    assert len(ok) == len(selftest.STEPS) - 1, out
    assert re.search(r"SKIPPED +transcribe 3 s of German speech: not asked for", out)
    assert "codings per 1,000 words" in out  # spaCy counted the words
    assert lines[-1] == f"all {len(selftest.STEPS) - 1} steps OK, 1 skipped"


def test_selftest_reports_a_failing_step_and_exits_1(cli, tmp_path):
    """A step that fails is named with its reason; the others still run; exit code 1."""
    code, out, _err = cli("selftest", "--model", tmp_path / "no-such-model")
    assert code == 1
    assert re.search(r"FAILED +transcribe 3 s of German speech: .*not found", out), out
    assert len([line for line in out.splitlines() if line.startswith("  OK ")]) == len(selftest.STEPS) - 1
    assert out.splitlines()[-1] == f"1 of {len(selftest.STEPS)} steps FAILED"


def test_selftest_step_without_its_project_fails_clearly(tmp_path):
    """A step whose prerequisite failed reports that, not an unrelated error."""
    status, detail = selftest._run_step(selftest.import_transcript, selftest.Context(tmp_path))
    assert (status, detail) == ("FAILED", "RuntimeError: no project (creating it failed above)")


def test_startup_probe_from_source(tmp_path):
    """A fresh installation (no settings): the first-run dialog paints, then the window; the
    probe prints both times and closes them (the window within the issue's 3 s here too)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONUTF8="1")
    proc = subprocess.run([sys.executable, "-m", "app.cli", "startup-probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    dialog = re.search(r"FirstRunDialog painted ([\d.]+) s after the process started", proc.stdout)
    window = re.search(r"window painted ([\d.]+) s after the process started", proc.stdout)
    assert dialog and window, proc.stdout
    assert float(dialog.group(1)) <= float(window.group(1)) < 10


def test_startup_probe_needs_a_display(cli, monkeypatch):
    """Without a display (and no offscreen platform) the probe says so instead of crashing."""
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, _out, err = cli("startup-probe")
    assert code == 1 and "no display found" in err
