"""`reader screenshot`: the window rendered offscreen to a PNG."""

import subprocess
import sys

from PySide6.QtGui import QImage

from tests.conftest import ROOT


def test_screenshot_command_writes_a_png(tmp_path):
    out = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(tmp_path / "d"), "screenshot", str(out),
         "--board", "walsall", "--chapter", "walsall-lado", "--search", "LADO"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 600


def test_screenshot_bad_chapter_is_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(tmp_path / "d"), "screenshot", str(tmp_path / "x.png"),
         "--chapter", "nope"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "no chapter" in done.stderr
    assert not (tmp_path / "x.png").exists()
