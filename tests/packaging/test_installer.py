"""The installer build for real (slow: about 2.5 minutes on 2 cores): ``python build_installer.py``
into a temporary folder, then the built program's self-test (transcription included, with a
Whisper model in its cache as a user would have one, and no onnxruntime), its cold start, the
team database on a real PostgreSQL server, the size budget, and that every library in the folder
finds the libraries it links to."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Iterator

import pytest

from app import selftest
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import bundle  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="this build is tested on Linux (docs/installer.md: Windows, macOS)")


class Build:
    """A finished build: its folder, the archive and what build_installer printed."""

    def __init__(self, folder: Path, output: str) -> None:
        self.folder = folder
        self.program = folder / "andock"
        self.output = output

    def figure(self, what: str) -> tuple[float, float]:
        """MB (SI) and MiB printed for 'unpacked' or 'compressed'."""
        match = re.search(rf"^{what}: +([\d.]+) MB \( *([\d.]+) MiB\)", self.output, re.M)
        assert match, self.output
        return float(match.group(1)), float(match.group(2))


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Iterator[Build]:
    """``python build_installer.py`` into a fresh temporary folder (exit 0: within the budget);
    removed afterwards (about 1 GB with the archive and PyInstaller's work folder)."""
    base = tmp_path_factory.mktemp("installer")
    proc = subprocess.run([sys.executable, "build_installer.py", "--dist", str(base / "dist"),
                           "--work", str(base / "work")], cwd=ROOT, capture_output=True, text=True,
                          timeout=1200)
    output = proc.stdout + proc.stderr
    print(proc.stdout)  # build time and sizes in the test log
    assert proc.returncode == 0, output[-4000:]
    yield Build(base / "dist" / "andock", output)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def user_env(build, tmp_path_factory) -> dict[str, str]:
    """A user without settings whose model cache holds the Whisper base model (the registry
    package's model, as assembled for the source tests: the build itself ships no model)."""
    from transcription import models

    home = tmp_path_factory.mktemp("home")
    cache = home / "cache"
    (cache / "models").mkdir(parents=True)
    (cache / "models" / "base").symlink_to(models.resolve("base").ct2_dir, target_is_directory=True)
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), ANDOCK_CACHE_DIR=str(cache),
                ANDOCK_LOG_DIR=str(home / "logs"), QT_QPA_PLATFORM="offscreen")


def test_within_the_size_budget(build):
    """500 MB unpacked and 250 MB compressed, in SI megabytes as the issue states them."""
    (unpacked, unpacked_mib), (compressed, compressed_mib) = build.figure("unpacked"), build.figure("compressed")
    assert unpacked <= bundle.BUDGET_UNPACKED_MB and compressed <= bundle.BUDGET_COMPRESSED_MB
    measured = sum(p.lstat().st_size for p in build.folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert measured <= 500_000_000
    assert abs(measured / 1e6 - unpacked) < 0.1 and abs(measured / 2**20 - unpacked_mib) < 0.1
    archive = next(build.folder.parent.glob("andock-*-linux-*.tar.gz"))
    assert archive.stat().st_size <= 250_000_000
    assert abs(archive.stat().st_size / 1e6 - compressed) < 0.1
    assert abs(archive.stat().st_size / 2**20 - compressed_mib) < 0.1
    with tarfile.open(archive) as tf:
        assert tf.getmember("andock/andock").isfile() and tf.getmember("andock/install-desktop.sh").isfile()


def test_selftest_of_the_built_program(build, user_env, tmp_path):
    """Every step OK in the built program, transcription (in its spawned child) included."""
    proc = subprocess.run([str(build.program), "--selftest"], cwd=tmp_path, env=user_env,
                          capture_output=True, text=True, timeout=600)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(built program;" in proc.stdout.splitlines()[0]
    assert len(re.findall(r"^  OK ", proc.stdout, re.M)) == len(selftest.STEPS)
    assert re.search(r"OK +transcribe 3 s of German speech: '.*[Gg]uten [Tt]ag", proc.stdout)


def test_selftest_without_a_model_says_so(build, user_env, tmp_path):
    empty = tmp_path / "cache"
    empty.mkdir()
    proc = subprocess.run([str(build.program), "--selftest"], cwd=tmp_path,
                          env=dict(user_env, ANDOCK_CACHE_DIR=str(empty)), capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"SKIPPED +transcribe 3 s of German speech: no Whisper model installed", proc.stdout)


def test_cold_start_under_3_s(build, user_env, tmp_path):
    """First start (first-run dialog, then the window) and a second one: the window within 3 s
    of the process starting (QT_QPA_PLATFORM=offscreen)."""
    env = dict(user_env, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    for run in ("first", "second"):
        proc = subprocess.run([str(build.program), "startup-probe"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        print(run, proc.stdout)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        seconds = float(re.search(r"window painted ([\d.]+) s", proc.stdout).group(1))  # type: ignore[union-attr]
        assert seconds < 3.0
        assert ("FirstRunDialog painted" in proc.stdout) is (run == "first")


def test_every_library_finds_what_it_links_to(build):
    """What was pruned was not needed: each library in the folder finds its libraries there or on
    the system, except those this build machine lacks: named in PyInstaller's warnings, or system
    libraries PyInstaller never bundles (each computer's own, e.g. libwayland-egl)."""
    from PyInstaller.depend.dylib import include_library

    lacking_here = set(re.findall(r"could not resolve '([^']+)'", build.output))
    internal = build.folder / "_internal"
    missing: dict[str, set[str]] = {}
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        proc = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                              env=dict(os.environ, LD_LIBRARY_PATH=str(internal)))
        for name in re.findall(r"^\s*(\S+) => not found", proc.stdout, re.M):
            missing.setdefault(name, set()).add(str(path.relative_to(internal)))
    assert not {name: users for name, users in missing.items()
                if name not in lacking_here and include_library(name)}


def test_leaves_out_what_it_should(build):
    """CPU build without torch, CUDA or openai-whisper, no Whisper model, no onnxruntime (the VAD
    runs in numpy), spaCy with German and English only, Qt without QML and foreign translations;
    with the team database (its libraries and keyring's back ends in the program's archive)."""
    names = [p.relative_to(build.folder).as_posix() for p in build.folder.rglob("*")]
    unwanted = re.compile(r"(^|/)(torch|whisper|nvidia|triton|onnxruntime|onnx|flatbuffers)(/|$)|libcud|libcublas"
                          r"|\.onnx$|libonnxruntime|model\.bin$|PySide6/Qt/qml/|translations/qtbase_fr|spacy/lang/fr/")
    assert not [n for n in names if unwanted.search(n)]
    for wanted in ("_internal/resources/voice/encoder.npz", "_internal/resources/selftest/selftest-de.wav",
                   "_internal/resources/vad/silero_vad_v6.npz", "_internal/resources/vad/LICENSE-silero-vad.txt",
                   "_internal/resources/fonts/DejaVuSans.ttf", "_internal/resources/i18n/andock_de.qm",
                   "_internal/PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
                   "_internal/coding/store/migrations/versions/0001_initial_schema.py"):
        assert wanted in names
    assert any(n.startswith("_internal/psycopg_binary/") for n in names)
    modules = _archived_modules(build.program)
    assert {"transcription.vad", "psycopg", "keyring.backends.SecretService", "secretstorage", "jeepney",
            "cryptography"} <= modules
    assert not {m for m in modules if m.split(".")[0] in ("onnxruntime", "onnx", "flatbuffers")}


def _archived_modules(program: Path) -> set[str]:
    """The Python modules in the program's archive (PyInstaller's PYZ inside the executable)."""
    from PyInstaller.archive.readers import CArchiveReader

    return set(CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz").toc)


def test_team_database_in_the_built_program(build, user_env, pg_server, tmp_path):
    """The built program sets up a team database on a real PostgreSQL server and opens it."""
    url = pg_server.new_database()
    for args in (["server", "init", url, "--coders", "Lena", "Murat", "--lead", "Lena", "--name", "Studie"],
                 ["info", url]):
        proc = subprocess.run([str(build.program), *args], cwd=tmp_path, env=user_env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Studie" in proc.stdout
