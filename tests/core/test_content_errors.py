"""A damaged content tree is a clear ContentError, never a traceback."""

import shutil

import pytest

from reader.core.content import read_manual
from reader.core.errors import ContentError
from tests.conftest import CONTENT


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    for part in ("chapters", "wordings"):
        shutil.copytree(CONTENT / part, root / part)
    for part in ("boards.toml", "register.toml"):
        shutil.copy(CONTENT / part, root / part)
    return root


def test_copy_reads(content):
    assert len(read_manual(content).chapters) == 40


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda p: p.write_text("no front matter\n", encoding="utf-8"), "does not start with"),
        (lambda p: p.write_text("+++\nid = \n", encoding="utf-8"), "not closed"),
        (lambda p: p.write_text("+++\nid = [\n+++\nbody\n", encoding="utf-8"), "not valid TOML"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00"), "not UTF-8"),
        (lambda p: p.write_text(p.read_text(encoding="utf-8").replace('level = "A"', 'level = "Z"'), encoding="utf-8"), "level must be"),
        (lambda p: p.write_text(p.read_text(encoding="utf-8").replace('id = "referrals"', 'id = "other"'), encoding="utf-8"), "file name differs"),
    ],
)
def test_damaged_chapter(content, damage, message):
    damage(content / "chapters" / "referrals.md")
    with pytest.raises(ContentError, match=message):
        read_manual(content)


def test_register_naming_an_unknown_chapter(content):
    reg = content / "register.toml"
    reg.write_text(reg.read_text(encoding="utf-8").replace('chapter = "introduction"', 'chapter = "gone"', 1), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown chapter 'gone'"):
        read_manual(content)


def test_missing_register(content):
    (content / "register.toml").unlink()
    with pytest.raises(ContentError, match="register.toml is missing"):
        read_manual(content)


def test_not_a_manual(tmp_path):
    with pytest.raises(ContentError, match="not a manual"):
        read_manual(tmp_path)
