"""What the built program contains and what it leaves out; read by packaging/andock.spec (the
PyInstaller build) and by build_installer.py (the size budget).

Contents: the window (PySide6 with QtMultimedia and its FFmpeg plugin), the core, local
transcription (faster-whisper, CTranslate2, PyAV), the voice-activity model and the voice encoder
in numpy, spaCy with its German and English tokenizer rules, reportlab with the fonts in
resources/fonts, the translations, the team database (PostgreSQL driver, keyring). Not
contained: Whisper models (downloaded when the user asks), torch and openai-whisper (the
reference engine), onnxruntime, CUDA libraries (this is the CPU build), test and development
tools; the team database only when asked (``--no-team``).
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

Entry = tuple[str, str, str]  # a PyInstaller TOC entry: destination, source, type

# Size budget of the built folder (issue 13): unpacked, and as a tar.gz / zip of that folder, in
# megabytes as the issue states it (SI: 1 MB = 1,000,000 bytes; `du -sh` counts MiB, 4.9 % more).
BUDGET_UNPACKED_MB = 500
BUDGET_COMPRESSED_MB = 250
MB = 1_000_000

# Python modules never bundled, though something in the environment may import them:
EXCLUDES = [
    # the reference engine and its stack (openai-whisper needs torch; the installer has
    # faster-whisper only: transcription.engines imports them only when that engine is chosen)
    "torch", "torchaudio", "torchvision", "whisper", "triton", "numba", "llvmlite", "tiktoken",
    "tiktoken_ext", "sympy", "networkx",
    # onnxruntime (35 MiB) ran only faster-whisper's Silero VAD, which transcription/vad.py runs
    # in numpy; with it go the packages only it needs, and onnx (scripts/extract_vad.py's)
    "onnxruntime", "onnx", "flatbuffers", "google.protobuf",
    # optional back ends that thinc/spaCy and huggingface_hub try to import
    "tensorflow", "jax", "jaxlib", "cupy", "mxnet", "transformers", "safetensors",
    "scipy", "sklearn", "pandas", "matplotlib",
    # Pillow: reportlab imports PIL.Image (for pictures, which Andock's reports have none of);
    # its other formats and font engine stay out, with the libraries they link to
    "PIL._avif", "PIL._webp", "PIL._imagingft", "PIL._imagingcms", "PIL._imagingmath",
    "PIL._imagingmorph", "PIL._imagingtk", "PIL.ImageQt", "PIL.ImageTk", "PIL.ImageShow",
    # huggingface_hub's Xet accelerator: without it a model download is a plain HTTPS download
    "hf_xet",
    # terminal colours for spaCy's and typer's own commands (typer works without them)
    "rich", "pygments",
    # parts of libraries Andock does not reach: python-docx and openpyxl use lxml.etree only;
    # projects are SQLite or PostgreSQL
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.cssselect",
    "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.oracle",
    "numpy.f2py",
    # development and test tools
    "IPython", "jupyter_client", "notebook", "pytest", "_pytest", "hypothesis", "mypy",
    "importlinter", "grimp", "pypdf", "krippendorff", "PyInstaller", "setuptools", "pip",
    "tkinter", "_tkinter", "pydoc_data", "lib2to3", "unittest.test", "test", "readline",
    # test suites inside libraries
    "spacy.tests", "thinc.tests", "srsly.tests", "numpy.tests", "numpy.testing._private.extbuild",
    "sqlalchemy.testing", "openpyxl.tests", "av.tests",
    # Qt modules Andock does not use (it uses QtCore, QtGui, QtWidgets, QtMultimedia)
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DExtras", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "PySide6.QtWebSockets",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtPdf",
    "PySide6.QtPdfWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtTextToSpeech",
    "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio", "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvgWidgets", "PySide6.QtUiTools", "PySide6.QtXml", "PySide6.QtScxml",
    "PySide6.QtStateMachine", "PySide6.QtRemoteObjects", "PySide6.QtNetworkAuth",
    "PySide6.QtHttpServer", "PySide6.QtNfc", "PySide6.QtConcurrent", "PySide6.QtDBus",
]

# The team database (issue 12: PostgreSQL driver, the system keyring for its passwords and, on
# Linux, keyring's Secret Service back end with jeepney and cryptography): about 22 MiB. In the
# program by default, since the window offers File > Connect to team database; a build without
# it (build_installer.py --no-team) answers a postgresql:// address with "No module named
# 'psycopg'". docs/installer.md has the figures.
TEAM_MODULES = ["psycopg", "psycopg_binary", "psycopg_c", "psycopg_pool", "keyring", "secretstorage",
                "jeepney", "cryptography"]


def excludes(team: bool) -> list[str]:
    """The modules to leave out, with or without the team database."""
    return EXCLUDES + ([] if team else TEAM_MODULES)


# Modules imported by name at run time, which the analysis cannot see: spaCy finds a language's
# rules with importlib (spacy.blank("de") -> spacy.lang.de).
HIDDEN_IMPORTS = ["spacy.lang.de", "spacy.lang.en"]

# Files the analysis collected that are not needed (paths inside the folder, "/"-separated):
_DROP = [
    r"PySide6/(Qt/)?translations/(?!qt(base|multimedia)?_de\.qm$)",  # Qt's texts: German only
    r"PySide6/(Qt/)?qml/",  # QML modules (Andock's window is widgets only)
    # Qt plug-ins of modules Andock does not use; for embedded devices (eglfs, linuxfb, vnc,
    # touch screens, virtual keyboard); the GTK theme (would mix bundled cairo/pango with the
    # system's GTK; Qt's own dialogs are used instead); network plug-ins (the player reads local
    # files); image formats no window shows (PDF pulls in all of Qt's PDF engine)
    # (Linux wheels keep them in PySide6/Qt/plugins, Windows and macOS ones in PySide6/plugins)
    r"PySide6/(Qt/)?plugins/(sqldrivers|qmltooling|qmllint|designer|webview|texttospeech|sensors|"
    r"position|geoservices|canbus|sceneparsers|renderers|renderplugins|geometryloaders|"
    r"assetimporters|scxmldatamodel|printsupport|vectorimageformats|egldeviceintegrations|generic|"
    r"tls|networkinformation)/",
    r"PySide6/(Qt/)?plugins/platforms/(lib)?(qlinuxfb|qvnc|qvkkhrdisplay|qeglfs|qminimalegl)\.",
    r"PySide6/(Qt/)?plugins/platforminputcontexts/(lib)?qtvirtualkeyboardplugin\.",
    r"PySide6/(Qt/)?plugins/platformthemes/(lib)?qgtk3\.",
    r"PySide6/(Qt/)?plugins/imageformats/(lib)?(qpdf|qtiff|qwebp|qwbmp|qtga)\.",
    r"lxml/isoschematron/",  # the data of an lxml module excluded above
    r"^libmvec\.so",  # part of the C library (glibc) of the build machine: every Linux has its own
    r"(^|/)__pycache__/", r"\.pyc$", r"\.pyi$", r"(^|/)py\.typed$",
    r"(^|/)tests?/",  # test folders inside libraries
    r"\.(h|hpp|c|cpp|pxd|pyx|pxi)$",  # C sources and headers that wheels carry
    r"^resources/(i18n/.*\.ts|locale/.*\.po)$",  # translation sources: the compiled .qm/.mo ship
]
_DROP_RE = re.compile("|".join(f"(?:{p})" for p in _DROP))
# spaCy's language data other than German (the tokenizer) and English (the UI's other language);
# the shared modules directly in spacy/lang/ stay
_SPACY_LANG_RE = re.compile(r"^spacy/lang/(?!(de|en)/)[a-z_]+/")


def keep(dest: str) -> bool:
    """Whether the file at ``dest`` (its path inside the built folder) is kept."""
    dest = dest.replace("\\", "/")
    return not (_DROP_RE.search(dest) or _SPACY_LANG_RE.match(dest))


def prune(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """The analysis' binaries and data files (PyInstaller TOC entries: destination, source, type)
    less the files ``keep`` refuses, the libraries that only those needed (Qt's PDF engine behind
    the PDF image plug-in, cairo and pango behind the GTK theme; a library that anything kept
    links to stays; links are followed by file name, as the loader finds them in the folder), and
    the symbolic links beside the program that would point to a file that went."""
    by_name: dict[str, list[Entry]] = {}
    for entry in binaries:
        by_name.setdefault(_base(entry[0]), []).append(entry)
    dropped = [entry for entry in binaries if not keep(entry[0])]
    pulled = _closure(dropped, by_name) - {entry[0] for entry in dropped}
    roots = [entry for entry in binaries if keep(entry[0]) and entry[0] not in pulled]
    gone = {entry[0] for entry in dropped} | (pulled - _closure(roots, by_name))
    binaries = [entry for entry in binaries if entry[0] not in gone]
    datas = [entry for entry in datas if keep(entry[0])]
    present = {entry[0] for entry in binaries + datas if entry[2] != "SYMLINK"}

    def dangling(entry: Entry) -> bool:
        return entry[2] == "SYMLINK" and entry[1] not in present
    return ([entry for entry in binaries if not dangling(entry)],
            [entry for entry in datas if not dangling(entry)])


def strip_binaries(binaries: list[Entry], cache: Path) -> list[Entry]:
    """Linux: the binaries with symbol tables and debug data removed (``strip``: most of spaCy's
    and CTranslate2's extension modules), stripped copies kept in ``cache``. A stripped copy the loader
    would refuse is not used: strip rewrites the file's layout, and some libraries that
    auditwheel edited with patchelf then have segments off their page alignment ("ELF load
    command address/offset not page-aligned": numpy's OpenBLAS and gfortran). Other systems:
    unchanged (Windows DLLs keep their signatures; on macOS PyInstaller signs what it collects)."""
    if not sys.platform.startswith("linux"):
        return binaries
    if shutil.which("strip") is None:
        raise SystemExit("packaging: strip is missing (apt-get install binutils); unstripped, the "
                         "build is far over the size budget")
    return [(dest, _stripped(Path(src), cache / dest) if kind in ("BINARY", "EXTENSION") else src, kind)
            for dest, src, kind in binaries]


def _stripped(src: Path, target: Path) -> str:
    """A stripped copy of ``src`` at ``target`` (made again when ``src`` is newer), or ``src``
    itself when stripping fails or would make it unloadable."""
    if target.exists() and target.stat().st_mtime >= src.stat().st_mtime and _loadable(target):
        return str(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(src, tmp)
    if subprocess.run(["strip", str(tmp)], capture_output=True).returncode or not _loadable(tmp):
        tmp.unlink()
        return str(src)
    os.replace(tmp, target)
    return str(target)


def _loadable(path: Path, page: int = 4096) -> bool:
    """False if a loadable segment of this 64-bit ELF file is not page-aligned (the loader's
    check); other files are not judged."""
    with open(path, "rb") as fh:
        head = fh.read(64)
        if head[:4] != b"\x7fELF" or head[4:6] != b"\x02\x01":  # 64-bit, little-endian
            return True
        (table_at,) = struct.unpack_from("<Q", head, 32)
        entry_size, entries = struct.unpack_from("<HH", head, 54)
        fh.seek(table_at)
        table = fh.read(entry_size * entries)
    for i in range(entries):
        kind, _flags, offset, address = struct.unpack_from("<IIQQ", table, i * entry_size)
        if kind == 1 and (address - offset) % page:  # PT_LOAD
            return False
    return True


def _base(dest: str) -> str:
    return dest.replace("\\", "/").rsplit("/", 1)[-1].lower()


def _closure(start: list[Entry], by_name: dict[str, list[Entry]]) -> set[str]:
    """Destinations of ``start`` and of everything they link to, transitively."""
    from PyInstaller.depend.bindepend import get_imports

    seen: set[str] = set()
    todo = list(start)
    while todo:
        entry = todo.pop()
        if entry[0] in seen:
            continue
        seen.add(entry[0])
        if entry[2] == "SYMLINK":
            continue
        try:
            linked = get_imports(entry[1])
        except Exception:  # noqa: BLE001 - not a binary PyInstaller can read: links to nothing
            linked = set()
        for name, _path in linked:
            todo.extend(by_name.get(_base(name), []))
    return seen


def keep_module(name: str) -> bool:
    """Whether the Python module ``name`` is kept: not excluded, and of spaCy's languages only
    German, English and the shared modules directly in ``spacy.lang``."""
    if any(name == x or name.startswith(x + ".") for x in EXCLUDES):
        return False
    parts = name.split(".")
    if parts[:2] != ["spacy", "lang"] or len(parts) == 2:
        return True
    return parts[2] in ("de", "en") or (len(parts) == 3 and parts[2] in _SPACY_SHARED)


# modules directly in spacy/lang/ that every language uses
_SPACY_SHARED = {"char_classes", "lex_attrs", "norm_exceptions", "punctuation", "tokenizer_exceptions"}
