"""Models: found by name (cache, installed packages) or path; downloads only when asked."""
from __future__ import annotations

import pytest

from transcription import models
from transcription.errors import ModelNotFound


def test_base_comes_from_the_registry_packages(base_model, andock_cache):
    assert base_model.name == "base" and base_model.source in ("package", "cache")
    folder = base_model.ct2_dir
    assert folder == andock_cache / "models" / "base" and models.is_ct2_dir(folder)
    parts, _ = models._package_parts("base")
    assert (folder / "model.bin").stat().st_size == sum(p.stat().st_size for p in parts)
    assert not list(folder.glob("*.partial"))
    again = models.resolve("base")  # assembled once, then taken from the cache
    assert again.source == "cache" and again.ct2_dir == folder
    assert models.installed_models()["base"] == "cache"


def test_by_path(base_model):
    by_dir = models.resolve(str(base_model.ct2_dir))
    by_file = models.resolve(str(base_model.ct2_dir / "model.bin"))
    assert by_dir.ct2_dir == by_file.ct2_dir == base_model.ct2_dir and by_dir.source == "path"


def test_bad_paths_and_names(tmp_path):
    with pytest.raises(ModelNotFound, match="not found"):
        models.resolve(str(tmp_path / "nirgends"))
    (tmp_path / "leer").mkdir()
    with pytest.raises(ModelNotFound, match="not a Whisper model"):
        models.resolve(str(tmp_path / "leer"))
    with pytest.raises(ModelNotFound, match="unknown model 'gigantic'"):
        models.resolve("gigantic")


def test_missing_model_says_how_to_get_one_and_never_downloads(monkeypatch):
    import huggingface_hub

    calls = []
    monkeypatch.setattr(huggingface_hub, "snapshot_download", lambda *a, **k: calls.append((a, k)))
    with pytest.raises(ModelNotFound) as exc:
        models.resolve("large-v3-turbo")
    message = str(exc.value)
    assert "--download" in message and "--model PATH" in message and "1620 MB" in message
    assert "\n" not in message and calls == []


def test_download_only_when_asked(monkeypatch, andock_cache):
    import huggingface_hub

    calls = []

    def fake_download(repo, local_dir, tqdm_class, allow_patterns):
        calls.append(repo)
        local_dir.mkdir(parents=True)
        for name in ("config.json", "model.bin", "tokenizer.json"):
            (local_dir / name).write_text("{}")
        bar = tqdm_class(total=10, disable=True)
        bar.update(10)
        bar.close()

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    seen = []
    ref = models.resolve("turbo", download=True, progress=lambda d, t, m: seen.append((d, t, m)))
    assert calls == ["mobiuslabsgmbh/faster-whisper-large-v3-turbo"]
    assert ref.source == "download" and ref.ct2_dir == andock_cache / "models" / "large-v3-turbo"
    assert seen and seen[-1][:2] == (10, 10)
    assert models.resolve("large-v3-turbo").source == "cache"  # no second download


def test_failed_download_is_one_line(monkeypatch):
    import huggingface_hub

    def offline(*a, **k):
        raise OSError("Network is unreachable\nlong traceback text")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    with pytest.raises(ModelNotFound, match="could not download the model 'small'") as exc:
        models.resolve("small", download=True)
    assert "\n" not in str(exc.value)
