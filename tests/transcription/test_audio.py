"""Audio in: every supported format decodes to 16 kHz mono without an ffmpeg program; bad files
give one clear line; the original is never changed; long audio is cut at silences."""
from __future__ import annotations

import numpy as np
import pytest

from tests.transcription import audio_fixtures as af
from transcription import audio
from transcription.errors import AudioError, CorruptAudio, EmptyAudio, NoAudioTrack, UnsupportedAudio

FORMATS = [("clip.mp3", "libmp3lame", 16000, False), ("clip.m4a", "aac", 16000, False),
           ("clip.aac", "aac", 16000, False), ("clip.ogg", "libopus", 48000, False),
           ("clip.opus", "libopus", 48000, False), ("clip.flac", "flac", 16000, False),
           ("clip.mp4", "aac", 16000, True), ("clip.mov", "aac", 16000, True)]


@pytest.fixture(scope="module")
def three_seconds(samples) -> np.ndarray:
    return samples["dialog"][:3 * audio.SAMPLE_RATE]


@pytest.mark.parametrize("name,codec,rate,video", FORMATS, ids=[f[0] for f in FORMATS])
def test_formats_decode_to_16k_mono(tmp_path, three_seconds, name, codec, rate, video):
    path = af.encode(three_seconds, tmp_path / name, codec, rate=rate, video=video)
    before = path.read_bytes()
    decoded = audio.load(path)
    info = audio.probe(path)
    assert decoded.dtype == np.float32 and decoded.ndim == 1
    assert abs(len(decoded) / audio.SAMPLE_RATE - 3.0) < 0.1
    assert abs(info.duration - 3.0) < 0.1
    # Same sound, not just the same length: loudness of the two tracks agrees.
    assert abs(float(np.sqrt(np.mean(decoded ** 2))) - float(np.sqrt(np.mean(three_seconds ** 2)))) < 0.03
    assert info.checksum == audio.file_checksum(path) and info.checksum.startswith("sha256:")
    assert path.read_bytes() == before  # the original is never modified


def test_wav_probe_and_stereo(clips):
    path, _ = clips["stereo"]
    info = audio.probe(path)
    assert info.channels == 2 and info.codec == "pcm_s16le"
    both = audio.load(path, stereo=True)
    assert both.shape[1] == 2 and abs(len(both) / audio.SAMPLE_RATE - info.duration) < 0.01
    # The interviewer speaks first, on the left channel only.
    first = both[: audio.SAMPLE_RATE]
    assert np.abs(first[:, 0]).max() > 0.05 and np.abs(first[:, 1]).max() == 0


def test_blocks_are_bounded(clips):
    blocks = list(audio.stream(clips["dialog"][0], block_s=5.0))
    assert max(len(b) for b in blocks) == 5 * audio.SAMPLE_RATE
    assert sum(len(b) for b in blocks) == len(audio.load(clips["dialog"][0]))


@pytest.mark.parametrize("name,content,error,words", [
    ("leer.wav", b"", EmptyAudio, "empty"),
    ("kaputt.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x10" + bytes(range(256)) * 40, CorruptAudio, "cannot be decoded"),
    ("kaputt.wav", b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\xff" * 64, CorruptAudio, "cannot be decoded"),
    ("notizen.pdf", b"%PDF-1.4 hello", UnsupportedAudio, "not an audio or video file"),
    ("interview.txt", b"I: Hallo", UnsupportedAudio, "not an audio or video file"),
])
def test_bad_files_give_one_clear_line(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as exc:
        audio.probe(path)
    message = str(exc.value)
    assert "\n" not in message and name in message and words in message


def test_video_without_audio(tmp_path, three_seconds):
    path = af.encode(three_seconds, tmp_path / "nur_bild.mp4", "aac", video=True, audio=False)
    with pytest.raises(NoAudioTrack, match="video track but no audio track"):
        audio.probe(path)
    with pytest.raises(NoAudioTrack):
        audio.load(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(AudioError, match="not found"):
        audio.probe(tmp_path / "fehlt.wav")
    (tmp_path / "ordner.wav").mkdir()
    with pytest.raises(AudioError, match="folder"):
        audio.probe(tmp_path / "ordner.wav")


def test_windows_cut_at_the_quietest_moment():
    rng = np.random.default_rng(1)
    sr = audio.SAMPLE_RATE
    signal = (rng.standard_normal(130 * sr) * 0.1).astype(np.float32)
    signal[57 * sr:58 * sr] = 0  # the only silence near the 60 s boundary
    signal[118 * sr:119 * sr] = 0
    blocks = (signal[i:i + 7 * sr] for i in range(0, len(signal), 7 * sr))
    wins = [(off, w.copy()) for off, w in audio.windows(blocks, window_s=60, search_s=10)]  # views
    assert [round(off) for off, _ in wins][:2] == [0, 57] or 57 <= wins[1][0] <= 58
    assert 57 <= wins[1][0] <= 58 and 118 <= wins[2][0] <= 119
    assert all(len(w) <= 65 * sr for _, w in wins)  # never more than window + search / 2 held
    assert np.array_equal(np.concatenate([w for _, w in wins]), signal)  # nothing lost or doubled
