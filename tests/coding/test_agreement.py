"""Intercoder agreement on real project files: every level's counts worked out by hand
(tests/coding/agreement_world.py), coefficients from those counts, α checked against the
``krippendorff`` package, the vectorised segment matching against a plain pairwise loop."""
from __future__ import annotations

import math
import random

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from coding.analysis.agreement import LEVELS, compare_coders, unit_ranges
from coding.base.errors import InputError, NotFoundError
from coding.services import codes, coders, documents, segments
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.agreement_world import PATHS, build_world, span
from tests.coding.helpers import parsed

N = np.nan


@pytest.fixture
def world(project):
    return project, build_world(project)


def run(project, w, names=("Anna", "Ben"), **kw):
    with project.read() as conn:
        return compare_coders(conn, [w.coders[n] for n in names], **kw)


def cells(stats):
    return stats.both, stats.only_a, stats.only_b, stats.neither


def by_code(level, pair=0):
    return {s.code.name: s for s in level.pairs[pair].per_code}


def test_what_is_compared(world):
    project, w = world
    r = run(project, w)
    assert [c.path for c in r.codes] == [PATHS[n] for n in ("Zugänge", "Schule", "Ämter", "Hürden", "Wohnen")]
    assert [c.path for c in r.unused_codes] == ["Leer"]
    assert [d.name for d in r.documents] == ["K01_Südstadt", "Workshop_Größenklasse"]
    # the document only Anna coded is listed, not counted (its Schule coding appears nowhere)
    assert [(n.document.name, [c.name for c in n.coded_by]) for n in r.not_compared] == [("N01_nur_Anna", ["Anna"])]
    assert [lev.level for lev in r.levels] == list(LEVELS) and r.overlap == 90.0
    assert all(len(lev.pairs) == 1 and lev.pairs[0].documents == 2 for lev in r.levels)


def test_documents_level_by_hand(world):
    project, w = world
    lev = run(project, w, levels=["documents"]).level("documents")
    got = {name: cells(s) for name, s in by_code(lev).items()}
    assert got == {"Zugänge": (1, 1, 0, 0), "Schule": (1, 0, 0, 1), "Ämter": (1, 0, 1, 0), "Hürden": (2, 0, 0, 0),
                   "Wohnen": (0, 0, 1, 1)}  # Wohnen: the code only Ben used
    o = lev.pairs[0].overall
    assert cells(o) == (5, 1, 2, 2) and o.table == ((5, 1), (2, 2)) and (o.agreements, o.n) == (7, 10)
    # p_o = 7/10; A coded 6 of 10, B 7 of 10: p_e = .6·.7 + .4·.3 = .54
    assert o.percent == pytest.approx(0.7) and o.cohen.p_e == pytest.approx(0.54)
    assert o.cohen.value == pytest.approx(0.16 / 0.46)
    assert o.categories == 2 and o.brennan_prediger.value == pytest.approx(0.4)
    assert o.coded_agreement == pytest.approx(5 / 8)
    # α from the package on the same decisions: rows = coders, columns = (document, code)
    anna = [1, 1, 1, 0, 1, 0, 1, 1, 0, 0]
    ben = [1, 0, 1, 0, 1, 1, 1, 1, 1, 0]
    assert lev.alpha_overall.value == pytest.approx(krippendorff.alpha(reliability_data=[anna, ben],
                                                                       level_of_measurement="nominal"))
    assert lev.units == 2
    # per code: Hürden both present everywhere -> one category only: κ and α undefined, not "perfect"
    hurden = lev.alpha_per_code[[c.name for c in run(project, w).codes].index("Hürden")]
    assert hurden.value is None and "same category" in hurden.reason
    assert by_code(lev)["Hürden"].cohen.value is None and by_code(lev)["Hürden"].percent == 1.0


def test_frequency_level_by_hand(world):
    project, w = world
    lev = run(project, w, levels=["frequency"]).level("frequency")
    got = {name: cells(s) for name, s in by_code(lev).items()}
    # Hürden: D1 Anna 2, Ben 1 (Anna more), D2 1 = 1
    assert got == {"Zugänge": (1, 1, 0, 0), "Schule": (1, 0, 0, 1), "Ämter": (1, 0, 1, 0), "Hürden": (1, 1, 0, 0),
                   "Wohnen": (0, 0, 1, 1)}
    hurden = by_code(lev)["Hürden"]
    assert hurden.values == (0, 1, 2) and hurden.table == ((0, 0, 0), (0, 1, 0), (0, 1, 0)) and hurden.categories == 3
    o = lev.pairs[0].overall
    assert o.table == ((2, 2, 0), (1, 4, 0), (0, 1, 0)) and (o.agreements, o.n) == (6, 10)
    # p_e = (4·3 + 5·7 + 1·0) / 100 = .47; k = 3 (frequencies 0, 1, 2)
    assert o.cohen.p_e == pytest.approx(0.47) and o.cohen.value == pytest.approx(0.13 / 0.53)
    assert o.brennan_prediger.value == pytest.approx((0.6 - 1 / 3) / (2 / 3))
    anna = [1, 1, 1, 0, 1, 0, 2, 1, 0, 0]
    ben = [1, 0, 1, 0, 1, 1, 1, 1, 1, 0]
    assert lev.alpha_overall.value == pytest.approx(krippendorff.alpha(reliability_data=[anna, ben],
                                                                       level_of_measurement="nominal"))
    # interval α: the frequencies as counts (a difference of 1 weighs 1, of 2 weighs 4)
    assert lev.interval_alpha_overall.metric == "interval"
    assert lev.interval_alpha_overall.value == pytest.approx(krippendorff.alpha(
        reliability_data=[anna, ben], level_of_measurement="interval"))
    # Hürden by hand: D1 2 vs 1, D2 1 vs 1; n = 4, D_o = (1 + 1)/4 = 0.5, mean 5/4,
    # D_e = 2·4·(3·(1/4)² + (3/4)²) / (4·3) = 0.5 -> α = 0 (nominal: D_e = (16 − 10)/12 as well)
    names = [c.name for c in run(project, w).codes]
    assert lev.interval_alpha_per_code[names.index("Hürden")].value == pytest.approx(0.0)
    assert len(lev.interval_alpha_per_code) == len(names)
    assert all(r.interval_alpha_overall is None and r.interval_alpha_per_code == ()
               for r in run(project, w, levels=["documents", "segments", "units"]).levels)


def test_segment_level_by_hand(world):
    project, w = world
    lev = run(project, w, levels=["segments"]).level("segments")
    got = {name: cells(s) for name, s in by_code(lev).items()}
    # Zugänge: 42 of 45 code points overlap (93 % >= 90 %) -> 2 agreeing segments, a6 alone
    assert got == {"Zugänge": (2, 1, 0, 0), "Schule": (2, 0, 0, 0), "Ämter": (0, 1, 2, 0), "Hürden": (4, 1, 0, 0),
                   "Wohnen": (0, 0, 1, 0)}
    o = lev.pairs[0].overall
    assert cells(o) == (8, 3, 3, 0) and o.percent == pytest.approx(8 / 14)
    assert o.cohen is None and lev.alpha_overall is None and set(lev.alpha_per_code) == {None}
    assert o.categories == 5 and o.brennan_prediger.p_e == pytest.approx(1 / 5)
    assert o.brennan_prediger.value == pytest.approx((8 / 14 - 0.2) / 0.8)
    assert lev.units == 14  # every compared segment of both coders


def test_overlap_threshold_and_measure(world):
    project, w = world
    strict = by_code(run(project, w, levels=["segments"], overlap=95).level("segments"))
    assert cells(strict["Zugänge"]) == (0, 2, 1, 0)  # 42/45 = 93.3 % < 95 %
    loose = by_code(run(project, w, levels=["segments"], overlap=64).level("segments"))
    assert cells(loose["Ämter"]) == (2, 0, 1, 0)  # "die Ämter" in "über die Ämter": 9/14 = 64.3 %
    assert cells(by_code(run(project, w, levels=["segments"], overlap=65).level("segments"))["Ämter"]) == (0, 1, 2, 0)
    for bad in (0, -5, 100.5):
        with pytest.raises(InputError, match="overlap threshold"):
            run(project, w, overlap=bad)


def test_units_level_by_hand(world):
    project, w = world
    lev = run(project, w, levels=["units"]).level("units")
    # in play: T1, T2, T4 of D1 and P2, P3 of D2 (T3 and P1 nobody coded)
    assert lev.units == 5
    got = {name: cells(s) for name, s in by_code(lev).items()}
    assert got == {"Zugänge": (1, 1, 0, 3), "Schule": (1, 0, 0, 4), "Ämter": (1, 0, 1, 3), "Hürden": (2, 1, 0, 2),
                   "Wohnen": (0, 0, 1, 4)}
    o = lev.pairs[0].overall
    assert cells(o) == (5, 2, 2, 16) and o.percent == pytest.approx(21 / 25)
    p_e = (7 * 7 + 18 * 18) / 625
    assert o.cohen.value == pytest.approx((0.84 - p_e) / (1 - p_e)) and o.brennan_prediger.value == pytest.approx(0.68)
    # the same decisions for the package: units T1, T2, T4, P2, P3 for each code in turn
    anna = [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0]
    ben = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0]
    assert lev.alpha_overall.value == pytest.approx(krippendorff.alpha(reliability_data=[anna, ben],
                                                                       level_of_measurement="nominal"))
    names = [c.name for c in run(project, w).codes]
    hurden = lev.alpha_per_code[names.index("Hürden")]
    assert hurden.value == pytest.approx(krippendorff.alpha(reliability_data=[anna[15:20], ben[15:20]],
                                                            level_of_measurement="nominal"))


def test_unit_ranges_are_turns_and_uncovered_paragraphs():
    text = "Titel der Sitzung\n\nI: Frage?\nB: Antwort 👍.\nNachtrag ohne Sprecher\n"
    t1, t2 = span(text, "I: Frage?"), span(text, "B: Antwort 👍.")
    assert [text[s:e] for s, e in unit_ranges(text, [t2, t1])] == [
        "Titel der Sitzung", "I: Frage?", "B: Antwort 👍.", "Nachtrag ohne Sprecher"]
    plain = "a\n\n  \nb c\n"
    assert [plain[s:e] for s, e in unit_ranges(plain, [])] == ["a", "b c"]
    # overlapping turns never make overlapping units
    assert unit_ranges("abcdefgh", [(0, 5), (3, 8)]) == [(0, 5), (5, 8)]


def test_disagreements_for_the_review(world):
    project, w = world
    r = run(project, w)
    d1, d2 = w.text("D1"), w.text("D2")
    got = [(d.document.name, d.code.name, d.kind, [s.text for s in d.segments_a], [s.text for s in d.segments_b],
            sorted(s.text for s in d.other_codes)) for d in r.disagreements]
    assert got == [
        ("K01_Südstadt", "Ämter", "boundaries", ["über die Ämter"], ["die Ämter"], []),
        ("K01_Südstadt", "Hürden", "only_a", ["Die Wartezeiten sind lang."], [], []),
        ("K01_Südstadt", "Wohnen", "only_b", [], ["die Miete ist hoch."],
         ["die Miete ist hoch.", "die Miete ist hoch."]),  # Hürden of both coders: coded there instead
        ("Workshop_Größenklasse", "Zugänge", "only_a", ["Die Stadt plant ein Büro für Ankommende."], [],
         ["Die Stadt plant ein Büro für Ankommende."]),
        ("Workshop_Größenklasse", "Ämter", "only_b", [], ["Die Stadt plant ein Büro für Ankommende."],
         ["Die Stadt plant ein Büro für Ankommende."]),
    ]
    amter = r.disagreements[0]
    assert (amter.start, amter.end) == span(d1, "über die Ämter") and amter.overlap == pytest.approx(9 / 14)
    assert [s.id for s in amter.segments_a] == [w.seg["a2"]] and [s.id for s in amter.segments_b] == [w.seg["b2"]]
    assert amter.segments_a[0].coder_id == w.coders["Anna"] and amter.segments_b[0].code_id == w.codes["Ämter"]
    assert (amter.coder_a.name, amter.coder_b.name) == ("Anna", "Ben")
    wohnen = r.disagreements[2]
    assert {s.id for s in wohnen.other_codes} == {w.seg["a7"], w.seg["b7"]}
    assert all(d2[s.start:s.end] == s.text for d in r.disagreements[3:] for s in d.segments_a + d.segments_b)
    # the segment level's agreement count matches: 14 segments, 8 agreeing, 6 in the list above
    assert sum(len(d.segments_a) + len(d.segments_b) for d in r.disagreements) == 6
    assert run(project, w, levels=["documents"]).disagreements == ()


def test_a_main_category_or_guide_section(world):
    project, w = world
    r = run(project, w, code_ids=[w.codes["Zugänge"]])
    assert [c.path for c in r.codes] == ["Zugänge", "Zugänge/Schule", "Zugänge/Ämter"] and r.unused_codes == ()
    seg = r.level("segments").pairs[0].overall
    assert cells(seg) == (4, 2, 2, 0) and seg.categories == 3  # k = the 3 compared codes
    # units in play: only units coded with Zugänge, Schule or Ämter (T1, T2, P2)
    assert r.level("units").units == 3
    assert {d.code.name for d in r.disagreements} == {"Ämter", "Zugänge"}
    only_docs = run(project, w, document_ids=[w.docs["D2"], w.docs["D3"]], levels=["documents"])
    assert [d.name for d in only_docs.documents] == ["Workshop_Größenklasse"]
    assert [c.name for c in only_docs.codes] == ["Zugänge", "Ämter", "Hürden"]


def test_more_than_two_coders_with_missing_data(project):
    # Cem coded D1 only: pairs with Cem compare D1; α counts Cem as missing in D2
    w = build_world(project, extra=[("c1", "D1", "Schule", "Cem", "die Schule"),
                                    ("c2", "D1", "Hürden", "Cem", "Die Wartezeiten sind lang.")])
    r = run(project, w, names=("Anna", "Ben", "Cem"))
    lev = r.level("documents")
    assert [(p.coder_a.name, p.coder_b.name, p.documents) for p in lev.pairs] == [
        ("Anna", "Ben", 2), ("Anna", "Cem", 1), ("Ben", "Cem", 1)]
    # D1 for Anna-Cem: Zugänge A only, Schule both, Ämter A only, Hürden both, Wohnen neither
    assert cells(lev.pairs[1].overall) == (2, 2, 0, 1)
    anna = [1, 1, 1, 0, 1, 0, 1, 1, 0, 0]  # (D1, D2) per code, codes in tree order
    ben = [1, 0, 1, 0, 1, 1, 1, 1, 1, 0]
    cem = [0, N, 1, N, 0, N, 1, N, 0, N]
    want = krippendorff.alpha(reliability_data=[anna, ben, cem], level_of_measurement="nominal")
    assert lev.alpha_overall.value == pytest.approx(want) and lev.alpha_overall.coders == 3
    freq = r.level("frequency")
    anna[6] = 2  # Hürden in D1: Anna 2, Ben 1, Cem 1
    want = krippendorff.alpha(reliability_data=[anna, ben, cem], level_of_measurement="interval")
    assert freq.interval_alpha_overall.value == pytest.approx(want) and freq.interval_alpha_overall.coders == 3
    seg = r.level("segments")
    assert cells(by_code(seg, 1)["Hürden"]) == (2, 1, 0, 0)  # a3 = c2; a7 has no partner in Cem's D1
    assert {(d.coder_a.name, d.coder_b.name) for d in r.disagreements} == {("Anna", "Ben"), ("Anna", "Cem"),
                                                                          ("Ben", "Cem")}


@pytest.mark.parametrize("kw, message", [
    (dict(names=("Anna",)), "at least two coders"),
    (dict(names=("Anna", "Anna")), "only once"),
    (dict(levels=[]), "at least one agreement level"),
    (dict(levels=["characters"]), "unknown agreement level 'characters'"),
    (dict(code="Leer"), "none of the chosen codes was used"),
    (dict(doc="D3"), "no document was coded by both Anna and Ben"),
    (dict(names=("Anna", "Cem")), "no document was coded by both Anna and Cem"),
])
def test_empty_or_wrong_selections_are_clear_errors(world, kw, message):
    project, w = world
    if "code" in kw:
        kw["code_ids"] = [w.codes[kw.pop("code")]]
    if "doc" in kw:
        kw["document_ids"] = [w.docs[kw.pop("doc")]]
    with pytest.raises(InputError, match=message):
        run(project, w, **kw)


def test_unknown_ids_and_an_empty_project(project):
    with project.action("Coders") as act:
        a, b = coders.add_coder(act, "Anna"), coders.add_coder(act, "Ben")
    with project.read() as conn:
        with pytest.raises(InputError, match="no documents"):
            compare_coders(conn, [a, b])
        with pytest.raises(NotFoundError):
            compare_coders(conn, [a, 999])
        with pytest.raises(NotFoundError):
            compare_coders(conn, [a, b], code_ids=[999])
        with pytest.raises(NotFoundError):
            compare_coders(conn, [a, b], document_ids=[999])


# --- the vectorised matching against a plain loop, on random codings -------------------------

def naive_segment_cells(segs, overlap):
    """(both, only_a, only_b) per code by comparing every segment with every other: the definition."""
    out = {}
    for s in segs:
        doc, code, coder, start, end = s
        partners = [t for t in segs if t[0] == doc and t[1] == code and t[2] != coder]
        ok = any(min(end, t[4]) - max(start, t[3]) > 0 and
                 100 * (min(end, t[4]) - max(start, t[3])) >= overlap * (max(end, t[4]) - min(start, t[3]))
                 for t in partners)
        both, only_a, only_b = out.get(code, (0, 0, 0))
        out[code] = (both + ok, only_a + (not ok and coder == 0), only_b + (not ok and coder == 1))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), overlap=st.sampled_from([1, 50, 75, 90, 100]))
def test_segment_matching_equals_the_pairwise_definition(project, seed, overlap):
    rnd = random.Random(seed)
    with project.action("Setup") as act:
        act.conn.execute(delete(TABLES["segments"]))
        if not coders.list_coders(act.conn):
            ids = [coders.add_coder(act, n) for n in ("A", "B")]
            docs_ = [documents.add_document(act, f"Dok {i}", parsed("I: Grüße 🙂 " + "x" * 200 + "\n"))
                     for i in range(2)]
            cs = [codes.create_code(act, f"Code {i}") for i in range(2)]
        else:
            ids = [c.id for c in coders.list_coders(act.conn)]
            docs_ = [d.id for d in documents.list_documents(act.conn)]
            cs = [n.id for n in codes.walk(codes.load_tree(act.conn, counts=False))]
        for doc in docs_:
            for coder in ids:
                segments.apply_code(act, doc, cs[0], coder, 0, 3)  # every document coded by both
        for _ in range(rnd.randint(1, 25)):
            start = rnd.randint(5, 160)
            segments.apply_code(act, rnd.choice(docs_), rnd.choice(cs), rnd.choice(ids), start,
                                start + rnd.randint(1, 40))
    with project.read() as conn:
        r = compare_coders(conn, ids, levels=["segments"], overlap=overlap)
        rows = conn.execute(TABLES["segments"].select()).all()
    segs = [(row.document_id, row.code_id, ids.index(row.coder_id), row.start_pos, row.end_pos) for row in rows]
    want = naive_segment_cells(segs, overlap)
    got = {s.code.id: (s.both, s.only_a, s.only_b) for s in r.level("segments").pairs[0].per_code}
    assert got == want
    listed = sum(len(d.segments_a) + len(d.segments_b) for d in r.disagreements)
    assert listed >= sum(a + b for _both, a, b in want.values())  # every unmatched segment is in the list


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_frequency_level_interval_alpha_equals_the_krippendorff_package(project, seed):
    """Random codings of three coders (some documents left uncoded by some): each code's
    frequencies per document, a coder who coded nothing in a document missing there."""
    rnd = random.Random(seed)
    with project.action("Setup") as act:
        act.conn.execute(delete(TABLES["segments"]))
        if not coders.list_coders(act.conn):
            ids = [coders.add_coder(act, n) for n in ("A", "B", "C")]
            docs_ = [documents.add_document(act, f"Dok {i}", parsed("I: Grüße 🙂 " + "x" * 400 + "\n"))
                     for i in range(4)]
            cs = [codes.create_code(act, f"Code {i}") for i in range(3)]
        else:
            ids = [c.id for c in coders.list_coders(act.conn)]
            docs_ = [d.id for d in documents.list_documents(act.conn)]
            cs = [n.id for n in codes.walk(codes.load_tree(act.conn, counts=False))]
        for doc in docs_[:2]:
            for coder in ids[:2]:  # two documents both A and B coded: always something to compare
                segments.apply_code(act, doc, cs[0], coder, 0, 3)
        for _ in range(rnd.randint(1, 40)):
            start = 10 * rnd.randint(1, 39)  # disjoint, never touching: one coding each
            segments.apply_code(act, rnd.choice(docs_), rnd.choice(cs), rnd.choice(ids), start, start + 5)
    with project.read() as conn:
        r = compare_coders(conn, ids, levels=["frequency"])
        rows = conn.execute(TABLES["segments"].select()).all()
    coded = {(row.coder_id, row.document_id) for row in rows}
    compared = [d.id for d in r.documents]
    freq = {}
    for row in rows:
        key = (row.coder_id, row.code_id, row.document_id)
        freq[key] = freq.get(key, 0) + 1
    data = [[freq.get((coder, code.id, doc), 0) if (coder, doc) in coded else N for code in r.codes for doc in compared]
            for coder in ids]
    lev = r.level("frequency")
    matrix = np.array(data, dtype=float)
    values = matrix[~np.isnan(matrix)]
    if len(set(values.tolist())) > 1:
        assert lev.interval_alpha_overall.value == pytest.approx(krippendorff.alpha(
            reliability_data=matrix, level_of_measurement="interval"), abs=1e-9)
    for i, code in enumerate(r.codes):
        part = matrix[:, i * len(compared):(i + 1) * len(compared)]
        pairable = part[:, (~np.isnan(part)).sum(axis=0) >= 2]
        if len(set(pairable[~np.isnan(pairable)].tolist())) > 1:
            assert lev.interval_alpha_per_code[i].value == pytest.approx(krippendorff.alpha(
                reliability_data=part, level_of_measurement="interval"), abs=1e-9)
        else:
            assert lev.interval_alpha_per_code[i].value is None


def test_demo_project_units_level_against_a_plain_computation(demo_template, tmp_path):
    """The demo (8 real transcripts, Lena and Murat): unit decisions rebuilt by plain loops."""
    import shutil

    path = tmp_path / "demo.andock"
    shutil.copy(demo_template, path)
    with Project.open(path) as proj, proj.read() as conn:
        ids = [coders.get_coder(conn, "Lena"), coders.get_coder(conn, "Murat")]
        r = compare_coders(conn, ids)
        code_ids = [c.id for c in r.codes]
        t = TABLES["speaker_turns"]
        turns = {}
        for doc_id, start, end in conn.execute(t.select().with_only_columns(t.c.document_id, t.c.start_pos,
                                                                           t.c.end_pos)):
            turns.setdefault(doc_id, []).append((start, end))
        rows = conn.execute(TABLES["segments"].select()).all()
    assert r.not_compared == () and len(r.documents) == 8
    units = [(d.id, s, e) for d in r.documents for s, e in sorted(turns[d.id])]
    grouped: dict[tuple, list] = {}
    for row in rows:
        grouped.setdefault((row.coder_id, row.code_id, row.document_id), []).append((row.start_pos, row.end_pos))
    data = {coder: [[int(any(a < e and b > s for a, b in grouped.get((coder, c, doc_id), ()))) for c in code_ids]
                    for doc_id, s, e in units] for coder in ids}
    play = [u for u in range(len(units)) if any(data[c][u][k] for c in ids for k in range(len(code_ids)))]
    lena = [data[ids[0]][u][k] for k in range(len(code_ids)) for u in play]
    murat = [data[ids[1]][u][k] for k in range(len(code_ids)) for u in play]
    lev = r.level("units")
    assert lev.units == len(play)
    o = lev.pairs[0].overall
    assert (o.both, o.only_a, o.only_b) == (sum(x & y for x, y in zip(lena, murat)),
                                            sum(x & (1 - y) for x, y in zip(lena, murat)),
                                            sum((1 - x) & y for x, y in zip(lena, murat)))
    assert lev.alpha_overall.value == pytest.approx(krippendorff.alpha(reliability_data=[lena, murat],
                                                                       level_of_measurement="nominal"))
    seg = r.level("segments").pairs[0].overall
    segs = [(row.document_id, row.code_id, ids.index(row.coder_id), row.start_pos, row.end_pos) for row in rows]
    naive = naive_segment_cells(segs, 90)
    assert (seg.both, seg.only_a, seg.only_b) == tuple(map(sum, zip(*naive.values())))
    assert not math.isnan(lev.alpha_overall.value) and len(r.disagreements) > 0


def test_on_a_team_database(pg_project):
    """The same hand-counted study on PostgreSQL: the comparison uses only portable queries."""
    w = build_world(pg_project)
    r = run(pg_project, w)
    assert cells(r.level("documents").pairs[0].overall) == (5, 1, 2, 2)
    assert cells(r.level("segments").pairs[0].overall) == (8, 3, 3, 0)
    assert cells(r.level("units").pairs[0].overall) == (5, 2, 2, 16)
    assert [d.kind for d in r.disagreements] == ["boundaries", "only_a", "only_b", "only_a", "only_b"]
