"""Coded segments: code-point positions, MAXQDA's extension rule, refusal of bad ranges."""
from __future__ import annotations

import pytest

from coding.services import codes, coders, documents, memos, segments
from coding.analysis import retrieval
from coding.base.errors import InputError, NotFoundError
from coding.exchange.importers.model import ParsedDocument
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, do, dump, project, span, templates, world,
)

# Characters before the coded passage that trip up UTF-16 or byte counting: umlauts, ß,
# a two-code-point emoji (house + variation selector) and a five-code-point family (ZWJ).
TRICKY = "Grüße aus Köln 🏘️ und Straße 👩‍👩‍👧 — dann: Der Kern der Aussage. Öl 🙂 am Ende."


@pytest.fixture
def setup(project):
    """A document with tricky text, two coders and two codes."""
    def build(act):
        doc = documents.add_document(act, "Tricky", ParsedDocument(TRICKY, "text"))
        return (doc, codes.create_code(act, "A"), codes.create_code(act, "B"),
                coders.add_coder(act, "Anna"), coders.add_coder(act, "Ben"))
    return do(project, build)


def coded(project, doc, code=None, coder=None):
    """(start, end) of the segments of a code/coder in text order."""
    with project.read() as conn:
        return [(s.start, s.end) for s in segments.segments_of_document(conn, doc)
                if (code is None or s.code_id == code) and (coder is None or s.coder_id == coder)]


def apply(project, doc, code, coder, start, end, **kw):
    return do(project, lambda act: segments.apply_code(act, doc, code, coder, start, end, **kw))


# --- positions ---------------------------------------------------------------------------------

def test_the_multi_code_point_emoji_have_the_lengths_the_test_assumes():
    assert len("🏘️") == 2 and len("👩‍👩‍👧") == 5
    assert len("👩‍👩‍👧".encode("utf-16-le")) // 2 == 8  # what Qt would count: not our unit


def test_positions_are_code_points_end_exclusive_after_umlauts_sz_and_emoji(project, setup):
    doc, a, _b, anna, _ben = setup
    start, end = span(TRICKY, "Der Kern der Aussage.")
    apply(project, doc, a, anna, start, end)
    with project.read() as conn:
        [hit] = retrieval.query_segments(conn)
        assert (hit.start, hit.end) == (start, end)
        assert hit.text == TRICKY[start:end] == "Der Kern der Aussage."
        assert segments.text_length(conn, doc) == len(TRICKY)


@pytest.mark.parametrize("phrase", ["🏘️", "👩‍👩‍👧", "Straße 👩‍👩‍👧", "Öl 🙂 am Ende."])
def test_emoji_themselves_can_be_coded_whole(project, setup, phrase):
    doc, a, _b, anna, _ben = setup
    start, end = span(TRICKY, phrase)
    apply(project, doc, a, anna, start, end)
    with project.read() as conn:
        assert [h.text for h in retrieval.query_segments(conn)] == [phrase]


def test_a_range_may_end_exactly_at_the_end_of_the_text(project, setup):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, len(TRICKY) - 3, len(TRICKY))
    with project.read() as conn:
        assert retrieval.query_segments(conn)[0].text == "de."


@pytest.mark.parametrize("start,end", [(-1, 4), (5, 5), (6, 5), (0, len(TRICKY) + 1),
                                       (len(TRICKY), len(TRICKY) + 2)])
def test_out_of_range_and_empty_ranges_are_refused_and_change_nothing(project, setup, start, end):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, 0, 5)
    before = dump(project)
    with pytest.raises(InputError, match="outside the document|did you swap them"):
        apply(project, doc, a, anna, start, end)
    with pytest.raises(InputError):
        do(project, lambda act: segments.remove_code(act, doc, a, start, end))
    assert dump(project) == before


def test_coding_an_unknown_document_is_refused(project, setup):
    _doc, a, _b, anna, _ben = setup
    with pytest.raises(NotFoundError):
        apply(project, 999, a, anna, 0, 1)


# --- the extension rule ----------------------------------------------------------------------------

def test_overlapping_coding_of_the_same_code_and_coder_extends_the_segment(project, setup):
    doc, a, _b, anna, _ben = setup
    first = apply(project, doc, a, anna, 10, 20)
    assert apply(project, doc, a, anna, 15, 30) == first
    assert apply(project, doc, a, anna, 5, 12) == first
    assert coded(project, doc) == [(5, 30)]


def test_adjacent_coding_of_the_same_code_and_coder_joins_the_segment(project, setup):
    doc, a, _b, anna, _ben = setup
    first = apply(project, doc, a, anna, 10, 20)
    assert apply(project, doc, a, anna, 20, 25) == first
    assert apply(project, doc, a, anna, 4, 10) == first
    assert coded(project, doc) == [(4, 25)]


def test_a_gap_of_one_character_keeps_segments_apart(project, setup):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, 10, 20)
    apply(project, doc, a, anna, 21, 25)
    assert coded(project, doc) == [(10, 20), (21, 25)]


def test_coding_inside_an_existing_segment_changes_nothing(project, setup):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, 10, 30)
    before = dump(project)
    apply(project, doc, a, anna, 12, 18)
    assert dump(project) == before


def test_one_coding_bridging_several_segments_joins_them_all_into_the_first(project, setup):
    doc, a, _b, anna, _ben = setup
    first = apply(project, doc, a, anna, 5, 8)
    apply(project, doc, a, anna, 12, 15)
    apply(project, doc, a, anna, 20, 22)
    apply(project, doc, a, anna, 40, 45)
    assert apply(project, doc, a, anna, 7, 20) == first
    assert coded(project, doc) == [(5, 22), (40, 45)]


def test_different_coders_keep_separate_segments(project, setup):
    doc, a, _b, anna, ben = setup
    apply(project, doc, a, anna, 10, 20)
    apply(project, doc, a, ben, 15, 25)
    apply(project, doc, a, ben, 25, 30)  # adjacent to Ben's own: joins his
    assert coded(project, doc, coder=anna) == [(10, 20)]
    assert coded(project, doc, coder=ben) == [(15, 30)]


def test_different_codes_keep_separate_segments(project, setup):
    doc, a, b, anna, _ben = setup
    apply(project, doc, a, anna, 10, 20)
    apply(project, doc, b, anna, 10, 20)
    apply(project, doc, b, anna, 20, 30)
    assert coded(project, doc, code=a) == [(10, 20)]
    assert coded(project, doc, code=b) == [(10, 30)]


def test_joining_keeps_the_key_quote_flag_and_concatenates_memos_in_text_order(project, setup):
    doc, a, _b, anna, _ben = setup
    first = apply(project, doc, a, anna, 5, 8)
    apply(project, doc, a, anna, 12, 15, memo="zweites", key_quote=True)
    apply(project, doc, a, anna, 20, 22, memo="drittes")
    joined = apply(project, doc, a, anna, 8, 20, memo="neu")
    assert joined == first
    with project.read() as conn:
        seg = segments.get_segment(conn, joined)
        assert seg.key_quote
        assert memos.get_memo(conn, "segment", joined) == "zweites\n\ndrittes\n\nneu"
        assert len(segments.segments_of_document(conn, doc)) == 1
        # the memos of the absorbed segments went with them: one memo, no orphans
        rows = conn.exec_driver_sql("SELECT count(*) FROM memos WHERE segment_id IS NOT NULL").scalar()
        assert rows == 1


def test_the_oldest_coding_keeps_its_identity_when_codings_are_joined(project, setup):
    doc, a, _b, anna, _ben = setup
    old = apply(project, doc, a, anna, 20, 30, memo="älter")
    apply(project, doc, a, anna, 2, 6, memo="jünger, aber vorne")
    with project.read() as conn:
        guid = segments.get_segment(conn, old).guid
    assert apply(project, doc, a, anna, 6, 20) == old
    with project.read() as conn:
        [seg] = segments.segments_of_document(conn, doc)
        assert (seg.id, seg.guid, seg.start, seg.end) == (old, guid, 2, 30)
        assert memos.get_memo(conn, "segment", old) == "jünger, aber vorne\n\nälter"


def test_a_memo_given_when_extending_is_appended_to_the_existing_memo(project, setup):
    doc, a, _b, anna, _ben = setup
    seg = apply(project, doc, a, anna, 5, 8, memo="alt")
    apply(project, doc, a, anna, 6, 10, memo="dazu")
    with project.read() as conn:
        assert memos.get_memo(conn, "segment", seg) == "alt\n\ndazu"


# --- removing codings and flags ------------------------------------------------------------------------

def test_remove_code_removes_whole_overlapping_codings_of_that_code_only(project, setup):
    doc, a, b, anna, ben = setup
    apply(project, doc, a, anna, 10, 20)
    apply(project, doc, a, anna, 30, 40)
    apply(project, doc, a, ben, 12, 18)
    apply(project, doc, b, anna, 10, 20)
    removed = do(project, lambda act: segments.remove_code(act, doc, a, 19, 20, coder_id=anna))
    assert removed == 1
    assert coded(project, doc, code=a) == [(12, 18), (30, 40)]
    removed = do(project, lambda act: segments.remove_code(act, doc, a, 0, 25))  # all coders
    assert removed == 1
    assert coded(project, doc, code=a) == [(30, 40)]
    assert coded(project, doc, code=b) == [(10, 20)]


def test_remove_code_leaves_a_merely_adjacent_coding(project, setup):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, 10, 20)
    assert do(project, lambda act: segments.remove_code(act, doc, a, 20, 25)) == 0
    assert coded(project, doc) == [(10, 20)]


def test_removing_a_coding_removes_its_memo(project, setup):
    doc, a, _b, anna, _ben = setup
    apply(project, doc, a, anna, 10, 20, memo="weg damit")
    do(project, lambda act: segments.remove_code(act, doc, a, 10, 20))
    with project.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM memos").scalar() == 0


def test_key_quote_flag_can_be_set_and_cleared(project, setup):
    doc, a, _b, anna, _ben = setup
    seg = apply(project, doc, a, anna, 10, 20)
    do(project, lambda act: segments.set_key_quote(act, seg, True))
    with project.read() as conn:
        assert segments.get_segment(conn, seg).key_quote is True
    do(project, lambda act: segments.set_key_quote(act, seg, False))
    with project.read() as conn:
        assert segments.get_segment(conn, seg).key_quote is False


def test_unknown_segments_are_reported(project, setup):
    with pytest.raises(NotFoundError):
        do(project, lambda act: segments.set_key_quote(act, 4711, True))
    with pytest.raises(NotFoundError):
        do(project, lambda act: segments.delete_segment(act, 4711))
    with project.read() as conn, pytest.raises(NotFoundError):
        segments.get_segment(conn, 4711)


def test_segments_can_be_found_by_guid_in_any_case(project, setup):
    doc, a, _b, anna, _ben = setup
    seg = apply(project, doc, a, anna, 10, 20)
    with project.read() as conn:
        guid = segments.get_segment(conn, seg).guid
        assert segments.find_segment_by_guid(conn, guid.upper()).id == seg
        with pytest.raises(NotFoundError):
            segments.find_segment_by_guid(conn, "00000000-0000-0000-0000-000000000000")


def test_segments_of_a_document_come_in_text_order_and_filter_by_coder(project, setup):
    doc, a, b, anna, ben = setup
    apply(project, doc, b, ben, 30, 40)
    apply(project, doc, a, anna, 10, 20)
    apply(project, doc, b, anna, 10, 15)
    assert coded(project, doc) == [(10, 15), (10, 20), (30, 40)]
    with project.read() as conn:
        assert [(s.start, s.end) for s in segments.segments_of_document(conn, doc, [ben])] == [(30, 40)]


def test_the_world_codings_sit_on_their_words(project, world):
    with project.read() as conn:
        seg = segments.get_segment(conn, world.seg_nachbarn)
        assert TEXT_A[seg.start:seg.end] == "Die Nachbarschaft ist groß 👩‍👩‍👧"


def test_unknown_code_or_coder_is_a_clear_error_and_changes_nothing(project, world):
    before = dump(project)
    for code_id, coder_id in ((99999, world.anna), (world.wohnen, 99999)):
        with pytest.raises(NotFoundError):
            with project.action("Code") as act:
                segments.apply_code(act, world.doc_a, code_id, coder_id, 0, 3)
    assert dump(project) == before
