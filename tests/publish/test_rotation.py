"""Key rotation through a real sync: publish, a laptop installs it, rotate, publish, sync.

For each role the laptop must follow the rotation (its edition verifies offline
against the root built into it, through the signed chain of new roots), and an
edition signed afterwards with the rotated-out key must be refused, while the
same edition signed with the new key is accepted: so the refusal is the key's.
"""

import datetime as dt
import shutil

import pytest
from tuf.api.metadata import Metadata, MetaFile
from tuf.api.serialization.json import JSONSerializer

from reader.core.errors import SyncRefused
from reader.core.editions.library import Library
from reader.core.editions.sync import sync
from reader.publish import cli as publish_cli
from reader.publish.keys import DEV_KEYS, OFFLINE, ROLES, KeySetError, MissingKey, load_signers
from reader.publish.repository import PublishError, publish
from reader.publish.rotation import rotate
from tests.publishing import NOW, Publisher, edition, make_laptop, split_keys
_JSON = JSONSerializer(compact=False)


@pytest.fixture
def keys(tmp_path):
    """A new key set split as README says: root and targets moved offline."""
    return split_keys(tmp_path)


@pytest.fixture
def laptop(tmp_path, repo, keys):
    """A laptop whose bundled edition, and pinned root, are the repository's first publish (with `keys`)."""
    Publisher(repo, load_signers(keys)).publish(edition(), minutes=-30)
    return make_laptop(repo, tmp_path)


def newest(meta, suffix):
    return max(meta.glob(f"*.{suffix}"), key=lambda p: int(p.name.split(".")[0]))


def resign(repo, role, signer, keys, when):
    """Put out a new edition, unchanged but for versions, with `role` signed by `signer`.

    This is what a holder of that key could put on the server: every other
    file is signed with the repository's current keys, so that only `role`'s
    signature is in question. Returns the new files (timestamp.json is replaced).
    """
    meta = repo / "metadata"
    version = int(when.timestamp())
    written = []

    def put(md, name, by):
        md.signatures.clear()
        md.sign(by)
        md.to_file(str(meta / name), _JSON)
        if name != "timestamp.json":
            written.append(meta / name)

    def key(of):
        return signer if of == role else keys[of]

    if role == "root":
        root = Metadata.from_file(str(newest(meta, "root.json")))
        root.signed.version += 1
        put(root, f"{root.signed.version}.root.json", signer)
    timestamp = Metadata.from_file(str(meta / "timestamp.json"))
    if role in ("snapshot", "targets", "bins"):
        snapshot = Metadata.from_file(str(meta / f"{timestamp.signed.snapshot_meta.version}.snapshot.json"))
        if role in ("targets", "bins"):
            name = "targets.json" if role == "targets" else "bin-0.json"
            md = Metadata.from_file(str(meta / f"{snapshot.signed.meta[name].version}.{name}"))
            md.signed.version = version
            put(md, f"{version}.{name}", signer)
            snapshot.signed.meta[name] = MetaFile(version)
        snapshot.signed.version = version
        put(snapshot, f"{version}.snapshot.json", key("snapshot"))
        timestamp.signed.snapshot_meta = MetaFile(version)
    timestamp.signed.version = version
    put(timestamp, "timestamp.json", key("timestamp"))
    return written


def retired_signer(folder, role):
    (path,) = (folder / "retired").glob(f"{role}-*.pem")
    return load_signers(_only(path, role))[role]


def _only(path, role):
    """A folder holding just this one key, under its role's name."""
    folder = path.parent / f"just-{path.stem}"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(path, folder / f"{role}.pem")
    return folder


def folder_of(keys, role):
    online, offline = keys
    return offline if role in OFFLINE else online


@pytest.mark.parametrize("role", ROLES)
def test_laptop_follows_a_rotation_and_refuses_the_old_key(laptop, repo, server, keys, role):
    lib = laptop
    before = load_signers(keys)
    old_root_version = int(newest(repo / "metadata", "root.json").name.split(".")[0])

    done = rotate(role, repo, load_signers(keys), now=NOW - dt.timedelta(minutes=20))
    assert done.new_key == folder_of(keys, role) / f"{role}.pem"
    assert done.old_key.parent == folder_of(keys, role) / "retired" and done.old_key.is_file()
    assert retired_signer(folder_of(keys, role), role).public_key == before[role].public_key
    assert load_signers(keys)[role].public_key != before[role].public_key
    new_roots = int(newest(repo / "metadata", "root.json").name.split(".")[0]) - old_root_version
    assert new_roots == (0 if role == "bins" else 1)

    # The routine publish after it, online keys only, with a changed chapter.
    files = edition()
    files["chapters/referrals.md"] += b"\nPublished after the rotation.\n"
    publish(files, repo, load_signers(keys[0]), now=NOW - dt.timedelta(minutes=10))
    report = sync(lib, server.url)
    assert report.changed == ["referrals"]
    assert "Published after the rotation." in lib.open().manual.chapter("referrals").body
    lib.verify(lib.current_name())  # offline, from the root built into the laptop
    followed = lib.current_name()

    # Signed afterwards with the rotated-out key: refused, the laptop keeps its edition.
    now_keys = load_signers(keys)
    published = (repo / "metadata" / "timestamp.json").read_bytes()
    old_key = retired_signer(folder_of(keys, role), role)
    forged = resign(repo, role, old_key, now_keys, NOW - dt.timedelta(minutes=5))
    with pytest.raises(SyncRefused, match=r"failed verification \(\S+ was signed by 0/1 keys"):
        sync(lib, server.url)
    assert lib.current_name() == followed
    lib.verify(followed)
    for path in forged:  # the server goes back to what was published
        path.unlink()
    (repo / "metadata" / "timestamp.json").write_bytes(published)

    # The same edition signed with the new key is taken: it was the key that was refused.
    resign(repo, role, now_keys[role], now_keys, NOW - dt.timedelta(minutes=4))
    report = sync(lib, server.url)  # no refusal
    # a new root or timestamp over the same snapshot is the same files: no new edition on the laptop
    assert report.up_to_date == (role in ("root", "timestamp"))
    assert report.edition == lib.current_name() and (report.up_to_date or report.edition != followed)
    lib.verify(lib.current_name())


def test_rotating_every_role_in_turn_with_the_cli(laptop, repo, server, keys, capsys):
    lib = laptop
    online, offline = keys
    both = ["--keys", str(online), "--keys", str(offline)]
    for role in ROLES:
        assert publish_cli.main(["keys", "rotate", role, str(repo), *both]) == 0
        out = capsys.readouterr().out
        assert f"rotated the {role} key" in out and "kept aside in" in out and "/retired/" in out
        files = edition()
        files["chapters/referrals.md"] += f"\nAfter rotating {role}.\n".encode()
        publish(files, repo, load_signers(online))
        sync(lib, server.url)
        assert f"After rotating {role}." in lib.open().manual.chapter("referrals").body
        lib.verify(lib.current_name())
    assert len(list((online / "retired").glob("*.pem"))) == 3  # timestamp, snapshot, bins
    assert len(list((offline / "retired").glob("*.pem"))) == 2  # root, targets
    assert (repo / "metadata" / "5.root.json").is_file()  # root, targets, snapshot, timestamp each made one
    # A laptop installed from scratch with the first root follows the whole chain too.
    first_root = (repo / "metadata" / "1.root.json").read_bytes()
    fresh = Library(repo.parent / "fresh-data", first_root, repo.parent / "bundled")
    fresh.open()
    sync(fresh, server.url)
    fresh.verify(fresh.current_name())


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("role, needed", [("root", "root"), ("snapshot", "root"), ("targets", "root"),
                                          ("bins", "targets")])
def test_rotation_without_the_offline_key_names_it_and_changes_nothing(laptop, repo, keys, capsys, role, needed):
    online, offline = keys
    before_repo, before_keys = tree(repo), tree(online)
    assert publish_cli.main(["keys", "rotate", role, str(repo), "--keys", str(online)]) == 1
    err = capsys.readouterr().err
    assert f"needs the {needed} key ({needed}.pem, an offline key)" in err and "Nothing was written" in err
    assert err.count("\n") == 1
    assert tree(repo) == before_repo and tree(online) == before_keys  # no new key left behind either


def test_rotation_refuses_unknown_roles_empty_repositories_and_leftovers(tmp_path, laptop, repo, keys):
    with pytest.raises(KeySetError, match="no role 'bogus'"):
        rotate("bogus", repo, load_signers(keys))
    with pytest.raises(PublishError, match="holds no published edition"):
        rotate("timestamp", tmp_path / "empty", load_signers(keys))
    with pytest.raises(KeySetError, match="development keys are not rotated"):
        rotate("timestamp", repo, load_signers(DEV_KEYS))
    assert not (DEV_KEYS / "timestamp.pem.new").exists()
    (keys[0] / "timestamp.pem.new").write_bytes(b"left by a crash")
    with pytest.raises(KeySetError, match="timestamp.pem.new is left from a rotation that did not finish"):
        rotate("timestamp", repo, load_signers(keys))


def test_a_lost_online_key_can_still_be_rotated_out(laptop, repo, server, keys):
    online, _ = keys
    (online / "timestamp.pem").unlink()  # lost, or known stolen and destroyed
    with pytest.raises(MissingKey, match="timestamp key"):
        publish(edition(), repo, load_signers(keys))
    done = rotate("timestamp", repo, load_signers(keys))
    assert done.old_key is None and (online / "timestamp.pem").is_file()
    sync(laptop, server.url)
    laptop.verify(laptop.current_name())
