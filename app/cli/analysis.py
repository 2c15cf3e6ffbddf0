"""Handlers of ``andock matrix`` and ``andock cooccurrence`` (re-exported by cli_commands)."""
from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from coding.analysis.cooccurrence import Cooccurrence
from coding.analysis.crosstab import Crosstab
from coding.base.safefile import check_target
from coding.reports.exports import (COOCCURRENCE_SUFFIXES, MATRIX_SUFFIXES, CooccurrenceExport, MatrixExport,
                                    Selection, check_output)
from .common import open_project


def _selection(args: Namespace) -> Selection:
    """The codings the options --coder, --code, --doc and --var choose."""
    return Selection(coders=tuple(args.coder or ()), codes=tuple(args.code or ()), documents=tuple(args.doc or ()),
                     variables=tuple(args.var))


def cmd_matrix(args: Namespace) -> None:

    out = Path(args.out) if args.out else None
    if out:
        check_output(out, MATRIX_SUFFIXES)
        check_target(out, args.force)
    export = MatrixExport(by=args.by, count=args.count, include_subcodes=not args.no_subcodes,
                          selection=_selection(args), values=args.values, german_csv=args.german_csv or None,
                          lang=args.lang)
    with open_project(args.project) as proj:
        table, _name = data = export.read(proj)
    if out is None:
        print_crosstab(table)
        return
    export.write(data, out)
    print(f"Matrix written to {out} ({len(table.rows)} codes x {len(table.columns)} columns)")


def cmd_cooccurrence(args: Namespace) -> None:

    out = Path(args.out) if args.out else None
    if out:
        check_output(out, COOCCURRENCE_SUFFIXES)
        check_target(out, args.force)
    export = CooccurrenceExport(same_turn=args.same_turn, selection=_selection(args),
                                german_csv=args.german_csv or None,
                                lang=args.lang)
    with open_project(args.project) as proj:
        co = export.read(proj)
    if out is None:
        print_cooccurrence(co)
        return
    export.write(co, out)
    print(f"Co-occurrence written to {out} ({sum(1 for _ in co.pairs())} code pairs)")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def print_crosstab(table: Crosstab) -> None:
    """A readable table: codes indented by depth, counts (and shares in documents mode)."""
    what = "documents with the code" if table.mode == "documents" else "coded segments"
    sub = "with subcodes" if table.include_subcodes else "own codings only"
    print(f"Codes x {table.by or 'documents'}: {what} ({sub})")
    name_w = min(44, max([4] + [len(r.name) + 2 * r.depth for r in table.rows]))
    docs_mode = table.mode == "documents" and table.by is not None

    def cell(n: int, share: float | None) -> str:
        return f"{n} ({share:.0%})" if docs_mode and share is not None else str(n)

    cols = [_fit(c, 24) for c in table.columns]
    widths = [max(len(c), 9 if docs_mode else 5) for c in cols]
    print(f"{'Code':{name_w}s}  " + "  ".join(f"{c:>{w}s}" for c, w in zip(cols, widths)) + "  Total")
    for r in table.rows:
        label = _fit("  " * r.depth + r.name, name_w)
        cells = [cell(n, s) for n, s in zip(r.counts, r.shares)]
        print(f"{label:{name_w}s}  " + "  ".join(f"{c:>{w}s}" for c, w in zip(cells, widths)) + f"  {r.total:5d}")
    for label, nums, total in (("Total", table.column_totals, table.grand_total),
                               ("Documents (n)", table.column_documents, sum(table.column_documents)),
                               ("Words", table.column_words, sum(table.column_words))):
        print(f"{label:{name_w}s}  " + "  ".join(f"{n:>{w}d}" for n, w in zip(nums, widths)) + f"  {total:5d}")


def print_cooccurrence(co: Cooccurrence) -> None:
    """The co-occurring pairs, most frequent first."""
    what = "segments starting in the same speaker turn" if co.same_turn else "overlapping segments"
    pairs = sorted(co.pairs(), key=lambda p: (-p.segment_pairs, -p.documents, p.path_a, p.path_b))
    print(f"Code pairs with {what} ({co.n_documents} documents)")
    print(f"{'pairs':>6s} {'docs':>5s} {'both':>5s}  codes")
    for p in pairs:
        print(f"{p.segment_pairs:6d} {p.documents:5d} {p.documents_with_both:5d}  {p.path_a}  ×  {p.path_b}")
    if not pairs:
        print("(no co-occurring codes)")


# the sub-commands this module handles (matrices), registered by app.cli
COMMANDS = {
    "matrix": cmd_matrix,
    "cooccurrence": cmd_cooccurrence,
}
