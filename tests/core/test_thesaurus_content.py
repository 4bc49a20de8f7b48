"""The practitioners' thesaurus: read from content/ and every edition, carried verbatim, checked."""

import shutil

import pytest

from reader.core.content import manual_files, manual_from_files, read_manual
from reader.core.errors import ContentError
from reader.core.model import Synonym
from reader.publish.edition import edition_files
from tests.conftest import CONTENT


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_the_manual_holds_the_editors_thesaurus():
    manual = read_manual(CONTENT)
    assert Synonym("cops", ("police",)) in manual.thesaurus
    # Every entry stands for words some chapter actually uses: an entry
    # that finds nothing is an editing mistake.
    text = " ".join(c.title + " " + c.body for c in manual.chapters).lower()
    for synonym in manual.thesaurus:
        assert any(m.lower() in text for m in synonym.means), synonym


def test_every_entry_carries_a_comment():
    for line in (CONTENT / "thesaurus.toml").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert "  # " in line, line


def test_an_edition_carries_the_thesaurus_as_the_editors_wrote_it():
    import datetime as dt

    files = edition_files(CONTENT, dt.date(2030, 1, 1))
    assert files["thesaurus.toml"] == (CONTENT / "thesaurus.toml").read_bytes()  # comments and all
    assert manual_from_files(files).thesaurus == read_manual(CONTENT).thesaurus


def test_an_edition_without_a_thesaurus_has_none(content):
    (content / "thesaurus.toml").unlink()
    manual = read_manual(content)
    assert manual.thesaurus == ()
    assert "thesaurus.toml" not in manual_files(manual)


@pytest.mark.parametrize(
    "text, message",
    [
        ("cops = [\n", "not valid TOML"),
        ("cops = 3\n", "the manual's words"),
        ("cops = []\n", "the manual's words"),
        ('cops = ["  "]\n', "the manual's words"),
        ('cops = { means = "police" }\n', "the manual's words"),
        (f'cops = ["{"x" * 101}"]\n', "at most 100 characters"),
        ('"" = ["police"]\n', "at most 100 characters"),
        ("cops = [" + ", ".join(f'"w{n}"' for n in range(11)) + "]\n", "at most 10 meanings"),
    ],
)
def test_a_bad_thesaurus_is_a_content_error(content, text, message):
    (content / "thesaurus.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        read_manual(content)
