"""What the command and the window tell the core about recordings (the core never imports
``transcription``): which file endings are recordings and how to checksum one."""
from __future__ import annotations

from coding.services.document_media import MediaFiles


def media_files() -> MediaFiles:
    """Recordings as transcription reads them: its file endings and its checksum."""
    from transcription import audio  # not at start-up: every other command would pay for numpy

    return MediaFiles(frozenset(audio.SUPPORTED), audio.file_checksum)
