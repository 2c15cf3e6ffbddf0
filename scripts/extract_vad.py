"""Extract Silero VAD v6's weights from faster-whisper's ONNX file into the numpy file Andock ships.

    .venv/bin/pip install onnx && .venv/bin/python scripts/extract_vad.py

Run once, by a developer: ``onnx`` (to read the graph) is needed only here, onnxruntime (which
faster-whisper installs) only for the check. Reads ``faster_whisper/assets/silero_vad_v6.onnx``,
checks that the graph is the one ``transcription/vad.py`` re-implements (the same operations in
the same order, the same padding, slicing and LSTM settings), writes
``resources/vad/silero_vad_v6.npz`` (float32, as in the ONNX file) and checks that the numpy model
gives onnxruntime's probabilities on German speech with silences before writing.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "vad" / "silero_vad_v6.npz"
MAX_DIFF = 1e-4

# The graph transcription/vad.py computes, in order (faster-whisper 1.2's silero_vad_v6.onnx).
OPS = ["Pad", "Unsqueeze", "Conv", "Slice", "Slice", "Pow", "Pow", "Add", "Sqrt",
       "Conv", "Relu", "Conv", "Relu", "Conv", "Relu", "Conv", "Relu", "Transpose",
       "LSTM", "Squeeze", "Relu", "Transpose", "Conv", "Sigmoid", "Reshape"]
NAMES = {  # ONNX initializer -> name in the npz (shapes kept, singleton axes dropped)
    "encoder.feature_extractor.forward_basis_buffer": "stft_basis",
    **{f"encoder.conv_layers.{k}.{p}": f"conv{k}_{p[0]}" for k in range(4) for p in ("weight", "bias")},
    "onnx::LSTM_209": "lstm_w", "onnx::LSTM_210": "lstm_r", "onnx::LSTM_211": "lstm_b",
    "decoder.conv1d.weight": "decoder_w", "decoder.conv1d.bias": "decoder_b",
}


def source_path() -> Path:
    """The ONNX file inside the installed faster-whisper."""
    from faster_whisper.utils import get_assets_path

    return Path(get_assets_path()) / "silero_vad_v6.onnx"


def check_graph(model) -> None:
    """Refuse a graph that is not the one transcription/vad.py implements."""
    import onnx

    ops = [n.op_type for n in model.graph.node]
    if ops != OPS:
        sys.exit(f"unexpected graph (operations {ops}); transcription/vad.py implements {OPS}")
    const = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    nodes = model.graph.node
    attrs = {n.op_type + str(k): {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
             for k, n in enumerate(nodes)}
    expect = [
        (const[nodes[0].input[1]].tolist() == [0, 128, 0, 128], "reflection padding of 128 on each side"),
        (attrs["Pad0"]["mode"] == b"reflect", "reflection padding"),
        (attrs["Conv2"]["strides"] == [128] and attrs["Conv2"]["kernel_shape"] == [256], "STFT hop 128, frame 256"),
        (const[nodes[3].input[1]].tolist() == [0, 1] and const[nodes[4].input[1]].tolist() == [129, 1],
         "the first STFT frame dropped, 129 real then 129 imaginary rows"),
        ([attrs[f"Conv{k}"]["strides"] for k in (9, 11, 13, 15)] == [[1], [2], [2], [1]], "conv strides 1, 2, 2, 1"),
        (all(attrs[f"Conv{k}"]["pads"] == [1, 1] for k in (9, 11, 13, 15)), "conv padding 1"),
        (attrs["LSTM18"] == {"hidden_size": 128}, "one forward LSTM, default activations, no peepholes"),
        (len(nodes[18].input) == 7 and nodes[18].input[4] == "", "no sequence lengths"),
    ]
    for ok, what in expect:
        if not ok:
            sys.exit(f"unexpected graph: expected {what}")


def arrays(model) -> dict[str, np.ndarray]:
    """The weights under the names transcription/vad.py reads."""
    import onnx

    const = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    out = {new: const[old].astype(np.float32) for old, new in NAMES.items()}
    out["stft_basis"] = out["stft_basis"][:, 0, :]  # (258, 256)
    for k in ("lstm_w", "lstm_r", "lstm_b"):
        out[k] = out[k][0]  # one direction
    out["decoder_w"] = out["decoder_w"].reshape(-1)
    return out


def speech() -> np.ndarray:
    """German sentences (two espeak-ng voices) with silences and noise: about 25 s."""
    from tests.transcription import audio_fixtures as af
    from transcription import audio

    if not af.tools_available():
        sys.exit("install espeak-ng and sox (the check speaks German test sentences)")
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = af.dialogue(Path(tmp))
        samples = audio.load(path)
    noise = np.random.default_rng(0).normal(0, 0.01, 16000 * 2).astype(np.float32)
    return np.concatenate([samples, noise, samples[: 16000 * 3]])


def main() -> None:
    """Extract, check and write ``resources/vad/silero_vad_v6.npz``."""
    import onnx
    from faster_whisper.vad import SileroVADModel

    from transcription.vad import SileroVAD

    source = source_path()
    model = onnx.load(str(source))
    check_graph(model)
    weights = arrays(model)
    audio = speech()
    audio = np.pad(audio, (0, 512 - len(audio) % 512))
    ours = SileroVAD(weights)(audio)
    ref = SileroVADModel(str(source))(audio.copy())
    diff = float(np.abs(ours - ref).max())
    print(f"numpy vs onnxruntime on {len(audio) / 16000:.1f} s ({len(ref)} windows): largest difference {diff:.1e}")
    if diff > MAX_DIFF:
        sys.exit(f"the numpy model differs from onnxruntime by more than {MAX_DIFF}: not written")
    version = importlib.metadata.version("faster-whisper")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    label = np.array(f"faster-whisper {version} assets/silero_vad_v6.onnx sha256 {digest}")
    np.savez_compressed(OUT, **weights, source=label)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.2f} MB) from {label}")


if __name__ == "__main__":
    main()
