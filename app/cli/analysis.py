"""Handlers of ``andock matrix`` and ``andock cooccurrence`` (re-exported by cli_commands)."""
from __future__ import annotations

import importlib.util
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

from coding.services import codes, coders, documents
from coding.analysis.cooccurrence import Cooccurrence, cooccurrence
from coding.analysis.crosstab import Crosstab, crosstab
from coding.base.errors import InputError
from coding.analysis.matrix_export import (german_locale, write_cooccurrence_csv, write_cooccurrence_xlsx, write_crosstab_csv,
                                           write_crosstab_xlsx)
from coding.base.safefile import check_target
from .common import open_project

_VALUES = {"counts": "counts", "shares": "shares", "per1000": "per_1000_words"}


def _filters(conn, args: Namespace) -> dict:
    var_filter: dict[str, list[str]] = {}
    for k, v in args.var:
        var_filter.setdefault(k, []).append(v)
    return {
        "coder_ids": [coders.get_coder(conn, c) for c in args.coder] if args.coder else None,
        "code_ids": [codes.find_by_path(conn, c) for c in args.code] if args.code else None,
        "document_ids": [documents.find_document(conn, d) for d in args.doc] if args.doc else None,
        "variables": var_filter or None,
    }


def _lang(args: Namespace) -> str:
    return args.lang or ("de" if german_locale() else "en")


def _matrix_report_writer():
    """The DOCX/PDF writer of the reports package, if this Andock has it."""
    if importlib.util.find_spec("coding.reports") is None or \
            importlib.util.find_spec("coding.reports.matrix_report") is None:
        return None
    from coding.reports import matrix_report
    return getattr(matrix_report, "write_matrix_report", None)


def cmd_matrix(args: Namespace) -> None:

    out = Path(args.out) if args.out else None
    suffix = out.suffix.lower() if out else ""
    writer: Callable[..., None] | None = None
    if out and suffix not in (".xlsx", ".csv"):
        writer = _matrix_report_writer() if suffix in (".docx", ".pdf") else None
        if writer is None:
            raise InputError(f"{out.name}: unsupported output (use .xlsx or .csv)")
    if out:
        check_target(out, args.force)
    with open_project(args.project) as proj, proj.read() as conn:
        by = None if args.by.strip().casefold() in ("document", "documents") else args.by
        table = crosstab(conn, by, mode=args.count, include_subcodes=not args.no_subcodes,
                         **_filters(conn, args))
        name = proj.name
    if out is None:
        print_crosstab(table)
    elif suffix == ".xlsx":
        write_crosstab_xlsx(table, out, lang=_lang(args))
    elif suffix == ".csv":
        write_crosstab_csv(table, out, values=_VALUES[args.values], german=args.german_csv or None,
                           lang=args.lang)
    elif writer is not None:  # always set here: other suffixes were refused above
        writer(out, table, lang=_lang(args), project_name=name)
    if out is not None:
        print(f"Matrix written to {out} ({len(table.rows)} codes x {len(table.columns)} columns)")


def cmd_cooccurrence(args: Namespace) -> None:

    out = Path(args.out) if args.out else None
    if out and out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(f"{out.name}: unsupported output (use .xlsx or .csv)")
    if out:
        check_target(out, args.force)
    with open_project(args.project) as proj, proj.read() as conn:
        co = cooccurrence(conn, same_turn=args.same_turn, **_filters(conn, args))
    if out is None:
        print_cooccurrence(co)
        return
    if out.suffix.lower() == ".xlsx":
        write_cooccurrence_xlsx(co, out, lang=_lang(args))
    else:
        write_cooccurrence_csv(co, out, german=args.german_csv or None, lang=args.lang)
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
