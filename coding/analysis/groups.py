"""Documents chosen by filters and grouped into columns: by a variable's values or one per document.

Shared by the crosstab, the co-occurrence table and the summary grid, so all of them agree on
which documents take part and in which order groups appear.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import DocumentId
from coding.base.errors import InputError
from coding.store.models import TABLES
from coding.services.variables import VariableInfo, documents_with, require_variable
from coding.base.messages import _

documents_t = TABLES["documents"]
values_t = TABLES["variable_values"]

NOT_SET = "not set"  # label of the column of documents without a value
DISCRETE_TYPES = ("text", "category", "boolean")
_BOOL_LABELS = {"true": "ja", "false": "nein"}


@dataclass(frozen=True)
class DocRow:
    """A document taking part in an analysis (no text: it is not needed to group)."""

    id: DocumentId
    guid: str
    name: str
    label: str


@dataclass
class Group:
    """One column (or summary-grid row): its label, stored value and documents in display order."""

    label: str
    key: str | None  # canonical value (None: "not set"), or the document GUID when one per document
    document_ids: list[DocumentId]


def select_documents(conn: Connection, document_ids: list[DocumentId] | None = None,
                     variables: dict[str, list[str]] | None = None) -> list[DocRow]:
    """Documents passing the document and variable-value filters, in display order."""
    wanted = None if document_ids is None else set(document_ids)
    for name, vals in (variables or {}).items():
        ids = set(documents_with(conn, name, vals))
        wanted = ids if wanted is None else wanted & ids
    q = select(documents_t.c.id, documents_t.c.guid, documents_t.c.name, documents_t.c.label
               ).order_by(documents_t.c.sort_order, documents_t.c.name, documents_t.c.id)
    return [DocRow(*r) for r in conn.execute(q) if wanted is None or r[0] in wanted]


def discrete_variable(conn: Connection, name: str) -> VariableInfo:
    """The variable called ``name`` if its values form groups; clear errors otherwise."""
    var = require_variable(conn, name)
    if var.type not in DISCRETE_TYPES:
        raise InputError(_("'{name}' holds {type} values: groups need text, category or boolean values (add "
                           "a category variable with ranges, e.g. '{name} class')",
                           name=var.name, type=var.type))
    return var


def natural_key(text: str) -> tuple:
    """Sort key: 'Gruppe 2' before 'Gruppe 10', case ignored, umlauts as their base letter (DIN 5007)."""
    base = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", base))


def group_documents(conn: Connection, by: str | None, docs: list[DocRow]) -> tuple[list[Group], VariableInfo | None]:
    """Columns for ``docs``: one per value of variable ``by`` (+ "not set"), or one per document."""
    if by is None:
        labels = [d.label or d.name for d in docs]
        if len(set(labels)) < len(labels):  # labels must tell the columns apart
            labels = [d.name for d in docs]
        return [Group(lab, d.guid, [d.id]) for lab, d in zip(labels, docs)], None
    var = discrete_variable(conn, by)
    value_of = dict(conn.execute(select(values_t.c.document_id, values_t.c.value)
                                 .where(values_t.c.variable_id == var.id)).all())
    by_value: dict[str, list[DocumentId]] = {}
    missing: list[DocumentId] = []
    for d in docs:
        v = value_of.get(d.id)
        (missing if v is None else by_value.setdefault(v, [])).append(d.id)
    if var.type == "boolean":
        order = [v for v in ("true", "false") if v in by_value]
        groups = [Group(_BOOL_LABELS[v], v, by_value[v]) for v in order]
    else:
        groups = [Group(v, v, by_value[v]) for v in sorted(by_value, key=lambda v: (natural_key(v), v))]
    if missing:
        groups.append(Group(NOT_SET, None, missing))
    return groups, var
