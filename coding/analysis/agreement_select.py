"""Choosing what an agreement comparison compares: coders, codes, documents, and the coders'
segments read into arrays (:class:`SegmentData`); what is left out, and why, is kept for the report.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.analysis.agreement_model import LEVELS, CodeRef, CoderRef, DocRef, NotCompared, SegmentData
from coding.analysis.groups import select_documents
from coding.base.errors import InputError, NotFoundError
from coding.base.ids import CodeId, CoderId, DocumentId
from coding.base.messages import _
from coding.services.codes import CodeNode, load_tree, walk
from coding.store.models import TABLES

segments_t = TABLES["segments"]
coders_t = TABLES["coders"]
documents_t = TABLES["documents"]


def selection(conn: Connection, coders: list[CoderRef], code_ids: Sequence[CodeId] | None,
              document_ids: Sequence[DocumentId] | None,
              ) -> tuple[SegmentData, tuple[CodeRef, ...], tuple[DocRef, ...], tuple[NotCompared, ...],
                         tuple[CodeRef, ...]]:
    """The compared segments, codes and documents; the documents and codes left out."""
    chosen_codes, depth = _chosen_codes(conn, code_ids)
    docs = _chosen_documents(conn, document_ids)
    raw = _read_segments(conn, [c.id for c in coders], {d.id: i for i, d in enumerate(docs)})
    coded_all = np.zeros((len(coders), len(docs)), dtype=bool)
    coded_all[raw[:, 3], raw[:, 1]] = True
    compared = coded_all.sum(axis=0) >= 2
    if not compared.any():
        if len(coders) == 2:
            raise InputError(_("no document was coded by both {a} and {b}: nothing to compare",
                               a=coders[0].name, b=coders[1].name))
        raise InputError(_("no document was coded by at least two of the coders ({names}): nothing to compare",
                           names=", ".join(c.name for c in coders)))
    doc_refs = [DocRef(d.id, d.name, d.label) for d in docs]
    not_compared = tuple(NotCompared(doc_refs[i], tuple(coders[r] for r in range(len(coders)) if coded_all[r, i]))
                         for i in np.flatnonzero(~compared))
    raw = raw[compared[raw[:, 1]]]
    code_lookup = lookup({n.id: i for i, n in enumerate(chosen_codes)}, int(raw[:, 2].max()) if len(raw) else 0)
    code_pos = code_lookup[raw[:, 2]]
    raw, code_pos = raw[code_pos >= 0], code_pos[code_pos >= 0]
    used = np.zeros(len(chosen_codes), dtype=bool)
    used[code_pos] = True
    if not used.any():
        raise InputError(_("none of the chosen codes was used by these coders in the compared documents"))
    code_refs = [CodeRef(n.id, n.path, n.name, depth[n.id]) for n in chosen_codes]
    doc_map = np.cumsum(compared) - 1  # chosen document index -> compared document index
    data = _sorted_data(raw, doc_map[raw[:, 1]], (np.cumsum(used) - 1)[code_pos], coded_all[:, compared],
                        int(used.sum()))
    return (data, tuple(r for r, u in zip(code_refs, used) if u), tuple(r for r, c in zip(doc_refs, compared) if c),
            not_compared, tuple(r for r, u in zip(code_refs, used) if not u))



def check_levels(levels: Iterable[str]) -> list[str]:
    """The asked levels in the order of LEVELS; an unknown or no level is an InputError."""
    wanted = set(levels)
    unknown = sorted(wanted - set(LEVELS))
    if unknown:
        raise InputError(_("unknown agreement level '{level}' (use {choices})", level=unknown[0],
                           choices=", ".join(LEVELS)))
    if not wanted:
        raise InputError(_("choose at least one agreement level ({choices})", choices=", ".join(LEVELS)))
    return [lev for lev in LEVELS if lev in wanted]


def chosen_coders(conn: Connection, coder_ids: Sequence[CoderId]) -> list[CoderRef]:
    """The coders in the order given; two or more, each once."""
    names = dict(conn.execute(select(coders_t.c.id, coders_t.c.name)).all())
    if len(coder_ids) != len(set(coder_ids)):
        raise InputError(_("each coder can be compared only once"))
    if len(coder_ids) < 2:
        raise InputError(_("agreement needs at least two coders"))
    missing = [c for c in coder_ids if c not in names]
    if missing:
        raise NotFoundError(_("no coder with id {coder_id}", coder_id=missing[0]))
    return [CoderRef(c, names[c]) for c in coder_ids]


def _chosen_codes(conn: Connection, code_ids: Sequence[CodeId] | None,
                  ) -> tuple[list[CodeNode], dict[int | None, int]]:
    """All codes, or the subtrees of ``code_ids``, in code-tree order; and every code's depth."""
    nodes = list(walk(load_tree(conn, counts=False)))
    depth: dict[int | None, int] = {None: -1}
    for n in nodes:  # parents before their children
        depth[n.id] = depth[n.parent_id] + 1
    if code_ids is None:
        return nodes, depth
    by_id = {n.id: n for n in nodes}
    wanted: set[int] = set()
    for cid in code_ids:
        if cid not in by_id:
            raise NotFoundError(_("no code with id {cid}", cid=cid))
        wanted.update(n.id for n in walk([by_id[cid]]))
    if not wanted:
        raise InputError(_("no codes chosen"))
    return [n for n in nodes if n.id in wanted], depth


def _chosen_documents(conn: Connection, document_ids: Sequence[DocumentId] | None):
    """The chosen documents in display order (all when none were chosen); unknown ids are refused."""
    docs = select_documents(conn, None if document_ids is None else list(document_ids))
    if document_ids is not None:
        found = {d.id for d in docs}
        missing = [d for d in document_ids if d not in found]
        if missing:
            raise NotFoundError(_("no document with id {document_id}", document_id=missing[0]))
        if not docs:
            raise InputError(_("no documents chosen"))
    if not docs:
        raise InputError(_("the project has no documents"))
    return docs


def _read_segments(conn: Connection, coder_ids: list[CoderId], doc_index: dict[DocumentId, int]) -> np.ndarray:
    """(id, document index, code id, coder index, start, end) of the coders' segments in the chosen documents."""
    q = select(segments_t.c.id, segments_t.c.document_id, segments_t.c.code_id, segments_t.c.coder_id,
               segments_t.c.start_pos, segments_t.c.end_pos).where(segments_t.c.coder_id.in_(coder_ids))
    # fetched at once, then flattened: np.array() on SQLAlchemy rows probes each for the array protocol
    rows = np.fromiter(chain.from_iterable(conn.execute(q).fetchall()), dtype=np.int64).reshape(-1, 6)
    doc_lookup = lookup(doc_index, int(rows[:, 1].max()) if len(rows) else 0)
    coder_lookup = lookup({c: i for i, c in enumerate(coder_ids)}, int(rows[:, 3].max()) if len(rows) else 0)
    rows[:, 1] = doc_lookup[rows[:, 1]]
    rows[:, 3] = coder_lookup[rows[:, 3]]
    return rows[rows[:, 1] >= 0]


def lookup(index: dict, max_id: int) -> np.ndarray:
    """An array that maps row ids (0 … max) to positions in ``index``; -1 for ids not in it."""
    table = np.full(max(max_id, max(index, default=0)) + 1, -1, dtype=np.int64)
    for key, pos in index.items():
        table[key] = pos
    return table


def _sorted_data(raw: np.ndarray, doc: np.ndarray, code: np.ndarray, coded: np.ndarray, n_codes: int) -> SegmentData:
    """The segments as :class:`SegmentData`, sorted by (document, code, start, end)."""
    order = np.lexsort((raw[:, 5], raw[:, 4], code, doc))
    return SegmentData(raw[order, 0], doc[order], code[order], raw[order, 3], raw[order, 4], raw[order, 5],
                 coded, n_codes)


def document_texts(conn: Connection, doc_ids: list[DocumentId]) -> dict[DocumentId, str]:
    """The texts of the compared documents (for units and the disagreements' quotes)."""
    out: dict[DocumentId, str] = {}
    for i in range(0, len(doc_ids), 500):  # bounded IN lists (SQLite's parameter limit)
        out.update(conn.execute(select(documents_t.c.id, documents_t.c.text)
                                .where(documents_t.c.id.in_(doc_ids[i:i + 500]))).all())
    return out
