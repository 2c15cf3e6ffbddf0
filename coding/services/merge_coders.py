"""Coders in a merge: matched by GUID only, so two people who both called themselves "Lena" stay two.

A coder of the copy whose GUID is new here is added. When a coder here (or another newcomer) has
the same name, the coders of that name are told apart by when they were created: the first keeps
the name, the next are "Lena (2)", "Lena (3)" … — a rule that gives the same names whatever order
copies are merged in (even when that renames a coder here; the report says so). ``coder_map``
says that a copy's coder (by GUID or name) is a coder here (by name): their work is then that
coder's, and a name that is not here yet creates that coder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from coding.base.errors import InputError
from coding.base.messages import _
from coding.services.merge_report import CoderNote, CopyReport
from coding.services.merge_state import Row, State
from coding.text.textnorm import MAX_CODER_NAME, clean_name, lookup_name

_NUMBERED = re.compile(r"^(.*\S) \((\d+)\)$")


@dataclass
class CoderPlan:
    """What happens to coders: GUIDs of mapped copy coders, coders to add, coders here to rename."""

    tr: dict[str, str] = field(default_factory=dict)  # copy coder GUID -> coder GUID here
    adds: list[Row] = field(default_factory=list)  # neutral rows with their names here
    renames: dict[str, str] = field(default_factory=dict)  # GUID here -> new name


def clean_map(coder_map: Mapping[str, str] | None) -> dict[str, str]:
    """The mapping with names cleaned as coder names are (refuses empty or overlong names)."""
    out = {}
    for source, target in (coder_map or {}).items():
        out[lookup_name(source)] = clean_name(target, "a coder name", MAX_CODER_NAME)
    return out


def check_map(coder_map: Mapping[str, str], copies: Sequence[State]) -> None:
    """Refuse a mapping that names a coder no copy has (a typo would silently map nothing)."""
    known = {v for s in copies for g, row in s.rows["coders"].items() for v in (g, row["name"])}
    unknown = sorted(k for k in coder_map if k not in known)
    if unknown:
        raise InputError(_("no coder '{name}' in the copies (map a coder by the name or GUID it has in "
                           "its copy)", name=unknown[0]))


def _family(name: str) -> str:
    m = _NUMBERED.match(name)
    return m.group(1) if m else name


def _numbered(base: str, n: int) -> str:
    if n == 1:
        return base
    suffix = f" ({n})"
    return base[:MAX_CODER_NAME - len(suffix)].rstrip() + suffix


def plan_coders(p: State, c: State, coder_map: Mapping[str, str], report: CopyReport) -> CoderPlan:
    """Decide, for the copy's coders, which are here already, mapped, new, or renamed."""
    here = p.rows["coders"]
    by_name = {row["name"]: g for g, row in here.items()}
    plan = CoderPlan()
    newcomers: list[Row] = []
    for g, row in sorted(c.rows["coders"].items()):
        if g in here:
            continue
        target = coder_map.get(g, coder_map.get(row["name"]))
        if target is None:
            newcomers.append(row)
        elif target in by_name:
            plan.tr[g] = by_name[target]
            report.coders.append(_note(report, row, target, "mapped"))
        else:
            plan.adds.append(dict(row, name=target))
            by_name[target] = g
            report.coders.append(_note(report, row, target, "mapped"))
    names = [row["name"] for row in newcomers]
    clashing = {_family(n) for n in names if n in by_name or names.count(n) > 1}
    for row in newcomers:
        if _family(row["name"]) not in clashing:
            plan.adds.append(row)
            report.coders.append(_note(report, row, row["name"], "added"))
    for base in sorted(clashing):
        _rank(base, here, [r for r in newcomers if _family(r["name"]) == base], plan, report)
    report.counts["coders"].added += len(plan.adds)
    report.counts["coders"].updated += len(plan.renames)
    return plan


def _rank(base: str, here: dict, newcomers: list[Row], plan: CoderPlan, report: CopyReport) -> None:
    """Number a family of same-named coders by creation (then GUID): the first keeps the name."""
    members = [row for row in here.values() if _family(row["name"]) == base] + newcomers
    members.sort(key=lambda r: (r["created_at"], r["guid"]))
    new = {row["guid"] for row in newcomers}
    for n, row in enumerate(members, start=1):
        name = _numbered(base, n)
        if row["guid"] in new:
            plan.adds.append(dict(row, name=name))
            report.coders.append(_note(report, row, name, "added" if name == row["name"] else "renamed"))
        elif name != row["name"]:
            plan.renames[row["guid"]] = name
            report.coders.append(_note(report, row, name, "renamed_here"))


def _note(report: CopyReport, row: Row, name: str, how: str) -> CoderNote:
    return CoderNote(report.copy, row["guid"], row["name"], name, how)
