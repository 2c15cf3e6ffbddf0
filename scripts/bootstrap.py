"""Set up a virtual environment in .venv and run the demo or the test suite.

    python3 scripts/bootstrap.py demo    # install Andock and create/open the demo project
    python3 scripts/bootstrap.py test    # install Andock with test tools and run every check
    python3 scripts/bootstrap.py test --quick   # the same without the tests marked slow (development)

Works on Windows, macOS and Linux with Python >= 3.11; only the standard library is needed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | Path, env: dict | None = None) -> None:
    """Run a command, stopping with its exit code when it fails."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code:
        sys.exit(code)


def ensure_venv(extra: str | None) -> None:
    """Create .venv if needed and install Andock (editable) with the given extra."""
    if sys.version_info < (3, 11):
        sys.exit(f"Andock needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", target)


def main(argv: list[str]) -> None:
    """Dispatch ``demo`` or ``test`` (extra arguments go to the demo or to pytest)."""
    if not argv or argv[0] not in ("demo", "test"):
        sys.exit(__doc__)
    what, rest = argv[0], argv[1:]
    if what == "demo":
        ensure_venv("transcription")  # the desktop app with local transcription (faster-whisper, PyAV)
        run(BIN / "andock", "demo", *rest)
        return
    ensure_venv("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    run(BIN / "lint-imports", env=env)
    run(BIN / "mypy", env=env)  # the files and settings are in pyproject.toml [tool.mypy]
    # two worker processes (pytest-xdist), a test file each at a time: the suite waits much of its
    # time on child processes, servers and Whisper, so two cores finish it in about two thirds
    # of the time; tests share nothing but read-only fixtures (each worker has its own caches,
    # database server and sound server). Other pytest arguments run as given.
    parallel = ["-n", "2", "--dist", "loadfile"]
    if rest[:1] == ["--quick"]:  # everything not marked slow: a few minutes, for development
        rest = ["-q", "-m", "not slow", *parallel, *rest[1:]]
    run(PY, "-m", "pytest", *(rest or ["-q", *parallel]), env=env)


if __name__ == "__main__":
    main(sys.argv[1:])
