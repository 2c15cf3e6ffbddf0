"""Benchmark of the core at project scale (issue: foundation).

Builds a synthetic project — 1,000 documents of ~20,000 characters, 200 codes in a two-level
tree, 500,000 coded segments of 100-1,000 characters by two coders — and times:

  open      opening the file until the code tree with counts is loaded   (target < 1 s)
  retrieve  all segments of one top-level code with subcodes, text incl. (target < 200 ms)
  matrix    code x document counts                                       (target < 1 s)

each beside a naive baseline in the same run (ORM objects looped in Python), printed as a ratio.

    python bench/core_scale.py [--docs 1000] [--segments 500000] [--keep FILE]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from coding.services import codes
from coding.analysis import counts, retrieval  # noqa: E402
from coding.store.models import Code, Document, Segment, TABLES, new_guid, utcnow  # noqa: E402
from coding.store.project import Project  # noqa: E402

WORDS = ("Quartier Nachbarschaft Zugang Beratung Schule Kita Verwaltung Ämter Förderung Wohnung "
         "Sprachkurs Ehrenamt Moschee Verein Integration Teilhabe Größe Straße Zuzug Netzwerk").split()


def build(path: Path, n_docs: int, n_segments: int, seed: int = 7) -> float:
    """Create the synthetic project with bulk inserts; return seconds taken."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    proj = Project.create(path, "Benchmark")
    now = utcnow()
    with proj.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(insert(TABLES["coders"]), [
            {"guid": new_guid(), "name": n, "colour": "#4477aa", "created_at": now} for n in ("A", "B")])
        code_rows, code_id = [], 0
        for top in range(20):
            code_id += 1
            parent = code_id
            code_rows.append({"id": parent, "guid": new_guid(), "parent_id": None, "name": f"Kategorie {top}",
                              "colour": "#cc6677", "sort_order": top, "created_at": now})
            for sub in range(9):
                code_id += 1
                code_rows.append({"id": code_id, "guid": new_guid(), "parent_id": parent,
                                  "name": f"Sub {top}.{sub}", "colour": "#88ccee", "sort_order": sub,
                                  "created_at": now})
        conn.execute(insert(TABLES["codes"]), code_rows)
        lengths = []
        for d in range(n_docs):
            words, n = [], 0
            while n < 20000:
                w = rng.choice(WORDS)
                words.append(w)
                n += len(w) + 1
            text = " ".join(words)[:20000]
            lengths.append(len(text))
            conn.execute(insert(TABLES["documents"]).values(
                id=d + 1, guid=new_guid(), name=f"Dokument {d:04d}", label=f"D{d:04d}", text=text,
                kind="text", sort_order=d, created_at=now, modified_at=now))
        batch = []
        for i in range(n_segments):
            doc = rng.randrange(n_docs)
            size = rng.randint(100, 1000)
            start = rng.randrange(0, lengths[doc] - size)
            batch.append({"guid": new_guid(), "document_id": doc + 1, "code_id": rng.randint(1, code_id),
                          "coder_id": 1 + (i % 2), "start_pos": start, "end_pos": start + size,
                          "key_quote": False, "created_at": now})
            if len(batch) == 50000:
                conn.execute(insert(TABLES["segments"]), batch)
                batch = []
        if batch:
            conn.execute(insert(TABLES["segments"]), batch)
    with proj.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    proj.close()
    return time.perf_counter() - t0


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def open_andock(path: Path):
    proj = Project.open(path)
    with proj.read() as conn:
        tree = codes.load_tree(conn)
    proj.close()
    return tree


def open_naive(path: Path):
    proj = Project.open(path)
    with Session(proj.engine) as s:
        names = {c.id: c for c in s.scalars(select(Code))}
        count: dict[int, int] = {}
        for seg in s.scalars(select(Segment)):
            count[seg.code_id] = count.get(seg.code_id, 0) + 1
    proj.close()
    return count, names


def retrieve_andock(proj: Project, top_id: int):
    with proj.read() as conn:
        return retrieval.query_segments(conn, codes=[top_id])


def retrieve_naive(proj: Project, top_id: int):
    with Session(proj.engine) as s:
        ids = [top_id] + list(s.scalars(select(Code.id).where(Code.parent_id == top_id)))
        out = []
        for seg in s.scalars(select(Segment).where(Segment.code_id.in_(ids))):
            doc = s.get(Document, seg.document_id)
            out.append((doc.name, seg.start_pos, doc.text[seg.start_pos:seg.end_pos]))
        return out


def matrix_andock(proj: Project):
    with proj.read() as conn:
        return counts.code_document_counts(conn)


def matrix_naive(proj: Project):
    with Session(proj.engine) as s:
        cells: dict[tuple[int, int], int] = {}
        for seg in s.scalars(select(Segment)):
            key = (seg.code_id, seg.document_id)
            cells[key] = cells.get(key, 0) + 1
        return cells


def synthetic_project(description: str):
    """Parse --docs/--segments/--keep and build the synthetic project if needed.

    Returns (args, path, temporary directory or None) — shared by the benchmark scripts.
    """
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--segments", type=int, default=500_000)
    ap.add_argument("--keep", type=Path, help="build into / reuse this file instead of a temporary one")
    args = ap.parse_args()
    tmp = None
    if args.keep:
        path = args.keep
    else:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "bench.andock"
    if not path.exists():
        secs = build(path, args.docs, args.segments)
        print(f"build     {secs:8.2f} s   ({args.docs} documents, 200 codes, {args.segments} segments, "
              f"{path.stat().st_size / 1e6:.0f} MB)")
    return args, path, tmp


def main() -> None:
    args, path, tmp = synthetic_project(__doc__)
    rows = []
    t_open, tree = timed(lambda: open_andock(path))
    t_open_naive, _ = timed(lambda: open_naive(path), repeat=1)
    rows.append(("open + code tree with counts", t_open, t_open_naive, 1.0))
    assert sum(n.total for n in tree) == args.segments
    proj = Project.open(path)
    top = tree[0]
    t_ret, segs = timed(lambda: retrieve_andock(proj, top.id))
    t_ret_naive, naive_segs = timed(lambda: retrieve_naive(proj, top.id), repeat=1)
    assert len(segs) == len(naive_segs) == top.total
    rows.append((f"segments of one top-level code ({len(segs)}, text incl.)", t_ret, t_ret_naive, 0.2))
    t_mat, cells = timed(lambda: matrix_andock(proj))
    t_mat_naive, naive_cells = timed(lambda: matrix_naive(proj), repeat=1)
    assert cells == naive_cells
    rows.append((f"code x document counts ({len(cells)} cells)", t_mat, t_mat_naive, 1.0))
    proj.close()
    print(f"{'measure':55s} {'andock':>9s} {'naive':>9s} {'ratio':>7s} {'target':>8s}")
    ok = True
    for name, t, naive, target in rows:
        passed = t < target
        ok &= passed
        print(f"{name:55s} {t * 1000:7.0f}ms {naive * 1000:7.0f}ms {naive / t:6.1f}x "
              f"{'<' if passed else '>='}{target * 1000:5.0f}ms {'ok' if passed else 'MISSED'}")
    print("all targets met" if ok else "some targets missed")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
