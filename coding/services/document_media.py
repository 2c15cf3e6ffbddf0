"""A document's recording: linking it, and finding it again after it was moved.

The project stores the recording's path relative to the project folder and its ``sha256:``
checksum (docs/architecture.md). The core does not import ``transcription``, where the media
checksum lives, so callers hand in a :class:`MediaFiles` built from ``transcription.audio``: which
file endings are recordings and how to checksum one. Checksums are computed before the write
transaction opens (hashing a long recording must not hold the project's write lock), and only
files with a recording's ending are ever opened — never the project file, whose SQLite locks any
other open/close in the process would drop.
"""
from __future__ import annotations

import contextlib
import os
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.errors import InputError, NotFoundError
from coding.base.ids import DocumentId
from coding.base.messages import _
from coding.base.progress import Progress, report
from coding.services.documents import relative_media_path
from coding.store.history import Recorder
from coding.store.models import TABLES

documents_t = TABLES["documents"]
_CHECKSUM = re.compile(r"^sha256:[0-9a-f]{64}$")
# folders a recording is never searched in: hidden ones (.git, .cache), Andock's own (backups,
# who-has-it-open), and the big generated ones
_SKIPPED_SUFFIXES = (".andock-backups", ".andock-open")
_SKIPPED_NAMES = frozenset({"__pycache__", "node_modules"})


@dataclass(frozen=True)
class MediaFiles:
    """What the caller knows about recordings (from ``transcription.audio``)."""

    suffixes: frozenset[str]  # file endings of recordings, lower case with the dot: ".wav"
    checksum: Callable[[Path], str]  # "sha256:<hex>" of a file; may raise OSError


@dataclass(frozen=True)
class MediaLink:
    """A document's link to its recording as stored (path relative to the project folder)."""

    path: str | None
    checksum: str | None
    duration_ms: int | None

    def location(self, base_dir: Path) -> Path | None:
        """Where the link points on this computer."""
        return None if self.path is None else Path(base_dir) / self.path


@dataclass(frozen=True)
class SearchLimits:
    """How far :func:`find_moved_media` looks, so that a huge folder cannot keep it busy for hours."""

    depth: int = 6  # folder levels below the project folder
    entries: int = 20_000  # files and folders looked at
    checksums: int = 50  # recordings read in full to compare checksums


@dataclass(frozen=True)
class MediaSearch:
    """What a search for a moved recording found."""

    found: Path | None
    in_place: bool  # the linked file is where the link says and unchanged: nothing had moved
    entries_seen: int
    checksummed: int
    complete: bool  # False when a limit stopped the search before every candidate was checked


def media_link(conn: Connection, document_id: DocumentId) -> MediaLink:
    """The document's stored link (all None when it has no recording)."""
    row = conn.execute(select(documents_t.c.media_path, documents_t.c.media_checksum,
                              documents_t.c.media_duration_ms).where(documents_t.c.id == document_id)).first()
    if row is None:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    return MediaLink(*row)


def check_recording(path: str | Path, media: MediaFiles) -> Path:
    """``path`` as an absolute path if it is a readable, non-empty file with a recording's ending."""
    path = Path(path)
    name = path.name or str(path)
    try:
        if not path.exists():
            raise InputError(_("{name}: file not found", name=name))
        if path.is_dir():
            raise InputError(_("{name}: is a folder, not a recording", name=name))
        if path.suffix.lower() not in media.suffixes:
            endings = ", ".join(sorted(s.lstrip(".") for s in media.suffixes))
            raise InputError(_("{name}: not a recording Andock can link (file endings: {endings})",
                               name=name, endings=endings))
        if path.stat().st_size == 0:
            raise InputError(_("{name}: the file is empty (0 bytes)", name=name))
        with open(path, "rb") as fh:  # readable at all (permissions, a vanished network share)
            fh.read(1)
    except OSError as exc:
        raise InputError(_("{name}: cannot be read ({reason})", name=name,
                           reason=exc.strerror or type(exc).__name__)) from None
    return path.absolute()


def link_media(rec: Recorder, document_id: DocumentId, path: str | Path, base_dir: str | Path, checksum: str,
               duration_ms: int | None = None) -> None:
    """Link the document to the recording at ``path`` with its (already computed) checksum.

    The path is stored relative to ``base_dir`` (the project folder). The recording's length is
    kept when the checksum is the one linked before (the same recording, moved), else replaced by
    ``duration_ms`` (None: unknown).
    """
    if not _CHECKSUM.match(checksum or ""):
        raise InputError(_("not a media checksum: '{checksum}'", checksum=checksum))
    path = Path(path)
    if not path.is_file():
        raise InputError(_("{name}: file not found", name=path.name))
    old = media_link(rec.conn, document_id)
    values: dict[str, object] = {"media_path": relative_media_path(path, Path(base_dir)),
                                 "media_checksum": checksum}
    if checksum != old.checksum:
        values["media_duration_ms"] = duration_ms
    rec.update("documents", document_id, values)


def link_recording(project, document_id: DocumentId, path: str | Path, media: MediaFiles,
                   duration_ms: int | None = None) -> MediaLink:
    """Check ``path``, checksum it, then link it in one undoable action ("Link recording")."""
    path = check_recording(path, media)
    checksum = _checksum(path, media)
    with project.action("Link recording") as act:
        link_media(act, document_id, path, project.base_dir, checksum, duration_ms)
        return media_link(act.conn, document_id)


def _checksum(path: Path, media: MediaFiles) -> str:
    try:
        return media.checksum(path)
    except OSError as exc:
        raise InputError(_("{name}: cannot be read ({reason})", name=path.name,
                           reason=exc.strerror or type(exc).__name__)) from None


# --- finding a moved recording ------------------------------------------------------------------

def find_moved_media(conn: Connection, document_id: DocumentId, base_dir: str | Path, media: MediaFiles,
                     limits: SearchLimits = SearchLimits(), progress: Progress | None = None) -> MediaSearch:
    """Look in the project folder for the document's recording by its checksum (nothing is changed).

    The linked place is checked first. Then the folder is walked breadth first, at most
    ``limits.depth`` levels and ``limits.entries`` entries, skipping hidden folders, Andock's
    backup folders and links to folders; files with a recording's ending are checksummed, those
    with the linked file's name first, at most ``limits.checksums`` of them.
    """
    return search_media(_linked(conn, document_id), Path(base_dir), media, limits, progress)


def _linked(conn: Connection, document_id: DocumentId) -> MediaLink:
    """The document's link; a document without a recording is refused."""
    link = media_link(conn, document_id)
    if link.checksum is None:
        name = conn.execute(select(documents_t.c.name).where(documents_t.c.id == document_id)).scalar_one()
        raise InputError(_("'{document}' has no linked recording", document=name))
    return link


def search_media(link: MediaLink, base_dir: Path, media: MediaFiles, limits: SearchLimits = SearchLimits(),
                 progress: Progress | None = None) -> MediaSearch:
    """The search of :func:`find_moved_media` for a link read before (no database needed)."""
    linked = link.location(base_dir)
    if linked is not None and _matches(linked, link.checksum, media):
        return MediaSearch(linked, True, 0, 1, True)
    candidates, seen, complete = _candidates(base_dir, media.suffixes, limits)
    if linked is not None:
        candidates = [c for c in candidates if c != linked]
        wanted = Path(link.path or "").name.casefold()
        candidates.sort(key=lambda c: c.name.casefold() != wanted)  # stable: nearest first otherwise
    if len(candidates) > limits.checksums:
        candidates, complete = candidates[:limits.checksums], False
    found, checked = None, 0
    for candidate in candidates:
        report(progress, checked, len(candidates), candidate.name)
        checked += 1
        if _matches(candidate, link.checksum, media):
            found = candidate
            break
    report(progress, len(candidates), len(candidates), "")
    return MediaSearch(found, False, seen, checked, complete)


def _matches(path: Path, checksum: str | None, media: MediaFiles) -> bool:
    """Whether ``path`` is a file with this checksum; a missing or unreadable file is not."""
    with contextlib.suppress(OSError):
        return path.is_file() and media.checksum(path) == checksum
    return False


def _candidates(base_dir: Path, suffixes: frozenset[str], limits: SearchLimits) -> tuple[list[Path], int, bool]:
    """Files with a recording's ending below ``base_dir``, nearest first; entries seen; whether all were seen."""
    found: list[Path] = []
    seen = 0
    queue = deque([(base_dir, 0)])
    while queue:
        folder, depth = queue.popleft()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    seen += 1
                    if seen > limits.entries:
                        return found, seen - 1, False
                    if entry.is_dir(follow_symlinks=False):
                        if depth < limits.depth and not _skipped(entry.name):
                            queue.append((Path(entry.path), depth + 1))
                    elif Path(entry.name).suffix.lower() in suffixes and entry.is_file():
                        found.append(Path(entry.path))
        except OSError:
            continue  # a folder we may not read holds nothing we could link
    return found, seen, True


def _skipped(folder_name: str) -> bool:
    return (folder_name.startswith(".") or folder_name in _SKIPPED_NAMES
            or folder_name.endswith(_SKIPPED_SUFFIXES))


def relink_moved_media(project, document_id: DocumentId, media: MediaFiles, limits: SearchLimits = SearchLimits(),
                       progress: Progress | None = None) -> MediaSearch:
    """Find the document's moved recording and, when found elsewhere, link it there (one action).

    The search runs outside any transaction (a long read would hold back checkpoints); only the
    new link is written ("Relink recording").
    """
    with project.read() as conn:
        link = _linked(conn, document_id)
    search = search_media(link, project.base_dir, media, limits, progress)
    if search.found is not None and not search.in_place:
        with project.action("Relink recording") as act:
            link_media(act, document_id, search.found, project.base_dir, link.checksum or "")
    return search
