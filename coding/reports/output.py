"""Writing a report file: the suffix chooses the format (DOCX or PDF)."""
from __future__ import annotations

from pathlib import Path

from coding.base.errors import InputError
from coding.base.messages import _
from coding.reports.model import Report


def check_suffix(path: Path, allowed: tuple[str, ...]) -> str:
    """The file's suffix in lower case, or InputError naming the formats that can be written."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise InputError(_("{name}: cannot write '{suffix}' (use {choices})",
                           name=path.name, suffix=suffix or 'no suffix', choices=', '.join(allowed)))
    if not path.parent.is_dir():
        raise InputError(_("{parent}: folder does not exist", parent=path.parent))
    return suffix


def render(report: Report, path: str | Path) -> None:
    """Write a report as DOCX or PDF, chosen by the file's suffix."""
    path = Path(path)
    if check_suffix(path, (".docx", ".pdf")) == ".pdf":
        from coding.reports.pdf_render import render_pdf
        render_pdf(report, path)
    else:
        from coding.reports.docx_render import render_docx
        render_docx(report, path)
