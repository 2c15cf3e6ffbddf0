"""``andock selftest`` (also ``andock --selftest``) and ``andock startup-probe``: checks of an
installed Andock (app/selftest.py, app/startup_probe.py; docs/installer.md)."""
from __future__ import annotations

import argparse
from argparse import Namespace
from typing import Callable

from coding.base.errors import InputError


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Register ``selftest`` and ``startup-probe`` on the ``andock`` parser."""
    p = add("selftest", "check that this Andock works here: project, coding, reports, window "
            "libraries, audio, and transcription if a model is installed (also: andock --selftest)")
    p.add_argument("--model", help="Whisper model (name or folder) to transcribe with "
                   "(default: the smallest installed one)")
    p.add_argument("--no-transcription", action="store_true", help="leave out the transcription step")
    p = add("startup-probe", "open the window, print the seconds from process start to its first "
            "paint, and close it again")
    p.add_argument("project", nargs="?")


def cmd_selftest(args: Namespace) -> int:
    from ..selftest import run_selftest

    return run_selftest(model=args.model, transcribe=not args.no_transcription)


def cmd_startup_probe(args: Namespace) -> int:
    from ..gui.app import display_available

    if not display_available():
        raise InputError("no display found (DISPLAY/WAYLAND_DISPLAY unset); for a measurement "
                         "without a screen set QT_QPA_PLATFORM=offscreen")
    from ..startup_probe import run_probe

    return run_probe(args.project)


COMMANDS = {
    "selftest": cmd_selftest,
    "startup-probe": cmd_startup_probe,
}
