"""Shared fixtures: real project files in temporary folders, the CLI in-process and as a process."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.cli import main as cli_main
from coding.store.project import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _log_folder(tmp_path_factory):
    """Logs of the tests' Andock processes go to a folder of their own (not the user's)."""
    os.environ["ANDOCK_LOG_DIR"] = str(tmp_path_factory.mktemp("logs"))
    yield


# Threads that stay for the rest of the process once something started them, so that the test
# which happened to be first does not leak them:
# - "tqdm_monitor": tqdm's monitor thread, started by the first progress bar (faster-whisper makes
#   a disabled one for every in-process transcription) and kept until the interpreter exits;
# - "Dummy-…": a thread that Qt or another C library started and that ran Python code; Python only
#   registers it, cannot join it, and its library owns it.
_LIBRARY_THREADS = ("tqdm_monitor", "Dummy-")


def _threads_since(before: set[threading.Thread]) -> list[threading.Thread]:
    """Threads started since ``before`` that still run, daemon threads included (less the
    long-lived library threads above)."""
    return [t for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.name.startswith(_LIBRARY_THREADS)]


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail any test that leaves a thread running (napari's rule). Daemon threads count too: the
    window's background threads (search, transcription queue, checking recordings) are daemons so
    that a hung one cannot keep the program from quitting, and each must still be stopped and
    joined when its window closes."""
    before = set(threading.enumerate())
    yield
    left = _threads_since(before)
    for t in left:
        t.join(timeout=2)
    left = [t for t in left if t.is_alive()]
    assert not left, f"threads left running: {left}"


@pytest.fixture
def project(tmp_path: Path):
    """A new, empty project file."""
    proj = Project.create(tmp_path / "test.andock", "Testprojekt")
    yield proj
    proj.close()


@pytest.fixture
def cli(capsys):
    """Run ``andock ARGS`` in-process; returns (exit code, stdout, stderr)."""
    def run(*args: str) -> tuple[int, str, str]:
        code = cli_main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def andock_process(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run ``andock`` as a separate process (a real second process, as a user would)."""
    full_env = dict(os.environ, PYTHONUTF8="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=timeout)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file with exact bytes (no newline translation)."""
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server on loopback (required in CI; skipped elsewhere without one)."""
    from tests.pg_server import PgServer

    server = PgServer()
    if not server.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is required in CI (install the 'postgresql' package)")
        pytest.skip("no PostgreSQL binaries here (install the 'postgresql' package)")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_project(pg_server):
    """A new project in a fresh database on the PostgreSQL server."""
    proj = Project.create(pg_server.new_database(), "Teamprojekt")
    yield proj
    proj.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo project, built once per test run (tests work on copies of it)."""
    from coding.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.andock"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    """A private copy of the demo project file."""
    import shutil

    path = tmp_path / "demo.andock"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo(demo_path):
    """The demo project, open (a private copy)."""
    with Project.open(demo_path) as proj:
        yield proj


# Marked slow as a whole (the quick subset, `bootstrap.py test --quick`, leaves them out): they
# load Whisper models, trace processes or start a process per case. CI runs everything.
_SLOW_PATHS = ("tests/transcription/", "tests/app/test_privacy.py", "tests/app/gui/test_transcription_panel.py",
               "tests/reliability/test_hostile_inputs.py", "tests/app/test_cli_overwrite.py",
               # real playback through the sound server, processes racing for one file, searches
               # that wait out their time limit: seconds each, and CI runs them all anyway
               "tests/app/gui/test_player.py", "tests/app/gui/test_editor_playback.py",
               "tests/reliability/test_foreign_open.py", "tests/app/gui/test_search_responsive.py",
               "tests/app/gui/test_file_safety.py", "tests/coding/test_bombs.py",
               "tests/coding/test_undo_per_coder.py", "tests/coding/test_search_bounds.py",
               "tests/packaging/test_installer.py")


def pytest_collection_modifyitems(config, items):
    """Mark the slow folders and files (see _SLOW_PATHS)."""
    for item in items:
        path = item.path.as_posix()
        if any(part in path for part in _SLOW_PATHS):
            item.add_marker(pytest.mark.slow)
