"""What the search panel says above its results: counts, did you mean, also searched for."""

import html

import pytest

from reader.core.content import read_manual
from reader.core.search import SearchResults, open_index
from reader.ui.search_panel import SearchPanel
from tests.conftest import CONTENT


@pytest.fixture
def manual_index(tmp_path):
    with open_index(tmp_path / "index", read_manual(CONTENT)) as index:
        yield index


def shown(qtbot, results: SearchResults) -> str:
    panel = SearchPanel(lambda query, board: results)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.searched, timeout=5000):
        panel.request(results.query, immediate=True)
    return panel.hint.text()


def test_the_thesaurus_phrases_searched_are_said(qtbot):
    text = shown(qtbot, SearchResults("cops", [], None, ("police", "<b>x</b>")))
    assert "Also searched for: “police”" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text  # the editors' words as text, never markup


def test_nothing_is_said_when_only_the_words_typed_were_searched(qtbot):
    assert "Also searched" not in shown(qtbot, SearchResults("LADO", [], None))


def test_the_panel_says_the_lines_reader_search_prints(qtbot, capsys, manual_index):
    from reader import cli

    results = manual_index.search("cops LADO bruising", board="walsall")
    panel = SearchPanel(lambda query, board: results)
    qtbot.addWidget(panel)
    panel.set_scope("walsall", {"walsall": "Walsall", "dudley": "Dudley"})
    with qtbot.waitSignal(panel.searched, timeout=5000):
        panel.request(results.query, immediate=True)
    shown = html.unescape(panel.hint.text()).split("<br>")[1:]
    assert cli.main(["search", "cops LADO bruising", "--board", "walsall", "--limit", "10"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert shown and printed[1: 1 + len(shown)] == shown  # after the count line, in both
    assert [line for line in shown if "LADO" in line]  # the abbreviation's forms, said in both
