"""The offline check against someone who can write to the data folder but holds no key.

Links, pipes and stray folders must not let an unsigned word reach the window,
nor hang or crash the start: each is refused in plain words, and the reader
falls back to the last good edition, then the bundled one. What is shown is
built from the very bytes that were hashed.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import threading
import time

import pytest

from reader.core.trust import verify as trust
from reader.core.errors import SignatureError, TamperedFile
from reader.core.editions.library import Library
from reader.core.trust.signatures import canonical
from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, load_signers
from reader.publish.repository import publish
from tests.conftest import CONTENT

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
EVIL = b'+++\nid = "evil"\ntitle = "Unsigned"\nlevel = "A"\nscope = "shared"\n[source]\nfile = "x"\ncaptured = "2020"\n+++\n\nNever signed.\n'


@pytest.fixture(scope="module")
def signers():
    return load_signers(DEV_KEYS)


@pytest.fixture(scope="module")
def repo(tmp_path_factory, signers):
    out = tmp_path_factory.mktemp("repo")
    publish(edition_files(CONTENT, dt.date(2026, 1, 1)), out, signers, now=T0)
    return out


@pytest.fixture
def library(tmp_path, repo):
    """An installed edition."""
    lib = Library(tmp_path / "data", (repo / "metadata" / "1.root.json").read_bytes(), repo)
    lib.open()
    return lib


@pytest.fixture(params=["by-fd", "by-path"])
def either_way(request, library, monkeypatch):
    """The library, checked where folders are opened by fd, and as where they cannot be (Windows)."""
    if request.param == "by-path":
        monkeypatch.setattr(trust, "_BY_FD", False)
    return library


def edition(library):
    return library.editions / library.current_name()


def _refused_and_fallen_back(library, match):
    with pytest.raises(TamperedFile, match=match):
        library.verify(library.current_name())
    opened = library.open()
    assert any("cannot be used" in p for p in opened.problems), opened.problems
    assert opened.manual.chapter("referrals")  # the bundled edition, reinstalled
    return opened


def test_a_linked_chapters_folder_with_a_planted_chapter_is_refused(either_way, tmp_path):
    ed = edition(either_way)
    copy = tmp_path / "copy"
    shutil.copytree(ed / "chapters", copy)
    (copy / "evil.md").write_bytes(EVIL)
    shutil.rmtree(ed / "chapters")
    (ed / "chapters").symlink_to(copy, target_is_directory=True)
    opened = _refused_and_fallen_back(either_way, "chapters is a link")
    assert "evil" not in {c.id for c in opened.manual.chapters}


def test_a_linked_wordings_folder_with_a_planted_wording_is_refused(either_way, tmp_path):
    ed = edition(either_way)
    copy = tmp_path / "introduction"
    shutil.copytree(ed / "wordings" / "introduction", copy)
    (copy / "2001-01-01.md").write_bytes(b'+++\n[source]\nfile = "x"\ncaptured = "2001-01-01"\n+++\n\nUnsigned wording.\n')
    shutil.rmtree(ed / "wordings" / "introduction")
    (ed / "wordings" / "introduction").symlink_to(copy, target_is_directory=True)
    opened = _refused_and_fallen_back(either_way, "wordings/introduction is a link")
    bodies = [w.body for w in opened.manual.chapter("introduction").wordings]
    assert not any("Unsigned wording" in b for b in bodies)


def test_a_linked_chapter_file_is_refused_even_with_the_genuine_bytes(either_way, tmp_path):
    chapter = edition(either_way) / "chapters" / "referrals.md"
    elsewhere = tmp_path / "referrals.md"
    shutil.copyfile(chapter, elsewhere)
    chapter.unlink()
    chapter.symlink_to(elsewhere)
    _refused_and_fallen_back(either_way, "chapters/referrals.md is a link")


def test_a_linked_metadata_file_is_refused(either_way, tmp_path):
    meta = edition(either_way) / "metadata"
    elsewhere = tmp_path / "timestamp.json"
    shutil.copyfile(meta / "timestamp.json", elsewhere)
    (meta / "timestamp.json").unlink()
    (meta / "timestamp.json").symlink_to(elsewhere)
    _refused_and_fallen_back(either_way, "metadata/timestamp.json is a link")


def _feed(fifo, payloads, done):
    """Each reader that opens the pipe gets the next payload: what the old check hashed, then what it showed."""
    payloads = list(payloads)
    while payloads and not done.is_set():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails at once while no reader has it open
        except OSError:
            time.sleep(0.001)
            continue
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                return  # the pipe is gone (the edition was reinstalled): write nothing anywhere
            os.set_blocking(fd, True)
            os.write(fd, payloads.pop(0))
        finally:
            os.close(fd)


def test_a_pipe_cannot_give_the_check_one_text_and_the_window_another(either_way):
    chapter = edition(either_way) / "chapters" / "referrals.md"
    genuine = chapter.read_bytes()
    hostile = genuine.replace(b"Where there aer concerns", b"Where there are no concerns")
    chapter.unlink()
    os.mkfifo(chapter)
    done = threading.Event()
    writer = threading.Thread(target=_feed, args=(chapter, [genuine, hostile], done), daemon=True)
    writer.start()
    try:
        opened = _refused_and_fallen_back(either_way, "chapters/referrals.md is a pipe")
        assert "Where there aer concerns" in opened.manual.chapter("referrals").body
    finally:
        done.set()
        writer.join(5)


def test_reading_a_pipe_in_place_of_a_file_neither_hangs_nor_reads_it(tmp_path):
    """The walk refuses a pipe; should one be swapped in after it, opening it must not hang either."""
    os.mkfifo(tmp_path / "boards.toml")
    with trust._Folder.open(tmp_path) as folder, pytest.raises(TamperedFile, match="it is a pipe, not a file"):
        folder.read("boards.toml", 100)


def test_a_folder_swapped_for_a_link_after_the_walk_is_not_followed(either_way, tmp_path):
    ed = edition(either_way)
    with trust._Folder.open(ed) as top:
        chapters = top.folder("chapters")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "referrals.md").write_bytes(EVIL)
    os.rename(ed / "chapters", tmp_path / "moved")
    (ed / "chapters").symlink_to(tmp_path / "copy", target_is_directory=True)
    try:
        if trust._BY_FD:  # still the folder the walk opened, wherever it now is
            assert b"Where there aer concerns" in chapters.read("referrals.md", 10**6)
        with trust._Folder.open(ed) as top, pytest.raises(TamperedFile, match="chapters/ cannot be read"):
            top.folder("chapters")
    finally:
        chapters.close()


def test_an_unlisted_pipe_is_refused_without_hanging(library):
    os.mkfifo(edition(library) / "chapters" / "planted.md")
    _refused_and_fallen_back(library, "chapters/planted.md is a pipe")


def test_a_folder_named_like_a_chapter_is_refused_not_a_crash(library):
    (edition(library) / "chapters" / "x.md").mkdir()
    _refused_and_fallen_back(library, "chapters/x.md is in the edition but not in its signed metadata")


def test_an_unlisted_folder_is_refused(library):
    (edition(library) / "wordings" / "new-chapter").mkdir()
    _refused_and_fallen_back(library, "wordings/new-chapter is in the edition but not in its signed metadata")


@pytest.mark.parametrize("name", ["evil.json", "notes.txt", "5.snapshot.json", "bin-0.json.bak"])
def test_an_unlisted_metadata_file_is_refused(library, name):
    (edition(library) / "metadata" / name).write_text("{}", encoding="utf-8")
    _refused_and_fallen_back(library, f"metadata/{name} is not part of the edition's metadata")


def test_a_folder_in_metadata_other_than_root_history_is_refused(library):
    (edition(library) / "metadata" / "extra").mkdir()
    _refused_and_fallen_back(library, "metadata/extra is not part of the edition's metadata")


def test_python_tufs_layout_of_metadata_verifies(library):
    """What a sync leaves: root.json beside root_history/N.root.json, as python-tuf's client keeps them."""
    meta = edition(library) / "metadata"
    (meta / "root_history").mkdir()
    shutil.copyfile(meta / "1.root.json", meta / "root_history" / "1.root.json")
    (meta / "1.root.json").unlink()
    assert library.verify(library.current_name()).targets


@pytest.mark.parametrize("place", ["root_history/1.root.json", "1.root.json", "root.json"])
def test_a_kept_root_that_is_not_a_root_is_refused(library, place):
    meta = edition(library) / "metadata"
    (meta / place).parent.mkdir(exist_ok=True)
    (meta / place).write_bytes(b"Not metadata: anything could be hidden here.")
    with pytest.raises(TamperedFile, match="is damaged"):
        library.verify(library.current_name())


def test_an_unreachable_newer_root_is_refused(library):
    meta = edition(library) / "metadata"
    root = json.loads((meta / "1.root.json").read_bytes())
    root["signed"]["version"] = 3  # a gap: 2 is not there, so 3 is never verified
    (meta / "3.root.json").write_text(json.dumps(root), encoding="utf-8")
    with pytest.raises(SignatureError, match="3.root.json is a root the reader cannot trust"):
        library.verify(library.current_name())


def test_what_is_shown_is_what_was_hashed(library):
    from reader.core.content import manual_from_files

    name = library.current_name()
    verified = library.verify(name)
    assert set(verified.files) == set(verified.targets)
    assert all(verified.targets[p].matches(data) for p, data in verified.files.items())
    chapter = edition(library) / "chapters" / "referrals.md"
    chapter.write_bytes(chapter.read_bytes().replace(b"aer", b"are"))  # after the check: not what is shown
    assert "Where there aer concerns" in manual_from_files(verified.files).chapter("referrals").body


def _resign(path, signer):
    md = json.loads(path.read_bytes())
    sig = signer.sign(canonical(md["signed"]).encode("utf-8"))
    md["signatures"] = [{"keyid": sig.keyid, "sig": sig.signature}]
    path.write_text(json.dumps(md), encoding="utf-8")
    return md


def _edit(path, signer, change):
    md = json.loads(path.read_bytes())
    change(md["signed"])
    path.write_text(json.dumps(md), encoding="utf-8")
    _resign(path, signer)


def test_a_bin_may_not_override_a_top_level_target(library, signers):
    meta = edition(library) / "metadata"
    bin_file = next(p for p in sorted(meta.glob("bin-*.json")) if json.loads(p.read_bytes())["signed"]["targets"])
    path, info = next(iter(json.loads(bin_file.read_bytes())["signed"]["targets"].items()))

    def also_top_level(signed):
        signed["targets"][path] = info

    _edit(meta / "targets.json", signers["targets"], also_top_level)
    with pytest.raises(TamperedFile, match=f"{path} is listed twice"):
        library.verify(library.current_name())


def test_a_snapshot_of_another_length_than_its_timestamp_gives_is_refused(library, signers):
    meta = edition(library) / "metadata"
    size = len((meta / "snapshot.json").read_bytes())
    _edit(meta / "timestamp.json", signers["timestamp"], lambda s: s["meta"]["snapshot.json"].update(length=size + 1))
    with pytest.raises(TamperedFile, match="snapshot.json is not the length the edition's timestamp gives"):
        library.verify(library.current_name())


def test_a_bin_of_another_hash_than_its_snapshot_gives_is_refused(library, signers):
    meta = edition(library) / "metadata"
    _edit(meta / "snapshot.json", signers["snapshot"],
          lambda s: s["meta"]["bin-0.json"].update(hashes={"sha256": hashlib.sha256(b"another").hexdigest()}))
    with pytest.raises(TamperedFile, match="bin-0.json does not have the hash the edition's snapshot gives"):
        library.verify(library.current_name())


def test_the_right_lengths_and_hashes_verify(library, signers):
    meta = edition(library) / "metadata"
    data = (meta / "targets.json").read_bytes()
    _edit(meta / "snapshot.json", signers["snapshot"], lambda s: s["meta"]["targets.json"].update(
        length=len(data), hashes={"sha256": hashlib.sha256(data).hexdigest()}))
    data = (meta / "snapshot.json").read_bytes()
    _edit(meta / "timestamp.json", signers["timestamp"], lambda s: s["meta"]["snapshot.json"].update(
        length=len(data), hashes={"sha512": hashlib.sha512(data).hexdigest()}))
    assert library.verify(library.current_name()).targets
