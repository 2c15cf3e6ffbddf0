"""Who speaks when, offline and without torch: Resemblyzer's voice encoder run in numpy.

The encoder (a 3-layer LSTM over 40-band mel frames giving 256-d voice embeddings, Apache-2.0)
ships with Andock as ``resources/voice/encoder.npz``, converted once from Resemblyzer's
``pretrained.pt`` by ``scripts/convert_voice_encoder.py``: no resemblyzer, torch or compiler is
needed. Each utterance (words between pauses) gets one embedding; these are clustered into N
speakers (spherical k-means) and every word takes its utterance's speaker.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from .errors import EngineUnavailable

SR = 16000
WIN = 160  # mel frames (10 ms) per embedding window: 1.6 s, as the encoder was trained


def weights_path() -> Path:
    """The shipped encoder weights (``resources/voice/encoder.npz``)."""
    return Path(str(resources.files("resources") / "voice" / "encoder.npz"))


def available() -> bool:
    """True if the encoder weights are installed (they ship with Andock: False means a broken install)."""
    return weights_path().is_file()


def load_weights(path: Path | None = None) -> dict[str, np.ndarray]:
    """The encoder's arrays as stored (weight matrices in float16, the rest in float32)."""
    path = path or weights_path()
    if not path.is_file():
        raise EngineUnavailable(f"the voice encoder's weights are missing ({path}): reinstall Andock")
    with np.load(path, allow_pickle=False) as data:  # plain arrays only: no code runs on loading
        return {k: data[k] for k in data.files if k != "source"}


class VoiceEncoder:
    """Resemblyzer's speaker encoder: mel frames -> L2-normalised 256-d embeddings."""

    def __init__(self, weights: dict[str, np.ndarray] | None = None) -> None:
        w = {k: v.astype(np.float32) for k, v in (weights or load_weights()).items()}  # computed in float32
        self.layers = [(w[f"w_ih{k}"], w[f"w_hh{k}"], w[f"bias{k}"]) for k in range(3)]
        self.linear = (w["linear_w"], w["linear_b"])
        self.mel_filters = w["mel_filters"]  # librosa's (Slaney) filterbank, as Resemblyzer used
        self.window = np.hanning(401)[:-1].astype(np.float32)  # periodic Hann, as librosa

    def mel(self, wav: np.ndarray) -> np.ndarray:
        """``(frames, 40)`` mel power spectrogram (librosa's melspectrogram with n_fft 400, hop 160)."""
        padded = np.pad(wav.astype(np.float32), 200)
        n = 1 + (len(padded) - 400) // 160
        idx = np.arange(400)[None, :] + 160 * np.arange(n)[:, None]
        power = np.abs(np.fft.rfft(padded[idx] * self.window, axis=1)) ** 2
        return (power @ self.mel_filters.T).astype(np.float32)

    def embed(self, mels: np.ndarray) -> np.ndarray:
        """Embeddings of a batch ``(batch, frames, 40)``."""
        x = mels
        for w_ih, w_hh, bias in self.layers:
            # All time steps at once as one 2-D product (a 3-D matmul is far slower in numpy).
            pre = (x.reshape(-1, x.shape[2]) @ w_ih + bias).reshape(len(x), x.shape[1], -1)
            h = np.zeros((len(x), w_hh.shape[0]), np.float32)
            c = np.zeros_like(h)
            out = np.empty((len(x), x.shape[1], h.shape[1]), np.float32)
            for t in range(x.shape[1]):
                g = pre[:, t] + h @ w_hh
                i, f, cell, o = np.split(g, 4, axis=1)
                c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(cell)
                h = _sigmoid(o) * np.tanh(c)
                out[:, t] = h
            x = out
        raw = np.maximum(h @ self.linear[0] + self.linear[1], 0)
        return raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-9)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * x))  # overflow-free form


def utterances(words: list) -> list[tuple[float, float]]:
    """Spans of words between pauses (>= 0.3 s) or sentence ends: the units labelled with a voice.

    A voice window needs about a second of speech, so single words at a turn change would be
    judged by their neighbours; whole utterances are long enough to be judged by themselves.
    """
    spans: list[list[float]] = []
    for i, w in enumerate(words):
        new = i == 0 or w.start - words[i - 1].end >= 0.3 or words[i - 1].text.rstrip().endswith((".", "?", "!"))
        if new:
            spans.append([w.start, w.end])
        else:
            spans[-1][1] = w.end
    merged = True
    while merged and len(spans) > 1:  # a short utterance ("Ja, genau.") joins its closer neighbour
        merged = False
        for k, (a, b) in enumerate(spans):
            if b - a < 1.0:
                before = a - spans[k - 1][1] if k else np.inf
                after = spans[k + 1][0] - b if k + 1 < len(spans) else np.inf
                j = k - 1 if before <= after else k + 1
                spans[min(j, k)] = [spans[min(j, k)][0], spans[max(j, k)][1]]
                del spans[max(j, k)]
                merged = True
                break
    return [(a, b) for a, b in spans]


class SpeakerTrack:
    """One voice embedding per utterance, collected window by window while the audio streams by."""

    def __init__(self, encoder: VoiceEncoder) -> None:
        self.encoder = encoder
        self.spans: list[tuple[float, float]] = []
        self.embeds: list[np.ndarray] = []

    def feed(self, offset: float, samples: np.ndarray, words: list) -> None:
        """Embed the utterances of ``words`` (times in seconds) inside this window of audio."""
        runs = utterances(words)
        if not runs:
            return
        mel = self.encoder.mel(samples)
        pieces: list[tuple[int, np.ndarray]] = []  # (run index, mel frames)
        for k, (start, end) in enumerate(runs):
            a, b = max(0, int((start - offset) * 100)), min(len(mel), int((end - offset) * 100) + 1)
            if b <= a or np.sqrt(np.mean(samples[a * 160:b * 160] ** 2)) < 0.003:
                continue  # no sound here (text Whisper invented on silence): no voice to judge
            if b - a <= WIN:  # short: the utterance alone, however short (no neighbour's voice)
                pieces.append((k, mel[a:max(b, a + 30)]))
            else:  # long: one or two 1.6-s windows inside it (the LSTM is the costly part)
                for s in np.linspace(a, b - WIN, min(2, (b - a) // WIN + 1)).astype(int):
                    pieces.append((k, mel[s:s + WIN]))
        sums = np.zeros((len(runs), 256), np.float32)
        by_len: dict[int, list[tuple[int, np.ndarray]]] = {}
        for k, frames in pieces:
            by_len.setdefault(len(frames), []).append((k, frames))
        for group in by_len.values():  # the LSTM batches pieces of equal length
            for i in range(0, len(group), 128):
                part = group[i:i + 128]
                vecs = self.encoder.embed(np.stack([f for _, f in part]))
                for (k, _), v in zip(part, vecs):
                    sums[k] += v
        for span, vec in zip(runs, sums):
            if not vec.any():
                continue
            self.spans.append(span)
            self.embeds.append(vec / max(float(np.linalg.norm(vec)), 1e-9))

    def finish(self) -> tuple[list[tuple[float, float]], np.ndarray]:
        """Utterance spans and their embeddings."""
        return self.spans, np.array(self.embeds, np.float32).reshape(-1, 256)


def cluster(embeds: np.ndarray, n: int, rounds: int = 30) -> np.ndarray:
    """Spherical k-means (cosine), deterministic farthest-point start; returns ``(n, 256)`` centroids."""
    centres = [embeds[int(np.argmax(embeds @ embeds.mean(axis=0)))]]  # the most typical window
    while len(centres) < min(n, len(embeds)):
        centres.append(embeds[int(np.argmin(np.max(embeds @ np.array(centres).T, axis=1)))])
    c = np.array(centres)
    for _ in range(rounds):
        labels = np.argmax(embeds @ c.T, axis=1)
        new = np.array([embeds[labels == k].mean(axis=0) if np.any(labels == k) else c[k] for k in range(len(c))])
        new /= np.linalg.norm(new, axis=1, keepdims=True)
        if np.allclose(new, c):
            break
        c = new
    return c


def speakers_of_words(words: list, spans: list[tuple[float, float]], embeds: np.ndarray,
                      n: int) -> list[int]:
    """Cluster index for each word: that of the utterance holding its middle (or the nearest)."""
    if not len(embeds):
        return [0] * len(words)
    labels = np.argmax(embeds @ cluster(embeds, n).T, axis=1)
    starts = np.array([a for a, _ in spans])
    ends = np.array([b for _, b in spans])
    out = []
    for w in words:
        mid = (w.start + w.end) / 2
        dist = np.maximum(starts - mid, 0) + np.maximum(mid - ends, 0)
        out.append(int(labels[int(np.argmin(dist))]))
    return out
