"""Benchmark of merging coders' copies (issue 12): two copies with 50,000 new codings each.

The project: 30 transcripts (~25,000 characters each), 40 codes, one coder with 10,000 codings.
Two file copies; in each a new coder adds 50,000 codings (one action, as a long coding session's
worth of actions would leave them), and one copy also changes 1,000 of the project's codings
(key quote) and deletes 1,000. Both copies are merged into the project in one action:

  merge     merge_copies(): read both copies and both histories, match, decide, write through
            the recorder (bulk inserts), store the undo record          (target < 10 s)
            baseline: the naive merge in the same process — for every coding of a copy look
            its GUID up in the project and insert it row by row through Recorder.insert

    python bench/merge.py [--segments 50000] [--keep FOLDER]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from coding.exchange.importers.model import ParsedDocument  # noqa: E402
from coding.services import coders, codes, documents, segments  # noqa: E402
from coding.services.merge import merge_copies  # noqa: E402
from coding.store.models import TABLES, new_guid, utcnow  # noqa: E402
from coding.store.project import Project  # noqa: E402

DOCS, CODES, BASE_SEGMENTS, DOC_CHARS = 30, 40, 10_000, 25_000
WORDS = "Quartier Schule Kita Amt Nachbarschaft Sprache Wohnung Miete Netzwerk Zugang Hürde".split()


def _text(rng: random.Random) -> str:
    parts, n = [], 0
    while n < DOC_CHARS:
        turn = ("I: " if len(parts) % 2 == 0 else "B: ") + " ".join(rng.choices(WORDS, k=40)) + ".\n\n"
        parts.append(turn)
        n += len(turn)
    return "".join(parts)


def _codings(act, rng: random.Random, coder: int, n: int) -> None:
    """``n`` codings by ``coder`` at random places, in one bulk write (recorded for undo)."""
    docs = [(d.id, d.length) for d in documents.list_documents(act.conn)]
    code_ids = [c for (c,) in act.conn.execute(select(TABLES["codes"].c.id))]
    rows = []
    for _i in range(n):
        doc, length = rng.choice(docs)
        start = rng.randrange(0, length - 200)
        rows.append({"guid": new_guid(), "document_id": doc, "code_id": rng.choice(code_ids), "coder_id": coder,
                     "start_pos": start, "end_pos": start + rng.randrange(20, 200), "key_quote": False,
                     "created_at": utcnow()})
    act.insert_many("segments", rows)


def build(folder: Path, per_copy: int) -> tuple[Path, list[Path]]:
    """The project and two diverged copies."""
    rng = random.Random(12)
    path = folder / "projekt.andock"
    with Project.create(path) as proj, proj.action("Build") as act:
        for i in range(DOCS):
            documents.add_document(act, f"K{i + 1:02d}", ParsedDocument(_text(rng), "transcript"))
        for i in range(CODES // 4):
            parent = codes.create_code(act, f"Kategorie {i + 1}")
            for j in range(3):
                codes.create_code(act, f"Unterkategorie {j + 1}", parent)
        _codings(act, rng, coders.add_coder(act, "Anna"), BASE_SEGMENTS)
    copies = [folder / "lena.andock", folder / "murat.andock"]
    for copy, name in zip(copies, ("Lena", "Murat")):
        shutil.copyfile(path, copy)
        with Project.open(copy) as proj, proj.action("Coding session") as act:
            _codings(act, rng, coders.add_coder(act, name), per_copy)
    with Project.open(copies[0]) as proj, proj.action("Review") as act:
        base_ids = sorted(c for (c,) in act.conn.execute(select(TABLES["segments"].c.id)
                                                         .where(TABLES["segments"].c.coder_id == 1)))
        for sid in base_ids[:1000]:
            segments.set_key_quote(act, sid, True)
        for sid in base_ids[1000:2000]:
            segments.delete_segment(act, sid)
    return path, copies


def naive(path: Path, copies: list[Path]) -> float:
    """The merge as one would first write it: every coding looked up and inserted row by row."""
    seg = TABLES["segments"]
    t0 = time.perf_counter()
    with Project.open(path) as proj, proj.action("Naive merge") as act:
        for copy in copies:
            with Project.open(copy, read_only=True) as other, other.read() as conn:
                rows = [dict(r) for r in conn.execute(select(seg)).mappings()]
                coder_guids = dict(conn.execute(select(TABLES["coders"].c.id, TABLES["coders"].c.guid)).all())
            for guid in set(coder_guids.values()):
                if act.conn.execute(select(TABLES["coders"].c.id).where(TABLES["coders"].c.guid == guid)).first() is None:
                    act.insert("coders", {"guid": guid, "name": guid[:8], "created_at": utcnow()})
            for row in rows:
                if act.conn.execute(select(seg.c.id).where(seg.c.guid == row["guid"])).first() is None:
                    coder = act.conn.execute(select(TABLES["coders"].c.id)
                                             .where(TABLES["coders"].c.guid == coder_guids[row["coder_id"]])).scalar()
                    act.insert("segments", {**{k: v for k, v in row.items() if k != "id"}, "coder_id": coder})
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--segments", type=int, default=50_000, help="new codings per copy")
    ap.add_argument("--keep", help="build the files in this folder and keep them")
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="andock-bench-merge-"))
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    path, copies = build(folder, args.segments)
    print(f"built: {DOCS} documents, {CODES} codes, {BASE_SEGMENTS} codings; 2 copies with "
          f"{args.segments} new codings each ({time.perf_counter() - t0:.1f} s)")
    baseline_file = folder / "naive.andock"
    shutil.copyfile(path, baseline_file)
    with Project.open(path) as proj:
        t0 = time.perf_counter()
        report = merge_copies(proj, copies)
        took = time.perf_counter() - t0
        t0 = time.perf_counter()
        proj.undo()
        undo_took = time.perf_counter() - t0
    totals = report.totals()["segments"]
    print(f"merge     {took:6.2f} s   (target < 10 s)  codings: {totals.added} added, {totals.updated} updated, "
          f"{totals.deleted} deleted, {totals.unchanged} unchanged")
    print(f"  undo    {undo_took:6.2f} s   (the whole merge taken back)")
    base = naive(baseline_file, copies)
    print(f"baseline  {base:6.2f} s   naive: look up and insert every coding row by row (adds only)")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
