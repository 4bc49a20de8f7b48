"""Sync against repositories signed with the real keys but crafted to attack the laptop (issue 14).

Each test publishes an edition, lets a laptop install it, then re-signs the
repository the way a holder of one key could, and syncs on loopback.
"""

import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from tuf.api.metadata import Metadata, MetaFile, TargetFile
from tuf.api.serialization.json import JSONSerializer

from reader.core.errors import SyncRefused
from reader.core.editions.fetcher import redirect_allowed
from reader.core.editions.sync import sync
from reader.core.editions.tuf_client import STATE_DIR
from reader.publish.keys import init_keys, load_signers
from tests.conftest import ROOT
from tests.core.editions.test_sync import CRASH, assert_unchanged
from tests.publishing import Publisher, edition
from tests.server import Server

PAYLOAD = b"echo planted by a crafted edition\n"


# -- crafting ------------------------------------------------------------------


def _newest(repo, role):
    meta = repo / "metadata"
    ts = Metadata.from_file(str(meta / "timestamp.json"))
    snap = Metadata.from_file(str(meta / f"{ts.signed.snapshot_meta.version}.snapshot.json"))
    return ts, snap, Metadata.from_file(str(meta / f"{snap.signed.meta[f'{role}.json'].version}.{role}.json"))


def _write(repo, md, name):
    (repo / "metadata" / name).write_bytes(md.to_bytes(JSONSerializer(compact=False)))


def resign(repo, signers, role, edit):
    """`edit` one role's newest metadata, sign it as a new version with its real key, and
    publish the snapshot and timestamp that name it, as a key holder could."""
    ts, snap, md = _newest(repo, role)
    edit(md.signed)
    md.signed.version += 1
    md.signatures.clear()
    md.sign(signers["bins" if role.startswith("bin-") else role])
    _write(repo, md, f"{md.signed.version}.{role}.json")
    snap.signed.meta[f"{role}.json"] = MetaFile(md.signed.version)
    snap.signed.version += 1
    snap.signatures.clear()
    snap.sign(signers["snapshot"])
    _write(repo, snap, f"{snap.signed.version}.snapshot.json")
    ts.signed.snapshot_meta = MetaFile(snap.signed.version)
    ts.signed.version += 1
    ts.signatures.clear()
    ts.sign(signers["timestamp"])
    _write(repo, ts, "timestamp.json")


def bins_of(repo):
    _, _, targets = _newest(repo, "targets")
    return targets.signed.delegations.succinct_roles


def plant(repo, server, signers, path, role=None):
    """List `path` (PAYLOAD) in `role`: the bin it hashes to unless told, "targets" for the top level."""
    role = role or bins_of(repo).get_role_for_target(path)
    server.extra[f"{hashlib.sha256(PAYLOAD).hexdigest()}.{path.rsplit('/', 1)[-1]}"] = PAYLOAD
    resign(repo, signers, role, lambda signed: signed.targets.__setitem__(path, TargetFile.from_data(path, PAYLOAD)))


def files_under(folder, skip=()):
    """Every file below `folder` (but those under `skip`) and its sha256."""
    found = {}
    for p in folder.rglob("*"):
        if p.is_file() and not any(p.is_relative_to(s) for s in skip):
            found[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def assert_nothing_written(tmp_path, lib, before):
    """No file appeared or changed anywhere under tmp_path, the data folder's parents included,
    but the client's kept TUF metadata (metadata only: each a .json file), the sync's lock (empty: the
    operating system's lock is on the open file, which stays, reader.core.locks) and the empty marker of
    the edition it held open (reader.core.editions.in_use)."""
    state = lib.data_dir / STATE_DIR
    after = files_under(tmp_path, skip=(state,))
    assert after.pop("data/sync.lock", EMPTY) == EMPTY
    for marker in [f for f in after if f.startswith("data/in-use/")]:  # the edition the sync held open (in_use)
        assert after.pop(marker) == EMPTY
    assert after == before
    assert all(p.suffix == ".json" or not p.is_file() for p in state.rglob("*"))
    assert not any(PAYLOAD in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".json")


EMPTY = hashlib.sha256(b"").hexdigest()


# -- 1. a signed target may not name where the reader writes -----------------------


@pytest.mark.parametrize(
    "path, where",
    [
        ("../../../../.bashrc", None),  # from DATA/editions/.sync-*/edition up to tmp_path
        ("ABSOLUTE/.config/autostart/evil.desktop", None),
        ("chapters/../../x.md", None),
        ("chapters/evil.md", "wrong bin"),
        ("../../../../.bashrc", "targets"),
        ("chapters/referrals.md", "targets"),  # shadows the bin's entry for the same path
    ],
)
def test_crafted_target_paths_are_refused_before_anything_is_written(laptop, repo, server, signers, tmp_path,
                                                                    path, where):
    lib, name = laptop
    path = path.replace("ABSOLUTE", str(tmp_path))
    role = where
    if where == "wrong bin":
        right = bins_of(repo).get_role_for_target(path)
        role = next(r for r in bins_of(repo).get_roles() if r != right)
    plant(repo, server, signers, path, role)
    before = files_under(tmp_path, skip=(lib.data_dir / STATE_DIR,))
    server.requests.clear()
    with pytest.raises(SyncRefused) as refused:
        sync(lib, server.url)
    assert repr(path) in str(refused.value)
    assert "refused" in str(refused.value)
    assert not [r for r in server.requests if r.startswith("/targets/")]  # refused before any download
    assert_nothing_written(tmp_path, lib, before)
    assert_unchanged(lib, name)


def test_the_staging_folder_is_not_left_through_a_symlink(laptop, tmp_path, monkeypatch):
    """The last check before writing: even a path the layout allows may not be written through
    a symlink out of the staging edition."""
    from reader.core.editions import sync as sync_module

    lib, _ = laptop
    edition = tmp_path / "staging" / "edition"
    edition.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (edition / "chapters").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SyncRefused, match="outside the new edition"):
        sync_module._staged(edition, "chapters/referrals.md")
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert sync_module._staged(edition, "boards.toml") == edition / "boards.toml"


# -- 6. the edition's metadata/root.json does not steer sync ------------------------------


@pytest.mark.parametrize("planted", ["rogue root", "garbage"])
def test_a_planted_root_json_is_never_trusted(laptop, server, tmp_path, planted):
    lib, name = laptop
    if planted == "rogue root":
        init_keys(tmp_path / "rogue-keys")
        rogue = tmp_path / "rogue-repo"
        Publisher(rogue, load_signers(tmp_path / "rogue-keys")).publish(edition())
        data = (rogue / "metadata" / "1.root.json").read_bytes()
    else:
        data = b"\x00 not a root {"
    (lib.editions / name / "metadata" / "root.json").write_bytes(data)
    report = sync(lib, server.url)  # from the chain the pinned root reaches, so the real server verifies
    assert report.edition != name and lib.current_name() == report.edition
    assert "A new paragraph." in lib.open().manual.chapter("referrals").body


def test_a_planted_root_in_the_kept_metadata_is_dropped(laptop, server, tmp_path):
    """A root in DATA/tuf/ that the pinned root's keys never signed is not a rotation."""
    lib, name = laptop
    init_keys(tmp_path / "rogue-keys")
    rogue = tmp_path / "rogue-repo"
    rogue_signers = load_signers(tmp_path / "rogue-keys")
    Publisher(rogue, rogue_signers).publish(edition())
    md = Metadata.from_file(str(rogue / "metadata" / "1.root.json"))
    md.signed.version = 2
    md.signatures.clear()
    md.sign(rogue_signers["root"])
    state = lib.data_dir / STATE_DIR
    (state / "root_history").mkdir(parents=True)
    (state / "root_history" / "2.root.json").write_bytes(md.to_bytes())
    (state / "timestamp.json").write_bytes(b"garbage")
    report = sync(lib, server.url)
    assert lib.current_name() == report.edition != name
    assert not (state / "root_history" / "2.root.json").exists()


# -- 10a. redirects ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["timestamp.json", "*.referrals.md"])
@pytest.mark.parametrize("to", ["ftp://127.0.0.1:1/", "file:///etc/passwd", "data:,hello"])
def test_redirects_to_other_schemes_are_refused_naming_where(laptop, repo, server, where, to):
    lib, name = laptop
    if where.startswith("*"):
        where = next((repo / "targets" / "chapters").glob(where)).name
    server.redirects[where] = to
    with pytest.raises(SyncRefused) as refused:
        sync(lib, server.url, timeout=2)
    assert to in str(refused.value) and "not followed" in str(refused.value)
    assert_unchanged(lib, name)


def test_a_redirect_to_another_host_is_followed(laptop, repo, server):
    """As a CDN would: everything sent on to another host name (same files)."""
    lib, name = laptop
    mirror = Server(repo)
    try:
        server.redirects["*"] = mirror.url.replace("127.0.0.1", "localhost") + "{path}"
        # The loopback server's redirects carry no length on a kept-alive connection: reading
        # their body to reuse it waited out the read timeout each time (130 s for one sync), so
        # a sync with a short overall deadline ran out before it was done.
        report = sync(lib, server.url, timeout=5, overall=20)
        assert lib.current_name() == report.edition != name
        assert any(r.startswith("/targets/") for r in mirror.requests)
    finally:
        mirror.stop()


@pytest.mark.parametrize(
    "source, target, allowed",
    [
        ("https://a.example/m/timestamp.json", "https://cdn.example/m/timestamp.json", True),
        ("http://a.example/m/timestamp.json", "https://a.example/m/timestamp.json", True),
        ("http://a.example/m/timestamp.json", "http://b.example/m/timestamp.json", True),
        ("https://a.example/m/timestamp.json", "http://a.example/m/timestamp.json", False),
        ("https://a.example/m/timestamp.json", "HTTP://a.example/m/timestamp.json", False),
        ("http://a.example/m/timestamp.json", "ftp://a.example/", False),
        ("http://a.example/m/timestamp.json", "file:///etc/passwd", False),
        ("http://a.example/m/timestamp.json", "data:,x", False),
    ],
)
def test_redirect_policy(source, target, allowed):
    assert redirect_allowed(source, target) is allowed


# -- 11a. what python-tuf verified is kept across a failed sync -------------------------


def _serve_older(repo, lib):
    """The server rebuilt from the laptop's bundled edition: validly signed, older than the last one seen."""
    shutil.rmtree(repo)
    shutil.copytree(lib.bundled, repo)


def test_a_newer_timestamp_seen_in_a_failed_sync_is_remembered(laptop, repo, server):
    lib, name = laptop
    for path in (repo / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(path.read_bytes().replace(b"A new paragraph.", b"A NEW paragraph."))
    with pytest.raises(SyncRefused, match="does not match its signed hash"):
        sync(lib, server.url)
    assert_unchanged(lib, name)
    _serve_older(repo, lib)  # a rollback (or freeze) to the edition the laptop still holds
    with pytest.raises(SyncRefused, match="older than the one held"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_a_crash_after_the_metadata_step_keeps_what_was_verified(laptop, repo, server, tmp_path):
    lib, name = laptop
    root = tmp_path / "root.json"
    root.write_bytes(lib.pinned_root)
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(lib.data_dir), str(lib.bundled), str(root), server.url, "metadata"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 70, done.stderr
    assert lib.open().name == name  # the edition in use is untouched
    _serve_older(repo, lib)
    with pytest.raises(SyncRefused, match="older than the one held"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_a_damaged_or_missing_kept_folder_is_seeded_from_the_edition(laptop, publisher, server):
    lib, name = laptop
    state = lib.data_dir / STATE_DIR
    state.mkdir(parents=True)
    for role in ("timestamp", "snapshot", "targets"):
        (state / f"{role}.json").write_text(json.dumps({"signed": {"_type": role}}))
    (state / "tmpx1y2z3").write_bytes(b"left by a crash")
    report = sync(lib, server.url)
    assert lib.current_name() == report.edition != name
    assert not (state / "tmpx1y2z3").exists()
    # and from scratch: a newer edition on the server, the kept folder gone
    shutil.rmtree(state)
    files = edition()
    files["chapters/referrals.md"] += b"\nA second new paragraph.\n"
    publisher.publish(files, minutes=5)
    again = sync(lib, server.url)
    assert lib.current_name() == again.edition != report.edition


def test_the_kept_folder_never_holds_an_older_state_than_the_edition(laptop, repo, server):
    """Seeded forward only: an edition newer than the kept metadata (a reinstall, say) wins."""
    lib, name = laptop
    sync(lib, server.url)
    state = lib.data_dir / STATE_DIR
    newest_ts = json.loads((state / "timestamp.json").read_bytes())["signed"]["version"]
    old_ts = (lib.editions / name / "metadata" / "timestamp.json").read_bytes()
    (state / "timestamp.json").write_bytes(old_ts)  # as if the folder had been restored from a backup
    report = sync(lib, server.url)
    assert report.up_to_date
    assert json.loads((state / "timestamp.json").read_bytes())["signed"]["version"] == newest_ts


@pytest.mark.parametrize("damage", ["a file", "a link elsewhere"])
def test_a_kept_folder_that_is_not_a_folder_is_replaced(laptop, server, tmp_path, damage):
    lib, name = laptop
    state = lib.data_dir / STATE_DIR
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if damage == "a file":
        state.write_bytes(b"not a folder")
    else:
        state.symlink_to(elsewhere, target_is_directory=True)
    report = sync(lib, server.url)
    assert lib.current_name() == report.edition != name
    assert state.is_dir() and not state.is_symlink() and list(elsewhere.iterdir()) == []
