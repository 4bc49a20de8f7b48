"""Signed editions: publish, install, verify offline; tampering and rollback refused."""

import datetime as dt
import json

import pytest

from reader.core.content import manual_files, read_manual
from reader.core.errors import MissingFile, RollbackError, SignatureError, TamperedFile
from reader.core.editions.library import Library
from reader.core.paths import bundled_repository, trusted_root_file
from reader.publish import cli as publish_cli
from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, init_keys, load_signers
from reader.publish.repository import publish
from tests.conftest import CONTENT

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def signers():
    return load_signers(DEV_KEYS)


@pytest.fixture
def repo(tmp_path, signers):
    out = tmp_path / "repo"
    publish(edition_files(CONTENT, dt.date(2026, 1, 1)), out, signers, now=T0)
    return out


@pytest.fixture
def library(tmp_path, repo):
    return Library(tmp_path / "data", (repo / "metadata" / "1.root.json").read_bytes(), repo)


def installed(library):
    return library.editions / library.current_name()


def test_install_and_verify(library):
    name = library.install_from_repository(library.bundled)
    verified = library.verify(name)
    assert "chapters/referrals.md" in verified.targets
    assert len(library.open().manual.chapters) == 40


def test_tampered_chapter_is_refused_and_the_bundled_edition_returns(library):
    library.open()
    chapter = installed(library) / "chapters" / "referrals.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("aer", "are"), encoding="utf-8")
    with pytest.raises(TamperedFile, match="chapters/referrals.md differs"):
        library.verify(library.current_name())
    opened = library.open()
    assert any("differs from the published file" in p for p in opened.problems)
    assert "Where there aer concerns" in opened.manual.chapter("referrals").body


def test_removed_file_is_refused(library):
    library.open()
    (installed(library) / "register.toml").unlink()
    with pytest.raises(MissingFile, match="register.toml is missing"):
        library.verify(library.current_name())


def test_added_file_is_refused(library):
    library.open()
    (installed(library) / "chapters" / "planted.md").write_text("+++\n+++\n", encoding="utf-8")
    with pytest.raises(TamperedFile, match="planted.md is in the edition but not in its signed metadata"):
        library.verify(library.current_name())


def test_tampered_metadata_is_refused(library):
    library.open()
    bin_file = next((installed(library) / "metadata").glob("bin-*.json"))
    md = json.loads(bin_file.read_text())
    md["signed"]["expires"] = "2099-01-01T00:00:00Z"
    bin_file.write_text(json.dumps(md))
    with pytest.raises(SignatureError, match="not signed by a trusted key"):
        library.verify(library.current_name())


def test_metadata_signed_by_an_unknown_key_is_refused(tmp_path, repo):
    other = tmp_path / "other-keys"
    init_keys(other)
    rogue = tmp_path / "rogue"
    publish(edition_files(CONTENT, dt.date(2026, 1, 1)), rogue, load_signers(other), now=T0)
    library = Library(tmp_path / "data", (repo / "metadata" / "1.root.json").read_bytes(), rogue)
    with pytest.raises(SignatureError):
        library.install_from_repository(rogue)
    assert library.current_name() is None


def test_rollback_is_refused_and_the_newer_edition_kept(tmp_path, signers):
    old_repo, new_repo = tmp_path / "old", tmp_path / "new"
    publish(edition_files(CONTENT, dt.date(2018, 4, 24)), old_repo, signers, now=T0)
    publish(edition_files(CONTENT, dt.date(2026, 1, 1)), new_repo, signers, now=T0 + dt.timedelta(days=1))
    library = Library(tmp_path / "data", (new_repo / "metadata" / "1.root.json").read_bytes(), new_repo)
    newer = library.install_from_repository(new_repo)
    with pytest.raises(RollbackError, match="older than the one held"):
        library.install_from_repository(old_repo)
    assert library.current_name() == newer
    assert len(library.open().manual.chapters) == 40


def test_republishing_makes_the_next_version_with_only_changed_targets(tmp_path, signers):
    out = tmp_path / "repo"
    files = edition_files(CONTENT, dt.date(2026, 1, 1))
    first = publish(files, out, signers, now=T0)
    files["chapters/referrals.md"] = files["chapters/referrals.md"].replace(b"aer", b"are")
    second = publish(files, out, signers, now=T0 + dt.timedelta(hours=1))
    assert second.version > first.version
    assert second.targets_written == ["chapters/referrals.md"]
    assert [r for r in second.roles_signed if r.startswith("bin")] and len(second.roles_signed) == 3  # one bin, snapshot, timestamp
    third = publish(files, out, signers, now=T0 + dt.timedelta(days=15))
    assert third.targets_written == [] and "snapshot" in third.roles_signed  # re-signed: past half its lifetime


def test_fresh_repository_on_a_new_server_is_not_older(tmp_path, signers):
    files = edition_files(CONTENT, dt.date(2026, 1, 1))
    a = publish(files, tmp_path / "a", signers, now=T0)
    b = publish(files, tmp_path / "b", signers, now=T0 + dt.timedelta(minutes=5))
    assert b.version > a.version


def test_as_of_rebuilds_the_manual_of_that_day(tmp_path, signers):
    files = edition_files(CONTENT, dt.date(2018, 4, 24))
    assert b"Working Together to Safeguard Children (March 2015)" in files["chapters/introduction.md"]
    assert "chapters/responding-to-concerns.md" not in files
    assert files["edition.toml"] == b'as_of = "2018-04-24"\n'


def test_the_bundled_edition_matches_content():
    """Fails when content/ changes and `reader-publish bundle` was not run."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp), trusted_root_file().read_bytes(), bundled_repository())
        name = lib.install_from_repository(bundled_repository())
        shipped = manual_files(read_manual(lib.editions / name))
    expected = manual_files(read_manual(CONTENT))
    assert shipped == expected, "content/ and resources/edition differ: run `reader-publish bundle`"


def test_publish_cli_and_bad_input(tmp_path, capsys):
    assert publish_cli.main([str(CONTENT), str(tmp_path / "out"), "--as-of", "2019-01-01"]) == 0
    assert "published version" in capsys.readouterr().out
    assert publish_cli.main([str(CONTENT), str(tmp_path / "out"), "--as-of", "01-01-2019"]) == 1
    assert "not a date" in capsys.readouterr().err
    assert publish_cli.main([str(CONTENT), str(tmp_path / "out2"), "--keys", str(tmp_path / "nokeys")]) == 1
    assert "keys init" in capsys.readouterr().err
    assert publish_cli.main([str(tmp_path / "nothing"), str(tmp_path / "out3")]) == 1
    assert "not a manual" in capsys.readouterr().err
    assert publish_cli.main([str(CONTENT), str(tmp_path / "out4"), "--url", "ftp://x"]) == 1
    assert "--url must be" in capsys.readouterr().err


def test_keys_init_never_overwrites(tmp_path, capsys):
    assert publish_cli.main(["keys", "init", str(tmp_path / "k")]) == 0
    assert publish_cli.main(["keys", "init", str(tmp_path / "k")]) == 1
    assert "never overwritten" in capsys.readouterr().err


def test_publishing_with_other_keys_into_a_repository_is_refused(tmp_path, repo, capsys):
    init_keys(tmp_path / "k")
    assert publish_cli.main([str(CONTENT), str(repo), "--keys", str(tmp_path / "k")]) == 1
    assert "is not the one" in capsys.readouterr().err


def test_a_folder_in_place_of_a_chapter_is_refused_in_plain_words(library):
    library.open()
    chapter = installed(library) / "chapters" / "referrals.md"
    chapter.unlink()
    chapter.mkdir()
    with pytest.raises(TamperedFile, match="chapters/referrals.md cannot be read"):
        library.verify(library.current_name())
    assert any("cannot be read" in p for p in library.open().problems)
