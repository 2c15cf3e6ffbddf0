"""The persisted transcription queue on the real base weights: a queue whose program is killed
continues after a restart (the running file from its journal), progress and ETA events, cancel
from another connection, stop, and failures that leave the project unchanged."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select

from app import transcribe_queue as tq
from coding.services import transcription_jobs as tj
from coding.store.models import TABLES
from coding.store.project import Project
from tests.conftest import ROOT
from transcription import audio
from transcription.engines import Options
from transcription.journal import journal_path
from transcription.speed import SpeedLog


@pytest.fixture(scope="module")
def small(opts):
    """~10-s chunks decoded one at a time (segments arrive every few seconds), one speaker."""
    return dataclasses.replace(opts, chunk_s=10, batch_size=1, speakers=1)


def _enqueue(proj: Project, paths: list[Path], opts, variables=()) -> list[int]:
    infos = [audio.probe(p) for p in paths]
    files = [tj.QueuedFile(i.path, i.checksum, i.duration) for i in infos]
    with proj.write() as conn:
        return tj.enqueue(conn, proj.base_dir, files, tq.options_to_dict(opts), variables)


def _docs(path: Path) -> list[tuple[str, str]]:
    docs = TABLES["documents"]
    with Project.open(path) as proj, proj.read() as conn:
        return [tuple(r) for r in conn.execute(select(docs.c.name, docs.c.text).order_by(docs.c.id))]


def _jobs(path: Path) -> list[tj.JobInfo]:
    with Project.open(path) as proj, proj.read() as conn:
        return tj.list_jobs(conn)


def _journal_lines(andock_cache: Path, wav: Path, opts) -> int:
    """Segments journalled for this recording (each job has its own journal folder)."""
    info = audio.probe(wav)
    name = journal_path(Path("."), info.checksum, opts.fingerprint()).name
    return sum(p.read_text(encoding="utf-8").count('"segment"')
               for p in (andock_cache / "journals").glob(f"*/{name}"))


def test_queue_killed_with_its_program_continues_after_restart(clips, small, tmp_path, andock_cache):
    """SIGKILL `andock transcribe` while the second recording is half done; the transcription
    child ends with it; `andock transcribe P` then finishes the queue, the second file from its
    journal, and no transcript is added twice."""
    proj_path = tmp_path / "studie.andock"
    first, second = clips["pauses"][0], clips["dialog"][0]
    with Project.create(proj_path) as proj:
        _enqueue(proj, [first, second], small, [("Gruppe", "national")])
    cmd = [sys.executable, "-m", "app.cli", "transcribe", str(proj_path)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONUTF8="1"))
    children: list[psutil.Process] = []
    deadline = time.monotonic() + 240
    try:
        while _journal_lines(andock_cache, second, small) < 2:  # two segments of the second file
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the queue did not get to the second file"
            children = psutil.Process(proc.pid).children(recursive=True) or children
            time.sleep(0.05)
        children = psutil.Process(proc.pid).children(recursive=True) or children
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert children, "the transcription ran in a child process"
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, "the transcription child outlived its killed parent"

    jobs = _jobs(proj_path)
    assert [j.status for j in jobs] == ["done", "running"]  # as the kill left them
    assert [name for name, _ in _docs(proj_path)] == ["pauses"]
    kept = _journal_lines(andock_cache, second, small)
    assert kept >= 2

    events: list = []
    with Project.open(proj_path) as proj:
        end = tq.QueueWorker(proj, on_event=events.append).run()
    assert (end.reason, end.finished, end.failed) == ("empty", 1, 0)
    first_progress = next(e for e in events if isinstance(e, tq.JobProgress))
    assert first_progress.message.startswith("resuming at")  # from the journal, not from 0
    assert first_progress.done_s > 0
    docs = _docs(proj_path)
    assert [name for name, _ in docs] == ["pauses", "dialog"]  # each once
    # complete: the journal's part and the rest, from the first words to the last (how well the
    # words are recognised is the engine tests' business: int8 decoding varies per process)
    ref_words, got = _words(clips["dialog"][1]), _words(docs[1][1])
    assert got[:2] == ref_words[:2] and ref_words[-1] in got[-3:], docs[1][1]
    assert len(got) >= 0.75 * len(ref_words), docs[1][1]
    assert [j.status for j in _jobs(proj_path)] == ["done", "done"]
    assert _journal_lines(andock_cache, second, small) == 0  # removed once stored
    with Project.open(proj_path) as proj, proj.read() as conn:
        assert not tj.autostart(conn)  # the queue is empty: nothing to continue next time
        values = TABLES["variable_values"]
        assert conn.execute(select(func.count()).select_from(values)).scalar() == 2


def test_events_progress_eta_and_failures(clips, opts, tmp_path, andock_cache):
    proj_path = tmp_path / "p.andock"
    moved = tmp_path / "verschoben.wav"
    shutil.copy(clips["pauses"][0], moved)
    speed = SpeedLog(tmp_path / "speed.json")
    with Project.create(proj_path) as proj:
        ids = _enqueue(proj, [clips["pauses"][0], clips["silent"][0], moved], dataclasses.replace(opts, speakers=1))
        moved.unlink()  # the recording was moved away after it was queued
        events: list = []
        worker = tq.QueueWorker(proj, on_event=events.append, speed_log=speed)
        end = worker.run()
    assert (end.reason, end.finished, end.failed) == ("empty", 1, 2)
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "JobStarted" and kinds[-1] == "QueueStopped"
    failed = {e.job_id: e.message for e in events if isinstance(e, tq.JobFailed)}
    assert "no speech recognised" in failed[ids[1]]
    assert "not found" in failed[ids[2]] and "verschoben.wav" in failed[ids[2]]
    progress = [e for e in events if isinstance(e, tq.QueueProgress)]
    assert progress and all(e.eta_s is not None and e.eta_s >= 0 for e in progress)
    assert all(a.done_s <= b.done_s for a, b in zip(progress, progress[1:]))
    assert progress[0].total_s >= audio.probe(clips["pauses"][0]).duration
    per_file = [e for e in events if isinstance(e, tq.JobProgress) and e.job_id == ids[0]]
    assert per_file[-1].done_s == pytest.approx(per_file[-1].total_s, abs=1.0)
    jobs = _jobs(proj_path)
    assert [j.status for j in jobs] == ["done", "failed", "failed"]
    assert [name for name, _ in _docs(proj_path)] == ["pauses"]
    est = speed.estimate("faster-whisper", "base", "cpu")
    assert est.basis == "measured" and 0 < est.rtf < 5  # the finished file was measured
    assert speed.estimate("faster-whisper", "large-v3-turbo", "cpu").basis == "scaled"


def test_cancel_from_elsewhere_and_stop(clips, small, tmp_path):
    proj_path = tmp_path / "p.andock"
    with Project.create(proj_path) as proj:
        a, b, c = _enqueue(proj, [clips["dialog"][0], clips["interview2"][0], clips["pauses"][0]], small)
    events: list = []
    with Project.open(proj_path) as proj:
        worker = tq.QueueWorker(proj, on_event=events.append, journals=tmp_path / "journals")
        worker.heartbeat_s = 0.3
        thread = threading.Thread(target=worker.run)
        thread.start()
        try:
            with Project.open(proj_path) as other:  # e.g. `andock queue P --cancel ID` in a terminal
                _wait(lambda: any(isinstance(e, tq.JobProgress) and e.job_id == a for e in events))
                with other.write() as conn:
                    assert tj.cancel(conn, [a]) == 1
                _wait(lambda: any(isinstance(e, tq.JobProgress) and e.job_id == b for e in events))
                worker.stop()  # quit the program while the second file runs
            thread.join(120)
        finally:
            worker.stop()
            thread.join(120)
    assert not thread.is_alive()
    assert any(isinstance(e, tq.JobCancelled) and e.job_id == a for e in events)
    assert isinstance(events[-1], tq.QueueStopped) and events[-1].reason == "stopped"
    jobs = {j.id: j for j in _jobs(proj_path)}
    assert (jobs[a].status, jobs[b].status, jobs[c].status) == ("cancelled", "queued", "queued")
    assert jobs[b].worker is None
    assert _docs(proj_path) == []
    with Project.open(proj_path) as proj, proj.read() as conn:
        assert tj.autostart(conn)  # stopped by quitting: the next start continues


def _wait(cond, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_cli_queue_lists_cancels_retries_and_removes(cli, clips, tmp_path):
    proj = tmp_path / "p.andock"
    cli("new", proj)
    with Project.open(proj) as p:
        a, b = _enqueue(p, [clips["pauses"][0], clips["dialog"][0]], Options(model="base"))
    code, out, _ = cli("queue", proj)
    assert code == 0 and "pauses.wav" in out and out.count("queued") == 2
    code, out, _ = cli("queue", proj, "--cancel", a)
    assert code == 0 and "1 job(s) changed" in out and "cancelled" in out
    code, out, _ = cli("queue", proj, "--retry", a, "--json")
    data = json.loads(out)
    assert [d["status"] for d in data] == ["queued", "queued"] and data[-1]["id"] == a  # moved to the end
    before = proj.read_bytes()
    code, _, err = cli("queue", proj, "--remove", 99)
    assert code == 1 and "no transcription job 99" in err and err.count("\n") == 1
    assert proj.read_bytes() == before
    with Project.open(proj) as p, p.write() as conn:
        tj.claim_next(conn, "laptop-2:1:1:abcdef")  # another computer transcribes job b now
    code, _, err = cli("queue", proj, "--remove", a, b)
    assert code == 1 and f"cannot remove job {b} is running" in err
    code, _, err = cli("queue", proj, "--retry", a)
    assert code == 1 and "only failed or cancelled jobs" in err
    assert [d["status"] for d in json.loads(cli("queue", proj, "--json")[1])] == ["running", "queued"]
    assert cli("queue", proj, "--cancel", b)[0] == 0  # it stops at its next heartbeat
    code, out, _ = cli("queue", proj, "--remove", a, b)
    assert code == 0 and "The transcription queue is empty." in out
    code, out, _ = cli("transcribe", proj)
    assert code == 0 and "queue is empty" in out
    notes = tmp_path / "pauses.txt"
    notes.write_text("I: Notizen zum Interview über Kitas und Ämter.", encoding="utf-8")
    assert cli("import", proj, notes)[0] == 0
    code, _, err = cli("transcribe", proj, clips["pauses"][0], *("--model", "base"))
    assert code == 1 and "'pauses' exists already" in err and "--rename" in err  # refused before any work
    assert json.loads(cli("queue", proj, "--json")[1]) == []


class _BrokenSpeedLog:
    """Stands in for the speed file only: its estimate fails as an unexpected bug would."""

    def estimate(self, *args, **kwargs):
        raise RuntimeError("unexpected failure")


def test_an_unexpected_error_gives_the_job_back(clips, opts, tmp_path):
    proj_path = tmp_path / "p.andock"
    with Project.create(proj_path) as proj:
        (a,) = _enqueue(proj, [clips["pauses"][0]], opts)
        events: list = []
        end = tq.QueueWorker(proj, on_event=events.append, speed_log=_BrokenSpeedLog()).run()
        assert (end.reason, end.message) == ("error", "RuntimeError: unexpected failure")
        with proj.read() as conn:
            job = tj.get_job(conn, a)
            assert (job.status, job.worker) == ("queued", None)  # not stuck in 'running'
            assert tj.autostart(conn)  # not finished: it continues next time


def test_a_recording_changed_after_queuing_fails_with_a_message(clips, opts, tmp_path):
    proj_path = tmp_path / "p.andock"
    wav = tmp_path / "interview.wav"
    shutil.copy(clips["pauses"][0], wav)
    with Project.create(proj_path) as proj:
        (a,) = _enqueue(proj, [wav], opts)
        shutil.copy(clips["dialog"][0], wav)  # replaced by another recording
        events: list = []
        end = tq.QueueWorker(proj, on_event=events.append).run()
        assert (end.reason, end.failed) == ("empty", 1)
        with proj.read() as conn:
            job = tj.get_job(conn, a)
    assert job.status == "failed" and "has changed since it was queued" in job.message


def _words(text: str) -> list[str]:
    """Lower-case words without speaker labels and punctuation."""
    import re

    return re.findall(r"\w+", re.sub(r"(?m)^[A-Z]\w*:", " ", text).lower())
