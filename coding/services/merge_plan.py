"""Deciding, row by row, what merging a copy changes here (nothing is written in this module).

For a row on both sides, each field the copy may change (:data:`merge_state.SPECS`) is taken over
when the copy changed it since the sides parted and the value here is one the copy had before
(the history's ``priors``): this side did not touch it. When both changed it, the project's value
stays and the conflict is reported — except free texts (memos, summaries), where the copy's text
is added below the project's, so that neither is lost. A difference neither history explains is
reported too (the project's value stays). A row only the copy has is added, unless this project
deleted it since and the copy has nothing new in it. A row the copy deleted since is deleted here
when this project did not change it and nothing kept here refers to it; documents and variables
are never deleted by a merge. Names must stay unique: a rename or move that would clash is not
taken, a new row whose name is taken gets a number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from coding.base.messages import _
from coding.exchange.vartypes import parse_value
from coding.services.merge_history import UNKNOWN, Records
from coding.services.merge_state import SPECS, TIMESTAMPED, Field, Key, Row, State, field_value
from coding.text.textnorm import MAX_CODE_NAME, MAX_DOCUMENT_NAME, MAX_LABEL, MAX_VARIABLE_NAME

# which tables refer to each table, through which column
REFERRERS: dict[str, list[tuple[str, str]]] = {}
for _spec in SPECS.values():
    for _col, _target in _spec.refs.items():
        REFERRERS.setdefault(_target, []).append((_spec.table, _col))
_KEEP = object()  # "the project's value stays"


@dataclass
class TablePlan:
    """Rows of one table to add (final values), update (changed columns) and delete, with its notes."""

    adds: dict[Key, Row] = field(default_factory=dict)
    updates: dict[Key, dict[str, Any]] = field(default_factory=dict)
    deletes: set[Key] = field(default_factory=set)
    unchanged: int = 0
    conflicts: list[tuple[Key, str, str, Any, Any]] = field(default_factory=list)  # key, field, reason, ours, theirs

    def conflict(self, key: Key, field_name: str, reason: str, ours: Any = "", theirs: Any = "") -> None:
        """Note a conflict about a row."""
        self.conflicts.append((key, field_name, reason, ours, theirs))

    def revert(self, key: Key, columns: tuple[str, ...]) -> None:
        """Take back planned updates of some columns (a later check refused them)."""
        upd = self.updates.get(key)
        if upd is None:
            return
        for col in columns:
            upd.pop(col, None)
        if not set(upd) - {"modified_at"}:
            del self.updates[key]
            self.unchanged += 1


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _known(priors: list[Any]) -> list[Any]:
    return [v for v in priors if v is not UNKNOWN]


class Decider:
    """Decides one copy's merge against the project's current rows."""

    def __init__(self, p: State, c: State, rc: Records, rp: Records, aliased: set[Key], copy_name: str) -> None:
        self.p, self.c, self.rc, self.rp, self.aliased = p, c, rc, rp, aliased
        self.copy_name = copy_name
        self.plans: dict[str, TablePlan] = {}

    # -- the whole plan ------------------------------------------------------------------------
    def run(self) -> dict[str, TablePlan]:
        """Plans per table (children first, so that a parent knows what still refers to it)."""
        for table in ("variable_values", "summaries", "memos", "anchor_examples", "segments"):
            self.plans[table] = self._table(table, self._needed(table))
        self._codes()
        for table in ("variables", "documents"):
            self.plans[table] = self._table(table, self._needed(table))
        self._unique("variables", lambda r: r["name"].casefold(), ("name",), MAX_VARIABLE_NAME)
        self._unique("documents", lambda r: r["name"], ("name",), MAX_DOCUMENT_NAME)
        self._labels()
        self._check_values()
        return self.plans

    def row(self, table: str, key: Key) -> Row:
        """A row as it will be: the one here with its planned updates, or the one to add."""
        plan = self.plans[table]
        if key in plan.adds:
            return plan.adds[key]
        row = self.p.rows[table][key]
        upd = plan.updates.get(key)
        return {**row, **upd} if upd else row

    def final(self, table: str) -> Iterator[tuple[Key, Row, dict[str, Any] | None]]:
        """Rows of ``table`` after the plan: (key, row as it is or will be added, planned updates)."""
        plan = self.plans[table]
        for k, row in self.p.rows[table].items():
            if k not in plan.deletes:
                yield k, row, plan.updates.get(k)
        for k, row in plan.adds.items():
            yield k, row, None

    def _needed(self, table: str) -> set[Key]:
        """Keys of ``table`` that rows kept or added in tables decided already refer to."""
        out: set[Key] = set()
        for child, col in REFERRERS.get(table, []):
            if child not in self.plans:
                continue
            for _k, row, upd in self.final(child):
                v = upd.get(col, row[col]) if upd else row[col]
                if v is not None:
                    out.add(v)
        return out

    def _codes(self) -> None:
        """Codes refer to codes: decide until the parents that kept codes need are stable."""
        needed = self._needed("codes")
        while True:
            self.plans["codes"] = self._table("codes", needed)
            self._no_cycles()
            self._unique("codes", lambda r: (r["parent_id"], r["name"]), ("parent_id", "name"), MAX_CODE_NAME,
                         also=("sort_order",))
            grown = needed | {self.row("codes", k)["parent_id"] for k, _r, _u in self.final("codes")} - {None}
            if grown == needed:
                return
            needed = grown

    # -- one table -----------------------------------------------------------------------------
    def _table(self, table: str, needed: set[Key]) -> TablePlan:
        spec = SPECS[table]
        here, mine = self.p.rows[table], self.c.rows[table]
        plan = TablePlan()
        for k, c in mine.items():
            p = here.get(k)
            if p is not None:
                self._fields(table, k, p, c, plan)
                continue
            tomb = self.rp.tomb(table, k)
            if tomb is None:
                plan.adds[k] = c
            elif any(field_value(c, f) != field_value(tomb, f) for f in spec.fields if not f.quiet):
                plan.adds[k] = _back(c, tomb)
                plan.conflict(k, "", "deleted_here_changed_there")
            elif k in needed:
                plan.adds[k] = _back(c, tomb)
                plan.conflict(k, "", "deleted_here_needed")
            else:
                plan.unchanged += 1  # deleted here since; the copy has nothing new in it
        for k, p in here.items():
            tomb = None if k in mine else self.rc.tomb(table, k)
            if tomb is None:
                continue  # on both sides, or new here (or the copy's record of it is gone)
            if not spec.deletable:
                plan.conflict(k, "", "deleted_there_kept")
            elif self._held(table, p):
                plan.unchanged += 1  # kept with its document (that one conflict is reported)
            elif k in needed:
                plan.conflict(k, "", "deleted_there_still_used")
            elif not self._as_deleted(table, k, p, tomb):
                plan.conflict(k, "", "deleted_there_changed_here")
            else:
                plan.deletes.add(k)
        return plan

    def _held(self, table: str, row: Row) -> bool:
        """Whether the copy deleted this row along with a document (or variable) that a merge
        keeps: then the row stays too (a document keeps its codings, their memos …)."""
        for col, target in SPECS[table].refs.items():
            v = row[col]
            if v is None or self.rc.tomb(target, v) is None:
                continue
            parent = self.p.rows[target].get(v)
            if not SPECS[target].deletable or (parent is not None and self._held(target, parent)):
                return True
        return False

    def _as_deleted(self, table: str, key: Key, p: Row, tomb: Row) -> bool:
        """Whether the row here is as the copy had it (at some time) before deleting it."""
        for f in SPECS[table].fields:
            pv = field_value(p, f)
            if f.quiet or pv == field_value(tomb, f):
                continue
            if pv not in _known(self.rc.priors_of(table, key, f.name) or []):
                return False
        return True

    def _fields(self, table: str, key: Key, p: Row, c: Row, plan: TablePlan) -> None:
        """Decide each field of a row both sides have."""
        upd: dict[str, Any] = {}
        for f in SPECS[table].fields:
            pv, cv = field_value(p, f), field_value(c, f)
            if pv == cv:
                continue
            value = self._field(table, key, f, pv, cv, plan)
            if value is not _KEEP:
                upd.update(zip(f.columns, value if len(f.columns) > 1 else (value,)))
        if "text" in upd and table in TIMESTAMPED:
            upd["modified_at"] = (c["modified_at"] if upd["text"] == c["text"]
                                  else max(p["modified_at"], c["modified_at"]))
        if upd:
            plan.updates[key] = upd
        else:
            plan.unchanged += 1

    def _field(self, table: str, key: Key, f: Field, pv: Any, cv: Any, plan: TablePlan) -> Any:
        """The field's new value, or _KEEP for the project's."""
        priors = self.rc.priors_of(table, key, f.name)
        if priors is not None and pv in _known(priors):
            return cv  # the copy changed it; this project still has a value the copy had before
        # this project changed it since, or made the row itself (a merge that had to give it a free name)
        ours_newer = priors is None and (self.rp.priors_of(table, key, f.name) is not None
                                         or (f.name in ("name", "label") and self.rp.made(table, key)))
        if f.text:
            return _KEEP if ours_newer else self._join(key, f, pv, cv, plan)
        if priors is None and key in self.aliased and _empty(pv):
            return cv  # the same thing made on both sides: fill in what is empty here
        if not (f.quiet or ours_newer):
            plan.conflict(key, f.name, "unexplained" if priors is None else "both_changed", pv, cv)
        return _KEEP

    def _join(self, key: Key, f: Field, pv: Any, cv: Any, plan: TablePlan) -> Any:
        """Both wrote a free text: keep both, the copy's below the project's (once)."""
        if _empty(cv) or cv in (pv or ""):
            return _KEEP
        if _empty(pv):
            return cv
        plan.conflict(key, f.name, "texts_joined", pv, cv)
        mark = _("— from {copy} —", copy=self.copy_name)
        return f"{pv}\n\n{mark}\n{cv}"

    # -- names, trees and values that must stay valid -----------------------------------------
    def _no_cycles(self) -> None:
        """A code the copy moves below one of its own subcodes here stays where it is."""
        plan = self.plans["codes"]
        kept = {k for k, _r, _u in self.final("codes")}
        for k in sorted(k for k, upd in plan.updates.items() if "parent_id" in upd):
            seen, cur = {k}, self.row("codes", k)["parent_id"]
            while cur in kept and cur not in seen:
                seen.add(cur)
                cur = self.row("codes", cur)["parent_id"]
            if cur == k:
                plan.conflict(k, "parent_id", "cycle", self.p.rows["codes"][k]["parent_id"],
                              plan.updates[k]["parent_id"])
                plan.revert(k, ("parent_id", "sort_order"))

    def _unique(self, table: str, name_of: Callable[[Row], Any], ident: tuple[str, ...], max_len: int,
                also: tuple[str, ...] = ()) -> None:
        """Renames (and moves) that would clash are not taken (with ``also``, e.g. the place among
        siblings); new rows whose name is taken get a number."""
        plan = self.plans[table]
        while True:
            clashing = sorted(k for ks in self._groups(table, name_of).values() if len(ks) > 1 for k in ks
                              if set(plan.updates.get(k, ())) & set(ident))
            if not clashing:
                break
            for k in clashing:
                upd = plan.updates[k]
                changed = next(c for c in ident if c in upd)
                plan.conflict(k, changed, "name_taken", self.p.rows[table][k][changed], upd[changed])
                plan.revert(k, ident + also)
        groups = self._groups(table, name_of)
        taken = set(groups)
        for ks in groups.values():
            new = sorted(k for k in ks if k in plan.adds)
            for k in new[1:] if len(new) == len(ks) else new:  # among newcomers only, the first keeps it
                row = plan.adds[k]
                n = 2
                while name_of(dict(row, name=_numbered(row["name"], n, max_len))) in taken:
                    n += 1
                plan.adds[k] = dict(row, name=_numbered(row["name"], n, max_len))
                taken.add(name_of(plan.adds[k]))
                plan.conflict(k, "name", "renamed_new", plan.adds[k]["name"], row["name"])

    def _groups(self, table: str, name_of: Callable[[Row], Any]) -> dict[Any, list[Key]]:
        groups: dict[Any, list[Key]] = {}
        for k, _r, _u in self.final(table):
            groups.setdefault(name_of(self.row(table, k)), []).append(k)
        return groups

    def _labels(self) -> None:
        """Citation labels stay unique: a label change that clashes is not taken; a new document's
        label that is taken gets ``-2``, ``-3`` … (as importing does)."""
        plan = self.plans["documents"]
        owners: dict[str, list[Key]] = {}
        for k, _r, _u in self.final("documents"):
            label = self.row("documents", k)["label"]
            if label:
                owners.setdefault(label.casefold(), []).append(k)
        for k in sorted(k for k, upd in plan.updates.items() if "label" in upd):
            if len(owners[plan.updates[k]["label"].casefold()]) > 1:
                plan.conflict(k, "label", "name_taken", self.p.rows["documents"][k]["label"], plan.updates[k]["label"])
                plan.revert(k, ("label",))
        taken = {self.row("documents", k)["label"].casefold() for k, _r, _u in self.final("documents")
                 if k not in plan.adds}
        for k in sorted(plan.adds):
            label, n = plan.adds[k]["label"], 1
            while label and label.casefold() in taken:
                n += 1
                label = plan.adds[k]["label"][:MAX_LABEL - len(f"-{n}")].rstrip() + f"-{n}"
            taken.add(label.casefold())
            plan.adds[k] = dict(plan.adds[k], label=label)

    def _check_values(self) -> None:
        """Variable values from the copy must be valid values of the variable here (types may differ)."""
        plan = self.plans["variable_values"]
        types = {g: self.row("variables", g)["type"] for g, _r, _u in self.final("variables")}
        for k, row in list(plan.adds.items()):
            if not _valid(row["value"], types[k[1]]):
                del plan.adds[k]
                plan.conflict(k, "value", "type_differs", "", row["value"])
        for k, upd in list(plan.updates.items()):
            if not _valid(upd["value"], types[k[1]]):
                plan.conflict(k, "value", "type_differs", self.p.rows["variable_values"][k]["value"], upd["value"])
                plan.revert(k, ("value",))


def _back(row: Row, tomb: Row) -> Row:
    """A row this project deleted, brought back with the copy's values under its old id here."""
    return dict(row, _id_here=tomb["_id"]) if "_id" in tomb else row


def _numbered(name: str, n: int, max_len: int) -> str:
    suffix = f" ({n})"
    return name[:max_len - len(suffix)].rstrip() + suffix


def _valid(value: str, var_type: str) -> bool:
    try:
        return parse_value(value, var_type) == value
    except ValueError:
        return False
