"""Silero VAD v6 in numpy: faster-whisper's voice-activity model without onnxruntime.

faster-whisper runs Silero VAD (``assets/silero_vad_v6.onnx``) with onnxruntime, a 35-MB library
that Andock needs for nothing else. The same network — a short-time Fourier transform, four 1-D
convolutions, one LSTM carried from window to window, a linear decoder — runs here in numpy on
the weights ``scripts/extract_vad.py`` read from that file (``resources/vad/silero_vad_v6.npz``).
:func:`use_numpy_vad` makes faster-whisper use it; the probabilities equal onnxruntime's to
float32 rounding (tests/transcription/test_vad.py), so the speech regions are the same.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Mapping

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HIDDEN = 128
FRAME, HOP = 256, 128  # the STFT of each window: 256-sample frames every 128 samples
BLOCK = 4096  # windows encoded at once: bounds the memory of the encoder's matrices


def weights_path() -> Path:
    """The shipped weights (``resources/vad/silero_vad_v6.npz``)."""
    return Path(str(resources.files("resources") / "vad" / "silero_vad_v6.npz"))


class SileroVAD:
    """Speech probability of each 512-sample window at 16 kHz, as faster-whisper's SileroVADModel."""

    def __init__(self, weights: Mapping[str, np.ndarray]) -> None:
        f32 = {k: np.asarray(v, np.float32) for k, v in weights.items()}
        self.basis = np.ascontiguousarray(f32["stft_basis"].T)  # (256, 258): cos rows, then -sin
        self.convs = [(_im2col_weights(f32[f"conv{k}_w"]), f32[f"conv{k}_b"], stride)
                      for k, stride in enumerate((1, 2, 2, 1))]
        # ONNX gate order i, o, f, c. The three sigmoid gates are computed as 0.5 + 0.5·tanh(x/2)
        # (no overflow, one tanh over all four gates); halving their weights is exact in floats.
        scale = np.ones((4 * HIDDEN, 1), np.float32)
        scale[:3 * HIDDEN] = 0.5
        self.w_in = np.ascontiguousarray((f32["lstm_w"] * scale).T)  # (128, 512)
        self.w_rec = np.ascontiguousarray((f32["lstm_r"] * scale).T)  # (128, 512)
        self.bias = (f32["lstm_b"][:4 * HIDDEN] + f32["lstm_b"][4 * HIDDEN:]) * scale[:, 0]
        self.dec_w, self.dec_b = f32["decoder_w"].reshape(HIDDEN), f32["decoder_b"].reshape(())

    def __call__(self, audio: np.ndarray, num_samples: int = 512, context_size_samples: int = 64) -> np.ndarray:
        """Probabilities (float32, one per window) of a 1-D array whose length is a multiple of 512.

        As the ONNX model is called: each window gets the last 64 samples of the window before it
        (zeros before the first), the last window's own last 64 samples count as zeros, and the
        LSTM's state runs on through the whole array.
        """
        assert audio.ndim == 1, "Input should be a 1D array"
        assert audio.shape[0] % num_samples == 0, "Input size should be a multiple of num_samples"
        windows = np.array(audio, np.float32).reshape(-1, num_samples)
        if len(windows):  # faster-whisper's code does this (in the caller's array, not here) ...
            windows[-1, -context_size_samples:] = 0
        context = np.roll(windows[:, -context_size_samples:], 1, axis=0)  # ... so the first gets zeros
        inputs = np.concatenate([context, windows], axis=1)
        h = np.zeros(HIDDEN, np.float32)
        c = np.zeros(HIDDEN, np.float32)
        out = np.empty(len(inputs), np.float32)
        for start in range(0, len(inputs), BLOCK):  # the state carries over, as across ONNX batches
            states = self._lstm(self._encode(inputs[start:start + BLOCK]), h, c)
            h = states[-1]
            out[start:start + len(states)] = self._decode(states)
        return out

    def _encode(self, inputs: np.ndarray) -> np.ndarray:
        """The encoder: (n, 576) windows with context -> (n, 128) features."""
        # The graph pads 128 samples by reflection on both sides and drops the first frame, so
        # only the right padding is used: frames start at samples 0, 128, 256, 384 of the window.
        padded = np.pad(inputs, ((0, 0), (0, FRAME - HOP)), mode="reflect")
        frames = sliding_window_view(padded, FRAME, axis=1)[:, ::HOP]  # (n, 4, 256)
        spec = frames.reshape(-1, FRAME) @ self.basis  # one matrix product: (4n, 258)
        half = spec.shape[-1] // 2
        x = np.sqrt(spec[:, :half] ** 2 + spec[:, half:] ** 2).reshape(len(inputs), -1, half)  # (n, 4, 129)
        for weights, bias, stride in self.convs:
            x = _conv(x, weights, stride)
            x += bias
            np.maximum(x, 0, out=x)
        return x[:, 0]  # one time step is left: (n, 128)

    def _lstm(self, x: np.ndarray, h: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Run the LSTM over the windows from state (h, c), updating ``c`` in place; all h (n, 128)."""
        gates_in = x @ self.w_in + self.bias  # the input's part of every step, in one product
        states = np.empty((len(x), HIDDEN), np.float32)
        g = np.empty(4 * HIDDEN, np.float32)
        sig, cand = g[:3 * HIDDEN], g[3 * HIDDEN:]  # views made once: the loop runs ~110,000 times an hour
        i, o, f = g[:HIDDEN], g[HIDDEN:2 * HIDDEN], g[2 * HIDDEN:3 * HIDDEN]
        t_c = np.empty(HIDDEN, np.float32)
        w_rec = self.w_rec
        for t, h_t in enumerate(states):
            np.dot(h, w_rec, out=g)
            g += gates_in[t]
            np.tanh(g, out=g)
            sig *= 0.5
            sig += 0.5  # sigmoid of the i, o, f gates
            c *= f
            cand *= i
            c += cand
            np.tanh(c, out=t_c)
            np.multiply(o, t_c, out=h_t)
            h = h_t
        return states

    def _decode(self, states: np.ndarray) -> np.ndarray:
        """Speech probability from each LSTM output: ReLU, a linear layer, sigmoid."""
        logits = np.maximum(states, 0) @ self.dec_w + self.dec_b
        return (0.5 + 0.5 * np.tanh(0.5 * logits)).astype(np.float32)


def _im2col_weights(w: np.ndarray) -> np.ndarray:
    """A (out, in, 3) convolution kernel as a (3·in, out) matrix for :func:`_conv`."""
    return np.ascontiguousarray(w.transpose(2, 1, 0).reshape(-1, w.shape[0]))


def _conv(x: np.ndarray, weights: np.ndarray, stride: int) -> np.ndarray:
    """1-D convolution over time of (n, T, in) with kernel 3 and padding 1, as one matrix product."""
    padded = np.pad(x, ((0, 0), (1, 1), (0, 0)))
    taps = sliding_window_view(padded, 3, axis=1)[:, ::stride]  # (n, T', in, 3)
    cols = taps.transpose(0, 1, 3, 2).reshape(-1, 3 * x.shape[2])  # tap-major, as the weights
    return (cols @ weights).reshape(len(x), taps.shape[1], -1)


@functools.lru_cache(maxsize=1)
def load() -> SileroVAD:
    """The model with the shipped weights, loaded once per process."""
    with np.load(weights_path()) as data:
        return SileroVAD({k: data[k] for k in data.files if k != "source"})


def use_numpy_vad() -> SileroVAD:
    """Make faster-whisper run its VAD with :class:`SileroVAD` instead of onnxruntime; load it now.

    faster-whisper's ``get_speech_timestamps`` (used by ``WhisperModel.transcribe(vad_filter=True)``
    and by :func:`transcription.chunks.speech_chunks`) asks the module-level factory
    ``faster_whisper.vad.get_vad_model`` for the model on every call; replacing that one name is
    the whole hook. So the installed program needs no onnxruntime (35 MB) and never imports it.
    """
    import faster_whisper.vad

    faster_whisper.vad.get_vad_model = load
    return load()
