import os
import sys
from pathlib import Path

# Qt must never look for a display, in CI or on a developer's desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SOURCES = CONTENT / "sources"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test touches the user's real data folder."""
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "reader-data"))
