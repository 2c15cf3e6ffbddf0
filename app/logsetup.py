"""Logging for bug reports: a rotating file in the user's log folder, warnings on the terminal.

Everything Andock logs goes to the ``andock`` logger tree (``andock.project``, ``andock.gui``,
…): at INFO and above into ``andock.log`` (1 MB, 5 files kept) in the user's log folder
(platformdirs; ``ANDOCK_LOG_DIR`` overrides it), and warnings on stderr for the command line.
``--verbose`` adds DEBUG to both. Logs name files and actions, never transcript text.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_ENV = "ANDOCK_LOG_DIR"
_OURS = "_andock_handler"


def log_dir() -> Path:
    """Where Andock's log files are (created on first use)."""
    override = os.environ.get(LOG_ENV, "").strip()
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("andock", appauthor=False))


def setup_logging(verbose: bool = False, console: bool = True) -> Path | None:
    """Configure the ``andock`` loggers; returns the log file (None if it cannot be written)."""
    logger = logging.getLogger("andock")
    for handler in [h for h in logger.handlers if getattr(h, _OURS, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter("andock: %(levelname)s: %(message)s" if verbose
                                              else "andock: warning: %(message)s"))
        if not verbose:  # tracebacks go to the file; the terminal gets one line from the caller
            stream.addFilter(lambda record: not record.exc_info)
        setattr(stream, _OURS, True)
        logger.addHandler(stream)
    path = log_dir() / "andock.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                    encoding="utf-8", delay=True)
    except OSError:
        return None  # a read-only home: Andock works without its log
    file.setLevel(logging.DEBUG if verbose else logging.INFO)
    file.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
    setattr(file, _OURS, True)
    logger.addHandler(file)
    return path
