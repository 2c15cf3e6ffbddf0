"""The child process: typed messages, SIGKILL then resume from the journal, cancel, errors."""
from __future__ import annotations

import dataclasses
import time

import pytest

from transcription.errors import AudioError, Cancelled, ModelNotFound
from transcription.journal import Journal, journal_path
from transcription.runner import Done, Failed, Progress, Ready, SegmentDone, TranscriptionJob
from transcription.wer import wer


@pytest.fixture(scope="module")
def small(opts):
    """Default options with ~10-s chunks decoded one at a time, so segments arrive every few s."""
    return dataclasses.replace(opts, chunk_s=10, batch_size=1, speakers=1)


def _timed(job: TranscriptionJob):
    """Run to the end; seconds from the model being ready to the transcript, and the messages."""
    seen, ready = [], None
    for msg in job.start().messages():
        seen.append(msg)
        if isinstance(msg, Ready):
            ready = time.monotonic()
        if isinstance(msg, Failed):
            raise msg.error()
    job.close()
    assert isinstance(seen[-1], Done) and ready is not None
    return time.monotonic() - ready, seen


def test_sigkill_after_half_then_resume(small, clips, tmp_path):
    path, ref = clips["dialog"]
    full_s, full_msgs = _timed(TranscriptionJob(path, small, journal_dir=tmp_path / "full"))
    full = full_msgs[-1].transcript
    kinds = {type(m) for m in full_msgs}
    assert {Ready, Progress, SegmentDone, Done} <= kinds

    job = TranscriptionJob(path, small, journal_dir=tmp_path / "j").start()
    for msg in job.messages():
        if isinstance(msg, SegmentDone) and msg.segment.end >= full.duration / 2:
            job.kill()  # as a crash would: no chance to clean up
            break
    assert job.process.exitcode == -9
    job.close()
    j = Journal(journal_path(tmp_path / "j", full.checksum, small.fingerprint()), full.checksum,
                small.fingerprint())
    kept, done = j.load()
    assert kept and done >= full.duration / 2

    resumed_s, msgs = _timed(TranscriptionJob(path, small, journal_dir=tmp_path / "j"))
    new = [m.segment for m in msgs if isinstance(m, SegmentDone)]
    assert new and min(s.start for s in new) >= done - 0.01  # starts at the last journalled segment
    print(f"full run {full_s:.1f} s, resumed run {resumed_s:.1f} s ({resumed_s / full_s:.0%})")
    assert resumed_s <= 0.6 * full_s
    resumed = msgs[-1].transcript
    assert resumed.segments[0].start == full.segments[0].start  # complete: journal + new part
    assert abs(resumed.segments[-1].end - full.segments[-1].end) < 1.0
    assert wer(ref, " ".join(t.text for t in resumed.turns)) <= 0.6
    assert j.path.exists()
    j.remove()


def test_cancel_stops_the_child(small, clips, tmp_path):
    job = TranscriptionJob(clips["dialog"][0], small, journal_dir=tmp_path)
    with pytest.raises(Cancelled):
        job.run(lambda msg: not isinstance(msg, SegmentDone))  # cancel at the first segment
    assert job.process is not None and not job.process.is_alive()


def test_errors_come_back_as_one_line(opts, clips, tmp_path):
    bad = dataclasses.replace(opts, model=str(tmp_path / "kein-modell"))
    with pytest.raises(ModelNotFound, match="not found"):
        TranscriptionJob(clips["pauses"][0], bad).run()
    (tmp_path / "leer.mp3").write_bytes(b"")
    with pytest.raises(AudioError, match="empty"):  # checked before a process starts
        TranscriptionJob(tmp_path / "leer.mp3", opts)
