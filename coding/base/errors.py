"""Errors the core raises; the CLI and GUI show their message as one clear line."""


class AndockError(Exception):
    """Base class: a problem the user can understand and act on (never a bug)."""


class InputError(AndockError):
    """A file or value given by the user cannot be used; nothing was changed."""


class NotFoundError(AndockError):
    """A named document, code, coder, variable or segment does not exist."""


class ConflictError(AndockError):
    """The action clashes with what is already in the project (e.g. a name in use)."""


class ProjectVersionError(AndockError):
    """The project file was written by a newer Andock or is not an Andock project."""


class Cancelled(AndockError):
    """The user cancelled a long operation; what it did so far was rolled back."""


class ProjectFileError(AndockError):
    """The project file cannot be used as asked (damaged, replaced, read-only, busy, disk full).

    Once raised for a damaged or replaced file, the open project refuses further writes.
    """


class ProjectDamagedError(ProjectFileError):
    """SQLite found the project file damaged: Andock will not write into it."""


class ProjectReplacedError(ProjectFileError):
    """Another program replaced, moved or deleted the project file while it was open."""


class NotAllowedError(AndockError):
    """The team database refused a change the connected role may not make (another coder's
    codings or memos, the codebook without the lead's rights); nothing was changed."""
