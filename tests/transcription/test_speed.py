"""Estimates of the time per hour of audio: measured, scaled from another model, rough; a
damaged speed file never stops a transcription."""
from __future__ import annotations

import json

import pytest

from transcription.speed import COST, SpeedLog, model_key


def test_measured_then_scaled_then_rough(tmp_path):
    log = SpeedLog(tmp_path / "speed.json")
    rough = log.estimate("faster-whisper", "large-v3-turbo", "cpu", cores=2)
    assert rough.basis == "rough" and rough.rtf > 0
    assert log.estimate("faster-whisper", "large-v3-turbo", "cpu", cores=8).rtf < rough.rtf  # more cores
    log.record("faster-whisper", "base", "cpu", audio_s=600, work_s=60, load_s=2)
    log.record("faster-whisper", "base", "cpu", audio_s=600, work_s=30, load_s=2)
    log.record("faster-whisper", "base", "cpu", audio_s=600, work_s=45, load_s=4)
    base = log.estimate("faster-whisper", "base", "cpu")
    assert (base.basis, base.rtf, base.load_s) == ("measured", pytest.approx(0.075), 2)
    assert base.minutes_per_hour == pytest.approx((0.075 * 3600 + 2) / 60)
    turbo = log.estimate("faster-whisper", "large-v3-turbo", "cpu")
    assert turbo.basis == "scaled" and turbo.rtf == pytest.approx(0.075 * COST["large-v3-turbo"])
    assert log.estimate("faster-whisper", "base", "cuda").basis == "rough"  # other device: not measured
    log.record("faster-whisper", "base", "cpu", audio_s=3, work_s=1, load_s=1)  # too short to count
    assert log.estimate("faster-whisper", "base", "cpu").rtf == pytest.approx(0.075)


def test_only_the_last_runs_count(tmp_path):
    log = SpeedLog(tmp_path / "speed.json")
    for work in (600, 600, 60, 60, 60, 60, 60):
        log.record("faster-whisper", "small", "cpu", audio_s=600, work_s=work, load_s=1)
    assert log.estimate("faster-whisper", "small", "cpu").rtf == pytest.approx(0.1)


@pytest.mark.parametrize("content", [
    "{kaputt", "[]", '{"version": 2, "runs": {}}', '{"version": 1, "runs": []}',
    '{"version": 1, "runs": {"faster-whisper|base|cpu": [[0, 1, 1, 0], [600, "x", 1], [600], "z"]}}',
    '{"version": 1, "runs": {"no-bars": [[600, 60, 1, 0]], "faster-whisper|base|cpu": 5}}',
    '{"version": 1, "runs": {"faster-whisper|base|cpu": [[600, -1, 1, 0], [1e400, 1, 1, 0]]}}',
])
def test_a_damaged_file_counts_as_empty(tmp_path, content):
    path = tmp_path / "speed.json"
    path.write_text(content, encoding="utf-8")
    log = SpeedLog(path)
    assert log.estimate("faster-whisper", "base", "cpu").basis == "rough"
    log.record("faster-whisper", "base", "cpu", audio_s=600, work_s=60, load_s=1)  # rewrites it
    assert log.estimate("faster-whisper", "base", "cpu").basis == "measured"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_an_unwritable_cache_is_no_error(tmp_path):
    log = SpeedLog(tmp_path / "datei" / "speed.json")
    (tmp_path / "datei").write_text("a file where the folder should be", encoding="utf-8")
    log.record("faster-whisper", "base", "cpu", audio_s=600, work_s=60, load_s=1)
    assert log.estimate("faster-whisper", "base", "cpu").basis == "rough"


def test_model_names_and_folders():
    assert model_key("turbo") == "large-v3-turbo"
    assert model_key("/modelle/faster-whisper-large-v3-turbo") == "large-v3-turbo"
    assert model_key("small") == "small"
