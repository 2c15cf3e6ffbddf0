"""Audio in: checks, checksum and streaming decode to 16 kHz float32 with PyAV (no ffmpeg program).

The original file is only ever opened for reading. Decoding is streamed in blocks so memory
stays bounded however long the recording is; ``windows`` cuts the stream into ~10-minute pieces
at the quietest moment near each boundary, and ``Envelope`` keeps a 10 ms loudness track of the
whole file (1.4 MB per hour) for pause marks, silence checks and per-channel speakers.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from .errors import AudioError, CorruptAudio, EmptyAudio, NoAudioTrack, UnsupportedAudio

SAMPLE_RATE = 16000
SUPPORTED = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".mp4", ".mov",
             ".m4v", ".webm", ".mkv", ".wma")
FRAME = 160  # samples per envelope frame: 10 ms


@dataclass(frozen=True)
class AudioInfo:
    """What Andock records about a recording (the file itself is never changed)."""

    path: Path
    checksum: str  # "sha256:<hex>", the same form the project stores for media
    duration: float  # seconds, from the container (exact after decoding)
    channels: int
    codec: str


def file_checksum(path: Path) -> str:
    """``sha256:<hex>`` of a file, read in 1 MB chunks (the form the project stores for media)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return f"sha256:{h.hexdigest()}"


def _check_path(path: Path) -> None:
    if not path.exists():
        raise AudioError(f"{path.name}: file not found")
    if path.is_dir():
        raise AudioError(f"{path.name}: is a folder, not an audio file")
    if path.suffix.lower() not in SUPPORTED:
        names = ", ".join(s.lstrip(".") for s in SUPPORTED)
        raise UnsupportedAudio(f"{path.name}: not an audio or video file Andock can read ({names})")
    if path.stat().st_size == 0:
        raise EmptyAudio(f"{path.name}: the file is empty (0 bytes)")


def _open(path: Path):
    import av

    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise CorruptAudio(f"{path.name}: cannot be decoded as audio ({_why(exc)})") from None
    if not container.streams.audio:
        kind = "a video track but no audio track" if container.streams.video else "no audio track"
        container.close()
        raise NoAudioTrack(f"{path.name}: has {kind}; nothing to transcribe")
    return container


def _why(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.split(":")[0].strip() or type(exc).__name__


def probe(path: str | Path, *, checksum: bool = True) -> AudioInfo:
    """Check that ``path`` is a readable recording and return its metadata."""
    path = Path(path)
    _check_path(path)
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        else:
            duration = (container.duration or 0) / 1_000_000
        info = AudioInfo(path, file_checksum(path) if checksum else "", duration,
                         stream.codec_context.channels or 1, stream.codec_context.name)
    finally:
        container.close()
    return info


def stream(path: str | Path, *, stereo: bool = False, block_s: float = 30.0) -> Iterator[np.ndarray]:
    """Decode ``path`` to 16 kHz float32 blocks of about ``block_s`` seconds.

    Blocks are mono ``(n,)`` or, with ``stereo``, ``(n, 2)`` (a mono file is duplicated).
    Raises ``CorruptAudio`` naming the time where decoding failed and ``EmptyAudio`` when the
    stream decodes to nothing.
    """
    import av

    path = Path(path)
    _check_path(path)
    container = _open(path)
    layout = "stereo" if stereo else "mono"
    resampler = av.AudioResampler(format="flt", layout=layout, rate=SAMPLE_RATE)
    target = int(block_s * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    have = total = 0
    try:
        frames = container.decode(container.streams.audio[0])
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                frame = None
            except av.error.FFmpegError as exc:
                at = total / SAMPLE_RATE
                raise CorruptAudio(f"{path.name}: damaged at {at:.1f} s ({_why(exc)})") from None
            for out in resampler.resample(frame):
                # Packed float: one row of interleaved samples per frame.
                data = out.to_ndarray().reshape(-1, 2) if stereo else out.to_ndarray().reshape(-1)
                pending.append(data)
                have += len(data)
                total += len(data)
            while have >= target or (frame is None and have):
                block = np.concatenate(pending)
                yield block[:target]
                rest = block[target:]
                pending, have = ([rest], len(rest)) if len(rest) else ([], 0)
            if frame is None:
                break
    finally:
        container.close()
    if total == 0:
        raise EmptyAudio(f"{path.name}: contains no audio samples")


def load(path: str | Path, *, stereo: bool = False) -> np.ndarray:
    """The whole recording as one float32 array (for short clips and tests)."""
    return np.concatenate(list(stream(path, stereo=stereo)))


def _frame_rms(samples: np.ndarray) -> np.ndarray:
    n = len(samples) // FRAME
    frames = samples[: n * FRAME].reshape(n, FRAME, *samples.shape[1:])
    return np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)).astype(np.float32)


def windows(blocks: Iterable[np.ndarray], *, window_s: float = 600.0,
            search_s: float = 60.0) -> Iterator[tuple[float, np.ndarray]]:
    """Regroup mono blocks into ``(offset_s, samples)`` windows of about ``window_s``.

    Each cut is placed at the quietest 0.5 s within ``search_s`` around the nominal boundary,
    so a word is rarely split. One buffer of ``window_s + search_s / 2`` is reused: a window is
    a view into it, valid until the next one is requested (so memory does not grow with length).
    """
    limit = int((window_s + search_s / 2) * SAMPLE_RATE)
    buf: np.ndarray | None = None
    have = 0
    offset = 0
    for block in blocks:
        while len(block):
            if buf is None:
                buf = np.empty(limit, np.float32)
            take = min(len(block), limit - have)
            buf[have:have + take] = block[:take]
            have += take
            block = block[take:]
            if have == limit:
                cut = _quietest(buf, int((window_s - search_s / 2) * SAMPLE_RATE), limit)
                yield offset / SAMPLE_RATE, buf[:cut]
                offset += cut
                buf[:limit - cut] = buf[cut:limit].copy()  # the rest moves to the front
                have = limit - cut
    if have and buf is not None:  # buf exists once anything arrived
        yield offset / SAMPLE_RATE, buf[:have]


def _quietest(buf: np.ndarray, lo: int, hi: int) -> int:
    rms = _frame_rms(buf[lo:hi])
    smooth = np.convolve(rms, np.ones(50) / 50, mode="same")  # 0.5 s
    return lo + int(np.argmin(smooth)) * FRAME + FRAME // 2
