"""Every user action is one transaction that also stores its inverse, for undo and redo.

An :class:`Action` is a :class:`~coding.store.recorder.Recorder` bound to one user action: it
performs inserts, updates and deletes and remembers, for each, the operation that undoes it.
Undo and redo are stored in the project file (``history`` table) and available to any process
that opens it. Whose entry is whose, and when an undo is refused, is :mod:`history_stack`'s
part; :mod:`history_check` compares rows with how an entry left them; :mod:`history_ids` keeps
SQLite from reusing ids; :mod:`history_ops` holds the stored operations as typed values and
their JSON form. This module is the public face: the recorder's names are offered here.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

from coding.base.ids import CoderId
from coding.store import history_stack as stack
from coding.store.history_stack import peek, redo_next, undo_last  # noqa: F401 - the public undo API
from coding.store.recorder import (  # noqa: F401 - the recorder's names, offered here
    ChangeSet, Recorder, write_hooks)


class Action(Recorder):
    """A recorder bound to one user action; :meth:`commit_history` stores it for undo.

    The action belongs to ``coder_id`` when the caller sets it (the coder a window or a
    ``--coder`` option acts as), else to the project's current coder; only that coder's undo
    takes it back.
    """

    def __init__(self, conn: Connection, description: str) -> None:
        super().__init__(conn)
        self.description = description
        self.changes.description = description
        self.coder_id: CoderId | None = None

    def commit_history(self) -> None:
        """Store the undo operations and drop this coder's redo list (a new action forks it)."""
        if self.ids is not None:
            self.ids.flush()
        if not self.undo_ops:
            return
        stack.record(self.conn, self.description, self.undo_ops, stack.actor_guid(self.conn, self.coder_id))
