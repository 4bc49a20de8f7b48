"""Each partnership signs its own Level C (issue 20): what a laptop refuses, by sync and at start.

The region delegates Dudley and Walsall their Level C (each its own key, the region
holding only their .pub); the attacks then re-sign the repository as a holder of
one partnership's key (and the online keys) could, and a laptop syncs on loopback.
"""

import datetime as dt
import hashlib
import shutil

import pytest
from tuf.api.metadata import DelegatedRole, MetaFile, TargetFile

from reader.core.editions.sync import sync
from reader.core.errors import SignatureError, SyncRefused
from reader.core.trust.verify import verify_edition
from reader.publish.keys import init_partnership_key, load_partnership_key, load_signers
from reader.publish.partnership import read_staged, sign_partnership
from reader.publish.repository import publish
from tests.core.editions.test_sync import assert_unchanged
from tests.core.editions.test_sync_attacks import _newest, _write, resign
from tests.publishing import Publisher, edition, make_laptop, region_key_folder

DUDLEY = "chapters/dudley-bruising-protocol.md"


@pytest.fixture
def region(tmp_path, signers, repo):
    """(publisher, keys): the development keys, a region folder with Dudley's and Walsall's .pub only,
    and both partnerships' private keys kept apart (as they are: with the partnerships)."""
    folder = region_key_folder(tmp_path / "region", signers)
    keys = {}
    for slug in ("dudley", "walsall"):
        private, public = init_partnership_key(slug, tmp_path / slug)
        shutil.copy(public, folder)
        keys[slug] = load_partnership_key(private, slug)
    return Publisher(repo, load_signers(folder)), keys


def publish_signed(tmp_path, publisher, keys, files, minutes=0):
    """Each partnership signs its own, then the region publishes with those roles (no partnership key)."""
    now = publisher.now + dt.timedelta(minutes=minutes)
    for slug, key in keys.items():
        sign_partnership(slug, files, key, tmp_path / f"staging-{slug}", now=now)
    staged = read_staged([tmp_path / f"staging-{slug}" for slug in keys])
    return publish(files, publisher.repo, publisher.signers, now=now, staged=staged)


@pytest.fixture
def laptop(tmp_path, region):
    publisher, keys = region
    publish_signed(tmp_path, publisher, keys, edition(), minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    return lib, lib.current_name(), publisher, keys


def _sign_with(repo, key, role, edit, signers):
    resign(repo, {**signers, role: key}, role, edit)


def test_the_layer_is_what_is_published_and_a_laptop_syncs_a_partnership_change(tmp_path, laptop, server):
    lib, name, publisher, keys = laptop
    meta = publisher.repo / "metadata"
    _, snap, targets = _newest(publisher.repo, "targets")
    assert list(targets.signed.delegations.roles) == ["partnership-walsall", "partnership-dudley", "shared"]
    _, _, dudley = _newest(publisher.repo, "partnership-dudley")
    assert DUDLEY in dudley.signed.targets and all(p.split("/")[1].startswith("dudley-") for p in dudley.signed.targets)
    for bin_md in meta.glob("*.bin-*.json"):
        assert not any(p.partition("/")[2].startswith(("dudley-", "walsall-")) for p in _read(bin_md).signed.targets)
    files = edition()
    files[DUDLEY] += b"\nDudley's own change.\n"
    publish_signed(tmp_path, publisher, keys, files)
    report = sync(lib, server.url)
    assert report.changed == ["dudley-bruising-protocol"]
    assert "Dudley's own change." in lib.open().manual.chapter("dudley-bruising-protocol").body


def _attack_walsall_lists_dudley(publisher, keys, server):
    """Walsall's (leaked) key lists Dudley's chapter, changed: refused whatever else is signed."""
    bad = b"+++\nid = \"dudley-bruising-protocol\"\n" + b"planted"
    server.extra[f"{hashlib.sha256(bad).hexdigest()}.dudley-bruising-protocol.md"] = bad
    _sign_with(publisher.repo, keys["walsall"], "partnership-walsall",
               lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, bad)), publisher.signers)


def test_sync_refuses_a_chapter_signed_by_another_partnerships_key(laptop, server):
    lib, name, publisher, keys = laptop
    _attack_walsall_lists_dudley(publisher, keys, server)
    with pytest.raises(SyncRefused, match=r"chapter dudley-bruising-protocol is Level C of partnership dudley "
                                          r"but is signed by partnership walsall's key"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_sync_refuses_a_partnership_chapter_listed_by_the_shared_bins(laptop, server):
    lib, name, publisher, keys = laptop
    succinct = _newest(publisher.repo, "shared")[2].signed.delegations.succinct_roles
    data = edition()[DUDLEY] + b"\nchanged by the region\n"
    server.extra[f"{hashlib.sha256(data).hexdigest()}.dudley-bruising-protocol.md"] = data
    resign(publisher.repo, publisher.signers, succinct.get_role_for_target(DUDLEY),
           lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, data)))
    with pytest.raises(SyncRefused, match="Level C of partnership dudley but is signed by the shared role bin-"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_sync_and_start_refuse_a_chapter_whose_scope_is_not_its_partnerships(tmp_path, laptop, server):
    """Walsall's key signs a chapter under its own name that says it is Dudley's."""
    lib, name, publisher, keys = laptop
    path = "chapters/walsall-marac.md"
    data = edition()[path].replace(b'scope = "walsall"', b'scope = "dudley"')
    server.extra[f"{hashlib.sha256(data).hexdigest()}.walsall-marac.md"] = data
    _sign_with(publisher.repo, keys["walsall"], "partnership-walsall",
               lambda s: s.targets.__setitem__(path, TargetFile.from_data(path, data)), publisher.signers)
    with pytest.raises(SyncRefused, match="chapter walsall-marac is signed by partnership walsall's key but its "
                                          "front matter says it is Level C of dudley"):
        sync(lib, server.url)
    assert_unchanged(lib, name)
    # The same chapter signed so into the edition on disk: the start-up check refuses it.
    edition_dir = lib.editions / name
    (edition_dir / path).write_bytes(data)
    resign_on_disk(edition_dir, publisher.signers, keys["walsall"], "partnership-walsall",
                   lambda s: s.targets.__setitem__(path, TargetFile.from_data(path, data)))
    with pytest.raises(SignatureError, match="chapter walsall-marac is signed by partnership walsall's key"):
        verify_edition(lib.pinned_root, edition_dir)
    opened = lib.open()
    assert any("walsall-marac" in p and "partnership walsall" in p for p in opened.problems)
    assert opened.manual.chapter("walsall-marac").scope == "walsall"


def _read(path):
    from tuf.api.metadata import Metadata

    return Metadata.from_file(str(path))


def resign_on_disk(edition_dir, signers, key, role, edit):
    """`edit` a role of an edition on a laptop, signed with `key`, and its snapshot and timestamp with the
    online keys: what a holder of that key and the online keys could leave in a writable data folder."""
    from tuf.api.serialization.json import JSONSerializer

    meta = edition_dir / "metadata"

    def store(md, name, signer):
        md.signatures.clear()
        md.sign(signer)
        (meta / name).write_bytes(md.to_bytes(JSONSerializer(compact=False)))

    md = _read(meta / f"{role}.json")
    edit(md.signed)
    md.signed.version += 1
    store(md, f"{role}.json", key)
    snap = _read(meta / "snapshot.json")
    snap.signed.meta[f"{role}.json"] = MetaFile(md.signed.version)
    store(snap, "snapshot.json", signers["snapshot"])
    ts = _read(meta / "timestamp.json")
    ts.signed.snapshot_meta = MetaFile(snap.signed.version)
    store(ts, "timestamp.json", signers["timestamp"])


def test_start_refuses_an_edition_whose_partnership_role_lists_another_partnerships_chapter(laptop, server):
    lib, name, publisher, keys = laptop
    edition_dir = lib.editions / name
    data = (edition_dir / DUDLEY).read_bytes()
    resign_on_disk(edition_dir, publisher.signers, keys["walsall"], "partnership-walsall",
                   lambda s: s.targets.__setitem__(DUDLEY, TargetFile.from_data(DUDLEY, data)))
    with pytest.raises(SignatureError, match="chapter dudley-bruising-protocol is Level C of partnership dudley but "
                                             "is signed by partnership walsall's key"):
        verify_edition(lib.pinned_root, edition_dir)


def test_a_targets_json_delegating_a_partnership_wider_paths_is_refused(laptop, server):
    lib, name, publisher, keys = laptop

    def widen(signed):
        role = signed.delegations.roles["partnership-walsall"]
        signed.delegations.roles["partnership-walsall"] = DelegatedRole(
            role.name, role.keyids, 1, True, paths=["chapters/*.md", "wordings/walsall-*/*"])

    resign(publisher.repo, publisher.signers, "targets", widen)
    with pytest.raises(SyncRefused, match="delegate in a way the reader does not trust"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


DUDLEY_FORM = "attachments/dudley-bruising-protocol/bruising-protocol.pdf"


def test_a_partnerships_documents_are_its_own_to_sign(tmp_path, laptop, server):
    """A document of a delegated partnership's chapter travels under its key, and the shared bins
    cannot list one: a leaked regional key must not swap the form a worker opens on a home visit."""
    from tests.documents import content_copy, declare, pdf

    lib, name, publisher, keys = laptop
    content = declare(content_copy(tmp_path), "dudley-bruising-protocol",
                      {"bruising-protocol.pdf": ("Bruising protocol", pdf("Dudley bruising protocol"))})
    from reader.publish.edition import edition_files
    from tests.publishing import NEW_DAY

    files = edition_files(content, NEW_DAY)
    publish_signed(tmp_path, publisher, keys, files)
    _, _, dudley = _newest(publisher.repo, "partnership-dudley")
    assert DUDLEY_FORM in dudley.signed.targets
    report = sync(lib, server.url)
    assert report.changed == ["dudley-bruising-protocol"]
    name = lib.current_name()

    succinct = _newest(publisher.repo, "shared")[2].signed.delegations.succinct_roles
    swapped = pdf("not Dudley's protocol")
    server.extra[f"{hashlib.sha256(swapped).hexdigest()}.bruising-protocol.pdf"] = swapped
    resign(publisher.repo, publisher.signers, succinct.get_role_for_target(DUDLEY_FORM),
           lambda s: s.targets.__setitem__(DUDLEY_FORM, TargetFile.from_data(DUDLEY_FORM, swapped)))
    with pytest.raises(SyncRefused, match=r"a document of chapter dudley-bruising-protocol\) is Level C of "
                                          r"partnership dudley but is signed by the shared role bin-"):
        sync(lib, server.url)
    assert_unchanged(lib, name)
