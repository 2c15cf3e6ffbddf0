"""Read any supported document file into a ``ParsedDocument`` (the importers' front door).

* ``.txt`` (UTF-8 with or without BOM, UTF-16/32 with BOM, or the ``encoding`` given) and
  ``.docx``: a transcript when ``looks_like_transcript`` says so (then parsed as f4 /
  Dresing & Pehl), else ``kind == "text"`` with the text exactly as read (NFC, LF).
* ``.srt`` and ``.vtt``: always transcripts (see ``subtitles``).
* The suffix decides, case-insensitively. Other suffixes, empty files and files with only
  whitespace are an ``InputError``; every message starts with the file's name.
"""
from __future__ import annotations

from pathlib import Path

from coding.base.errors import InputError
from coding.text.textio import read_text_file
from coding.exchange.importers.docx_reader import read_docx_text
from coding.exchange.importers.model import ParsedDocument, check_text_size
from coding.exchange.importers.subtitles import parse_srt, parse_vtt
from coding.exchange.importers.transcript import looks_like_transcript, parse_transcript
from coding.base.messages import _

SUPPORTED_SUFFIXES = (".txt", ".docx", ".srt", ".vtt")

def _hints() -> dict[str, str]:
    """What to do with a file type Andock does not read (in the current language)."""
    return {
        ".doc": _("save it as .docx in Word or LibreOffice"),
        ".odt": _("save it as .docx in LibreOffice"),
        ".rtf": _("save it as .docx or .txt"),
        ".pdf": _("copy its text into a .txt file or convert it to .docx"),
    }


def read_document(path: str | Path, encoding: str | None = None) -> ParsedDocument:
    """Read a .txt, .docx, .srt or .vtt file; ``encoding`` overrides detection for text files."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = f"; {_hints()[suffix]}" if suffix in _hints() else ""
        kind = _("'{suffix}' files", suffix=suffix) if suffix else _("files without a suffix")
        raise InputError(
            _("{name}: cannot import {kind}; supported are {suffixes}{hint}",
              name=path.name, kind=kind, suffixes=', '.join(SUPPORTED_SUFFIXES), hint=hint)
        )
    if suffix != ".docx":  # refused before reading: a 200 MB file would fill memory first
        check_text_size(_file_size(path), path.name, "bytes")
    text = read_docx_text(path) if suffix == ".docx" else read_text_file(path, encoding)
    check_text_size(len(text), path.name)
    if not text.strip():
        raise InputError(_("{name}: contains no text", name=path.name))
    try:
        if suffix == ".srt":
            doc = parse_srt(text)
        elif suffix == ".vtt":
            doc = parse_vtt(text)
        elif looks_like_transcript(text):
            doc = parse_transcript(text)
        else:
            doc = ParsedDocument(text=text, kind="text")
    except InputError as exc:
        raise InputError(_("{name}: {exc}", name=path.name, exc=exc)) from None
    if not doc.text.strip():
        raise InputError(_("{name}: contains no text", name=path.name))
    return doc


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # missing or unreadable: read_text_file says why
        return 0
