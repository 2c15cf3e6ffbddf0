"""Warn about project files in places where SQLite cannot keep them safe.

Network file systems (SMB/CIFS, NFS, WebDAV, SSHFS) often implement file locks badly, and
cloud-sync clients (OneDrive, Dropbox, Google Drive, iCloud, Nextcloud, …) upload and replace
files while they are open — both can lose or mix work (SQLite's own FAQ says the same). Andock
still opens such files, but says why that is risky and what to do instead.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from coding.base.messages import _

SYNC_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "my drive", "icloud drive",
                "mobile documents", "nextcloud", "owncloud", "seafile", "box sync", "pcloud",
                "magentacloud", "tresorit", "sciebo", "syncthing")
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "afpfs", "webdav", "davfs",
              "fuse.sshfs", "sshfs", "9p", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse",
              "fuse.davfs2", "ceph", "glusterfs", "lustre", "afs"}


def _linux_fs_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (longest mount point wins)."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # also tells the type checker that windll exists below
        return False
    import ctypes

    drive = os.path.splitdrive(str(path.resolve()))[0]
    if drive.startswith("\\\\"):
        return True
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE


def network_fs(path: Path) -> str | None:
    """The network file system's name when the folder is on one, else None."""
    if sys.platform.startswith("linux"):
        kind = _linux_fs_type(path.parent)
        return kind if kind in NETWORK_FS else None
    if sys.platform == "win32":  # pragma: no cover
        return "network drive" if _windows_remote(path.parent) else None
    if sys.platform == "darwin":  # pragma: no cover - macOS: statfs is not in os; mount tells
        import subprocess

        out = subprocess.run(["df", str(path.parent)], capture_output=True, text=True).stdout
        device = out.splitlines()[-1].split()[0] if out else ""
        return "network drive" if device.startswith("//") or ":" in device else None
    return None


def sync_folder(path: Path) -> str | None:
    """The cloud-sync client's folder name when ``path`` lies in one, else None."""
    for part in path.resolve().parent.parts:
        low = part.lower()
        for name in SYNC_FOLDERS:
            if low == name or low.startswith(name + " ") or low.startswith(name + "-") or low.startswith(name + "_"):
                return part
    return None


def location_warning(path: Path) -> str | None:
    """One sentence saying why the project's folder is risky and what to do, or None."""
    fs = network_fs(path)
    if fs:
        return (_("{name} is on a network drive ({fs}): file locking there is unreliable and two "
                  "people working on it at once can damage it. Work on a copy on this computer and "
                  "merge the copies, or use a team database.", name=path.name, fs=fs))
    folder = sync_folder(path)
    if folder:
        return (_("{name} is in a cloud-sync folder ({folder}): the sync client may upload or "
                  "replace it while it is open, which can lose work. Keep projects in a folder "
                  "that is not synced (Andock keeps backups), or use a team database.",
                  name=path.name, folder=folder))
    return None
