"""A crosstab (code × group) as a shaded report table, and a DOCX/PDF of one matrix."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from coding import __version__
from coding.reports.i18n import Texts, texts
from coding.reports.model import Cell, Heading, Paragraph, Report, Table, heat_fill

TOTAL_FILL = "#f1f3f6"  # sets the total column apart without competing with the heat map


def _visible_columns(tab) -> list[int]:
    # the "not set" column only matters when some documents lack the value
    return [i for i, key in enumerate(tab.column_keys) if key is not None or tab.column_documents[i] > 0]


def column_name(tab, i: int, t: Texts) -> str:
    """A column's group name in the report's language."""
    key = tab.column_keys[i]
    if tab.by and key is None:
        return t("not set")
    if tab.by and key in ("true", "false"):  # boolean groups are labelled in German by the core
        return t("yes") if key == "true" else t("no")
    return tab.columns[i]


def column_label(tab, i: int, t: Texts) -> str:
    """A column's name over its number of documents: ``kommunal`` / ``n = 4`` (a document: its label)."""
    if not tab.by:
        return column_name(tab, i, t)
    return f"{column_name(tab, i, t)}\nn\u00a0=\u00a0{t.num(tab.column_documents[i])}"


def outline_numbers(depths: list[int]) -> list[str]:
    """``1``, ``1.1``, ``1.2``, ``2`` … for rows in depth-first order (as the report headings)."""
    counters: list[int] = []
    out = []
    for d in depths:
        del counters[d + 1:]
        while len(counters) <= d:
            counters.append(0)
        counters[d] += 1
        out.append(".".join(map(str, counters)))
    return out


def crosstab_block(tab, t: Texts) -> Table:
    """The crosstab as a table; cells shaded in proportion to the share (documents mode) or count."""
    cols = _visible_columns(tab)
    all_docs = sum(tab.column_documents)
    documents_mode = tab.mode == "documents"
    header = [Cell(t("Category"))] + [Cell(column_label(tab, i, t), align="right") for i in cols]
    header.append(Cell(f"{t('Total')}\nn\u00a0=\u00a0{t.num(all_docs)}", align="right"))
    top = max((c for r in tab.rows for c in r.counts), default=0) or 1
    rows = []
    for r, number in zip(tab.rows, outline_numbers([r.depth for r in tab.rows])):
        line = [Cell(f"{number} {r.name}", bold=r.depth == 0, indent=r.depth)]
        for i in cols:
            if documents_mode and not tab.by:  # one document per column: present or not
                share = r.shares[i]
                text = t.num(r.counts[i])
            elif documents_mode:
                share = r.shares[i]
                text = f"{t.num(r.counts[i])} ({t.pct(share)})" if share is not None else t.num(r.counts[i])
            else:
                share = r.counts[i] / top
                rate = r.per_1000_words[i]
                text = t.num(r.counts[i]) + (f" ({t.dec(rate, 1)})" if rate is not None else "")
            fill, light = heat_fill(share)
            line.append(Cell(text, fill=fill, light_text=light, align="right"))
        total = f"{t.num(r.total)} ({t.pct(r.total / all_docs)})" if documents_mode and all_docs else t.num(r.total)
        line.append(Cell(total, fill=TOTAL_FILL, align="right"))
        rows.append(line)
    if not documents_mode:
        rows.append([Cell(t("Total"), bold=True)] + [Cell(t.num(tab.column_totals[i]), bold=True, align="right")
                                                     for i in cols] + [Cell(t.num(tab.grand_total), bold=True,
                                                                            fill=TOTAL_FILL, align="right")])
    if documents_mode:
        note = t("Cells: documents in which the category occurs (share of the group's documents).")
    else:
        note = t("Cells: coded segments (in brackets: segments per 1,000 words).")
    if tab.include_subcodes:
        note += " " + t("Counts include subcategories.")
    return Table(header, rows, [5.0] + [1.6] * (len(cols) + 1), note=note)


def matrix_report(tab, lang: str = "de", project_name: str = "") -> Report:
    """A report holding one matrix (no contents page: it is one table)."""
    t = texts(lang)
    title = t("Crosstab: categories by {variable}", variable=tab.by) if tab.by else \
        t("Code matrix: categories by document")
    mode = t("documents") if tab.mode == "documents" else t("segments")
    rep = Report(title, subtitle=project_name, lang=lang, title_page=False, contents=False,
                 page_label=t("Page {page} of {pages}"),
                 landscape=len(_visible_columns(tab)) > 5)
    rep.add(Heading(1, title), Paragraph.of(
        t("Counted: {mode}. Created on {date} with Andock {version}.", mode=mode,
          date=t.date(date.today()), version=__version__), "note"))
    if not tab.rows:
        rep.add(Paragraph.of(t("The project has no codes yet.")))
    else:
        rep.add(crosstab_block(tab, t))
    return rep


def write_matrix_report(path: str | Path, crosstab_table, lang: str = "de", project_name: str = "") -> Path:
    """Write one crosstab as DOCX or PDF (by the file's suffix); called by ``andock matrix -o``."""
    from coding.reports.output import check_suffix, render

    path = Path(path)
    check_suffix(path, (".docx", ".pdf"))
    render(matrix_report(crosstab_table, lang, project_name), path)
    return path
