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
    # nor the machine's policy file (/etc/xdg/...): a test that wants one writes it here
    monkeypatch.setenv("READER_POLICY_FILE", str(tmp_path / "policy.toml"))


# Publishing, serving and laptops (tests/publishing.py, tests/server.py): imported when
# asked for, so that a test of start-up never finds the publisher already loaded.


@pytest.fixture(scope="session")
def signers():
    """The development keys (keys/dev), which sign the bundled edition."""
    from reader.publish.keys import DEV_KEYS, load_signers

    return load_signers(DEV_KEYS)


@pytest.fixture
def repo(tmp_path):
    """An empty repository folder, for a test to publish into."""
    path = tmp_path / "repo"
    path.mkdir()
    return path


@pytest.fixture
def publisher(repo, signers):
    """A Publisher into `repo` with the development keys."""
    from tests.publishing import Publisher

    return Publisher(repo, signers)


@pytest.fixture
def server(repo):
    """`repo` served on loopback for the test."""
    from tests.server import Server

    s = Server(repo)
    yield s
    s.stop()
