"""Handlers of the document sub-commands: list, rename, label, delete, order, link a recording.

Each change is one undoable action (``andock undo``). Recordings are checked and checksummed
with ``transcription.audio`` (the core does not import it) and handed to the core as
:class:`~coding.services.document_media.MediaFiles`.
"""
from __future__ import annotations

import argparse
import sys
from argparse import Namespace
from typing import Callable

from coding.base.errors import InputError, NotFoundError
from coding.services import document_media, documents

from ..progressbar import TerminalProgress
from ..media import media_files
from .common import dump_json, open_project


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Register the ``docs`` and ``doc-…`` sub-commands on the ``andock`` parser."""
    p = add("docs", "list the documents in their order: label, kind, length, linked recording")
    p.add_argument("project"); p.add_argument("--json", action="store_true")
    p = add("doc-rename", "rename a document (its citation label stays)")
    p.add_argument("project"); p.add_argument("--doc", required=True); p.add_argument("name")
    p = add("doc-label", "change a document's citation label (unique in the project)")
    p.add_argument("project"); p.add_argument("--doc", required=True); p.add_argument("label")
    p = add("doc-delete", "delete a document with its codings, memos and summaries (asks first)")
    p.add_argument("project"); p.add_argument("--doc", required=True)
    p.add_argument("--yes", action="store_true", help="delete without asking")
    p = add("doc-order", "move a document to another place in the list")
    p.add_argument("project"); p.add_argument("--doc", required=True)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--to", type=int, metavar="N", help="to position N (1 = first)")
    g.add_argument("--before", metavar="NAME", help="just before this document")
    g.add_argument("--after", metavar="NAME", help="just after this document")
    p = add("doc-link-audio", "link a document to its recording (path relative to the project, checksum)")
    p.add_argument("project"); p.add_argument("--doc", required=True); p.add_argument("file")
    # a command of its own, not `doc-link-audio --find`: argparse cannot leave out a positional
    # FILE that follows options (`P --doc NAME FILE` would stop parsing)
    p = add("doc-find-audio", "find a document's moved recording in the project folder by its checksum "
            "and link it there")
    p.add_argument("project"); p.add_argument("--doc", required=True)


def cmd_docs(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        docs = documents.list_documents(conn)
    if args.json:
        dump_json([{"position": i, "guid": d.guid, "name": d.name, "label": d.label, "kind": d.kind,
                    "characters": d.length, "media": d.media_path} for i, d in enumerate(docs, 1)])
        return
    for i, d in enumerate(docs, 1):
        media = f"  [{d.media_path}]" if d.media_path else ""
        print(f"{i:>3}  {d.label:<14} {d.name}  ({d.kind}, {d.length} characters){media}")


def cmd_doc_rename(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Rename document") as act:
        documents.rename_document(act, documents.find_document(act.conn, args.doc), args.name)
    print(f"Renamed {args.doc} to {args.name}")


def cmd_doc_label(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Change citation label") as act:
        documents.set_label(act, documents.find_document(act.conn, args.doc), args.label)
    print(f"Citation label of {args.doc} is now {args.label.strip()}")


def _impact_text(impact: documents.DeleteImpact) -> str:
    """``3 codings, 1 memo and 0 summaries``."""
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    return (f"{n(impact.codings, 'coding', 'codings')}, {n(impact.memos, 'memo', 'memos')} and "
            f"{n(impact.summaries, 'summary', 'summaries')}")


def cmd_doc_delete(args: Namespace) -> int:
    with open_project(args.project) as proj:
        with proj.read() as conn:
            doc_id = documents.find_document(conn, args.doc)
            impact = documents.deletion_impact(conn, doc_id)
        if not args.yes:
            question = f"Delete {args.doc} with {_impact_text(impact)}?"
            if not sys.stdin.isatty():
                raise InputError(f"{question} Repeat with --yes to confirm (undo brings it back)")
            answer = input(f"{question} (undo brings it back) [y/N] ").strip().lower()
            if answer not in ("y", "yes", "j", "ja"):
                print("Nothing deleted")
                return 1
        with proj.action("Delete document") as act:
            documents.delete_document(act, documents.find_document(act.conn, args.doc))
    print(f"Deleted {args.doc} with {_impact_text(impact)}")
    return 0


def cmd_doc_order(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Move document") as act:
        doc_id = documents.find_document(act.conn, args.doc)
        position = args.to
        if position is None:
            other = documents.find_document(act.conn, args.before or args.after)
            if other == doc_id:
                raise InputError("a document cannot be moved next to itself")
            position = documents.position_of(act.conn, other)
            mine = documents.position_of(act.conn, doc_id)
            # positions count without the moved document: one place less behind it
            position += (1 if args.after else 0) - (1 if mine < position else 0)
        documents.move_document(act, doc_id, position)
        position = documents.position_of(act.conn, doc_id)
    print(f"Moved {args.doc} to position {position}")


def cmd_doc_link_audio(args: Namespace) -> None:
    with open_project(args.project) as proj:
        with proj.read() as conn:
            doc_id = documents.find_document(conn, args.doc)
        link = document_media.link_recording(proj, doc_id, args.file, media_files())
    print(f"Linked {args.doc} to {link.path} ({(link.checksum or '')[:19]}…)")


def cmd_doc_find_audio(args: Namespace) -> None:
    with open_project(args.project) as proj:
        with proj.read() as conn:
            doc_id = documents.find_document(conn, args.doc)
        search = document_media.relink_moved_media(proj, doc_id, media_files(), progress=TerminalProgress())
        with proj.read() as conn:
            link = document_media.media_link(conn, doc_id)
    if search.in_place:
        print(f"The recording of {args.doc} is where its link says: {link.path}")
    elif search.found is not None:
        print(f"Found the recording of {args.doc} at {link.path} and linked it there")
    else:
        limit = "" if search.complete else "; the search stopped at its limit, move the file nearer and try again"
        raise NotFoundError(f"no file with the checksum of {args.doc}'s recording in {proj.base_dir} "
                            f"({search.entries_seen} entries looked at, {search.checksummed} checksummed{limit})")


# the sub-commands this module handles, registered by app.cli
COMMANDS = {
    "docs": cmd_docs,
    "doc-rename": cmd_doc_rename,
    "doc-label": cmd_doc_label,
    "doc-delete": cmd_doc_delete,
    "doc-order": cmd_doc_order,
    "doc-link-audio": cmd_doc_link_audio,
    "doc-find-audio": cmd_doc_find_audio,
}
