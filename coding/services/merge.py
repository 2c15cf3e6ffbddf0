"""Merging coders' copies of a project into it, as one undoable action (issue 12).

A team codes independently: each coder gets a copy of the project file, codes on their laptop,
and the copies come back. :func:`merge_copies` brings one or more of them into the open project:

- rows are matched by GUID (then by the fallbacks of :mod:`merge_match`), coders by GUID only;
- what a copy changed since it was made is taken over, what the project changed stays; which
  side changed what is read from both undo histories (:mod:`merge_history`), so nothing is
  guessed from timestamps; the rules per field are in :mod:`merge_plan`;
- a document whose text differs is never mixed: the copy's version is added as a document of
  its own with its codings (:mod:`merge_match`);
- codings of one code and coder that the merge brings to overlap or touch (coders mapped to one
  person) are joined as coding by hand joins them (:mod:`merge_join`);
- everything happens in one action, so one undo takes the whole merge back; a dry run does the
  same work in a transaction that is rolled back, so its report is what the merge would do.

For a window: open the copies with :func:`open_copies` (or let :func:`merge_copies` do it), run
:func:`merge_into` inside the window's action, and show :class:`MergeReport` (``lines()``).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base import labels
from coding.base.errors import InputError
from coding.base.ids import CoderId
from coding.base.messages import _, _n
from coding.base.progress import Progress, report as report_progress
from coding.services.merge_apply import Writer
from coding.services.merge_coders import CoderPlan, check_map, clean_map, plan_coders
from coding.services.merge_history import Entry, own_ops, read_history, records, remember_deleted
from coding.services.merge_join import join_touching
from coding.services.merge_labels import Labels
from coding.services.merge_match import match, translate
from coding.services.merge_plan import Decider, TablePlan
from coding.services.merge_report import Conflict, CoderNote, Counts, CopyReport, MergeReport, OtherText
from coding.services.merge_state import State, read_state
from coding.store import db
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.store.project import Project

__all__ = ["Conflict", "CoderNote", "Copy", "Counts", "CopyReport", "MergeReport", "OtherText", "merge_copies",
           "merge_into", "open_copies"]


@dataclass
class Copy:
    """A coder's copy, open read-only (an older file is upgraded in a temporary folder first)."""

    name: str  # its file name, for the report
    label: str  # its file name without ending, for the name of a document whose text differs
    project: Project
    temporary: Path | None = None  # the folder of an upgraded copy, removed on close

    def close(self) -> None:
        """Close the copy (and remove an upgraded temporary copy)."""
        self.project.close()
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def open_copy(path: str | Path, project: Project | None = None) -> Copy:
    """Open a copy for merging; refuses the project itself, non-projects, damaged and newer files."""
    path = Path(path)
    if not path.is_file():
        raise InputError(_("{path}: no such project file", path=path))
    # compared by the file system, without opening it: opening the open project's file a second
    # time in this process would drop SQLite's locks on it (coding/store/fileguard.py)
    if project is not None and project.path is not None and os.path.samefile(path, project.path):
        raise InputError(_("{name} is the project itself, not a copy of it", name=path.name))
    revision = db.read_file_revision(path)
    if revision is not None and db.check_revision(path.name, revision):
        # saved by an older Andock: upgrade a temporary copy; the coder's file stays as it is
        folder = Path(tempfile.mkdtemp(prefix="andock-merge-"))
        try:
            if Path(f"{path}-wal").exists():
                db.backup_sqlite(path, folder / path.name)
            else:  # the file alone is complete: copied as bytes, SQLite leaves nothing beside it
                shutil.copyfile(path, folder / path.name)
            upgraded = Project.open(folder / path.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return Copy(path.name, path.stem, upgraded, folder)
    return Copy(path.name, path.stem, Project.open(path, read_only=True))


@contextmanager
def open_copies(paths: Sequence[str | Path], project: Project | None = None) -> Iterator[list[Copy]]:
    """Open all copies (all or none: a bad one closes those opened before); close them afterwards."""
    copies: list[Copy] = []
    try:
        for path in paths:
            copies.append(open_copy(path, project))
        yield copies
    finally:
        for copy in copies:
            copy.close()


@dataclass
class _Side:
    copy: Copy
    state: State
    history: list[Entry]
    project_guid: str


def _project_guid(conn: Connection) -> str:
    """The project's own GUID: a file copy has its project's."""
    return conn.execute(select(TABLES["project_info"].c.guid)).scalar_one()


def merge_into(rec: Recorder, copies: Sequence[Copy], coder_map: Mapping[str, str] | None = None,
               progress: Progress | None = None) -> MergeReport:
    """Merge the copies, one after the other, inside the caller's action; returns what was done.

    ``coder_map``: a copy's coder (GUID or name in the copy) -> the name of a coder here.
    """
    cmap = clean_map(coder_map)
    sides = []
    for i, copy in enumerate(copies):
        report_progress(progress, i, 2 * len(copies), _("Reading {copy}", copy=copy.name))
        with copy.project.read() as conn:
            side = _Side(copy, read_state(conn), read_history(conn), _project_guid(conn))
        remember_deleted(side.state, side.history)
        sides.append(side)
    check_map(cmap, [s.state for s in sides])
    p_history = read_history(rec.conn)
    out = MergeReport()
    for i, side in enumerate(sides):
        report_progress(progress, len(copies) + i, 2 * len(copies), _("Merging {copy}", copy=side.copy.name))
        out.copies.append(_merge_one(rec, side, p_history, cmap))
    report_progress(progress, 1, 1, "")
    return out


def _merge_one(rec: Recorder, side: _Side, p_history: list[Entry], cmap: dict[str, str]) -> CopyReport:
    """Plan and write one copy against the project as it is now (earlier copies included)."""
    report = CopyReport(side.copy.name, same_project=side.project_guid == _project_guid(rec.conn))
    p = read_state(rec.conn)
    remember_deleted(p, p_history, rec.undo_ops)
    rp = records(p, own_ops(p_history, side.history) + [list(rec.undo_ops)])
    rc = records(side.state, own_ops(side.history, p_history))
    coder_plan = plan_coders(p, side.state, cmap, report)
    matching = match(p, side.state, coder_plan.tr, side.copy.label)
    c = translate(side.state, matching)
    rc.translate(matching.tr)
    plans = Decider(p, c, rc, rp, matching.aliased, side.copy.name).run()
    with side.copy.project.read() as conn:
        writer = Writer(rec, p, conn)
        writer.write(coder_plan, plans)
    report.joined = _join(rec, writer, p, coder_plan, plans["segments"])
    _fill(report, plans, Labels(p, c, (rp, rc)))
    for variant, (here, name) in sorted(matching.variants.items()):
        final = plans["documents"].adds[variant]["name"] if variant in plans["documents"].adds else name
        report.other_texts.append(OtherText(side.copy.name, here, final))
    return report


def _join(rec: Recorder, writer: Writer, p: State, coder_plan: CoderPlan, segs: TablePlan) -> int:
    """Join the codings this copy added or moved with touching ones of the same code and coder here."""
    moved = [k for k, upd in segs.updates.items() if {"code_id", "start_pos", "end_pos"} & set(upd)]
    rows = [*segs.adds.values(), *(p.rows["segments"][k] for k in moved)]
    new_coders = {row["guid"] for row in coder_plan.adds}  # all their codings are this copy's
    coders = {writer.ids["coders"][row["coder_id"]] for row in rows if row["coder_id"] not in new_coders}
    return join_touching(rec, [writer.ids["segments"][k] for k in [*segs.adds, *moved]], coders)


def _fill(report: CopyReport, plans: dict[str, TablePlan], labels: Labels) -> None:
    """The plans' counts and conflicts, in words."""
    for table, plan in plans.items():
        counts = report.counts[table]
        counts.add(Counts(len(plan.adds), len(plan.updates), len(plan.deletes), plan.unchanged))
        for key, field_name, reason, ours, theirs in plan.conflicts:
            report.conflict(table, labels.item(table, key), labels.field(field_name), reason,
                            labels.value(field_name, ours), labels.value(field_name, theirs))


class _DryRun(Exception):
    """Rolls the merge's transaction back, carrying its report out."""

    def __init__(self, report: MergeReport) -> None:
        super().__init__("dry run")
        self.report = report


def merge_copies(project: Project, paths: Sequence[str | Path], coder_map: Mapping[str, str] | None = None,
                 dry_run: bool = False, progress: Progress | None = None,
                 coder: CoderId | None = None) -> MergeReport:
    """Merge coders' copies (``*.andock`` files) into ``project`` as one undoable action.

    ``dry_run``: do everything, report it, and roll it back (nothing changes). ``coder``: whose
    action the merge is (whose undo takes it back; default: the project's current coder). Bad
    input (not a project, damaged, from a newer Andock, the project itself, an unknown coder in
    ``coder_map``) raises before anything is changed.
    """
    if not paths:
        raise InputError(_("name at least one copy to merge"))
    with open_copies(paths, project) as copies:
        description = labels.stored(labels.MERGE, copies=", ".join(c.name for c in copies))
        try:
            with project.action(description) as act:
                act.coder_id = coder
                result = merge_into(act, copies, coder_map, progress)
                if dry_run:
                    raise _DryRun(result)
                act.changes.messages.append(_n("{n} copy merged", "{n} copies merged", len(copies)))
        except _DryRun as rolled_back:
            result = rolled_back.report
            result.dry_run = True
    return result
