"""The window and `reader` say the same words of the same chapter on the same day."""

import datetime as dt
import html
import re

import pypdf
import pytest

from reader import cli
from reader.core import labels
from reader.ui import printing


def cli_show(capsys, chapter_id, on=None):
    """(header line, status lines) of `reader show --format html`, unescaped."""
    argv = ["show", chapter_id, "--format", "html"] + (["--on", on.isoformat()] if on else [])
    assert cli.main(argv) == 0
    page = capsys.readouterr().out
    meta = re.search(r'<p class="meta">(.*)</p>', page).group(1)
    return html.unescape(meta), [html.unescape(s) for s in re.findall(r'<p class="status">(.*)</p>', page)]


def window_show(window, chapter_id, on=None):
    """(header line, the lines that follow it) of the chapter as the window shows it."""
    if on is None:
        assert window.open_chapter(chapter_id)
    else:
        assert window.tools.show_wording_on(chapter_id, on)
    lines = [line for line in window.view.browser.toPlainText().split("\n") if line.strip()]
    return lines[1], lines[2:]


@pytest.mark.parametrize("chapter_id, on", [
    ("introduction", dt.date(2018, 1, 1)),  # an earlier wording: the notice
    ("introduction", None),
    ("child-death-reviews", dt.date(2019, 1, 1)),  # the notice above the wording's own status note
    ("walsall-lado", None),  # Level C, no amendment date
])
def test_header_line_and_not_current_notice_are_the_same_words(make_window, capsys, chapter_id, on):
    window = make_window("walsall")
    meta, status = cli_show(capsys, chapter_id, on)
    shown_meta, shown = window_show(window, chapter_id, on)
    assert shown_meta == meta
    assert shown[:len(status)] == status
    manual = window.edition.manual
    chapter = manual.chapter(chapter_id)
    wording = chapter.wording_on(on) if on else chapter.current
    earlier = wording is not chapter.current
    assert earlier == (chapter_id == "introduction" and on is not None or chapter_id == "child-death-reviews")
    assert meta == labels.header_line(manual, chapter, wording)
    assert status == ([labels.not_current_notice(chapter, wording, on)] if earlier else []) + list(wording.status)

def test_an_earlier_wording_printed_is_stamped_alike(make_window, capsys, tmp_path):
    day = dt.date(2018, 1, 1)
    window = make_window("walsall")
    window.tools.show_wording_on("introduction", day)
    from_window = window.tools.export_pdf(tmp_path / "window.pdf")
    assert cli.main(["export", "introduction", str(tmp_path / "cli.pdf"), "--board", "walsall",
                     "--on", day.isoformat()]) == 0
    capsys.readouterr()
    stamp = printing.stamp(window.edition.as_of, labels.ALL_PARTNERSHIPS, dt.date.today(), day)  # a shared chapter
    assert stamp.endswith(" · " + labels.not_current_stamp(day))
    for pdf in (from_window, tmp_path / "cli.pdf"):
        pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(pdf)).pages]
        assert pages and all(stamp in page for page in pages), pdf


def test_reader_status_and_the_window_say_the_editions_dates_alike(make_window, capsys):
    window = make_window("walsall")
    assert cli.main(["status"]) == 0
    said = labels.edition_dates(window.edition.manual, window.edition.as_of)
    assert f": {said} · verified · " in capsys.readouterr().out
    assert window.status_label.text().startswith(said + " · ")
