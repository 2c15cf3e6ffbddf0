"""Handler of ``andock merge``: coders' copies of a project merged into it as one undoable action."""
from __future__ import annotations

import argparse
import sys
from argparse import Namespace

from coding.services.merge import merge_copies
from .common import dump_json, open_project


def _mapping(text: str) -> tuple[str, str]:
    """``FROM=TO``: a copy's coder (name or GUID) and the coder here it is."""
    source, sep, target = text.partition("=")
    if not sep or not source.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"expected FROM=TO (a copy's coder = a coder here), got '{text}'")
    return source.strip(), target.strip()


def add_parsers(add) -> None:
    """The ``merge`` sub-command (``add(name, help)`` makes a sub-parser)."""
    p: argparse.ArgumentParser = add(
        "merge", "merge coders' copies (.andock files) into the project, as one undoable action")
    p.add_argument("project")
    p.add_argument("copies", nargs="+", metavar="COPY", help="a coder's copy of the project")
    p.add_argument("--dry-run", action="store_true", help="show what the merge would do, change nothing")
    p.add_argument("--map-coder", action="append", type=_mapping, default=[], metavar="FROM=TO",
                   help="a copy's coder (name or GUID there) is this coder here (repeatable)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def cmd_merge(args: Namespace) -> None:
    with open_project(args.project) as proj:
        report = merge_copies(proj, args.copies, coder_map=dict(args.map_coder), dry_run=args.dry_run,
                              progress=_progress if sys.stderr.isatty() and not args.json else None)
    if args.json:
        dump_json(report.to_json())
        return
    names = ", ".join(r.copy for r in report.copies)
    if not report.changed():
        print(f"nothing to merge from {names}: the project has everything they hold")
    elif args.dry_run:
        print(f"dry run: merging {names} would change the following (nothing was changed)")
    else:
        print(f"merged {names} (andock undo takes the whole merge back)")
    for line in report.lines():
        print(f"  {line}")


def _progress(done: float, total: float, message: str = "") -> None:
    if message:
        print(message, file=sys.stderr)


COMMANDS = {"merge": cmd_merge}
