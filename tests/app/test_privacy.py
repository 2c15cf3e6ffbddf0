"""Everything stays on the computer: a transcription, an import, a report and the window's start
make no network connection and no DNS query (traced with strace), and leave no file outside the
project, the model cache and Andock's own folders (HOME is a fresh temporary folder)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="system calls are traced with strace, which exists on Linux only")

# Switches a user's shell may hold: the runs below start without them, so Andock must set them itself.
SWITCHES = ("ORT_DISABLE_TELEMETRY", "HF_HUB_DISABLE_TELEMETRY", "HF_XET_TELEMETRY_ENABLED", "DO_NOT_TRACK",
            "DISABLE_TELEMETRY", "HF_HUB_DISABLE_UPDATE_CHECK", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "HF_HUB_OFFLINE")
# Andock's own folders (platformdirs "andock", Qt settings "Andock") with the XDG defaults under HOME
OWN = (".cache/andock", ".config/andock", ".local/share/andock", ".local/state/andock", ".config/Andock")
INTERVIEW = ("I: Wie finden Neuzugewanderte hier Unterstützung? #00:00:04-0#\n\n"
             "B: Über die Schule und über Nachbar*innen. #00:00:21-5#\n")


def strace() -> str:
    """The strace program; its absence is a failure (the CI script installs it), not a skip."""
    path = shutil.which("strace")
    if path is None:
        pytest.fail("strace is not installed (apt-get install strace; .ci/run installs it)")
    return path


def andock(*args: str) -> list[str]:
    """The installed ``andock`` command (the console script), else ``python -m app.cli``."""
    script = Path(sys.executable).with_name("andock")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "app.cli", *args]


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def work(tmp_path) -> Path:
    """The user's project folder (outside HOME, as a study folder on a data disk would be)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh user: HOME, no XDG folders, no Andock or telemetry settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "ANDOCK_")) and k not in SWITCHES}
    env.update(HOME=str(home), PYTHONUTF8="1", **extra)
    return env


def traced(cmd: list[str], home: Path, cwd: Path, trace: Path, timeout: int = 300, **extra: str) -> None:
    """Run ``cmd`` under strace, following every child process; it must succeed."""
    full = [strace(), "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", str(trace), *cmd]
    out = subprocess.run(full, cwd=cwd, env=clean_env(home, **extra), capture_output=True, text=True,
                         timeout=timeout)
    assert out.returncode == 0, f"{cmd} failed:\n{out.stdout}\n{out.stderr}"


def network_calls(trace: Path) -> list[str]:
    """Connections to internet addresses and DNS look-ups (port 53, systemd-resolved's socket).

    nscd's socket is not counted: user-name look-ups (``getpass.getuser``) go there as well."""
    dns = re.compile(r"htons\(53\)|/run/systemd/resolve")
    return [line for line in trace.read_text().splitlines()
            if re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line)
            and ("AF_INET" in line or dns.search(line))]


def stray_files(home: Path) -> list[str]:
    """Everything under HOME that is neither in one of Andock's folders nor on the way to one."""
    own = [home / d for d in OWN]
    out = []
    for path in sorted(home.rglob("*")):
        inside = any(path == d or d in path.parents for d in own)
        on_the_way = any(path in d.parents for d in own)
        if not (inside or on_the_way):
            out.append(str(path.relative_to(home)))
    return out


def assert_private(home: Path, trace: Path) -> None:
    assert network_calls(trace) == []
    assert stray_files(home) == []


def make_project(work: Path, home: Path) -> Path:
    """A project with one imported interview, a code and a coding (not traced)."""
    project = work / "studie.andock"
    env = clean_env(home)
    (work / "K01.txt").write_text(INTERVIEW, encoding="utf-8")
    for args in (("new", str(project)), ("coders", str(project), "--add", "Lena", "--use", "Lena"),
                 ("import", str(project), str(work / "K01.txt")),
                 ("code-new", str(project), "Zugänge", "--definition", "Wege zu Hilfe")):
        out = subprocess.run(andock(*args), cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    return project


def test_the_trace_sees_a_dns_look_up_and_a_connection(home, work, tmp_path):
    trace = tmp_path / "trace.txt"
    code = ("import socket, contextlib\n"
            "with contextlib.suppress(OSError): socket.getaddrinfo('mobile.events.data.microsoft.com', 443)\n"
            "with contextlib.suppress(OSError): socket.create_connection(('192.0.2.1', 443), timeout=0.2)\n")
    traced([sys.executable, "-c", code], home, work, trace)
    calls = network_calls(trace)
    assert any("192.0.2.1" in c for c in calls)
    if Path("/etc/resolv.conf").exists():
        assert any("htons(53)" in c or "resolve" in c for c in calls)


def test_the_switches_are_forced_on_in_every_entry_point(home, work):
    env = clean_env(home, ORT_DISABLE_TELEMETRY="0", DO_NOT_TRACK="0", HF_HUB_DISABLE_TELEMETRY="false")
    code = ("import app, os, json; print(json.dumps({k: os.environ.get(k) for k in "
            "('ORT_DISABLE_TELEMETRY', 'DO_NOT_TRACK', 'HF_HUB_DISABLE_TELEMETRY', 'HF_HUB_OFFLINE')}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ('{"ORT_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1", '
                                  '"HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": null}')


def test_a_transcription_sends_nothing_and_leaves_nothing(home, work, tmp_path):
    pytest.importorskip("faster_whisper", reason="needs the 'transcription' extra")
    if not shutil.which("espeak-ng"):
        pytest.skip("needs espeak-ng to speak the test recording (the CI script installs it)")
    wav = work / "interview.wav"
    subprocess.run(["espeak-ng", "-v", "de", "-w", str(wav), "Guten Tag. Wie finden Sie hier Unterstützung?"],
                   check=True, capture_output=True)
    trace = tmp_path / "trace.txt"
    # the model "base" is assembled from its registry packages into Andock's cache under HOME
    traced(andock("transcribe-file", str(wav), "-o", str(work / "interview.txt"), "--model", "base",
                  "--threads", "2"), home, work, trace)
    assert "#00:00:0" in (work / "interview.txt").read_text(encoding="utf-8")  # a timed turn came out
    assert_private(home, trace)


def test_an_import_sends_nothing_and_leaves_nothing(home, work, tmp_path):
    project = work / "studie.andock"
    subprocess.run(andock("new", str(project)), cwd=work, env=clean_env(home), check=True, capture_output=True)
    (work / "K01.txt").write_text(INTERVIEW, encoding="utf-8")
    trace = tmp_path / "trace.txt"
    traced(andock("import", str(project), str(work / "K01.txt")), home, work, trace)
    assert_private(home, trace)


def test_a_report_sends_nothing_and_leaves_nothing(home, work, tmp_path):
    project = make_project(work, home)
    trace = tmp_path / "trace.txt"
    traced(andock("report", str(project), "--kind", "codebook", "-o", str(work / "codebook.pdf")), home, work, trace)
    assert (work / "codebook.pdf").read_bytes().startswith(b"%PDF")
    assert_private(home, trace)


def test_starting_the_window_sends_nothing_and_leaves_nothing(home, work, tmp_path):
    pytest.importorskip("PySide6")
    project = make_project(work, home)
    trace = tmp_path / "trace.txt"
    traced(andock("gui", str(project)), home, work, trace, timeout=120,
           QT_QPA_PLATFORM="offscreen", ANDOCK_QUIT_AFTER_START_MS="3000")
    assert "studie.andock" in (home / ".config/Andock/Andock.conf").read_text()  # it opened the project
    assert_private(home, trace)
