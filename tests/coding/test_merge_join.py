"""Merging copies whose coders are mapped to one person: their codings of one code that overlap or
touch in one document are joined, as coding by hand joins them (segments.apply_code), inside the
merge's one undoable action, and nothing is lost (memos, key quotes)."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.services import coders, memos, segments
from coding.services.merge import MergeReport, merge_copies
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import TEXT_A, World, dump, span, templates  # noqa: F401 - templates is a fixture
from tests.coding.test_merge import canonical

# two phrases of one sentence: "Wir wohnen in der Südstadt 🏘️, gleich neben der Schule."
FIRST = "Wir wohnen in der Südstadt"  # Lena on her laptop
OVERLAP = "der Südstadt 🏘️, gleich"  # Lena on the second laptop: overlaps FIRST
TOUCH = ", gleich neben der Schule."  # starts where FIRST + " 🏘️" ends: touching, no overlap


@pytest.fixture(scope="module")
def base(templates):
    """The world's file (built once for the session: copy it, never open it) and its ids."""
    return templates.world_file, templates.world


@pytest.fixture
def world(base) -> World:
    return base[1]


@pytest.fixture
def files(tmp_path, base):
    def make(name: str) -> Path:
        path = tmp_path / f"{name}.andock"
        shutil.copyfile(base[0], path)
        return path
    return make


def code_as_lena(path: Path, world: World, phrase: str, memo: str | None = None, key_quote: bool = False,
                 title: str = "") -> None:
    """Lena (a coder of this copy) codes ``phrase`` with Wohnen, with a memo (and its title)."""
    with Project.open(path) as proj, proj.action("Code") as act:
        me = coders.find_coder(act.conn, "Lena") or coders.add_coder(act, "Lena")
        seg = segments.apply_code(act, world.doc_a, world.wohnen, me, *span(TEXT_A, phrase), key_quote=key_quote)
        if memo:
            memos.set_memo(act, "segment", seg, memo, me, title=title)


def merged(target: Path, *copies: Path, **options) -> MergeReport:
    with Project.open(target) as proj:
        return merge_copies(proj, list(copies), **options)


def lenas_codings(path: Path, world: World) -> list[tuple[int, int, bool, list[str]]]:
    """(start, end, key quote, memo texts) of Lena's Wohnen codings in document A."""
    with Project.open(path, read_only=True) as proj, proj.read() as conn:
        lena = coders.get_coder(conn, "Lena")
        out = []
        for s in segments.segments_of_document(conn, world.doc_a, [lena]):
            if s.code_id == world.wohnen:
                m = TABLES["memos"]
                texts = [t for (t,) in conn.execute(select(m.c.text).where(m.c.segment_id == s.id))]
                out.append((s.start, s.end, s.key_quote, texts))
        return out


def test_overlapping_codings_of_one_person_are_joined_with_their_memos(files, world):
    target, first, second = files("projekt"), files("lena1"), files("lena2")
    code_as_lena(first, world, FIRST, memo="Wohnlage", key_quote=True)
    code_as_lena(second, world, OVERLAP, memo="Stadtteil", title="Ort")
    with Project.open(target) as proj:
        before, labels = dump(proj), proj.undo_redo_labels()
        report = merge_copies(proj, [first, second], coder_map={"Lena": "Lena"})
        assert report.copies[1].joined == 1 and report.copies[0].joined == 0
        assert any("joined" in line for line in report.lines())
        assert report.to_json()["copies"][1]["joined"] == 1
        assert proj.undo_redo_labels()[0] == "Merge lena1.andock, lena2.andock"  # the one action
        proj.undo()
        assert dump(proj) == before and proj.undo_redo_labels()[0] == labels[0]
        proj.redo()
    start, end = span(TEXT_A, FIRST)[0], span(TEXT_A, OVERLAP)[1]
    # one coding over both passages; the key quote and both memos kept (in text order, the title of
    # the memo that goes as its text's first line)
    assert lenas_codings(target, world) == [(start, end, True, ["Wohnlage\n\nOrt\nStadtteil"])]


def test_touching_codings_are_joined_and_separate_ones_stay(files, world):
    target, first, second = files("projekt"), files("lena1"), files("lena2")
    code_as_lena(first, world, FIRST + " 🏘️")
    code_as_lena(first, world, "Die Schule ist nah.", memo="weit weg")  # far from the others
    code_as_lena(second, world, TOUCH, memo="Schule")
    merged(target, first, second, coder_map={"Lena": "Lena"})
    got = lenas_codings(target, world)
    assert got == [(span(TEXT_A, FIRST)[0], span(TEXT_A, TOUCH)[1], False, ["Schule"]),
                   (*span(TEXT_A, "Die Schule ist nah."), False, ["weit weg"])]


def test_a_copy_mapped_to_a_coder_here_joins_with_her_codings_here(files, world):
    target, copy = files("projekt"), files("kopie")
    start, end = span(TEXT_A, "neben der Schule")  # Ben's Wohnen coding in the project
    with Project.open(copy) as proj, proj.action("Code") as act:
        ben2 = coders.add_coder(act, "Benjamin")
        segments.apply_code(act, world.doc_a, world.wohnen, ben2, start - 7, start + 5, memo="Lage")
    report = merged(target, copy, coder_map={"Benjamin": "Ben"})
    assert report.copies[0].joined == 1
    with Project.open(target, read_only=True) as proj, proj.read() as conn:
        bens = [s for s in segments.segments_of_document(conn, world.doc_a, [world.ben]) if s.code_id == world.wohnen]
        assert [(s.id, s.start, s.end) for s in bens] == [(world.seg_schule_ben, start - 7, end)]  # the older one stays
        assert memos.get_memo(conn, "segment", world.seg_schule_ben) == "Lage"


def test_joined_merges_give_the_same_project_in_either_order_and_merging_again_changes_nothing(files, world):
    first, second = files("lena1"), files("lena2")
    code_as_lena(first, world, FIRST, memo="Wohnlage")
    code_as_lena(second, world, OVERLAP, memo="Stadtteil", key_quote=True)
    one, two = files("eins"), files("zwei")
    both = {"Lena": "Anna"}  # "Lena" on both laptops was Anna (a coder here: the same GUID in either order)
    merged(one, first, coder_map=both)
    merged(one, second, coder_map=both)
    merged(two, second, first, coder_map=both)
    with Project.open(one, read_only=True) as a, Project.open(two, read_only=True) as b:
        assert canonical(a) == canonical(b)
    for copy in (first, second):
        with Project.open(one) as proj:
            before = dump(proj)
            again = merge_copies(proj, [copy], coder_map=both)
            assert not again.changed() and again.copies[0].joined == 0 and not again.copies[0].conflicts
            assert dump(proj) == before


def test_a_dry_run_reports_the_join_and_changes_nothing(files, world):
    target, first, second = files("projekt"), files("lena1"), files("lena2")
    code_as_lena(first, world, FIRST)
    code_as_lena(second, world, OVERLAP)
    with Project.open(target) as proj:
        before = dump(proj)
        report = merge_copies(proj, [first, second], coder_map={"Lena": "Lena"}, dry_run=True)
        assert report.dry_run and report.copies[1].joined == 1 and dump(proj) == before


@pytest.mark.parametrize("seed", range(4))
def test_random_codings_of_two_laptops_end_as_coding_by_hand_would_leave_them(files, world, seed):
    """Both laptops' codings of one person, merged, equal the same codings made by hand in one file."""
    rnd = random.Random(seed)
    spans = [[(s, s + rnd.randint(1, 12)) for s in rnd.sample(range(0, 150), rnd.randint(1, 8))] for _copy in (1, 2)]
    paths = files("lena1"), files("lena2")
    for path, ranges in zip(paths, spans):
        with Project.open(path) as proj, proj.action("Code") as act:
            me = coders.add_coder(act, "Lena")
            for start, end in ranges:
                segments.apply_code(act, world.doc_a, world.wohnen, me, start, end, memo=f"{start}")
    target, by_hand = files("projekt"), files("von-hand")
    merged(target, *paths, coder_map={"Lena": "Lena"})
    with Project.open(by_hand) as proj, proj.action("Code") as act:
        me = coders.add_coder(act, "Lena")
        for start, end in spans[0] + spans[1]:
            segments.apply_code(act, world.doc_a, world.wohnen, me, start, end, memo=f"{start}")
    got, want = lenas_codings(target, world), lenas_codings(by_hand, world)
    assert [g[:3] for g in got] == [w[:3] for w in want]
    for g, w in zip(got, want):  # every memo kept (their order follows the order of joining)
        assert sorted(g[3][0].split("\n\n")) == sorted(w[3][0].split("\n\n"))
