"""Hostile Markdown and HTML in the viewer: no image, style sheet or file is ever loaded.

Each test points at a real file in tmp_path whose loading shows: a PNG 4000 pixels
tall (a loaded image makes the document that tall, and a printout longer), a style
sheet of 80-point text, a page of words that must not appear.
"""

from dataclasses import replace

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QMessageBox

from reader.ui import printing, theme
from reader.ui.chapter_view import ChapterView
from reader.ui.whats_new import RedlineDialog, WhatsNewDialog

TALL = 4000


@pytest.fixture
def files(tmp_path, qapp):
    png = tmp_path / "tall.png"
    image = QImage(8, TALL, QImage.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(png))
    css = tmp_path / "big.css"
    css.write_text("p { font-size: 80pt }")
    page = tmp_path / "page.html"
    page.write_text("<p>WORDS FROM A LOCAL FILE</p>")
    return png, css, page


def image_formats(doc: QTextDocument) -> int:
    count, block = 0, doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            count += it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()
    return count


def shown(qtbot, view: ChapterView) -> QTextDocument:
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    doc = view.browser.document()
    doc.size()  # lay it out, images and all
    return doc


def test_a_chapter_with_images_loads_none_and_shows_their_words(qtbot, opened, files):
    png, _, _ = files
    manual = opened.manual
    chapter = manual.chapters[0]
    body = f"Before ![x](file://{png}) between ![y]({png}) after.\n"
    chapter = replace(chapter, wordings=chapter.wordings[:-1] + (replace(chapter.current, body=body),))
    view = ChapterView()
    view.show_chapter(manual, chapter, theme.chapter_css("light"))
    doc = shown(qtbot, view)
    assert image_formats(doc) == 0
    assert doc.size().height() < TALL
    text = view.browser.toPlainText()
    assert f"Before [image: x (file://{png})] between [image: y ({png})] after." in text


def test_the_view_loads_no_image_or_style_sheet_named_in_html(qtbot, files):
    # The second wall: HTML that is not from render.py (a message, a future caller).
    png, css, _ = files
    view = ChapterView()
    view.show_message(f'<html><head><link rel="stylesheet" href="{css}"></head><body>'
                      f'<p>a <img src="{png}"> b <img src="file://{png}"></p></body></html>')
    doc = shown(qtbot, view)
    assert doc.size().height() < 200  # neither the tall image nor 80-point text
    for url in (QUrl(str(png)), QUrl.fromLocalFile(str(png))):
        found = doc.resource(QTextDocument.ImageResource, url)
        assert found.width() <= 1 and found.height() <= 1


def test_printing_and_pdf_load_no_image(tmp_path, qapp, files):
    png, _, _ = files
    html = f'<p>one line <img src="{png}"></p>'
    writer = QPdfWriter(str(tmp_path / "out.pdf"))
    writer.setResolution(300)
    assert printing.paint(writer, html, "header") == 1  # the tall image took 4 pages


@pytest.mark.parametrize("make", [
    lambda: ChapterView(),
    lambda: WhatsNewDialog("<p>shown</p>"),
    lambda: RedlineDialog("t", "a", "b", "old", "new"),
])
def test_no_browser_opens_a_file_it_is_pointed_at(qtbot, files, make):
    _, _, page = files
    owner = make()
    qtbot.addWidget(owner)
    browser = owner.browser
    before = browser.toPlainText()
    browser.setSource(QUrl.fromLocalFile(str(page)))
    assert "WORDS FROM A LOCAL FILE" not in browser.toPlainText()
    assert browser.toPlainText() == before


def test_file_and_javascript_links_in_a_chapter_do_nothing(qtbot, opened, monkeypatch, files):
    _, _, page = files
    opened_urls, asked = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened_urls.append(url) or True))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.Yes))
    view = ChapterView()
    qtbot.addWidget(view)
    view.show_chapter(opened.manual, opened.manual.chapters[0], theme.chapter_css("light"))
    before = view.browser.toPlainText()
    moved = []
    view.chapter_link.connect(moved.append)
    for url in (QUrl.fromLocalFile(str(page)), QUrl("javascript:alert(1)"), QUrl(str(page))):
        view.browser.anchorClicked.emit(url)
    assert (opened_urls, asked, moved) == ([], [], [])
    assert view.browser.toPlainText() == before
