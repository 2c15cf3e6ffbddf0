"""Words per document: spaCy's German tokens without speaker labels, pause marks and punctuation."""
from __future__ import annotations

from sqlalchemy import select

from coding.services import documents, text_edit
from coding.store.models import TABLES
from coding.analysis.words import count_words, spoken_text, word_counts
from tests.coding.helpers import parsed

documents_t = TABLES["documents"]


def test_punctuation_symbols_and_spaces_are_no_words():
    # Also | ich | würde | sagen | das | ist | so | naja | z.B. | 12,5 | der | Leute | gut  = 13
    assert count_words("Also, ich würde sagen – das ist so ... naja! z.B. 12,5 % der Leute 🏘️ gut.") == 13


def test_pause_marks_and_transcription_marks_are_no_words():
    text = ("Ja (.) also (..) das war (...) schwierig (4) und (12) teuer (2,5 s) "
            "(lacht) wirklich (unv.) #00:01:23-4# (räuspert sich) gut")
    # Ja also das war schwierig und teuer wirklich gut = 9: "(4)" and "(12)" are pauses, not numbers
    assert count_words(text) == 9
    assert "4" not in spoken_text(text)
    assert count_words("ja(.)gut") == 2  # a mark between words keeps them apart


def test_speaker_labels_at_turn_starts_are_no_words():
    text = "I: Wie alt sind Sie?\nB1: Ich bin 54.\nB1: Nein: 55.\n"
    turns = [(0, "I"), (text.index("B1:"), "B1"), (text.rindex("B1:"), "B1")]
    # Wie alt sind Sie | Ich bin 54 | Nein 55  = 4 + 3 + 2; "Nein:" inside a turn is text
    assert count_words(text, turns) == 9
    assert count_words(text) == 12  # without turns the labels count (I, B1, B1)


def test_counts_are_stored_once_and_reset_when_the_text_changes(project):
    text = "I: Was machen Sie?\nB: Ich arbeite (.) im Sozialamt.\n"
    with project.action("Import") as act:
        doc = documents.add_document(act, "K01", parsed(text))
    with project.read() as conn:
        assert conn.execute(select(documents_t.c.word_count)).scalar() is None  # not counted yet
        assert word_counts(conn) == {doc: 7}  # Was machen Sie | Ich arbeite im Sozialamt
    with project.read() as conn:
        assert conn.execute(select(documents_t.c.word_count)).scalar() == 7
    labels = project.undo_redo_labels()
    assert labels == ("Import", None)  # storing the count is not an action
    with project.action("Edit") as act:
        text_edit.edit_text(act, doc, text.replace("im Sozialamt", "seit Jahren im Sozialamt"))
    with project.read() as conn:
        assert conn.execute(select(documents_t.c.word_count)).scalar() is None
        assert word_counts(conn, [doc]) == {doc: 9}  # + seit Jahren
    project.undo()  # the old text comes back with its old count
    with project.read() as conn:
        assert conn.execute(select(documents_t.c.word_count)).scalar() == 7
        assert word_counts(conn) == {doc: 7}


def test_counting_inside_an_action_uses_its_connection(project):
    with project.action("Import") as act:
        doc = documents.add_document(act, "K01", parsed("B: Eins zwei drei.\n"))
        assert word_counts(act.conn) == {doc: 3}
    with project.read() as conn:
        assert conn.execute(select(documents_t.c.word_count)).scalar() == 3


def test_word_counts_of_selected_documents_only(project):
    with project.action("Import") as act:
        a = documents.add_document(act, "A", parsed("B: Eins zwei.\n"))
        b = documents.add_document(act, "B", parsed("B: Eins zwei drei vier.\n"))
    with project.read() as conn:
        assert word_counts(conn, [b]) == {b: 4}
        assert word_counts(conn, []) == {}
        assert word_counts(conn) == {a: 2, b: 4}
