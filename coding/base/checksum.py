"""The one way Andock identifies a file's content: ``sha256:<hex>``, read in 1 MB chunks.

Used for media files (the project stores their checksum to find a moved recording again) and by
``transcription`` for the recordings it probes — the one module of the core that package may
import (see the contract in pyproject.toml). Never used on an open project file: only SQLite
touches that (coding/store/fileguard.py).
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def file_checksum(path: Path) -> str:
    """``sha256:<hex>`` of a file, read in chunks (audio files are large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return f"sha256:{h.hexdigest()}"
