"""Summary grid (MAXQDA's Summary Grid, NVivo's framework matrix): documents or groups x codes.

Each cell holds the coded text of its code (with subcodes if chosen) in its documents, in
document order, and the written summary stored for it (coding.services.summaries). The grid is meant for
reading (tens of documents), so cells hold retrieved segments with their text and citation data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId, VariableId
from coding.analysis.crosstab import shown_codes, subtree_matrix
from coding.analysis.groups import group_documents, select_documents
from coding.analysis.retrieval import RetrievedSegment, query_segments
from coding.services.summaries import SummaryKey, summaries_of
from coding.text.citations import cite


@dataclass
class GridColumn:
    code_id: CodeId
    path: str
    name: str
    depth: int
    colour: str


@dataclass
class GridRow:
    label: str  # document name, or group label ("not set" for documents without a value)
    key: str | None  # document GUID, or the canonical value (None: "not set")
    document_ids: list[DocumentId]
    document_id: DocumentId | None = None  # set when rows are documents


@dataclass
class GridCell:
    segments: list[RetrievedSegment] = field(default_factory=list)  # document order
    summary: str = ""

    @property
    def coded_text(self) -> str:
        """The cell's coded text, one paragraph per segment, each with its citation."""
        return "\n\n".join(f"{s.text} ({cite(s.label or s.document, s.time_ms, s.paragraph)})"
                           for s in self.segments)


@dataclass
class SummaryGrid:
    by: str | None  # variable name, or None for one row per document
    variable_id: VariableId | None
    include_subcodes: bool
    rows: list[GridRow]
    columns: list[GridColumn]
    cells: list[list[GridCell]]  # [row][column]

    def cell(self, row_index: int, code_id: CodeId) -> GridCell:
        """The cell of a row and a code."""
        col = next(i for i, c in enumerate(self.columns) if c.code_id == code_id)
        return self.cells[row_index][col]

    def key(self, row_index: int, code_id: CodeId) -> SummaryKey:
        """Where the summary of a cell is stored (for coding.services.summaries.set_summary)."""
        row = self.rows[row_index]
        if self.variable_id is None:
            return SummaryKey(code_id, document_id=row.document_id)
        return SummaryKey(code_id, variable_id=self.variable_id, value=row.key)


def summary_grid(conn: Connection, by: str | None = None, *, include_subcodes: bool = True,
                 coder_ids: list[CoderId] | None = None, code_ids: list[CodeId] | None = None,
                 document_ids: list[DocumentId] | None = None,
                 variables: dict[str, list[str]] | None = None) -> SummaryGrid:
    """The grid: rows = documents (``by=None``) or groups of a discrete variable, columns = codes."""
    docs = select_documents(conn, document_ids, variables)
    groups, var = group_documents(conn, by, docs)
    codes = shown_codes(conn, code_ids)
    columns = [GridColumn(n.id, n.path, n.name, d, n.colour) for n, d in codes]
    if by is None:
        rows = [GridRow(d.name, d.guid, [d.id], d.id) for d in docs]
    else:
        rows = [GridRow(g.label, g.key, list(g.document_ids)) for g in groups]
    cells = [[GridCell() for _ in columns] for _ in rows]
    if rows and columns:
        _fill_segments(conn, cells, rows, columns, subtree_matrix(codes) if include_subcodes else None,
                       coder_ids, {d.name: d.id for d in docs})
    _fill_summaries(conn, cells, rows, columns, var.id if var else None)
    return SummaryGrid(by, var.id if var else None, include_subcodes, rows, columns, cells)


def _fill_segments(conn: Connection, cells: list[list[GridCell]], rows: list[GridRow],
                   columns: list[GridColumn], sub, coder_ids: list[CoderId] | None,
                   doc_by_name: dict[str, DocumentId]) -> None:
    row_of = {d: r for r, row in enumerate(rows) for d in row.document_ids}
    col_of = {c.code_id: i for i, c in enumerate(columns)}
    # a segment shows in its code's column and, with subcodes, in every shown ancestor's column
    targets = {c.code_id: ([i for i in range(len(columns)) if sub[i, col_of[c.code_id]]]
                           if sub is not None else [col_of[c.code_id]]) for c in columns}
    segs = query_segments(conn, codes=[c.code_id for c in columns], subcodes=False,
                          documents=list(row_of), coders=coder_ids)
    code_of_path = {c.path: c.code_id for c in columns}
    for s in segs:  # already in document order, then position
        for col in targets[code_of_path[s.code_path]]:
            cells[row_of[doc_by_name[s.document]]][col].segments.append(s)


def _fill_summaries(conn: Connection, cells: list[list[GridCell]], rows: list[GridRow],
                    columns: list[GridColumn], variable_id: VariableId | None) -> None:
    col_of = {c.code_id: i for i, c in enumerate(columns)}
    if variable_id is None:
        row_of = {row.document_id: r for r, row in enumerate(rows) if row.document_id is not None}
        for (code_id, doc_id), text in summaries_of(conn, document_ids=list(row_of)).items():
            if code_id in col_of and doc_id in row_of:
                cells[row_of[doc_id]][col_of[code_id]].summary = text
    else:
        row_of_value = {row.key: r for r, row in enumerate(rows)}
        for (code_id, value), text in summaries_of(conn, variable_id=variable_id).items():
            if code_id in col_of and value in row_of_value:
                cells[row_of_value[value]][col_of[code_id]].summary = text
