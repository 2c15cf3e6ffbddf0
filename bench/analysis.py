"""Benchmark of the group comparisons (issue 5) on the foundation's synthetic project.

Reuses bench/core_scale.build() — 1,000 documents of ~20,000 characters, 200 codes, 500,000
segments by two coders — and gives every document a value of the category variable "Gruppe"
(3 values). Times, each beside a naive baseline in the same run:

  crosstab       codes x Gruppe, documents mode, with subcodes     (target < 1 s)
                 baseline: ORM objects looped in Python
  co-occurrence  overlapping segment pairs of every code pair       (target < 3 s)
                 baseline: a plain SQL self-join (run on a subset of documents and
                 extrapolated when the whole would take more than a minute; the output says so)

Further measures (e.g. report timings) are functions ``measure(ctx) -> list[Row]`` appended
to ``MEASURES``.

    python bench/analysis.py [--docs 1000] [--segments 500000] [--keep FILE]
"""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from core_scale import synthetic_project, timed  # noqa: E402
from coding.analysis import words  # noqa: E402
from coding.analysis.cooccurrence import cooccurrence  # noqa: E402
from coding.analysis.crosstab import crosstab  # noqa: E402
from coding.store.models import Code, Segment, TABLES, VariableValue, new_guid  # noqa: E402
from coding.store.project import Project  # noqa: E402

GROUPS = ("kommunal", "national", "regional")
SELF_JOIN_BUDGET_S = 60.0


@dataclass
class Row:
    name: str
    seconds: float
    naive_seconds: float | None  # None: the issue names no baseline (the report timings)
    target: float
    note: str = ""


@dataclass
class Context:
    project: Project
    docs: int
    segments: int


def add_group_variable(proj: Project) -> None:
    """Give every document one of three group values (the bench's comparison variable)."""
    with proj.engine.connect().execution_options(write=True) as conn, conn.begin():
        if conn.execute(select(TABLES["variables"].c.id).where(TABLES["variables"].c.name == "Gruppe")).first():
            return
        var_id = conn.execute(insert(TABLES["variables"]).values(
            guid=new_guid(), name="Gruppe", type="category", sort_order=0)).inserted_primary_key[0]
        doc_ids = conn.execute(select(TABLES["documents"].c.id)).scalars().all()
        conn.execute(insert(TABLES["variable_values"]), [
            {"document_id": d, "variable_id": var_id, "value": GROUPS[d % 3]} for d in doc_ids])


def crosstab_naive(proj: Project) -> dict:
    """Documents per (code subtree, group) by looping over ORM segment objects."""
    with Session(proj.engine) as s:
        parent = {c.id: c.parent_id for c in s.scalars(select(Code))}
        group = {v.document_id: v.value for v in s.scalars(select(VariableValue))}
        seen: set[tuple[int, int]] = set()
        for seg in s.scalars(select(Segment)):
            code = seg.code_id
            while code is not None:  # a segment counts for its code and every ancestor
                seen.add((code, seg.document_id))
                code = parent[code]
        cells: dict[tuple[int, str], int] = {}
        for code, doc in seen:
            cells[(code, group[doc])] = cells.get((code, group[doc]), 0) + 1
        return cells


def measure_crosstab(ctx: Context) -> list[Row]:
    def run():
        with ctx.project.read() as conn:
            return crosstab(conn, "Gruppe")
    t, table = timed(run)
    t_naive, naive = timed(lambda: crosstab_naive(ctx.project), repeat=1)
    for row in table.rows:  # the fast and the naive way agree on every cell
        for g, value in enumerate(table.columns):
            assert row.counts[g] == naive.get((row.code_id, value), 0)
    return [Row(f"crosstab codes x Gruppe, documents ({len(table.rows)}x{len(table.columns)})",
                t, t_naive, 1.0)]


def self_join_sql(doc_limit: int | None) -> str:
    """The plain SQL self-join: overlapping segment pairs of every code pair."""
    where = f" AND a.document_id <= {int(doc_limit)}" if doc_limit else ""
    return ("SELECT a.code_id, b.code_id, count(*) FROM segments a JOIN segments b "
            "ON a.document_id = b.document_id AND a.id < b.id "
            "AND a.start_pos < b.end_pos AND b.start_pos < a.end_pos" + where +
            " GROUP BY a.code_id, b.code_id")


def measure_cooccurrence(ctx: Context) -> list[Row]:
    def run():
        with ctx.project.read() as conn:
            return cooccurrence(conn)
    t, co = timed(run)
    # the self-join on a tenth of the documents tells whether the whole would fit the budget
    sample = max(1, ctx.docs // 10)
    with ctx.project.read() as conn:
        t0 = time.perf_counter()
        conn.execute(text(self_join_sql(sample))).all()
        t_sample = time.perf_counter() - t0
        if t_sample * ctx.docs / sample <= SELF_JOIN_BUDGET_S:
            t0 = time.perf_counter()
            pairs = conn.execute(text(self_join_sql(None))).all()
            t_naive, note = time.perf_counter() - t0, ""
            assert sum(n for _a, _b, n in pairs) == int(np.triu(co.segment_pairs).sum())
        else:
            t_naive = t_sample * ctx.docs / sample
            note = f"baseline extrapolated from {sample} of {ctx.docs} documents ({t_sample:.1f} s)"
    n_pairs = int(np.triu(co.segment_pairs).sum())
    return [Row(f"co-occurrence, overlap ({n_pairs:,} segment pairs)", t, t_naive, 3.0, note)]


MEASURES: list[Callable[[Context], list[Row]]] = [measure_crosstab, measure_cooccurrence]


# -- report timings (coding/reports) ------------------------------------------------------------
# Issue 5: "the three reports for a 30-document, 150-code, 3,000-segment project < 5 s each".
# They get a project of that size of their own (the 1,000-document one above is far larger than
# a report is written for): f4-style transcripts with speaker turns and time anchors, 15 main
# categories x 9 subcategories + 15 = 150 codes, 3,000 segments of 100-600 characters by two
# coders, 5 % key quotes, memos and two anchor examples per main category, variable Gruppe.
# Word counts (spaCy) are computed once before timing, as above. There is no naive counterpart
# of a report, so the "naive" column repeats the time (ratio 1.0x).

def build_report_project(path: Path, n_docs: int = 30, n_segments: int = 3000, seed: int = 5) -> Project:
    """The 30-document report benchmark project (services for structure, bulk insert for segments)."""
    import random

    from coding.services import (code_changes, coders as coders_mod, codes as codes_mod, documents, memos, variables)
    from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
    from core_scale import WORDS

    rng = random.Random(seed)
    proj = Project.create(path, "Bericht-Benchmark „Ankunftsquartiere“")
    with proj.action("Build report benchmark") as act:
        coder_ids = [coders_mod.add_coder(act, n) for n in ("Lena", "Murat")]
        code_ids = []
        for top in range(15):
            parent = codes_mod.create_code(act, f"Hauptkategorie {top + 1}", definition="Definition " * 20,
                                           inclusion="Wird codiert, wenn …", exclusion="Nicht codiert, wenn …",
                                           coding_rules="Mindestens ein vollständiger Satz.")
            code_ids.append(parent)
            code_ids += [codes_mod.create_code(act, f"Subkategorie {top + 1}.{s + 1}", parent,
                                               definition="Unterkategorie") for s in range(9)]
        variables.define_variable(act, "Gruppe", "category")
        spans = []
        for d in range(n_docs):
            pos, lines, turns, anchors = 0, [], [], []
            for t in range(120):  # ~60,000 characters, an interview of about an hour
                speaker = "I" if t % 2 == 0 else "B"
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 140))).capitalize() + "."
                line = f"{speaker}: {body}"
                turns.append(Turn(pos, pos + len(line), speaker))
                anchors.append(TimeAnchor(pos, t * 30_000))
                if speaker == "B":
                    spans.append((d, pos + 3, pos + len(line)))
                lines.append(line)
                pos += len(line) + 2
            text = "\n\n".join(lines)
            doc = documents.add_document(act, f"{'K' if d % 2 == 0 else 'N'}{d + 1:02d}_Interview",
                                         ParsedDocument(text, "transcript", turns, anchors))
            variables.set_value_by_name(act, doc, "Gruppe", "kommunal" if d % 2 == 0 else "national")
        doc_ids = [d.id for d in documents.list_documents(act.conn)]
    rows = []
    for i in range(n_segments):
        d, start, end = spans[i % len(spans)]
        length = min(end - start, rng.randint(100, 600))
        rows.append({"guid": new_guid(), "document_id": doc_ids[d], "code_id": code_ids[i % len(code_ids)],
                     "coder_id": coder_ids[i % 2], "start_pos": start, "end_pos": start + length,
                     "key_quote": rng.random() < 0.05})
    with proj.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(insert(TABLES["segments"]), rows)
    with proj.action("Memos and anchors") as act:
        seg_ids = act.conn.execute(select(TABLES["segments"].c.id)).scalars().all()
        for sid in seg_ids[::20]:
            memos.set_memo(act, "segment", sid, "Beobachtung zum Segment")
        for sid in seg_ids[:30]:
            code_changes.add_segment_as_anchor(act, sid)
    return proj


def report_timings(ctx: Context) -> list[Row]:
    """The three reports (PDF and DOCX) on the 30-document project (ctx is not used)."""
    from coding.reports import write_report

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        proj = build_report_project(Path(tmp) / "reports.andock")
        with proj.read() as conn:
            words.word_counts(conn)
        for kind in ("codebook", "segments", "comparison"):
            for suffix in (".pdf", ".docx"):
                out = Path(tmp) / f"{kind}{suffix}"
                t, _ = timed(lambda: write_report(proj, out, kind, by="Gruppe", lang="de"), repeat=1)
                pages = ""
                if suffix == ".pdf":
                    pages = f", {out.read_bytes().count(b'/Type /Page') - out.read_bytes().count(b'/Type /Pages')} pages"
                rows.append(Row(f"report {kind} {suffix[1:]} (30 docs, 150 codes, 3,000 segs{pages})",
                                t, None, 5.0))
        proj.close()
    return rows


MEASURES.append(report_timings)


def main() -> None:
    args, path, tmp = synthetic_project(__doc__)
    proj = Project.open(path)
    add_group_variable(proj)
    t0 = time.perf_counter()
    with proj.read() as conn:
        n = len(words.word_counts(conn))  # once per project, stored; not part of the crosstab time
    print(f"word counts of {n} documents (spaCy, stored once): {time.perf_counter() - t0:.2f} s")
    ctx = Context(proj, args.docs, args.segments)
    rows = [row for measure in MEASURES for row in measure(ctx)]
    proj.close()
    print(f"{'measure':58s} {'andock':>9s} {'naive':>9s} {'ratio':>7s} {'target':>8s}")
    ok = True
    for r in rows:
        passed = r.seconds < r.target
        ok &= passed
        naive = (f"{r.naive_seconds * 1000:7.0f}ms {r.naive_seconds / r.seconds:6.1f}x"
                 if r.naive_seconds is not None else f"{'-':>9s} {'-':>7s}")
        print(f"{r.name:58s} {r.seconds * 1000:7.0f}ms {naive} {'<' if passed else '>='}{r.target * 1000:5.0f}ms "
              f"{'ok' if passed else 'MISSED'}" + (f"\n    ({r.note})" if r.note else ""))
    print("all targets met" if ok else "some targets missed")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
