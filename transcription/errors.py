"""Errors of the transcription package; each message is one line a user can act on.

``transcription`` never imports ``coding``: the app maps these to ``coding.base.errors.InputError``
(or ``Cancelled``) at the boundary.
"""
from __future__ import annotations


class TranscriptionError(Exception):
    """Base class: a problem the user can understand and act on (never a bug)."""


class AudioError(TranscriptionError):
    """The audio file cannot be used; it was not changed."""


class UnsupportedAudio(AudioError):
    """The file type is not one Andock transcribes."""


class CorruptAudio(AudioError):
    """The file claims a known type but cannot be decoded."""


class EmptyAudio(AudioError):
    """The file holds no samples (zero length or an empty stream)."""


class NoAudioTrack(AudioError):
    """A video or container without an audio stream."""


class ModelNotFound(TranscriptionError):
    """The requested model is neither installed, cached nor a valid folder or file."""


class EngineUnavailable(TranscriptionError):
    """The engine's Python package is not installed."""


class Cancelled(TranscriptionError):
    """The user cancelled; finished segments stay in the journal for a later resume."""


class EngineFailed(TranscriptionError):
    """The engine or its child process stopped unexpectedly."""
