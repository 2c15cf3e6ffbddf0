"""Rebuild an openai-whisper checkpoint from a CTranslate2 Whisper ``model.bin``.

So that openai-whisper can run on exactly the weights faster-whisper uses (tests, benchmark,
and the openai-whisper engine with a CTranslate2 model). The binary layout is CTranslate2's
``ModelSpec._serialize``: version, spec name, revision, then named variables (rank, dims,
dtype, bytes) and aliases. Self-attention q/k/v are fused in ``linear_0`` (the key has no
bias in Whisper, so its third is zero); cross-attention has q in ``linear_0`` and k/v fused in
``linear_1``. Needs torch (only imported here).
"""
from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import numpy as np

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(path: str | Path) -> dict[str, np.ndarray]:
    """All variables of a CTranslate2 ``model.bin`` as numpy arrays (aliases resolved)."""
    data = memoryview(Path(path).read_bytes())
    pos = 0

    def take(fmt: str):
        nonlocal pos
        value = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return value[0]

    def string() -> str:
        nonlocal pos
        n = take("H")
        text = bytes(data[pos:pos + n - 1]).decode("utf-8")
        pos += n
        return text

    version = take("I")
    if version < 5:
        raise ValueError(f"unsupported CTranslate2 model version {version}")
    spec = string()
    if spec != "WhisperSpec":
        raise ValueError(f"not a Whisper model: {spec}")
    take("I")  # spec revision
    out: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = string()
        dims = [take("I") for _ in range(take("B"))]
        dtype = _DTYPES[take("B")]
        size = take("I")
        out[name] = np.frombuffer(data[pos:pos + size], dtype=dtype).reshape(dims)
        pos += size
    for _ in range(take("I")):
        alias, target = string(), string()
        out[alias] = out[target]
    return out


def _block(v: dict[str, np.ndarray], src: str, dst: str, cross: bool) -> dict[str, np.ndarray]:
    out = {}
    n = v[f"{src}/self_attention/linear_1/weight"].shape[0]
    qkv_w, qkv_b = v[f"{src}/self_attention/linear_0/weight"], v[f"{src}/self_attention/linear_0/bias"]
    out[f"{dst}.attn.query.weight"], out[f"{dst}.attn.query.bias"] = qkv_w[:n], qkv_b[:n]
    out[f"{dst}.attn.key.weight"] = qkv_w[n:2 * n]
    out[f"{dst}.attn.value.weight"], out[f"{dst}.attn.value.bias"] = qkv_w[2 * n:], qkv_b[2 * n:]
    out[f"{dst}.attn.out.weight"] = v[f"{src}/self_attention/linear_1/weight"]
    out[f"{dst}.attn.out.bias"] = v[f"{src}/self_attention/linear_1/bias"]
    out[f"{dst}.attn_ln.weight"] = v[f"{src}/self_attention/layer_norm/gamma"]
    out[f"{dst}.attn_ln.bias"] = v[f"{src}/self_attention/layer_norm/beta"]
    if cross:
        a = f"{src}/attention"
        out[f"{dst}.cross_attn.query.weight"] = v[f"{a}/linear_0/weight"]
        out[f"{dst}.cross_attn.query.bias"] = v[f"{a}/linear_0/bias"]
        kv_w, kv_b = v[f"{a}/linear_1/weight"], v[f"{a}/linear_1/bias"]
        out[f"{dst}.cross_attn.key.weight"] = kv_w[:n]
        out[f"{dst}.cross_attn.value.weight"], out[f"{dst}.cross_attn.value.bias"] = kv_w[n:], kv_b[n:]
        out[f"{dst}.cross_attn.out.weight"] = v[f"{a}/linear_2/weight"]
        out[f"{dst}.cross_attn.out.bias"] = v[f"{a}/linear_2/bias"]
        out[f"{dst}.cross_attn_ln.weight"] = v[f"{a}/layer_norm/gamma"]
        out[f"{dst}.cross_attn_ln.bias"] = v[f"{a}/layer_norm/beta"]
    for k, idx in ((0, 0), (1, 2)):  # openai's mlp is Sequential(Linear, GELU, Linear)
        out[f"{dst}.mlp.{idx}.weight"] = v[f"{src}/ffn/linear_{k}/weight"]
        out[f"{dst}.mlp.{idx}.bias"] = v[f"{src}/ffn/linear_{k}/bias"]
    out[f"{dst}.mlp_ln.weight"] = v[f"{src}/ffn/layer_norm/gamma"]
    out[f"{dst}.mlp_ln.bias"] = v[f"{src}/ffn/layer_norm/beta"]
    return out


def _layers(v: dict[str, np.ndarray], part: str) -> int:
    return len({m.group(1) for k in v if (m := re.match(rf"{part}/layer_(\d+)/", k))})


def convert(model_dir: str | Path) -> dict:
    """An openai-whisper checkpoint dict (``dims``, ``model_state_dict``, ``alignment_heads``)."""
    import torch

    model_dir = Path(model_dir)
    v = read_ct2(model_dir / "model.bin")
    n_audio, n_text = _layers(v, "encoder"), _layers(v, "decoder")
    state: dict[str, np.ndarray] = {
        "encoder.conv1.weight": v["encoder/conv1/weight"], "encoder.conv1.bias": v["encoder/conv1/bias"],
        "encoder.conv2.weight": v["encoder/conv2/weight"], "encoder.conv2.bias": v["encoder/conv2/bias"],
        "encoder.positional_embedding": v["encoder/position_encodings/encodings"],
        "encoder.ln_post.weight": v["encoder/layer_norm/gamma"],
        "encoder.ln_post.bias": v["encoder/layer_norm/beta"],
        "decoder.token_embedding.weight": v["decoder/embeddings/weight"],
        "decoder.positional_embedding": v["decoder/position_encodings/encodings"],
        "decoder.ln.weight": v["decoder/layer_norm/gamma"], "decoder.ln.bias": v["decoder/layer_norm/beta"],
    }
    for i in range(n_audio):
        state.update(_block(v, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False))
    for i in range(n_text):
        state.update(_block(v, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True))
    # openai-whisper zeroes nothing: keys have no bias parameter
    tensors = {name: torch.from_numpy(np.array(a, dtype=np.float32)) for name, a in state.items()}
    width = v["encoder/conv1/weight"].shape[0]
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(width), "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_audio, "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]), "n_text_layer": n_text,
    }
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return {"dims": dims, "model_state_dict": tensors,
            "alignment_heads": [list(h) for h in config.get("alignment_heads", [])]}


def convert_to_file(model_dir: str | Path, out: str | Path) -> Path:
    """Write the converted checkpoint to ``out`` (atomically) and return its path."""
    import os

    import torch

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    torch.save(convert(model_dir), tmp)
    os.replace(tmp, out)
    return out


def load_openai_model(checkpoint: str | Path, device: str = "cpu"):
    """Load a checkpoint written by :func:`convert_to_file` (or openai's own) with its alignment heads."""
    import torch
    import whisper

    ckpt = torch.load(checkpoint, map_location=device, weights_only=True)
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**ckpt["dims"]))
    model.load_state_dict(ckpt["model_state_dict"])
    heads = ckpt.get("alignment_heads")
    if heads:  # used for word timestamps; a bare checkpoint would fall back to all late heads
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model.to(device)
