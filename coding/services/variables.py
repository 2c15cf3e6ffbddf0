"""Document variables (typed) and their values; "document groups" are shared values."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import DocumentId, VariableId
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid
from coding.text.textnorm import MAX_VARIABLE_NAME, clean_name, clean_text, lookup_name
from coding.exchange.vartypes import VAR_TYPES, infer_type, parse_value
from coding.base import labels
from coding.base.messages import _
from coding.base.suggest import did_you_mean

variables_t = TABLES["variables"]
values_t = TABLES["variable_values"]
documents_t = TABLES["documents"]


@dataclass(frozen=True)
class VariableInfo:
    id: VariableId
    guid: str
    name: str
    type: str


@dataclass
class TableImportReport:
    """Outcome of importing a variables table."""

    documents: int = 0  # documents that received values
    values: int = 0  # values written
    new_variables: list[str] = field(default_factory=list)
    unmatched_rows: list[int] = field(default_factory=list)  # row numbers with no document


def list_variables(conn: Connection) -> list[VariableInfo]:
    """All variables in display order."""
    q = select(variables_t.c.id, variables_t.c.guid, variables_t.c.name, variables_t.c.type
               ).order_by(variables_t.c.sort_order, variables_t.c.name)
    return [VariableInfo(*r) for r in conn.execute(q)]


def find_variable(conn: Connection, name: str) -> VariableInfo | None:
    """The variable called ``name`` (case-insensitive, umlauts too), or None."""
    # Compared in Python: SQLite's lower() folds ASCII only ("ÄRGER" != "ärger"); variables are few.
    wanted = lookup_name(name).casefold()
    return next((v for v in list_variables(conn) if v.name.casefold() == wanted), None)


def require_variable(conn: Connection, name: str) -> VariableInfo:
    """The variable called ``name``; else a not-found error naming the closest existing ones."""
    var = find_variable(conn, name)
    if var is None:
        raise NotFoundError(_("no variable named '{name}'", name=name)
                            + did_you_mean(name, [v.name for v in list_variables(conn)]))
    return var


class _TypesByName(dict):
    """Types of existing variables looked up by name ignoring case, as :func:`find_variable` does."""

    def get(self, name, default=None):  # noqa: ANN001, ANN201 - dict signature
        return super().get(lookup_name(name).casefold(), default)


def define_variable(rec: Recorder, name: str, var_type: str) -> VariableId:
    """Create a variable of a given type (text, integer, float, boolean, date, category)."""
    name = clean_name(name, "a variable name", MAX_VARIABLE_NAME)
    if var_type not in VAR_TYPES:
        raise InputError(_("unknown variable type '{var_type}' (use {choices})",
                           var_type=var_type, choices=', '.join(VAR_TYPES)))
    if find_variable(rec.conn, name):
        raise ConflictError(_("a variable named '{name}' exists already", name=name))
    n = rec.conn.execute(select(func.count()).select_from(variables_t)).scalar()
    return rec.insert("variables", {"guid": new_guid(), "name": name, "type": var_type, "sort_order": n})


def _write_value(rec: Recorder, doc_id: DocumentId, var_id: VariableId, value: str | None) -> None:
    key = (doc_id, var_id)
    value = None if value is None else clean_text(value, "a variable value")
    exists = rec.conn.execute(select(values_t.c.value).where(
        values_t.c.document_id == doc_id, values_t.c.variable_id == var_id)).first()
    if value is None:
        if exists:
            rec.delete("variable_values", key)
    elif exists:
        rec.update("variable_values", key, {"value": value})
    else:
        rec.insert("variable_values", {"document_id": doc_id, "variable_id": var_id, "value": value})


def set_value_by_name(rec: Recorder, doc_id: DocumentId, name: str, raw: object) -> None:
    """Set a document's value; a new variable gets its type from the value (text -> category)."""
    var = find_variable(rec.conn, name)
    if var is None:
        vtype = infer_type([raw])
        var_id = define_variable(rec, name, "category" if vtype == "text" else vtype)
        var = VariableInfo(var_id, "", lookup_name(name), "category" if vtype == "text" else vtype)
    try:
        value = parse_value(raw, var.type)
    except ValueError as exc:
        raise InputError(_("{name}: '{raw}' is not a valid {type} ({exc})",
                           name=var.name, raw=raw, type=var.type, exc=exc)) from None
    _write_value(rec, doc_id, var.id, value)


def values_of(conn: Connection, doc_id: DocumentId) -> dict[str, str]:
    """A document's variable values (canonical text) by variable name."""
    q = select(variables_t.c.name, values_t.c.value).join(values_t, values_t.c.variable_id == variables_t.c.id
                                                          ).where(values_t.c.document_id == doc_id)
    return dict(conn.execute(q).all())


def documents_with(conn: Connection, name: str, values: list[str]) -> list[DocumentId]:
    """Ids of documents whose variable ``name`` has one of ``values`` (given as the user types them)."""
    var = require_variable(conn, name)
    canon = []
    for v in values:
        try:
            canon.append(parse_value(v, var.type))
        except ValueError:
            canon.append(v)
    return list(conn.execute(select(values_t.c.document_id).where(
        values_t.c.variable_id == var.id, values_t.c.value.in_(canon))).scalars())


def import_table(project, path: str | Path, key: str | None = None,
                 encoding: str | None = None) -> TableImportReport:
    """Attach values from a CSV/XLSX table to documents, all or nothing.

    The key column is the document name (default) or a variable (``--key municipality``):
    then every document whose variable has the row's key value gets the row's values.
    """
    from coding.exchange.vartable import read_variable_table

    path = Path(path)
    with project.read() as conn:
        # a column "alter" fills the variable "Alter", so it must be checked against its type
        existing = _TypesByName({v.name.casefold(): v.type for v in list_variables(conn)})
    table = read_variable_table(path, key=key, encoding=encoding, existing_types=existing)
    if table.problems:
        lines = "; ".join(f"row {p.row}: {p.message}" for p in table.problems[:20])
        more = f" (and {len(table.problems) - 20} more)" if len(table.problems) > 20 else ""
        raise InputError(_("{name}: nothing imported — {lines}{more}",
                           name=path.name, lines=lines, more=more))
    rep = TableImportReport()
    with project.action(labels.stored(labels.IMPORT_VARIABLES, name=path.name)) as act:
        key_var = None if key is None else find_variable(act.conn, key)
        if key is not None and key_var is None:
            raise InputError(_("{name}: no variable '{key}' in the project to join on",
                               name=path.name, key=key)
                             + did_you_mean(key, [v.name for v in list_variables(act.conn)]))
        docs_by_name = dict(act.conn.execute(select(documents_t.c.name, documents_t.c.id)).all())
        var_ids: dict[str, VariableId] = {}
        for col in table.columns:
            var = find_variable(act.conn, col)
            if var is None:
                var_ids[col] = define_variable(act, col, table.types[col])
                rep.new_variables.append(col)
            else:
                var_ids[col] = var.id
        touched: set[DocumentId] = set()
        for row_no, key_value, values in table.rows:
            if key_var is None:
                doc_ids = [docs_by_name[key_value]] if key_value in docs_by_name else []
            else:
                doc_ids = documents_with(act.conn, key_var.name, [key_value])
            if not doc_ids:
                rep.unmatched_rows.append(row_no)
                continue
            for doc_id in doc_ids:
                touched.add(doc_id)
                for col, value in values.items():
                    if value is not None:
                        _write_value(act, doc_id, var_ids[col], value)
                        rep.values += 1
        rep.documents = len(touched)
    return rep
