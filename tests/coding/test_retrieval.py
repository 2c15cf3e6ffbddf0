"""Retrieved segments (filters, speaker, time, paragraph, context) and full-text search."""
from __future__ import annotations

import pytest

from coding.services import documents, segments
from coding.analysis import retrieval
from coding.text import paragraphs
from coding.base.errors import InputError, NotFoundError
from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, TEXT_B, do, project, span, templates, world,
)


def query(project, **filters):
    with project.read() as conn:
        return retrieval.query_segments(conn, **filters)


def ids(hits):
    return [h.id for h in hits]


# --- filters ----------------------------------------------------------------------------------------

def test_without_filters_every_segment_comes_in_document_and_text_order(project, world):
    assert ids(query(project)) == [world.seg_schule_ben, world.seg_miete, world.seg_nachbarn, world.seg_arbeit]


def test_a_code_includes_its_subcodes_unless_told_otherwise(project, world):
    assert ids(query(project, codes=[world.wohnen])) == [
        world.seg_schule_ben, world.seg_miete, world.seg_nachbarn]
    assert ids(query(project, codes=[world.wohnen], subcodes=False)) == [world.seg_schule_ben]
    assert ids(query(project, codes=[world.miete, world.arbeit])) == [world.seg_miete, world.seg_arbeit]
    assert query(project, codes=[]) == []


def test_filter_by_documents(project, world):
    assert ids(query(project, documents=[world.doc_b])) == [world.seg_arbeit]
    assert query(project, documents=[]) == []


def test_filter_by_variable_values(project, world):
    assert ids(query(project, variables={"Gruppe": ["kommunal"]})) == [
        world.seg_schule_ben, world.seg_miete, world.seg_nachbarn]
    assert ids(query(project, variables={"Gruppe": ["kommunal", "frei"]})) == ids(query(project))
    assert ids(query(project, variables={"Gruppe": ["kommunal"], "Alter": ["54"]})) == ids(
        query(project, documents=[world.doc_a]))
    assert query(project, variables={"Gruppe": ["frei"], "Alter": ["54"]}) == []  # both must hold
    with pytest.raises(NotFoundError):
        query(project, variables={"Stadtteil": ["Süd"]})


def test_filter_by_coders(project, world):
    assert ids(query(project, coders=[world.ben])) == [world.seg_schule_ben]
    assert len(query(project, coders=[world.anna])) == 3


def test_filters_combine(project, world):
    hits = query(project, codes=[world.wohnen], coders=[world.anna], variables={"Gruppe": ["kommunal"]},
                 documents=[world.doc_a, world.doc_b])
    assert ids(hits) == [world.seg_miete, world.seg_nachbarn]


# --- what a retrieved segment tells --------------------------------------------------------------------

def test_a_retrieved_segment_carries_text_source_code_coder_memo_and_flag(project, world):
    [hit] = query(project, codes=[world.nachbarschaft])
    assert hit.text == "Die Nachbarschaft ist groß 👩‍👩‍👧"
    assert (hit.start, hit.end) == span(TEXT_A, hit.text)
    assert (hit.document, hit.label, hit.code_path, hit.coder) == (
        "K01_Sozialamt", "K01", "Wohnen/Nachbarschaft", "Anna")
    assert (hit.memo, hit.key_quote) == ("Familien als Nachbarn", False)
    assert query(project, codes=[world.miete])[0].key_quote is True


def test_speaker_time_and_paragraph_come_from_turns_anchors_and_lines(project, world):
    found = {h.id: (h.speaker, h.time_ms, h.paragraph) for h in query(project)}
    assert found == {
        world.seg_schule_ben: ("B", 4000, 2),
        world.seg_miete: ("B", 4000, 2),
        world.seg_nachbarn: ("B", 12500, 4),  # the empty line is not counted
        world.seg_arbeit: ("B", 3000, 2),
    }


def test_a_plain_text_has_no_speaker_or_time(project):
    def build(act):
        doc = documents.add_document(act, "Notiz", ParsedDocument("Erste Zeile.\n\nZweite 🙂 Zeile.", "text"))
        return segments.apply_code(act, doc, _code(act), _coder(act), 14, 21)
    do(project, build)
    [hit] = query(project)
    assert (hit.text, hit.speaker, hit.time_ms, hit.paragraph) == ("Zweite ", None, None, 2)


def test_time_is_that_of_the_nearest_anchor_at_or_before_the_segment(project):
    text = "Vorspann ohne Zeit. I: Frage? B: Antwort, lang und breit."
    anchors = [TimeAnchor(text.index("I:"), 61000), TimeAnchor(text.index("Antwort"), 65000)]
    turns = [Turn(text.index("I:"), text.index("B:"), "I"), Turn(text.index("B:"), len(text), "B")]

    def build(act):
        doc = documents.add_document(act, "T", ParsedDocument(text, "transcript", turns, anchors))
        code, coder = _code(act), _coder(act)
        for phrase in ("Vorspann", "Frage", "B: Antwort", "breit"):
            segments.apply_code(act, doc, code, coder, *span(text, phrase))
    do(project, build)
    assert [(h.text, h.speaker, h.time_ms) for h in query(project)] == [
        ("Vorspann", None, 0),  # before the first anchor: the start of the recording
        ("Frage", "I", 61000),
        ("B: Antwort", "B", 61000),
        ("breit", "B", 65000),
    ]


def test_context_before_and_after_is_given_in_code_points(project, world):
    [hit] = query(project, codes=[world.nachbarschaft], context=6)
    assert (hit.before, hit.after) == ("n?\nB: ", " und w")
    [hit] = query(project, codes=[world.arbeit], context=1000)
    assert hit.before + hit.text + hit.after == TEXT_B
    assert query(project, codes=[world.arbeit])[0].before == ""


@pytest.mark.parametrize("text", [TEXT_A, "\n\nA\n\nB\nC\n\n", "eins", "A\n \nB", "\nx 🙂\n\n\ny"])
def test_paragraph_numbers_of_the_index_and_of_the_function_agree(text):
    index = retrieval._DocIndex(text, [], [])
    assert [index.paragraph(p) for p in range(len(text) + 1)] == [
        paragraphs.paragraph_number(text, p) for p in range(len(text) + 1)]


def test_paragraph_number_counts_non_empty_lines():
    text = "\n\nA\n\nB 🙂\nC\n\n"
    assert [paragraphs.paragraph_number(text, p) for p in range(len(text) + 1)] == [
        1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]


# --- text search -------------------------------------------------------------------------------------

def search(project, pattern, **kw):
    with project.read() as conn:
        return retrieval.search_text(conn, pattern, **kw)


def test_plain_search_ignores_case_by_default_and_reports_code_point_positions(project, world):
    hits = search(project, "die schule")
    assert [(h.document, h.start, h.end, h.match) for h in hits] == [
        ("K01_Sozialamt", *span(TEXT_A, "Die Schule"), "Die Schule")]
    assert TEXT_A[hits[0].start:hits[0].end] == "Die Schule"  # after 🏘️ and 👩‍👩‍👧
    assert search(project, "die schule", case_sensitive=True) == []
    assert [h.match for h in search(project, "Schule")] == ["Schule", "Schule"]


def test_plain_search_takes_regex_characters_literally(project, world):
    assert [h.match for h in search(project, "heute?")] == ["heute?"]
    assert search(project, "w.hnen") == []


def test_regex_search(project, world):
    hits = search(project, r"\bSch\w+", regex=True)
    assert [h.match for h in hits] == ["Schule", "Schule"]
    hits = search(project, r"^B:", regex=True, case_sensitive=True)  # each line is a line
    assert [(h.document, h.start) for h in hits] == [
        ("K01_Sozialamt", TEXT_A.index("B: Wir")), ("K01_Sozialamt", TEXT_A.index("B: Die")),
        ("G02_Jobcenter", TEXT_B.index("B: Ich"))]
    assert search(project, r"x*", regex=True) == []  # empty matches are no hits


def test_positions_stay_code_points_after_emoji(project, world):
    [hit] = search(project, "und wir kennen")
    assert (hit.start, hit.end) == span(TEXT_A, "und wir kennen")
    assert hit.before.endswith("groß 👩‍👩‍👧 ")
    [hit] = search(project, "und wir kennen", context=6)
    assert hit.before == "👩‍👩‍👧 "  # five code points of emoji and a space


@pytest.mark.parametrize("pattern,regex", [("(unclosed", True), ("[a-", True), ("", False), ("", True)])
def test_invalid_or_empty_patterns_are_refused(project, world, pattern, regex):
    with pytest.raises(InputError):
        search(project, pattern, regex=regex)


def test_search_in_chosen_documents_with_context_and_limit(project, world):
    assert [h.document for h in search(project, "die", documents=[world.doc_b])] == ["G02_Jobcenter"] * 2
    [hit] = search(project, "Sozialamt", context=4)
    assert (hit.before, hit.after) == (" im ", ". Di")
    assert len(search(project, "e", limit=3)) == 3


def _code(act):
    from coding.services import codes
    return codes.create_code(act, "Thema")


def _coder(act):
    from coding.services import coders
    return coders.add_coder(act, "Anna")
