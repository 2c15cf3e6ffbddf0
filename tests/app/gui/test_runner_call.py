"""DbRunner.call: other threads get the database worker's result or error; after shutdown a call
fails at once instead of waiting forever."""
from __future__ import annotations

import threading

from app.gui.runner import DbRunner


def test_call_from_another_thread_returns_and_raises(qtbot):
    runner = DbRunner()
    try:
        seen = {}

        def other():
            seen["result"] = runner.call(lambda: threading.current_thread().name)
            try:
                runner.call(lambda: 1 / 0)
            except ZeroDivisionError as exc:
                seen["error"] = exc
        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        assert seen["result"] == "andock-db"  # ran on the database thread
        assert isinstance(seen["error"], ZeroDivisionError)
        assert runner.call(lambda: 42) == 42
        assert runner.pending() == 0  # blocking calls are not GUI jobs
    finally:
        runner.shutdown()


def test_call_after_shutdown_fails_instead_of_hanging(qtbot):
    runner = DbRunner()
    runner.shutdown()
    done = threading.Event()
    out = {}

    def late():
        try:
            runner.call(lambda: 1)
        except RuntimeError as exc:
            out["error"] = str(exc)
        done.set()
    threading.Thread(target=late).start()
    assert done.wait(5), "DbRunner.call waited forever after shutdown"
    assert "stopped" in out["error"]
    runner.shutdown()  # twice is harmless


def test_call_inside_a_job_runs_inline(qtbot):
    runner = DbRunner()
    try:
        with qtbot.waitSignal(runner.busyChanged, check_params_cb=lambda busy: not busy, timeout=5000):
            got = []
            runner.submit(lambda: runner.call(lambda: 7), on_done=got.append)
        assert got == [7]
    finally:
        runner.shutdown()
