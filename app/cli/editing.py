"""Handlers of ``andock words`` (stored word timings) and ``andock replace`` (find & replace)."""
from __future__ import annotations

import argparse
import sys
from argparse import Namespace

from coding.services import documents, find_replace
from coding.services.word_timings import document_words
from .common import dump_json, open_project


def add_parsers(add) -> None:
    """The ``words`` and ``replace`` sub-commands (``add(name, help)`` makes a sub-parser)."""
    p: argparse.ArgumentParser = add(
        "words", "a transcript's words with their audio times (ms), probability and place in the text")
    p.add_argument("project")
    p.add_argument("--doc", required=True)
    p.add_argument("--below", type=float, metavar="P", help="only words with a probability below P (uncertain)")
    p.add_argument("--json", action="store_true")
    p = add("replace", "find & replace in one or all documents, as one undoable action; codings stay on their words")
    p.add_argument("project")
    p.add_argument("pattern")
    p.add_argument("replacement", help="the new text (with --regex, \\1 or \\g<name> insert groups)")
    p.add_argument("--doc", action="append", help="only this document (repeatable); default: all")
    p.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    p.add_argument("--case", action="store_true", help="match upper and lower case exactly")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.add_argument("--json", action="store_true")


def cmd_words(args: Namespace) -> None:
    with open_project(args.project) as proj, proj.read() as conn:
        doc_id = documents.find_document(conn, args.doc)
        text = documents.get_text(conn, doc_id)
        words = document_words(conn, doc_id)
    if args.below is not None:
        words = [w for w in words if w.probability is not None and w.probability < args.below]
    if args.json:
        dump_json([{"word": text[w.start:w.end], "start": w.start, "end": w.end, "start_ms": w.start_ms,
                    "end_ms": w.end_ms, "probability": w.probability} for w in words])
        return
    if not words:
        print(f"no word timings in '{args.doc}'" + (" below that probability" if args.below is not None else
                                                     " (only transcribed documents have them)"), file=sys.stderr)
        return
    print("start_ms\tend_ms\tprob\tstart\tend\tword")
    for w in words:
        prob = "" if w.probability is None else f"{w.probability:.2f}"
        print(f"{w.start_ms}\t{w.end_ms}\t{prob}\t{w.start}\t{w.end}\t{text[w.start:w.end]}")


def cmd_replace(args: Namespace) -> None:
    with open_project(args.project) as proj:
        with proj.read() as conn:
            doc_ids = [documents.find_document(conn, d) for d in args.doc] if args.doc else None
            found = find_replace.find_replacements(conn, args.pattern, args.replacement, regex=args.regex,
                                                   case_sensitive=args.case, documents=doc_ids)
        report = None
        if found and not args.dry_run:
            with proj.action(f"Replace \u201c{args.pattern}\u201d") as act:
                report = find_replace.replace(act, found)
    if args.json:
        dump_json({"dry_run": args.dry_run, "replacements": [
            {"document": r.document, "start": r.start, "end": r.end, "match": r.match, "replacement": r.replacement}
            for r in found],
            "removed_codings": report.removed_codings if report else 0,
            "shrunk_codings": report.shrunk_codings if report else 0})
        return
    for r in found if args.dry_run else []:
        print(f"{r.document} {r.start}: \u2026{r.before}[{r.match} \u2192 {r.replacement}]{r.after}\u2026".replace("\n", " "))
    docs = len({r.document_id for r in found})
    verb = "would replace" if args.dry_run else "replaced"
    print(f"{verb} {len(found)} match(es) in {docs} document(s)" if found else "no matches; nothing changed")
    if report and (report.removed_codings or report.shrunk_codings):
        print(f"{report.shrunk_codings} coding(s) shortened, {report.removed_codings} removed "
              "(their text was replaced); andock undo takes it all back")


COMMANDS = {"words": cmd_words, "replace": cmd_replace}
