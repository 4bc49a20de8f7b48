"""The chapter's measure: lines of about 80 characters however wide the window is.

Lines much longer than 90 characters are hard to follow back to the next line's start,
which is where a hurried reader loses the thread of a procedure; a wide window therefore
gets wider margins, not longer lines. The margins are the document's own (its root frame),
so they are part of the page: the whole width scrolls, is clicked and is painted as the
text's background. They are set again whenever the width, the text size or the document
changes (setHtml gives a document its default margins back).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QTextEdit

TARGET = 80  # characters a line: in the middle of the 70-90 that readers find comfortable
MINIMUM_MARGIN = 12  # px each side, on a narrow window: the text never touches the edge

# Ordinary prose from the manual's own register, for the width of an average character
# (spaces included) in the font in use: a font's "average character width" is of letters
# alone, and would make the lines some 15% too long.
_SAMPLE = ("A referral should be made to children's social care if there are concerns about "
           "a child's safety, and the practitioner must record the decision and the reasons.")


def character_width(edit: QTextEdit) -> float:
    metrics = QFontMetricsF(edit.document().defaultFont())
    return metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE)


def margins_for(viewport_width: float, char_width: float) -> float:
    """Each side's margin for a viewport `viewport_width` px wide: what is left over once the
    line is TARGET characters, shared, and never less than MINIMUM_MARGIN."""
    line = TARGET * char_width
    return max(MINIMUM_MARGIN, (viewport_width - line) / 2)


class ReadingMeasure(QObject):
    """Keeps `edit`'s text at the measure: call apply() after setHtml or a change of font."""

    def __init__(self, edit: QTextEdit):
        super().__init__(edit)
        self.edit = edit
        edit.viewport().installEventFilter(self)

    def apply(self) -> None:
        doc = self.edit.document()
        side = round(margins_for(self.edit.viewport().width(), character_width(self.edit)))
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        if fmt.leftMargin() == side and fmt.rightMargin() == side:
            return  # unchanged: setting it again would lay the whole chapter out again
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        frame.setFrameFormat(fmt)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self.apply()
        return False
