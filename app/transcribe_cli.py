"""``andock transcribe`` and ``andock transcribe-file``: where transcription meets the project.

``transcription`` knows nothing of projects; here its neutral turns are laid out with
``coding.importers.transcript.build_transcript`` (the one layout of transcript text) and stored
with ``coding.documents.add_document``, one action per recording. Transcription errors become
``InputError`` (one line, exit 1) before anything is written.
"""
from __future__ import annotations

import argparse
import sys
import time
from argparse import Namespace
from pathlib import Path
from typing import Callable

from coding import documents
from coding.errors import Cancelled, InputError
from coding.importers.model import ParsedDocument
from coding.importers.transcript import build_transcript
from coding.project import Project

from .progressbar import TerminalProgress


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser], kv: Callable) -> None:
    """Register ``transcribe`` and ``transcribe-file`` on the ``andock`` parser."""
    p = add("transcribe", "transcribe recordings locally and add them to the project as transcripts")
    p.add_argument("project"); p.add_argument("audio", nargs="+")
    p.add_argument("--var", action="append", type=kv, default=[], metavar="KEY=VALUE")
    p.add_argument("--rename", action="store_true", help="add a name clash as a renamed copy")
    _options(p)
    p = add("transcribe-file", "transcribe one recording locally into a TXT (f4), DOCX, SRT, VTT or JSON file")
    p.add_argument("audio"); p.add_argument("-o", "--out", required=True, help="OUT.txt|docx|srt|vtt|json")
    _options(p)


def _options(p: argparse.ArgumentParser) -> None:
    from transcription.models import DEFAULT_MODEL, ENGINES

    p.add_argument("--engine", choices=ENGINES, default="faster-whisper")
    p.add_argument("--model", default=DEFAULT_MODEL, help=f"name (tiny … large-v3, large-v3-turbo; "
                   f"default {DEFAULT_MODEL}) or a model folder/file")
    p.add_argument("--download", action="store_true", help="download a named model if it is missing")
    p.add_argument("--language", default="de", help="language code, or 'auto' to detect (default de)")
    p.add_argument("--speakers", type=int, default=2, help="number of speakers (default 2: I and B)")
    p.add_argument("--stereo-speakers", action="store_true", help="one speaker per stereo channel")
    p.add_argument("--beam-size", type=int, default=5)
    p.add_argument("--prompt", help="vocabulary / initial prompt, e.g. names of places and organisations")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    p.add_argument("--sequential", action="store_true",
                   help="decode 30-s windows one after another (slower; no batching)")


def options_from_args(args: Namespace):
    """The transcription options the command line asked for."""
    from transcription.engines import Options

    if args.speakers < 1:
        raise InputError("--speakers must be at least 1")
    return Options(engine=args.engine, model=args.model, language=None if args.language == "auto" else args.language,
                   beam_size=args.beam_size, initial_prompt=args.prompt, speakers=args.speakers,
                   stereo_speakers=args.stereo_speakers, threads=args.threads, download=args.download,
                   batched=not args.sequential)


def to_parsed_document(transcript) -> ParsedDocument:
    """The project document for a transcript: the same text, turns and anchors as its f4 TXT."""
    return build_transcript([(t.speaker, t.text, [(len(t.text), t.end_ms)]) for t in transcript.turns])


def _journals() -> Path:
    from transcription.models import cache_dir

    return cache_dir() / "journals"


def run_transcription(path: Path, opts, info, progress: TerminalProgress, done_before: float = 0.0,
                      grand_total: float | None = None):
    """Transcribe in a child process with a progress bar; errors as ``InputError``/``Cancelled``."""
    from transcription import errors
    from transcription.runner import Progress, Ready, TranscriptionJob

    total = grand_total or info.duration

    def show(msg) -> None:
        if isinstance(msg, Ready):
            progress(done_before, total, f"{path.name}: model loaded")
        elif isinstance(msg, Progress):
            progress(done_before + msg.done, total, f"{path.name}: {msg.message}")

    try:
        return TranscriptionJob(path, opts, journal_dir=_journals(), info=info).run(show)
    except errors.Cancelled as exc:
        raise Cancelled(str(exc)) from None
    except errors.TranscriptionError as exc:
        raise InputError(str(exc)) from None


def _probe_all(paths: list[str]):
    from transcription import audio, errors

    try:
        return [audio.probe(p) for p in paths]
    except errors.TranscriptionError as exc:
        raise InputError(str(exc)) from None


def _speaker_note(opts) -> None:
    import importlib.util

    if opts.speakers > 1 and not opts.stereo_speakers and importlib.util.find_spec("resemblyzer") is None:
        print("andock: note: telling voices apart needs the 'diarization' extra (voice-encoder weights); "
              "paragraphs stay unlabelled (or use --stereo-speakers, or --speakers 1)", file=sys.stderr)


def _speed_note(seconds: float, audio_s: float, opts) -> str:
    rtf = seconds / audio_s if audio_s else 0.0
    return (f"{seconds:.0f} s for {audio_s / 60:.1f} min of audio: about {rtf * 60:.0f} min per hour of "
            f"audio with {opts.engine} / {opts.model} on this computer")


def cmd_transcribe_file(args: Namespace) -> int:
    """Transcribe one recording into a file."""
    from transcription import errors, writers
    from transcription.journal import discard

    out = Path(args.out)
    if out.suffix.lower().lstrip(".") not in writers.FORMATS:
        raise InputError(f"{out.name}: choose an output ending in .{', .'.join(writers.FORMATS)}")
    opts = options_from_args(args)
    (info,) = _probe_all([args.audio])
    _speaker_note(opts)
    started = time.monotonic()
    transcript = run_transcription(Path(args.audio), opts, info, TerminalProgress())
    try:
        writers.write(transcript, out)
    except (OSError, errors.TranscriptionError) as exc:
        raise InputError(f"{out}: cannot write ({exc})") from None
    discard(_journals(), info.checksum, opts.fingerprint())
    if not transcript.turns:
        print(f"andock: no speech recognised in {info.path.name}; {out.name} is empty", file=sys.stderr)
    print(f"Wrote {out} ({len(transcript.turns)} paragraphs); "
          + _speed_note(time.monotonic() - started, transcript.duration, opts))
    return 0


def cmd_transcribe(args: Namespace) -> int:
    """Transcribe recordings into the project, each as a transcript linked to its audio."""
    from coding.variables import set_value_by_name
    from transcription.journal import discard

    opts = options_from_args(args)
    infos = _probe_all(args.audio)  # every file is checked before the first one is transcribed
    _speaker_note(opts)
    total = sum(i.duration for i in infos)
    bar = TerminalProgress()
    done = 0.0
    with Project.open(args.project) as proj:
        for info in infos:
            started = time.monotonic()
            transcript = run_transcription(info.path, opts, info, bar, done, total)
            parsed = to_parsed_document(transcript)
            if not parsed.text:
                raise InputError(f"{info.path.name}: no speech recognised; nothing was added")
            media = (documents.relative_media_path(info.path, proj.base_dir), info.checksum)
            with proj.action(f"Transcribe {info.path.name}") as act:
                doc_id = documents.add_document(
                    act, info.path.stem, parsed, source_name=info.path.name, rename=args.rename, media=media,
                    language=transcript.language or None, duration_ms=int(round(transcript.duration * 1000)))
                for key, value in dict(args.var).items():
                    set_value_by_name(act, doc_id, key, value)
            discard(_journals(), info.checksum, opts.fingerprint())  # the transcript is safe now
            done += info.duration
            print(f"Transcribed {info.path.name}: {len(parsed.turns)} turns; "
                  + _speed_note(time.monotonic() - started, transcript.duration, opts))
    return 0
