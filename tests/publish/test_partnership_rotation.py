"""Rotating a partnership's key (issue 20): the hand-over, then a real loopback sync.

Dudley makes a new key pair and signs its Level C with it; the region, with the
targets key, re-delegates to the new .pub in the same publish that carries the
newly signed role. A laptop follows; a role signed afterwards with Dudley's old
key is refused by sync and by the start-up check, while the same edit signed
with the new key verifies, so that the refusal is the key's. Each wrong step of
the hand-over is refused in one line with nothing written.
"""

import datetime as dt
import hashlib
import json
import shutil

import pytest
from tuf.api.metadata import TargetFile

from reader.core.editions.sync import sync
from reader.core.errors import ReaderError, SignatureError, SyncRefused
from reader.core.trust.verify import verify_edition
from reader.publish import cli
from reader.publish.keys import MissingKey, init_partnership_key, load_partnership_key, load_signers
from reader.publish.partnership import sign_partnership
from reader.publish.repository import publish
from reader.publish.rotation import rotate, rotate_partnership
from tests.conftest import CONTENT
from tests.core.editions.test_partnership_signing import (  # noqa: F401 - fixtures
    DUDLEY, laptop, publish_signed, region, resign_on_disk)
from tests.core.editions.test_sync import assert_unchanged
from tests.core.editions.test_sync_attacks import resign
from tests.publishing import edition, region_key_folder


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def delegated_keyid(targets_json, slug="dudley"):
    signed = json.loads(targets_json.read_bytes())["signed"]
    return signed["delegations"]["roles"][[r["name"] for r in signed["delegations"]["roles"]].index(
        f"partnership-{slug}")]["keyids"][0]


def new_pair(tmp_path, slug="dudley", files=None):
    """Dudley's side of the hand-over: a new key pair, and its Level C as published signed with it."""
    private, public = init_partnership_key(slug, tmp_path / f"{slug}-new")
    key = load_partnership_key(private, slug)
    sign_partnership(slug, files or edition(), key, tmp_path / f"staging-{slug}-new")
    return key, public, tmp_path / f"staging-{slug}-new"


def test_the_cli_hand_over_and_a_laptop_follows_then_refuses_the_old_key(tmp_path, laptop, server, capsys):
    lib, name, publisher, keys = laptop
    region_dir, repo = tmp_path / "region", publisher.repo
    old_pub = (region_dir / "partnership-dudley.pub").read_bytes()
    new_dir, staging = tmp_path / "dudley-new", tmp_path / "staging-new"
    assert cli.main(["keys", "init-partnership", "dudley", str(new_dir)]) == 0
    assert cli.main(["partnership", "sign", "dudley", str(CONTENT), str(staging), "--keys", str(new_dir),
                     "--as-of", "2026-01-01"]) == 0
    capsys.readouterr()
    assert cli.main(["keys", "rotate", "partnership-dudley", str(repo), "--keys", str(region_dir),
                     "--new-key", str(new_dir / "partnership-dudley.pub"), "--partnership", str(staging)]) == 0
    out = capsys.readouterr().out
    assert "rotated the partnership-dudley key" in out and "/retired/" in out
    assert "signed partnership-dudley, shared, targets, snapshot, timestamp" in out
    new_key = load_partnership_key(new_dir, "dudley")
    # The region's folder now delegates to the new key; the old .pub is kept aside, not deleted.
    assert (region_dir / "partnership-dudley.pub").read_bytes() == (new_dir / "partnership-dudley.pub").read_bytes()
    (kept,) = (region_dir / "retired").glob("partnership-dudley-*.pub")
    assert kept.read_bytes() == old_pub
    assert not list(region_dir.glob("*.new"))

    report = sync(lib, server.url)
    assert not report.up_to_date
    followed = lib.current_name()
    lib.verify(followed)  # offline, from the root built into the laptop
    assert delegated_keyid(lib.editions / followed / "metadata" / "targets.json") == new_key.public_key.keyid

    # The routine publish after it, from the region's folder as the rotation left it: Dudley signs
    # a change with its new key, Walsall with its own.
    publisher.signers = load_signers(region_dir)
    # The CLI signed at the real time, which versions follow: the publisher's clock is moved up to it
    # (in a long test run the module's NOW is minutes behind).
    publisher.now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    files = edition()
    files[DUDLEY] += b"\nSigned with Dudley's new key.\n"
    publish_signed(tmp_path, publisher, {"dudley": new_key, "walsall": keys["walsall"]}, files, minutes=5)
    assert sync(lib, server.url).changed == ["dudley-bruising-protocol"]
    assert "Signed with Dudley's new key." in lib.open().manual.chapter("dudley-bruising-protocol").body
    current = lib.current_name()

    # Dudley's old key (leaked, say) signs a change: sync refuses it, the laptop keeps its edition.
    bad = files[DUDLEY] + b"\nPlanted with the old key.\n"
    server.extra[f"{hashlib.sha256(bad).hexdigest()}.dudley-bruising-protocol.md"] = bad
    published = tree(repo / "metadata")
    resign(repo, {**publisher.signers, "partnership-dudley": keys["dudley"]}, "partnership-dudley",
           lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, bad)))
    with pytest.raises(SyncRefused, match=r"partnership-dudley was signed by 0/1 keys"):
        sync(lib, server.url)
    assert_unchanged(lib, current)
    # The same edit signed with the new key is taken: it was the old key that was refused.
    for path in set(tree(repo / "metadata")) - set(published):
        (repo / "metadata" / path).unlink()
    (repo / "metadata" / "timestamp.json").write_bytes(published["timestamp.json"])
    resign(repo, {**publisher.signers, "partnership-dudley": new_key}, "partnership-dudley",
           lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, bad)))
    assert sync(lib, server.url).changed == ["dudley-bruising-protocol"]


def test_the_start_up_check_refuses_a_role_signed_with_the_old_key_after_the_rotation(tmp_path, laptop, server):
    lib, name, publisher, keys = laptop
    new_key, public, staging = new_pair(tmp_path)
    rotate_partnership("dudley", publisher.repo, publisher.signers, public, [staging])
    sync(lib, server.url)
    edition_dir = lib.editions / lib.current_name()
    data = (edition_dir / DUDLEY).read_bytes() + b"\nChanged on disk.\n"
    (edition_dir / DUDLEY).write_bytes(data)

    def edit(signed):
        signed.targets[DUDLEY] = TargetFile.from_data(DUDLEY, data)

    resign_on_disk(edition_dir, publisher.signers, keys["dudley"], "partnership-dudley", edit)
    with pytest.raises(SignatureError, match="partnership-dudley is not signed by a trusted key"):
        verify_edition(lib.pinned_root, edition_dir)
    resign_on_disk(edition_dir, publisher.signers, new_key, "partnership-dudley", edit)
    verify_edition(lib.pinned_root, edition_dir)  # the new key's signature over the same edit stands


@pytest.fixture
def before(tmp_path, laptop):
    """The repository and the region's key folder as they stand: each refusal must leave them so."""
    publisher = laptop[2]
    return lambda: (tree(publisher.repo), tree(tmp_path / "region"))


def test_a_role_signed_with_the_old_key_is_refused_and_nothing_written(tmp_path, laptop, before):
    _, _, publisher, keys = laptop
    _, public, _ = new_pair(tmp_path)
    sign_partnership("dudley", edition(), keys["dudley"], tmp_path / "old-signed")
    was = before()
    with pytest.raises(ReaderError, match="signed with its old key, which this rotation revokes"):
        rotate_partnership("dudley", publisher.repo, publisher.signers, public, [tmp_path / "old-signed"])
    assert before() == was


def test_without_the_targets_key_it_is_named_and_nothing_written(tmp_path, laptop, before):
    _, _, publisher, _ = laptop
    _, public, staging = new_pair(tmp_path)
    online = tmp_path / "online"
    shutil.copytree(tmp_path / "region", online)
    for role in ("root", "targets"):
        (online / f"{role}.pem").unlink()
    was = before()
    with pytest.raises(MissingKey, match=r"needs the targets key \(targets.pem, an offline key\).*a new key for "
                                         r"partnership dudley changes targets.json.*Nothing was written"):
        rotate_partnership("dudley", publisher.repo, load_signers(online), public, [staging])
    assert before() == was and not list(online.glob("*.new"))


def test_a_pub_for_an_unknown_board_is_refused(tmp_path, laptop, before, capsys):
    _, _, publisher, _ = laptop
    _, public = init_partnership_key("atlantis", tmp_path / "atlantis")
    was = before()
    assert cli.main(["keys", "rotate", "partnership-atlantis", str(publisher.repo), "--keys", str(tmp_path / "region"),
                     "--new-key", str(public), "--partnership", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "names no board 'atlantis'" in err and err.count("\n") == 1
    assert before() == was


@pytest.mark.parametrize("wrong, says", [
    ("walsall's", "is partnership walsall's, not dudley's"),
    ("the old", "is the key .* delegates dudley's Level C to now \\(the old key\\)"),
    ("no staging", "the new key must sign dudley's Level C before"),
])
def test_a_wrong_hand_over_is_refused_and_nothing_written(tmp_path, laptop, before, wrong, says):
    _, _, publisher, _ = laptop
    _, public, staging = new_pair(tmp_path)
    staged = [staging]
    if wrong == "walsall's":
        _, public, _ = new_pair(tmp_path, "walsall")
    elif wrong == "the old":
        public = tmp_path / "dudley" / "partnership-dudley.pub"
    else:
        staged = []
    was = before()
    with pytest.raises(ReaderError, match=says):
        rotate_partnership("dudley", publisher.repo, publisher.signers, public, staged)
    assert before() == was


def test_a_partnership_not_delegated_has_no_key_to_rotate(tmp_path, laptop, before):
    _, _, publisher, _ = laptop
    _, public = init_partnership_key("sandwell", tmp_path / "sandwell")
    was = before()
    with pytest.raises(ReaderError, match="does not delegate partnership sandwell's Level C to a key of its own"):
        rotate("partnership-sandwell", publisher.repo, publisher.signers)
    with pytest.raises(ReaderError, match="does not delegate partnership sandwell's"):
        rotate_partnership("sandwell", publisher.repo, publisher.signers, public, [])
    assert before() == was


@pytest.mark.parametrize("argv, says", [
    (["partnership-dudley"], "the region does not hold partnership-dudley.pem, so dudley makes its new key: give "
                             "--new-key"),
    (["partnership-dudley", "--new-key", "x.pub"], "--new-key needs --partnership too"),
    (["bins", "--new-key", "x.pub"], "--new-key and --partnership are for rotating a partnership's key"),
])
def test_the_cli_says_what_is_missing_in_one_line(tmp_path, laptop, before, capsys, argv, says):
    publisher = laptop[2]
    was = before()
    role, *rest = argv
    assert cli.main(["keys", "rotate", role, str(publisher.repo), "--keys", str(tmp_path / "region"), *rest]) == 1
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert before() == was


def test_where_the_region_holds_the_pem_the_new_key_is_made_here(tmp_path, signers, repo, server):
    """The region signs for Dudley: `keys rotate partnership-dudley` makes the new pair, as for its own roles."""
    from tests.publishing import Publisher, make_laptop

    folder = region_key_folder(tmp_path / "region", signers)
    private, public = init_partnership_key("dudley", folder)
    old_key = load_partnership_key(private, "dudley")
    publisher = Publisher(repo, load_signers(folder))
    publisher.publish(edition(), minutes=-10)
    lib = make_laptop(repo, tmp_path)
    done = rotate("partnership-dudley", repo, load_signers(folder), now=publisher.now - dt.timedelta(minutes=5))
    assert done.new_key == private and "partnership-dudley" in done.published.roles_signed
    assert sorted(p.suffix for p in (folder / "retired").glob("partnership-dudley-*")) == [".pem", ".pub"]
    keys = load_signers(folder)  # the new .pem and .pub agree
    assert keys["partnership-dudley"].public_key.keyid != old_key.public_key.keyid
    assert keys.partnerships["dudley"].keyid == keys["partnership-dudley"].public_key.keyid
    sync(lib, server.url)
    lib.verify(lib.current_name())
    current = lib.current_name()
    bad = edition()[DUDLEY] + b"\nPlanted with the old key.\n"
    server.extra[f"{hashlib.sha256(bad).hexdigest()}.dudley-bruising-protocol.md"] = bad
    resign(repo, {**publisher.signers, "partnership-dudley": old_key}, "partnership-dudley",
           lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, bad)))
    with pytest.raises(SyncRefused, match=r"partnership-dudley was signed by 0/1 keys"):
        sync(lib, server.url)
    assert_unchanged(lib, current)
    publish(edition(), repo, keys, now=publisher.now)  # routine publishing goes on with the new pair
