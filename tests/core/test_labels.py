"""The shared words around a chapter, pinned as the window and `reader show` say them."""

import datetime as dt
import html
import json
import re

import pytest

from reader import cli
from reader.core import labels
from reader.core.content import read_manual
from reader.core.errors import UnknownBoard
from reader.core.model import LEVELS
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def test_every_level_has_a_name():
    assert set(labels.LEVEL_NAMES) == set(LEVELS)
    assert all(labels.LEVEL_NAMES[level].startswith(f"Level {level}: ") for level in LEVELS)


def test_partnership_labels(manual):
    assert labels.scope_name(manual, "shared") == "All partnerships"
    assert labels.scope_name(manual, "telford-wrekin") == "Telford & Wrekin"
    assert labels.chosen_name(manual, None) == "no partnership chosen"
    assert labels.chosen_name(manual, "walsall") == "Walsall"
    with pytest.raises(UnknownBoard):
        labels.scope_name(manual, "narnia")


def test_header_line_of_a_shared_chapter_says_its_wordings_date_first_then_where_it_came_from(manual):
    intro = manual.chapter("introduction")
    assert labels.header_line(manual, intro) == (
        "Level A: statutory child protection procedures · All partnerships · "
        "wording in force from 2019-04-26 (its amendment's date) · "
        "from the West Midlands procedures manual, captured on 2019-10-20"
        " (title from the manual's contents list)"
    )
    earlier = intro.wordings[0]
    assert "wording in force from 2017-07-04" in labels.header_line(manual, intro, earlier)


def test_header_line_of_a_local_chapter_without_an_amendment_date(manual):
    lado = manual.chapter("walsall-lado")
    assert labels.header_line(manual, lado) == (
        "Level C: local protocols, pathways and contacts · Walsall · "
        "wording as captured in 2022 (no amendment dates it) · from Walsall's local pages"
    )


def test_no_capture_file_name_in_the_header_but_provenance_on_request(manual):
    for chapter in manual.chapters:
        assert ".txt" not in labels.header_line(manual, chapter) and "edition" not in labels.header_line(manual, chapter)
    lado = manual.chapter("walsall-lado")
    assert labels.provenance(lado.current) == "Source capture 002_de0a13f498d56370.txt, lines 454-493, captured 2022"


def test_edition_dates_say_what_each_date_means(manual):
    assert labels.newest_amendment(manual) == max(a.date for a in manual.register)
    newest = labels.newest_amendment(manual).isoformat()
    assert labels.edition_dates(manual, "2026-11-23") == f"Edition published 2026-11-23 · newest amendment {newest}"
    assert labels.edition_dates(manual, "unknown").startswith("Edition publication date unknown · ")


def test_stale_warning_says_since_when_and_how_far_the_content_reaches(manual):
    newest = labels.newest_amendment(manual).isoformat()
    never = labels.stale_warning(manual, "2026-11-23", 45, None)
    assert never.startswith("This edition may be out of date: published 45 days ago (2026-11-23) and not checked")
    assert f"Its newest amendment is dated {newest}." in never
    checked = labels.stale_warning(manual, "2026-11-23", 40, dt.date(2026, 12, 1))
    assert "40 days since the reader last checked for updates (2026-12-01)" in checked


def test_not_current_notice_names_the_day_and_both_wordings(manual):
    intro = manual.chapter("introduction")
    earlier = intro.wordings[0]
    assert labels.not_current_notice(intro, earlier, dt.date(2018, 1, 1)) == (
        "NOT THE CURRENT WORDING. This is the wording in force on 2018-01-01, known from 2017-07-04. "
        "The current wording is in force from 2019-04-26: do not act on this text without checking it."
    )
    assert "in force on 2017-07-04, known from 2017-07-04" in labels.not_current_notice(intro, earlier)
    assert labels.not_current_stamp(dt.date(2018, 1, 1)) == "Wording in force on 2018-01-01, NOT CURRENT"


def show(capsys, *argv):
    assert cli.main(["show", *argv]) == 0
    return capsys.readouterr().out


def test_reader_show_says_the_shared_words(capsys, manual):
    """`reader show` (every format) carries the same header line and notice, for the same day."""
    assert cli.main(["status", "--json"]) == 0  # installs the bundled edition
    as_of = json.loads(capsys.readouterr().out)["as_of"]
    intro = manual.chapter("introduction")
    earlier = intro.wording_on(dt.date(2018, 1, 1))
    notice = labels.not_current_notice(intro, earlier, dt.date(2018, 1, 1))
    page = show(capsys, "introduction", "--on", "2018-01-01", "--format", "html")
    meta = re.search(r'<p class="meta">(.*)</p>', page).group(1)
    assert html.unescape(meta) == labels.header_line(manual, intro, earlier)
    assert f'<p class="status">{html.escape(notice)}</p>' in page
    assert show(capsys, "introduction", "--on", "2018-01-01").startswith(f"Introduction\n\n{notice}\n\n")
    assert f"> {notice}\n" in show(capsys, "introduction", "--on", "2018-01-01", "--format", "markdown")


def test_reader_show_gives_the_editors_note_apart_from_the_text(capsys, manual):
    """A link-only chapter's note (the document is not in this edition) in every format, before
    the text and marked as the editors' word, as the window shows it."""
    bruising = manual.chapter("dudley-bruising-protocol")
    note = labels.editors_note(bruising)
    assert note.startswith("Editors' note: Not in this edition")
    text = show(capsys, "dudley-bruising-protocol")
    assert text.startswith(f"Bruising Protocol\n\n[{note}]\n\nProtocol for the management")
    assert f'<p class="note">{html.escape(note)}</p>' in show(capsys, "dudley-bruising-protocol", "--format", "html")
    assert f"> *{note}*\n\nProtocol for" in show(capsys, "dudley-bruising-protocol", "--format", "markdown")
    assert "Editors' note" not in show(capsys, "walsall-lado")  # a chapter without a note says none
