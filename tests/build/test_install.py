"""`pip install .` gives a package that finds its resources; the desktop entry is valid."""

import configparser
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_the_wheel_carries_resources_and_runs_from_site_packages(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
         "-w", str(tmp_path / "wheel"), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    wheel = next((tmp_path / "wheel").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "reader").rglob("*.py")}
    assert modules <= names, "a package of reader/ is missing from [tool.setuptools] packages"
    assert "reader/_resources/trust/root.json" in names
    assert "reader/_resources/icons/procedures-reader.png" in names
    assert not [n for n in names if "development-keys" in n or n.endswith(".pem")]

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    done = subprocess.run(
        [sys.executable, "-c", "import sys, reader.cli as c; print(c.__file__); sys.exit(c.main(['verify']))"],
        cwd=tmp_path, env={"PYTHONPATH": str(site), "READER_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    where, verified = done.stdout.splitlines()
    assert where.startswith(str(site)) and "verifies" in verified


def test_desktop_entry():
    entry = ROOT / "resources" / "linux" / "procedures-reader.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].split()[0] == "reader"
    assert (ROOT / "resources" / "icons" / f"{section['Icon']}.png").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:  # desktop-file-utils, where installed
        done = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout, done.stdout
