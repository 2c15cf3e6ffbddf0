"""The transcription queue dock on the real base weights: add recordings (bad ones named and
left out), progress and time left per file and overall while the window keeps responding,
transcripts appear as documents; a queue interrupted by a crash continues when the project is
opened again; cancel and stop; the estimate per hour of audio."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import select

from app import transcribe_queue as tq
from coding.services import transcription_jobs as tj
from coding.store.models import TABLES
from coding.store.project import Project
from tests.app.gui.conftest import open_window, wait_idle
from tests.transcription import audio_fixtures as af

pytest.importorskip("faster_whisper", reason="needs the 'transcription' extra")
if not af.tools_available():
    pytest.skip("needs espeak-ng and sox", allow_module_level=True)


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audio")
    return {"dialog": af.dialogue(folder), "pauses": af.pauses(folder)}


@pytest.fixture(autouse=True)
def cache(tmp_path_factory, monkeypatch):
    """Models, journals and measured speeds in a private cache (shared by the module's tests)."""
    folder = tmp_path_factory.getbasetemp() / "gui-andock-cache"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("ANDOCK_CACHE_DIR", str(folder))
    return folder


def _choose_base(panel) -> None:
    panel.opts.set_model("base")
    panel.opts.option_overrides = {"threads": 2}


def _doc_names(path) -> list[str]:
    docs = TABLES["documents"]
    with Project.open(path) as proj, proj.read() as conn:
        return list(conn.execute(select(docs.c.name).order_by(docs.c.id)).scalars())


def test_queue_panel_transcribes_into_documents(qtbot, project_file, recordings, tmp_path):
    win = open_window(qtbot, project_file)
    panel = win.transcription
    try:
        win.show_transcription()
        _choose_base(panel)
        panel.opts.speakers.setValue(2)
        panel.opts.var_name.setEditText("Gruppe")
        panel.opts.var_value.setText("kommunal")
        assert "per hour of audio" in panel.opts.estimate.text()
        bad = tmp_path / "protokoll.pdf"
        bad.write_bytes(b"%PDF-1.4")
        errors: list[str] = []
        panel.failed.connect(errors.append)
        panel.add_files([str(recordings["dialog"][0]), str(bad)])
        qtbot.waitUntil(lambda: len(panel.jobs) == 1, timeout=20000)
        assert errors and "protokoll.pdf" in errors[0]
        assert panel.table.item(0, 0).text() == "dialog.wav"
        assert panel.table.item(0, 2).text() == "Waiting"
        assert "Waiting:" in panel.opts.estimate.text()  # the estimate covers the queued audio
        assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()

        gaps, last = [], [time.monotonic()]

        def tick():
            now = time.monotonic()
            gaps.append(now - last[0])
            last[0] = now
        timer = QTimer(win, interval=20)
        timer.timeout.connect(tick)
        timer.start()
        labels, row_texts = set(), set()
        qtbot.mouseClick(panel.start_button, Qt.LeftButton)
        deadline = time.monotonic() + 240
        while len(win.documents.data["documents"]) < 3:
            assert time.monotonic() < deadline, "no transcript arrived"
            qtbot.wait(50)
            labels.add(panel.overall_label.text())
            if panel.table.rowCount():
                row_texts.add(panel.table.item(0, 4).text())
        timer.stop()
        qtbot.waitUntil(lambda: not panel.running, timeout=30000)
        wait_idle(qtbot, win)
        assert max(gaps) < 0.3, f"the window froze for {max(gaps):.2f} s"
        assert any("left" in t and "of the audio done" in t for t in labels)  # overall progress + ETA
        assert any(t.startswith("about ") for t in row_texts)  # per-file time left
        assert panel.table.item(0, 2).text() == "Done"
        assert panel.table.cellWidget(0, 3).value() == 1000
        assert "Queue finished: 1 transcribed, 0 failed" in panel.overall_label.text()
        names = [d["name"] for d in win.documents.data["documents"]]
        assert "dialog" in names
        doc = next(d for d in win.documents.data["documents"] if d["name"] == "dialog")
        win.open_document(doc["id"])
        qtbot.waitUntil(lambda: win.view.data is not None and win.view.data.id == doc["id"], timeout=10000)
        text = win.view.edit.toPlainText()
        assert text.startswith("I: ") and "\nB: " in text  # turns of two speakers
        assert len(win.view.data.anchors) == len(win.view.data.turns) >= 4  # a time at each turn's end
        with Project.open(project_file) as proj, proj.read() as conn:
            vv, v = TABLES["variable_values"], TABLES["variables"]
            value = conn.execute(select(vv.c.value).join(v, v.c.id == vv.c.variable_id)
                                 .where(v.c.name == "Gruppe", vv.c.document_id == doc["id"])).scalar()
        assert value == "kommunal"
        assert "measured on this computer" in panel.opts.estimate.text()  # the run was measured
        assert win.undo_action.isEnabled() and "Transcribe dialog.wav" in win.undo_action.text()
    finally:
        win.close()


def test_interrupted_queue_continues_when_the_project_is_opened(qtbot, project_file, recordings):
    """As after a crash: one job still 'running' by a process that is gone, one waiting."""
    from transcription import audio
    from transcription.engines import Options

    opts = tq.options_to_dict(Options(model="base", threads=2, speakers=1))
    with Project.open(project_file) as proj:
        with proj.write() as conn:
            files = [tj.QueuedFile(p, audio.probe(p).checksum, audio.probe(p).duration)
                     for p in (recordings["pauses"][0], recordings["dialog"][0])]
            a, b = tj.enqueue(conn, proj.base_dir, files, opts)
            tj.set_autostart(conn, True)
            host = tq.worker_id().split(":")[0]
            assert tj.claim_next(conn, f"{host}:999999:1:abcdef").id == a  # its process died
    win = open_window(qtbot, project_file)
    try:
        qtbot.waitUntil(lambda: panel_running_or_done(win), timeout=20000)
        qtbot.waitUntil(lambda: len(win.documents.data["documents"]) == 4 and not win.transcription.running,
                        timeout=240000)
        wait_idle(qtbot, win)
        assert [win.transcription.table.item(r, 2).text() for r in range(2)] == ["Done", "Done"]
    finally:
        win.close()
    assert _doc_names(project_file)[-2:] == ["pauses", "dialog"]


def panel_running_or_done(win) -> bool:
    return win.transcription.running or any(j.status == "done" for j in win.transcription.jobs)


def test_cancel_and_stop_from_the_panel(qtbot, project_file, recordings):
    win = open_window(qtbot, project_file)
    panel = win.transcription
    try:
        _choose_base(panel)
        panel.opts.option_overrides = {"threads": 2, "chunk_s": 10, "batch_size": 1, "speakers": 1}
        panel.add_files([str(recordings["dialog"][0]), str(recordings["pauses"][0]), str(recordings["dialog"][0])])
        qtbot.waitUntil(lambda: len(panel.jobs) == 3, timeout=20000)
        qtbot.mouseClick(panel.start_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "Transcribing"
                        and panel.table.cellWidget(0, 3).value() > 0, timeout=120000)
        panel.table.selectRow(0)
        assert panel.cancel_button.isEnabled()
        qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: panel.jobs and panel.jobs[0].status == "cancelled", timeout=30000)
        qtbot.waitUntil(lambda: panel.table.item(1, 2).text() == "Transcribing", timeout=120000)
        qtbot.mouseClick(panel.stop_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not panel.running, timeout=60000)
        wait_idle(qtbot, win)
        assert [j.status for j in panel.jobs] == ["cancelled", "queued", "queued"]
        assert panel.start_button.isEnabled()
        assert len(win.documents.data["documents"]) == 2  # nothing half-added
        panel.table.selectRow(0)
        qtbot.mouseClick(panel.retry_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: [j.status for j in panel.jobs] == ["queued"] * 3, timeout=10000)
        panel.table.selectRow(2)
        qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(panel.jobs) == 2, timeout=10000)
    finally:
        win.close()
    with Project.open(project_file) as proj, proj.read() as conn:
        assert not tj.autostart(conn)  # stopped by the user: opening the project does not continue
        assert [j.status for j in tj.list_jobs(conn)] == ["queued", "queued"]


def test_download_button_offline_gives_a_clear_message(qtbot, window, cache, monkeypatch):
    """No silent downloads: only the button downloads; offline it says how to get a model."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)  # as on a computer without internet
    panel = window.transcription
    panel.opts.set_model("tiny")
    assert "not on this computer yet" in panel.opts.estimate.text()
    assert panel.opts.download.isEnabled()
    errors: list[str] = []
    panel.failed.connect(errors.append)
    qtbot.mouseClick(panel.opts.download, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert "could not download the model 'tiny'" in errors[0] and "--model PATH" in errors[0]
    qtbot.waitUntil(lambda: panel.opts.download.isEnabled(), timeout=5000)  # can be tried again
    assert not (cache / "models" / "tiny").exists() and not (cache / "models" / "tiny.download").exists()


def test_without_the_transcription_component_the_panel_says_so(qtbot, window):
    panel = window.transcription
    panel.opts.components = (False, False)  # as in an Andock installed without the component
    panel.opts.set_model("base")
    panel.opts._update_estimate()
    panel._update_buttons()
    assert "not installed" in panel.opts.estimate.text() and "andock[transcription]" in panel.opts.estimate.text()
    assert not panel.add_button.isEnabled() and not panel.start_button.isEnabled()
    panel.opts.components = (True, False)  # transcription, but the voice encoder's file is gone
    panel.opts.speakers.setValue(3)  # any change of the options updates the note
    assert "voice encoder" in panel.opts.estimate.text() and "reinstall" in panel.opts.estimate.text()
    panel.opts.stereo.setChecked(True)
    assert "voice encoder" not in panel.opts.estimate.text()
