"""``coding.base.safefile``: the one way Andock writes an output file (atomic, flushed, never half a file)."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from coding.base import safefile
from coding.base.errors import InputError
from coding.base.safefile import atomic_path, atomic_write, check_target, write_bytes

OLD = b"hand-corrected \xf0\x9f\x96\x8a\n"


def _names(folder) -> list[str]:
    return sorted(os.listdir(folder))


def test_check_target(tmp_path):
    assert check_target(tmp_path / "neu.xlsx") == tmp_path / "neu.xlsx"
    (tmp_path / "da.xlsx").write_bytes(OLD)
    with pytest.raises(InputError, match=r"da\.xlsx exists already; add --force to replace it"):
        check_target(tmp_path / "da.xlsx")
    assert check_target(tmp_path / "da.xlsx", force=True) == tmp_path / "da.xlsx"
    (tmp_path / "ordner").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        check_target(tmp_path / "ordner", force=True)
    with pytest.raises(InputError, match="folder does not exist"):
        check_target(tmp_path / "fehlt" / "x.csv", force=True)
    os.symlink(tmp_path / "nirgends", tmp_path / "link.csv")  # a dangling link is still something there
    with pytest.raises(InputError, match="exists already"):
        check_target(tmp_path / "link.csv")


def test_replaces_whole_and_keeps_the_old_files_permissions(tmp_path):
    target = tmp_path / "m.csv"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    with atomic_write(target, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("Code;Anzahl\r\n")
    assert target.read_bytes() == b"\xef\xbb\xbfCode;Anzahl\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["m.csv"]


def test_a_new_file_gets_the_umask_permissions(tmp_path):
    old = os.umask(0o027)
    try:
        write_bytes(tmp_path / "neu.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "neu.json").stat().st_mode) == 0o640  # not mkstemp's 0600


def test_a_failure_half_way_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "bericht.docx"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError, match="renderer broke"):
        with atomic_path(target) as tmp:
            assert tmp.parent == tmp_path and tmp != target
            tmp.write_bytes(b"PK\x03\x04 half a report")
            raise RuntimeError("renderer broke")
    assert target.read_bytes() == OLD
    assert _names(tmp_path) == ["bericht.docx"]
    with pytest.raises(KeyboardInterrupt):  # Ctrl+C while writing: the same
        with atomic_write(target, "wb") as fh:
            fh.write(b"half")
            raise KeyboardInterrupt
    assert target.read_bytes() == OLD and _names(tmp_path) == ["bericht.docx"]


def test_a_full_disk_is_one_clear_message(tmp_path, monkeypatch):
    target = tmp_path / "zitate.csv"
    target.write_bytes(OLD)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(safefile.os, "fsync", full)
    with pytest.raises(InputError, match=r"zitate\.csv: cannot write \(No space left on device\)"):
        write_bytes(target, b"new")
    assert target.read_bytes() == OLD and _names(tmp_path) == ["zitate.csv"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_read_only_folder_is_one_clear_message(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "nur-lesen"
    folder.mkdir()
    os.chmod(folder, 0o500)
    script = ("import sys\nfrom pathlib import Path\nfrom coding.base.safefile import write_bytes\n"
              "from coding.base.errors import InputError\n"
              "try:\n    write_bytes(Path(sys.argv[1]), b'x')\nexcept InputError as exc:\n    print(exc)\n")
    cmd = [sys.executable, "-c", script, str(folder / "x.md")]
    if os.geteuid() == 0:  # root ignores permissions unless it gives up that power (as CI runs)
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *cmd]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                             cwd=Path(__file__).resolve().parents[2])
    finally:
        os.chmod(folder, 0o700)
    assert "cannot write here" in out.stdout, out.stdout + out.stderr
    assert list(folder.iterdir()) == []
