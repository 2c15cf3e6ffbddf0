"""Settling disagreements between two coders (coding/services/settle): each decision one undoable
action, and afterwards the comparison no longer lists the passage."""
from __future__ import annotations

import pytest

from coding.analysis.agreement import compare_coders
from coding.base.errors import ConflictError, InputError
from coding.services import coders, codes, documents, segments
from coding.services.settle import settle
from coding.store.project import Project

from .helpers import TEXT_A, do, dump, parsed, span


@pytest.fixture()
def project(tmp_path):
    with Project.create(tmp_path / "konsens.andock") as proj:
        def setup(act):
            doc = documents.add_document(act, "Südstadt", parsed(TEXT_A))
            code = codes.create_code(act, "Schule")
            lena, murat = coders.add_coder(act, "Lena"), coders.add_coder(act, "Murat")
            segments.apply_code(act, doc, code, lena, *span(TEXT_A, "gleich neben der Schule"))
            segments.apply_code(act, doc, code, murat, *span(TEXT_A, "Die Schule ist nah."))  # only Murat
            segments.apply_code(act, doc, code, lena, *span(TEXT_A, "Die Nachbarschaft ist groß"))
            segments.apply_code(act, doc, code, murat, *span(TEXT_A, "Nachbarschaft ist groß 👩‍👩‍👧 und wir"))
            return doc, code, lena, murat
        proj.ids = do(proj, setup)
        yield proj


def disagreements(proj):
    doc, code, lena, murat = proj.ids
    with proj.read() as conn:
        return compare_coders(conn, [lena, murat], levels=("segments",), overlap=90).disagreements


def args(d):
    return ([(s.id, s.start, s.end) for s in d.segments_a], [(s.id, s.start, s.end) for s in d.segments_b])


@pytest.mark.parametrize("decision", ["a", "b", "both", "neither"])
def test_each_decision_settles_the_passage_and_undo_restores_it(project, decision):
    doc, code, lena, murat = project.ids
    found = disagreements(project)
    # only Lena ("gleich neben der Schule"), different boundaries ("Nachbarschaft"), only Murat
    assert [d.kind for d in found] == ["only_a", "boundaries", "only_b"]
    first = next(d for d in found if d.segments_a and d.segments_b)
    before = dump(project)
    a, b = args(first)
    do(project, lambda act: settle(act, doc, code, lena, murat, a, b, decision), f"Settle {decision}")
    left = disagreements(project)
    assert not any(d.start < first.end and first.start < d.end and d.segments_a and d.segments_b for d in left)
    assert [d.kind for d in left] == ["only_a", "only_b"]  # the other passages are still open
    project.undo()
    assert dump(project) == before


def test_consensus_is_coded_by_its_own_coder_and_the_coders_keep_theirs(project):
    doc, code, lena, murat = project.ids
    only_murat = next(d for d in disagreements(project) if not d.segments_a)
    a, b = args(only_murat)
    do(project, lambda act: settle(act, doc, code, lena, murat, a, b, "consensus"))
    with project.read() as conn:
        konsens = coders.find_coder(conn, "Konsens")
        text = documents.get_text(conn, doc)
        segs = segments.segments_of_document(conn, doc)
    assert [text[s.start:s.end] for s in segs if s.coder_id == konsens] == ["Die Schule ist nah."]
    assert len([s for s in segs if s.coder_id in (lena, murat)]) == 4  # untouched


def test_a_stale_disagreement_or_a_bad_decision_changes_nothing(project):
    doc, code, lena, murat = project.ids
    first = disagreements(project)[0]
    a, b = args(first)
    with pytest.raises(InputError):
        do(project, lambda act: settle(act, doc, code, lena, murat, a, b, "maybe"))
    do(project, lambda act: segments.delete_segment(act, (a or b)[0][0]))  # someone removed a coding
    before = dump(project)
    with pytest.raises(ConflictError, match="compare again"):
        do(project, lambda act: settle(act, doc, code, lena, murat, a, b, "a"))
    assert dump(project) == before
