"""Handlers of ``andock report`` and ``andock quotes`` (Word/PDF reports; re-exported by cli_commands)."""
from __future__ import annotations

import argparse
from argparse import Namespace
from pathlib import Path

from coding.reports import REPORT_KINDS, check_suffix, write_report
from coding.reports.quotes import write_quotes
from coding.base.safefile import check_target
from .common import open_project


def add_report_parsers(add) -> None:
    """The ``report`` and ``quotes`` sub-commands (``add(name, help)`` makes a sub-parser)."""
    p: argparse.ArgumentParser = add("report", "a codebook, segments or group comparison report (.docx or .pdf)")
    p.add_argument("project")
    p.add_argument("--kind", choices=REPORT_KINDS, required=True)
    p.add_argument("--by", metavar="VARIABLE",
                   help="group segments by / compare groups of this variable (required for comparison)")
    p.add_argument("--lang", choices=["de", "en"], default="de", help="language of the report texts")
    p.add_argument("--coder", action="append", help="only this coder's segments (repeatable)")
    p.add_argument("-o", "--out", required=True, help="OUT.docx or OUT.pdf")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p = add("quotes", "the quotes of a code (and its subcodes) for publications (.docx or .csv)")
    p.add_argument("project")
    p.add_argument("--code", required=True, help="code path Parent/Child")
    p.add_argument("--key-only", action="store_true", help="only segments marked as key quotes")
    p.add_argument("--lang", choices=["de", "en"], default="de",
                   help="column names and quotation marks; German CSV uses ';' for Excel")
    p.add_argument("--coder", action="append", help="only this coder's segments (repeatable)")
    p.add_argument("-o", "--out", required=True, help="OUT.docx or OUT.csv")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def cmd_report(args: Namespace) -> None:

    check_suffix(Path(args.out), (".docx", ".pdf"))  # a wrong name first, then an existing file
    check_target(args.out, args.force)
    with open_project(args.project) as proj:
        path = write_report(proj, args.out, args.kind, by=args.by, lang=args.lang, coder_names=args.coder)
    print(f"Report written to {path}")


def cmd_quotes(args: Namespace) -> None:

    check_suffix(Path(args.out), (".docx", ".csv"))
    check_target(args.out, args.force)
    with open_project(args.project) as proj:
        n = write_quotes(proj, args.out, args.code, key_only=args.key_only, lang=args.lang,
                         coder_names=args.coder)
    print(f"{n} quote(s) written to {args.out}")


# the sub-commands this module handles (reports and quotes), registered by app.cli
COMMANDS = {
    "report": cmd_report,
    "quotes": cmd_quotes,
}
