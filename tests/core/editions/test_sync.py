"""Delta sync against a real HTTP server on loopback: publish -> serve -> sync."""

import json
import subprocess
import sys

import pytest

from reader.core.errors import SyncCancelled, SyncError, SyncNetworkError, SyncRefused
from reader.core.editions.sync import STEPS, sync
from reader.publish.keys import init_keys, load_signers
from tests.conftest import ROOT
from tests.publishing import NEW_DAY, OLD_DAY, edition, make_laptop


def test_real_data_2018_edition_to_current(tmp_path, publisher, server):
    publisher.publish(edition(OLD_DAY), minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    assert "March 2015" in lib.open().manual.chapter("introduction").body
    publisher.publish(edition(NEW_DAY))
    report = sync(lib, server.url)
    assert report.changed == ["introduction"]
    assert {"responding-to-concerns", "sharing-information", "child-death-reviews"} <= set(report.added)
    assert len(report.amendments) == 136 - 14
    assert all(a.date > OLD_DAY for a in report.amendments)
    manual = lib.open().manual
    assert "July 2018" in manual.chapter("introduction").body
    assert lib.current_name() == report.edition and report.previous in lib.installed()  # the old one is kept


def test_one_chapter_delta_downloads_one_chapter(tmp_path, publisher, server):
    files = edition(NEW_DAY)
    publisher.publish(files, minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    files["chapters/referrals.md"] = files["chapters/referrals.md"].replace(b"aer concerns", b"are concerns")
    publisher.publish(files)
    server.requests.clear()
    report = sync(lib, server.url)
    assert report.changed == ["referrals"] and not report.added and not report.removed
    targets = [r for r in server.requests if r.startswith("/targets/")]
    assert len(targets) == 1 and targets[0].endswith(".referrals.md")
    assert report.bytes <= len(files["chapters/referrals.md"]) + 32 * 1024
    assert "are concerns" in lib.open().manual.chapter("referrals").body
    again = sync(lib, server.url)
    assert again.up_to_date


def assert_unchanged(lib, name):
    assert lib.current_name() == name
    lib.verify(name)
    assert len(lib.open().manual.chapters) == 40


def test_tampered_target_is_refused(laptop, repo, server):
    lib, name = laptop
    stored = next((repo / "targets" / "chapters").glob("*.referrals.md"), None)
    for path in (repo / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(path.read_bytes().replace(b"A new paragraph.", b"A NEW paragraph."))
    assert stored is not None
    with pytest.raises(SyncRefused, match="does not match its signed hash"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_tampered_metadata_is_refused(laptop, repo, server):
    lib, name = laptop
    ts = repo / "metadata" / "timestamp.json"
    md = json.loads(ts.read_text())
    md["signed"]["version"] += 1
    ts.write_text(json.dumps(md))
    with pytest.raises(SyncRefused, match="failed verification"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_expired_metadata_is_refused(tmp_path, publisher, server):
    files = edition(NEW_DAY)
    publisher.publish(files, minutes=-60 * 24 * 30)
    lib = make_laptop(publisher.repo, tmp_path)
    name = lib.current_name()
    with pytest.raises(SyncRefused, match="expired"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_rollback_is_refused(tmp_path, repo, publisher, server):
    # of an edition synced: a laptop that has never synced takes the publisher's (test_never_stranded.py)
    files = edition(NEW_DAY)
    publisher.publish(files, minutes=-120)
    lib = make_laptop(repo, tmp_path)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    publisher.publish(files)
    name = sync(lib, server.url).edition
    import shutil

    shutil.rmtree(repo)
    publisher.publish(files, minutes=-60)  # an older edition, validly signed
    with pytest.raises(SyncRefused, match="older than the one held"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_mix_and_match_is_refused(laptop, repo, server):
    lib, name = laptop
    meta = repo / "metadata"
    newest = max(meta.glob("*.snapshot.json"), key=lambda p: int(p.name.split(".")[0]))
    oldest = min(meta.glob("*.snapshot.json"), key=lambda p: int(p.name.split(".")[0]))
    newest.write_bytes(oldest.read_bytes())  # last publish's snapshot name, earlier snapshot inside
    with pytest.raises(SyncRefused):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_unknown_key_is_refused(tmp_path, repo, publisher, server):
    publisher.publish(edition(NEW_DAY), minutes=-10)
    lib = make_laptop(repo, tmp_path)
    name = lib.current_name()
    import shutil

    shutil.rmtree(repo)
    init_keys(tmp_path / "rogue-keys")
    publisher.publish(edition(NEW_DAY), signers=load_signers(tmp_path / "rogue-keys"))
    with pytest.raises(SyncRefused):
        sync(lib, server.url)
    assert_unchanged(lib, name)


@pytest.mark.parametrize(
    "where, mode, message",
    [
        ("timestamp.json", "500", "answered with an error \\(500\\)"),
        ("timestamp.json", "hang", "no connection|too slow"),
        ("*", "truncate", "connection|verification|no connection"),
        ("timestamp.json", "oversize", "more data than"),
    ],
)
def test_server_failures_leave_the_edition_intact(laptop, server, where, mode, message):
    lib, name = laptop
    server.misbehave[where] = mode
    server.httpd.hang_seconds = 3
    with pytest.raises((SyncNetworkError, SyncRefused), match=message):
        sync(lib, server.url, timeout=1, deadline=5)
    assert_unchanged(lib, name)


def test_truncated_target_is_refused(laptop, repo, server):
    lib, name = laptop
    target = next((repo / "targets" / "chapters").glob("*.referrals.md")).name
    server.misbehave[target] = "truncate"
    with pytest.raises((SyncNetworkError, SyncRefused)):
        sync(lib, server.url, timeout=1, deadline=5)
    assert_unchanged(lib, name)


def test_no_server_at_all(laptop):
    lib, name = laptop
    with pytest.raises(SyncNetworkError, match="no connection"):
        sync(lib, "http://127.0.0.1:9", timeout=1)
    assert_unchanged(lib, name)


def test_not_an_update_address(laptop):
    lib, _ = laptop
    with pytest.raises(SyncError, match="not an update address"):
        sync(lib, "ftp://example")


def test_cancel(laptop, server):
    lib, name = laptop
    with pytest.raises(SyncCancelled):
        sync(lib, server.url, cancelled=lambda: True)
    assert_unchanged(lib, name)



def test_a_failure_after_cancel_is_reported_as_cancelled(laptop, server):
    """Cancel pressed while a request was under way: the answer is "cancelled", not the
    server's error that followed (the window's quiet sync says nothing of a cancel)."""
    lib, name = laptop
    server.misbehave["timestamp.json"] = "500"
    asked = []

    def cancelled():
        asked.append(True)
        return len(asked) > 1  # not yet when the sync starts; pressed by the time the answer came

    with pytest.raises(SyncCancelled):
        sync(lib, server.url, cancelled=cancelled)
    assert_unchanged(lib, name)


CRASH = """
import sys
from pathlib import Path
from reader.core.editions.library import Library
from reader.core.editions.sync import sync
data, bundled, root, url, step = sys.argv[1:]
lib = Library(Path(data), Path(root).read_bytes(), Path(bundled))
sync(lib, url, crash_after=step)
"""


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_restarts_on_a_good_edition(laptop, server, tmp_path, step):
    lib, name = laptop
    root = tmp_path / "root.json"
    root.write_bytes(lib.pinned_root)
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(lib.data_dir), str(lib.bundled), str(root), server.url, step],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 70, done.stderr
    opened = lib.open()  # what the next start sees
    assert opened.problems == []
    assert opened.name in (name, max(lib.installed(), key=int))
    assert len(opened.manual.chapters) == 40
    report = sync(lib, server.url)  # and the next sync completes
    assert "A new paragraph." in lib.open().manual.chapter("referrals").body
    assert report.edition == lib.current_name()


def test_cli_sync_json(tmp_path, publisher, server, capsys, monkeypatch):
    """`reader sync URL --json` on a fresh install: the bundled edition, then the server's."""
    from reader import cli

    publisher.publish(edition(NEW_DAY, sync_url=server.url), minutes=1)
    code = cli.main(["--data-dir", str(tmp_path / "cli-data"), "sync", server.url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) >= {"changed", "added", "removed", "amendments", "bytes"}
    assert out["bytes"] > 0
    code = cli.main(["--data-dir", str(tmp_path / "cli-data"), "status", "--json"])
    assert json.loads(capsys.readouterr().out)["last_sync"] is not None
    # the edition now says where it came from: no address needed any more
    assert cli.main(["--data-dir", str(tmp_path / "cli-data"), "sync"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_an_install_under_way_is_not_cleared_as_a_leftover(laptop):
    """Another reader's first-start install stages in editions/.incoming-*: a sync starting
    meanwhile must wait for the editions lock, not delete that work under it."""
    import threading
    import time

    from reader.core.editions.sync import _clear_leftovers

    lib, _ = laptop
    staging = lib.editions / ".incoming-elsewhere"
    staging.mkdir()
    with lib.installing():
        cleaner = threading.Thread(target=_clear_leftovers, args=(lib,))
        cleaner.start()
        time.sleep(0.3)
        assert staging.is_dir()  # still there while the install holds the lock
    cleaner.join(timeout=10)
    assert not staging.exists()  # a leftover once no install holds it
