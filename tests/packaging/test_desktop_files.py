"""Linux desktop integration of the built folder (packaging/linux): the menu entry validates, and
.andock files — by name, and by content when renamed — are Andock projects that open in Andock.
Installed for real by the folder's install-desktop.sh into a temporary XDG_DATA_HOME; checked
with the freedesktop tools (desktop-file-utils, xdg-utils, shared-mime-info) and Qt's own MIME
database."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import build_installer
from coding.store.project import Project


TOOLS = {"desktop-file-validate": "desktop-file-utils", "xdg-mime": "xdg-utils",
         "update-mime-database": "shared-mime-info"}


@pytest.fixture(autouse=True)
def freedesktop_tools():
    """The freedesktop tools the checks use (required in CI, as the PostgreSQL tests do)."""
    lacking = sorted({package for tool, package in TOOLS.items() if shutil.which(tool) is None})
    if lacking:
        message = f"install {' '.join(lacking)} (apt-get install; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A built folder's layout: a program and the desktop files build_installer adds."""
    folder = tmp_path / "dist" / "andock"
    folder.mkdir(parents=True)
    program = folder / "andock"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    build_installer.add_desktop_files(folder)
    return folder


def install(folder: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the folder's install-desktop.sh for a user whose data folder is ``data``."""
    return subprocess.run(["sh", str(folder / "install-desktop.sh"), *args], capture_output=True, text=True,
                          env=dict(os.environ, XDG_DATA_HOME=str(data)), timeout=60)


def mime_type(path: Path, data: Path) -> str:
    """The file's type as the desktop sees it (xdg-mime, with ``data`` as the user's data folder)."""
    return subprocess.run(["xdg-mime", "query", "filetype", str(path)], capture_output=True, text=True,
                          env=dict(os.environ, XDG_DATA_HOME=str(data)), timeout=60, check=True).stdout.strip()


def test_install_registers_andock_files(folder, tmp_path):
    data = tmp_path / "share"
    proc = install(folder, data)
    assert proc.returncode == 0, proc.stderr
    entry = data / "applications" / "andock.desktop"
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout  # no errors, no hints
    text = entry.read_text()
    assert f'Exec="{folder}/andock" gui %f' in text and "MimeType=application/x-andock;" in text
    assert (data / "icons/hicolor/256x256/apps/andock.png").is_file()

    projects = tmp_path / "projects"
    projects.mkdir()
    Project.create(projects / "interviews.andock", "Interviews").close()
    (projects / "renamed.db").write_bytes((projects / "interviews.andock").read_bytes())
    sqlite3.connect(projects / "other.db").execute("CREATE TABLE t (x)").connection.commit()
    assert mime_type(projects / "interviews.andock", data) == "application/x-andock"
    assert mime_type(projects / "renamed.db", data) == "application/x-andock"  # by content: application_id
    assert mime_type(projects / "other.db", data) == "application/vnd.sqlite3"  # other SQLite files stay
    default = subprocess.run(["xdg-mime", "query", "default", "application/x-andock"], capture_output=True,
                             text=True, env=dict(os.environ, XDG_DATA_HOME=str(data)), check=True)
    assert default.stdout.strip() == "andock.desktop"
    # Qt (the window's own file dialogs) reads the same database
    qt = subprocess.run([sys.executable, "-c", "import sys\nfrom PySide6.QtCore import QMimeDatabase\n"
                         "print(QMimeDatabase().mimeTypeForFile(sys.argv[1]).name())", str(projects / "renamed.db")],
                        capture_output=True, text=True, env=dict(os.environ, XDG_DATA_HOME=str(data)), timeout=60)
    assert qt.stdout.strip() == "application/x-andock", qt.stderr

    assert install(folder, data, "--uninstall").returncode == 0
    assert not entry.exists() and not (data / "mime/packages/andock.xml").exists()
    assert mime_type(projects / "interviews.andock", data) != "application/x-andock"


def test_install_refuses_a_path_a_desktop_entry_cannot_name(tmp_path):
    folder = tmp_path / "price $5" / "andock"
    folder.mkdir(parents=True)
    (folder / "andock").write_text("#!/bin/sh\n")
    (folder / "andock").chmod(0o755)
    build_installer.add_desktop_files(folder)
    data = tmp_path / "share"
    proc = install(folder, data)
    assert proc.returncode == 1 and "move the andock folder" in proc.stderr
    assert not (data / "applications").exists()  # nothing installed


def test_install_refuses_a_folder_without_the_program(folder, tmp_path):
    (folder / "andock").unlink()
    proc = install(folder, tmp_path / "share")
    assert proc.returncode == 1 and "run this script from the unpacked andock folder" in proc.stderr
