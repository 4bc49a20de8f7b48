"""What each date means, said in the window (issue 16): the edition's publication apart from
the newest amendment it holds; each chapter's wording date, then where it came from; capture
file names only on request."""

import datetime as dt

from PySide6.QtCore import QUrl

from reader.core import labels


def test_the_status_bar_and_welcome_say_published_and_newest_amendment(make_window):
    window = make_window("walsall")
    newest = labels.newest_amendment(window.edition.manual).isoformat()
    said = f"Edition published {window.edition.as_of} · newest amendment {newest}"
    assert window.status_label.text() == f"{said} · Last sync: never"
    assert said in window.view.browser.toPlainText()  # the welcome page
    assert "as of" not in window.status_label.text() + window.view.browser.toPlainText()


def test_the_stale_banner_says_since_when_and_the_newest_amendment(make_window, opened):
    as_of = dt.date.fromisoformat(opened.as_of)
    window = make_window("walsall", today=lambda: as_of + dt.timedelta(days=45))
    newest = labels.newest_amendment(opened.manual).isoformat()
    assert window.banner.text() == "⚠ " + labels.stale_warning(opened.manual, opened.as_of, 45, None)
    assert f"published 45 days ago ({opened.as_of})" in window.banner.text() and newest in window.banner.text()


def test_a_chapter_says_its_wording_date_first_and_no_capture_file_until_asked(make_window):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    lines = [line for line in window.view.browser.toPlainText().split("\n") if line.strip()]
    assert lines[1] == ("Level C: local protocols, pathways and contacts · Walsall · "
                        "wording as captured in 2022 (no amendment dates it) · from Walsall's local pages")
    assert ".txt" not in window.view.browser.toPlainText()
    assert lines[-1] == "Where this text came from"
    window.view.activate_link(QUrl("provenance:show"))  # its link, clicked
    provenance = labels.provenance(window.edition.manual.chapter("walsall-lado").current)
    assert window.view.browser.toPlainText().rstrip().endswith(provenance)
    assert window.view.chapter_id == "walsall-lado"


def test_the_printed_chapter_carries_its_provenance(make_window, tmp_path):
    import pypdf

    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    out = window.tools.export_pdf(tmp_path / "lado.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    assert "Source capture 002_de0a13f498d56370.txt, lines 454-493, captured 2022" in text
    assert "Where this text came from" not in text
