"""The absent-word notice above the results, and an abbreviation's long form marked in the chapter."""

from PySide6.QtCore import Qt

from reader.core.search import Absent, SearchResults
from reader.ui.search_panel import SearchPanel


def test_a_word_the_partnership_lacks_is_said_with_who_has_it(qtbot):
    results = SearchResults("bruising protocol", [], None, absent=(Absent("bruising", ("dudley",)), Absent("<i>")))
    panel = SearchPanel(lambda query, board: results)
    qtbot.addWidget(panel)
    panel.set_scope("walsall", {"walsall": "Walsall", "dudley": "Dudley"})
    with qtbot.waitSignal(panel.searched, timeout=5000):
        panel.request(results.query, immediate=True)
    text = panel.hint.text()
    assert "“bruising” is not found in Walsall's procedures; it is in the local procedures of Dudley." in text
    assert "&lt;i&gt;" in text  # typed words as text, never markup


def test_opening_an_abbreviation_hit_marks_its_long_form_too(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        qtbot.keyClicks(window.search_box, "LADO")
    assert window.search_panel.list.item(0).data(Qt.UserRole) == "walsall-lado"
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    marked = {s.cursor.selectedText().lower() for s in window.view.browser.extraSelections()}
    assert "lado" in marked and "local authority designated officer" in marked
