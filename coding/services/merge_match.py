"""Which row of a copy is which row here: GUIDs first, then the fallbacks each kind allows.

- documents: by GUID, else the same name and the same text (one interview imported twice);
- variables: by GUID, else the same name (ignoring case);
- codes: by GUID, else the same name under the same parent (its path);
- memos: by GUID, else the same target (one memo per document, code or coding);
- summaries: by GUID, else the same cell (code and document, or code and group).

A row matched by a fallback takes the GUID of the row here. A document whose text differs from
the one here is never mixed into it: the copy's version becomes a document of its own (with
GUIDs derived from the originals and the text's checksum, so that merging the copy again finds
it again), holding the copy's codings, memos, summaries and variable values of that document.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from coding.services.merge_state import SPECS, Key, Row, State, key_of

# GUIDs of a copy's version of a document (and of its rows) are derived in this namespace
VARIANT_NAMESPACE = uuid.UUID("6f0d3c52-8a3e-4d8e-9b1a-2c4f5e6a7b8c")


def derived_guid(guid: str, text_checksum: str) -> str:
    """The GUID of a row of a copy's version of a document (the same on every merge of that version)."""
    return str(uuid.uuid5(VARIANT_NAMESPACE, f"{guid}/{text_checksum}"))


@dataclass
class Matching:
    """GUIDs of the copy renamed to GUIDs here, rows matched by a fallback, and other-text documents."""

    tr: dict[str, str] = field(default_factory=dict)
    aliased: set[Key] = field(default_factory=set)  # keys (as here) of rows matched by a fallback
    # variant document GUID -> (name of the document here, name of the copy's version)
    variants: dict[str, tuple[str, str]] = field(default_factory=dict)


def match(p: State, c: State, tr: dict[str, str], copy_label: str) -> Matching:
    """Match the copy's rows to rows here; ``tr`` holds the coders' mapping already."""
    m = Matching(dict(tr))
    _documents(p, c, m)
    _variants(p, c, m, copy_label)
    _by(p, c, m, "variables", lambda row: row["name"].casefold())
    _codes(p, c, m)
    _by(p, c, m, "memos", lambda row: (row["document_id"], row["code_id"], row["segment_id"]))
    _by(p, c, m, "summaries", lambda row: (row["code_id"], row["document_id"], row["variable_id"], row["value"]))
    return m


def _alias(m: Matching, theirs: str, ours: str) -> None:
    m.tr[theirs] = ours
    m.aliased.add(ours)


def _documents(p: State, c: State, m: Matching) -> None:
    here = p.rows["documents"]
    mine = c.rows["documents"]
    by_text = {(row["name"], row["checksum"]): g for g, row in here.items() if g not in mine}
    for g, row in mine.items():
        if g not in here and (row["name"], row["checksum"]) in by_text:
            _alias(m, g, by_text[row["name"], row["checksum"]])


def _variants(p: State, c: State, m: Matching, copy_label: str) -> None:
    """A document whose text differs here: the copy's version and everything in it get GUIDs of their own."""
    here = p.rows["documents"]
    for g, row in c.rows["documents"].items():
        ours = here.get(m.tr.get(g, g))
        if ours is None or ours["checksum"] == row["checksum"]:
            continue
        sha = row["checksum"]
        variant = derived_guid(ours["guid"], sha)
        m.tr[g] = variant
        m.variants[variant] = (ours["name"], f"{row['name']} ({copy_label})")
        segs = {s for s, seg in c.rows["segments"].items() if seg["document_id"] == g}
        for s in segs:
            m.tr[s] = derived_guid(s, sha)
        for table, inside in (("memos", lambda r: r["document_id"] == g or r["segment_id"] in segs),
                              ("summaries", lambda r: r["document_id"] == g)):
            for k, r in c.rows[table].items():
                if inside(r):
                    m.tr[k] = derived_guid(k, sha)


def _by(p: State, c: State, m: Matching, table: str, natural) -> None:
    """Match rows of ``table`` whose GUID is new here by a natural key (their references translated)."""
    refs = SPECS[table].refs
    here = p.rows[table]
    mine = c.rows[table]
    index: dict[Any, str] = {}
    for g, row in sorted(here.items(), key=lambda kv: kv[1]["_id"]):  # the oldest first, as services read
        if g not in mine:
            index.setdefault(natural(row), g)
    for g, row in mine.items():
        if m.tr.get(g, g) in here:
            continue
        found = index.get(natural({c_: (m.tr.get(v, v) if c_ in refs else v) for c_, v in row.items()}))
        if found is not None:
            _alias(m, g, found)


def _codes(p: State, c: State, m: Matching) -> None:
    """Codes new by GUID: the same name under the (matched) parent is the same code; parents first."""
    here = p.rows["codes"]
    mine = c.rows["codes"]
    children: dict[str | None, list[str]] = {}
    for g, row in mine.items():
        children.setdefault(row["parent_id"], []).append(g)
    free = {(row["parent_id"], row["name"]): g for g, row in here.items() if g not in mine}
    queue = sorted(children.get(None, []))
    while queue:
        g = queue.pop(0)
        row = mine[g]
        if g not in here:
            parent = row["parent_id"]
            found = free.get((m.tr.get(parent, parent) if parent else None, row["name"]))
            if found is not None:
                _alias(m, g, found)
        queue += sorted(children.get(g, []))


def translate(state: State, m: Matching) -> State:
    """The copy's rows as matched: GUIDs renamed (keys and references), other-text versions named."""
    tr = m.tr
    out = State(guid_of=state.guid_of, id_of=state.id_of)
    for table, rows in state.rows.items():
        refs = SPECS[table].refs
        new: dict[Key, Row] = {}
        for row in rows.values():
            row = dict(row)
            if "guid" in row:
                row["guid"] = tr.get(row["guid"], row["guid"])
            for col in refs:
                v = row[col]
                if v is not None:
                    row[col] = tr.get(v, v)
            new[key_of(table, row)] = row
        out.rows[table] = new
    for variant, (_here, name) in m.variants.items():
        out.rows["documents"][variant]["name"] = name
    return out
