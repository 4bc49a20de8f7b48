"""A partnership signs its own Level C; the region publishes it without that key (issue 20)."""

import shutil

import pytest

from reader.publish import cli
from reader.publish.keys import init_partnership_key, load_partnership_key, load_signers
from reader.publish.partnership import read_staged, sign_partnership
from reader.publish.repository import PublishError, publish
from tests.core.editions.test_sync_attacks import _newest
from tests.conftest import CONTENT
from tests.publishing import NOW, edition, region_key_folder

DUDLEY = "chapters/dudley-bruising-protocol.md"


@pytest.fixture
def region(tmp_path, signers):
    """The region's key folder (development keys and Dudley's .pub) and Dudley's own key folder."""
    folder = region_key_folder(tmp_path / "region", signers)
    private, public = init_partnership_key("dudley", tmp_path / "dudley")
    shutil.copy(public, folder)
    return folder, private


def files_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def test_a_key_set_without_partnership_keys_publishes_level_c_under_the_shared_roles(repo, signers):
    publish(edition(), repo, signers, now=NOW)
    _, snap, targets = _newest(repo, "targets")
    assert targets.signed.delegations.succinct_roles is not None
    assert not any(name.startswith(("partnership-", "shared")) for name in snap.signed.meta)


def test_the_cli_end_to_end_a_partnership_signs_and_the_region_publishes_without_its_key(tmp_path, region, capsys):
    folder, private = region
    content, repo, staging = tmp_path / "content", tmp_path / "repo", tmp_path / "staging"
    shutil.copytree(CONTENT, content)
    assert cli.main(["partnership", "sign", "dudley", str(content), str(staging), "--keys", str(private.parent),
                     "--as-of", "2026-01-01"]) == 0
    assert (staging / "metadata" / "partnership-dudley.json").is_file() and (staging / DUDLEY).is_file() is False
    assert (staging / "targets" / DUDLEY).is_file()
    assert cli.main([str(content), str(repo), "--keys", str(folder), "--partnership", str(staging),
                     "--as-of", "2026-01-01"]) == 0
    _, snap, dudley = _newest(repo, "partnership-dudley")
    assert dudley.signed.targets.keys() == read_staged([staging])["dudley"].signed.targets.keys()
    assert DUDLEY in dudley.signed.targets and "partnership-dudley.json" in snap.signed.meta


def test_a_delegated_partnership_with_nothing_signed_is_refused_and_nothing_written(tmp_path, region):
    folder, _ = region
    out = tmp_path / "repo"
    with pytest.raises(PublishError, match=r"partnership dudley's Level C .* only dudley can sign it"):
        publish(edition(), out, load_signers(folder), now=NOW)
    assert files_in(out) == []


def test_a_signed_role_that_differs_from_the_content_is_refused(tmp_path, region):
    folder, private = region
    key = load_partnership_key(private, "dudley")
    files = edition()
    sign_partnership("dudley", files, key, tmp_path / "staging", now=NOW)
    files[DUDLEY] += b"\nchanged after dudley signed\n"
    with pytest.raises(PublishError, match=f"differs from the content's Level C of dudley \\({DUDLEY}"):
        publish(files, tmp_path / "repo", load_signers(folder), now=NOW, staged=read_staged([tmp_path / "staging"]))


def test_a_role_signed_by_another_key_is_refused(tmp_path, region):
    folder, _ = region
    other, _ = init_partnership_key("dudley", tmp_path / "impostor")
    sign_partnership("dudley", edition(), load_partnership_key(other, "dudley"), tmp_path / "staging", now=NOW)
    with pytest.raises(PublishError, match="not signed by the key its Level C is delegated to"):
        publish(edition(), tmp_path / "repo", load_signers(folder), now=NOW, staged=read_staged([tmp_path / "staging"]))


def test_a_partnership_may_not_sign_a_chapter_of_another_scope(tmp_path, region):
    _, private = region
    files = edition()
    files[DUDLEY] = files[DUDLEY].replace(b'scope = "dudley"', b'scope = "walsall"')
    with pytest.raises(PublishError, match="front matter says it is Level C of walsall"):
        sign_partnership("dudley", files, load_partnership_key(private, "dudley"), tmp_path / "staging", now=NOW)
    assert files_in(tmp_path / "staging") == []


def test_a_public_key_for_no_board_is_refused(tmp_path, region):
    folder, _ = region
    _, public = init_partnership_key("atlantis", tmp_path / "atlantis")
    shutil.copy(public, folder)
    with pytest.raises(PublishError, match="partnership 'atlantis', which boards.toml does not name"):
        publish(edition(), tmp_path / "repo", load_signers(folder), now=NOW)


def test_init_partnership_refuses_a_bad_slug_and_never_overwrites(tmp_path, capsys):
    assert cli.main(["keys", "init-partnership", "Dudley!", str(tmp_path / "k")]) == 1
    assert "not a board's slug" in capsys.readouterr().err
    assert cli.main(["keys", "init-partnership", "dudley", str(tmp_path / "k")]) == 0
    assert cli.main(["keys", "init-partnership", "dudley", str(tmp_path / "k")]) == 1
    assert "never overwritten" in capsys.readouterr().err
