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


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Well-formed TOML with the wrong types: signed-looking, but no manual. Each a
# ContentError (the editors' content/ and every edition go through one parser).
HOSTILE = [
    ("chapters/referrals.md", "position = 5", 'position = "x"', "position has the wrong type"),
    ("chapters/referrals.md", "position = 5", "position = true", "position has the wrong type"),
    ("chapters/referrals.md", "position = 5", "position = 5\nstatus = 5", "status has the wrong type"),
    ("chapters/referrals.md", "position = 5", 'position = 5\nstatus = [1, "a"]', "status must be a list of text"),
    ("chapters/referrals.md", 'title = "Referrals"', "title = 3", "title has the wrong type"),
    ("chapters/referrals.md", 'scope = "shared"', "scope = 5", "scope has the wrong type"),
    ("chapters/referrals.md", 'level = "A"', 'level = ["A"]', "level has the wrong type"),
    ("chapters/referrals.md", 'id = "referrals"', "id = 7", "id has the wrong type"),
    ("chapters/referrals.md", 'title_origin = "contents"', "title_origin = {}", "title_origin has the wrong type"),
    ("chapters/dudley-bruising-protocol.md", "link_only = true", 'link_only = "yes"', "link_only has the wrong type"),
    ("chapters/referrals.md", 'captured = "2019-10-20"', 'captured = "soon"', "bad capture date"),
    ("chapters/referrals.md", 'captured = "2019-10-20"', "captured = [2019]", "captured has the wrong type"),
    ("chapters/referrals.md", 'lines = "284-373"', "lines = 284", "lines has the wrong type"),
    ("chapters/referrals.md", '\n[source]\nfile = "001_6953471fb3d7265b.txt"', '\nsource = "x"\n[other]\nfile = "x"',
     "source has the wrong type"),
    ("chapters/referrals.md", 'valid_from = "2019-04-26"', "valid_from = 5", "bad date"),
    ("wordings/introduction/2017-07-04.md", 'captured = "2019-10-20"', "captured = true", "captured has the wrong type"),
    ("register.toml", 'details = "Title amended to include peer on peer abuse"\n', "", "lacks 'details'"),
    ("register.toml", 'details = "Title amended to include peer on peer abuse"', "details = 5", "details has the wrong type"),
    ("register.toml", 'id = "2019-10-17-03"', "id = 3", "id has the wrong type"),
    ("register.toml", 'date = "2019-10-17"', "", "lacks 'date'"),
    ("register.toml", 'scope = "shared"', "scope = false", "scope has the wrong type"),
    ("register.toml", '    "001_6953471fb3d7265b.txt",\n]', "    5,\n]", "sources must be a list of text"),
    ("boards.toml", 'slug = "birmingham"', "slug = 5", "slug has the wrong type"),
    ("boards.toml", 'name = "Birmingham"', "name = []", "name has the wrong type"),
    ("boards.toml", 'slug = "birmingham"', 'name2 = "x"', "lacks 'slug'"),
    ("boards.toml", '[[board.event]]\ndate = "2017-07-04"', '[[board.event]]\ndate = {}', "event date has the wrong type"),
    ("boards.toml", 'what = "Named', 'what = 5\nwhy = "Named', "what has the wrong type"),
]


@pytest.mark.parametrize("path, old, new, message", HOSTILE, ids=[f"{h[0]}:{h[2][:20]}" for h in HOSTILE])
def test_wrongly_typed_content_is_a_content_error(content, path, old, new, message):
    _edit(content / path, old, new)
    with pytest.raises(ContentError, match=message):
        read_manual(content)


def test_a_folder_named_like_a_chapter_is_a_content_error(content):
    (content / "chapters" / "x.md").mkdir()
    with pytest.raises(ContentError, match="chapters/x.md cannot be read"):
        read_manual(content)


def test_a_signed_edition_with_wrongly_typed_content_falls_back_to_the_bundled_one(tmp_path):
    """Signed is not the same as well formed: the reader falls back, it does not crash at every start."""
    import datetime as dt

    from reader.core.editions.library import Library
    from reader.publish.edition import edition_files
    from reader.publish.keys import DEV_KEYS, load_signers
    from reader.publish.repository import publish

    signers = load_signers(DEV_KEYS)
    good, bad = tmp_path / "good", tmp_path / "bad"
    files = edition_files(CONTENT, dt.date(2026, 1, 1))
    publish(files, good, signers, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    files["chapters/referrals.md"] = files["chapters/referrals.md"].replace(b"position = 5", b'position = "x"')
    publish(files, bad, signers, now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    library = Library(tmp_path / "data", (good / "metadata" / "1.root.json").read_bytes(), good)
    library.install_from_repository(bad)  # its signatures are good
    opened = library.open()
    assert any("position has the wrong type" in p for p in opened.problems), opened.problems
    assert opened.manual.chapter("referrals").position == 5


@pytest.mark.parametrize("path, text, message", [
    ("register.toml", "entry = 5", "entry has the wrong type"),
    ("register.toml", 'entry = ["x"]', "entry must be a list of tables"),
    ("boards.toml", 'board = "x"', "board has the wrong type"),
    ("boards.toml", "board = [1]", "board must be a list of tables"),
    ("boards.toml", '[[board]]\nslug = "x"\nname = "X"\nevent = "x"', "event has the wrong type"),
])
def test_wrongly_shaped_tables_are_a_content_error(content, path, text, message):
    (content / path).write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        read_manual(content)
