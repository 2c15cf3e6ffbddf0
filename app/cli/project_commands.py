"""Handlers of the project sub-commands: parse names, call the core, print results."""
from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from coding.services import codebook, code_changes, codes, coders, documents, memos
from coding.analysis import retrieval
from coding.services import segments, speaker_names, text_edit, variables
from coding.base.errors import InputError
from coding.store.project import Project
from coding.base.safefile import check_target
from coding.text.textio import read_text_file
from coding.text.textnorm import MAX_CODER_NAME, clean_name

from ..progressbar import TerminalProgress
from coding.text.citations import where

from .common import code_of, dump_json, open_project



def cmd_new(args: Namespace) -> None:
    with Project.create(args.project, args.name) as proj:
        print(f"Created {proj.path}")


def cmd_info(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        docs = documents.list_documents(conn)
        tree = codes.load_tree(conn)
        all_codes = list(codes.walk(tree))
        info = {"name": proj.name, "path": str(proj.path), "documents": len(docs),
                "codes": len(all_codes), "segments": sum(n.count for n in all_codes),
                "coders": [c.name for c in coders.list_coders(conn)],
                "variables": [v.name for v in variables.list_variables(conn)],
                "duplicate_labels": documents.duplicate_labels(conn)}
        cur = coders.current_coder_id(conn)
        info["current_coder"] = next((c.name for c in coders.list_coders(conn) if c.id == cur), None)
        undo, redo = proj.undo_redo_labels()  # the current coder's
        info["undo"], info["redo"] = undo, redo
    if args.json:
        dump_json(info)
        return
    print(f"{info['name']} ({info['path']})")
    print(f"  {info['documents']} documents, {info['codes']} codes, {info['segments']} coded segments")
    print(f"  coders: {', '.join(info['coders']) or '-'}; variables: {', '.join(info['variables']) or '-'}")
    whose = f" ({info['current_coder']})" if info["current_coder"] else ""
    if undo:
        print(f"  undo{whose} would revert: {undo}")
    if redo:
        print(f"  redo{whose} would restore: {redo}")
    for label, names in info["duplicate_labels"].items():  # from before labels were unique
        print(f"  citation label {label} is shared by {', '.join(names)} (andock doc-label P --doc NAME LABEL)")


def cmd_import(args: Namespace) -> None:
    warnings: list[tuple[str, str]] = []
    with open_project(args.project) as proj:
        ids = documents.import_files(proj, args.files, encoding=args.encoding, variables=dict(args.var),
                                     rename=args.rename, progress=TerminalProgress(), warnings=warnings)
        with proj.read() as conn:
            by_id = {d.id: d for d in documents.list_documents(conn)}
    imported = [by_id[doc_id] for doc_id in ids]
    for file, message in warnings:  # what the importers noticed but did not refuse
        print(f"andock: warning: {file}: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        dump_json({"imported": [{"name": d.name, "kind": d.kind, "characters": d.length, "label": d.label}
                            for d in imported],
               "warnings": [{"file": file, "message": message} for file, message in warnings]})
        return
    for doc in imported:
        print(f"Imported {doc.name} ({doc.kind}, {doc.length} characters, label {doc.label})")


def cmd_vars(args: Namespace) -> None:
    with open_project(args.project) as proj:
        rep = variables.import_table(proj, args.table, key=args.key, encoding=args.encoding)
    print(f"{rep.values} values set on {rep.documents} documents"
          + (f"; new variables: {', '.join(rep.new_variables)}" if rep.new_variables else ""))
    if rep.unmatched_rows:
        rows = ", ".join(map(str, rep.unmatched_rows[:20]))
        print(f"{len(rep.unmatched_rows)} row(s) matched no document: {rows}", file=sys.stderr)


def cmd_codebook(args: Namespace) -> None:
    with open_project(args.project) as proj:
        if args.codebook_command == "import":
            rep = codebook.import_codebook_file(proj, args.file)
            print(f"Codebook imported: {rep.created} codes created, {rep.updated} updated")
        else:
            check_target(args.out, args.force)
            codebook.export_codebook_file(proj, args.out, lang=args.lang)
            print(f"Codebook written to {args.out}")


def _check_new_coder(proj: Project, args: Namespace) -> str | None:
    """A ``--coder`` name that is not a coder yet is created only when meant: with --new-coder, on
    a terminal when the user says so, or as the project's very first coder (its name returned, to
    say so after coding).

    Asked before the action starts, so that no write transaction waits for an answer; the
    document and code are looked up first, so that their mistakes are reported first.
    """
    if not args.coder or args.new_coder:
        return None
    name = clean_name(args.coder, "a coder name", MAX_CODER_NAME)  # a name no coder can have: say why
    with proj.read() as conn:
        documents.find_document(conn, args.doc)
        code_of(conn, args)
        if coders.find_coder(conn, name) is not None:
            return None
        if not coders.list_coders(conn):
            return name
        refusal = coders.unknown_coder(conn, name, new_option=True)
        unknown = coders.unknown_coder(conn, name)
    if sys.stdin.isatty():
        print(f"andock: {unknown}", file=sys.stderr)
        if input(f"Create coder '{name}'? [y/N] ").strip().lower() in ("y", "yes", "j", "ja"):
            return None
    raise refusal


def cmd_code(args: Namespace) -> None:
    with open_project(args.project) as proj:
        first_coder = _check_new_coder(proj, args)
        with proj.action("Code segment") as act:
            doc_id = documents.find_document(act.conn, args.doc)
            code_id = code_of(act.conn, args)
            coder_id = coders.resolve_coder(act, args.coder)
            act.coder_id = coder_id  # the coding's coder owns the action (and its undo)
            seg_id = segments.apply_code(act, doc_id, code_id, coder_id, args.start, args.end,
                                         memo=args.memo, key_quote=args.key_quote)
            seg = segments.get_segment(act.conn, seg_id)
    if first_coder:
        print(f"andock: note: created coder '{first_coder}', the project's first coder", file=sys.stderr)
    print(f"Coded {seg.start}-{seg.end} (segment {seg.guid})")


def cmd_uncode(args: Namespace) -> None:
    with open_project(args.project) as proj:
        with proj.action("Remove coding") as act:
            if args.segment:
                segments.delete_segment(act, segments.find_segment_by_guid(act.conn, args.segment).id)
                n = 1
            else:
                if not (args.doc and (args.code or args.code_id) and args.start is not None and args.end is not None):
                    raise InputError("give --segment GUID, or --doc, --code and --start/--end")
                coder_id = coders.get_coder(act.conn, args.coder) if args.coder else None
                n = segments.remove_code(act, documents.find_document(act.conn, args.doc),
                                         code_of(act.conn, args), args.start, args.end, coder_id)
    print(f"Removed {n} coding(s)")


def cmd_show(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        text = documents.get_text(conn, documents.find_document(conn, args.doc))
    sys.stdout.write(text)
    if sys.stdout.isatty() and not text.endswith("\n"):
        sys.stdout.write("\n")  # the prompt on its own line; a pipe gets the stored text exactly
    sys.stdout.flush()


def _tree_json(nodes: list[codes.CodeNode]) -> list[dict]:
    return [{"guid": n.guid, "name": n.name, "path": n.path, "colour": n.colour, "count": n.count,
             "total": n.total, "children": _tree_json(n.children)} for n in nodes]


def cmd_codes(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        coder_ids = [coders.get_coder(conn, c) for c in args.coder] if args.coder else None
        tree = codes.load_tree(conn, coder_ids)
    if args.json:
        dump_json(_tree_json(tree))
        return

    def show(nodes: list[codes.CodeNode], depth: int) -> None:
        for n in nodes:
            print(f"{'  ' * depth}{n.name}  [{n.count}" + (f", {n.total} with subcodes]" if n.children else "]"))
            show(n.children, depth + 1)

    show(tree, 0)


def cmd_code_new(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("New code") as act:
        codes.ensure_path(act, args.path, args.colour, definition=args.definition)
    print(f"Created code {args.path}")


def cmd_code_rename(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Rename code") as act:
        codes.rename_code(act, codes.find_by_path(act.conn, args.path), args.name)
    print("Renamed")


def cmd_code_move(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Move code") as act:
        target = codes.find_by_path(act.conn, args.to) if args.to else None
        codes.move_code(act, codes.find_by_path(act.conn, args.path), target)
    print("Moved")


def cmd_code_merge(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Merge codes") as act:
        n = code_changes.merge_codes(act, codes.find_by_path(act.conn, args.source),
                                     codes.find_by_path(act.conn, args.target))
    print(f"Merged; {n} segment(s) moved")


def cmd_code_delete(args: Namespace) -> None:
    with open_project(args.project) as proj:
        with proj.read() as conn:
            impact = code_changes.deletion_impact(conn, codes.find_by_path(conn, args.path))
        if not args.yes:
            raise InputError(f"this deletes {impact.codes} code(s) and {impact.segments} coded segment(s); "
                             "repeat with --yes to confirm (undo brings them back)")
        with proj.action("Delete code") as act:
            code_changes.delete_code(act, codes.find_by_path(act.conn, args.path))
    print(f"Deleted {impact.codes} code(s) and {impact.segments} segment(s)")


def segment_json(s: retrieval.RetrievedSegment) -> dict:
    """The documented JSON shape of one retrieved segment."""
    return {"guid": s.guid, "document": s.document, "label": s.label, "code": s.code_path,
            "coder": s.coder, "start": s.start, "end": s.end, "text": s.text, "key_quote": s.key_quote,
            "memo": s.memo, "speaker": s.speaker, "time_ms": s.time_ms, "paragraph": s.paragraph,
            "before": s.before, "after": s.after}


def cmd_segments(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        code_ids = [codes.find_by_path(conn, c) for c in args.code] if args.code else None
        doc_ids = [documents.find_document(conn, d) for d in args.doc] if args.doc else None
        coder_ids = [coders.get_coder(conn, c) for c in args.coder] if args.coder else None
        var_filter: dict[str, list[str]] = {}
        for k, v in args.var:
            var_filter.setdefault(k, []).append(v)
        rows = retrieval.query_segments(conn, codes=code_ids, subcodes=not args.no_subcodes,
                                        documents=doc_ids, variables=var_filter, coders=coder_ids,
                                        context=args.context)
    if args.json:
        dump_json([segment_json(s) for s in rows])
        return
    for s in rows:
        place = where(s.time_ms, s.paragraph)
        print(f"({s.label}, {place}) {s.code_path} [{s.coder}]{' ★' if s.key_quote else ''}")
        print(f"    {s.before}»{s.text}«{s.after}".replace("\n", "\n    "))
    print(f"{len(rows)} segment(s)", file=sys.stderr)


def cmd_search(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        hits = retrieval.search_text(conn, args.pattern, regex=args.regex, case_sensitive=args.case)
    if args.json:
        dump_json([{"document": h.document, "start": h.start, "end": h.end, "match": h.match,
                "before": h.before, "after": h.after} for h in hits])
        return
    for h in hits:
        print(f"{h.document} {h.start}-{h.end}: …{h.before}[{h.match}]{h.after}…".replace("\n", " "))
    print(f"{len(hits)} hit(s)", file=sys.stderr)


def cmd_memo(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.action("Edit memo") as act:
        target: int | None  # a document, code or segment id
        if args.doc:
            kind, target = "document", documents.find_document(act.conn, args.doc)
        elif args.code:
            kind, target = "code", codes.find_by_path(act.conn, args.code)
        elif args.segment:
            kind, target = "segment", segments.find_segment_by_guid(act.conn, args.segment).id
        else:
            kind, target = None, None
        memos.set_memo(act, kind, target, args.text, coders.current_coder_id(act.conn))
    print("Memo saved" if args.text.strip() else "Memo deleted")


def cmd_edit(args: Namespace) -> None:
    new_text = read_text_file(args.text_file)
    with open_project(args.project) as proj, proj.action("Edit text") as act:
        rep = text_edit.edit_text(act, documents.find_document(act.conn, args.doc), new_text)
    print("Text saved" + (f"; {rep.message()}" if rep.message() else ""))


def cmd_speakers(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        doc_id = documents.find_document(conn, args.doc) if args.doc else None
        rows = speaker_names.list_speakers(conn, doc_id)
    if args.json:
        dump_json([{"speaker": r.speaker, "turns": r.turns, "documents": r.documents} for r in rows])
        return
    for r in rows:
        print(f"{r.speaker}\t{r.turns} turn(s)" + ("" if args.doc else f" in {r.documents} document(s)"))
    if not rows:
        print("no speaker turns" + (f" in '{args.doc}'" if args.doc else ""), file=sys.stderr)


def cmd_speaker_rename(args: Namespace) -> None:
    old = speaker_names.tidy_speaker_name(args.old)
    new = speaker_names.check_speaker_name(args.new)
    with open_project(args.project) as proj, proj.action(f"Rename speaker {old} → {new}") as act:
        doc_id = documents.find_document(act.conn, args.doc) if args.doc else None
        n = speaker_names.rename_speaker(act, old, new, doc_id, merge=args.merge)
    print(f"Renamed {n} turn(s) of '{old}' to '{new}'")


def cmd_coders(args: Namespace) -> None:
    with open_project(args.project) as proj:
        if args.add is not None:  # an empty name is refused by the core, not ignored
            with proj.action("Add coder") as act:
                coders.add_coder(act, args.add)
        if args.use:
            with proj.write() as conn:
                coders.set_current_coder(conn, coders.get_coder(conn, args.use))
        with proj.read() as conn:
            cur = coders.current_coder_id(conn)
            rows = [{"name": c.name, "guid": c.guid, "colour": c.colour, "current": c.id == cur}
                    for c in coders.list_coders(conn)]
    if args.json:
        dump_json(rows)
    else:
        for r in rows:
            print(f"{'*' if r['current'] else ' '} {r['name']}")


def cmd_undo(args: Namespace) -> None:
    with open_project(args.project) as proj:
        ch = proj.undo(args.coder or None)  # by name; default: the current coder
    print(f"Undone: {ch.description}" if ch is not None else "Nothing to undo")


def cmd_redo(args: Namespace) -> None:
    with open_project(args.project) as proj:
        ch = proj.redo(args.coder or None)
    print(f"Redone: {ch.description}" if ch is not None else "Nothing to redo")


def cmd_demo(args: Namespace) -> int:
    from coding.services.demo import build_demo, summary

    path = Path(args.project)
    if path.suffix != ".andock":
        path = path.with_name(path.name + ".andock")
    if path.exists():
        proj = open_project(str(path))
        print(f"Opening the existing demo project {path}")
    else:
        proj = build_demo(path, progress=TerminalProgress())
        print(f"Created the demo project {path}")
    with proj:
        print(summary(proj))
    if not args.no_gui:
        return cmd_gui(Namespace(project=str(path), summary_shown=True))
    return 0


def cmd_gui(args: Namespace) -> int:
    """Open the desktop window (with a project); without a display say so in one line."""
    try:
        from app.gui.app import display_available, run_gui
    except ImportError as exc:  # PySide6 missing or broken Qt libraries
        print(f"andock: the desktop window cannot start ({exc}); the command line works", file=sys.stderr)
        return 1
    if not display_available():
        print("andock: no display found (DISPLAY/WAYLAND_DISPLAY unset) — the desktop window cannot open here; "
              "use the andock commands (andock --help)", file=sys.stderr)
        if args.project and not getattr(args, "summary_shown", False):
            from coding.services.demo import summary
            with open_project(args.project) as proj:
                print(summary(proj))
        return 0
    return run_gui(args.project)


# Transcription commands live in app/transcribe_cli.py; main() finds handlers here.


# the sub-commands this module handles (projects, documents, codes, codings, memos, coders, undo), registered by app.cli
COMMANDS = {
    "new": cmd_new,
    "info": cmd_info,
    "import": cmd_import,
    "vars": cmd_vars,
    "codebook": cmd_codebook,
    "code": cmd_code,
    "uncode": cmd_uncode,
    "show": cmd_show,
    "codes": cmd_codes,
    "code-new": cmd_code_new,
    "code-rename": cmd_code_rename,
    "code-move": cmd_code_move,
    "code-merge": cmd_code_merge,
    "code-delete": cmd_code_delete,
    "segments": cmd_segments,
    "search": cmd_search,
    "memo": cmd_memo,
    "edit": cmd_edit,
    "speakers": cmd_speakers,
    "speaker-rename": cmd_speaker_rename,
    "coders": cmd_coders,
    "undo": cmd_undo,
    "redo": cmd_redo,
    "demo": cmd_demo,
    "gui": cmd_gui,
}
