"""Switch off every telemetry channel of the libraries Andock uses, before any of them starts.

``app/__init__.py`` imports this module first, so it runs in every entry point: the ``andock``
command (also the window it opens), ``python -m app.cli`` and any installed or frozen program
built on ``app``. Spawned workers (the transcription child) inherit the environment set here.
The values are forced, not defaults: the README promises that everything stays on the computer,
so a stray ``DO_NOT_TRACK=0`` in the user's shell must not turn sending on. Only the model
download that the user starts (``transcription.models.download_model``) uses the network.
"""
from __future__ import annotations

import os

OFF: dict[str, str] = {
    # ONNX Runtime >= 1.29 (faster-whisper's Silero VAD): events to mobile.events.data.microsoft.com
    # and a device id and event cache under ~/.cache/Microsoft/DeveloperTools/.onnxruntime
    "ORT_DISABLE_TELEMETRY": "1",
    # Hugging Face Hub: usage data sent along with downloads; hf_xet (its transfer backend) too
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_XET_TELEMETRY_ENABLED": "0",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",  # version look-ups on pypi.org (its command line)
    # a token saved by another program is not sent along: public models need none, and it names the user
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    # the common switches (https://donottrack.sh), honoured by huggingface_hub, hf_xet and others
    "DO_NOT_TRACK": "1",
    "DISABLE_TELEMETRY": "1",
}


def switch_off() -> None:
    """Set the switches in this process's environment (inherited by its child processes)."""
    os.environ.update(OFF)


switch_off()
