"""Every export of a project as one options object, shared by the command and the window.

Each export reads what it needs from the project (:meth:`read`) and writes one file from it
(:meth:`write`). :func:`run_export` does both for the window: it reports progress, can be
cancelled between the steps, and writes into a hidden folder beside the target first, so that a
cancelled or failing export leaves the target as it was (no file, or the old one) — the target is
replaced in one rename only once the whole file is written.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Iterator, Protocol

from sqlalchemy.engine import Connection

from coding.analysis.agreement import DEFAULT_OVERLAP, LEVELS, AgreementResult, compare_coders
from coding.analysis.cooccurrence import Cooccurrence, cooccurrence
from coding.analysis.crosstab import Crosstab, crosstab
from coding.analysis.matrix_export import (german_locale, write_cooccurrence_csv, write_cooccurrence_xlsx,
                                           write_crosstab_csv, write_crosstab_xlsx)
from coding.base.errors import InputError
from coding.base.messages import _
from coding.base.progress import Progress, report
from coding.base.safefile import check_target
from coding.exchange.codebook_files import write_codebook_file
from coding.reports import build_report
from coding.reports.agreement_report import SUFFIXES as AGREEMENT_SUFFIXES, write_agreement_report
from coding.reports.matrix_report import write_matrix_report
from coding.reports.output import check_suffix, render
from coding.reports.quotes import write_quotes
from coding.services import codes, coders, documents
from coding.services.codebook import export_codebook

MATRIX_SUFFIXES = (".xlsx", ".csv", ".docx", ".pdf")
COOCCURRENCE_SUFFIXES = (".xlsx", ".csv")
REPORT_SUFFIXES = (".docx", ".pdf")
QUOTE_SUFFIXES = (".docx", ".csv")
CODEBOOK_SUFFIXES = (".md", ".json")
CSV_VALUES = {"counts": "counts", "shares": "shares", "per1000": "per_1000_words"}  # option -> crosstab field


def check_output(path: Path, suffixes: tuple[str, ...]) -> None:
    """InputError unless ``path`` ends like a file this export writes (checked before any work)."""
    if path.suffix.lower() not in suffixes:
        raise InputError(_("{name}: unsupported output (use {choices})",
                           name=path.name, choices=", ".join(suffixes)))


def default_lang(lang: str | None) -> str:
    """The language of labels in a file: the one asked for, else German in a German locale."""
    return lang or ("de" if german_locale() else "en")


@dataclass(frozen=True)
class Selection:
    """Which codings an analysis counts, by the names the user gives (empty: all)."""

    coders: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # code paths, each with its subcodes
    documents: tuple[str, ...] = ()  # names or citation labels
    variables: tuple[tuple[str, str], ...] = ()  # (variable, value): several values of one are "any of"

    def resolve(self, conn: Connection) -> dict:
        """The filters of ``crosstab``/``cooccurrence``; NotFoundError names an unknown name."""
        var_filter: dict[str, list[str]] = {}
        for key, value in self.variables:
            var_filter.setdefault(key, []).append(value)
        return {
            "coder_ids": [coders.get_coder(conn, c) for c in self.coders] if self.coders else None,
            "code_ids": [codes.find_by_path(conn, c) for c in self.codes] if self.codes else None,
            "document_ids": [documents.find_document(conn, d) for d in self.documents] if self.documents else None,
            "variables": var_filter or None,
        }


class Export(Protocol):
    """One kind of export with its options: what it reads, and how it writes a file of it."""

    suffixes: ClassVar[tuple[str, ...]]

    def read(self, project) -> Any: ...

    def write(self, data: Any, path: Path) -> None: ...


@dataclass(frozen=True)
class MatrixExport:
    """Codes x groups of a variable (or x documents), as ``andock matrix`` writes it."""

    by: str = "document"  # a discrete variable, or "document(s)" for one column per document
    count: str = "documents"  # documents or segments
    include_subcodes: bool = True
    selection: Selection = field(default_factory=Selection)
    values: str = "counts"  # what a CSV holds: counts, shares or per1000
    german_csv: bool | None = None  # German Excel's CSV flavour; None: as the locale is
    lang: str | None = None
    suffixes: ClassVar[tuple[str, ...]] = MATRIX_SUFFIXES

    def table(self, conn: Connection) -> Crosstab:
        """The crosstab these options ask for."""
        by = None if self.by.strip().casefold() in ("document", "documents") else self.by
        return crosstab(conn, by, mode=self.count, include_subcodes=self.include_subcodes,
                        **self.selection.resolve(conn))

    def read(self, project) -> tuple[Crosstab, str]:
        with project.read() as conn:
            return self.table(conn), project.name

    def write(self, data: tuple[Crosstab, str], path: Path) -> None:
        table, project_name = data
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            write_crosstab_xlsx(table, path, lang=default_lang(self.lang))
        elif suffix == ".csv":
            write_crosstab_csv(table, path, values=CSV_VALUES[self.values], german=self.german_csv,
                               lang=self.lang)
        else:  # .docx or .pdf: the suffix was checked before any work
            write_matrix_report(path, table, lang=default_lang(self.lang), project_name=project_name)


@dataclass(frozen=True)
class CooccurrenceExport:
    """Pairs of codes on overlapping text (or in one speaker turn), as ``andock cooccurrence``."""

    same_turn: bool = False
    selection: Selection = field(default_factory=Selection)
    german_csv: bool | None = None  # as in MatrixExport
    lang: str | None = None
    suffixes: ClassVar[tuple[str, ...]] = COOCCURRENCE_SUFFIXES

    def table(self, conn: Connection) -> Cooccurrence:
        """The co-occurrence these options ask for."""
        return cooccurrence(conn, same_turn=self.same_turn, **self.selection.resolve(conn))

    def read(self, project) -> Cooccurrence:
        with project.read() as conn:
            return self.table(conn)

    def write(self, data: Cooccurrence, path: Path) -> None:
        if path.suffix.lower() == ".xlsx":
            write_cooccurrence_xlsx(data, path, lang=default_lang(self.lang))
        else:  # .csv: the suffix was checked before any work
            write_cooccurrence_csv(data, path, german=self.german_csv, lang=self.lang)


@dataclass(frozen=True)
class ReportExport:
    """A codebook, segments or group comparison report, as ``andock report``."""

    kind: str = "codebook"
    by: str | None = None
    lang: str = "de"
    coders: tuple[str, ...] = ()
    suffixes: ClassVar[tuple[str, ...]] = REPORT_SUFFIXES

    def read(self, project) -> Any:
        return build_report(project, self.kind, by=self.by, lang=self.lang, coder_names=list(self.coders) or None)

    def write(self, data: Any, path: Path) -> None:
        render(data, path)


@dataclass(frozen=True)
class QuotesExport:
    """The quotes of a code and its subcodes, as ``andock quotes``."""

    code: str = ""
    key_only: bool = False
    lang: str = "de"
    coders: tuple[str, ...] = ()
    suffixes: ClassVar[tuple[str, ...]] = QUOTE_SUFFIXES

    def read(self, project) -> Any:
        return project  # the quote writer reads and writes in one go

    def write(self, data: Any, path: Path) -> None:
        write_quotes(data, path, self.code, key_only=self.key_only, lang=self.lang,
                     coder_names=list(self.coders) or None)


@dataclass(frozen=True)
class CodebookExport:
    """The codebook as Markdown or JSON, as ``andock codebook export``."""

    lang: str = "de"
    suffixes: ClassVar[tuple[str, ...]] = CODEBOOK_SUFFIXES

    def read(self, project) -> Any:
        with project.read() as conn:
            return export_codebook(conn, title=project.name)

    def write(self, data: Any, path: Path) -> None:
        write_codebook_file(data, path, lang=self.lang)


@dataclass(frozen=True)
class AgreementExport:
    """The intercoder agreement report of two or more coders, as ``andock agreement -o``."""

    coders: tuple[str, ...] = ()
    levels: tuple[str, ...] = LEVELS
    overlap: float = DEFAULT_OVERLAP
    codes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    lang: str = "de"
    suffixes: ClassVar[tuple[str, ...]] = AGREEMENT_SUFFIXES

    def compare(self, conn: Connection) -> AgreementResult:
        """The agreement these options ask for; unknown names are NotFoundError."""
        return compare_coders(
            conn, [coders.get_coder(conn, name) for name in self.coders],
            code_ids=[codes.find_by_path(conn, c) for c in self.codes] if self.codes else None,
            document_ids=[documents.find_document(conn, d) for d in self.documents] if self.documents else None,
            levels=self.levels, overlap=self.overlap)

    def read(self, project) -> tuple[AgreementResult, str]:
        with project.read() as conn:
            return self.compare(conn), project.name

    def write(self, data: tuple[AgreementResult, str], path: Path) -> None:
        result, project_name = data
        write_agreement_report(result, path, lang=self.lang, project_name=project_name)


def run_export(project, export: Export, target: str | os.PathLike, *, force: bool = False,
               progress: Progress | None = None) -> Path:
    """Write ``export`` of ``project`` to ``target``; returns the target.

    Checks the name and an existing file first (replaced only with ``force``), then reads and
    writes, reporting each step to ``progress`` (which may cancel). Cancelled or failed: the
    target is untouched and no temporary file is left.
    """
    target = Path(target)
    check_suffix(target, export.suffixes)
    check_target(target, force)
    report(progress, 0, 3, _("Reading the project…"))
    data = export.read(project)
    report(progress, 1, 3, _("Writing {name}…", name=target.name))
    with _staging(target) as staged:
        export.write(data, staged)
        report(progress, 2, 3, _("Writing {name}…", name=target.name))  # the last moment to cancel
        check_target(target, force)  # a file that appeared meanwhile is not replaced unasked
        _put_in_place(staged, target)
    return target


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A path in a hidden folder beside ``target`` (same disk: the final rename is one step),
    removed with everything in it when the block ends."""
    try:
        folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=".andock-export-"))
    except OSError as exc:
        raise InputError(_("{path}: cannot write here ({reason})",
                           path=target, reason=exc.strerror or exc)) from None
    staged = folder / target.name
    try:
        yield staged
    except InputError as exc:  # the writers name the path they wrote to: name the user's file instead
        raise InputError(str(exc).replace(str(staged), str(target))) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _put_in_place(staged: Path, target: Path) -> None:
    """Rename the finished file onto ``target``, keeping the permissions of a file it replaces."""
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(staged, target.stat().st_mode & 0o777)
        os.replace(staged, target)
    except OSError as exc:
        raise InputError(_("{path}: cannot write ({reason})", path=target, reason=exc.strerror or exc)) from None
