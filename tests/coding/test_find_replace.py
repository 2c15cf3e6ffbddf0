"""Find & replace (coding/services/find_replace): one undoable action, codings kept, bounded in time."""
from __future__ import annotations

import pytest

from coding.base.errors import ConflictError, InputError
from coding.services import coders, codes, documents, segments
from coding.services.find_replace import find_replacements, replace
from coding.services.word_timings import attach_recognised_words, document_words
from coding.store.project import Project

from .helpers import TEXT_A, TEXT_B, do, dump, parsed, span


@pytest.fixture()
def project(tmp_path):
    with Project.create(tmp_path / "ersetzen.andock") as proj:
        def setup(act):
            a = documents.add_document(act, "Südstadt", parsed(TEXT_A, [0, 4000, 9000, 12000]))
            b = documents.add_document(act, "Sozialamt", parsed(TEXT_B))
            code = codes.create_code(act, "Schule")
            coder = coders.resolve_coder(act, "Lena")
            segments.apply_code(act, a, code, coder, *span(TEXT_A, "gleich neben der Schule"))
            segments.apply_code(act, a, code, coder, *span(TEXT_A, "Die Schule ist nah."))
            attach_recognised_words(act, a, [(" " + w, 300 * i, 300 * i + 200, 0.9)
                                             for i, w in enumerate(TEXT_A.split()) if not w.endswith(":")])
            return a, b
        proj.docs = do(proj, setup)
        yield proj


def texts_and_codings(proj):
    with proj.read() as conn:
        out = []
        for d in documents.list_documents(conn):
            text = documents.get_text(conn, d.id)
            out.append((d.name, text, [text[s.start:s.end] for s in segments.segments_of_document(conn, d.id)]))
        return out


def test_replace_in_all_documents_is_one_action_that_keeps_codings_and_undoes_at_once(project):
    before = dump(project)
    with project.read() as conn:
        found = find_replacements(conn, "schule", "Grundschule")  # case-insensitive by default
    assert [(r.document, r.match) for r in found] == [("Südstadt", "Schule"), ("Südstadt", "Schule")]
    with project.action("Replace") as act:
        report = replace(act, found)
    assert report.per_document == {"Südstadt": 2} and report.total == 2
    got = {name: (text, cod) for name, text, cod in texts_and_codings(project)}
    assert got["Südstadt"][0].count("Grundschule") == 2
    assert sorted(got["Südstadt"][1]) == ["Die Grundschule ist nah.", "gleich neben der Grundschule"]
    assert project.undo() is not None  # one undo takes back every replacement
    assert dump(project) == before


def test_regex_groups_and_a_chosen_document_and_word_timings_stay(project):
    a, b = project.docs
    with project.read() as conn:
        found = find_replacements(conn, r"(\w+)amt\b", r"\1-Amt", regex=True, documents=[b])
        words_before = document_words(conn, a)
    assert [(r.match, r.replacement) for r in found] == [("Sozialamt", "Sozial-Amt")]
    with project.action("Replace") as act:
        replace(act, found)
    with project.read() as conn:
        assert "im Sozial-Amt." in documents.get_text(conn, b)
        assert document_words(conn, a) == words_before  # another document untouched
        found = find_replacements(conn, "Südstadt", "Nordstadt", case_sensitive=True)
    with project.action("Replace") as act:
        replace(act, found)
    with project.read() as conn:
        text = documents.get_text(conn, a)
        words = document_words(conn, a)
    # the retyped word lost its timing; its neighbours kept theirs
    assert "Nordstadt" not in [text[w.start:w.end] for w in words]
    assert [text[w.start:w.end] for w in words][:8] == ["Wie", "wohnen", "Sie", "heute?", "Wir", "wohnen",
                                                        "in", "der"]
    assert len(words) == len(words_before) - 1


def test_a_stale_preview_is_refused_and_changes_nothing(project):
    a, _b = project.docs
    with project.read() as conn:
        found = find_replacements(conn, "Miete", "Kaltmiete")
    with project.action("Edit") as act:  # someone edits the text in between
        from coding.services.text_edit import edit_text
        from coding.text.remap import Edit
        edit_text(act, a, edits=[Edit(0, 0, "Vorab. ")])
    before = dump(project)
    with pytest.raises(ConflictError, match="changed since the search"):
        with project.action("Replace") as act:
            replace(act, found)
    assert dump(project) == before


@pytest.mark.parametrize("pattern, regex, message", [
    ("", False, "empty pattern"),
    ("(unclosed", True, "invalid regular expression"),
])
def test_bad_patterns_are_clear_errors(project, pattern, regex, message):
    with project.read() as conn, pytest.raises(InputError, match=message):
        find_replacements(conn, pattern, "x", regex=regex)


def test_a_bad_group_reference_is_a_clear_error(project):
    with project.read() as conn, pytest.raises(InputError, match="invalid replacement"):
        find_replacements(conn, r"(Schule)", r"\3", regex=True)


def test_a_catastrophic_pattern_stops_at_the_time_limit(project):
    with project.action("Pad") as act:  # a long run of a's makes "(a|a)+$" explode
        documents.add_document(act, "aaa", parsed("B: " + "a" * 40 + "!"))
    with project.read() as conn, pytest.raises(InputError, match="too slow"):
        find_replacements(conn, r"(a|a)+$", "b", regex=True, timeout=0.3)


def test_matches_that_change_nothing_are_left_out(project):
    with project.read() as conn:
        assert find_replacements(conn, "Schule", "Schule", case_sensitive=True) == []
        assert len(find_replacements(conn, "schule", "Schule")) == 0  # same text, only found case-insensitively


def test_codings_behind_an_edit_move_in_one_shift_op_that_undo_and_redo_reverse(project):
    """Typing near the start moves every coding behind it: one compact op, not one per row."""
    import json

    from sqlalchemy import select

    from coding.services.text_edit import edit_text
    from coding.store.history_ops import ShiftOp, dump_ops, load_ops
    from coding.store.models import TABLES
    from coding.text.remap import Edit
    from .helpers import roundtrip

    a, _b = project.docs
    with project.read() as conn:
        coded = [(s.start, s.end) for s in segments.segments_of_document(conn, a)]
    roundtrip(project, lambda: do(project, lambda act: edit_text(act, a, edits=[Edit(0, 0, "Vorab. ")])))
    project.redo()
    with project.read() as conn:
        moved = [(s.start, s.end) for s in segments.segments_of_document(conn, a)]
        stored = conn.execute(select(TABLES["history"].c.undo_ops).order_by(TABLES["history"].c.id.desc())).scalar()
    assert moved == [(s + 7, e + 7) for s, e in coded]
    ops = load_ops(stored)
    shifts = [op for op in ops if isinstance(op, ShiftOp) and op.table == "segments"]
    assert len(shifts) == 1 and shifts[0].delta == -7 and len(shifts[0].keys) == 2
    assert not [op for op in ops if op.table == "segments" and not isinstance(op, ShiftOp)]
    assert dump_ops(load_ops(stored)) == stored
    assert [o[2] for o in json.loads(stored) if o[:2] == ["shf", "segments"]] == [[[1, 2]]]  # ids as runs
