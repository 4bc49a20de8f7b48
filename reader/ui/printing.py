"""Print and export to PDF: the chapter as shown, stamped on every page.

A printed procedure goes out of date without anyone noticing, so every page
carries the day the edition was published, where the chapter applies (its own scope, not
the reader's choice of partnership), the day it was printed and the warning that
a printed copy is uncontrolled.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter

from reader.core import labels
from reader.ui import theme
from reader.ui.rich_text import ClosedDocument

UNCONTROLLED = "Uncontrolled when printed: check the reader for the current version"


def stamp(as_of: str, scope_name: str, printed: dt.date, not_current_on: dt.date | None = None) -> str:
    """`scope_name`: labels.scope_name of the chapter printed (one board, or all partnerships)."""
    parts = [f"Edition published {as_of}", f"Partnership: {scope_name}", f"Printed {printed.isoformat()}"]
    if not_current_on is not None:
        parts.append(labels.not_current_stamp(not_current_on))
    return " · ".join(parts)


def running_head(title: str, wording_date: str) -> str:
    """Above the stamp on every page after the first (the first has both in its text): a loose
    page 2 can be traced to its chapter and wording."""
    return f"{title} · {wording_date}"


def paint(device: QPagedPaintDevice, html: str, header: str, text_size: int = 11, head: str = "") -> int:
    """Lay `html` out on `device`'s pages with the stamp above and below, and `head` (running_head)
    above the stamp from page 2; the page count."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer or file could not be opened for writing")
    try:
        dpi = device.logicalDpiY()
        page = device.pageLayout().paintRectPixels(device.logicalDpiX())
        small = QFont()
        small.setPointSizeF(8)
        line = int(dpi * 8 / 72 * 1.6)  # one line of 8-point text
        band = 2 * line  # header (two lines may wrap) and footer height
        top = band + (line if head else 0)  # the same on every page: the text is laid out once
        body = QRectF(0, top, page.width(), page.height() - top - band)

        doc = ClosedDocument()  # a printed page loads no image or file either
        doc.documentLayout().setPaintDevice(device)
        font = QFont()
        font.setPointSize(text_size)
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet(theme.chapter_css("light"))
        doc.setHtml(html)
        doc.setPageSize(QSizeF(body.width(), body.height()))
        pages = max(1, doc.pageCount())

        for n in range(pages):
            if n:
                device.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - n * body.height())
            # Lines never straddle a page (the layout moves them on). Qt also draws the
            # last line of the page before, clipped away: invisible, but a text
            # extractor reads it, so tests compare pages by their stamps, not by lines.
            doc.drawContents(painter, QRectF(0, n * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(small)
            painter.setPen(Qt.black)
            flags = int(Qt.AlignLeft | Qt.TextWordWrap)
            stamp_top = top - band
            if head and n:
                elided = painter.fontMetrics().elidedText(head, Qt.ElideMiddle, int(page.width()))
                painter.drawText(QRectF(0, 0, page.width(), line), int(Qt.AlignLeft | Qt.AlignTop), elided)
            painter.drawText(QRectF(0, stamp_top, page.width(), band), flags | int(Qt.AlignTop), header)
            footer = f"{UNCONTROLLED} · Page {n + 1} of {pages}"
            painter.drawText(QRectF(0, page.height() - band, page.width(), band), flags | int(Qt.AlignBottom), footer)
        return pages
    finally:
        painter.end()


def export_pdf(out: Path, html: str, header: str, title: str, text_size: int = 11, head: str = "") -> int:
    """Write a PDF of `html` to `out`; the page count. Written beside and renamed, so a
    failed export never leaves half a file where the reader asked for one."""
    out = Path(out)
    partial = out.with_name(f".{out.name}.partial")
    # Try the file first: Python says why it cannot be written ("No such file or
    # directory", "Permission denied"); Qt only says that it could not.
    with open(partial, "wb"):
        pass
    writer = QPdfWriter(str(partial))
    writer.setTitle(title)
    writer.setCreator("Procedures reader")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Millimeter))
    try:
        pages = paint(writer, html, header, text_size, head)
        del writer  # flushes and closes the file
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return pages
