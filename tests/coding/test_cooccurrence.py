"""Code co-occurrence: hand-checked on the study in analysis_world, and against brute force."""
from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from sqlalchemy import insert

from coding.analysis import cooccurrence as co_mod
from coding.analysis.cooccurrence import cooccurrence
from coding.store.models import TABLES, new_guid, utcnow
from tests.coding.analysis_world import build_study


@pytest.fixture
def study(project):
    return build_study(project)


def matrix(co, which: str) -> dict[tuple[str, str], int]:
    """Non-zero cells of the upper triangle (diagonal included) by code names."""
    m = getattr(co, which)
    return {(co.names[i], co.names[j]): int(m[i, j]) for i in range(len(co.names))
            for j in range(i, len(co.names)) if m[i, j]}


def test_overlapping_segment_pairs_and_their_documents(project, study):
    with project.read() as conn:
        co = cooccurrence(conn)
    assert co.names == ["Zugänge", "Schule", "Ämter", "Hürden", "Leer"]
    assert matrix(co, "segment_pairs") == {
        ("Zugänge", "Schule"): 1,  # l-j in N01
        ("Zugänge", "Hürden"): 1,  # l-k in N01
        ("Schule", "Schule"): 1,  # b-c: Anna and Ben on the same passage of K01
        ("Ämter", "Ämter"): 1,  # h-i in K02 (two coders, so not joined)
        ("Ämter", "Hürden"): 2,  # d-e in K01, i-g in K02
    }
    assert matrix(co, "documents") == {("Zugänge", "Schule"): 1, ("Zugänge", "Hürden"): 1,
                                       ("Schule", "Schule"): 1, ("Ämter", "Ämter"): 1,
                                       ("Ämter", "Hürden"): 2}
    # anywhere in the document: Zugänge K01 N01 X01, Schule K01 N01, Ämter K01 K02, Hürden K01 K02 N01
    assert matrix(co, "documents_with_both") == {
        ("Zugänge", "Zugänge"): 3, ("Zugänge", "Schule"): 2, ("Zugänge", "Ämter"): 1, ("Zugänge", "Hürden"): 2,
        ("Schule", "Schule"): 2, ("Schule", "Ämter"): 1, ("Schule", "Hürden"): 2,
        ("Ämter", "Ämter"): 2, ("Ämter", "Hürden"): 2, ("Hürden", "Hürden"): 3}
    for m in (co.segment_pairs, co.documents, co.documents_with_both):
        assert (m == m.T).all()
    assert [(p.path_a, p.path_b, p.segment_pairs, p.documents, p.documents_with_both) for p in co.pairs()] == [
        ("Zugänge", "Zugänge/Schule", 1, 1, 2), ("Zugänge", "Hürden", 1, 1, 2),
        ("Zugänge/Ämter", "Hürden", 2, 2, 2)]
    assert co.n_documents == 4


def test_same_speaker_turn_instead_of_overlap(project, study):
    with project.read() as conn:
        co = cooccurrence(conn, same_turn=True)
    # turn 2 of K01 holds b c d e, of K02 f g h i, of N01 j k l; a and m are alone in their turns
    assert matrix(co, "segment_pairs") == {
        ("Schule", "Schule"): 1,  # b-c
        ("Schule", "Ämter"): 2,  # b-d, c-d
        ("Schule", "Hürden"): 3,  # b-e, c-e | j-k
        ("Ämter", "Hürden"): 5,  # d-e | f-h, f-i, g-h, g-i
        ("Hürden", "Hürden"): 1,  # f-g
        ("Ämter", "Ämter"): 1,  # h-i
        ("Zugänge", "Schule"): 1,  # l-j
        ("Zugänge", "Hürden"): 1,  # l-k
    }
    assert matrix(co, "documents") == {
        ("Schule", "Schule"): 1, ("Schule", "Ämter"): 1, ("Schule", "Hürden"): 2, ("Ämter", "Hürden"): 2,
        ("Hürden", "Hürden"): 1, ("Ämter", "Ämter"): 1, ("Zugänge", "Schule"): 1, ("Zugänge", "Hürden"): 1}


def test_filters_by_coder_code_subtree_documents_and_values(project, study):
    with project.read() as conn:
        ben = cooccurrence(conn, coder_ids=[study.coders["Ben"]])
        sub = cooccurrence(conn, code_ids=[study.codes["Zugänge"]])
        k02 = cooccurrence(conn, document_ids=[study.docs["K02"]])
        national = cooccurrence(conn, variables={"Gruppe": ["national"]})
    # Ben: c e h j k l -> only N01's l-j and l-k overlap
    assert matrix(ben, "segment_pairs") == {("Zugänge", "Schule"): 1, ("Zugänge", "Hürden"): 1}
    assert sub.names == ["Zugänge", "Schule", "Ämter"]
    assert matrix(sub, "segment_pairs") == {("Zugänge", "Schule"): 1, ("Schule", "Schule"): 1,
                                            ("Ämter", "Ämter"): 1}
    assert matrix(k02, "segment_pairs") == {("Ämter", "Ämter"): 1, ("Ämter", "Hürden"): 1}
    assert national.n_documents == 1
    assert matrix(national, "segment_pairs") == {("Zugänge", "Schule"): 1, ("Zugänge", "Hürden"): 1}


def test_empty_project_and_codes_without_segments(project):
    with project.read() as conn:
        co = cooccurrence(conn)
    assert co.code_ids == [] and co.segment_pairs.shape == (0, 0) and list(co.pairs()) == []
    with project.action("Code") as act:
        from coding.services import codes
        codes.create_code(act, "A")
        codes.create_code(act, "B")
    with project.read() as conn:
        co = cooccurrence(conn, same_turn=True)
    assert co.segment_pairs.tolist() == [[0, 0], [0, 0]] and list(co.pairs()) == []


def brute_force(segs, turns, same_turn):
    """Pairs per (code, code) and documents per (code, code) by looking at every pair."""
    pairs: dict[tuple, int] = {}
    docs: dict[tuple, set] = {}

    def turn_of(d, pos):
        return next((i for i, (td, s, e) in enumerate(turns) if td == d and s <= pos < e), None)

    for (d1, c1, s1, e1), (d2, c2, s2, e2) in itertools.combinations(segs, 2):
        if d1 != d2:
            continue
        if same_turn:
            t1 = turn_of(d1, s1)
            hit = t1 is not None and t1 == turn_of(d2, s2)
        else:
            hit = s1 < e2 and s2 < e1
        if hit:
            key = (min(c1, c2), max(c1, c2))
            pairs[key] = pairs.get(key, 0) + 1
            docs.setdefault(key, set()).add(d1)
    return pairs, {k: len(v) for k, v in docs.items()}


@pytest.mark.parametrize("same_turn", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_vectorised_sweep_equals_brute_force_also_across_chunks(project, monkeypatch, seed, same_turn):
    rng = random.Random(seed)
    now = utcnow()
    with project.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(insert(TABLES["coders"]).values(id=1, guid=new_guid(), name="A", colour="#000000",
                                                     created_at=now))
        conn.execute(insert(TABLES["codes"]), [dict(id=c, guid=new_guid(), parent_id=None, name=f"C{c}",
                                                    colour="#000000", sort_order=c, created_at=now,
                                                    definition="", inclusion="", exclusion="",
                                                    coding_rules="") for c in range(1, 6)])
        segs, turns = [], []
        for d in range(1, 7):
            conn.execute(insert(TABLES["documents"]).values(
                id=d, guid=new_guid(), name=f"D{d}", label=f"D{d}", text="x" * 300, kind="text",
                sort_order=d, created_at=now, modified_at=now))
            for s in range(0, 300, 60):  # turns of 60 positions; the last 20 of each lie outside
                turns.append((d, s, s + 40 if s == 240 else s + 60))
            for _ in range(rng.randint(0, 25)):
                start = rng.randrange(0, 290)
                segs.append((d, rng.randint(1, 5), start, start + rng.randint(1, 60)))
        conn.execute(insert(TABLES["speaker_turns"]), [dict(document_id=d, start_pos=s, end_pos=e,
                                                            speaker="B") for d, s, e in turns])
        conn.execute(insert(TABLES["segments"]), [dict(guid=new_guid(), document_id=d, code_id=c, coder_id=1,
                                                       start_pos=s, end_pos=e, key_quote=False, created_at=now)
                                                  for d, c, s, e in segs])
    want_pairs, want_docs = brute_force(segs, turns, same_turn)
    for pairs_per_chunk, flags_per_chunk in ((4_000_000, 32_000_000), (7, 50)):
        monkeypatch.setattr(co_mod, "_PAIRS_PER_CHUNK", pairs_per_chunk)
        monkeypatch.setattr(co_mod, "_FLAGS_PER_CHUNK", flags_per_chunk)  # 2 documents per chunk
        with project.read() as conn:
            co = cooccurrence(conn, same_turn=same_turn)
        ids = co.code_ids
        got_pairs = {(ids[i], ids[j]): int(co.segment_pairs[i, j]) for i in range(5) for j in range(i, 5)
                     if co.segment_pairs[i, j]}
        got_docs = {(ids[i], ids[j]): int(co.documents[i, j]) for i in range(5) for j in range(i, 5)
                    if co.documents[i, j]}
        assert got_pairs == want_pairs
        assert got_docs == want_docs
        assert np.array_equal(co.segment_pairs, co.segment_pairs.T)
