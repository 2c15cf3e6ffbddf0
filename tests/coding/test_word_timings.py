"""Word timings (schema 0006): placed on the transcript's words, kept there through edits and undo.

The edit rule: a word keeps its timing while any of its characters survive (a typo fixed inside
it moves nothing); a word whose characters are all replaced ("retyped") loses it; the neighbours
keep theirs. Rows are stored relative to the previous word, so an edit writes only a few rows.
"""
from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import select

from coding.services import documents
from coding.services.text_edit import edit_text
from coding.services.word_timings import attach_recognised_words, document_words, store_words
from coding.store.models import TABLES
from coding.store.project import Project
from coding.text.remap import Edit
from coding.text.word_timing import (
    TimedWord, align_words, from_relative, ms_at_position, next_uncertain, to_relative, word_at_ms)

from .helpers import do, parsed

TEXT = ("I: Wie kommen Familien in der Südstadt an Unterstützung? 🏘️\n\n"
        "B: Über die Schule (.) und über Nachbarinnen, die schon länger hier wohnen. Das ist groß.")


def recognised(text: str) -> list[tuple[str, int, int, float]]:
    """The words of ``text`` (without labels and pause marks) as Whisper would report them:
    leading space, punctuation attached, 400 ms apart, every third one doubtful."""
    out = []
    for i, token in enumerate(t for t in text.split() if not t.endswith(":") and t != "(.)"):
        out.append((" " + token, 400 * i, 400 * i + 300, 0.3 if i % 3 == 2 else 0.95))
    return out


def test_align_words_finds_each_word_in_order_at_word_boundaries():
    text = "B: Ja, (.) die Jahre waren hart. Ja."
    words = [(" Ja,", 0, 200, 0.9), (" die", 500, 600, 0.8), (" Jahre", 600, 900, 0.7),
             (" waren", 900, 1100, 0.9), (" hart.", 1100, 1400, 0.2), (" Ja.", 2000, 2200, 0.99)]
    got = align_words(text, words)
    assert [text[w.start:w.end] for w in got] == ["Ja,", "die", "Jahre", "waren", "hart.", "Ja."]
    assert [w.start_ms for w in got] == [0, 500, 600, 900, 1100, 2000]
    # "Ja" alone must not be found inside "Jahre", nor a word that is not in the text
    got = align_words("Die Jahre. Ja", [(" Ja", 0, 10, 1.0)])
    assert [(w.start, w.end) for w in got] == [(11, 13)]
    assert align_words("Die Stadt", [(" Dorf", 0, 10, 1.0), (" Stadt", 20, 30, 0.5)]) == [
        TimedWord(4, 9, 20, 30, 0.5)]


def test_align_words_leaves_out_a_word_far_from_the_previous_one():
    text = "Anfang " + "x " * 300 + "Ende"
    got = align_words(text, [(" Anfang", 0, 100, 1.0), (" Ende", 200, 300, 1.0)])
    assert [text[w.start:w.end] for w in got] == ["Anfang"]


def test_lookups_for_play_along_click_and_uncertain_words():
    words = align_words(TEXT, recognised(TEXT))
    # playing at 1,650 ms: the word that started at 1,600 ms (the fifth) is heard
    i = word_at_ms(words, 1650)
    assert i == 4 and TEXT[words[i].start:words[i].end] == "der"
    assert word_at_ms(words, -1) is None
    # a click inside "Südstadt" plays from its start; on the space before it, too
    sud = TEXT.index("Südstadt")
    k = next(j for j, w in enumerate(words) if w.start == sud)
    assert ms_at_position(words, [], sud + 3) == words[k].start_ms
    assert ms_at_position(words, [], sud - 1) == words[k].start_ms
    # without word timings a click plays from the nearest time anchor before it
    assert ms_at_position([], [(0, 0), (60, 5000), (120, 9000)], 100) == 5000
    assert ms_at_position([], [], 10) is None
    # uncertain words: after a position, wrapping around
    first = next_uncertain(words, -1, 0.5)
    assert first is not None and first.probability == 0.3
    second = next_uncertain(words, first.start, 0.5)
    assert second is not None and second.start > first.start
    assert next_uncertain(words, words[-1].start, 0.5) == first
    assert next_uncertain(words, 0, 0.1) is None


def test_relative_rows_round_trip_and_refuse_overlaps():
    words = align_words(TEXT, recognised(TEXT))
    rel = to_relative(words)
    assert from_relative([(g, n, w.start_ms, w.end_ms, w.probability) for (g, n), w in zip(rel, words)]) == words
    with pytest.raises(ValueError):
        to_relative([TimedWord(0, 5, 0, 1), TimedWord(4, 8, 2, 3)])


@pytest.fixture()
def project(tmp_path):
    with Project.create(tmp_path / "wörter.andock") as proj:
        doc_id = do(proj, lambda act: documents.add_document(act, "K01", parsed(TEXT)))
        do(proj, lambda act: attach_recognised_words(act, doc_id, recognised(TEXT)))
        proj.doc_id = doc_id
        yield proj


def words_with_text(proj) -> list[tuple[str, int]]:
    with proj.read() as conn:
        text = documents.get_text(conn, proj.doc_id)
        return [(text[w.start:w.end], w.start_ms) for w in document_words(conn, proj.doc_id)]


def test_transcribed_words_are_stored_on_the_stored_text(project):
    got = words_with_text(project)
    assert got[:3] == [("Wie", 0), ("kommen", 400), ("Familien", 800)]
    assert ("Südstadt", 2000) in got and ("groß.", 400 * (len(got) - 1)) in got
    assert len(got) == len(recognised(TEXT))


def test_a_fixed_typo_keeps_the_timing_a_retyped_word_loses_it_neighbours_keep_theirs(project):
    before = dict(words_with_text(project))
    with project.read() as conn:
        text = documents.get_text(conn, project.doc_id)
    s = text.index("Südstadt")
    do(project, lambda act: edit_text(act, project.doc_id, edits=[Edit(s + 3, s + 4, "S")]))  # SüdStadt
    s2 = text.index("Schule")
    do(project, lambda act: edit_text(act, project.doc_id, edits=[Edit(s2, s2 + 6, "Kita")]))  # retyped
    after = dict(words_with_text(project))
    assert after["SüdStadt"] == before["Südstadt"]
    assert "Kita" not in after and "Schule" not in after
    assert after["die"] == before["die"]
    assert after["und"] == before["und"] and after["Über"] == before["Über"]
    assert len(after) == len(before) - 1


def test_an_edit_near_the_start_writes_only_the_rows_it_touches(tmp_path):
    """5,000 timed words; inserting a word at the start must not rewrite every row behind it."""
    text = "B: " + " ".join(f"wort{i}" for i in range(5000))
    with Project.create(tmp_path / "lang.andock") as proj:
        doc_id = do(proj, lambda act: documents.add_document(act, "lang", parsed(text)))
        do(proj, lambda act: attach_recognised_words(act, doc_id, [(f" wort{i}", 10 * i, 10 * i + 5, 0.9)
                                                                   for i in range(5000)]))
        do(proj, lambda act: edit_text(act, doc_id, edits=[Edit(3, 3, "neu ")]), "type")
        with proj.read() as conn:
            ops = json.loads(conn.execute(select(TABLES["history"].c.undo_ops)
                                          .order_by(TABLES["history"].c.id.desc())).scalars().first())
            words = document_words(conn, doc_id)
            new_text = documents.get_text(conn, doc_id)
        word_ops = [op for op in ops if op[1] == "word_timings"]
        assert len(word_ops) == 1, word_ops  # only the first word's gap changed
        assert [new_text[w.start:w.end] for w in words[:2]] == ["wort0", "wort1"]
        assert new_text[words[-1].start:words[-1].end] == "wort4999"


def test_random_edits_keep_every_surviving_word_on_its_characters_and_undo_restores_all(tmp_path):
    """200 random edits (typing, deleting, replacing, pasting across words) on a 600-word
    transcript; each character of the original carries an identity, so "on its word" is checked
    by identity, not by equal strings."""
    rng = random.Random(7)
    body = "\n\n".join(TEXT.replace("I: ", f"I{k % 2 and 'I' or ''}: ") for k in range(25))
    project = Project.create(tmp_path / "zufall.andock")
    project.doc_id = do(project, lambda act: documents.add_document(act, "Z01", parsed(body)))
    do(project, lambda act: attach_recognised_words(act, project.doc_id, recognised(body)))
    with project.read() as conn:
        original = documents.get_text(conn, project.doc_id)
        start_words = document_words(conn, project.doc_id)
    ids: list[int | None] = list(range(len(original)))  # identity of each current character
    text, done = original, 0
    for step in range(200):
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.choice([0, 0, 1, 2, 5, 12]))
        repl = rng.choice(["", "x", "ä", " ", "neu ", "ß🏘️", "(unv.)"])
        if a == b and not repl:
            continue
        do(project, lambda act: edit_text(act, project.doc_id, edits=[Edit(a, b, repl)]), f"edit {step}")
        done += text[a:b] != repl  # an edit that changes nothing is no action to undo
        text = text[:a] + repl + text[b:]
        ids = ids[:a] + [None] * len(repl) + ids[b:]
    with project.read() as conn:
        assert documents.get_text(conn, project.doc_id) == text
        now = document_words(conn, project.doc_id)
    by_time = {w.start_ms: w for w in start_words}
    survivors = 0
    for w in now:
        orig = by_time[w.start_ms]
        kept = [i for i in ids[w.start:w.end] if i is not None]
        # no character of another word ever enters a word's range, and every surviving character
        # of the word lies inside it. (A word may consist of typed characters only, when it was
        # retyped piece by piece: like a coding, it keeps its place while some of its current
        # characters survive each edit.)
        assert all(orig.start <= i < orig.end for i in kept), (w, orig)
        assert set(range(orig.start, orig.end)) & set(i for i in ids if i is not None) == set(kept)
        survivors += bool(kept)
    gone = {w.start_ms for w in start_words} - {w.start_ms for w in now}
    for ms in gone:  # a word without timing has no original character left
        orig = by_time[ms]
        assert not set(range(orig.start, orig.end)) & set(i for i in ids if i is not None)
    assert survivors > len(start_words) // 2
    for _ in range(done):  # undo all edits: text and word timings are back as they were
        assert project.undo() is not None
    with project.read() as conn:
        assert documents.get_text(conn, project.doc_id) == original
        assert document_words(conn, project.doc_id) == start_words
    project.close()


def test_store_words_refuses_overlapping_words_and_changes_nothing(project):
    before = words_with_text(project)
    with pytest.raises(ValueError):
        do(project, lambda act: store_words(act, project.doc_id, [TimedWord(0, 5, 0, 1), TimedWord(3, 8, 2, 3)]))
    assert words_with_text(project) == before


def test_remap_words_without_words_is_a_no_op(tmp_path):
    with Project.create(tmp_path / "leer.andock") as proj:
        doc_id = do(proj, lambda act: documents.add_document(act, "leer", parsed("B: Hallo")))
        do(proj, lambda act: edit_text(act, doc_id, edits=[Edit(3, 3, "Na, ")]))
        with proj.read() as conn:
            assert document_words(conn, doc_id) == []


def test_an_edit_made_on_an_outdated_text_is_refused_and_changes_nothing(project):
    from coding.base.errors import ConflictError
    with project.read() as conn:
        base = documents.get_text(conn, project.doc_id)
    do(project, lambda act: edit_text(act, project.doc_id, edits=[Edit(0, 0, "X")]))  # another window
    before = words_with_text(project)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        do(project, lambda act: edit_text(act, project.doc_id, edits=[Edit(3, 3, "Y")], base=base))
    assert words_with_text(project) == before
    with project.read() as conn:
        assert documents.get_text(conn, project.doc_id) == "X" + base
