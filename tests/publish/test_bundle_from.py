"""`reader-publish bundle --from OUT_DIR`: the installer's bundle is the edition the publisher serves."""

import json

import pytest

from reader.core import paths
from reader.core.editions.library import Library
from reader.core.editions.sync import sync
from reader.publish import cli
from tests.publishing import Publisher, edition
from tests.server import Server


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """Where the bundle and the pinned root go, in place of the checkout's resources/."""
    folder = tmp_path / "resources"
    (folder / "edition").mkdir(parents=True)
    (folder / "edition" / "old-bundle-file").write_text("from an earlier bundle")
    monkeypatch.setattr(paths, "bundled_repository", lambda: folder / "edition")
    monkeypatch.setattr(paths, "trusted_root_file", lambda: folder / "trust" / "root.json")
    return folder


def test_a_bundle_from_the_served_repository_is_its_current_edition_and_syncs_on(tmp_path, resources, capsys):
    publisher = Publisher(tmp_path / "served")
    files = edition()
    publisher.publish(files, minutes=-60)
    served = publisher.publish(files | {"chapters/referrals.md": files["chapters/referrals.md"] + b"\nMore.\n"},
                               minutes=-30).version
    assert cli.main(["bundle", "--from", str(publisher.repo)]) == 0
    assert f"bundled edition {served}" in capsys.readouterr().out
    bundle = resources / "edition"
    assert not (bundle / "old-bundle-file").exists()
    assert json.loads((bundle / "metadata" / "timestamp.json").read_bytes())["signed"]["version"] == served
    assert len(list(bundle.glob("metadata/*.snapshot.json"))) == 1  # this edition only, not the history
    pinned = (resources / "trust" / "root.json").read_bytes()
    assert pinned == publisher.first_root
    laptop = Library(tmp_path / "laptop", pinned, bundle)
    assert laptop.open().name == str(served) and "More." in laptop.open().manual.chapter("referrals").body
    files["chapters/referrals.md"] += b"\nLater.\n"
    publisher.publish(files)
    server = Server(publisher.repo)
    try:
        server.requests.clear()
        report = sync(laptop, server.url)
    finally:
        server.stop()
    assert report.changed == ["referrals"]
    assert len([r for r in server.requests if r.startswith("/targets/")]) == 1  # a delta from the bundle


def test_a_bundle_from_a_tampered_repository_is_refused_and_the_old_bundle_stays(tmp_path, resources, capsys):
    publisher = Publisher(tmp_path / "served")
    publisher.publish(edition())
    for path in (publisher.repo / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(b"changed after signing")
    assert cli.main(["bundle", "--from", str(publisher.repo)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader-publish: ") and err.count("\n") == 1
    assert (resources / "edition" / "old-bundle-file").exists() and not (resources / "trust").exists()


def test_a_bundle_from_a_folder_that_is_no_repository_is_one_line(tmp_path, resources, capsys):
    assert cli.main(["bundle", "--from", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is not a published repository" in err and err.count("\n") == 1
