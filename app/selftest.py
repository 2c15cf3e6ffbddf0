"""``andock --selftest``: does this Andock work on this computer? (issue 13)

Runs what a researcher does in a temporary folder — a project, an imported and coded transcript
(undone and redone), a PDF report, an XLSX matrix (words counted with spaCy), the window's Qt
libraries, decoding audio and the voice encoder, and transcribing three seconds of German speech
shipped in ``resources/selftest`` when a Whisper model is installed — and prints each step with
OK, FAILED (and why) or SKIPPED (cannot run here, e.g. no model: not a failure). Exit code 0 when
no step failed, 1 otherwise. The same code checks an installed build (``dist/andock/andock
--selftest``) and a source checkout (``.venv/bin/andock --selftest``); nothing outside the
temporary folder is changed, except that a model installed as a package is assembled into the
model cache as any first transcription would.
"""
from __future__ import annotations

import platform
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from coding import __version__
from coding.base.ids import DocumentId
from coding.store.project import Project

# the shipped German test clip (espeak-ng, 3 s, 16 kHz mono) and words a model must hear in it
AUDIO = "selftest-de.wav"
SPOKEN = ("guten", "tag", "das", "ist", "test")
CODE_PATH = "Selbsttest/Beispiel"


class Skipped(Exception):
    """A step that cannot run on this computer (reported, not a failure)."""


@dataclass
class Context:
    """What the steps share: the temporary folder, and the project once it exists."""

    folder: Path
    model: str | None = None  # a model name or folder to transcribe with; None: the smallest installed
    transcribe: bool = True  # False: the transcription step is skipped (as asked)
    project: Project | None = None
    document: DocumentId | None = None
    closing: list[Callable[[], None]] = field(default_factory=list)

    def open_project(self) -> Project:
        """The project of the first step (a later step cannot run without it)."""
        if self.project is None:
            raise RuntimeError("no project (creating it failed above)")
        return self.project


def resource(*parts: str) -> Path:
    """A file shipped in the ``resources`` package (source tree or built program alike)."""
    path = resources.files("resources")
    for part in parts:  # one part at a time: the built program's MultiplexedPath takes one
        path = path / part
    return Path(str(path))


def create_project(ctx: Context) -> str:
    """A new project file: the schema migrations (shipped as scripts) run."""
    path = ctx.folder / "selbsttest.andock"
    ctx.project = Project.create(path, "Selbsttest")
    ctx.closing.append(ctx.project.close)
    if not path.is_file():
        raise RuntimeError(f"{path.name} was not written")
    return f"{path.name}, schema up to date"


def import_transcript(ctx: Context) -> str:
    """One of the demo interviews, through the importers."""
    from coding.services import documents

    project = ctx.open_project()
    source = next(iter(sorted(resource("demo", "transcripts").glob("*.txt"))))
    (ctx.document,) = documents.import_files(project, [source])
    with project.read() as conn:
        length = len(documents.get_text(conn, ctx.document))
    return f"{source.name}, {length:,} characters"


def code_passage(ctx: Context) -> str:
    """Code the first paragraph as one action, then undo and redo it."""
    from coding.services import codes, coders, documents, segments

    project, document = ctx.open_project(), ctx.document
    if document is None:
        raise RuntimeError("no document (importing failed above)")
    with project.action("Code segment") as act:
        text = documents.get_text(act.conn, document)
        end = text.find("\n") if "\n" in text else len(text)
        code_id = codes.ensure_path(act, CODE_PATH)
        act.coder_id = coders.resolve_coder(act, "Selbsttest")
        segments.apply_code(act, document, code_id, act.coder_id, 0, end)

    def coded() -> list[tuple[int, int]]:
        with project.read() as conn:
            return [(s.start, s.end) for s in segments.segments_of_document(conn, document)]
    if coded() != [(0, end)]:
        raise RuntimeError(f"expected one coding 0-{end}, found {coded()}")
    project.undo("Selbsttest")
    if coded():
        raise RuntimeError("undo left the coding in place")
    project.redo("Selbsttest")
    if coded() != [(0, end)]:
        raise RuntimeError("redo did not bring the coding back")
    return f"{end} characters coded, undone and redone"


def pdf_report(ctx: Context) -> str:
    """The segments report as PDF with the shipped fonts embedded (reportlab)."""
    from coding.reports import write_report

    path = write_report(ctx.open_project(), ctx.folder / "bericht.pdf", "segments", lang="de")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"/FontFile2" not in data:
        raise RuntimeError(f"{path.name} is not a PDF with embedded fonts")
    return f"{path.name}, {len(data) // 1024} KB"


def xlsx_matrix(ctx: Context) -> str:
    """Codes x documents as XLSX, read back (openpyxl); words per document counted with spaCy."""
    import openpyxl

    from coding.analysis.crosstab import crosstab
    from coding.analysis.matrix_export import write_crosstab_xlsx

    with ctx.open_project().read() as conn:
        table = crosstab(conn, None)
    path = write_crosstab_xlsx(table, ctx.folder / "matrix.xlsx", lang="de")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        cells = {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row}
    finally:
        book.close()
    row = next((r for r in table.rows if r.path == CODE_PATH), None)
    if row is None or CODE_PATH not in cells:
        raise RuntimeError(f"the code {CODE_PATH} is missing from {path.name}")
    if row.per_1000_words[0] is None:
        raise RuntimeError("no words counted (spaCy's tokenizer)")
    return f"{path.name}, {len(book.sheetnames)} sheets, {row.per_1000_words[0]:.1f} codings per 1,000 words"


def window_libraries(ctx: Context) -> str:
    """What the window loads: its modules, Qt's widgets and media player with the FFmpeg
    plug-in, and the German translations (Andock's and Qt's)."""
    import importlib

    from PySide6 import __version__ as qt_version
    from PySide6.QtCore import QLibraryInfo, QTranslator

    importlib.import_module("PySide6.QtMultimedia")
    importlib.import_module("app.gui.main_window")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    if not any("ffmpeg" in p.name for p in plugins.glob("*")):
        raise RuntimeError(f"Qt's FFmpeg media plug-in is missing in {plugins}")
    for name, folder in (("andock_de", str(resource("i18n"))),
                         ("qtbase_de", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        if not QTranslator().load(name, folder):
            raise RuntimeError(f"the translation {name} is missing in {folder}")
    return f"Qt {qt_version}, FFmpeg media plug-in, German translations"


def voice_encoder(ctx: Context) -> str:
    """Decode the test clip (PyAV) and embed its voice (the encoder in numpy)."""
    import numpy as np

    from transcription import audio, diarize

    samples = audio.load(resource("selftest", AUDIO))
    encoder = diarize.VoiceEncoder()
    mels = encoder.mel(samples)[: diarize.WIN]
    embedding = encoder.embed(mels[None])[0]
    if embedding.shape != (256,) or not np.isfinite(embedding).all() or abs(np.linalg.norm(embedding) - 1) > 1e-3:
        raise RuntimeError(f"unexpected voice embedding {embedding.shape}")
    return f"{len(samples) / diarize.SR:.1f} s decoded, 256-d voice embedding"


def transcribe_clip(ctx: Context) -> str:
    """Transcribe the test clip in the transcription child process, two speakers asked for."""
    from transcription import models
    from transcription.engines import Options
    from transcription.runner import TranscriptionJob

    if not ctx.transcribe:
        raise Skipped("not asked for (--no-transcription)")
    model = ctx.model or _smallest_model()
    started = time.monotonic()
    opts = Options(model=model, language="de", speakers=2)
    transcript = TranscriptionJob(resource("selftest", AUDIO), opts, journal_dir=ctx.folder / "journal").run()
    text = " ".join(turn.text for turn in transcript.turns)
    heard = set(re.findall(r"\w+", text.casefold())) & set(SPOKEN)
    if len(heard) < 2:
        raise RuntimeError(f"the model heard {text!r} in a clip that says 'Guten Tag. Das ist ein Test …'")
    return f"{text!r} ({models.canonical(model)}, {time.monotonic() - started:.1f} s)"


def _smallest_model() -> str:
    """The smallest installed Whisper model; Skipped when there is none."""
    from transcription import models

    installed = models.installed_models()
    if not installed:
        raise Skipped(f"no Whisper model installed (the models are downloaded when asked: in the "
                      f"window's transcription options, or andock transcribe-file … --download); "
                      f"looked in {models.models_dir()}")
    return min(installed, key=lambda name: models.SIZES_MB[name])


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("create a project", create_project),
    ("import a transcript", import_transcript),
    ("code, undo and redo", code_passage),
    ("export a PDF report", pdf_report),
    ("export an XLSX matrix", xlsx_matrix),
    ("load the window's libraries", window_libraries),
    ("decode audio, voice encoder", voice_encoder),
    ("transcribe 3 s of German speech", transcribe_clip),
]


def run_selftest(model: str | None = None, transcribe: bool = True, write: Callable[[str], object] = print) -> int:
    """Run every step in a temporary folder, printing one line each; 0 if none failed, else 1."""
    kind = "built program" if getattr(sys, "frozen", False) else "from source"
    write(f"Andock {__version__} self-test ({kind}; Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()})")
    failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="andock-selftest-") as folder:
        ctx = Context(Path(folder), model=model, transcribe=transcribe)
        try:
            for label, step in STEPS:
                status, detail = _run_step(step, ctx)
                failed += status == "FAILED"
                skipped += status == "SKIPPED"
                write(f"  {status:<8} {label}: {detail}")
        finally:
            for close in reversed(ctx.closing):
                close()
    if failed:
        write(f"{failed} of {len(STEPS)} steps FAILED")
        return 1
    write(f"all {len(STEPS) - skipped} steps OK" + (f", {skipped} skipped" if skipped else ""))
    return 0


def _run_step(step: Callable[[Context], str], ctx: Context) -> tuple[str, str]:
    """("OK", detail), ("SKIPPED", why) or ("FAILED", the error in one line)."""
    started = time.monotonic()
    try:
        detail = step(ctx)
    except Skipped as exc:
        return "SKIPPED", str(exc)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, then the next step runs
        import logging

        logging.getLogger("andock.selftest").exception("self-test step %s failed", step.__name__)
        return "FAILED", f"{type(exc).__name__}: {exc}"
    return "OK", f"{detail} [{time.monotonic() - started:.1f} s]"
