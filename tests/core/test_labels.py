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


def test_header_line_of_a_shared_chapter_with_its_amendment_date(manual):
    intro = manual.chapter("introduction")
    assert labels.header_line(manual, intro, "2026-11-23") == (
        "Level A: statutory child protection procedures · All partnerships · edition as of 2026-11-23 · "
        "this wording since 2019-04-26 · source: 001_6953471fb3d7265b.txt, captured 2019-10-20"
        " (title from the manual's contents list)"
    )
    earlier = intro.wordings[0]
    assert "this wording since 2017-07-04" in labels.header_line(manual, intro, "2026-11-23", earlier)


def test_header_line_of_a_local_chapter_without_an_amendment_date(manual):
    lado = manual.chapter("walsall-lado")
    line = labels.header_line(manual, lado, "2026-11-23")
    assert line.startswith("Level C: local protocols, pathways and contacts · Walsall · edition as of 2026-11-23 · source: ")
    assert "this wording since" not in line and line.endswith(f", captured {lado.current.source.captured}")


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
    assert html.unescape(meta) == labels.header_line(manual, intro, as_of, earlier)
    assert f'<p class="status">{html.escape(notice)}</p>' in page
    assert show(capsys, "introduction", "--on", "2018-01-01").startswith(f"Introduction\n\n{notice}\n\n")
    assert f"> {notice}\n" in show(capsys, "introduction", "--on", "2018-01-01", "--format", "markdown")
