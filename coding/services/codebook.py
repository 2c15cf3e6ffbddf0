"""Bringing a codebook (from a guide, Markdown or JSON) into a project, and taking it out again."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base import labels
from coding.base.ids import CodeId
from coding.services import memos
from coding.services.code_changes import add_anchor, list_anchors
from coding.exchange.codebook_format import AnchorExample, Codebook, CodeEntry, validate
from coding.services.codes import DETAIL_FIELDS, create_code, update_details
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.text.textnorm import export_name, export_text, lookup_name

codes_t = TABLES["codes"]
anchors_t = TABLES["anchor_examples"]


@dataclass
class CodebookImportReport:
    created: int = 0
    updated: int = 0


def _match(conn: Connection, entry: CodeEntry, parent_id: CodeId | None) -> CodeId | None:
    """An existing code for ``entry``: same GUID, else same name under the same parent."""
    if entry.guid:
        found = conn.execute(select(codes_t.c.id).where(func.lower(codes_t.c.guid) == entry.guid.lower())).scalar()
        if found is not None:
            return found
    q = select(codes_t.c.id).where(codes_t.c.name == lookup_name(entry.name))
    q = q.where(codes_t.c.parent_id.is_(None) if parent_id is None else codes_t.c.parent_id == parent_id)
    return conn.execute(q).scalar()


def import_codebook(rec: Recorder, cb: Codebook) -> CodebookImportReport:
    """Merge a codebook into the project: matching codes are updated, new ones created.

    Nothing is deleted, so importing a revised codebook never loses codings. Empty fields in the
    imported codebook do not overwrite text already written in the project.
    """
    validate(cb)
    rep = CodebookImportReport()

    def visit(entries: list[CodeEntry], parent_id: CodeId | None) -> None:
        for e in entries:
            cid = _match(rec.conn, e, parent_id)
            details = {f: getattr(e, f) for f in DETAIL_FIELDS if getattr(e, f)}
            if cid is None:
                cid = create_code(rec, e.name, parent_id, e.colour, guid=e.guid, **details)
                rep.created += 1
            else:
                if details:
                    update_details(rec, cid, **details)
                if e.colour:
                    rec.update("codes", cid, {"colour": e.colour.lower()})
                rep.updated += 1
            if e.memo:
                memos.set_memo(rec, "code", cid, e.memo)
            known = {(q, s) for _i, q, s in list_anchors(rec.conn, cid)}
            for a in e.anchors:
                if (a.quote.strip(), a.source) not in known:
                    add_anchor(rec, cid, a.quote, a.source)
            visit(e.children, cid)

    visit(cb.codes, None)
    return rep


def export_codebook(conn: Connection, title: str = "") -> Codebook:
    """The project's codebook as a :class:`Codebook` (for Markdown/JSON export)."""
    rows = conn.execute(select(codes_t).order_by(codes_t.c.sort_order, codes_t.c.name)).mappings().all()
    code_memos = memos.memos_for(conn, "code", [r["id"] for r in rows])
    anchors: dict[int, list[AnchorExample]] = {}
    for code_id, quote, source in conn.execute(select(anchors_t.c.code_id, anchors_t.c.quote, anchors_t.c.source)
                                               .order_by(anchors_t.c.sort_order, anchors_t.c.id)):
        anchors.setdefault(code_id, []).append(AnchorExample(export_text(quote), export_name(source)))
    # cleaned, as an older version may have stored anything (textnorm); the file must stay valid
    entries = {r["id"]: CodeEntry(name=export_name(r["name"]) or "?", guid=r["guid"], colour=r["colour"],
                                  memo=export_text(code_memos.get(r["id"], "")), anchors=anchors.get(r["id"], []),
                                  **_details(r))
               for r in rows}
    roots: list[CodeEntry] = []
    for r in rows:
        siblings = entries[r["parent_id"]].children if r["parent_id"] else roots
        entry = entries[r["id"]]
        entry.name = _distinct(entry.name, {e.name for e in siblings})
        siblings.append(entry)
    return Codebook(codes=roots, title=export_name(title))


def _details(row: Any) -> dict[str, Any]:
    """The code row's detail fields (definition, rules), cleaned for the file."""
    return {f: export_text(row[f]) for f in DETAIL_FIELDS}


def _distinct(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)`` … where cleaning made two siblings' names equal (NFC and NFD)."""
    n = 2
    unique = name
    while unique in taken:
        unique, n = f"{name} ({n})", n + 1
    return unique


def import_codebook_file(project, path: str | Path) -> CodebookImportReport:
    """Read a guide (DOCX/Markdown) or codebook (JSON/Markdown) and merge it as one action."""
    from coding.exchange.codebook_files import read_codebook_file

    cb = read_codebook_file(path)
    with project.action(labels.stored(labels.IMPORT_CODEBOOK, name=Path(path).name)) as act:
        return import_codebook(act, cb)


def export_codebook_file(project, path: str | Path, lang: str = "de") -> None:
    """Write the project's codebook as Markdown or JSON."""
    from coding.exchange.codebook_files import write_codebook_file

    with project.read() as conn:
        cb = export_codebook(conn, title=project.name)
    write_codebook_file(cb, path, lang=lang)
