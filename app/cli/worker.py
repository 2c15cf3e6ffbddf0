"""``andock worker`` and ``andock queue-add``: transcription workers for a team database.

Recordings stay where the team keeps them, in one folder that every machine can read (a network
share, a synced folder): the queue stores each recording's path relative to that folder, and
every worker is told where the folder is on its own machine (``--media-root``). The checksum
queued with a job tells a worker that finds another file under that name. Recordings are not
uploaded into the database: hours of audio per interview would make the database, and every
backup of it, many times larger than the research data in it, and each worker would download
what it can already read from the share.

Workers claim jobs through the queue's claim and heartbeat (``coding.services.transcription_jobs``,
``app.transcribe_queue``): two workers never take the same job, and a job of a worker that has
stopped reporting for three minutes goes back to the queue.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from argparse import Namespace
from pathlib import Path

from coding.base.errors import InputError
from coding.services import transcription_jobs as tj
from coding.store.project import Project
from .transcribe import _check_names, _options, _probe_all, options_from_args


def add_parsers(add) -> None:
    """The ``worker`` and ``queue-add`` sub-commands (``add(name, help)`` makes a parser)."""
    p: argparse.ArgumentParser = add(
        "worker", "transcribe the jobs of a team database's transcription queue on this machine (until stopped)")
    p.add_argument("url", help="the team database, postgresql://ROLE:PASSWORD@HOST/DATABASE (a role that "
                               "may add documents: the lead's)")
    _media_root_arg(p)
    p.add_argument("--host-id", help="the machine's name in the queue (default: its host name)")
    p.add_argument("--until-empty", action="store_true", help="stop when no job is left instead of waiting")
    p.add_argument("--poll", type=float, default=10.0, metavar="SECONDS",
                   help="how often an idle worker looks for new jobs (default 10)")
    p.add_argument("--download", action="store_true", help="download a named model if it is missing")
    p = add("queue-add", "put recordings from the shared folder into a team database's transcription queue "
                         "(workers transcribe them)")
    p.add_argument("url")
    p.add_argument("audio", nargs="+")
    _media_root_arg(p)
    p.add_argument("--rename", action="store_true", help="add a name clash as a renamed copy")
    _options(p)


def _media_root_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--media-root", required=True, metavar="FOLDER",
                   help="the team's recordings folder as this machine sees it; the queue stores paths "
                        "relative to it")


def _team_url(url: str) -> str:
    if not url.startswith(("postgresql://", "postgres://")):
        raise InputError(f"{url}: workers serve a team database (postgresql://…); for a project file "
                         "use `andock transcribe PROJECT`")
    return url


def _media_root(folder: str) -> Path:
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise InputError(f"{folder}: --media-root must be an existing folder")
    return root.resolve()


def cmd_queue_add(args: Namespace) -> int:
    """Queue recordings under the shared folder (all checked first; nothing is transcribed here)."""
    url, root = _team_url(args.url), _media_root(args.media_root)
    opts = options_from_args(args)
    infos = _probe_all(args.audio)
    for info in infos:
        if not info.path.resolve().is_relative_to(root):
            raise InputError(f"{info.path}: not in the shared folder {root}; workers would not find it")
    from .. import transcribe_queue as tq

    files = [tj.QueuedFile(i.path, i.checksum, i.duration) for i in infos]
    with Project.open(url) as proj, proj.write() as conn:
        if not args.rename:  # refuse now, not after an hour of transcribing
            _check_names(conn, [f.path.stem for f in files])
        ids = tj.enqueue(conn, root, files, tq.options_to_dict(opts), rename=args.rename)
    print(f"{len(ids)} recording(s) queued (jobs {', '.join(map(str, ids))}); "
          "`andock worker URL --media-root FOLDER` on any machine transcribes them")
    return 0


def _host(host_id: str | None) -> str | None:
    if host_id is not None and not re.fullmatch(r"[\w.-]{1,100}", host_id):
        raise InputError(f"--host-id {host_id!r}: use letters, digits, '.', '-' and '_'")
    return host_id


def cmd_worker(args: Namespace) -> int:
    """Work through the queue, then wait for new jobs (or stop, with --until-empty)."""
    from .. import transcribe_queue as tq

    url, root, host = _team_url(args.url), _media_root(args.media_root), _host(args.host_id)
    if args.poll <= 0:
        raise InputError("--poll must be more than 0 seconds")

    def show(event) -> None:
        if isinstance(event, tq.JobStarted):
            print(f"started job {event.job.id} ({event.job.audio_path})", flush=True)
        elif isinstance(event, tq.JobFinished):
            print(f"finished job {event.job_id}: {event.turns} turns, {event.audio_s:.0f} s of audio in "
                  f"{event.seconds:.0f} s", flush=True)
        elif isinstance(event, tq.JobFailed):
            print(f"failed job {event.job_id}: {event.message}", flush=True)
        elif isinstance(event, tq.JobCancelled):
            print(f"cancelled job {event.job_id}", flush=True)

    with Project.open(url) as proj:
        worker = tq.QueueWorker(proj, on_event=show, download=args.download, media_root=root, host=host)
        print(f"worker {worker.worker}: recordings under {root}", flush=True)
        while True:
            end = worker.run()
            if end.reason == "error":
                print(f"andock: the worker stopped a round: {end.message}", file=sys.stderr, flush=True)
                if args.until_empty:
                    return 1
            elif args.until_empty:
                return 0
            time.sleep(args.poll)  # Ctrl+C ends the worker here or, mid-job, after giving the job back


COMMANDS = {"worker": cmd_worker, "queue-add": cmd_queue_add}
