"""The publish steps, from outside: which roles each publish signs, their versions and expiry.

These pin what a reader relies on (versions only go up, a one-chapter change
re-signs one bin, nothing published is overwritten but timestamp.json, a
refused publish writes nothing), not the bytes of any one publish.
Key handling is in test_keys.py, the edition layout refusal there too.
"""

import datetime as dt

import pytest
from tuf.api.metadata import Metadata

from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, init_keys, load_signers
from reader.publish.repository import LIFETIME, PublishError, bin_expiry, publish
from tests.conftest import CONTENT

T0 = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.timezone.utc)
DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def signers():
    return load_signers(DEV_KEYS)


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def newest(repo):
    """role -> the Metadata the repository's timestamp leads to (root: the newest root)."""
    meta = repo / "metadata"
    timestamp = Metadata.from_file(str(meta / "timestamp.json"))
    snapshot = Metadata.from_file(str(meta / f"{timestamp.signed.snapshot_meta.version}.snapshot.json"))
    roles = {"timestamp": timestamp, "snapshot": snapshot}
    for name, mf in snapshot.signed.meta.items():
        roles[name[: -len(".json")]] = Metadata.from_file(str(meta / f"{mf.version}.{name}"))
    root = max(meta.glob("*.root.json"), key=lambda p: int(p.name.split(".")[0]))
    roles["root"] = Metadata.from_file(str(root))
    return roles


def lifetime(role):
    return LIFETIME["bins" if role.startswith("bin-") else role]


def expires(role, now):
    """When `role` signed `now` expires: a lifetime on, but a bin on its renewal slot's grid."""
    return bin_expiry(role, now) if role.startswith("bin-") else now + lifetime(role)


def test_the_first_publish_signs_every_role_in_order_with_its_version_and_expiry(tmp_path, signers):
    repo = tmp_path / "repo"
    result = publish(edition_files(CONTENT, DAY), repo, signers, now=T0)
    roles = newest(repo)
    bins = sorted(r for r in roles if r.startswith("bin-"))
    assert bins == [f"bin-{i}" for i in range(8)]  # 48 files (the thesaurus among them): the fewest bins there are
    assert result.roles_signed == [*bins, "targets", "snapshot", "root", "timestamp"]
    assert result.version == int(T0.timestamp()) == roles["timestamp"].signed.version
    for role, md in roles.items():
        assert md.signed.version == (1 if role == "root" else int(T0.timestamp())), role
        assert md.signed.expires == expires(role, T0), role
    assert roles["timestamp"].signed.snapshot_meta.version == roles["snapshot"].signed.version
    assert sum(len(roles[b].signed.targets) for b in bins) == len(result.targets_written) == 48


def test_a_one_chapter_change_re_signs_its_bin_snapshot_and_timestamp_and_overwrites_nothing(tmp_path, signers):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, signers, now=T0)
    before, old = tree(repo), newest(repo)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    later = T0 + dt.timedelta(hours=1)
    result = publish(files, repo, signers, now=later)
    new = newest(repo)
    changed_bin = old["targets"].signed.delegations.succinct_roles.get_role_for_target("chapters/referrals.md")
    assert result.roles_signed == [changed_bin, "snapshot", "timestamp"]
    assert result.targets_written == ["chapters/referrals.md"]
    for role in ("snapshot", "timestamp", changed_bin):
        assert new[role].signed.version == int(later.timestamp()) and new[role].signed.expires == expires(role, later)
    for role in set(old) - {"snapshot", "timestamp", changed_bin}:
        assert new[role].to_dict() == old[role].to_dict(), role  # the same version, still in use
    after = tree(repo)
    assert {name: after[name] for name in before if name != "metadata/timestamp.json"} == {
        name: data for name, data in before.items() if name != "metadata/timestamp.json"}


def test_an_unchanged_republish_signs_only_the_timestamp(tmp_path, signers):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, signers, now=T0)
    old = newest(repo)
    result = publish(files, repo, signers, now=T0 + dt.timedelta(days=1))
    assert result.roles_signed == ["timestamp"] and result.targets_written == []
    assert newest(repo)["timestamp"].signed.snapshot_meta.version == old["snapshot"].signed.version


def test_versions_go_up_even_when_the_clock_goes_back(tmp_path, signers):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    first = publish(files, repo, signers, now=T0)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    second = publish(files, repo, signers, now=T0 - dt.timedelta(hours=2))  # the publishing machine's clock is behind
    assert second.version == first.version + 1
    assert newest(repo)["snapshot"].signed.version == first.version + 1


def test_past_half_their_life_the_bins_and_targets_are_re_signed_but_not_root(tmp_path, signers):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, signers, now=T0)
    later = T0 + dt.timedelta(weeks=7)  # bins and targets last 12 weeks, root five years
    result = publish(files, repo, signers, now=later)
    assert "root" not in result.roles_signed
    assert set(result.roles_signed) == {f"bin-{i}" for i in range(8)} | {"targets", "snapshot", "timestamp"}
    roles = newest(repo)
    assert all(roles[r].signed.expires == expires(r, later) for r in roles if r != "root")
    assert roles["root"].signed.expires == T0 + LIFETIME["root"]


def test_a_key_the_repository_does_not_trust_is_refused_and_nothing_is_written(tmp_path, signers):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, signers, now=T0)
    before = tree(repo)
    init_keys(tmp_path / "other")
    mixed = dict(signers, timestamp=load_signers(tmp_path / "other")["timestamp"])
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    with pytest.raises(PublishError, match="the timestamp key given is not the one .* trusts"):
        publish(files, repo, mixed, now=T0 + dt.timedelta(hours=1))
    assert tree(repo) == before


def test_a_rotation_into_an_empty_folder_is_refused_and_writes_nothing(tmp_path, signers):
    repo = tmp_path / "repo"
    with pytest.raises(PublishError, match="holds no repository yet"):
        publish(edition_files(CONTENT, DAY), repo, signers, now=T0, rotate=("timestamp", signers["timestamp"]))
    assert not repo.exists()
