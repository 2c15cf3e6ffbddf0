"""The editor's speaker-change and timestamp keys as core actions (coding/services/transcript_keys)."""
from __future__ import annotations

import pytest

from coding.base.errors import InputError
from coding.exchange.importers.model import ParsedDocument
from coding.services import coders, codes, documents, segments
from coding.services.transcript_keys import next_speaker, set_time_anchor, split_turn
from coding.store.project import Project

from .helpers import do, dump, parsed, roundtrip, span

TEXT = "I: Wie finden Familien Hilfe?\nB: Über die Schule. Und über Nachbarinnen 🏘️ im Viertel."


@pytest.fixture()
def project(tmp_path):
    with Project.create(tmp_path / "tasten.andock") as proj:
        def setup(act):
            doc = documents.add_document(act, "K01", parsed(TEXT, [0, 4000]))
            code = codes.create_code(act, "Zugänge")
            segments.apply_code(act, doc, code, coders.resolve_coder(act, "Lena"), *span(TEXT, "Nachbarinnen 🏘️"))
            return doc
        proj.doc = do(proj, setup)
        yield proj


def state(proj):
    with proj.read() as conn:
        text = documents.get_text(conn, proj.doc)
        from coding.analysis.views import load_document
        data = load_document(conn, proj.doc)
    return text, [(text[s:e], sp) for s, e, sp in data.turns], [text[s.start:s.end] for s in data.segments], data.anchors


def test_a_speaker_change_inside_a_turn_splits_it_and_keeps_codings(project):
    pos = TEXT.index("Und über")
    with project.read() as conn:
        assert next_speaker(conn, project.doc, pos) == "I"  # B is talking: the next is I
    after = do(project, lambda act: split_turn(act, project.doc, pos, "I", ms=6200))
    text, turns, codings, anchors = state(project)
    assert text == "I: Wie finden Familien Hilfe?\nB: Über die Schule.\n\nI: Und über Nachbarinnen 🏘️ im Viertel."
    assert text[after:].startswith("Und über")
    assert turns == [("I: Wie finden Familien Hilfe?", "I"), ("B: Über die Schule.", "B"),
                     ("I: Und über Nachbarinnen 🏘️ im Viertel.", "I")]
    assert codings == ["Nachbarinnen 🏘️"]
    assert (text.index("\n\nI:"), 6200) in anchors  # the ending paragraph's timestamp


def test_a_speaker_change_at_a_paragraph_end_starts_an_empty_turn_and_undo_restores_all(project):
    end = len(TEXT)
    before = dump(project)
    after, _b, _a = roundtrip(project, lambda: do(project, lambda act: split_turn(act, project.doc, end, "I")))
    text, turns, _c, _an = state(project)
    assert text.endswith("im Viertel.\n\nI: ") and after == len(text)
    assert turns[-1] == ("I: ", "I")
    assert project.undo() is not None
    assert dump(project) == before


def test_timestamps_are_set_and_replaced_and_bad_input_changes_nothing(project):
    pos = TEXT.index("\nB:")
    do(project, lambda act: set_time_anchor(act, project.doc, pos, 3500))
    do(project, lambda act: set_time_anchor(act, project.doc, pos, 3600))
    assert [a for a in state(project)[3] if a[0] == pos] == [(pos, 3600)]
    before = dump(project)
    for bad in (lambda act: set_time_anchor(act, project.doc, 10_000, 1),
                lambda act: set_time_anchor(act, project.doc, 3, -5),
                lambda act: split_turn(act, project.doc, 3, "I: B"),
                lambda act: split_turn(act, project.doc, -1, "I")):
        with pytest.raises(InputError):
            do(project, bad)
    assert dump(project) == before


def test_next_speaker_in_a_document_without_turns_is_the_interviewer(tmp_path):
    with Project.create(tmp_path / "leer.andock") as proj:
        doc = do(proj, lambda act: documents.add_document(act, "Notiz", ParsedDocument("Hallo Welt", "text")))
        with proj.read() as conn:
            assert next_speaker(conn, doc, 0) == "I"
        after = do(proj, lambda act: split_turn(act, doc, 5, "B"))
        with proj.read() as conn:
            text = documents.get_text(conn, doc)
            assert next_speaker(conn, doc, after) == "I"
        assert text == "Hallo\n\nB: Welt"

