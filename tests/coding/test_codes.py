"""The code tree: paths, names, moving, merging, deleting, counting, anchor examples."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coding.services import code_changes, codes, memos, segments
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.store.models import TABLES
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, do, dump, project, span, templates, world,
)


def tree(project, coder_ids=None):
    """{path: (count, total)} of the whole tree."""
    with project.read() as conn:
        return {n.path: (n.count, n.total) for n in codes.walk(codes.load_tree(conn, coder_ids))}


def children(project, parent_id):
    """Names of a code's children (or the top level) in display order."""
    with project.read() as conn:
        nodes = codes.load_tree(conn)
        if parent_id is None:
            return [n.name for n in nodes]
        return [n.name for n in next(n for n in codes.walk(nodes) if n.id == parent_id).children]


# --- paths -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path,names", [
    ("Wohnen", ["Wohnen"]),
    ("Wohnen/Nachbarschaft", ["Wohnen", "Nachbarschaft"]),
    (" Wohnen / Miete ", ["Wohnen", "Miete"]),
    (r"Hilfe\/Unterstützung/Amt", ["Hilfe/Unterstützung", "Amt"]),
    (r"A\\/B", ["A\\", "B"]),
    (r"Pfad\mit\Backslash", [r"Pfad\mit\Backslash"]),
])
def test_split_path_reads_slashes_and_escapes(path, names):
    assert codes.split_path(path) == names


@pytest.mark.parametrize("path", ["", "/", "Wohnen/", "/Wohnen", "Wohnen//Miete", "Wohnen/ /Miete"])
def test_split_path_refuses_empty_names(path):
    with pytest.raises(InputError, match="empty name"):
        codes.split_path(path)


@pytest.mark.parametrize("names", [["Wohnen"], ["Hilfe/Unterstützung", "Amt"], ["A\\", "B/C\\"]])
def test_join_path_is_the_inverse_of_split_path(names):
    assert codes.split_path(codes.join_path(names)) == names


def test_find_by_path_walks_the_tree_and_understands_escaped_slashes(project, world):
    hilfe = do(project, lambda act: codes.create_code(act, "Hilfe/Unterstützung", world.wohnen))
    with project.read() as conn:
        assert codes.find_by_path(conn, "Wohnen") == world.wohnen
        assert codes.find_by_path(conn, "Wohnen/Miete") == world.miete
        assert codes.find_by_path(conn, r"Wohnen/Hilfe\/Unterstützung") == hilfe
        assert codes.code_path(conn, hilfe) == r"Wohnen/Hilfe\/Unterstützung"


@pytest.mark.parametrize("path,missing", [
    ("Freizeit", "Freizeit"),
    ("Wohnen/Arbeit", "Arbeit"),  # exists, but not below Wohnen
    ("Miete", "Miete"),  # exists, but not at the top level
    ("Wohnen/Miete/Höhe", "Höhe"),
])
def test_find_by_path_names_the_missing_part(project, world, path, missing):
    with project.read() as conn, pytest.raises(NotFoundError, match=f"no code '{missing}'"):
        codes.find_by_path(conn, path)


def test_find_by_guid_ignores_case(project, world):
    with project.read() as conn:
        guid = conn.execute(select(TABLES["codes"].c.guid).where(TABLES["codes"].c.id == world.miete)).scalar()
        assert codes.find_by_guid(conn, guid.upper()) == world.miete
        with pytest.raises(NotFoundError):
            codes.find_by_guid(conn, "00000000-0000-0000-0000-000000000000")


# --- names, colours, details ---------------------------------------------------------------------

def test_sibling_names_are_unique_but_cousins_may_share_a_name(project, world):
    with pytest.raises(ConflictError, match="exists already"):
        do(project, lambda act: codes.create_code(act, "Miete", world.wohnen))
    with pytest.raises(ConflictError):
        do(project, lambda act: codes.create_code(act, " Wohnen "))  # names are trimmed
    do(project, lambda act: codes.create_code(act, "Miete", world.arbeit))  # another parent: fine
    do(project, lambda act: codes.create_code(act, "Miete"))  # top level: fine
    with pytest.raises(ConflictError):
        do(project, lambda act: codes.rename_code(act, world.nachbarschaft, "Miete"))


@pytest.mark.parametrize("name", ["", "   ", "zwei\nZeilen"])
def test_a_code_needs_a_one_line_name(project, world, name):
    before = dump(project)
    with pytest.raises(InputError):
        do(project, lambda act: codes.create_code(act, name))
    with pytest.raises(InputError):
        do(project, lambda act: codes.rename_code(act, world.miete, name))
    assert dump(project) == before


def test_new_codes_go_to_the_end_of_their_siblings(project, world):
    do(project, lambda act: codes.create_code(act, "Aaa", world.wohnen))
    assert children(project, world.wohnen) == ["Nachbarschaft", "Miete", "Aaa"]
    assert children(project, None) == ["Wohnen", "Arbeit"]


def test_a_new_code_goes_after_the_last_sibling_even_after_others_moved_away(project, world):
    do(project, lambda act: codes.create_code(act, "Zzz", world.wohnen))
    do(project, lambda act: codes.move_code(act, world.miete, None))
    do(project, lambda act: codes.create_code(act, "Aaa", world.wohnen))
    assert children(project, world.wohnen) == ["Nachbarschaft", "Zzz", "Aaa"]


def test_colours_are_checked_and_stored_in_lower_case(project, world):
    do(project, lambda act: codes.recolour_code(act, world.miete, "#AABBCC"))
    with project.read() as conn:
        assert conn.execute(select(TABLES["codes"].c.colour)
                            .where(TABLES["codes"].c.id == world.miete)).scalar() == "#aabbcc"
    for bad in ("red", "#abc", "#GGHHII", ""):
        with pytest.raises(InputError, match="colour"):
            do(project, lambda act: codes.recolour_code(act, world.miete, bad))
    with pytest.raises(InputError):
        do(project, lambda act: codes.create_code(act, "Neu", colour="blau"))


def test_details_are_the_four_known_fields_only(project, world):
    do(project, lambda act: codes.update_details(act, world.miete, definition="Kosten", exclusion=None))
    with project.read() as conn:
        row = conn.execute(select(TABLES["codes"]).where(TABLES["codes"].c.id == world.miete)).mappings().one()
        assert (row["definition"], row["exclusion"]) == ("Kosten", "")
    with pytest.raises(InputError, match="unknown code fields: beispiel"):
        do(project, lambda act: codes.update_details(act, world.miete, beispiel="x"))
    with pytest.raises(InputError):
        do(project, lambda act: codes.create_code(act, "Neu", beispiel="x"))


def test_changing_an_unknown_code_says_so(project, world):
    for change in (lambda act: codes.rename_code(act, 999, "X"),
                   lambda act: codes.recolour_code(act, 999, "#000000"),
                   lambda act: codes.update_details(act, 999, definition="x"),
                   lambda act: codes.move_code(act, 999, None),
                   lambda act: code_changes.delete_code(act, 999),
                   lambda act: code_changes.merge_codes(act, world.miete, 999)):
        with pytest.raises(NotFoundError):
            do(project, change)


# --- moving ---------------------------------------------------------------------------------------

def test_move_reparents_and_places_at_the_given_index(project, world):
    do(project, lambda act: codes.move_code(act, world.arbeit, world.wohnen, 1))
    assert children(project, world.wohnen) == ["Nachbarschaft", "Arbeit", "Miete"]
    assert children(project, None) == ["Wohnen"]
    with project.read() as conn:
        assert codes.code_path(conn, world.arbeit) == "Wohnen/Arbeit"


def test_move_within_the_same_parent_reorders(project, world):
    do(project, lambda act: codes.move_code(act, world.miete, world.wohnen, 0))
    assert children(project, world.wohnen) == ["Miete", "Nachbarschaft"]
    do(project, lambda act: codes.move_code(act, world.miete, world.wohnen, 99))  # clamped: last
    assert children(project, world.wohnen) == ["Nachbarschaft", "Miete"]
    do(project, lambda act: codes.move_code(act, world.nachbarschaft, None))  # to the top level, last
    assert children(project, None) == ["Wohnen", "Arbeit", "Nachbarschaft"]


def test_a_code_cannot_be_moved_below_itself_or_its_descendants(project, world):
    deeper = do(project, lambda act: codes.create_code(act, "Lärm", world.nachbarschaft))
    before = dump(project)
    for target in (world.wohnen, world.nachbarschaft, deeper):
        with pytest.raises(InputError, match="below itself"):
            do(project, lambda act: codes.move_code(act, world.wohnen, target))
    assert dump(project) == before


def test_moving_next_to_a_sibling_of_the_same_name_is_refused(project, world):
    do(project, lambda act: codes.create_code(act, "Miete", world.arbeit))
    before = dump(project)
    with pytest.raises(ConflictError):
        do(project, lambda act: codes.move_code(act, world.miete, world.arbeit))
    assert dump(project) == before


# --- merging -----------------------------------------------------------------------------------------

def test_merge_moves_segments_subcodes_anchors_and_memo_into_the_target(project, world):
    lärm = do(project, lambda act: codes.create_code(act, "Lärm", world.miete))
    do(project, lambda act: code_changes.add_anchor(act, world.miete, "Zu teuer.", "K02, Pos. 4"))
    do(project, lambda act: memos.set_memo(act, "code", world.miete, "Kosten des Wohnens"))
    moved = do(project, lambda act: code_changes.merge_codes(act, world.miete, world.nachbarschaft))
    assert moved == 1
    with project.read() as conn:
        assert conn.execute(select(TABLES["codes"]).where(TABLES["codes"].c.id == world.miete)).first() is None
        assert codes.code_path(conn, lärm) == "Wohnen/Nachbarschaft/Lärm"
        assert segments.get_segment(conn, world.seg_miete).code_id == world.nachbarschaft
        assert [q for _i, q, _s in code_changes.list_anchors(conn, world.nachbarschaft)] == [
            "Wir kennen uns alle.", "Zu teuer."]
        assert memos.get_memo(conn, "code", world.nachbarschaft) == (
            "Soziale Netze im Quartier\n\n[Miete]\nKosten des Wohnens")
        assert conn.exec_driver_sql("SELECT count(*) FROM memos WHERE code_id IS NOT NULL").scalar() == 1


def test_merge_joins_overlapping_segments_of_the_same_coder_only(project, world):
    s1 = span(TEXT_A, "Wir wohnen in der Südstadt")
    s2 = span(TEXT_A, "der Südstadt 🏘️, gleich")
    s3 = span(TEXT_A, "gleich neben")

    def codings(act):
        segments.apply_code(act, world.doc_a, world.arbeit, world.anna, *s1)
        segments.apply_code(act, world.doc_a, world.miete, world.anna, *s2)
        segments.apply_code(act, world.doc_a, world.miete, world.ben, *s3)
    do(project, codings)
    do(project, lambda act: code_changes.merge_codes(act, world.miete, world.arbeit))
    with project.read() as conn:
        mine = sorted((s.coder_id, s.start, s.end) for s in segments.segments_of_document(conn, world.doc_a)
                      if s.code_id == world.arbeit)
    miete = span(TEXT_A, "Die Miete ist hoch.")
    assert mine == [(world.anna, s1[0], s2[1]), (world.anna, *miete), (world.ben, *s3)]


def test_merge_into_itself_or_into_its_own_subcode_is_refused(project, world):
    before = dump(project)
    with pytest.raises(InputError):
        do(project, lambda act: code_changes.merge_codes(act, world.wohnen, world.wohnen))
    with pytest.raises(InputError):
        do(project, lambda act: code_changes.merge_codes(act, world.wohnen, world.miete))
    assert dump(project) == before


# --- deleting ---------------------------------------------------------------------------------------

def test_deletion_impact_counts_the_subtree_and_its_segments(project, world):
    with project.read() as conn:
        assert code_changes.deletion_impact(conn, world.wohnen) == code_changes.DeleteImpact(3, 3)
        assert code_changes.deletion_impact(conn, world.miete) == code_changes.DeleteImpact(1, 1)
    empty = do(project, lambda act: codes.create_code(act, "Leer"))
    with project.read() as conn:
        assert code_changes.deletion_impact(conn, empty) == code_changes.DeleteImpact(1, 0)


def test_delete_takes_subcodes_segments_anchors_and_memos_along(project, world):
    impact = do(project, lambda act: code_changes.delete_code(act, world.wohnen))
    assert impact == code_changes.DeleteImpact(3, 3)
    state = dump(project)
    assert [r[0] for r in state["codes"]] == [world.arbeit]
    assert [r[0] for r in state["segments"]] == [world.seg_arbeit]
    assert state["anchor_examples"] == []
    with project.read() as conn:
        assert memos.get_memo(conn, None) == "Projektmemo: Wohnen und Arbeit"
        assert memos.get_memo(conn, "document", world.doc_a) == "Interview in der Südstadt"
        assert conn.exec_driver_sql("SELECT count(*) FROM memos").scalar() == 2


# --- the tree with counts ---------------------------------------------------------------------------

def test_load_tree_counts_own_segments_and_totals_with_subcodes(project, world):
    assert tree(project) == {
        "Wohnen": (1, 3), "Wohnen/Nachbarschaft": (1, 1), "Wohnen/Miete": (1, 1), "Arbeit": (1, 1)}


def test_load_tree_counts_only_the_chosen_coders(project, world):
    assert tree(project, [world.anna]) == {
        "Wohnen": (0, 2), "Wohnen/Nachbarschaft": (1, 1), "Wohnen/Miete": (1, 1), "Arbeit": (1, 1)}
    assert tree(project, [world.ben]) == {
        "Wohnen": (1, 1), "Wohnen/Nachbarschaft": (0, 0), "Wohnen/Miete": (0, 0), "Arbeit": (0, 0)}
    assert tree(project, []) == {p: (0, 0) for p in tree(project)}


def test_load_tree_paths_escape_slashes(project, world):
    do(project, lambda act: codes.create_code(act, "An/Abmeldung", world.wohnen))
    assert r"Wohnen/An\/Abmeldung" in tree(project)


def test_subtree_lists_parents_before_children(project, world):
    lärm = do(project, lambda act: codes.create_code(act, "Lärm", world.nachbarschaft))
    with project.read() as conn:
        ids = codes.subtree_ids(conn, world.wohnen)
    assert set(ids) == {world.wohnen, world.nachbarschaft, world.miete, lärm}
    assert ids.index(world.wohnen) < ids.index(world.nachbarschaft) < ids.index(lärm)


# --- anchor examples ----------------------------------------------------------------------------------

def test_anchor_examples_keep_their_order_and_need_a_quote(project, world):
    do(project, lambda act: code_changes.add_anchor(act, world.nachbarschaft, "  Man hilft sich.  ", "K03"))
    with project.read() as conn:
        assert [(q, s) for _i, q, s in code_changes.list_anchors(conn, world.nachbarschaft)] == [
            ("Wir kennen uns alle.", "K05, Pos. 3"), ("Man hilft sich.", "K03")]
    with pytest.raises(InputError):
        do(project, lambda act: code_changes.add_anchor(act, world.nachbarschaft, "   "))


def test_a_segment_becomes_an_anchor_citing_label_and_time(project, world):
    """One citation rule everywhere: the time anchor when the document has them, else Pos. n."""
    anchor = do(project, lambda act: code_changes.add_segment_as_anchor(act, world.seg_arbeit))
    with project.read() as conn:
        [(aid, quote, source)] = code_changes.list_anchors(conn, world.arbeit)
        guid = conn.execute(select(TABLES["anchor_examples"].c.segment_guid)
                            .where(TABLES["anchor_examples"].c.id == anchor)).scalar()
        assert guid == segments.get_segment(conn, world.seg_arbeit).guid
    assert (aid, quote, source) == (anchor, "Die Arbeit ist anstrengend", "G02, 00:00:03")
