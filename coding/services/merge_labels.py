"""Rows and values of a merge in words, for its report: a code's path, a coding's place, a memo's target."""
from __future__ import annotations

from typing import Any

from coding.base.messages import _
from coding.services.codes import join_path
from coding.services.merge_history import Records
from coding.services.merge_state import Key, Row, State


def field_names() -> dict[str, str]:
    """Fields as the user knows them, in the current language."""
    return {"": "", "name": _("name"), "label": _("citation label"), "media": _("recording"),
            "language": _("language"), "parent_id": _("parent code"), "colour": _("colour"),
            "definition": _("definition"), "inclusion": _("inclusion criteria"),
            "exclusion": _("exclusion criteria"), "coding_rules": _("coding rules"), "code_id": _("code"),
            "range": _("position"), "key_quote": _("key quote"), "quote": _("quote"), "source": _("source"),
            "title": _("title"), "text": _("text"), "value": _("value")}


class Labels:
    """Finds rows on either side (or as deleted) to describe them."""

    def __init__(self, p: State, c: State, records: tuple[Records, ...] = ()) -> None:
        self.sides = (p, c)
        self.records = records

    def row(self, table: str, key: Key) -> Row | None:
        """The row here, else in the copy, else as a side deleted it."""
        for side in self.sides:
            row = side.rows[table].get(key)
            if row is not None:
                return row
        for rec in self.records:
            row = rec.tomb(table, key)
            if row is not None:
                return row
        return None

    def _name(self, table: str, key: Key | None) -> str:
        row = self.row(table, key) if key is not None else None
        return "?" if row is None else row["name"]

    def code_path(self, key: Key | None) -> str:
        """A code's path Parent/Child (as far as it is known)."""
        names: list[str] = []
        seen = set()
        while key is not None and key not in seen:
            seen.add(key)
            row = self.row("codes", key)
            if row is None:
                break
            names.append(row["name"])
            key = row["parent_id"]
        return join_path(names[::-1]) if names else "?"

    def item(self, table: str, key: Key) -> str:
        """What a row is, in words."""
        row = self.row(table, key) or {}
        if table in ("coders", "documents", "variables"):
            return str(row.get("name", "?"))
        if table == "codes":
            return _("code {path}", path=self.code_path(key))
        if table == "segments":
            return _("coding {code} by {coder} in {document} at {start}–{end}",
                     code=self.code_path(row.get("code_id")), coder=self._name("coders", row.get("coder_id")),
                     document=self._name("documents", row.get("document_id")), start=row.get("start_pos"),
                     end=row.get("end_pos"))
        if table == "anchor_examples":
            return _("anchor example of {code}", code=self.code_path(row.get("code_id")))
        if table == "memos":
            return _("memo on {target}", target=self._target(row))
        if table == "summaries":
            where = (self._name("documents", row.get("document_id")) if row.get("document_id")
                     else f"{self._name('variables', row.get('variable_id'))} = {row.get('value')}")
            return _("summary of {code} for {where}", code=self.code_path(row.get("code_id")), where=where)
        return _("{variable} of {document}", variable=self._name("variables", key[1]),
                 document=self._name("documents", key[0]))

    def _target(self, row: Row) -> str:
        if row.get("document_id"):
            return self._name("documents", row["document_id"])
        if row.get("code_id"):
            return self.code_path(row["code_id"])
        if row.get("segment_id"):
            return self.item("segments", row["segment_id"])
        return _("the project")

    def field(self, name: str) -> str:
        """A field's name in words."""
        return field_names().get(name, name)

    def value(self, name: str, value: Any) -> str:
        """A field's value in words (a code's path for a parent or code, a range as start–end)."""
        if name in ("parent_id", "code_id"):
            return self.code_path(value) if value else _("(top level)")
        if isinstance(value, tuple):
            return "–".join("" if v is None else str(v) for v in value)
        return "" if value is None else str(value)
