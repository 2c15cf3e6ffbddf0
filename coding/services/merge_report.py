"""What a merge of coders' copies did (or, in a dry run, would do): counts, conflicts, notes."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from coding.base.messages import _, _n

KINDS = ("coders", "documents", "variables", "codes", "segments", "anchor_examples", "memos", "summaries",
         "variable_values")


def kind_names() -> dict[str, str]:
    """What each kind of row is called, in the current language."""
    return {"coders": _("coders"), "documents": _("documents"), "variables": _("variables"),
            "codes": _("codes"), "segments": _("codings"), "anchor_examples": _("anchor examples"),
            "memos": _("memos"), "summaries": _("summaries"), "variable_values": _("variable values")}


@dataclass
class Counts:
    """Rows of one kind: added, updated, deleted, equal on both sides, and in conflict."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def add(self, other: "Counts") -> None:
        """Add another copy's counts to these."""
        for name in ("added", "updated", "deleted", "unchanged", "conflicts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# Why a difference was not simply taken over (stable codes for scripts; message() says it in words).
REASONS = ("both_changed", "unexplained", "texts_joined", "deleted_here_changed_there",
           "deleted_here_needed", "deleted_there_changed_here", "deleted_there_still_used",
           "deleted_there_kept", "name_taken", "renamed_new", "cycle", "type_differs")


@dataclass(frozen=True)
class Conflict:
    """One difference the merge could not take over as it was, and what it did instead."""

    copy: str  # the copy's file name
    kind: str  # one of KINDS
    item: str  # what: a code's path, a document's name, a coding's place
    field: str  # the field ("" for the whole row)
    reason: str  # one of REASONS
    project_value: str = ""
    copy_value: str = ""

    def message(self) -> str:
        """One sentence for the user."""
        v = {"item": self.item, "field": self.field, "copy": self.copy, "ours": self.project_value,
             "theirs": self.copy_value}
        texts = {
            "both_changed": _("{item}: {field} was changed here ('{ours}') and in {copy} ('{theirs}'); "
                              "kept '{ours}'", **v),
            "unexplained": _("{item}: {field} is '{ours}' here and '{theirs}' in {copy}, and neither history "
                             "says which side changed it; kept '{ours}'", **v),
            "texts_joined": _("{item}: {field} was written here and in {copy}; the copy's text was added "
                              "below this project's", **v),
            "deleted_here_changed_there": _("{item}: deleted here, but changed in {copy} since; brought back",
                                            **v),
            "deleted_here_needed": _("{item}: deleted here, but new work in {copy} refers to it; brought back",
                                     **v),
            "deleted_there_changed_here": _("{item}: deleted in {copy}, but changed here since; kept", **v),
            "deleted_there_still_used": _("{item}: deleted in {copy}, but other work here refers to it; kept",
                                          **v),
            "deleted_there_kept": _("{item}: deleted in {copy}; a merge never deletes this kind; kept", **v),
            "name_taken": _("{item}: {copy} changes its {field} to '{theirs}', which is taken here; kept "
                            "'{ours}'", **v),
            "renamed_new": _("{item}: new in {copy}, but the name '{theirs}' is taken here; added as '{ours}'",
                             **v),
            "cycle": _("{item}: {copy} moves it below one of its own subcodes here; kept where it is", **v),
            "type_differs": _("{item}: '{theirs}' from {copy} is not a valid value of this project's variable; "
                              "not taken", **v),
        }
        return texts[self.reason]


@dataclass(frozen=True)
class OtherText:
    """A document whose text differs between the copy and the project: added as a document of its own."""

    copy: str
    document: str  # its name here
    added_as: str  # the name of the copy's version here


@dataclass(frozen=True)
class CoderNote:
    """A coder of the copy that is new here, was renamed to tell two people apart, or was mapped."""

    copy: str
    guid: str
    name_in_copy: str
    name: str  # the name here
    how: str  # "added", "renamed" (two people with one name), "mapped" (coder_map), "renamed_here"

    def message(self) -> str:
        """One sentence for the user."""
        v = {"copy": self.copy, "theirs": self.name_in_copy, "ours": self.name}
        return {
            "added": _("coder '{ours}' from {copy} added", **v),
            "renamed": _("coder '{theirs}' from {copy} is a different person than '{theirs}' here: added as "
                         "'{ours}' (map them with --map-coder if they are the same)", **v),
            "renamed_here": _("coder '{theirs}' here is now called '{ours}': a coder of the same name from "
                              "{copy} was created earlier", **v),
            "mapped": _("coder '{theirs}' from {copy} is '{ours}' here (as mapped)", **v),
        }[self.how]


@dataclass
class CopyReport:
    """What merging one copy did."""

    copy: str
    same_project: bool = True  # False: the copy comes from another project (everything in it is new here)
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    conflicts: list[Conflict] = field(default_factory=list)
    other_texts: list[OtherText] = field(default_factory=list)
    coders: list[CoderNote] = field(default_factory=list)
    joined: int = 0  # codings joined into a touching coding of the same code and coder (merge_join)

    def conflict(self, kind: str, item: str, field_name: str, reason: str, ours: Any = "", theirs: Any = "") -> None:
        """Note a conflict (and count it)."""
        self.conflicts.append(Conflict(self.copy, kind, item, field_name, reason, _short(ours), _short(theirs)))
        self.counts[kind].conflicts += 1


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:119] + "…"


@dataclass
class MergeReport:
    """The whole merge: one report per copy, in the order merged."""

    dry_run: bool = False
    copies: list[CopyReport] = field(default_factory=list)

    def totals(self) -> dict[str, Counts]:
        """Counts over all copies."""
        out = {k: Counts() for k in KINDS}
        for rep in self.copies:
            for kind, counts in rep.counts.items():
                out[kind].add(counts)
        return out

    def changed(self) -> bool:
        """Whether the merge changes anything."""
        return any(c.added or c.updated or c.deleted for c in self.totals().values())

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (``andock merge --json``, docs/cli.md)."""
        return {"dry_run": self.dry_run,
                "totals": {k: asdict(c) for k, c in self.totals().items()},
                "copies": [{"copy": r.copy, "same_project": r.same_project,
                            "counts": {k: asdict(c) for k, c in r.counts.items()},
                            "conflicts": [dict(asdict(c), message=c.message()) for c in r.conflicts],
                            "documents_with_other_text": [asdict(o) for o in r.other_texts],
                            "coders": [dict(asdict(n), message=n.message()) for n in r.coders],
                            "joined": r.joined}
                           for r in self.copies]}

    def lines(self) -> list[str]:
        """A summary for a terminal or a dialog: counts per kind, then every note and conflict."""
        names = kind_names()
        out = []
        for kind, c in self.totals().items():
            if c.added or c.updated or c.deleted or c.conflicts:
                out.append(_("{kind}: {added} added, {updated} updated, {deleted} deleted, {unchanged} unchanged, "
                             "{conflicts} conflicts", kind=names[kind], added=c.added, updated=c.updated,
                             deleted=c.deleted, unchanged=c.unchanged, conflicts=c.conflicts))
        for rep in self.copies:
            if not rep.same_project:
                out.append(_("{copy} is not a copy of this project but of another one: what it holds was "
                             "added as new", copy=rep.copy))
            out += [n.message() for n in rep.coders if n.how != "added"]
            out += [_("'{document}' has another text in {copy}: its version was added as '{name}' with its "
                      "codings", document=o.document, copy=o.copy, name=o.added_as) for o in rep.other_texts]
            out += [c.message() for c in rep.conflicts]
            if rep.joined:
                out.append(_n("{n} coding from {copy} overlapped or touched a coding of the same code by the same "
                              "coder and was joined with it (as coding by hand does; memos kept)",
                              "{n} codings from {copy} overlapped or touched codings of the same code by the same "
                              "coder and were joined with them (as coding by hand does; memos kept)",
                              rep.joined, copy=rep.copy))
        return out
