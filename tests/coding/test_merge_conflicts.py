"""Merging coders' copies: the rules where both sides changed something, and the fallbacks of matching."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.exchange.importers.model import ParsedDocument
from coding.services import code_changes, codes, coders, documents, memos, segments, summaries, variables
from coding.services.merge import MergeReport, merge_copies
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import TEXT_A, World, dump, span, templates  # noqa: F401 - templates is a fixture
from tests.coding.test_merge import canonical


@pytest.fixture(scope="module")
def base(templates):
    """The world's file (built once for the session: copy it, never open it) and its ids."""
    return templates.world_file, templates.world


@pytest.fixture
def world(base) -> World:
    return base[1]


@pytest.fixture
def files(tmp_path, base):
    """Make a file copy of the world under a name (the project, copies)."""
    def make(name: str) -> Path:
        path = tmp_path / f"{name}.andock"
        shutil.copyfile(base[0], path)
        return path
    return make


def work(path: Path, fn) -> None:
    with Project.open(path) as proj, proj.action("Work") as act:
        fn(act)


def merged(target: Path, *copies: Path, **options) -> MergeReport:
    with Project.open(target) as proj:
        return merge_copies(proj, list(copies), **options)


def reasons(report: MergeReport) -> list[str]:
    return [c.reason for r in report.copies for c in r.conflicts]


def read(path: Path, fn):
    with Project.open(path, read_only=True) as proj, proj.read() as conn:
        return fn(conn)


def test_a_code_renamed_on_both_sides_keeps_the_projects_name_and_says_so(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: codes.rename_code(act, world.arbeit, "Erwerbsarbeit"))
    work(copy, lambda act: codes.rename_code(act, world.arbeit, "Beruf"))
    report = merged(target, copy)
    assert reasons(report) == ["both_changed"]
    assert "'Erwerbsarbeit'" in report.copies[0].conflicts[0].message()
    assert "'Beruf'" in report.copies[0].conflicts[0].message()
    assert read(target, lambda c: codes.code_path(c, world.arbeit)) == "Erwerbsarbeit"


def test_a_memo_written_on_both_sides_keeps_both_texts_once(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: memos.set_memo(act, "code", world.nachbarschaft, "Netze (Lead)"))
    work(copy, lambda act: memos.set_memo(act, "code", world.nachbarschaft, "Netze (Coderin)"))
    assert reasons(merged(target, copy)) == ["texts_joined"]
    text = read(target, lambda c: memos.get_memo(c, "code", world.nachbarschaft))
    assert text == "Netze (Lead)\n\n— from kopie.andock —\nNetze (Coderin)"
    again = merged(target, copy)
    assert not again.changed() and reasons(again) == []


def test_summaries_written_on_both_sides_keep_both_texts(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: summaries.set_summary(act, world.wohnen, "hoch", document_id=world.doc_a))
    work(copy, lambda act: summaries.set_summary(act, world.wohnen, "laut", document_id=world.doc_a))
    assert reasons(merged(target, copy)) == ["texts_joined"]  # two GUIDs, one cell: matched by the cell
    with Project.open(target) as proj, proj.read() as conn:
        text = summaries.get_summary(conn, summaries.SummaryKey(world.wohnen, world.doc_a))
    assert text.startswith("hoch") and text.endswith("laut")


def test_a_coding_deleted_in_the_copy_but_changed_here_is_kept(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: segments.set_key_quote(act, world.seg_miete, False))
    work(copy, lambda act: segments.delete_segment(act, world.seg_miete))
    assert reasons(merged(target, copy)) == ["deleted_there_changed_here"]
    assert read(target, lambda c: segments.get_segment(c, world.seg_miete))


def test_a_coding_deleted_here_comes_back_when_the_copy_changed_it(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: segments.delete_segment(act, world.seg_schule_ben))
    work(copy, lambda act: segments.set_key_quote(act, world.seg_schule_ben, True))
    assert reasons(merged(target, copy)) == ["deleted_here_changed_there"]
    assert read(target, lambda c: segments.get_segment(c, world.seg_schule_ben)).key_quote


def test_a_coding_deleted_here_stays_deleted_when_the_copy_did_not_touch_it(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: segments.delete_segment(act, world.seg_schule_ben))
    work(copy, lambda act: codes.rename_code(act, world.arbeit, "Beruf"))
    report = merged(target, copy)
    assert reasons(report) == [] and report.totals()["segments"].added == 0
    assert read(target, lambda c: [s.id for s in segments.segments_of_document(c, world.doc_a)
                                   if s.id == world.seg_schule_ben]) == []


def test_a_code_one_copy_deleted_stays_with_the_codings_another_copy_made_with_it(files, world):
    target, deleting, coding = files("projekt"), files("loescht"), files("codiert")
    work(deleting, lambda act: code_changes.delete_code(act, world.miete))
    work(coding, lambda act: segments.apply_code(act, world.doc_a, world.miete, world.ben,
                                                 *span(TEXT_A, "gleich neben")))
    results = []
    for order in ((deleting, coding), (coding, deleting)):
        path = files("ziel-" + order[0].stem)
        shutil.copyfile(target, path)
        for copy in order:
            merged(path, copy)
        with Project.open(path) as proj:
            results.append(canonical(proj))
        with Project.open(path, read_only=True) as proj, proj.read() as conn:
            miete = [s for s in segments.segments_of_document(conn, world.doc_a) if s.code_id == world.miete]
            assert [(s.coder_id, s.start) for s in miete] == [(world.ben, span(TEXT_A, "gleich neben")[0])]
    assert results[0] == results[1]


def test_a_code_made_on_both_sides_under_the_same_parent_is_one_code(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: codes.create_code(act, "Lärm", world.wohnen))

    def coder_side(act):
        laerm = codes.create_code(act, "Lärm", world.wohnen, definition="Geräusche im Quartier")
        segments.apply_code(act, world.doc_a, laerm, world.ben, *span(TEXT_A, "Die Schule ist nah."))
    work(copy, coder_side)
    report = merged(target, copy)
    assert report.totals()["codes"].added == 0 and reasons(report) == []
    with Project.open(target, read_only=True) as proj, proj.read() as conn:
        laerm = codes.find_by_path(conn, "Wohnen/Lärm")
        assert [s.code_id for s in segments.segments_of_document(conn, world.doc_a)].count(laerm) == 1
        tree = {n.path for n in codes.walk(codes.load_tree(conn))}
        definition = conn.execute(select(TABLES["codes"].c.definition).where(TABLES["codes"].c.id == laerm)).scalar()
    assert sum(p == "Wohnen/Lärm" for p in tree) == 1
    assert definition == "Geräusche im Quartier"  # empty here: filled in from the copy


def test_one_interview_imported_on_both_sides_is_one_document(files, world):
    target, copy = files("projekt"), files("kopie")
    text = "I: Und heute?\nB: Alles gut.\n"
    work(target, lambda act: documents.add_document(act, "K09", ParsedDocument(text, "text")))

    def coder_side(act):
        doc = documents.add_document(act, "K09", ParsedDocument(text, "text"))
        segments.apply_code(act, doc, world.arbeit, world.ben, 3, 12)
    work(copy, coder_side)
    report = merged(target, copy)
    assert report.totals()["documents"].added == 0 and report.totals()["segments"].added == 1
    with Project.open(target, read_only=True) as proj, proj.read() as conn:
        doc = documents.find_document(conn, "K09")
        assert [(s.start, s.end) for s in segments.segments_of_document(conn, doc)] == [(3, 12)]


def test_a_new_document_whose_name_is_taken_here_gets_a_number(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: documents.add_document(act, "K09", ParsedDocument("Text des Leads", "text")))
    work(copy, lambda act: documents.add_document(act, "K09", ParsedDocument("Text der Coderin", "text")))
    report = merged(target, copy)
    assert reasons(report) == ["renamed_new"]
    names = read(target, lambda c: [d.name for d in documents.list_documents(c)])
    assert "K09" in names and "K09 (2)" in names


def test_a_rename_to_a_name_taken_here_is_not_taken(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: codes.create_code(act, "Beruf"))
    work(copy, lambda act: codes.rename_code(act, world.arbeit, "Beruf"))
    assert reasons(merged(target, copy)) == ["name_taken"]
    assert read(target, lambda c: codes.code_path(c, world.arbeit)) == "Arbeit"


def test_a_move_below_its_own_subcode_is_not_taken(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: codes.move_code(act, world.arbeit, world.miete))  # Arbeit below Wohnen/Miete
    work(copy, lambda act: codes.move_code(act, world.wohnen, world.arbeit))  # Wohnen below Arbeit
    assert reasons(merged(target, copy)) == ["cycle"]
    assert read(target, lambda c: codes.code_path(c, world.wohnen)) == "Wohnen"
    assert read(target, lambda c: codes.code_path(c, world.arbeit)) == "Wohnen/Miete/Arbeit"


def test_two_lenas_stay_two_unless_mapped(files, world):
    target, first, second = files("projekt"), files("lena1"), files("lena2")
    for path, phrase in ((first, "Die Miete ist hoch."), (second, "Die Schule ist nah.")):
        def lena(act, phrase=phrase):
            me = coders.add_coder(act, "Lena")
            segments.apply_code(act, world.doc_a, world.wohnen, me, *span(TEXT_A, phrase))
        work(path, lena)
    twice = files("zweimal")
    shutil.copyfile(target, twice)
    report = merged(twice, first, second)
    assert [n.name for r in report.copies for n in r.coders] == ["Lena", "Lena (2)"]
    mapped = merged(target, first, second, coder_map={"Lena": "Lena"})
    assert [(n.how, n.name) for n in mapped.copies[1].coders] == [("mapped", "Lena")]
    with Project.open(target, read_only=True) as proj, proj.read() as conn:
        assert [c.name for c in coders.list_coders(conn)] == ["Anna", "Ben", "Lena"]
        lena_id = coders.get_coder(conn, "Lena")
        assert sum(s.coder_id == lena_id for s in segments.segments_of_document(conn, world.doc_a)) == 2


def test_a_copys_coder_can_be_mapped_to_a_new_name(files, world):
    target, copy = files("projekt"), files("kopie")
    work(copy, lambda act: coders.add_coder(act, "Lena"))
    report = merged(target, copy, coder_map={"Lena": "Lena Schmidt"})
    assert [(n.how, n.name) for n in report.copies[0].coders] == [("mapped", "Lena Schmidt")]
    assert read(target, lambda c: coders.find_coder(c, "Lena Schmidt")) is not None


def test_a_value_that_does_not_fit_the_variable_here_is_reported_not_taken(files, world):
    target, copy = files("projekt"), files("kopie")
    work(target, lambda act: variables.set_value_by_name(act, world.doc_a, "Jahr", 2020))
    work(copy, lambda act: variables.set_value_by_name(act, world.doc_b, "Jahr", "früh"))
    report = merged(target, copy)
    assert reasons(report) == ["type_differs"]
    assert "Jahr" not in read(target, lambda c: variables.values_of(c, world.doc_b))


def test_a_document_deleted_in_a_copy_is_kept_with_its_codings(files, world):
    target, copy = files("projekt"), files("kopie")
    work(copy, lambda act: documents.delete_document(act, world.doc_b))
    before = read(target, lambda c: segments.segments_of_document(c, world.doc_b))
    report = merged(target, copy)
    assert reasons(report) == ["deleted_there_kept"]
    assert read(target, lambda c: segments.segments_of_document(c, world.doc_b)) == before


def test_a_difference_no_history_explains_is_reported_and_the_projects_value_kept(files, world):
    target, copy = files("projekt"), files("kopie")
    work(copy, lambda act: codes.rename_code(act, world.arbeit, "Beruf"))
    con = sqlite3.connect(copy)  # as if the copy's history had been cut short (500 entries per coder)
    con.execute("DELETE FROM history WHERE description = 'Work'")
    con.commit()
    con.close()
    report = merged(target, copy)
    assert reasons(report) == ["unexplained"]
    assert read(target, lambda c: codes.code_path(c, world.arbeit)) == "Arbeit"


def test_a_copy_with_nothing_new_changes_nothing(files, world):
    target, copy = files("projekt"), files("kopie")
    with Project.open(target) as proj:
        before, labels = dump(proj), proj.undo_redo_labels()
        report = merge_copies(proj, [copy])
        assert dump(proj) == before and not report.changed() and proj.undo_redo_labels() == labels
    assert report.totals()["segments"].unchanged == 4
