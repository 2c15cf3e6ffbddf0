"""Audio -> timed, speaker-labelled transcript, locally (Whisper). No Qt, no SQL, no ``coding``.

Modules: ``audio`` (decode, checksum, windows), ``silence`` (loudness track), ``models``
(find/download models), ``engines`` + ``chunks`` (faster-whisper batched with VAD, openai-whisper),
``ct2_to_openai`` (openai-whisper checkpoint from a CTranslate2 model), ``pipeline`` (the whole run
as one function), ``runner`` (child process with typed messages), ``journal`` (resume after a
crash), ``conventions`` (turns, pause marks, no text on silence), ``speakers`` + ``diarize``
(channels or voices), ``writers`` (TXT/DOCX/SRT/VTT/JSON), ``wer`` (word error rate).
"""
