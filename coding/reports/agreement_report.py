"""The intercoder agreement report (issue 12): XLSX with a sheet per level, the disagreements and
the method; DOCX/PDF through the neutral report model, in German or English.

Every figure is printed with the counts it comes from (the 2×2 table of each code), and the
method section states the formulas and the rules that produced them, so a methodologist can
check each number by hand.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from coding import __version__
from coding.analysis.agreement import AgreementResult, Disagreement, LevelResult, PairResult, Stats
from coding.analysis.agreement_stats import Alpha, Kappa
from coding.base.safefile import atomic_path
from coding.exchange.sheetcells import append_row
from coding.reports.i18n import Texts, texts
from coding.reports.model import Cell, Heading, Paragraph, Report, Run, Table
from coding.reports.output import check_suffix, render

SUFFIXES = (".xlsx", ".docx", ".pdf")
_BOLD = Font(bold=True)
TOTAL_FILL = "#f1f3f6"


def write_agreement_report(result: AgreementResult, path: str | Path, *, lang: str = "de",
                           project_name: str = "") -> Path:
    """Write the report as XLSX, DOCX or PDF, chosen by the file's suffix; returns the path."""
    path = Path(path)
    if check_suffix(path, SUFFIXES) == ".xlsx":
        return write_agreement_xlsx(result, path, lang=lang, project_name=project_name)
    render(agreement_report(result, lang=lang, project_name=project_name), path)
    return path


# --- texts shared by both forms ----------------------------------------------------------------

def level_title(t: Texts, level: str) -> str:
    """The name of a level as headings and sheet names show it."""
    if level == "documents":
        return t("Code in document")
    if level == "frequency":
        return t("Code frequency")
    if level == "segments":
        return t("Segments")
    return t("Turns and paragraphs")


def level_rule(t: Texts, level: str, overlap: float) -> str:
    """How a level decides agreement and what k is there, in one paragraph."""
    if level == "documents":
        return t("Unit: a document both coders coded, for each code. Each coder either used the code in the "
                 "document or not; agreement when both did or both did not. k = 2.")
    if level == "frequency":
        return t("Unit: a document both coders coded, for each code. Agreement when both coders assigned the "
                 "code equally often (MAXQDA's rule; 0 = 0 counts). The frequencies are the categories of "
                 "Cohen's kappa and alpha; k = the highest frequency + 1 (the categories 0 to the maximum). "
                 "Interval alpha takes the frequencies as the counts they are: a difference weighs its square, "
                 "so 3 against 4 disagrees less than 0 against 9.")
    if level == "segments":
        return t("Unit: a coded segment. A segment of one coder agrees when the other coder coded the same code "
                 "on a segment that overlaps it by at least {overlap} % of the two segments' union "
                 "(intersection / union of their characters). Counted from both coders' sides, as MAXQDA does. "
                 "There is no cell for text neither coder coded, so Cohen's kappa and alpha are not computed "
                 "here; k = the number of compared codes (chance agreement 1/k, as in MAXQDA).",
                 overlap=t.dec(overlap, 0 if overlap == int(overlap) else 1))
    return t("Unit: a speaker turn (documents without turns: a paragraph, i.e. a non-empty line). A coder coded "
             "the unit with a code when any of their segments of that code overlaps it. Units nobody coded with "
             "one of the compared codes are not counted. k = 2.")


def cell_labels(t: Texts, level: str, a: str, b: str) -> tuple[str, str, str, str]:
    """Column names of the four counts of a level (they mean different things per level)."""
    if level == "frequency":
        return (t("same frequency"), t("{coder} more often", coder=a), t("{coder} more often", coder=b),
                t("neither"))
    if level == "segments":
        return (t("agreeing segments"), t("{coder} only", coder=a), t("{coder} only", coder=b), t("neither"))
    return t("both"), t("{coder} only", coder=a), t("{coder} only", coder=b), t("neither")


def kind_text(t: Texts, d: Disagreement) -> str:
    if d.kind == "only_a":
        return t("only {coder} coded it", coder=d.coder_a.name)
    if d.kind == "only_b":
        return t("only {coder} coded it", coder=d.coder_b.name)
    return t("boundaries differ (best overlap {share})", share=_pct(t, d.overlap))


def method_lines(t: Texts, result: AgreementResult) -> list[tuple[str, str]]:
    """(label, text) lines: the formulas and the rules, for the Method sheet and section."""
    lines = [
        (t("Percent agreement"), t("p_o = agreements / decisions")),
        (t("Cohen's kappa"), t("kappa = (p_o − p_e) / (1 − p_e); p_e = Σ (row total × column total) / n², "
                               "from the two coders' own distributions (Cohen 1960)")),
        (t("Brennan & Prediger's kappa"), t("kappa_n = (p_o − 1/k) / (1 − 1/k), k = number of categories "
                                            "(free marginals; Brennan & Prediger 1981)")),
        (t("Krippendorff's alpha"), t("alpha = 1 − D_o / D_e from the coincidence matrix, nominal, over all "
                                      "coders at once; a coder who did not code a document is missing data "
                                      "there (Krippendorff 2011)")),
        (t("Krippendorff's alpha, interval"), t(
            "At the code frequency level also with the interval metric: alpha = 1 − (n − 1) · Σ o_ck (c − k)² / "
            "Σ n_c n_k (c − k)², c and k the frequencies (how often a coder assigned the code in a document), "
            "o_ck the coincidence matrix, n_c its marginals, n the pairable values (Krippendorff 2011); per code "
            "and on all decisions of all codes")),
        (t("Agreement where coded"), t("both / (both + only A + only B): agreement among the decisions where at "
                                       "least one coder coded")),
        (t("Uncoded text"), t("Never counted: no level has a unit that no compared coder coded (unlike NVivo, "
                              "which counts uncoded characters as agreement).")),
        (t("Documents compared"), t("Two coders are compared on the documents both of them coded (any code). "
                                    "A document only one of them coded is not compared and listed.")),
        (t("Codes compared"), t("The chosen codes (each with its subcodes) that at least one coder used in a "
                                "compared document; each code counts its own codings, subcodes are not added "
                                "to their parent. A code only one coder used counts fully as disagreement.")),
        (t("All codes"), t("The sum of the codes' tables; alpha on all decisions of all codes.")),
    ]
    lines += [(level_title(t, lev.level), level_rule(t, lev.level, result.overlap)) for lev in result.levels]
    return lines


def setting_lines(t: Texts, result: AgreementResult, project_name: str) -> list[tuple[str, str]]:
    """(label, value) lines: what was compared."""
    out = [(t("Project"), project_name), (t("Date"), t.date(date.today())),
           (t("Coders"), ", ".join(c.name for c in result.coders)),
           (t("Documents compared"), ", ".join(d.label or d.name for d in result.documents)),
           (t("Codes compared"), t.num(len(result.codes))),
           (t("Minimum overlap of segments"), _pct(t, result.overlap / 100)),
           (t("Created with"), f"Andock {__version__}")]
    if result.not_compared:
        out.insert(4, (t("Not compared"), "; ".join(
            f"{n.document.name} ({', '.join(c.name for c in n.coded_by) or t('nobody')})"
            for n in result.not_compared)))
    if result.unused_codes:
        out.insert(-2, (t("Chosen codes nobody used"), ", ".join(c.path for c in result.unused_codes)))
    return out


def _pct(t: Texts, share: float | None) -> str:
    """A share with one decimal: ``93,3 %`` / ``93.3%``; "–" for none."""
    if share is None:
        return "–"
    return t.dec(share * 100, 1) + ("\u00a0%" if t.lang == "de" else "%")


def _coef(t: Texts, value: float | None) -> str:
    return "–" if value is None else t.dec(value, 3)


def _kappa_value(k: Kappa | None) -> float | None:
    return None if k is None else k.value


def _alpha_value(a: Alpha | None) -> float | None:
    return None if a is None else a.value


# --- XLSX --------------------------------------------------------------------------------------

def write_agreement_xlsx(result: AgreementResult, path: str | Path, *, lang: str = "de",
                         project_name: str = "") -> Path:
    """Overview, a sheet per level (2×2 counts and coefficients per code), Disagreements, Method."""
    t = texts(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(t("Overview"))
    _overview_sheet(ws, t, result)
    for lev in result.levels:
        _level_sheet(wb.create_sheet(_sheet_name(level_title(t, lev.level))), t, lev)
    _disagreement_sheet(wb.create_sheet(_sheet_name(t("Disagreements"))), t, result)
    method = wb.create_sheet(_sheet_name(t("Method")))
    for label, value in setting_lines(t, result, project_name) + [("", "")] + method_lines(t, result):
        append_row(method, [label, value])
        method.cell(method.max_row, 1).font = _BOLD
        method.cell(method.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    method.column_dimensions["A"].width = 32
    method.column_dimensions["B"].width = 110
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _sheet_name(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]


def _header(ws, values: list[str]) -> None:
    append_row(ws, values)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _number_formats(ws, row: int, percent_cols: tuple[int, ...], coef_cols: tuple[int, ...]) -> None:
    for c in percent_cols:
        ws.cell(row, c).number_format = "0.0%"
    for c in coef_cols:
        ws.cell(row, c).number_format = "0.000"


def _overview_sheet(ws, t: Texts, result: AgreementResult) -> None:
    _header(ws, [t("Level"), t("Coder A"), t("Coder B"), t("Documents"), t("Decisions"), t("Agreements"),
                 t("Percent agreement"), t("Cohen's kappa"), t("Brennan & Prediger's kappa"), "k",
                 t("Krippendorff's alpha (all coders)"), t("Krippendorff's alpha, interval (all coders)")])
    for lev in result.levels:
        for pair in lev.pairs:
            o = pair.overall
            append_row(ws, [level_title(t, lev.level), pair.coder_a.name, pair.coder_b.name, pair.documents, o.n,
                            o.agreements, o.percent, _kappa_value(o.cohen), _kappa_value(o.brennan_prediger),
                            o.categories, _alpha_value(lev.alpha_overall), _alpha_value(lev.interval_alpha_overall)])
            _number_formats(ws, ws.max_row, (7,), (8, 9, 11, 12))
    for letter, width in zip("ABCDEFGHIJKL", (22, 14, 14, 11, 11, 11, 11, 11, 14, 5, 14, 14)):
        ws.column_dimensions[letter].width = width


def _rows(lev: LevelResult, pair: PairResult) -> list[tuple[Stats, Alpha | None, Alpha | None]]:
    """Each code's stats with its nominal and interval α (None where the level has none), then all codes."""
    interval = lev.interval_alpha_per_code or (None,) * len(pair.per_code)
    out = [(s, lev.alpha_per_code[i], interval[i]) for i, s in enumerate(pair.per_code)]
    out.append((pair.overall, lev.alpha_overall, lev.interval_alpha_overall))
    return out


def _level_sheet(ws, t: Texts, lev: LevelResult) -> None:
    both, only_a, only_b, neither = cell_labels(t, lev.level, t("coder A"), t("coder B"))
    interval = bool(lev.interval_alpha_per_code)  # the frequency level
    _header(ws, [t("Coder A"), t("Coder B"), t("Code"), t("Decisions"), both, only_a, only_b, neither,
                 t("Agreements"), t("Percent agreement"), t("Agreement where coded"), t("Cohen's kappa"),
                 "p_e (Cohen)", t("Brennan & Prediger's kappa"), "k", t("Krippendorff's alpha (all coders)")]
            + ([t("Krippendorff's alpha, interval (all coders)")] if interval else []))
    for pair in lev.pairs:
        for stats, alpha, alpha_int in _rows(lev, pair):
            label = stats.code.path if stats.code else t("All codes")
            append_row(ws, [pair.coder_a.name, pair.coder_b.name, label, stats.n, stats.both, stats.only_a,
                            stats.only_b, stats.neither, stats.agreements, stats.percent, stats.coded_agreement,
                            _kappa_value(stats.cohen), stats.cohen.p_e if stats.cohen else None,
                            _kappa_value(stats.brennan_prediger), stats.categories, _alpha_value(alpha)]
                       + ([_alpha_value(alpha_int)] if interval else []))
            _number_formats(ws, ws.max_row, (10, 11), (12, 13, 14, 16, 17) if interval else (12, 13, 14, 16))
            if stats.code is None:
                for cell in ws[ws.max_row]:
                    cell.font = _BOLD
    for letter, width in zip("ABCDEFGHIJKLMNOPQ", (14, 14, 40, 10, 12, 12, 12, 10, 11, 11, 11, 10, 10, 13, 5, 13, 13)):
        ws.column_dimensions[letter].width = width


def _segments_text(segs) -> str:
    return "\n".join(f"[{s.start}–{s.end}] {s.text}" for s in segs)


def _disagreement_sheet(ws, t: Texts, result: AgreementResult) -> None:
    _header(ws, [t("Coder A"), t("Coder B"), t("Document"), t("Code"), t("Disagreement"), t("Start"), t("End"),
                 t("Segments of coder A"), t("Segments of coder B"), t("Coded there instead")])
    paths = {c.id: c.path for c in result.codes}
    names = {c.id: c.name for c in result.coders}
    for d in result.disagreements:
        other = "\n".join(f"{paths.get(s.code_id, '?')} ({names.get(s.coder_id, '?')}): {s.text}"
                          for s in d.other_codes)
        append_row(ws, [d.coder_a.name, d.coder_b.name, d.document.name, d.code.path, kind_text(t, d), d.start,
                        d.end, _segments_text(d.segments_a), _segments_text(d.segments_b), other])
        for column in (8, 9, 10):
            ws.cell(ws.max_row, column).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJ", (14, 14, 28, 32, 26, 8, 8, 60, 60, 45)):
        ws.column_dimensions[letter].width = width


# --- DOCX / PDF --------------------------------------------------------------------------------

def agreement_report(result: AgreementResult, *, lang: str = "de", project_name: str = "") -> Report:
    """The report model: overview, a section per level (a table per pair of coders), the
    disagreements side by side, and the method."""
    t = texts(lang)
    rep = Report(t("Intercoder agreement"), subtitle=project_name, lang=lang,
                 meta=setting_lines(t, result, project_name), contents_title=t("Contents"),
                 page_label=t("Page {page} of {pages}"), landscape=True)
    rep.add(Heading(1, t("Overview"), "1"), Paragraph.of(
        t("Agreement of the coders on all compared codes together, at each level. The sections below give "
          "every code with the counts the figures come from; the method section the formulas and rules."),
        "lead"), _overview_table(t, result))
    for number, lev in enumerate(result.levels, 2):
        rep.add(Heading(1, level_title(t, lev.level), str(number)),
                Paragraph.of(level_rule(t, lev.level, result.overlap), "note"))
        for pair in lev.pairs:
            if len(lev.pairs) > 1:
                rep.add(Paragraph([Run(f"{pair.coder_a.name} × {pair.coder_b.name}", bold=True)], "lead"))
            rep.add(_pair_table(t, lev, pair))
    number = len(result.levels) + 2
    rep.add(Heading(1, t("Disagreements"), str(number)))
    if not result.disagreements:
        rep.add(Paragraph.of(t("No disagreements at the segment level.") if any(
            lev.level == "segments" for lev in result.levels) else t("The segment level was not computed.")))
    else:
        rep.add(Paragraph.of(t("Passages where a segment of one coder has no agreeing segment of the other "
                               "(segment level), with both coders' segments side by side."), "lead"))
        for a, b in dict.fromkeys((d.coder_a, d.coder_b) for d in result.disagreements):
            rep.add(_disagreement_table(t, result, [d for d in result.disagreements
                                                    if (d.coder_a, d.coder_b) == (a, b)]))
    rep.add(Heading(1, t("Method"), str(number + 1)))
    for label, text in method_lines(t, result):
        rep.add(Paragraph([Run(label + ": ", bold=True), Run(text)]))
    return rep


def _overview_table(t: Texts, result: AgreementResult) -> Table:
    header = [Cell(t("Level")), Cell(t("Coders"))] + [Cell(x, align="right") for x in SYMBOLS]
    rows = []
    for lev in result.levels:
        for pair in lev.pairs:
            o = pair.overall
            rows.append([Cell(level_title(t, lev.level)), Cell(f"{pair.coder_a.name} × {pair.coder_b.name}"),
                         Cell(t.num(o.n), align="right"), Cell(_pct(t, o.percent), align="right"),
                         Cell(_coef(t, _kappa_value(o.cohen)), align="right"),
                         Cell(_coef(t, _kappa_value(o.brennan_prediger)), align="right"),
                         Cell(t.num(o.categories), align="right"),
                         Cell(_coef(t, _alpha_value(lev.alpha_overall)), align="right"),
                         Cell(_coef(t, _alpha_value(lev.interval_alpha_overall)), align="right")])
    note = _legend(t) + " " + t("Alpha is computed over all coders at once; kappas for each pair of coders. "
                                "–: not defined (see the method section).")
    return Table(header, rows, [3.4, 3.0, 1.1, 1.2, 1.1, 1.1, 0.6, 1.1, 1.1], note=note)


SYMBOLS = ("n", "p_o", "κ", "κn", "k", "α", "α int")  # the columns of the overview: decisions, then the coefficients


def _legend(t: Texts) -> str:
    return t("n: decisions; p_o: percent agreement; κ: Cohen's kappa; κn: Brennan & Prediger's kappa; "
             "k: categories; α: Krippendorff's alpha; α int: Krippendorff's alpha with the interval metric "
             "(code frequency).")


def _pair_table(t: Texts, lev: LevelResult, pair: PairResult) -> Table:
    both, only_a, only_b, neither = cell_labels(t, lev.level, pair.coder_a.name, pair.coder_b.name)
    interval = bool(lev.interval_alpha_per_code)  # the frequency level: α int as well
    symbols = (both, only_a, only_b, neither, "p_o", "κ", "κn", "α") + (("α int",) if interval else ())
    header = [Cell(t("Code"))] + [Cell(x, align="right") for x in symbols]

    def row(stats: Stats, alpha: Alpha | None, alpha_int: Alpha | None, depth: int, bold: bool) -> list[Cell]:
        label = stats.code.name if stats.code else t("All codes")
        fill = TOTAL_FILL if bold else None
        return [Cell(label, bold=bold, indent=depth, fill=fill)] + [
            Cell(text, align="right", bold=bold, fill=fill) for text in (
                t.num(stats.both), t.num(stats.only_a), t.num(stats.only_b),
                "–" if lev.level == "segments" else t.num(stats.neither), _pct(t, stats.percent),
                _coef(t, _kappa_value(stats.cohen)), _coef(t, _kappa_value(stats.brennan_prediger)),
                _coef(t, _alpha_value(alpha))) + ((_coef(t, _alpha_value(alpha_int)),) if interval else ())]

    rows = [row(s, alpha, alpha_int, s.code.depth if s.code else 0, s.code is None)
            for s, alpha, alpha_int in _rows(lev, pair)]
    k = pair.overall.categories
    if lev.level == "frequency":
        note = t("k per code = its highest frequency + 1; all codes: k = {k}.", k=t.num(k))
    else:
        note = t("k = {k}.", k=t.num(k))
    note += " " + t.plural("{n} document compared.", "{n} documents compared.", pair.documents)
    widths = [4.6, 1.3, 1.3, 1.3, 1.1, 1.1, 1.0, 1.0, 1.0] if not interval else \
        [4.2, 1.2, 1.2, 1.2, 1.0, 1.1, 1.0, 1.0, 1.0, 1.0]
    return Table(header, rows, widths, note=_legend(t) + " " + note)


def _disagreement_table(t: Texts, result: AgreementResult, items: list[Disagreement]) -> Table:
    a, b = items[0].coder_a.name, items[0].coder_b.name
    paths = {c.id: c.path for c in result.codes}
    names = {c.id: c.name for c in result.coders}
    header = [Cell(t("Passage")), Cell(a), Cell(b)]
    rows = []
    for d in items:
        where = f"{d.document.label or d.document.name}, {d.start}–{d.end}\n{d.code.path}\n{kind_text(t, d)}"
        if d.other_codes:
            where += "\n" + t("Coded there instead: {codes}", codes="; ".join(
                f"{paths.get(s.code_id, '?')} ({names.get(s.coder_id, '?')})" for s in d.other_codes))
        rows.append([Cell(where), Cell("\n".join(t.quoted(s.text) for s in d.segments_a) or "–"),
                     Cell("\n".join(t.quoted(s.text) for s in d.segments_b) or "–")])
    return Table(header, rows, [3.0, 4.5, 4.5], note=t.plural("{n} passage.", "{n} passages.", len(items)))
