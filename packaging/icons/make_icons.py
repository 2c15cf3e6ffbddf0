"""Render packaging/icons/andock.svg into the icon files the platforms want, with Qt's own image
writers (no other tool needed); run again after changing the SVG and commit the results.

    .venv/bin/python packaging/icons/make_icons.py

andock.png (256 px: Linux, the window), andock.ico (Windows program and installer), andock.icns
(macOS bundle).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(size: int):
    """The SVG drawn at ``size`` x ``size`` pixels (transparent around the rounded square)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(HERE / "andock.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    """Write andock.png, andock.ico and andock.icns beside the SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt's image plug-ins need an application
    for name, size, fmt in (("andock.png", 256, "PNG"), ("andock.ico", 256, "ICO"), ("andock.icns", 512, "ICNS")):
        if not render(size).save(str(HERE / name), fmt):
            print(f"could not write {name}", file=sys.stderr)
            return 1
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
