"""What the search panel says above its results: counts, did you mean, also searched for."""

from reader.core.search import SearchResults
from reader.ui.search_panel import SearchPanel


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
