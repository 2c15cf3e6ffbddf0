"""``andock backups``, ``andock backup`` and ``andock restore`` as users and scripts call them."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, andock_process, write

TEXT = "I: Wie wohnen Sie?\n\nB: In der Südstadt, gleich neben der Schule.\n"


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "studie.andock"
    assert cli("new", path)[0] == 0
    assert cli("import", path, write(tmp_path / "K01.txt", TEXT))[0] == 0
    assert cli("code-new", path, "Wohnen")[0] == 0
    assert cli("code", path, "--doc", "K01", "--code", "Wohnen", "--start", 0, "--end", 5)[0] == 0
    return path


def listed(cli, proj) -> list[dict]:
    code, out, err = cli("backups", proj, "--json")
    assert code == 0, err
    return json.loads(out)


def test_backup_and_list(proj, cli):
    code, out, err = cli("backup", proj)
    assert code == 0, err
    assert "Backup written to" in out and "studie.andock-backups" in out
    rows = listed(cli, proj)
    manual = [r for r in rows if r["reason"] == "manual"]
    assert len(manual) == 1 and manual[0]["number"] >= 1
    assert manual[0]["documents"] == 1 and manual[0]["codings"] == 1 and manual[0]["size"] > 0
    assert manual[0]["path"] in out and manual[0]["error"] is None
    code, out, _ = cli("backups", proj)
    assert code == 0 and "Backups of studie.andock" in out and "every 10 min of work, keeping 10" in out
    assert "manual" in out and "1 docs" in out and "1 codings" in out


def test_settings_through_the_list_command(proj, cli):
    code, out, _ = cli("backups", proj, "--keep", 2, "--every", 30, "--off")
    assert code == 0 and "automatic backups off, keeping 2" in out
    for _ in range(3):
        assert cli("backup", proj)[0] == 0
    assert len(listed(cli, proj)) == 2
    code, _, err = cli("backups", proj, "--keep", 0)
    assert code == 1 and err.strip().splitlines()[-1] == "andock: the number of backups to keep must be between 1 and 1000"


def test_restore_by_number_asks_first_then_restores(proj, cli):
    assert cli("backup", proj)[0] == 0
    number = next(r["number"] for r in listed(cli, proj) if r["reason"] == "manual")
    assert cli("code-delete", proj, "Wohnen", "--yes")[0] == 0
    checksum = sha256(proj)
    code, _, err = cli("restore", proj, number)
    assert code == 1 and "repeat with --yes" in err and len(err.strip().splitlines()) == 1
    assert sha256(proj) == checksum
    r = andock_process("restore", proj, number, "--yes")
    assert r.returncode == 0, r.stderr
    assert "Restored studie.andock from" in r.stdout and "before-restore" in r.stdout
    tree = json.loads(cli("codes", proj, "--json")[1])
    assert [c["name"] for c in tree] == ["Wohnen"] and tree[0]["count"] == 1
    assert "before restore" in [r["reason"] for r in listed(cli, proj)]


def test_restore_by_path_and_bad_choices(proj, cli, tmp_path):
    code, out, _ = cli("backup", proj)
    path = out.strip().split("Backup written to ", 1)[1]
    code, _, err = cli("restore", proj, 99, "--yes")
    assert code == 1 and err.startswith("andock: there is no backup number 99")
    code, _, err = cli("restore", proj, tmp_path / "missing.andock", "--yes")
    assert code == 1 and "no such backup" in err
    code, out, err = cli("restore", proj, path, "--yes")
    assert code == 0, err


def test_restore_is_refused_while_a_process_has_the_project_open(proj, cli):
    assert cli("backup", proj)[0] == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom coding.store.project import Project\n"
         f"p = Project.open({str(proj)!r})\nprint('ready', flush=True)\ntime.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        checksum = sha256(proj)
        r = andock_process("restore", proj, 1, "--yes")
        assert r.returncode == 1
        assert r.stderr.strip().startswith("andock: studie.andock is open in an Andock window or command")
        assert sha256(proj) == checksum
    finally:
        holder.kill()
        holder.wait(10)
