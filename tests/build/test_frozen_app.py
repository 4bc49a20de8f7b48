"""The PyInstaller build (build_app.spec) runs on its own, without Python.

The build is made once per session (about half a minute) and every frozen
command below runs against it in a minimal environment: no PYTHONPATH, no
virtual environment on PATH, a private data folder.
"""

import json
import re
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def frozen(tmp_path_factory):
    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build_app.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return work / "dist" / "reader"


@pytest.fixture
def run(frozen, tmp_path):
    data = tmp_path / "data"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "READER_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}

    def run(*argv):
        return subprocess.run([str(frozen / "reader"), *argv], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    run.data = data
    return run


def test_frozen_verify(run):
    done = run("verify")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"edition \d+ verifies: \d+ files, signatures and hashes match\n", done.stdout)


def test_frozen_search_uses_the_shipped_index(run, frozen):
    done = run("search", "LADO", "--board", "walsall", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "walsall-lado"
    shipped = sorted(p.name for p in (frozen / "_internal" / "resources" / "index" / "whoosh").glob("*.seg"))
    assert shipped and sorted(p.name for p in (run.data / "index").glob("*.seg")) == shipped


def test_frozen_screenshot_is_a_real_window(run, tmp_path):
    out = tmp_path / "shot.png"
    done = run("screenshot", str(out), "--board", "walsall", "--chapter", "walsall-lado", "--search", "LADO")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 20) for y in range(0, 800, 20)}
    assert len(colours) > 20  # text, toolbar, selection: not a blank grab


def test_frozen_bad_input_is_one_line(run):
    done = run("show", "no-such-chapter")
    assert done.returncode == 1
    assert done.stderr.endswith("no chapter with id 'no-such-chapter' (see `reader chapters`)\n")
    assert "Traceback" not in done.stderr


def test_frozen_build_holds_what_it_needs_and_nothing_private(frozen):
    internal = frozen / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    assert (frozen / "procedures-reader").is_file()  # the window, with no console on Windows
    assert "resources/trust/root.json" in names and "resources/edition/metadata/timestamp.json" in names
    assert not [n for n in names if "development-keys" in n or n.endswith(".pem")]
    assert any("QtPrintSupport" in n for n in names)  # printing and PDF export
    assert any(n.endswith("platforms/libqoffscreen.so") for n in names) or sys.platform != "linux"
    assert any(n.endswith("platforms/libqxcb.so") for n in names) or sys.platform != "linux"
    unwanted = ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Multimedia", "QtQml", "QtQuick", "PIL")
    assert not [n for n in names if any(u in n for u in unwanted)]


def test_frozen_export_and_contacts(run, tmp_path):
    import pypdf

    out = tmp_path / "lado.pdf"
    done = run("export", "walsall-lado", str(out), "--board", "walsall")
    assert done.returncode == 0, done.stderr
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages]
    assert pages and all("Uncontrolled when printed" in p and "Partnership: Walsall" in p for p in pages)
    done = run("contacts", "--board", "walsall", "--json")
    assert done.returncode == 0, done.stderr
    assert "lado@walsall.gov.uk" in {c["value"] for c in json.loads(done.stdout)["contacts"]}


def test_frozen_build_holds_the_tools_imported_by_name(frozen):
    from reader.ui.reading_tools import TOOLS

    internal = frozen / "_internal"
    for module, _ in TOOLS.values():
        path = module.replace(".", "/")
        assert list(internal.glob(f"{path}.py*")) or list(internal.glob(f"{path}.*.pyc")), module
