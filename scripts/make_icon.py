"""Render resources/icons/procedures-reader.svg to the PNG the application uses.

    .venv/bin/python scripts/make_icon.py

Run after editing the SVG and commit both files. The window, the Linux desktop
entry and the frozen build use the PNG (so no SVG support is needed at run
time); PyInstaller converts it to .ico / .icns with Pillow when it builds on
Windows or macOS.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 256


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, plugins
    renderer = QSvgRenderer(str(ICONS / "procedures-reader.svg"))
    if not renderer.isValid():
        print("make_icon: the SVG does not parse", file=sys.stderr)
        return 1
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out = ICONS / "procedures-reader.png"
    if not image.save(str(out)):
        print(f"make_icon: could not write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
