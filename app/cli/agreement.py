"""Handler of ``andock agreement``: intercoder agreement of two or more coders (issue 12)."""
from __future__ import annotations

import argparse
from argparse import Namespace
from pathlib import Path

from coding.analysis.agreement import (
    DEFAULT_OVERLAP, LEVELS, AgreementResult, Disagreement, LevelResult, SegmentInfo, Stats,
)
from coding.analysis.agreement_stats import Alpha, Kappa
from coding.base.safefile import check_target
from coding.reports.agreement_report import SUFFIXES
from coding.reports.exports import AgreementExport
from coding.reports.output import check_suffix
from .common import dump_json, open_project


def add_parsers(add) -> None:
    """The ``agreement`` sub-command (``add(name, help)`` makes a sub-parser)."""
    p: argparse.ArgumentParser = add(
        "agreement", "intercoder agreement of two or more coders: code in document, code frequency, "
                     "segment overlap, speaker turns/paragraphs")
    p.add_argument("project")
    p.add_argument("--coders", nargs="+", required=True, metavar="NAME", help="the coders to compare (two or more)")
    p.add_argument("--level", choices=LEVELS, help="one level with every code (default: all levels summarised)")
    p.add_argument("--overlap", type=float, default=DEFAULT_OVERLAP, metavar="PERCENT",
                   help="segment level: the least overlap (intersection / union) of two segments that agree "
                        "(default 90)")
    p.add_argument("--code", action="extend", nargs="+", metavar="PATH",
                   help="only these codes with their subcodes, e.g. a main category (default: all codes used)")
    p.add_argument("--doc", action="extend", nargs="+", metavar="NAME", help="only these documents")
    p.add_argument("--json", action="store_true", help="print every figure, table and disagreement as JSON")
    p.add_argument("-o", "--out", help="write the report: .xlsx, .docx or .pdf")
    p.add_argument("--lang", choices=["de", "en"], default="de", help="language of the report file")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def cmd_agreement(args: Namespace) -> None:
    out = Path(args.out) if args.out else None
    if out is not None:  # a wrong name or an existing file first, before any work
        check_suffix(out, SUFFIXES)
        check_target(out, args.force)
    export = AgreementExport(coders=tuple(args.coders), levels=(args.level,) if args.level else LEVELS,
                             overlap=args.overlap, codes=tuple(args.code or ()), documents=tuple(args.doc or ()),
                             lang=args.lang)
    with open_project(args.project) as proj:
        result, _name = data = export.read(proj)
    if out is not None:
        export.write(data, out)
    if args.json:
        dump_json(as_json(result))
    elif out is not None:
        print(f"Agreement report written to {out}")
    elif args.level:
        print_level(result, result.level(args.level))
    else:
        print_summary(result)


# --- JSON (stable: docs/cli.md) ----------------------------------------------------------------

def _kappa(k: Kappa | None) -> dict | None:
    if k is None:
        return None
    return {"kappa": k.value, "p_o": k.p_o, "p_e": k.p_e, "categories": k.categories, "reason": k.reason or None}


def _alpha(a: Alpha | None) -> dict | None:
    if a is None:
        return None
    return {"alpha": a.value, "metric": a.metric, "pairable_values": a.n, "units": a.units, "d_o": a.d_o,
            "d_e": a.d_e, "reason": a.reason or None}


def _interval(lev: LevelResult, i: int | None) -> Alpha | None:
    """Interval α of code ``i`` (None: all codes) where the level has it (frequency), else None."""
    if i is None:
        return lev.interval_alpha_overall
    return lev.interval_alpha_per_code[i] if lev.interval_alpha_per_code else None


def _stats(s: Stats) -> dict:
    return {"code": s.code.path if s.code else None, "both": s.both, "only_a": s.only_a, "only_b": s.only_b,
            "neither": s.neither, "n": s.n, "agreements": s.agreements, "percent": s.percent,
            "coded_agreement": s.coded_agreement, "k": s.categories, "table": [list(r) for r in s.table],
            "values": list(s.values), "cohen": _kappa(s.cohen), "brennan_prediger": _kappa(s.brennan_prediger)}


def _level(lev: LevelResult) -> dict:
    pairs = []
    for pair in lev.pairs:
        per_code = [dict(_stats(s), alpha=_alpha(lev.alpha_per_code[i]), alpha_interval=_alpha(_interval(lev, i)))
                    for i, s in enumerate(pair.per_code)]
        pairs.append({"coders": [pair.coder_a.name, pair.coder_b.name], "documents": pair.documents,
                      "overall": _stats(pair.overall), "codes": per_code})
    return {"units": lev.units, "alpha": _alpha(lev.alpha_overall),
            "alpha_interval": _alpha(lev.interval_alpha_overall), "pairs": pairs}


def as_json(result: AgreementResult) -> dict:
    """Everything the command computed, as plain JSON data (names and code paths, no row ids)."""
    paths = {c.id: c.path for c in result.codes}
    names = {c.id: c.name for c in result.coders}

    def seg(s: SegmentInfo) -> dict:
        return {"coder": names[s.coder_id], "code": paths[s.code_id], "start": s.start, "end": s.end,
                "text": s.text}

    def dis(d: Disagreement) -> dict:
        return {"coders": [d.coder_a.name, d.coder_b.name], "document": d.document.name, "code": d.code.path,
                "kind": d.kind, "start": d.start, "end": d.end, "overlap": d.overlap,
                "a": [seg(s) for s in d.segments_a], "b": [seg(s) for s in d.segments_b],
                "other_codes": [seg(s) for s in d.other_codes]}

    return {"coders": [c.name for c in result.coders], "overlap": result.overlap,
            "codes": [c.path for c in result.codes], "documents": [d.name for d in result.documents],
            "not_compared": [{"document": n.document.name, "coded_by": [c.name for c in n.coded_by]}
                             for n in result.not_compared],
            "unused_codes": [c.path for c in result.unused_codes],
            "levels": {lev.level: _level(lev) for lev in result.levels},
            "disagreements": [dis(d) for d in result.disagreements]}


# --- tables on the terminal --------------------------------------------------------------------

def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


RULES = {
    "documents": "code present in a document both coders coded (k = 2)",
    "frequency": "code assigned equally often in a document both coders coded (k = highest frequency + 1); "
                 "alpha_int: Krippendorff's alpha with the interval metric, delta^2(c, k) = (c - k)^2 "
                 "(a frequency is a count: 3 vs 4 disagrees less than 0 vs 9)",
    "segments": "a segment agrees when the other coder's segment of the same code overlaps it by >= {overlap:g}% "
                "of their union; counted from both sides (k = number of codes; no kappa or alpha: "
                "nothing counts text neither coded)",
    "units": "speaker turns (or paragraphs) either coder coded; coded with a code when a segment of it "
             "overlaps the unit (k = 2)",
}


def _header(result: AgreementResult) -> None:
    print(f"Intercoder agreement of {', '.join(c.name for c in result.coders)}: {len(result.codes)} codes, "
          f"{len(result.documents)} documents")
    for n in result.not_compared:
        who = ", ".join(c.name for c in n.coded_by) or "nobody"
        print(f"  not compared: {n.document.name} (coded by {who})")
    if result.unused_codes:
        print(f"  chosen codes nobody used: {', '.join(c.path for c in result.unused_codes)}")


def print_summary(result: AgreementResult) -> None:
    """All levels, the pooled figures of each pair of coders."""
    _header(result)
    print(f"\n{'level':10s}  {'coders':24s} {'n':>7s} {'agree':>7s} {'p_o':>7s} {'kappa':>7s} {'kappa_n':>7s} "
          f"{'k':>3s} {'alpha':>7s} {'alpha_int':>9s}")
    for lev in result.levels:
        for pair in lev.pairs:
            o = pair.overall
            alpha = lev.alpha_overall.value if lev.alpha_overall else None
            interval = lev.interval_alpha_overall.value if lev.interval_alpha_overall else None
            who = _fit(f"{pair.coder_a.name} x {pair.coder_b.name}", 24)
            print(f"{lev.level:10s}  {who:24s} {o.n:7d} {o.agreements:7d} {_pct(o.percent):>7s} "
                  f"{_num(o.cohen.value if o.cohen else None):>7s} "
                  f"{_num(o.brennan_prediger.value if o.brennan_prediger else None):>7s} {o.categories:3d} "
                  f"{_num(alpha):>7s} {_num(interval):>9s}")
    if any(lev.level == "segments" for lev in result.levels):
        print(f"\n{len(result.disagreements)} disagreements at the segment level (overlap >= {result.overlap:g}%); "
              "--level segments lists them, -o FILE.xlsx|docx|pdf writes the report")


def print_level(result: AgreementResult, lev: LevelResult) -> None:
    """One level: every code with its counts and coefficients, for each pair of coders."""
    _header(result)
    print(f"Level {lev.level}: {RULES[lev.level].format(overlap=result.overlap)}")
    width = min(44, max([9] + [len(c.name) + 2 * c.depth for c in result.codes]))
    interval = bool(lev.interval_alpha_per_code)  # the frequency level: alpha with the interval metric too
    for pair in lev.pairs:
        a, b = pair.coder_a.name, pair.coder_b.name
        print(f"\n{a} x {b} ({pair.documents} documents)")
        print(f"{'code':{width}s} {'both':>6s} {_fit('only ' + a, 10):>10s} {_fit('only ' + b, 10):>10s} "
              f"{'neither':>7s} {'p_o':>7s} {'kappa':>7s} {'kappa_n':>7s} {'alpha':>7s}"
              + (f" {'alpha_int':>9s}" if interval else ""))
        rows = [(s, lev.alpha_per_code[i], _interval(lev, i)) for i, s in enumerate(pair.per_code)]
        rows.append((pair.overall, lev.alpha_overall, lev.interval_alpha_overall))
        for s, alpha, alpha_int in rows:
            label = _fit("  " * s.code.depth + s.code.name if s.code else "all codes", width)
            print(f"{label:{width}s} {s.both:6d} {s.only_a:10d} {s.only_b:10d} {s.neither:7d} {_pct(s.percent):>7s} "
                  f"{_num(s.cohen.value if s.cohen else None):>7s} "
                  f"{_num(s.brennan_prediger.value if s.brennan_prediger else None):>7s} "
                  f"{_num(alpha.value if alpha else None):>7s}"
                  + (f" {_num(alpha_int.value if alpha_int else None):>9s}" if interval else ""))
    if lev.level == "segments":
        paths = {c.id: c.path for c in result.codes}
        names = {c.id: c.name for c in result.coders}
        print(f"\nDisagreements ({len(result.disagreements)}):")
        for d in result.disagreements:
            detail = f" ({d.overlap:.0%} overlap)" if d.kind == "boundaries" else ""
            print(f"  {d.document.name} {d.start}-{d.end}  {d.code.path}  {d.kind}{detail}")
            for who, segs in ((d.coder_a.name, d.segments_a), (d.coder_b.name, d.segments_b)):
                for seg in segs:
                    print(f"    {who}: {seg.start}-{seg.end} {_fit(seg.text, 100)!r}")
            for seg in d.other_codes:
                print(f"    coded there instead by {names[seg.coder_id]}: {paths[seg.code_id]} {seg.start}-{seg.end}")


# the sub-command this module handles, registered by app.cli
COMMANDS = {
    "agreement": cmd_agreement,
}
