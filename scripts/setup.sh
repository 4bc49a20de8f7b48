#!/bin/sh
# Set up the reader on a fresh machine: the system libraries Qt needs, a
# virtual environment in .venv, and the package with its dependencies.
#   sh scripts/setup.sh          the application
#   sh scripts/setup.sh --test   the application and the test tools
# Safe to run again: it installs only what is missing.
set -eu
cd "$(dirname "$0")/.."

extras=""
# --test also installs PyInstaller: the suite builds the application (tests/build).
[ "${1:-}" = "--test" ] && extras="[test,build]"

# Qt's libraries (names as on Debian and Ubuntu) and a font to draw text with. The
# xcb ones are what Qt's X11 platform plugin (libqxcb) loads: without them the window
# aborts on a stock desktop (ldd PySide6/Qt/lib/libQt6XcbQpa.so.6 lists them).
# Each pair: a file ldconfig knows, the package that provides it.
missing=""
for pair in libEGL.so.1:libegl1 libGL.so.1:libgl1 libX11.so.6:libx11-6 \
            libdbus-1.so.3:libdbus-1-3 libfontconfig.so.1:libfontconfig1 \
            libfreetype.so.6:libfreetype6 libglib-2.0.so.0:libglib2.0-0 \
            libxkbcommon.so.0:libxkbcommon0 \
            libxkbcommon-x11.so.0:libxkbcommon-x11-0 libX11-xcb.so.1:libx11-xcb1 \
            libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 \
            libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-image.so.0:libxcb-image0 \
            libxcb-render-util.so.0:libxcb-render-util0 libxcb-util.so.1:libxcb-util1 \
            libxcb-randr.so.0:libxcb-randr0 libxcb-shape.so.0:libxcb-shape0 \
            libxcb-xkb.so.1:libxcb-xkb1 libxcb-xfixes.so.0:libxcb-xfixes0 \
            libxcb-sync.so.1:libxcb-sync1 libxcb-shm.so.0:libxcb-shm0 \
            libxcb-render.so.0:libxcb-render0; do
    lib=${pair%%:*}; pkg=${pair#*:}
    if command -v ldconfig >/dev/null 2>&1 && ! ldconfig -p | grep -q "$lib"; then
        missing="$missing $pkg"
    fi
done
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
    missing="$missing fonts-dejavu-core"
elif ! command -v fc-list >/dev/null 2>&1 && [ ! -d /usr/share/fonts/truetype/dejavu ] && [ "$(uname)" = Linux ]; then
    missing="$missing fonts-dejavu-core"
fi
# --test: nginx, the web server bench/bench_sync.py starts on 127.0.0.1 (Debian's package).
if [ "${1:-}" = "--test" ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] \
        && command -v apt-get >/dev/null 2>&1; then
    missing="$missing nginx-light"
fi
if [ -n "$missing" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "setup: installing system libraries for Qt:$missing"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
    else
        echo "setup: Qt needs these system libraries (Debian names):$missing; install them and run again" >&2
        exit 1
    fi
fi

# --test: a real X display and keystrokes for the real-window check (tests/ui/test_real_window.py),
# so CI drives the window as a person does. Without apt the check skips, saying why.
if [ "${1:-}" = "--test" ] && [ "$(uname)" = Linux ]; then
    tools=""
    command -v Xvfb >/dev/null 2>&1 || tools="$tools xvfb"
    command -v xdotool >/dev/null 2>&1 || tools="$tools xdotool"
    if [ -n "$tools" ] && command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "setup: installing the real-window test's tools:$tools"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $tools >/dev/null
    elif [ -n "$tools" ]; then
        echo "setup: without$tools the real-window test will be skipped" >&2
    fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "setup: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras" 2>&1 \
    | grep -v "^WARNING: Location" >&2 || true
.venv/bin/python -c "import reader, PySide6, whoosh, markdown, platformdirs" \
    || { echo "setup: the install did not complete (see the messages above)" >&2; exit 1; }
echo "setup: ready (.venv)"
