"""Progress reporting for long operations (Orange3 style: a plain callback that may cancel)."""
from __future__ import annotations

from typing import Protocol

from coding.base.errors import Cancelled
from coding.base.messages import _


class Progress(Protocol):
    """Called with work done so far, total work (0 if unknown) and a short message.

    Returning ``False`` (or raising :class:`Cancelled`) asks the operation to stop.
    """

    def __call__(self, done: float, total: float, message: str = "") -> bool | None: ...


def report(progress: Progress | None, done: float, total: float, message: str = "") -> None:
    """Call ``progress`` and raise :class:`Cancelled` when it asks to stop."""
    if progress is None:
        return
    if progress(done, total, message) is False:
        raise Cancelled(_("Abgebrochen / cancelled"))
