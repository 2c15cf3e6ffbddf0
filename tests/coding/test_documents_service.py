"""Documents in a project: adding, naming, finding, deleting, and editing their text."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coding.services import documents, memos, segments, variables
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.exchange.importers.model import ParsedDocument
from coding.store.models import TABLES
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, TEXT_B, do, dump, parsed, project, span, templates, world,
)


def rows(project, table, **where):
    t = TABLES[table]
    with project.read() as conn:
        return conn.execute(select(t).where(*(t.c[k] == v for k, v in where.items()))).mappings().all()


# --- adding ------------------------------------------------------------------------------------------

def test_a_document_is_stored_with_its_turns_and_time_anchors(project):
    doc = do(project, lambda act: documents.add_document(
        act, "K03_Wohnungsamt", parsed(TEXT_A, [0, 4000, 9000, 12500]), source_name="K03.docx",
        language="de", duration_ms=60000))
    with project.read() as conn:
        assert documents.get_text(conn, doc) == TEXT_A
        [info] = documents.list_documents(conn)
    assert (info.name, info.label, info.kind, info.length) == ("K03_Wohnungsamt", "K03", "transcript", len(TEXT_A))
    turns = sorted((r["start_pos"], r["end_pos"], r["speaker"]) for r in rows(project, "speaker_turns"))
    assert [t[2] for t in turns] == ["I", "B", "I", "B"]
    assert TEXT_A[turns[3][0]:turns[3][1]].startswith("B: Die Nachbarschaft")
    anchors = sorted((r["position"], r["ms"]) for r in rows(project, "time_anchors"))
    assert [ms for _p, ms in anchors] == [0, 4000, 9000, 12500]
    [row] = rows(project, "documents")
    assert (row["source_name"], row["language"], row["media_duration_ms"]) == ("K03.docx", "de", 60000)


@pytest.mark.parametrize("name,label", [
    ("K03_Sozialamt", "K03"), ("K-12 Jugendamt", "K12"), ("Ü7 Nachgespräch", "Ü7"),
    ("Interview mit Frau Müller", "Interview mi"), ("B1", "B1"),
])
def test_the_default_citation_label_comes_from_the_name(name, label):
    assert documents.default_label(name) == label


def test_an_explicit_label_wins(project):
    doc = do(project, lambda act: documents.add_document(act, "Gespräch", parsed(TEXT_B), label="X9"))
    with project.read() as conn:
        assert documents.find_document(conn, "X9") == doc


def test_a_name_clash_is_refused_unless_a_renamed_copy_is_wanted(project, world):
    before = dump(project)
    with pytest.raises(ConflictError, match="exists already"):
        do(project, lambda act: documents.add_document(act, "K01_Sozialamt", parsed(TEXT_B)))
    assert dump(project) == before
    copy = do(project, lambda act: documents.add_document(act, "K01_Sozialamt", parsed(TEXT_B), rename=True))
    third = do(project, lambda act: documents.add_document(act, "K01_Sozialamt", parsed(TEXT_B), rename=True))
    with project.read() as conn:
        names = {d.id: d.name for d in documents.list_documents(conn)}
    assert (names[copy], names[third]) == ("K01_Sozialamt (2)", "K01_Sozialamt (3)")


@pytest.mark.parametrize("name,text", [("", "Text"), ("   ", "Text"), ("Leer", ""), ("Leer", " \n\n "),
                                       ("Binär", "\x00\x00\x07")])  # control characters go (textnorm)
def test_a_document_needs_a_name_and_some_text(project, name, text):
    with pytest.raises(InputError):
        do(project, lambda act: documents.add_document(act, name, ParsedDocument(text, "text")))
    assert dump(project)["documents"] == []


def test_documents_are_listed_in_import_order(project, world):
    do(project, lambda act: documents.add_document(act, "A_zuletzt", parsed(TEXT_B)))
    with project.read() as conn:
        assert [d.name for d in documents.list_documents(conn)] == [
            "K01_Sozialamt", "G02_Jobcenter", "A_zuletzt"]


# --- finding and renaming ------------------------------------------------------------------------------

def test_find_document_by_name_or_by_unique_label(project, world):
    with project.read() as conn:
        assert documents.find_document(conn, "K01_Sozialamt") == world.doc_a
        assert documents.find_document(conn, "G02") == world.doc_b
        with pytest.raises(NotFoundError, match="no document named 'K99'"):
            documents.find_document(conn, "K99")


def test_an_ambiguous_label_finds_nothing(project, world):
    # labels are unique now (K01-2 here); a project from before may hold the same label twice
    doc = do(project, lambda act: documents.add_document(act, "K01_Nachgespräch", parsed(TEXT_B)))
    with project.write() as conn:
        conn.execute(TABLES["documents"].update().where(TABLES["documents"].c.id == doc).values(label="K01"))
    with project.read() as conn, pytest.raises(NotFoundError):
        documents.find_document(conn, "K01")


def test_rename_changes_name_and_optionally_label(project, world):
    do(project, lambda act: documents.rename_document(act, world.doc_a, "  K01_Südstadt  "))
    [row] = rows(project, "documents", id=world.doc_a)
    assert (row["name"], row["label"]) == ("K01_Südstadt", "K01")
    do(project, lambda act: documents.rename_document(act, world.doc_a, "K01_Südstadt", " S1 "))
    [row] = rows(project, "documents", id=world.doc_a)
    assert row["label"] == "S1"


def test_rename_refuses_a_taken_or_empty_name_and_an_unknown_document(project, world):
    before = dump(project)
    with pytest.raises(ConflictError):
        do(project, lambda act: documents.rename_document(act, world.doc_a, "G02_Jobcenter"))
    with pytest.raises(InputError):
        do(project, lambda act: documents.rename_document(act, world.doc_a, " "))
    with pytest.raises(NotFoundError):
        do(project, lambda act: documents.rename_document(act, 999, "Neu"))
    assert dump(project) == before


# --- deleting -------------------------------------------------------------------------------------------

def test_delete_removes_the_document_and_everything_attached_to_it_only(project, world):
    lost = do(project, lambda act: documents.delete_document(act, world.doc_a))
    assert lost == 3
    for table in ("segments", "speaker_turns", "time_anchors", "variable_values"):
        assert rows(project, table, document_id=world.doc_a) == []
        assert rows(project, table, document_id=world.doc_b) != []
    assert rows(project, "memos", document_id=world.doc_a) == []
    assert rows(project, "memos", segment_id=world.seg_nachbarn) == []
    with project.read() as conn:
        assert memos.get_memo(conn, None) == "Projektmemo: Wohnen und Arbeit"
        assert memos.get_memo(conn, "code", world.nachbarschaft) == "Soziale Netze im Quartier"
        assert [d.id for d in documents.list_documents(conn)] == [world.doc_b]
        assert variables.find_variable(conn, "Gruppe") is not None  # variables stay defined


def test_deleting_an_unknown_document_is_refused(project, world):
    with pytest.raises(NotFoundError):
        do(project, lambda act: documents.delete_document(act, 999))


# --- editing the text -----------------------------------------------------------------------------------

def coded_texts(project, doc):
    with project.read() as conn:
        text = documents.get_text(conn, doc)
        return {s.id: text[s.start:s.end] for s in segments.segments_of_document(conn, doc)}


def test_codings_stay_on_their_words_when_text_is_inserted_before_them(project, world):
    from coding.services import text_edit

    before = coded_texts(project, world.doc_a)
    new = TEXT_A.replace("Wie wohnen Sie heute?", "Wie 🙂 wohnen Sie heute, Frau Öztürk?")
    report = do(project, lambda act: text_edit.edit_text(act, world.doc_a, new))
    assert report.message() == ""
    assert coded_texts(project, world.doc_a) == before


def test_a_coding_whose_text_is_partly_deleted_shrinks_and_the_user_is_told(project, world):
    from coding.services import text_edit

    new = TEXT_A.replace("ist groß 👩‍👩‍👧", "")
    with project.action("Edit") as act:
        report = text_edit.edit_text(act, world.doc_a, new)
        messages = act.changes.messages
    assert report.shrunk == [world.seg_nachbarn] and report.removed == []
    assert coded_texts(project, world.doc_a)[world.seg_nachbarn].strip() == "Die Nachbarschaft"
    assert messages == ["1 coding(s) shortened"]


def test_a_coding_whose_text_is_wholly_deleted_goes_with_its_memo(project, world):
    from coding.services import text_edit

    new = TEXT_A.replace("Die Nachbarschaft ist groß 👩‍👩‍👧 ", "")
    report = do(project, lambda act: text_edit.edit_text(act, world.doc_a, new))
    assert report.removed == [world.seg_nachbarn]
    assert world.seg_nachbarn not in coded_texts(project, world.doc_a)
    assert rows(project, "memos", segment_id=world.seg_nachbarn) == []


def test_codings_brought_together_by_an_edit_are_joined_by_the_extension_rule(project, world):
    from coding.services import text_edit

    first = span(TEXT_A, "Wir wohnen in der Südstadt")
    second = span(TEXT_A, "gleich neben der Schule.")

    def code_both(act):
        return [segments.apply_code(act, world.doc_a, world.arbeit, coder, *r)
                for coder in (world.anna, world.ben) for r in (first, second)]
    anna_1, anna_2, ben_1, ben_2 = do(project, code_both)
    new = TEXT_A[:first[1]] + TEXT_A[second[0]:]  # " 🏘️, " between them goes
    do(project, lambda act: text_edit.edit_text(act, world.doc_a, new))
    texts = coded_texts(project, world.doc_a)
    joined = "Wir wohnen in der Südstadtgleich neben der Schule."
    assert (texts[anna_1], texts[ben_1]) == (joined, joined)
    assert anna_2 not in texts and ben_2 not in texts


def test_turns_and_time_anchors_move_with_their_words(project, world):
    from coding.services import text_edit

    new = "Vorbemerkung.\n" + TEXT_A
    do(project, lambda act: text_edit.edit_text(act, world.doc_a, new))
    turn_starts = sorted(r["start_pos"] for r in rows(project, "speaker_turns", document_id=world.doc_a))
    anchor_pos = sorted(r["position"] for r in rows(project, "time_anchors", document_id=world.doc_a))
    assert [new[p:p + 3] for p in turn_starts] == ["I: ", "B: ", "I: ", "B: "]
    assert [new[p:p + 3] for p in anchor_pos] == ["I: ", "B: ", "I: ", "B: "]


def test_an_edit_that_changes_nothing_records_nothing(project, world):
    from coding.services import text_edit

    do(project, lambda act: text_edit.edit_text(act, world.doc_a, TEXT_A))
    assert project.undo_redo_labels() == ("Build world", None)
