"""How long a transcription will take on this computer: measured runs, else an estimate.

Every finished recording adds its figures (seconds of audio, seconds of work, seconds to load
the model) to ``<cache>/speed.json``, per engine, model and device. The estimate for a model is

1. *measured*: the median real-time factor of this model's last runs here;
2. *scaled*: another model measured here, times the ratio of the two models' cost;
3. *rough*: the base model's speed on the two-core machine where Andock is developed
   (real-time factor 0.068 with speakers, ``bench/transcribe.py``), scaled by the number of cores
   and the model's cost — labelled as rough, and replaced by a measurement after the first file.

The model costs are relative compute of the CTranslate2 models with int8 on a CPU (encoder
size dominates; large-v3-turbo has large-v3's encoder with a 4-layer decoder).
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from .models import canonical, cache_dir

COST = {"tiny": 0.6, "base": 1.0, "small": 3.0, "medium": 8.0, "large-v1": 22.0, "large-v2": 22.0,
        "large-v3": 22.0, "large-v3-turbo": 9.0}
ENGINE_FACTOR = {"faster-whisper": 1.0, "openai-whisper": 15.0}  # bench/transcribe.py: 18x
BASE_RTF_2_CORES = 0.068
BASE_RTF_GPU = 0.004
LOAD_S = {"tiny": 1.0, "base": 1.5, "small": 3.0, "medium": 7.0, "large-v3-turbo": 8.0}  # int8 from disk
KEEP_RUNS = 5


@dataclass(frozen=True)
class Estimate:
    """Seconds of work per second of audio, model loading, and what the figure rests on."""

    rtf: float
    load_s: float
    basis: str  # "measured", "scaled" or "rough"

    def seconds_for(self, audio_s: float, loads: int = 1) -> float:
        """Expected seconds for ``audio_s`` of audio (with ``loads`` model loads)."""
        return self.rtf * audio_s + self.load_s * loads

    @property
    def minutes_per_hour(self) -> float:
        """Minutes for one hour of audio (one model load)."""
        return self.seconds_for(3600.0) / 60.0


def model_key(model: str) -> str:
    """The canonical name of a named model; a model folder counts by its name."""
    name = canonical(Path(model).name if ("/" in model or os.sep in model) else model)
    for known in sorted(COST, key=len, reverse=True):  # "faster-whisper-large-v3-turbo" -> turbo
        if name.endswith(known):
            return known
    return name


def device_for(engine: str, device: str = "auto") -> str:
    """``cuda`` or ``cpu``: where this engine would run (without importing torch)."""
    if device != "auto":
        return device
    if engine == "faster-whisper":
        try:
            import ctranslate2

            return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        except Exception:  # noqa: BLE001 - no CUDA driver: CPU
            return "cpu"
    return "cpu"


def _key(engine: str, model: str, device: str) -> str:
    return f"{engine}|{model_key(model)}|{device}"


class SpeedLog:
    """The measured runs in ``<cache>/speed.json`` (a missing or broken file counts as empty)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else cache_dir() / "speed.json"

    def _load(self) -> dict[str, list[list[float]]]:
        """Valid runs only: a damaged or foreign file must never stop a transcription."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            runs = data.get("runs", {}) if data.get("version") == 1 else {}
        except (OSError, ValueError, AttributeError):
            return {}
        out = {}
        for key, rows in (runs.items() if isinstance(runs, dict) else ()):
            if not (isinstance(key, str) and key.count("|") == 2 and isinstance(rows, list)):
                continue
            good = [r for r in rows if isinstance(r, list) and len(r) >= 3
                    and all(isinstance(x, (int, float)) and math.isfinite(x) for x in r[:3])
                    and r[0] > 0 and r[1] > 0 and r[2] >= 0]
            if good:
                out[key] = good
        return out

    def record(self, engine: str, model: str, device: str, audio_s: float, work_s: float,
               load_s: float) -> None:
        """Add one finished recording (ignored when too short to say anything)."""
        if audio_s < 5 or work_s <= 0:
            return
        runs = self._load()
        key = _key(engine, model, device)
        runs[key] = (runs.get(key, []) + [[round(audio_s, 2), round(work_s, 2), round(load_s, 2),
                                           int(time.time())]])[-KEEP_RUNS:]
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"version": 1, "runs": runs}, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:  # a full or read-only cache only costs the next estimate its figure
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def estimate(self, engine: str, model: str, device: str = "cpu", cores: int | None = None) -> Estimate:
        """The expected speed of ``model`` with ``engine`` on this computer."""
        runs = self._load()
        name = model_key(model)
        own = runs.get(_key(engine, model, device))
        if own:
            return Estimate(statistics.median(r[1] / r[0] for r in own),
                            statistics.median(r[2] for r in own), "measured")
        cost = COST.get(name, COST["large-v3-turbo"]) * ENGINE_FACTOR.get(engine, 1.0)
        load = LOAD_S.get(name, 15.0) * (3.0 if engine == "openai-whisper" else 1.0)
        for key, other in runs.items():
            o_engine, o_model, o_device = key.split("|")
            if o_device == device and o_model in COST and other:
                o_cost = COST[o_model] * ENGINE_FACTOR.get(o_engine, 1.0)
                rtf = statistics.median(r[1] / r[0] for r in other) * cost / o_cost
                return Estimate(rtf, load, "scaled")
        if device == "cuda":
            return Estimate(BASE_RTF_GPU * cost, load, "rough")
        cores = cores or os.cpu_count() or 2
        return Estimate(BASE_RTF_2_CORES * cost * 2 / min(max(cores, 1), 8), load, "rough")
