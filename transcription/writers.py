"""Transcript files: f4-style TXT, DOCX, SRT, VTT and JSON.

The f4 TXT is what ``andock import`` reads back to the same document text, speaker turns and
time anchors as transcribing straight into a project: ``Label: text #hh:mm:ss-d#`` paragraphs
separated by one blank line.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

from .errors import TranscriptionError
from .result import Transcript, TurnData, Word

FORMATS = ("txt", "docx", "srt", "vtt", "json")
_CUE_MAX_S = 7.0
_CUE_MAX_CHARS = 84


def f4_stamp(ms: int) -> str:
    """``#hh:mm:ss-d#`` (tenths of a second, rounded)."""
    tenths = (max(0, ms) + 50) // 100
    s = tenths // 10
    return f"#{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}-{tenths % 10}#"


def turn_line(turn: TurnData) -> str:
    """One f4 paragraph: ``I: text #00:00:12-3#``."""
    label = f"{turn.speaker}: " if turn.speaker else ""
    return f"{label}{turn.text} {f4_stamp(turn.end_ms)}"


def f4_text(t: Transcript) -> str:
    """The f4 / Dresing & Pehl transcript text."""
    return "".join(turn_line(turn) + "\n\n" for turn in t.turns).rstrip("\n") + "\n" if t.turns else ""


def _cues(t: Transcript) -> list[tuple[float, float, str, str]]:
    """``(start, end, speaker, text)`` subtitle cues: at most ~7 s / 84 characters, one speaker."""
    cues: list[tuple[float, float, str, str]] = []
    for seg in t.segments:
        words = seg.words or [Word(seg.start, seg.end, seg.text, 1.0, seg.speaker)]
        group: list[Word] = []
        for w in words:
            text = " ".join(x.text.strip() for x in group + [w])
            if group and (w.speaker != group[0].speaker or w.end - group[0].start > _CUE_MAX_S
                          or len(text) > _CUE_MAX_CHARS):
                cues.append(_cue(group))
                group = []
            group.append(w)
            if w.text.rstrip().endswith((".", "?", "!")) and w.end - group[0].start >= 1.0:
                cues.append(_cue(group))  # prefer ending a cue with its sentence
                group = []
        if group:
            cues.append(_cue(group))
    return [c for c in cues if c[3]]


def _cue(words: list[Word]) -> tuple[float, float, str, str]:
    text = " ".join(" ".join(w.text.strip() for w in words).split())
    return words[0].start, max(words[-1].end, words[0].start + 0.2), words[0].speaker, text


def _clock(seconds: float, sep: str) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    s = ms // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}{sep}{ms % 1000:03d}"


def srt_text(t: Transcript) -> str:
    """SubRip subtitles; speakers as ``I:`` at the start of the cue text."""
    blocks = []
    for n, (start, end, spk, text) in enumerate(_cues(t), 1):
        label = f"{spk}: " if spk else ""
        blocks.append(f"{n}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{label}{text}\n")
    return "\n".join(blocks)


def vtt_text(t: Transcript) -> str:
    """WebVTT subtitles; speakers as voice tags ``<v I>``."""
    blocks = ["WEBVTT\n"]
    for start, end, spk, text in _cues(t):
        voice = f"<v {spk}>" if spk else ""
        blocks.append(f"{_clock(start, '.')} --> {_clock(end, '.')}\n{voice}{text}\n")
    return "\n".join(blocks)


def json_text(t: Transcript) -> str:
    """Everything: metadata, turns, segments with words, times, speakers and probabilities."""
    return json.dumps(t.to_dict(), ensure_ascii=False, indent=1) + "\n"


def docx_bytes(t: Transcript) -> bytes:
    """A Word file with one paragraph per turn (label in bold), as f4 writes it."""
    from docx import Document

    doc = Document()
    for turn in t.turns:
        p = doc.add_paragraph()
        if turn.speaker:
            p.add_run(f"{turn.speaker}:").bold = True
            p.add_run(" ")
        p.add_run(f"{turn.text} {f4_stamp(turn.end_ms)}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(t: Transcript, kind: str) -> bytes:
    """The whole file of format ``kind`` (txt, docx, srt, vtt, json) in memory, nothing written."""
    kind = kind.lower().lstrip(".")
    if kind not in FORMATS:
        raise TranscriptionError(f"unknown output format '.{kind}' (choose {', '.join(FORMATS)})")
    if kind == "docx":
        return docx_bytes(t)
    text = {"txt": f4_text, "srt": srt_text, "vtt": vtt_text, "json": json_text}[kind](t)
    return text.encode("utf-8")


def write(t: Transcript, out: str | Path) -> Path:
    """Write ``t`` in the format named by ``out``'s suffix, replacing ``out`` by a complete file.

    For scripts and tests; the ``andock`` command writes ``render``'s bytes through
    ``coding.base.safefile`` (refusing an existing file unless asked, flushed to the disk).
    """
    out = Path(out)
    data = render(t, out.suffix)  # rendered first: a failure leaves no file at all
    tmp = out.with_name(f".{out.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
