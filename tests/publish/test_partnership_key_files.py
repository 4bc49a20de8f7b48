"""Which key files switch a partnership's delegation on (issue 20): only its .pub.

A region's key folder says "delegate Dudley's Level C to this key" by holding
partnership-dudley.pub, the file Dudley hands over. A partnership-dudley.pem lying
there (a copy of Dudley's own key folder, a key the region made to hand out) is a
signing key, not a decision: it signs Dudley's role only where Dudley is delegated
already (its .pub here, or the published targets.json), and is otherwise left
unused with a warning, never turning the delegation on by itself.
"""

import datetime as dt
import shutil

import pytest

from reader.publish import cli
from reader.publish.keys import init_partnership_key, load_signers
from reader.publish.repository import publish
from tests.core.editions.test_sync_attacks import _newest
from tests.conftest import CONTENT
from tests.publishing import NOW, edition, region_key_folder

DUDLEY = "chapters/dudley-bruising-protocol.md"


@pytest.fixture
def folder(tmp_path, signers):
    """A region key folder with the development keys, and Dudley's key pair made apart."""
    region = region_key_folder(tmp_path / "region", signers)
    return region, init_partnership_key("dudley", tmp_path / "dudley")


def delegated(repo):
    _, snap, targets = _newest(repo, "targets")
    roles = targets.signed.delegations.roles
    return sorted(roles) if roles else [], sorted(n for n in snap.signed.meta if n.startswith("partnership-"))


def test_a_pem_alone_does_not_delegate_and_says_it_is_unused(tmp_path, folder):
    region, (private, _) = folder
    shutil.copy(private, region)
    keys = load_signers(region)
    assert keys.partnerships == {}  # only a .pub configures a delegation
    result = publish(edition(), tmp_path / "repo", keys, now=NOW)
    assert delegated(tmp_path / "repo") == ([], [])
    (warning,) = result.warnings
    assert "partnership-dudley.pem" in warning and "not used" in warning and "partnership-dudley.pub" in warning


def test_the_cli_prints_the_unused_pem_warning_and_publishes(tmp_path, folder, capsys):
    region, (private, _) = folder
    shutil.copy(private, region)
    assert cli.main([str(CONTENT), str(tmp_path / "repo"), "--keys", str(region), "--as-of", "2026-01-01"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "partnership-dudley.pem" in err and "not used" in err
    assert delegated(tmp_path / "repo") == ([], [])


def test_the_pub_delegates_and_a_pem_beside_it_signs_here(tmp_path, folder):
    region, (private, public) = folder
    shutil.copy(public, region)
    shutil.copy(private, region)
    result = publish(edition(), tmp_path / "repo", load_signers(region), now=NOW)
    assert result.warnings == []
    assert delegated(tmp_path / "repo") == (["partnership-dudley", "shared"], ["partnership-dudley.json"])


def test_a_pem_signs_for_a_partnership_the_published_targets_json_delegates(tmp_path, folder):
    region, (private, public) = folder
    shutil.copy(public, region)
    shutil.copy(private, region)
    repo = tmp_path / "repo"
    publish(edition(), repo, load_signers(region), now=NOW)
    (region / public.name).unlink()  # the .pub put away: the delegation stands, the .pem signs a change
    files = edition()
    files[DUDLEY] += b"\nA change Dudley's key signs.\n"
    result = publish(files, repo, load_signers(region), now=NOW + dt.timedelta(minutes=1))
    assert "partnership-dudley" in result.roles_signed and result.warnings == []
    _, _, role = _newest(repo, "partnership-dudley")
    assert role.signed.targets[DUDLEY].length == len(files[DUDLEY])
