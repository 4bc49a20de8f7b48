"""reader.core and the publisher never import Qt (Anki's rule: the core knows nothing of Qt)."""

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import sys, pkgutil, importlib
sys.modules["PySide6"] = None  # any Qt import now fails
import reader.core, reader.publish, reader.cli
found = []
for pkg in (reader.core, reader.publish):
    for mod in pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg.__name__}."):
        importlib.import_module(mod.name)
        found.append(mod.name)
assert "reader.core.search.index" in found and "reader.core.editions.sync" in found, found
from reader import cli
assert cli.main(["chapters"]) == 0
"""


def test_core_imports_and_runs_without_pyside6():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
