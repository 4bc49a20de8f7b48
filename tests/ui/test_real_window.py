"""The real window, as a person meets it: `reader` started on an X display (Xvfb), driven by
keystrokes from outside (xdotool, through the X server as a keyboard is), and judged by what
the display shows (the window's title, the screen's pixels), not by the window's insides.

pytest-qt drives the window from within and never noticed a toolbar that overflowed or a
shortcut that reached no window; this does what a practitioner does. `scripts/setup.sh --test`
installs Xvfb and xdotool, so CI runs it; without them it is skipped, saying which is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from reader.core import settings as settings_store
from tests.conftest import ROOT

APP_TITLE = "Child protection procedures — West Midlands"

missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 (Xvfb) is Linux's"),
    pytest.mark.skipif(bool(missing), reason=f"{' and '.join(missing)} not installed: "
                                             "`sh scripts/setup.sh --test` installs them (Debian: xvfb, xdotool)"),
]

# Grabs the whole X screen with Qt's own xcb plugin, so no screenshot tool is needed.
GRAB = ("import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(['grab']); "
        "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)")


def wait_for(what: str, check, timeout_s: float = 30.0, every_s: float = 0.2):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every_s)
    pytest.fail(f"{what} within {timeout_s:.0f} s")


@pytest.fixture
def display():
    """A display of its own (Xvfb picks a free number), stopped afterwards."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = b""
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(1)
                if not chunk:
                    pytest.fail("Xvfb did not start")
                number += chunk
        yield f":{number.decode().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Desk:
    """The reader on `display`, and a person's hands on its keyboard."""

    def __init__(self, display: str, data_dir):
        self.env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"DISPLAY": display}
        self.data_dir = data_dir
        self.app: subprocess.Popen | None = None
        self.window = ""

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        return done.stdout.strip() if done.returncode == 0 else ""

    def start(self) -> None:
        self.log = self.data_dir.parent / "reader.log"
        with open(self.log, "ab") as log:  # the child holds its own copy of the file
            self.app = subprocess.Popen([sys.executable, "-m", "reader", "--data-dir", str(self.data_dir)], cwd=ROOT,
                                        env=self.env, stdout=log, stderr=log)
        ids = wait_for("the reader's window appeared", lambda: self.xdotool("search", "--name", APP_TITLE), 60)
        self.window = ids.split()[0]
        # No window manager: the keyboard is given to the window as a click on it would.
        wait_for("the window took the keyboard", lambda: self.xdotool("windowfocus", "--sync", self.window) == ""
                 and self.xdotool("getwindowfocus") == self.window, 10)

    def keys(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "30", text)

    def title(self) -> str:
        return self.xdotool("getwindowname", self.window)

    def screen(self, path):
        from PySide6.QtGui import QImage

        subprocess.run([sys.executable, "-c", GRAB, str(path)], env=self.env | {"QT_QPA_PLATFORM": "xcb"},
                       check=True, timeout=60)
        return QImage(str(path))

    def stop(self) -> None:
        if self.app is not None and self.app.poll() is None:
            self.app.terminate()
            self.app.wait(timeout=10)


@pytest.fixture
def desk(display, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    settings_store.save(data, settings_store.Settings(board="walsall"))  # a practitioner's everyday start
    desk = Desk(display, data)
    try:
        yield desk
    finally:
        desk.stop()


def black_share(image, x0: int, y0: int, x1: int, y1: int) -> float:
    """The share of pure black pixels in a region, sampled every 4 px."""
    seen = black = 0
    for y in range(y0, y1, 4):
        for x in range(x0, x1, 4):
            colour = image.pixelColor(x, y)
            seen += 1
            black += colour.red() == colour.green() == colour.blue() == 0
    return black / seen


def test_the_real_window_by_keyboard_alone(desk, tmp_path):
    desk.start()
    assert desk.title() == APP_TITLE  # the welcome page: no chapter in the title yet

    # Search with the keyboard and open the first result: the window's title names the chapter.
    desk.keys("ctrl+k")
    desk.type("allegations against staff")
    time.sleep(1.5)  # search as you type: the results come while typing stops
    desk.keys("Return")
    wait_for("the chapter opened from the keyboard named in the title",
             lambda: desk.title().startswith("Allegations against staff / LADO"))

    # The high-contrast theme from the View menu, by its mnemonics: the chapter turns black.
    before = desk.screen(tmp_path / "light.png")
    assert black_share(before, 400, 150, 1080, 650) < 0.05  # the light theme's chapter pane
    desk.keys("alt+v", "t", "Down", "Down", "Return")
    after = wait_for("the high-contrast theme on the screen",
                     lambda: (lambda image: image if black_share(image, 400, 150, 1080, 650) > 0.6 else None)(
                         desk.screen(tmp_path / "high-contrast.png")), 15, 0.5)
    assert not after.isNull()

    # Help > Keyboard shortcuts with F1: a window of its own, found on the display by its name.
    desk.keys("F1")
    shortcuts = wait_for("the keyboard shortcuts window", lambda: desk.xdotool("search", "--name", "^Keyboard shortcuts$"))
    assert shortcuts
    desk.keys("Escape")
    wait_for("the shortcuts window closed by Esc", lambda: desk.xdotool("search", "--onlyvisible", "--name",
                                                                         "^Keyboard shortcuts$") == "", 10)

    # Ctrl+Q quits, and the next start opens the same chapter, in the theme chosen.
    desk.xdotool("windowfocus", "--sync", desk.window)
    desk.keys("ctrl+q")
    wait_for("the reader quit on Ctrl+Q", lambda: desk.app.poll() is not None, 15)
    assert desk.app.returncode == 0, desk.log.read_text(errors='replace')
    assert settings_store.load(desk.data_dir)[0].theme == "high-contrast"
    desk.start()
    wait_for("the last chapter opened again at the next start",
             lambda: desk.title().startswith("Allegations against staff / LADO"))
