"""Amend, don't just edit: status before signing, a changed wording needs its register entry, archived wordings."""

import shutil

import pytest

from reader.core.content import read_manual, register_text, wording_text
from reader.core.diff import Piece, redline
from reader.core.editions.state import previous_manual
from reader.core.editions.sync import sync
from reader.publish.amending import redline_text
from reader.publish.cli import main
from tests.conftest import CONTENT
from tests.publishing import make_laptop

CHAPTER = "child-death-reviews"
OLD, NEW = "Each LSCB must ensure that a review", "Each safeguarding partnership must ensure that a review"
DAY0, DAY1 = "2026-11-30", "2026-12-01"


@pytest.fixture
def desk(tmp_path):
    """A copy of content/ published once (as of DAY0) into a repository, then one chapter reworded."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("sources"))
    out = tmp_path / "repo"
    assert main([str(content), str(out), "--as-of", DAY0]) == 0
    chapter = content / "chapters" / f"{CHAPTER}.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    return content, out


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_status_lists_the_change_with_a_redline_and_writes_nothing(desk, capsys):
    content, out = desk
    (content / "chapters" / "dudley-bruising-protocol.md").unlink()
    before = _snapshot(content), _snapshot(out)
    capsys.readouterr()
    assert main(["status", str(content), str(out), "--as-of", DAY1]) == 0
    text = capsys.readouterr().out
    assert f"changed  {CHAPTER} (Child death reviews): wording changed" in text
    assert "Each [-LSCB-] {+safeguarding partnership+} must ensure" in text
    assert "removed  dudley-bruising-protocol" in text
    assert f"needs a register entry: {CHAPTER}: reader-publish amend {CHAPTER}" in text
    assert (_snapshot(content), _snapshot(out)) == before


def test_status_lists_added_chapters_and_register_entries(desk, capsys):
    content, out = desk
    new = content / "chapters" / "home-visits.md"
    new.write_text((content / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
                   .replace(f'id = "{CHAPTER}"', 'id = "home-visits"').replace("Child death reviews", "Home visits"),
                   encoding="utf-8")
    assert main(["amend", CHAPTER, "--details", "Partnerships replace LSCBs", "--date", DAY1,
                 "--content", str(content)]) == 0
    capsys.readouterr()
    assert main(["status", str(content), str(out), "--as-of", DAY1]) == 0
    text = capsys.readouterr().out
    assert "added    home-visits (Home visits)" in text
    assert f"register entry added  2026-12-01-01 ({CHAPTER}): Partnerships replace LSCBs" in text
    assert "needs a register entry" not in text


def test_a_changed_wording_without_an_entry_is_refused_and_nothing_is_written(desk, capsys):
    content, out = desk
    before = _snapshot(content), _snapshot(out)
    capsys.readouterr()
    assert main([str(content), str(out), "--as-of", DAY1]) == 1
    err = capsys.readouterr().err
    assert f"{CHAPTER} (Child death reviews)" in err and f"reader-publish amend {CHAPTER} --details" in err
    assert "nothing was published" in err and "Traceback" not in err
    assert (_snapshot(content), _snapshot(out)) == before


def test_an_entry_from_before_the_last_edition_does_not_count(desk, capsys):
    content, out = desk
    assert main(["amend", CHAPTER, "--details", "Backdated", "--date", "2026-11-29", "--content", str(content)]) == 0
    assert main([str(content), str(out), "--as-of", DAY1]) == 1
    assert f"reader-publish amend {CHAPTER}" in capsys.readouterr().err


def test_with_amend_it_publishes_archives_the_old_wording_and_a_laptop_shows_it(desk, tmp_path, capsys):
    from tests.server import Server

    content, out = desk
    old_wording = read_manual(content).chapter(CHAPTER).current  # front matter as published; body since edited
    laptop = make_laptop(out, tmp_path / "laptop")
    published = laptop.open().manual.chapter(CHAPTER).current
    assert main(["amend", CHAPTER, "--details", "Partnerships replace LSCBs", "--date", DAY1,
                 "--content", str(content)]) == 0
    assert main([str(content), str(out), "--as-of", DAY1]) == 0
    archived = content / "wordings" / CHAPTER / f"{old_wording.in_force_from.isoformat()}.md"
    assert archived.read_text(encoding="utf-8") == wording_text(published)  # the wording readers had, kept
    manual = read_manual(content)
    chapter = manual.chapter(CHAPTER)
    assert chapter.current.valid_from.isoformat() == DAY1 and NEW in chapter.body
    assert chapter.wording_on(chapter.current.valid_from.replace(day=30, month=11)).body == published.body

    server = Server(out)
    try:
        report = sync(laptop, server.url)
    finally:
        server.stop()
    assert report.changed == [CHAPTER]
    assert [(a.id, a.chapter, a.details) for a in report.amendments] == [
        ("2026-12-01-01", CHAPTER, "Partnerships replace LSCBs")]
    old = previous_manual(laptop, report.previous).chapter(CHAPTER)
    new = laptop.open().manual.chapter(CHAPTER)
    assert Piece("del", "LSCB ") in redline(old.body, new.body)
    assert Piece("ins", "safeguarding partnership ") in redline(old.body, new.body)
    assert [w.body for w in new.previous][-1] == published.body  # the history on the laptop has it too


def test_amend_writes_the_register_in_its_own_format(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("sources"))
    for details in ("First", "Second"):
        assert main(["amend", "dudley-bruising-protocol", "--details", details, "--date", DAY1,
                     "--content", str(content)]) == 0
    text = (content / "register.toml").read_text(encoding="utf-8")
    register = read_manual(content).register
    assert text == register_text(register)
    assert [(a.id, a.details, a.scope) for a in register[:2]] == [
        ("2026-12-01-02", "Second", "dudley"), ("2026-12-01-01", "First", "dudley")]  # Level C: its partnership's
    assert len(register) == len(read_manual(CONTENT).register) + 2


@pytest.mark.parametrize("args, words", [
    (["no-such-chapter", "--details", "x"], "no chapter 'no-such-chapter'"),
    ([CHAPTER, "--details", "  "], "--details must say what changed"),
    ([CHAPTER, "--details", "x", "--date", "tomorrow"], "tomorrow"),
])
def test_amend_refuses_bad_input_plainly(tmp_path, capsys, args, words):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("sources"))
    before = (content / "register.toml").read_bytes()
    assert main(["amend", *args, "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert (content / "register.toml").read_bytes() == before


def test_redline_text_keeps_a_few_words_either_side():
    old = " ".join(f"w{n}" for n in range(40))
    new = old.replace("w20", "changed")
    text = redline_text(redline(old, new), context=3)
    assert text == "... w17 w18 w19 [-w20-] {+changed+} w21 w22 w23 ..."


def test_a_publish_where_nothing_changed_renews_signatures_and_keeps_the_edition_date(tmp_path, capsys):
    """The daily re-sign (no --as-of) of an unchanged manual must not make a new edition on every laptop."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("sources"))
    out = tmp_path / "repo"
    assert main([str(content), str(out), "--as-of", DAY0]) == 0
    before = _snapshot(out / "targets")
    capsys.readouterr()
    assert main([str(content), str(out)]) == 0
    said = capsys.readouterr().out
    assert f"it stays the edition of {DAY0}" in said
    assert "0 new file(s)" in said
    assert _snapshot(out / "targets") == before


def test_a_publish_with_a_change_takes_todays_date(desk, capsys):
    content, out = desk
    assert main(["amend", CHAPTER, "--details", "Partnerships replace LSCBs", "--content", str(content)]) == 0
    capsys.readouterr()
    assert main([str(content), str(out)]) == 0
    said = capsys.readouterr().out
    assert "it stays the edition" not in said and f"(as of {DAY0})" not in said
