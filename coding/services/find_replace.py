"""Find & replace in one or all documents: one undoable action, codings kept on their words.

A replacement is an ordinary text edit (coding/services/text_edit), so codings, speaker turns,
time anchors and word timings move with their words, and undo takes the whole replacement back
at once. Matching is bounded in time (coding/text/pattern). Two steps, as in a word processor:
:func:`find_replacements` lists what would change (the preview, ``--dry-run``); :func:`replace`
changes it — all of it, or the chosen hits, after checking that their text is still there.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import regex as regex_module
from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.errors import ConflictError, InputError
from coding.base.ids import DocumentId
from coding.base.messages import _
from coding.services.text_edit import edit_text
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.text.pattern import SEARCH_SECONDS, bounded_matches, compile_search
from coding.text.remap import Edit

documents_t = TABLES["documents"]


@dataclass(frozen=True)
class Replacement:
    """One match and what it becomes; ``before``/``after``: a little context for the preview."""

    document_id: DocumentId
    document: str
    start: int
    end: int
    match: str
    replacement: str
    before: str = ""
    after: str = ""


@dataclass
class ReplaceReport:
    """What a replacement did: changes per document name, and codings it shortened or removed."""

    per_document: dict[str, int]
    removed_codings: int = 0
    shrunk_codings: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_document.values())


def _texts(conn: Connection, documents: Iterable[DocumentId] | None) -> list[tuple[DocumentId, str, str]]:
    q = select(documents_t.c.id, documents_t.c.name, documents_t.c.text).order_by(
        documents_t.c.sort_order, documents_t.c.name)
    if documents is not None:
        q = q.where(documents_t.c.id.in_(list(documents)))
    return [(DocumentId(i), n, t) for i, n, t in conn.execute(q)]


def _expand(m: regex_module.Match, template: str, regex: bool) -> str:
    """The replacement for one match: the template with ``\\1``/``\\g<name>`` filled in (regex)."""
    if not regex:
        return template
    try:
        return m.expand(template)
    except (regex_module.error, IndexError) as exc:
        raise InputError(_("invalid replacement {template!r}: {exc}", template=template, exc=exc)) from None


def find_replacements(conn: Connection, pattern: str, replacement: str, *, regex: bool = False,
                      case_sensitive: bool = False, documents: Iterable[DocumentId] | None = None,
                      context: int = 30, timeout: float = SEARCH_SECONDS,
                      should_stop: Callable[[], bool] | None = None) -> list[Replacement]:
    """Every change that replacing ``pattern`` by ``replacement`` would make, in document order.

    Matches that would not change anything (the replacement equals the match) are left out.
    """
    rx = compile_search(pattern, regex=regex, case_sensitive=case_sensitive)
    deadline = time.monotonic() + timeout
    out: list[Replacement] = []
    for did, name, text in _texts(conn, documents):
        for m in bounded_matches(rx, text, deadline, timeout, should_stop):
            new = _expand(m, replacement, regex)
            if new != m.group(0):
                out.append(Replacement(did, name, m.start(), m.end(), m.group(0), new,
                                       text[max(0, m.start() - context):m.start()], text[m.end():m.end() + context]))
    return out


def replace(rec: Recorder, changes: Sequence[Replacement]) -> ReplaceReport:
    """Make ``changes`` (from :func:`find_replacements`, possibly a chosen part) as one action.

    Refuses with ConflictError, changing nothing, when a match's text is no longer where the
    search found it (someone edited the document since): search again.
    """
    by_doc: dict[DocumentId, list[Replacement]] = {}
    for c in changes:
        by_doc.setdefault(c.document_id, []).append(c)
    report = ReplaceReport({})
    for did, items in by_doc.items():
        text = rec.conn.execute(select(documents_t.c.text).where(documents_t.c.id == did)).scalar()
        for c in items:
            if text is None or text[c.start:c.end] != c.match:
                raise ConflictError(_("{document} changed since the search (“{match}” is no longer at "
                                      "{start}); search again", document=c.document, match=c.match, start=c.start))
        edit = edit_text(rec, did, edits=[Edit(c.start, c.end, c.replacement) for c in items])
        report.per_document[items[0].document] = len(items)
        report.removed_codings += len(edit.removed)
        report.shrunk_codings += len(edit.shrunk)
    return report
