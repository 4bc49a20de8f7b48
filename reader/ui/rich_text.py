"""Text widgets that never load anything: no image, style sheet or page, from disk or network.

Qt's rich text fetches what an HTML document names: QTextDocument reads an
<img src> or <link> from any local path (a device or a pipe included: /dev/zero
fills the memory, a FIFO hangs the window), and when that fails it loads the
image file itself, bypassing loadResource. A QTextBrowser also follows links
into files. The reader shows only signed text and has no resources of its own,
so every request is answered here with nothing: a blank image, an empty sheet.
render.py already emits no tag that loads anything; this is the second wall.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser


def refused(kind: int):
    """What a request for a resource gets: something valid and empty.

    Not None: for an image Qt would then open the file by name on its own.
    """
    if kind == QTextDocument.ResourceType.ImageResource.value:
        blank = QImage(1, 1, QImage.Format_ARGB32)
        blank.fill(0)
        return blank
    return ""


class ClosedDocument(QTextDocument):
    """A QTextDocument (printing, PDF export, every browser here) that loads nothing."""

    def loadResource(self, kind: int, url: QUrl):
        return refused(_kind(kind))


class ClosedBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing and never navigates: links only emit anchorClicked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDocument(ClosedDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url: QUrl):
        return refused(_kind(kind))

    def doSetSource(self, name: QUrl, kind=QTextDocument.ResourceType.UnknownResource) -> None:
        # setSource, backward, forward, home and reload all end here: a file: or
        # any other address is never opened in the reader.
        return None


def _kind(kind) -> int:
    return kind.value if hasattr(kind, "value") else int(kind)
