"""Word and PDF reports (codebook, segments, group comparison), matrix reports and quote export.

Content is gathered once into a neutral :class:`~coding.reports.model.Report`; ``docx_render`` and
``pdf_render`` draw it, so both formats show the same text, tables and quotes.
"""
from __future__ import annotations

from pathlib import Path

from coding.base.errors import InputError
from coding.base.messages import _
from coding.reports.model import Report
from coding.reports.output import check_suffix, render  # noqa: F401 - part of this package's API

REPORT_KINDS = ("codebook", "segments", "comparison")


def build_report(project, kind: str, *, by: str | None = None, lang: str = "de",
                 coder_names: list[str] | None = None) -> Report:
    """Gather the content of a codebook, segments or comparison report in one read transaction."""
    from coding.reports.comparison import comparison_report
    from coding.reports.content import codebook_report, segments_report

    if kind not in REPORT_KINDS:
        raise InputError(_("unknown report '{kind}' (use {choices})",
                           kind=kind, choices=', '.join(REPORT_KINDS)))
    with project.read() as conn:
        if kind == "codebook":
            return codebook_report(conn, lang=lang, project_name=project.name, coder_names=coder_names)
        if kind == "segments":
            return segments_report(conn, by=by, lang=lang, project_name=project.name, coder_names=coder_names)
        return comparison_report(conn, by=by, lang=lang, project_name=project.name, coder_names=coder_names)


def write_report(project, path: str | Path, kind: str, *, by: str | None = None, lang: str = "de",
                 coder_names: list[str] | None = None) -> Path:
    """Write a report as DOCX or PDF (by the file's suffix) and return its path."""
    path = Path(path)
    check_suffix(path, (".docx", ".pdf"))
    render(build_report(project, kind, by=by, lang=lang, coder_names=coder_names), path)
    return path
