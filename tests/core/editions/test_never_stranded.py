"""A laptop that has never synced is not stranded by a bundle newer than the publisher's repository."""

import shutil

import pytest

from reader.core.editions.library import Library
from reader.core.editions.sync import sync
from reader.core.errors import SyncRefused
from tests.publishing import Publisher, edition


@pytest.fixture
def fresh_laptop(tmp_path, publisher, server):
    """(library, bundled name, served name): the installer's bundle was signed after the
    repository the publisher serves (from a staging copy of it, with the same keys)."""
    files = edition()
    served = publisher.publish(files, minutes=-60).version
    staging = shutil.copytree(publisher.repo, tmp_path / "staging")
    files["chapters/referrals.md"] = files["chapters/referrals.md"] + b"\nStaging only.\n"
    Publisher(staging, publisher.signers, publisher.now).publish(files)
    lib = Library(tmp_path / "data", publisher.first_root, staging)
    bundled = lib.open().name
    assert int(bundled) > served
    return lib, bundled, str(served)


def test_a_never_synced_laptop_takes_the_publishers_older_edition(fresh_laptop, server):
    lib, bundled, served = fresh_laptop
    report = sync(lib, server.url)
    assert report.edition == served and report.previous == bundled and not report.up_to_date
    assert lib.current_name() == served
    assert "Staging only." not in lib.open().manual.chapter("referrals").body
    assert sync(lib, server.url).up_to_date  # and stays on it
    assert set(lib.installed()) == {served, bundled}  # the bundled one is kept


def test_once_synced_a_real_rollback_is_still_refused(fresh_laptop, publisher, server, tmp_path):
    lib, bundled, served = fresh_laptop
    sync(lib, server.url)
    older = shutil.copytree(publisher.repo, tmp_path / "older")
    files = edition()
    files["chapters/referrals.md"] = files["chapters/referrals.md"] + b"\nA later paragraph.\n"
    newer = publisher.publish(files, minutes=-30).version
    assert sync(lib, server.url).edition == str(newer)
    shutil.rmtree(publisher.repo)
    shutil.copytree(older, publisher.repo)  # the server put back as it was before
    with pytest.raises(SyncRefused, match="older than the one held"):
        sync(lib, server.url)
    assert lib.current_name() == str(newer)


def test_a_root_chain_that_does_not_verify_is_still_refused(tmp_path, publisher, server):
    from reader.publish.keys import init_keys, load_signers

    files = edition()
    publisher.publish(files, minutes=-60)
    staging = shutil.copytree(publisher.repo, tmp_path / "staging")
    Publisher(staging, publisher.signers, publisher.now).publish(files)
    lib = Library(tmp_path / "data", publisher.first_root, staging)
    bundled = lib.open().name
    shutil.rmtree(publisher.repo)
    publisher.repo.mkdir()
    init_keys(tmp_path / "other-keys")
    Publisher(publisher.repo, load_signers([tmp_path / "other-keys"])).publish(files)  # someone else's repository
    with pytest.raises(SyncRefused):
        sync(lib, server.url)
    assert lib.current_name() == bundled
