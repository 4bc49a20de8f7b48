"""What's new and the edition's own text in the window: nothing unsigned, no markup (issue 14, findings 4, 11b)."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.core.editions import state as sync_state
from reader.ui.app import build_window
from reader.ui.whats_new import whats_new_html
from tests.publishing import laptop_after_a_sync

FABRICATED = {"id": "<i>fab</i>", "date": "<b>2099-01-01</b>", "details": "<u>FABRICATED</u>: stop all referrals",
              "chapter": 'introduction"><a href="x', "scope": "shared"}


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    return laptop_after_a_sync(tmp_path_factory.mktemp("two-editions"))


@pytest.fixture
def window_on(two_editions, tmp_path, qtbot):
    library, previous, current = two_editions
    shutil.copytree(library.data_dir, tmp_path / "data")
    library = type(library)(tmp_path / "data", library.pinned_root, library.bundled)

    def make(last_arrival):
        (library.data_dir / sync_state.STATE).write_text(
            json.dumps({"version": 1, "last_arrival": last_arrival}), encoding="utf-8")
        window = build_window(library.open(), library.data_dir, board="walsall", library=library)
        qtbot.addWidget(window)
        return window

    return make, library, previous, current


def stored_report(edition, previous):
    return {"edition": f"{edition}<script>", "previous": previous, "up_to_date": False, "changed": ["introduction"],
            "added": ["fabricated-chapter"], "removed": ["<b>gone</b>"], "amendments": [FABRICATED], "bytes": 0}


def test_a_fabricated_amendment_in_state_json_is_never_shown(window_on):
    make, _, previous, current = window_on
    report = stored_report(current, previous)
    report["edition"] = current
    window = make(report)
    window.show_whats_new()
    html = window.whats_new_dialog.browser.toHtml()
    text = window.whats_new_dialog.browser.toPlainText()
    assert "FABRICATED" not in text and "2099" not in text and "gone" not in text
    assert "<b>" not in html.replace("font-weight", "") or "2099" not in html
    assert "Amendments register: 122 new entries" in text  # worked out again from the two verified editions
    assert "Chapters whose wording changed" in text and "Introduction" in text


def test_a_previous_outside_the_editions_is_not_read_nor_shown(window_on):
    make, library, real_previous, current = window_on
    fake = library.data_dir.parent.parent / "fake-previous"  # data/editions/../../fake-previous
    shutil.copytree(library.editions / real_previous, fake, dirs_exist_ok=True)
    chapter = fake / "chapters" / "introduction.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nFAKE EARLIER WORDING\n", encoding="utf-8")
    window = make({"edition": current, "previous": "../../fake-previous"})
    window.show_whats_new()
    text = window.whats_new_dialog.browser.toPlainText()
    assert "cannot be worked out" in text and "Amendments register" not in text
    window.show_redline("introduction")
    assert not hasattr(window, "redline_dialog")  # no earlier wording: nothing from outside the editions
    assert "no longer on this computer" in window.statusBar().currentMessage()


def test_show_the_changes_opens_only_a_verified_previous_edition(window_on):
    make, library, previous, current = window_on
    chapter = library.editions / previous / "chapters" / "introduction.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nTAMPERED EARLIER WORDING\n", encoding="utf-8")
    window = make({"edition": current, "previous": previous})
    window._report = {"edition": current, "previous": previous}  # as a sync in this session would have left it
    window.show_redline("introduction")
    assert not hasattr(window, "redline_dialog")


def test_every_field_of_a_report_is_escaped(window_on):
    make, library, previous, current = window_on
    window = make({"edition": current, "previous": previous})
    report = stored_report(current, previous)
    html = whats_new_html(report, window.edition.manual, "walsall")
    for raw in ("<b>2099", "<u>FABRICATED", "<script>", "<b>gone", "<i>fab", 'introduction"><a'):
        assert raw not in html, raw
    assert "&lt;b&gt;2099-01-01&lt;/b&gt;" in html and "&lt;u&gt;FABRICATED&lt;/u&gt;" in html


AS_OF = b'as_of = "<b>x</b><img src=y>"\n'


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory):
    return laptop_after_a_sync(tmp_path_factory.mktemp("as-of"), old_info=AS_OF, new_info=AS_OF)


def test_an_as_of_that_is_not_a_date_is_unknown_and_never_markup(marked_up, tmp_path, qtbot):
    library, _, _ = marked_up
    opened = library.open()
    assert opened.as_of == "unknown"
    window = build_window(opened, tmp_path, board="walsall")
    qtbot.addWidget(window)
    assert window.status_label.text().startswith("Edition publication date unknown · newest amendment ")
    window.show_welcome()
    assert "<b>x" not in window.view.browser.toHtml()
    assert "Edition publication date unknown" in window.view.browser.toPlainText()


def test_markup_in_the_status_line_is_shown_as_text(two_editions, tmp_path, qtbot):
    # edition_info allows only a date, but the window must not depend on it
    library, _, _ = two_editions
    from dataclasses import replace

    opened = replace(library.open(), as_of="<b>x</b>")
    window = build_window(opened, tmp_path, board="walsall")
    qtbot.addWidget(window)
    window.show_welcome()
    assert "<b>x" not in window.view.browser.toHtml()  # not a date: said unknown, and never as markup
    assert "Edition publication date unknown" in window.view.browser.toPlainText()
    assert window.status_label.textFormat().name == "PlainText"
