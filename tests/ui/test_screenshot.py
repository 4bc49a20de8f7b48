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


def test_screenshot_leaves_the_users_settings_theme_partnership_and_window_alone(tmp_path):
    """`--board` and `--theme` are for the picture: the practitioner's own choices and window
    geometry were rewritten by every screenshot."""
    data = tmp_path / "d"
    data.mkdir()
    settings = data / "settings.json"
    settings.write_text('{"version": 1, "values": {"board": "dudley", "theme": "light", "text_size": 13}}')
    before = settings.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), "screenshot", str(tmp_path / "shot.png"),
         "--board", "walsall", "--theme", "dark", "--chapter", "walsall-lado"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert settings.read_bytes() == before
    assert not (data / "window.ini").exists()
    dark = QImage(str(tmp_path / "shot.png")).pixelColor(1150, 600)  # the chapter pane's margin: the theme asked for
    assert dark.lightness() < 100
