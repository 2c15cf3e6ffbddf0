"""The ``andock`` command: the core's operations for terminals, scripts and tests (no Qt).

Errors print one clear line to stderr and exit 1 (2 for wrong usage); ``--json`` output is
stable and documented in docs/cli.md.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import select
import sys

from coding.base import messages
from coding.base.errors import AndockError

from . import agreement, analysis, backups, documents, editing, merge, project_commands, reports, selftest, server, transcribe, worker
from .backups import add_backup_parsers
from ..logsetup import log_dir, setup_logging
from .common import dump_json, version  # noqa: F401 - dump_json: part of this API
from .reports import add_report_parsers


def _kv(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got '{text}'")
    key, value = text.split("=", 1)
    if not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got '{text}'")
    return key.strip(), value.strip()


def _code_args(p: argparse.ArgumentParser, required: bool = True) -> None:
    g = p.add_mutually_exclusive_group(required=required)
    g.add_argument("--code", help="code path Parent/Child (a '/' inside a name is written '\\/')")
    g.add_argument("--code-id", help="the code's GUID")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--coder", action="append", help="only this coder's codings (repeatable)")
    p.add_argument("--code", action="append", help="only this code's subtree (repeatable)")
    p.add_argument("--doc", action="append", help="only this document (repeatable)")
    p.add_argument("--var", action="append", type=_kv, default=[], metavar="KEY=VALUE",
                   help="only documents with this variable value (repeatable)")


def _output_args(p: argparse.ArgumentParser, kinds: str) -> None:
    p.add_argument("-o", "--out", help=f"write to this file ({kinds}); without it, print a table")
    p.add_argument("--german-csv", action="store_true", help="CSV for German Excel (';', decimal comma, BOM)")
    p.add_argument("--lang", choices=["de", "en"], help="labels in files (default: from the locale)")
    force_arg(p)


def force_arg(p: argparse.ArgumentParser) -> None:
    """``--force``: allow replacing an existing output file (never done unasked)."""
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


# Every sub-command and the function that handles it, registered explicitly by each module
log = logging.getLogger("andock.cli")
HANDLERS = {**project_commands.COMMANDS, **analysis.COMMANDS, **reports.COMMANDS,
            **backups.COMMANDS, **transcribe.COMMANDS, **editing.COMMANDS,
            **documents.COMMANDS, **server.COMMANDS, **worker.COMMANDS, **agreement.COMMANDS, **merge.COMMANDS, **selftest.COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all sub-commands."""
    ap = argparse.ArgumentParser(prog="andock", description="Andock: qualitative interview research")
    ap.add_argument("--version", action="version", version=f"andock {version()}")
    ap.add_argument("--verbose", action="store_true", help="debug messages on the terminal and in the log")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_, description=help_)

    p = add("new", "create a new project file")
    p.add_argument("project"); p.add_argument("--name")
    p = add("info", "summary of a project")
    p.add_argument("project"); p.add_argument("--json", action="store_true")
    p = add("import", "import TXT, DOCX, SRT, VTT or f4 transcripts as documents")
    p.add_argument("project"); p.add_argument("files", nargs="+")
    p.add_argument("--var", action="append", type=_kv, default=[], metavar="KEY=VALUE")
    p.add_argument("--encoding", help="text encoding of the files, e.g. cp1252")
    p.add_argument("--rename", action="store_true", help="import a name clash as a renamed copy")
    p.add_argument("--json", action="store_true", help="print what was imported and the warnings as JSON")
    p = add("vars", "attach document variables from a CSV or XLSX table")
    p.add_argument("project"); p.add_argument("table")
    p.add_argument("--key", help="join on this variable instead of the document name")
    p.add_argument("--encoding")
    p = add("codebook", "import or export the codebook")
    csub = p.add_subparsers(dest="codebook_command", metavar="import|export", required=True)
    q = csub.add_parser("import", help="from an interview guide (DOCX/Markdown) or a codebook (JSON/Markdown)")
    q.add_argument("project"); q.add_argument("file")
    q = csub.add_parser("export", help="to Markdown (.md) or JSON (.json)")
    q.add_argument("project"); q.add_argument("out"); q.add_argument("--lang", choices=["de", "en"], default="de")
    force_arg(q)
    p = add("code", "code a text range of a document")
    p.add_argument("project"); p.add_argument("--doc", required=True); _code_args(p)
    p.add_argument("--start", type=int, required=True); p.add_argument("--end", type=int, required=True)
    p.add_argument("--coder"); p.add_argument("--memo"); p.add_argument("--key-quote", action="store_true")
    p.add_argument("--new-coder", action="store_true", help="--coder names a new coder: create it")
    p = add("uncode", "remove codings of a code overlapping a range (or one segment by id)")
    p.add_argument("project"); p.add_argument("--doc"); _code_args(p, required=False)
    p.add_argument("--start", type=int); p.add_argument("--end", type=int)
    p.add_argument("--coder"); p.add_argument("--segment", help="a segment's GUID")
    p = add("show", "print a document's stored text exactly (positions refer to it)")
    p.add_argument("project"); p.add_argument("--doc", required=True)
    p = add("codes", "the code tree with segment counts")
    p.add_argument("project"); p.add_argument("--json", action="store_true")
    p.add_argument("--coder", action="append", help="count only this coder's segments")
    p = add("code-new", "create a code")
    p.add_argument("project"); p.add_argument("path"); p.add_argument("--colour")
    p.add_argument("--definition", default="")
    p = add("code-rename", "rename a code"); p.add_argument("project"); p.add_argument("path"); p.add_argument("name")
    p = add("code-move", "move a code below another (or to the top with --to '')")
    p.add_argument("project"); p.add_argument("path"); p.add_argument("--to", required=True)
    p = add("code-merge", "merge a code into another"); p.add_argument("project"); p.add_argument("source"); p.add_argument("target")
    p = add("code-delete", "delete a code with its subcodes and their codings")
    p.add_argument("project"); p.add_argument("path"); p.add_argument("--yes", action="store_true")
    p = add("segments", "retrieve coded segments")
    p.add_argument("project"); p.add_argument("--code", action="append")
    p.add_argument("--no-subcodes", action="store_true"); p.add_argument("--doc", action="append")
    p.add_argument("--var", action="append", type=_kv, default=[], metavar="KEY=VALUE")
    p.add_argument("--coder", action="append"); p.add_argument("--context", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p = add("search", "search the documents' text")
    p.add_argument("project"); p.add_argument("pattern"); p.add_argument("--regex", action="store_true")
    p.add_argument("--case", action="store_true"); p.add_argument("--json", action="store_true")
    p = add("memo", "write a memo (empty text deletes it)")
    p.add_argument("project"); p.add_argument("text")
    g = p.add_mutually_exclusive_group(); g.add_argument("--doc"); g.add_argument("--code"); g.add_argument("--segment")
    p = add("edit", "replace a document's text from a file; codings stay on their words")
    p.add_argument("project"); p.add_argument("--doc", required=True); p.add_argument("--text-file", required=True)
    p = add("speakers", "the speakers of the transcripts (or of one), in order of first appearance")
    p.add_argument("project"); p.add_argument("--doc", help="only this document")
    p.add_argument("--json", action="store_true")
    p = add("speaker-rename", "rename a speaker: the turns and their visible labels; codings stay on their words")
    p.add_argument("project"); p.add_argument("old"); p.add_argument("new")
    p.add_argument("--doc", help="only in this document (default: every document)")
    p.add_argument("--merge", action="store_true",
                   help="allow renaming to a speaker who already speaks there (merges the two)")
    p = add("coders", "list coders, add one or choose the current one")
    p.add_argument("project"); p.add_argument("--add"); p.add_argument("--use"); p.add_argument("--json", action="store_true")
    p = add("undo", "undo your last action (another coder's actions stay)"); p.add_argument("project")
    p.add_argument("--coder", help="whose last action (default: the current coder, see `andock coders`)")
    p = add("redo", "redo the action you undid last"); p.add_argument("project")
    p.add_argument("--coder", help="whose undone action (default: the current coder)")
    p = add("matrix", "codes x groups (a variable's values) or codes x documents, as a table or file")
    p.add_argument("project")
    p.add_argument("--by", required=True, metavar="VARIABLE|document",
                   help="a text, category or boolean variable, or 'document' for one column per document")
    p.add_argument("--count", choices=["documents", "segments"], default="documents")
    _filter_args(p)
    p.add_argument("--no-subcodes", action="store_true", help="parent rows count only their own codings")
    p.add_argument("--values", choices=["counts", "shares", "per1000"], default="counts",
                   help="which numbers a CSV file holds (XLSX holds all three)")
    _output_args(p, ".xlsx, .csv, .docx or .pdf")
    p = add("cooccurrence", "pairs of codes coded on overlapping text (or in the same speaker turn)")
    p.add_argument("project"); p.add_argument("--same-turn", action="store_true")
    _filter_args(p)
    _output_args(p, ".xlsx or .csv")
    add_report_parsers(add)  # report, quotes (app/cli_reports.py)
    add_backup_parsers(add)  # backups, backup, restore (app/cli/backups.py)
    editing.add_parsers(add)  # words, replace (app/cli/editing.py)
    documents.add_parsers(add)  # docs, doc-rename/-label/-delete/-order/-link-audio/-find-audio
    server.add_parsers(add)  # server init/status: a team database (app/cli/server.py)
    worker.add_parsers(add)  # worker, queue-add: team transcription (app/cli/worker.py)
    agreement.add_parsers(add)  # agreement: intercoder agreement (app/cli/agreement.py)
    merge.add_parsers(add)  # merge: coders' copies into the project (app/cli/merge.py)
    selftest.add_parsers(add)  # selftest, startup-probe: checks of an installation (app/cli/selftest.py)
    p = add("gui", "open the desktop window (optionally with a project)")
    p.add_argument("project", nargs="?")
    p = add("demo", "create the demo project (fictional interviews) and open it")
    p.add_argument("project", nargs="?", default="andock-demo.andock")
    p.add_argument("--no-gui", action="store_true")
    # Transcription commands (transcribe, transcribe-file) are defined in app/transcribe_cli.py.
    from .transcribe import add_parsers as add_transcribe_parsers
    add_transcribe_parsers(add, _kv)
    return ap


def _stdout_closed() -> bool:
    """Whether the reader of our output has gone (``andock segments P | head``), rather than some
    other pipe breaking: the write end of a pipe without a reader polls as an error."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _fd, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll() (Windows) or no real stdout: assume so
        return True


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``andock`` console script."""
    for stream in (sys.stdout, sys.stderr):  # umlauts on Windows consoles and pipes
        reconfigure = getattr(stream, "reconfigure", None)  # absent on some replaced streams
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    multiprocessing.freeze_support()  # transcription runs in a spawned child (frozen builds need this)
    # core messages stay English (scripts and docs rely on them) unless asked, e.g. ANDOCK_LANG=de
    messages.set_language(os.environ.get("ANDOCK_LANG"))
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    argv[:1] = ["selftest" if a == "--selftest" else a for a in argv[:1]]  # the installer's documented spelling
    verbose = "--verbose" in argv  # accepted before or after the sub-command
    args = parser.parse_args([a for a in argv if a != "--verbose"])
    args.verbose = verbose
    if args.command is None:
        args = parser.parse_args(["gui"])  # plain `andock` opens the window
    # the core logs what it cannot raise (a checkpoint skipped on a full disk): one line each on
    # the terminal; everything into the log file (app/logsetup.py)
    setup_logging(verbose=args.verbose, console=args.command != "gui")
    log.info("andock %s", args.command)  # the command only: its arguments may hold personal text
    try:
        return HANDLERS[args.command](args) or 0
    except AndockError as exc:
        print(f"andock: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("andock: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for users; the traceback goes to the log
        if isinstance(exc, BrokenPipeError) and _stdout_closed():  # not another pipe (a child's)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's last flush would fail again
            return 141  # as a shell reports a tool stopped by SIGPIPE
        log.exception("internal error in andock %s", args.command)
        if os.environ.get("ANDOCK_DEBUG"):
            raise
        print(f"andock: internal error: {type(exc).__name__}: {exc} (details in {log_dir()})",
              file=sys.stderr)
        return 3
