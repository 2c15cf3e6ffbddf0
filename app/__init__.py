"""app: the ``andock`` command and the desktop window (composes ``coding`` and ``transcription``)."""
from . import privacy  # noqa: F401 - first: no library may start with its telemetry on
