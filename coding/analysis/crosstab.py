"""Code x group crosstab and code x document matrix (MAXQDA's Crosstab and Code Matrix Browser).

One grouped query gives segments per (code, document); everything else is numpy over a
codes x documents array, so the cost does not grow with segments once they are counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Mapping, TypeVar

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.services.codes import CodeNode, load_tree, subtree_ids, walk
from coding.base.errors import InputError, NotFoundError
from coding.analysis.groups import group_documents, select_documents
from coding.store.models import TABLES
from coding.analysis.words import word_counts
from coding.base.messages import _

segments_t = TABLES["segments"]
MODES = ("documents", "segments")
IdT = TypeVar("IdT", bound=int)  # a kind of row id


@dataclass
class CrosstabRow:
    code_id: CodeId
    path: str
    name: str
    depth: int
    colour: str
    counts: list[int]  # one per column
    total: int  # documents mode: distinct documents with the code; segments mode: sum of segments
    shares: list[float | None]  # documents with the code / documents in the column (None: empty column)
    per_1000_words: list[float | None]  # coded segments per 1,000 words of the column's documents


@dataclass
class Crosstab:
    by: str | None  # variable name, or None for code x document
    mode: str  # "documents" | "segments"
    include_subcodes: bool
    columns: list[str]  # group labels ("ja"/"nein" for booleans, "not set" last) or document labels
    column_keys: list[str | None]  # canonical stored values (None: "not set"), or document GUIDs
    column_documents: list[int]  # number of documents per column
    column_words: list[int]
    rows: list[CrosstabRow]  # depth-first code-tree order
    column_totals: list[int]  # documents: distinct documents with any shown code; segments: segments
    grand_total: int
    # what the table was computed from, so that a cell's segments can be listed exactly
    column_document_ids: list[list[DocumentId]] = field(default_factory=list, repr=False)
    coder_ids: list[CoderId] | None = field(default=None, repr=False)


def shown_codes(conn: Connection, code_ids: list[CodeId] | None) -> list[tuple[CodeNode, int]]:
    """(code, depth) in depth-first order, restricted to the subtrees of ``code_ids`` if given."""
    tree = load_tree(conn, counts=False)  # structure only: the crosstab counts by itself
    wanted: set[int] | None = None
    if code_ids is not None:
        nodes = {n.id: n for n in walk(tree)}
        wanted = set()
        for cid in code_ids:
            if cid not in nodes:
                raise NotFoundError(_("no code with id {cid}", cid=cid))
            wanted.update(n.id for n in walk([nodes[cid]]))
    out: list[tuple[CodeNode, int]] = []

    def visit(nodes: list[CodeNode], depth: int) -> None:
        for n in nodes:
            if wanted is None or n.id in wanted:
                out.append((n, depth))
            visit(n.children, depth + 1)

    visit(tree, 0)
    return out


def subtree_matrix(codes: list[tuple[CodeNode, int]]) -> np.ndarray:
    """Boolean (shown codes x shown codes): [i, j] when code j is code i or below it."""
    index = {n.id: i for i, (n, _d) in enumerate(codes)}
    sub = np.eye(len(codes), dtype=bool)
    for i, (node, _d) in enumerate(codes):
        stack = list(node.children)
        while stack:
            child = stack.pop()
            if child.id in index:
                sub[i, index[child.id]] = True
            stack.extend(child.children)
    return sub


def segment_counts(conn: Connection, code_index: dict[CodeId, int], doc_index: dict[DocumentId, int],
                   coder_ids: list[CoderId] | None) -> np.ndarray:
    """Segments per (shown code, selected document) as an int array, from one grouped query."""
    q = select(segments_t.c.code_id, segments_t.c.document_id, func.count()).group_by(
        segments_t.c.code_id, segments_t.c.document_id)
    if coder_ids is not None:
        q = q.where(segments_t.c.coder_id.in_(list(coder_ids)))
    own = np.zeros((len(code_index), len(doc_index)), dtype=np.int64)
    rows = int_rows(conn, q, 3)
    if rows.size:
        # filters are applied here rather than as long IN lists in SQL (same cost, any backend)
        code_map = _lookup(code_index, int(rows[:, 0].max()))
        doc_map = _lookup(doc_index, int(rows[:, 1].max()))
        r, c = code_map[rows[:, 0]], doc_map[rows[:, 1]]
        ok = (r >= 0) & (c >= 0)
        np.add.at(own, (r[ok], c[ok]), rows[ok, 2])
    return own


def int_rows(conn: Connection, query, n_cols: int) -> np.ndarray:
    """The integer result of ``query`` as an (n, n_cols) array, without a Python object per value."""
    # np.array() on SQLAlchemy rows probes each row for the array protocol (slow); a flat iterator isn't
    flat = np.fromiter(chain.from_iterable(conn.execute(query)), dtype=np.int64)
    return flat.reshape(-1, n_cols)


def _lookup(index: Mapping[IdT, int], max_id: int) -> np.ndarray:
    table = np.full(max(max_id, max(index, default=0)) + 1, -1, dtype=np.int64)
    for key, pos in index.items():
        table[key] = pos
    return table


def crosstab(conn: Connection, by: str | None, *, mode: str = "documents", include_subcodes: bool = True,
             coder_ids: list[CoderId] | None = None, code_ids: list[CodeId] | None = None,
             document_ids: list[DocumentId] | None = None,
             variables: dict[str, list[str]] | None = None) -> Crosstab:
    """Codes x groups of documents (``by`` a discrete variable) or codes x documents (``by=None``)."""
    if mode not in MODES:
        raise InputError(_("unknown counting mode '{mode}' (use documents or segments)", mode=mode))
    docs = select_documents(conn, document_ids, variables)
    groups, var = group_documents(conn, by, docs)
    codes = shown_codes(conn, code_ids)
    doc_index = {d.id: i for i, d in enumerate(docs)}
    own = segment_counts(conn, {n.id: i for i, (n, _d) in enumerate(codes)}, doc_index, coder_ids)
    member = np.zeros((len(docs), len(groups)), dtype=np.int64)  # document -> column
    for g, group in enumerate(groups):
        member[[doc_index[d] for d in group.document_ids], g] = 1
    sub = subtree_matrix(codes) if include_subcodes else np.eye(len(codes), dtype=bool)
    segs = sub.astype(np.int64) @ own  # a row's segments: its own or its whole subtree's
    present = (sub.astype(np.int64) @ (own > 0).astype(np.int64)) > 0  # distinct documents
    doc_cells = present.astype(np.int64) @ member
    seg_cells = segs @ member
    n_docs = member.sum(axis=0)
    wc = word_counts(conn, [d.id for d in docs]) if docs else {}
    words = np.array([wc.get(d.id, 0) for d in docs], dtype=np.int64) @ member if docs else n_docs * 0
    documents_mode = mode == "documents"
    rows = []
    for i, (node, depth) in enumerate(codes):
        counts = doc_cells[i] if documents_mode else seg_cells[i]
        rows.append(CrosstabRow(
            node.id, node.path, node.name, depth, node.colour, [int(x) for x in counts],
            int(present[i].sum()) if documents_mode else int(segs[i].sum()),
            [float(doc_cells[i, g] / n_docs[g]) if n_docs[g] else None for g in range(len(groups))],
            [float(seg_cells[i, g] * 1000 / words[g]) if words[g] else None for g in range(len(groups))]))
    if documents_mode:  # documents with any shown code, each once
        any_code = own.sum(axis=0) > 0
        column_totals, grand = any_code.astype(np.int64) @ member, int(any_code.sum())
    else:  # every segment once, even when parents include their subcodes
        column_totals = own.sum(axis=0) @ member
        grand = int(own.sum())
    return Crosstab(var.name if var else None, mode, include_subcodes, [g.label for g in groups], [g.key for g in groups],
                    [int(x) for x in n_docs], [int(x) for x in words], rows,
                    [int(x) for x in column_totals], grand,
                    [list(g.document_ids) for g in groups], None if coder_ids is None else list(coder_ids))


def cell_segment_ids(conn: Connection, table: Crosstab, row_code_id: CodeId, column_index: int, *,
                     coder_ids: list[CoderId] | None = None) -> list[SegmentId]:
    """Exactly the segments behind one cell (with subcodes if the table includes them).

    ``coder_ids`` defaults to the coders the table was computed for. Ordered by document (as in
    the column), then position.
    """
    if not 0 <= column_index < len(table.column_document_ids):
        raise InputError(_("no column {column_index} in this table", column_index=column_index))
    code_set = subtree_ids(conn, row_code_id) if table.include_subcodes else [row_code_id]
    coders = table.coder_ids if coder_ids is None else coder_ids
    doc_ids = table.column_document_ids[column_index]
    rank = {d: i for i, d in enumerate(doc_ids)}
    found: list[tuple[DocumentId, int, int, SegmentId]] = []
    for i in range(0, len(doc_ids), 500):  # bounded IN lists (SQLite's parameter limit)
        q = select(segments_t.c.document_id, segments_t.c.start_pos, segments_t.c.end_pos, segments_t.c.id
                   ).where(segments_t.c.code_id.in_(code_set), segments_t.c.document_id.in_(doc_ids[i:i + 500]))
        if coders is not None:
            q = q.where(segments_t.c.coder_id.in_(list(coders)))
        found.extend(conn.execute(q).all())
    found.sort(key=lambda r: (rank[r[0]], r[1], r[2], r[3]))
    return [r[3] for r in found]
