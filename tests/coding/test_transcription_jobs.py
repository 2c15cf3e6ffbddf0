"""The transcription queue kept in the project: order, atomic claims, cancel/retry/remove, and
giving jobs of vanished workers back (real SQLite files; claims also on PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from app import transcribe_queue as tq
from app.transcribe_queue import worker_alive, worker_id
from coding.services import transcription_jobs as tj
from coding.base.errors import InputError
from coding.store.models import utcnow
from coding.store.project import Project

OPTS = {"engine": "faster-whisper", "model": "base", "language": "de", "speakers": 2}


def _queue(proj: Project, names: list[str], **kw) -> list[int]:
    files = [tj.QueuedFile(proj.base_dir / "audio" / n, "sha256:" + "0" * 64, 60.0 * (i + 1))
             for i, n in enumerate(names)]
    with proj.write() as conn:
        return tj.enqueue(conn, proj.base_dir, files, OPTS, [("Gruppe", "kommunal")], **kw)


def test_enqueue_keeps_order_paths_and_options(project):
    ids = _queue(project, ["K01 Müller.m4a", "N02 Öztürk 🎤.wav"])
    with project.read() as conn:
        jobs = tj.list_jobs(conn)
    assert [j.id for j in jobs] == ids
    assert [j.audio_path for j in jobs] == ["audio/K01 Müller.m4a", "audio/N02 Öztürk 🎤.wav"]  # relative
    assert [j.document_name for j in jobs] == ["K01 Müller", "N02 Öztürk 🎤"]
    assert jobs[0].options == OPTS and jobs[0].variables == [("Gruppe", "kommunal")]
    assert {j.status for j in jobs} == {"queued"} and jobs[1].left_s == 120.0
    assert jobs[0].path(project.base_dir) == project.base_dir / "audio" / "K01 Müller.m4a"


def test_history_is_not_touched(project):
    """Queue rows are work orders: nothing to undo."""
    _queue(project, ["a.wav"])
    assert project.undo_redo_labels() == (None, None)


def test_done_without_a_known_length(project):
    """A job queued without probing (length unknown) can still be finished."""
    with project.write() as conn:
        (a,) = tj.enqueue(conn, project.base_dir, [tj.QueuedFile(project.base_dir / "x.wav")], OPTS)
        tj.claim_next(conn, "w")
        tj.mark_done(conn, a, "w", "doc-guid")
        job = tj.get_job(conn, a)
    assert job.status == "done" and job.duration_s is None and job.document_guid == "doc-guid"
    with project.read() as conn:
        assert tj.pending(conn) == 0


def test_claims_in_order_and_only_once(project):
    a, b = _queue(project, ["a.wav", "b.wav"])
    with project.write() as conn:
        first = tj.claim_next(conn, "w1")
        second = tj.claim_next(conn, "w2")
        assert tj.claim_next(conn, "w3") is None
    assert (first.id, first.status, first.worker) == (a, "running", "w1")
    assert second.id == b


def test_heartbeat_done_and_cancel_from_elsewhere(project):
    a, b = _queue(project, ["a.wav", "b.wav"])
    with project.write() as conn:
        tj.claim_next(conn, "w1")
        assert tj.heartbeat(conn, a, "w1", 12.5)
        assert not tj.heartbeat(conn, a, "someone-else", 13.0)
        assert tj.cancel(conn, [a]) == 1
        assert not tj.heartbeat(conn, a, "w1", 20.0)  # the worker learns it was cancelled
        with pytest.raises(InputError, match="cancelled"):
            tj.mark_done(conn, a, "w1", "doc-guid")
        job = tj.get_job(conn, a)
    assert job.status == "cancelled" and job.done_s == 12.5 and job.worker is None


def test_done_failed_retry_remove_clear(project):
    a, b, c = _queue(project, ["a.wav", "b.wav", "c.wav"])
    with project.write() as conn:
        tj.claim_next(conn, "w")
        tj.mark_done(conn, a, "w", "doc-guid")
        tj.claim_next(conn, "w")
        tj.mark_failed(conn, b, "w", "b.wav: cannot be decoded")
        assert tj.remove(conn, [c]) == 1
        assert tj.retry(conn, [a, b]) == 1  # only failed/cancelled jobs go back
        jobs = {j.id: j for j in tj.list_jobs(conn)}
        assert jobs[a].status == "done" and jobs[a].document_guid == "doc-guid" and jobs[a].done_s == 60.0
        assert jobs[b].status == "queued" and jobs[b].message == ""
        assert jobs[b].sort_order > jobs[a].sort_order
        assert tj.clear_finished(conn) == 1
        assert [j.id for j in tj.list_jobs(conn)] == [b]


def test_running_jobs_cannot_be_removed(project):
    (a,) = _queue(project, ["a.wav"])
    with project.write() as conn:
        tj.claim_next(conn, "w")
        assert tj.remove(conn, [a]) == 0


def test_recover_gives_back_jobs_of_dead_local_workers_and_stale_remote_ones(project):
    a, b, c, d = _queue(project, ["a.wav", "b.wav", "c.wav", "d.wav"])
    me, gone_here = worker_id(), worker_id()  # two workers of this process: one running, one ended
    host = me.split(":")[0]
    dead = f"{host}:999999:1:abcdef"  # no such process here
    remote = "laptop-2:123:456:abcdef"  # another machine, heartbeat fresh
    tq._ACTIVE.add(me)
    try:
        with project.write() as conn:
            for worker in (dead, remote, me, gone_here):
                tj.claim_next(conn, worker)
            assert worker_alive(me) is True and worker_alive(dead) is False
            assert worker_alive(gone_here) is False and worker_alive(remote) is None
            assert worker_alive("written-by:another:version") is None
            assert tj.recover(conn, worker_alive) == [a, d]
            assert tj.recover(conn, worker_alive, now=utcnow() + timedelta(minutes=10)) == [b]
            statuses = [j.status for j in tj.list_jobs(conn)]
    finally:
        tq._ACTIVE.discard(me)
    assert statuses == ["queued", "queued", "running", "queued"]


def test_autostart_flag(project):
    with project.write() as conn:
        assert not tj.autostart(conn)
        tj.set_autostart(conn, True)
        assert tj.autostart(conn)
        tj.set_autostart(conn, False)
        assert not tj.autostart(conn)


def test_queue_survives_closing_and_reopening(tmp_path):
    path = tmp_path / "p.andock"
    with Project.create(path) as proj:
        _queue(proj, ["a.wav", "b.wav"])
    with Project.open(path) as proj, proj.read() as conn:
        assert [j.audio_name for j in tj.list_jobs(conn, ["queued"])] == ["a.wav", "b.wav"]


def test_bad_input_changes_nothing(project):
    with pytest.raises(InputError, match="variable needs a name"):
        with project.write() as conn:
            tj.enqueue(conn, project.base_dir, [tj.QueuedFile(Path("a.wav"))], OPTS, [(" ", "x")])
    with pytest.raises(InputError, match="cannot be stored"):
        with project.write() as conn:
            tj.enqueue(conn, project.base_dir, [tj.QueuedFile(Path("a.wav"))], {"x": object()})
    with pytest.raises(InputError, match="not in the queue"):
        with project.read() as conn:
            tj.get_job(conn, 42)
    with project.read() as conn:
        assert tj.list_jobs(conn) == []


def _claim_race(proj: Project, workers: int) -> list[int]:
    got: list[int] = []
    barrier = threading.Barrier(workers)

    def take(name: str) -> None:
        barrier.wait()
        while True:
            with proj.write() as conn:
                job = tj.claim_next(conn, name)
            if job is None:
                return
            got.append(job.id)
    threads = [threading.Thread(target=take, args=(f"w{i}",)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return got


def test_concurrent_claims_never_share_a_job_sqlite(project):
    ids = _queue(project, [f"{i}.wav" for i in range(20)])
    got = _claim_race(project, 4)
    assert sorted(got) == ids


def test_concurrent_claims_never_share_a_job_postgresql(pg_project):
    ids = _queue(pg_project, [f"{i}.wav" for i in range(20)])
    got = _claim_race(pg_project, 4)
    assert sorted(got) == ids
