"""A private PulseAudio server with one null sink, so that player tests play through a real audio
sink (clocked like a sound card, recordable through its monitor) and never out of the speakers.

QtMultimedia connects to the sound server once per process, when it first looks for devices:
the ``sound`` fixture must run before any test of the process touches QtMultimedia (a window
that shows a recording creates a player).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SINK = "andock_null"


@dataclass
class SoundServer:
    """A running server: its address for clients and its process (ours to end)."""

    address: str
    process: subprocess.Popen
    keeper: subprocess.Popen | None = None

    def stop(self) -> None:
        """End the server (and the silence keeping it awake)."""
        for proc in (self.keeper, self.process):
            if proc is None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def record(self, path: Path) -> subprocess.Popen:
        """Start recording what the sink plays (mono 44.1 kHz s16le raw) into ``path``."""
        with open(path, "wb") as out:
            return subprocess.Popen(["parec", "--server", self.address, "-d", f"{SINK}.monitor", "--raw",
                                     "--format=s16le", "--rate=44100", "--channels=1"], stdout=out)


def start(folder: Path) -> SoundServer:
    """Start ``pulseaudio`` with a null sink, its socket and state in ``folder``."""
    exe = shutil.which("pulseaudio")
    if exe is None or shutil.which("parec") is None:
        raise RuntimeError("the player tests need PulseAudio: apt-get install pulseaudio")
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "native"
    env = dict(os.environ, HOME=str(folder), XDG_RUNTIME_DIR=str(folder), PULSE_RUNTIME_PATH=str(folder),
               PULSE_STATE_PATH=str(folder))
    # -n: no default configuration (no hardware modules, nothing of the user's); as root (CI) it
    # warns that it is meant for a user session, and runs.
    with open(folder / "server.log", "wb") as log:
        proc = subprocess.Popen([exe, "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                                 "--log-target=stderr", "--log-level=error",
                                 "-L", f"module-null-sink sink_name={SINK} rate=44100",
                                 "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"],
                                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
    server = SoundServer(f"unix:{socket}", proc)
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "--server", server.address, "info"], capture_output=True).returncode:
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("PulseAudio did not start: " + (folder / "server.log").read_text(errors="replace"))
        time.sleep(0.05)
    # An idle null sink sleeps up to 2 s between wake-ups and only then notices a new stream, so
    # playback would start 0-2 s late at random; a sound card's driver wakes when asked. A silent
    # stream with 20 ms latency keeps the sink waking every 20 ms, like a card (and adds nothing
    # to what the monitor records).
    with open("/dev/zero", "rb") as silence:
        server.keeper = subprocess.Popen(["pacat", "--server", server.address, "-d", SINK, "--latency-msec=20",
                                          "--raw", "--format=s16le", "--rate=44100", "--channels=1"],
                                         stdin=silence, stdout=subprocess.DEVNULL)
    return server


@pytest.fixture(scope="session")
def sound(tmp_path_factory):
    """The private sound server, made the default output of this process's QtMultimedia."""
    server = start(tmp_path_factory.mktemp("sound"))
    old = {k: os.environ.get(k) for k in ("PULSE_SERVER", "QT_AUDIO_BACKEND")}
    os.environ["PULSE_SERVER"] = server.address
    os.environ["QT_AUDIO_BACKEND"] = "pulseaudio"  # where Qt would take PipeWire directly
    yield server
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    server.stop()
