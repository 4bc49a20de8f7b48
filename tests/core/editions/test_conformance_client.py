"""The tuf-conformance client wrapper (bench/tuf_conformance/client.py) driven once, as the suite drives it.

The suite itself is not installed here; this keeps the wrapper's CLI working
against a real repository on loopback so it cannot rot.
"""

import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT
from tests.publishing import edition

CLIENT = ROOT / "bench" / "tuf_conformance" / "client.py"


def run(*args):
    return subprocess.run([sys.executable, str(CLIENT), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_init_refresh_download(tmp_path, repo, publisher, server):
    files = edition()
    publisher.publish(files, minutes=-10)
    first = tmp_path / "first-publish"
    shutil.copytree(repo, first)
    publisher.publish(files)
    meta, targets = tmp_path / "client" / "metadata", tmp_path / "client" / "targets"
    targets.mkdir(parents=True)
    metadata_url, target_url = f"{server.url}/metadata", f"{server.url}/targets"

    assert run("--metadata-dir", meta, "init", repo / "metadata" / "1.root.json").returncode == 0
    assert server.requests == []  # init makes no request
    done = run("--metadata-url", metadata_url, "--metadata-dir", meta, "refresh")
    assert done.returncode == 0, done.stderr
    assert {"root.json", "timestamp.json", "snapshot.json", "targets.json"} <= {p.name for p in meta.iterdir()}

    download = ("--metadata-url", metadata_url, "--metadata-dir", meta, "--target-name", "chapters/referrals.md",
                "--target-dir", targets, "--target-base-url", target_url, "download")
    done = run(*download)
    assert done.returncode == 0, done.stderr
    assert [p.read_bytes() for p in targets.iterdir()] == [files["chapters/referrals.md"]]
    server.requests.clear()
    assert run(*download).returncode == 0
    assert not [r for r in server.requests if r.startswith("/targets/")]  # cached: not fetched again

    missing = run(*download[:5], "chapters/no-such-chapter.md", *download[6:])
    assert missing.returncode == 1 and "no-such-chapter" in missing.stderr

    # the repository rolled back to its first publish: refused, and the newer timestamp is kept
    seen = json.loads((meta / "timestamp.json").read_bytes())["signed"]["version"]
    shutil.rmtree(repo)
    shutil.copytree(first, repo)
    done = run("--metadata-url", metadata_url, "--metadata-dir", meta, "refresh")
    assert done.returncode == 1 and "refresh failed" in done.stderr
    assert json.loads((meta / "timestamp.json").read_bytes())["signed"]["version"] == seen
