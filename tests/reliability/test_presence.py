"""Two windows, one project: who has it open is listed beside the file; risky folders warned."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coding.store import presence
from coding.base.errors import ProjectFileError
from coding.store.location import location_warning, sync_folder
from coding.store.project import Project
from tests.conftest import ROOT, andock_process

HOLD = ("import sys, time\nfrom coding.store.project import Project\n"
        "p = Project.open(sys.argv[1], role='window')\nprint('open', flush=True)\ntime.sleep(60)\n")


def test_a_second_opener_sees_who_has_the_project_open_and_stale_entries_vanish(tmp_path):
    path = tmp_path / "studie.andock"
    Project.create(path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        others = presence.others(path)
        assert [(h.pid, h.role) for h in others] == [(holder.pid, "window")]
        assert "window of" in others[0].describe() and " since " in others[0].describe()
        with Project.open(path, read_only=True) as second:  # read-only: never writes
            with pytest.raises(ProjectFileError, match="read-only"):
                with second.action("x"):
                    pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert presence.folder_for(path).exists()  # the killed process could not tidy up ...
    assert presence.others(path) == []  # ... but a dead process is not reported


def test_closing_removes_the_entry_and_the_folder(tmp_path):
    path = tmp_path / "studie.andock"
    Project.create(path).close()
    proj = Project.open(path, role="window")
    assert presence.folder_for(path).is_dir()
    proj.close()
    assert not presence.folder_for(path).exists()
    with Project.open(path):  # short commands do not register
        assert not presence.folder_for(path).exists()


def test_a_cloud_sync_folder_gets_a_warning_that_says_what_to_do(tmp_path):
    folder = tmp_path / "OneDrive - Universität" / "Projekte"
    folder.mkdir(parents=True)
    path = folder / "studie.andock"
    Project.create(path).close()
    assert sync_folder(path) == "OneDrive - Universität"
    with Project.open(path) as proj:
        assert any("cloud-sync folder" in w and "team database" in w for w in proj.warnings)
    r = andock_process("info", path)
    assert r.returncode == 0 and "warning: studie.andock is in a cloud-sync folder" in r.stderr
    assert location_warning(tmp_path / "plain.andock") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mounts")
def test_a_network_file_system_is_recognised(tmp_path, monkeypatch):
    from coding.store import location

    mounts = f"server:/export {tmp_path} nfs4 rw,relatime 0 0\n"
    fake = tmp_path / "mounts"
    fake.write_text(mounts)
    real_read = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: real_read(fake) if str(self) == "/proc/self/mounts" else real_read(self, *a, **k))
    assert location.network_fs(tmp_path / "x.andock") == "nfs4"
    assert "network drive (nfs4)" in location.location_warning(tmp_path / "x.andock")
