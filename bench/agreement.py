"""Benchmark of intercoder agreement (issue 12): all four levels, every statistic and the list of
disagreements, beside a naive pure-Python baseline run in the same process on the same project.

The project: 30 transcripts, 20 codes (5 main categories with 3 subcodes each), 2 coders with
3,000 segments each (100 per document — a coded 60-minute interview). Coder A codes speaker turns
(a few sentences each); coder B codes the same passages with the same code and boundaries within
a few characters (about 65 %), with boundaries that differ a lot (10 %), with another code (10 %),
not at all (10 %), and codes extra passages (5 %). Speaker turns exist, so the units are turns.

  agreement   compare_coders(): read, 4 levels, all coefficients, disagreements   (target < 1 s)
              baseline: the same counts by comparing every segment with every other one of the
              same code and document, and every segment with every turn, in plain Python

``--scale N`` repeats the measurement with N times as many segments per document (the baseline
is then run on a subset of the documents and extrapolated, which the output says).

    python bench/agreement.py [--scale 30] [--keep FILE]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from coding.analysis.agreement import compare_coders  # noqa: E402
from coding.store.models import TABLES, new_guid, utcnow  # noqa: E402
from coding.store.project import Project  # noqa: E402

DOCS, PER_CODER = 30, 3000
WORDS = ("Quartier Schule Kita Amt Nachbarschaft Sprache Wohnung Miete Förderprogramm Netzwerk Verwaltung "
         "Zuzug Ehrenamt Beratung Übergang Jugendhilfe Integration Teilhabe Zugang Hürde Begegnung").split()
NAIVE_BUDGET_S = 60.0
TARGET_S = 1.0


def build(path: Path, per_doc: int, seed: int = 12) -> None:
    """A project of DOCS transcripts with ``per_doc`` turns coded by each coder (bulk inserts)."""
    rng = random.Random(seed)
    proj = Project.create(path, "Agreement benchmark")
    now = utcnow()
    with proj.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(insert(TABLES["coders"]), [{"id": i, "guid": new_guid(), "name": n, "colour": "#4477aa",
                                                 "created_at": now} for i, n in ((1, "Anna"), (2, "Ben"))])
        code_rows = []
        for top in range(5):
            code_rows.append({"id": top * 4 + 1, "guid": new_guid(), "parent_id": None, "name": f"Kategorie {top}",
                              "colour": "#cc6677", "sort_order": top, "created_at": now})
            code_rows += [{"id": top * 4 + 2 + s, "guid": new_guid(), "parent_id": top * 4 + 1,
                           "name": f"Sub {top}.{s}", "colour": "#88ccee", "sort_order": s, "created_at": now}
                          for s in range(3)]
        conn.execute(insert(TABLES["codes"]), code_rows)
        segs, turns = [], []
        for d in range(1, DOCS + 1):
            parts, pos = [], 0
            for t in range(per_doc + per_doc // 5):
                line = ("I: " if t % 2 == 0 else "B: ") + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
                parts.append(line)
                turns.append({"document_id": d, "start_pos": pos, "end_pos": pos + len(line), "speaker": line[0]})
                pos += len(line) + 1
            text = "\n".join(parts) + "\n"
            conn.execute(insert(TABLES["documents"]).values(id=d, guid=new_guid(), name=f"Interview {d:02d}",
                                                            label=f"I{d:02d}", text=text, kind="transcript",
                                                            sort_order=d, created_at=now, modified_at=now))
            doc_turns = turns[-len(parts):]
            for t in rng.sample(range(len(doc_turns)), per_doc):
                s, e = doc_turns[t]["start_pos"] + 3, doc_turns[t]["end_pos"]
                code = rng.randint(1, 20)
                segs.append((d, code, 1, s, e))
                roll = rng.random()
                if roll < 0.65:  # same passage, boundaries within a few characters
                    segs.append((d, code, 2, s + rng.randint(0, 2), e - rng.randint(0, 2)))
                elif roll < 0.75:  # the same code, but much less of the turn
                    segs.append((d, code, 2, s + (e - s) // 2, e))
                elif roll < 0.85:  # another code
                    segs.append((d, code % 20 + 1, 2, s, e))
                elif roll < 0.95:  # B does not code it; codes another turn instead now and then
                    if rng.random() < 0.5:
                        other = doc_turns[rng.randrange(len(doc_turns))]
                        segs.append((d, rng.randint(1, 20), 2, other["start_pos"] + 3, other["end_pos"]))
                else:
                    segs.append((d, code, 2, s, e))
        conn.execute(insert(TABLES["speaker_turns"]), turns)
        conn.execute(insert(TABLES["segments"]), [
            {"guid": new_guid(), "document_id": d, "code_id": c, "coder_id": r, "start_pos": s, "end_pos": e,
             "key_quote": False, "created_at": now} for d, c, r, s, e in segs])
    proj.close()


def naive(proj: Project, overlap: float, doc_limit: int | None = None) -> dict[str, tuple]:
    """The pooled counts of every level by plain loops (the definitions, no indexes, no numpy)."""
    with proj.read() as conn:
        s = TABLES["segments"]
        rows = conn.execute(select(s.c.document_id, s.c.code_id, s.c.coder_id, s.c.start_pos, s.c.end_pos)).all()
        t = TABLES["speaker_turns"]
        turn_rows = conn.execute(select(t.c.document_id, t.c.start_pos, t.c.end_pos)).all()
    if doc_limit is not None:
        rows = [r for r in rows if r.document_id <= doc_limit]
        turn_rows = [r for r in turn_rows if r.document_id <= doc_limit]
    codes = sorted({r.code_id for r in rows})
    docs = sorted({r.document_id for r in rows})
    freq: dict[tuple, int] = defaultdict(int)
    for r in rows:
        freq[r.coder_id, r.code_id, r.document_id] += 1
    presence = [0, 0, 0, 0]
    frequency = 0
    for c in codes:
        for d in docs:
            fa, fb = freq.get((1, c, d), 0), freq.get((2, c, d), 0)
            presence[(fa == 0) * 2 + (fb == 0)] += 1
            frequency += fa == fb
    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        groups[r.document_id, r.code_id].append(r)
    matched = [0, 0, 0]
    for r in rows:
        ok = False
        for o in groups[r.document_id, r.code_id]:  # every pair: the definition of the segment level
            if o.coder_id != r.coder_id:
                inter = min(r.end_pos, o.end_pos) - max(r.start_pos, o.start_pos)
                if inter > 0 and 100 * inter >= overlap * (max(r.end_pos, o.end_pos) - min(r.start_pos, o.start_pos)):
                    ok = True
                    break
        matched[0 if ok else r.coder_id] += 1
    units = [0, 0, 0, 0]
    by_doc: dict[int, list] = defaultdict(list)
    for r in rows:
        by_doc[r.document_id].append(r)
    for u in turn_rows:
        coded = {(r.coder_id, r.code_id) for r in by_doc[u.document_id]
                 if r.start_pos < u.end_pos and r.end_pos > u.start_pos}
        if coded:
            for c in codes:
                units[((1, c) not in coded) * 2 + ((2, c) not in coded)] += 1
    return {"documents": tuple(presence), "frequency": frequency, "segments": tuple(matched), "units": tuple(units)}


def ours(proj: Project) -> tuple[float, object]:
    """Median seconds of compare_coders() over 3 runs (each in its own read transaction)."""
    times, result = [], None
    for _ in range(3):
        t = time.perf_counter()
        with proj.read() as conn:
            result = compare_coders(conn, [1, 2])
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def pooled(result) -> dict[str, tuple]:
    """Our pooled counts in the naive function's shape, to check both give the same answer."""
    doc = result.level("documents").pairs[0].overall
    seg = result.level("segments").pairs[0].overall
    unit = result.level("units").pairs[0].overall
    return {"documents": (doc.both, doc.only_a, doc.only_b, doc.neither),
            "frequency": result.level("frequency").pairs[0].overall.agreements,
            "segments": (seg.both, seg.only_a, seg.only_b),
            "units": (unit.both, unit.only_a, unit.only_b, unit.neither)}


def measure(path: Path, per_doc: int, target: bool) -> None:
    if not path.exists():
        t = time.perf_counter()
        build(path, per_doc)
        print(f"build      {time.perf_counter() - t:8.2f} s   ({DOCS} documents, 20 codes, 2 coders, "
              f"{per_doc} segments per coder and document)")
    proj = Project.open(path)
    try:
        secs, result = ours(proj)
        # the naive loop is quadratic per document: time a subset when the whole would take too long
        t = time.perf_counter()
        subset = naive(proj, 90.0, doc_limit=1)
        one_doc = time.perf_counter() - t
        if one_doc * DOCS <= NAIVE_BUDGET_S:
            t = time.perf_counter()
            check = naive(proj, 90.0)
            naive_s, note = time.perf_counter() - t, ""
            assert check == pooled(result), (check, pooled(result))
        else:
            naive_s, note = one_doc * DOCS, "  (naive: 1 document timed, x 30)"
            assert subset["segments"][0] > 0
        segs = result.level("segments").units
        verdict = f"target < {TARGET_S:.0f} s {'OK' if secs < TARGET_S else 'MISSED'}" if target else "(no target)"
        print(f"agreement  {secs:8.3f} s   naive {naive_s:8.2f} s   x{naive_s / secs:6.0f}   {verdict}   "
              f"({segs} segments, {len(result.disagreements)} disagreements){note}")
        for lev in result.levels:
            o = lev.pairs[0].overall
            alpha = lev.alpha_overall.value if lev.alpha_overall else None
            print(f"  {lev.level:10s} n={o.n:7d}  p_o={o.percent:.3f}  kappa_n={o.brennan_prediger.value:.3f}"
                  + (f"  kappa={o.cohen.value:.3f}" if o.cohen and o.cohen.value is not None else "")
                  + (f"  alpha={alpha:.3f}" if alpha is not None else ""))
    finally:
        proj.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=30, help="also measure N times as many segments per document")
    ap.add_argument("--keep", type=Path, help="build into / reuse this folder instead of a temporary one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        per_doc = PER_CODER // DOCS
        print(f"--- {DOCS} documents x 2 coders x {PER_CODER} segments per coder ({per_doc} per document)")
        measure(folder / f"agreement-{per_doc}.andock", per_doc, target=True)
        if args.scale > 1:
            print(f"--- x{args.scale}: {per_doc * args.scale} segments per coder and document")
            measure(folder / f"agreement-{per_doc * args.scale}.andock", per_doc * args.scale, target=False)


if __name__ == "__main__":
    main()
