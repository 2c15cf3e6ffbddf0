"""Build Andock as one folder with its own Python (PyInstaller), for the platform this runs on.

    python build_installer.py                   # dist/andock/ (+ the archive), sizes checked
    python build_installer.py --install-desktop # Linux: register the built andock with the desktop

Needs ``pip install -e ".[installer,transcription,team]"`` in the environment it runs in: what
that environment has is what the program gets, less what packaging/bundle.py leaves out (with
``--no-team`` also the team database). The spec is packaging/andock.spec. After building: the
program ``dist/andock/andock`` (Windows: ``andock.exe`` and ``andock-cli.exe``; macOS:
``dist/Andock.app``), an archive of the folder beside it, and the unpacked and compressed sizes in
MB (SI, as the budget is stated) and MiB, checked against the budget (exit 1 above it). Signing,
installers and measured figures: docs/installer.md.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import bundle  # noqa: E402 - packaging/bundle.py: what the build contains, and the budget

MIB = 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    """Build (or, with --install-desktop, register the build); 0 when within the size budget."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist)")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "installer",
                    help="PyInstaller's work folder (default: build/installer)")
    ap.add_argument("--no-team", action="store_true",
                    help="leave out the team database (PostgreSQL driver, keyring): ~22 MiB less")
    ap.add_argument("--install-desktop", action="store_true",
                    help="Linux: register dist/andock for this user (menu entry, .andock files) and stop")
    args = ap.parse_args(argv)
    folder = args.dist / "andock"
    if args.install_desktop:
        return install_desktop(folder)
    started = time.monotonic()
    code = build(args.dist, args.work, team=not args.no_team)
    if code:
        return code
    built = time.monotonic() - started
    if sys.platform.startswith("linux"):
        add_desktop_files(folder)
    archive = make_archive(folder)
    unpacked, compressed = folder_size(folder), archive.stat().st_size
    print(f"built {program(folder)} in {built:.0f} s")
    print(f"unpacked:   {unpacked / bundle.MB:6.1f} MB ({unpacked / MIB:6.1f} MiB)   budget "
          f"{bundle.BUDGET_UNPACKED_MB} MB")
    print(f"compressed: {compressed / bundle.MB:6.1f} MB ({compressed / MIB:6.1f} MiB)   budget "
          f"{bundle.BUDGET_COMPRESSED_MB} MB   {archive}")
    over = [what for what, size, limit in (("unpacked", unpacked, bundle.BUDGET_UNPACKED_MB),
                                           ("compressed", compressed, bundle.BUDGET_COMPRESSED_MB))
            if size > limit * bundle.MB]
    if over:
        print(f"build_installer: over the size budget ({', '.join(over)}); see packaging/bundle.py",
              file=sys.stderr)
        return 1
    return 0


def build(dist: Path, work: Path, team: bool = False) -> int:
    """Run PyInstaller on packaging/andock.spec (with or without the team database); its exit code."""
    if importlib.util.find_spec("PyInstaller") is None:
        print('build_installer: PyInstaller is missing: pip install -e ".[installer,transcription,team]"',
              file=sys.stderr)
        return 1
    if team and importlib.util.find_spec("psycopg") is None:  # else a build without it, unnoticed
        print('build_installer: the team database needs pip install -e ".[team]" (or build with --no-team)',
              file=sys.stderr)
        return 1
    cmd = [sys.executable, "-m", "PyInstaller", str(PACKAGING / "andock.spec"), "--noconfirm",
           "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN"]
    print("+", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=dict(os.environ, ANDOCK_BUILD_TEAM="1" if team else "0"))


def program(folder: Path) -> Path:
    """The program in the built folder."""
    return folder / ("andock.exe" if os.name == "nt" else "andock")


def add_desktop_files(folder: Path) -> None:
    """Linux: the desktop entry, file type and icon beside the program, with the script that
    registers them (packaging/linux/install-desktop.sh)."""
    desktop = folder / "desktop"
    desktop.mkdir(exist_ok=True)
    for name in ("andock.desktop", "andock-mime.xml"):
        shutil.copy2(PACKAGING / "linux" / name, desktop / name)
    shutil.copy2(PACKAGING / "icons" / "andock.png", desktop / "andock.png")
    shutil.copy2(PACKAGING / "linux" / "install-desktop.sh", folder / "install-desktop.sh")


def install_desktop(folder: Path) -> int:
    """Run the built folder's install-desktop.sh (Linux)."""
    script = folder / "install-desktop.sh"
    if not sys.platform.startswith("linux"):
        print("build_installer: --install-desktop is for Linux (Windows: the Inno Setup installer, "
              "macOS: Andock.app registers itself)", file=sys.stderr)
        return 1
    if not script.is_file():
        print(f"build_installer: {script} not found: build first", file=sys.stderr)
        return 1
    return subprocess.call(["sh", str(script)])


def make_archive(folder: Path) -> Path:
    """The folder as one archive beside it: .zip on Windows, else .tar.gz (links kept as links)."""
    from coding import __version__

    plat = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    stem = folder.parent / f"andock-{__version__}-{plat}-{_machine()}"
    if os.name == "nt":
        target = stem.with_suffix(".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(folder.rglob("*")):
                zf.write(path, path.relative_to(folder.parent))
        return target
    target = stem.with_name(stem.name + ".tar.gz")
    with tarfile.open(target, "w:gz", compresslevel=6) as tf:
        tf.add(folder, arcname=folder.name)
    return target


def _machine() -> str:
    import platform

    return platform.machine().lower().replace("amd64", "x86_64")


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` (links count as nothing: they point at files counted)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    sys.exit(main())
