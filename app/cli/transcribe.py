"""``andock transcribe`` and ``andock transcribe-file``: where transcription meets the project.

``transcription`` knows nothing of projects; here its neutral turns are laid out with
``coding.exchange.importers.transcript.build_transcript`` (the one layout of transcript text) and stored
with ``coding.services.documents.add_document``, one action per recording. Transcription errors become
``InputError`` (one line, exit 1) before anything is written.
"""
from __future__ import annotations

import argparse
import sys
import time
from argparse import Namespace
from pathlib import Path
from typing import Callable

from coding.services import documents
from coding.base.errors import Cancelled, InputError
from coding.exchange.importers.model import ParsedDocument
from coding.exchange.importers.transcript import build_transcript
from coding.store.project import Project
from coding.base.safefile import check_target, write_bytes

from ..progressbar import TerminalProgress


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser], kv: Callable) -> None:
    """Register ``transcribe`` and ``transcribe-file`` on the ``andock`` parser."""
    p = add("transcribe", "put recordings in the project's transcription queue and work through it "
            "(without AUDIO: continue the queue, e.g. after a crash or a restart)")
    p.add_argument("project"); p.add_argument("audio", nargs="*")
    p.add_argument("--var", action="append", type=kv, default=[], metavar="KEY=VALUE")
    p.add_argument("--rename", action="store_true", help="add a name clash as a renamed copy")
    _options(p)
    p = add("queue", "show the project's transcription queue; cancel, retry or remove jobs")
    p.add_argument("project"); p.add_argument("--json", action="store_true")
    p.add_argument("--cancel", type=int, nargs="+", default=[], metavar="ID")
    p.add_argument("--retry", type=int, nargs="+", default=[], metavar="ID", help="queue failed or cancelled jobs again")
    p.add_argument("--remove", type=int, nargs="+", default=[], metavar="ID")
    p.add_argument("--clear-finished", action="store_true", help="remove the done jobs from the list")
    p = add("transcribe-file", "transcribe one recording locally into a TXT (f4), DOCX, SRT, VTT or JSON file")
    p.add_argument("audio"); p.add_argument("-o", "--out", required=True, help="OUT.txt|docx|srt|vtt|json")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
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


from ..transcribe_queue import journal_dir as _journals  # noqa: E402 - shared with the GUI
from ..transcribe_queue import to_parsed_document  # noqa: E402,F401 - tests and callers use it here


def run_transcription(path: Path, opts, info, progress: TerminalProgress, done_before: float = 0.0,
                      grand_total: float | None = None):
    """Transcribe in a child process with a progress bar; errors as ``InputError``/``Cancelled``."""
    from transcription import errors
    from transcription.runner import Progress, Ready, TranscriptionJob

    from transcription.speed import SpeedLog, device_for

    total = grand_total or info.duration
    ready: list[float] = []  # when the model was loaded, and how long that took
    resumed = [0.0]

    def show(msg) -> None:
        if isinstance(msg, Ready):
            ready[:] = [time.monotonic(), msg.load_s]
            progress(done_before, total, f"{path.name}: model loaded")
        elif isinstance(msg, Progress):
            if msg.message.startswith("resuming"):
                resumed[0] = msg.done
            progress(done_before + msg.done, total, f"{path.name}: {msg.message}")

    try:
        transcript = TranscriptionJob(path, opts, journal_dir=_journals(), info=info).run(show)
        if ready:  # measured speeds make the next estimate for this model on this computer
            SpeedLog().record(opts.engine, opts.model, device_for(opts.engine, opts.device),
                              transcript.duration - resumed[0], time.monotonic() - ready[0], ready[1])
        return transcript
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
    check_target(out, args.force)  # before an hour of transcribing, not after
    opts = options_from_args(args)
    (info,) = _probe_all([args.audio])
    print(_estimate_note(opts, info.duration))
    started = time.monotonic()
    transcript = run_transcription(Path(args.audio), opts, info, TerminalProgress())
    try:
        data = writers.render(transcript, out.suffix)
    except errors.TranscriptionError as exc:
        raise InputError(f"{out}: cannot write ({exc})") from None
    check_target(out, args.force)  # a file may have appeared there while transcribing
    write_bytes(out, data)  # atomic: the old file stays whole if writing fails
    discard(_journals(), info.checksum, opts.fingerprint())
    if not transcript.turns:
        print(f"andock: no speech recognised in {info.path.name}; {out.name} is empty", file=sys.stderr)
    print(f"Wrote {out} ({len(transcript.turns)} paragraphs); "
          + _speed_note(time.monotonic() - started, transcript.duration, opts))
    return 0


def _estimate_note(opts, audio_s: float) -> str:
    from transcription.speed import SpeedLog, device_for

    est = SpeedLog().estimate(opts.engine, opts.model, device_for(opts.engine, opts.device))
    basis = {"measured": "measured on this computer", "scaled": "estimated from another model measured here",
             "rough": "rough estimate until the first recording is measured"}[est.basis]
    return (f"Expected: about {est.minutes_per_hour:.0f} min per hour of audio with {opts.engine} / {opts.model} "
            f"({basis}); about {_clock(est.seconds_for(audio_s))} for {_clock(audio_s)} of audio")


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d} min"


def cmd_transcribe(args: Namespace) -> int:
    """Queue recordings (all checked first) and transcribe the queue into the project."""
    from coding.services import transcription_jobs as tj

    from .. import transcribe_queue as tq

    opts = options_from_args(args)
    infos = _probe_all(args.audio)  # every file is checked before anything is queued
    with Project.open(args.project, role="transcription") as proj:
        if infos:
            files = [tj.QueuedFile(i.path, i.checksum, i.duration) for i in infos]
            with proj.write() as conn:
                if not args.rename:  # refuse now, not after an hour of transcribing
                    _check_names(conn, [f.path.stem for f in files])
                tj.enqueue(conn, proj.base_dir, files, tq.options_to_dict(opts), dict(args.var).items(),
                           rename=args.rename)
        with proj.read() as conn:
            waiting = tj.list_jobs(conn, ["queued", "running"])
        if not waiting:
            print("Nothing to transcribe: the transcription queue is empty.")
            return 0
        first = tq.options_from_dict(waiting[0].options)
        print(f"{len(waiting)} recording(s) in the queue. "
              + _estimate_note(first, sum(j.left_s for j in waiting)))
        bar = TerminalProgress()
        names = {j.id: j.audio_name for j in waiting}
        failures: list[str] = []

        def show(event) -> None:
            if isinstance(event, tq.JobStarted):
                names[event.job.id] = event.job.audio_name
            elif isinstance(event, tq.QueueProgress):
                bar(event.done_s, event.total_s, f"{event.files_left} file(s) left", event.eta_s)
            elif isinstance(event, tq.JobFinished):
                bar.newline()
                print(f"Transcribed {names[event.job_id]}: {event.turns} turns; "
                      + _speed_note(event.seconds, event.audio_s, first))
            elif isinstance(event, tq.JobFailed):
                failures.append(event.message if names.get(event.job_id, "") in event.message
                                else f"{names.get(event.job_id, '?')}: {event.message}")
            elif isinstance(event, tq.JobCancelled):
                bar.newline()
                print(f"Cancelled {names.get(event.job_id, '?')}")
        try:
            end = tq.QueueWorker(proj, on_event=show, download=args.download).run()
        except KeyboardInterrupt:
            raise Cancelled("transcription stopped; `andock transcribe PROJECT` continues the queue "
                            "where it stopped") from None
    bar.newline()
    if end.reason == "error":
        failures.append(f"the queue stopped: {end.message}; `andock transcribe PROJECT` continues it")
    if failures:
        for line in failures:
            print(f"andock: {line}", file=sys.stderr)
        return 1
    return 0


def _check_names(conn, names: list[str]) -> None:
    from coding.services import transcription_jobs as tj

    taken = {d.name for d in documents.list_documents(conn)}
    taken |= {j.document_name for j in tj.list_jobs(conn, ["queued", "running"])}
    seen: set[str] = set()
    for name in names:
        if name in taken or name in seen:
            raise InputError(f"a document named '{name}' exists already or is queued "
                             "(add the transcript as a renamed copy with --rename)")
        seen.add(name)


def cmd_queue(args: Namespace) -> int:
    """List the transcription queue, or cancel / retry / remove jobs."""
    import json

    from coding.services import transcription_jobs as tj

    with Project.open(args.project) as proj:
        with proj.write() as conn:
            status = {j.id: j.status for j in tj.list_jobs(conn)}
            unknown = sorted(set(args.cancel + args.retry + args.remove) - set(status))
            if unknown:
                raise InputError(f"no transcription job {', '.join(map(str, unknown))} in the queue "
                                 "(see `andock queue PROJECT`)")
            for ids, allowed, verb in ((args.cancel, ("queued", "running"), "cancel"),
                                       (args.retry, ("failed", "cancelled"), "retry"),
                                       (args.remove, ("queued", "done", "failed", "cancelled"), "remove")):
                wrong = [f"{i} is {status[i]}" for i in ids if status[i] not in allowed]
                if wrong:  # all or nothing: say why before anything changes
                    raise InputError(f"cannot {verb} job {', '.join(wrong)} (only {' or '.join(allowed)} jobs)")
            changed = (tj.cancel(conn, args.cancel) + tj.retry(conn, args.retry) + tj.remove(conn, args.remove)
                       + (tj.clear_finished(conn) if args.clear_finished else 0))
        with proj.read() as conn:
            jobs = tj.list_jobs(conn)
    if args.json:
        print(json.dumps([{"id": j.id, "guid": j.guid, "file": j.audio_path, "status": j.status,
                           "duration_s": j.duration_s, "done_s": j.done_s, "document": j.document_name,
                           "document_guid": j.document_guid, "message": j.message} for j in jobs],
                         ensure_ascii=False, indent=1))
        return 0
    if args.cancel or args.retry or args.remove or args.clear_finished:
        print(f"{changed} job(s) changed")
    if not jobs:
        print("The transcription queue is empty.")
    for j in jobs:
        length = _clock(j.duration_s) if j.duration_s is not None else "?"
        share = f" {j.done_s / j.duration_s:.0%}" if j.status in ("queued", "running") and j.duration_s else ""
        note = f"  ({j.message})" if j.message else ""
        print(f"{j.id:>4}  {j.status:<9}{share:>5}  {length:>10}  {j.audio_path}{note}")
    return 0


# the sub-commands this module handles (transcription), registered by app.cli
COMMANDS = {
    "transcribe-file": cmd_transcribe_file,
    "transcribe": cmd_transcribe,
    "queue": cmd_queue,
}
