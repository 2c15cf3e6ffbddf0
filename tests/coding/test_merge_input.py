"""Merging coders' copies: bad input gives one clear error and changes nothing, older copies are upgraded aside."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from coding.base.errors import InputError, ProjectDamagedError, ProjectVersionError
from coding.services import codes, coders, segments
from coding.services.merge import merge_copies
from coding.store.project import Project
from tests.coding.helpers import TEXT_A, dump, span, templates  # noqa: F401 - templates is a fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base(templates):
    """The world's file (built once for the session: copy it, never open it) and its ids."""
    return templates.world_file, templates.world


@pytest.fixture
def target(tmp_path, base):
    shutil.copyfile(base[0], tmp_path / "projekt.andock")
    with Project.open(tmp_path / "projekt.andock") as proj:
        yield proj


@pytest.fixture
def good_copy(tmp_path, base):
    """A copy with one new coding by a new coder."""
    path = tmp_path / "kopie.andock"
    shutil.copyfile(base[0], path)
    with Project.open(path) as proj, proj.action("Work") as act:
        me = coders.add_coder(act, "Lena")
        segments.apply_code(act, base[1].doc_a, base[1].wohnen, me, *span(TEXT_A, "Die Schule ist nah."))
    return path


def unchanged_after(proj: Project, paths, error, match: str, **options) -> None:
    before, labels = dump(proj), proj.undo_redo_labels()
    with pytest.raises(error, match=match):
        merge_copies(proj, paths, **options)
    assert dump(proj) == before and proj.undo_redo_labels() == labels


def damaged_copy(path: Path, source: Path) -> Path:
    shutil.copyfile(source, path)
    with Project.open(path) as proj:  # enough pages that flipping one leaves the header intact
        for i in range(30):
            with proj.action("Fill") as act:
                codes.create_code(act, f"Code {i} " + "Ü" * 150)
    data = bytearray(path.read_bytes())
    for i in range(2 * 4096, 3 * 4096):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("content", [b"", b"Interview mit Frau K.\n", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_file_that_is_no_project_is_refused(target, good_copy, tmp_path, content):
    bad = tmp_path / "kein-projekt.andock"
    bad.write_bytes(content)
    unchanged_after(target, [good_copy, bad], ProjectVersionError, "not an Andock project|damaged")
    assert bad.read_bytes() == content


def test_a_damaged_copy_is_refused(target, good_copy, tmp_path, base):
    bad = damaged_copy(tmp_path / "kaputt.andock", base[0])
    before = sha(bad)
    unchanged_after(target, [good_copy, bad], ProjectDamagedError, "damaged")
    assert sha(bad) == before


def test_a_copy_from_a_newer_andock_is_refused_and_left_unchanged(target, tmp_path, base):
    newer = tmp_path / "neuer.andock"
    shutil.copyfile(base[0], newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num='0099'")
    con.commit()
    con.close()
    before = sha(newer)
    unchanged_after(target, [newer], ProjectVersionError, "newer Andock")
    assert sha(newer) == before


def test_the_project_itself_is_refused_and_stays_usable(target):
    unchanged_after(target, [target.path], InputError, "is the project itself")
    with target.action("Still writable") as act:  # its locks were not dropped by a second open
        codes.create_code(act, "Danach")


def test_a_missing_copy_and_no_copy_at_all_are_refused(target, tmp_path):
    unchanged_after(target, [tmp_path / "fehlt.andock"], InputError, "no such project file")
    unchanged_after(target, [], InputError, "at least one copy")


def test_a_coder_map_naming_no_coder_of_the_copies_is_refused(target, good_copy):
    unchanged_after(target, [good_copy], InputError, "no coder 'Lnea'", coder_map={"Lnea": "Lena"})
    unchanged_after(target, [good_copy], InputError, "coder name", coder_map={"Lena": "  "})


def test_a_copy_saved_by_an_older_andock_is_read_from_an_upgraded_temporary_copy(target, tmp_path):
    old = tmp_path / "alt.andock"
    shutil.copyfile(FIXTURES / "project_schema0001.andock", old)
    before = sha(old)
    report = merge_copies(target, [old])
    assert report.totals()["documents"].added >= 1 and report.totals()["segments"].added >= 1
    assert sha(old) == before and sorted(p.name for p in tmp_path.glob("alt*")) == ["alt.andock"]


def test_the_same_copy_twice_in_one_merge_is_merged_once(target, good_copy):
    report = merge_copies(target, [good_copy, good_copy])
    assert report.copies[0].counts["segments"].added == 1 and not report.copies[1].counts["segments"].added
