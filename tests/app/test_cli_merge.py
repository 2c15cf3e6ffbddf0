"""``andock merge`` as users and scripts call it: copies in, one action, a dry run, coder mapping, JSON."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import andock_process, write

TRANSCRIPT = ("I: Wo finden Neuzugewanderte Hilfe? #00:00:03-0#\n\n"
              "B: Über die Schule 🏘️ und die Moschee. #00:00:11-5#\n")


@pytest.fixture
def study(tmp_path, cli):
    """A project with one interview and one code, and two copies in which two Lenas coded."""
    path = tmp_path / "studie.andock"
    assert cli("new", path)[0] == 0
    assert cli("import", path, write(tmp_path / "K01.txt", TRANSCRIPT))[0] == 0
    assert cli("code-new", path, "Zugänge")[0] == 0
    copies = []
    for name, start in (("lena", 0), ("lena-b", 50)):
        copy = tmp_path / f"{name}.andock"
        shutil.copyfile(path, copy)
        code, _out, err = cli("code", copy, "--doc", "K01", "--code", "Zugänge", "--start", start,
                              "--end", start + 10, "--coder", "Lena")
        assert code == 0, err
        copies.append(copy)
    return path, copies


def test_a_dry_run_tells_what_would_change_and_changes_nothing(study, cli):
    path, copies = study
    before = path.read_bytes(), cli("segments", path, "--json")[1]
    code, out, err = cli("merge", path, *copies, "--dry-run")
    assert code == 0, err
    assert out.startswith("dry run: merging lena.andock, lena-b.andock would change")
    assert "codings: 2 added" in out and "added as 'Lena (2)'" in out
    assert cli("segments", path, "--json")[1] == before[1]
    assert cli("undo", path)[2] == "" and "Merge" not in cli("undo", path)[1]


def test_merge_adds_both_lenas_work_and_undo_takes_it_back(study, cli):
    path, copies = study
    code, out, err = cli("merge", path, *copies)
    assert code == 0, err
    assert out.startswith("merged lena.andock, lena-b.andock (andock undo takes the whole merge back)")
    segs = json.loads(cli("segments", path, "--json")[1])
    assert sorted(s["coder"] for s in segs) == ["Lena", "Lena (2)"]
    code, out, _ = cli("undo", path)
    assert code == 0 and "Merge lena.andock, lena-b.andock" in out
    assert json.loads(cli("segments", path, "--json")[1]) == []


def test_map_coder_makes_two_copies_one_coder_and_json_is_the_report(study, cli):
    path, copies = study
    code, out, err = cli("merge", path, *copies, "--map-coder", "Lena=Lena", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["dry_run"] is False and report["totals"]["segments"]["added"] == 2
    assert [c["how"] for c in report["copies"][1]["coders"]] == ["mapped"]
    assert set(report["copies"][0]) == {"copy", "same_project", "counts", "conflicts", "documents_with_other_text",
                                        "coders", "joined"}
    assert [c["joined"] for c in report["copies"]] == [0, 0]  # 0-10 and 50-60: apart
    assert report["copies"][0]["same_project"] is True
    segs = json.loads(cli("segments", path, "--json")[1])
    assert [s["coder"] for s in segs] == ["Lena", "Lena"]
    code, out, _ = cli("merge", path, *copies, "--map-coder", "Lena=Lena")
    assert code == 0 and out.startswith("nothing to merge from lena.andock, lena-b.andock")


def test_mapped_coders_overlapping_codings_become_one(study, cli, tmp_path):
    path, copies = study
    third = tmp_path / "lena-c.andock"
    shutil.copyfile(path, third)
    assert cli("code", third, "--doc", "K01", "--code", "Zugänge", "--start", 5, "--end", 20, "--coder", "Lena",
               "--memo", "Schule")[0] == 0
    code, out, err = cli("merge", path, copies[0], third, "--map-coder", "Lena=Lena")
    assert code == 0, err
    assert ("1 coding from lena-c.andock overlapped or touched a coding of the same code by the same coder and "
            "was joined with it") in out
    segs = json.loads(cli("segments", path, "--json")[1])
    assert [(s["coder"], s["start"], s["end"]) for s in segs] == [("Lena", 0, 20)]
    code, out, _ = cli("undo", path)
    assert code == 0 and "Merge lena.andock, lena-c.andock" in out
    assert json.loads(cli("segments", path, "--json")[1]) == []


def test_bad_input_is_one_line_and_changes_nothing(study, cli, tmp_path):
    path, copies = study
    before = cli("segments", path, "--json")[1]
    not_a_project = write(tmp_path / "notiz.andock", "Interview mit Frau K.")
    for args, message in (((not_a_project,), "not an Andock project"),
                          ((path,), "is the project itself"),
                          ((copies[0], "--map-coder", "Lnea=Lena"), "no coder 'Lnea'")):
        code, out, err = cli("merge", path, *args)
        assert code == 1 and out == "" and message in err and err.count("\n") == 1, err
    with pytest.raises(SystemExit) as usage:  # argparse's usage error
        cli("merge", path, copies[0], "--map-coder", "Lena")
    assert usage.value.code == 2
    assert cli("segments", path, "--json")[1] == before


def test_merge_runs_as_its_own_process(study):
    path, copies = study
    r = andock_process("merge", path, copies[0], "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["totals"]["coders"]["added"] == 1
