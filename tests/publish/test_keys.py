"""Key management: routine publishing with the online keys only, and plain words for key trouble.

The root and targets keys are kept offline. These tests split a real key set
the way a publisher would (online/ on the publishing machine, offline/ on a
removable drive) and check that the daily publish needs only online/, that the
offline keys are asked for, by name and with the reason, exactly when their
metadata must change, and that a refused publish writes nothing.
"""

import datetime as dt
import shutil

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from reader.publish import cli as publish_cli
from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, MissingKey, init_keys, load_signers
from reader.publish.repository import PublishError, publish
from tests.conftest import CONTENT
from tests.publishing import split_keys

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
DAY = dt.date(2026, 1, 1)


@pytest.fixture
def keys(tmp_path):
    """A new key set split as README says: root and targets moved offline."""
    return split_keys(tmp_path)


def tree(folder):
    """Every file under `folder` with its bytes: to show that nothing was written."""
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _dev():
    return load_signers(DEV_KEYS)


def synthetic(count):
    return {f"chapters/c-{i}.md": f"chapter {i}\n".encode() for i in range(count)}


def test_routine_publish_needs_only_the_online_keys(tmp_path, keys, capsys):
    online, offline = keys
    repo = tmp_path / "repo"
    day = ["--as-of", DAY.isoformat()]
    assert publish_cli.main([str(CONTENT), str(repo), *day, "--keys", str(online), "--keys", str(offline)]) == 0
    capsys.readouterr()
    assert publish_cli.main([str(CONTENT), str(repo), *day, "--keys", str(online)]) == 0  # the daily re-sign
    assert "signed timestamp" in capsys.readouterr().out
    files = edition_files(CONTENT, DAY)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    result = publish(files, repo, load_signers(online))  # a changed chapter: one bin, snapshot, timestamp
    assert result.targets_written == ["chapters/referrals.md"]
    assert "root" not in result.roles_signed and "targets" not in result.roles_signed
    assert "snapshot" in result.roles_signed


def test_first_publish_names_the_offline_key_and_writes_nothing(tmp_path, keys, capsys):
    online, _ = keys
    repo = tmp_path / "repo"
    assert publish_cli.main([str(CONTENT), str(repo), "--keys", str(online)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "needs the root key (root.pem, an offline key)" in err and "first publish" in err
    assert str(online) in err and "Nothing was written" in err
    assert not repo.exists()


def test_more_bins_need_the_targets_key_and_nothing_is_written(tmp_path, keys):
    online, offline = keys
    repo = tmp_path / "repo"
    publish(synthetic(10), repo, load_signers([online, offline]), now=T0)
    before = tree(repo)
    with pytest.raises(MissingKey, match=r"targets key .*300 files, too many for its 8 bins") as err:
        publish(synthetic(300), repo, load_signers(online), now=T0 + dt.timedelta(hours=1))
    assert err.value.role == "targets"
    assert tree(repo) == before
    result = publish(synthetic(300), repo, load_signers([online, offline]), now=T0 + dt.timedelta(hours=1))
    assert "targets" in result.roles_signed


def test_targets_past_half_life_warns_then_needs_its_key_before_expiry(tmp_path, keys):
    online, offline = keys
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, load_signers([online, offline]), now=T0)
    # Seven weeks on (targets lasts 12): the routine publish goes on, and says what is coming.
    later = publish(files, repo, load_signers(online), now=T0 + dt.timedelta(weeks=7))
    assert "targets" not in later.roles_signed
    assert any("targets.json expires on 2026-03-26" in w and "targets key" in w for w in later.warnings)
    # Three days before it expires, an edition signed now would outlive it: the key is needed.
    before = tree(repo)
    with pytest.raises(MissingKey, match="targets key .*targets.json expires on 2026-03-26"):
        publish(files, repo, load_signers(online), now=T0 + dt.timedelta(weeks=12, days=-3))
    assert tree(repo) == before
    done = publish(files, repo, load_signers([online, offline]), now=T0 + dt.timedelta(weeks=12, days=-3))
    assert "targets" in done.roles_signed and not done.warnings


def test_root_near_expiry_needs_the_root_key(tmp_path, keys):
    online, offline = keys
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, load_signers([online, offline]), now=T0)
    near = T0 + dt.timedelta(days=5 * 365 - 2)
    with pytest.raises(MissingKey, match="root key .*root version 1 expires on"):
        publish(files, repo, load_signers(online), now=near)
    done = publish(files, repo, load_signers([online, offline]), now=near)
    assert "root" in done.roles_signed and (repo / "metadata" / "2.root.json").is_file()


def test_a_different_bins_key_is_refused_not_silently_delegated(tmp_path, keys):
    online, offline = keys
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, load_signers([online, offline]), now=T0)
    init_keys(tmp_path / "other")
    (online / "bins.pem").unlink()
    shutil.copyfile(tmp_path / "other" / "bins.pem", online / "bins.pem")
    before = tree(repo)
    with pytest.raises(PublishError, match="bins key given is not the one .*keys rotate bins"):
        publish(files, repo, load_signers([online, offline]), now=T0 + dt.timedelta(hours=1))
    assert tree(repo) == before


@pytest.mark.parametrize(
    "path",
    ["../../.bashrc", "chapters/../../x.md", "/etc/passwd", "chapters/Referrals.md", "notes.txt",
     "chapters/sub/x.md", "wordings/referrals/2018.md", "chapters/referrals.md\x00"],
)
def test_a_file_outside_the_edition_layout_is_not_published(tmp_path, path):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    files[path] = b"anything"
    with pytest.raises(PublishError, match="is not a file an edition may hold.*nothing was published"):
        publish(files, repo, _dev(), now=T0)
    assert not repo.exists()


def test_the_layout_refusal_happens_before_anything_is_written_into_an_existing_repository(tmp_path):
    repo = tmp_path / "repo"
    files = edition_files(CONTENT, DAY)
    publish(files, repo, _dev(), now=T0)
    before = tree(repo)
    files["chapters/Referrals.md"] = b"a second, badly named copy"
    with pytest.raises(PublishError, match="'chapters/Referrals.md' is not a file an edition may hold"):
        publish(files, repo, _dev(), now=T0 + dt.timedelta(hours=1))
    assert tree(repo) == before


def damaged(folder):
    (folder / "timestamp.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot base64 at all\n")


def rsa_key(folder):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "timestamp.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def encrypted(folder):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    (folder / "timestamp.pem").write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret")))


def folder_in_place(folder):
    (folder / "timestamp.pem").mkdir()


def empty_key(folder):
    (folder / "timestamp.pem").write_bytes(b"")


@pytest.mark.parametrize(
    "spoil, message",
    [
        (damaged, "timestamp.pem is damaged or not a key"),
        (empty_key, "timestamp.pem is damaged or not a key"),
        (encrypted, "timestamp.pem is damaged or not a key: expected an unencrypted PEM"),
        (rsa_key, "timestamp.pem is not an Ed25519 key"),
        (folder_in_place, "timestamp.pem is a folder, not a key file"),
    ],
)
def test_a_spoiled_key_file_is_one_plain_line(tmp_path, keys, capsys, spoil, message):
    online, offline = keys
    (online / "timestamp.pem").unlink()
    spoil(online)
    repo = tmp_path / "repo"
    assert publish_cli.main([str(CONTENT), str(repo), "--keys", str(online), "--keys", str(offline)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not repo.exists()


def test_bad_key_folders_are_one_plain_line(tmp_path, keys, capsys):
    online, offline = keys
    repo = tmp_path / "repo"
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "empty").mkdir()
    shutil.copytree(online, tmp_path / "copy")
    cases = [
        (["--keys", str(tmp_path / "nowhere")], "the keys folder", "is not there"),
        (["--keys", str(tmp_path / "a-file")], "the keys folder", "is a file"),
        (["--keys", str(tmp_path / "empty")], "no keys in", "keys init"),
        (["--keys", str(online), "--keys", str(tmp_path / "copy")], "two snapshot keys", "keep one"),
    ]
    for argv, *messages in cases:
        assert publish_cli.main([str(CONTENT), str(repo), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and all(m in err for m in messages), err
    assert not repo.exists()
    # the same folder twice is the same keys, not two of each
    assert publish_cli.main([str(CONTENT), str(repo), "--keys", str(online), "--keys", str(online)]) == 1
    assert "needs the root key" in capsys.readouterr().err


def test_keys_init_into_a_file_is_one_plain_line(tmp_path, capsys):
    (tmp_path / "a-file").write_text("x")
    assert publish_cli.main(["keys", "init", str(tmp_path / "a-file")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err


def test_keys_init_says_which_keys_go_offline(tmp_path, capsys):
    assert publish_cli.main(["keys", "init", str(tmp_path / "k")]) == 0
    out = capsys.readouterr().out
    assert "move root.pem and targets.pem to offline storage" in out


def test_help_shows_how_to_publish_and_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        publish_cli.main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "reader-publish CONTENT_DIR OUT_DIR" in out and "--keys DIR" in out
    assert all(command in out for command in ("import", "keys init", "keys rotate", "bundle"))


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "reader-publish: the following arguments are required: CONTENT_DIR, OUT_DIR"),
        (["keys"], "reader-publish keys: the following arguments are required"),
        (["keys", "rotate", "timestamp"], "reader-publish keys rotate: the following arguments are required"),
        (["keys", "rotate", "timestamp", "repo"], "required: --keys"),
    ],
)
def test_incomplete_commands_are_one_line_pointing_at_their_help(capsys, argv, message):
    with pytest.raises(SystemExit) as done:
        publish_cli.main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and message in err and err.count("\n") == 1
    assert "--help" in err


def test_a_damaged_repository_or_a_file_for_out_dir_is_one_plain_line(tmp_path, keys, capsys):
    online, offline = keys
    both = ["--keys", str(online), "--keys", str(offline)]
    damaged = tmp_path / "damaged"
    (damaged / "metadata").mkdir(parents=True)
    (damaged / "metadata" / "1.root.json").write_text("{")
    (tmp_path / "a-file").write_text("x")
    cases = [
        ([str(CONTENT), str(damaged), *both], "holds a repository that cannot be read"),
        (["keys", "rotate", "timestamp", str(damaged), *both], "holds a repository that cannot be read"),
        ([str(CONTENT), str(tmp_path / "a-file"), *both], "a-file is a file, not a folder"),
    ]
    for argv, message in cases:
        assert publish_cli.main(argv) == 1, argv
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    assert (damaged / "metadata" / "1.root.json").read_text() == "{"
    assert sorted(p.name for p in online.iterdir()) == ["bins.pem", "snapshot.pem", "timestamp.pem"]
