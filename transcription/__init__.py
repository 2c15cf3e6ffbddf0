"""Audio -> timed, speaker-labelled transcript, locally (Whisper). No Qt, no SQL, no ``coding``.

Modules: ``audio`` (decode, checksum, windows), ``models`` (find/download models), ``engines``
(faster-whisper, openai-whisper), ``pipeline`` (the whole run as one function), ``runner``
(child process with typed messages), ``journal`` (resume after a crash), ``conventions``
(turns, pause marks, no text on silence), ``speakers``, ``writers`` (TXT/DOCX/SRT/VTT/JSON).
"""
