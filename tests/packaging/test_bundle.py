"""What the build leaves out and how it strips (packaging/bundle.py), on the real files of this
environment's wheels."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import PySide6
import regex as regex_package

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import bundle  # noqa: E402

QT = Path(PySide6.__file__).parent / "Qt"


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/translations/qtbase_fr.qm", False),
    ("PySide6/translations/qtmultimedia_de.qm", True),  # Windows/macOS wheels' layout
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
    ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
    ("spacy/lang/de/stop_words.json", True),
    ("spacy/lang/fr/lemma_lookup.json", False),
    ("resources/i18n/andock_de.qm", True),
    ("resources/i18n/andock_de.ts", False),
    ("coding/store/migrations/versions/0001_initial_schema.py", True),
    ("numpy/_core/tests/data/umath-validation-set-log.csv", False),
])
def test_keep(dest, kept):
    assert bundle.keep(dest) is kept


@pytest.mark.parametrize("module, kept", [
    ("spacy.lang.de", True), ("spacy.lang.de.stop_words", True), ("spacy.lang.en", True),
    ("spacy.lang.punctuation", True), ("spacy.lang.fr", False), ("spacy.lang.ja.tag_map", False),
    ("spacy.tests.test_language", False), ("torch", False), ("whisper.model", False),
    ("faster_whisper", True), ("PySide6.QtMultimedia", True), ("PySide6.QtWebEngineCore", False),
    # the VAD runs in numpy (transcription/vad.py): onnxruntime and what only it needs stay out
    ("onnxruntime", False), ("onnxruntime.capi._pybind_state", False), ("google.protobuf", False),
    ("flatbuffers", False), ("transcription.vad", True),
])
def test_keep_module(module, kept):
    assert bundle.keep_module(module) is kept


def test_team_database_unless_left_out():
    assert "psycopg" in bundle.excludes(team=False) and "cryptography" in bundle.excludes(team=False)
    assert not set(bundle.TEAM_MODULES) & set(bundle.excludes(team=True))


def test_budget_in_si_megabytes():
    """The issue's budget: 500 MB unpacked, 250 MB compressed, 1 MB = 1,000,000 bytes."""
    assert bundle.BUDGET_UNPACKED_MB * bundle.MB == 500_000_000
    assert bundle.BUDGET_COMPRESSED_MB * bundle.MB == 250_000_000


def test_prune_drops_what_only_dropped_plugins_needed():
    """The PDF image plug-in goes, and with it Qt's PDF engine that only it links to; Qt's GUI
    library, which kept plug-ins link to as well, stays; so do links to kept libraries."""
    lib, plugins = QT / "lib", QT / "plugins"
    binaries = [
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", str(plugins / "imageformats/libqpdf.so"), "BINARY"),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", str(plugins / "imageformats/libqsvg.so"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", str(lib / "libQt6Pdf.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", str(lib / "libQt6Gui.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Svg.so.6", str(lib / "libQt6Svg.so.6"), "BINARY"),
    ]
    datas = [("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
             ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
             ("resources/i18n/andock_de.ts", "andock_de.ts", "DATA")]
    kept_binaries, kept_datas = bundle.prune(binaries, datas)
    assert [e[0] for e in kept_binaries] == ["PySide6/Qt/plugins/imageformats/libqsvg.so",
                                             "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Svg.so.6"]
    assert kept_datas == [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="stripping is done on Linux only")
def test_strip_keeps_what_strip_would_break(tmp_path):
    """numpy's OpenBLAS (edited by patchelf when the wheel was made) would not load once stripped:
    the original is used. An ordinary extension module is stripped, and still loads."""
    assert shutil.which("strip"), "binutils' strip is needed to build (apt-get install binutils)"
    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    openblas = next(libs.glob("libscipy_openblas*.so"))
    regex = next(Path(regex_package.__file__).parent.glob("_regex*.so"))
    entries = [("numpy.libs/" + openblas.name, str(openblas), "BINARY"),
               ("regex/" + regex.name, str(regex), "EXTENSION"),
               ("resources/fonts/DejaVuSans.ttf", "x.ttf", "DATA")]
    out = bundle.strip_binaries(entries, tmp_path)
    assert out[0] == entries[0]  # refused: the stripped copy is not loadable
    broken = tmp_path / "check" / openblas.name
    broken.parent.mkdir()
    shutil.copyfile(openblas, broken)
    subprocess.run(["strip", str(broken)], check=True)
    assert not bundle._loadable(broken) and bundle._loadable(openblas)
    stripped = Path(out[1][1])
    assert stripped.parent.parent == tmp_path and stripped.stat().st_size < regex.stat().st_size
    loaded = subprocess.run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(stripped)!r})"],
                            capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert out[2] == entries[2]
