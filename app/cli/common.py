"""What the sub-command modules share: opening a project for a command, JSON output, names."""
from __future__ import annotations

import json
from pathlib import Path
import sys
from argparse import Namespace

from coding import __version__
from coding.base.ids import CodeId
from coding.services import codes
from coding.store.project import Project


def version() -> str:
    """The installed Andock version."""
    return __version__


def dump_json(data: object) -> None:
    """Print JSON the stable way (UTF-8, sorted keys, two-space indent)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def open_project(path: str) -> Project:
    """Open a project for one command; warnings (risky folder, upgraded file) go to stderr.

    ``andock new meinprojekt`` creates ``meinprojekt.andock``: the same name finds it again.
    """
    if not Path(path).exists() and Path(path + ".andock").is_file():
        path += ".andock"
    proj = Project.open(path)
    for warning in proj.warnings:
        print(f"andock: warning: {warning}", file=sys.stderr)
    if proj.backup_path:
        print(f"Project upgraded to the current format; the original is kept as {proj.backup_path.name}",
              file=sys.stderr)
    return proj


def code_of(conn, args: Namespace) -> CodeId:
    """The code named by ``--code PATH`` or ``--code-id GUID``."""
    if getattr(args, "code_id", None):
        return codes.find_by_guid(conn, args.code_id)
    return codes.find_by_path(conn, args.code)
