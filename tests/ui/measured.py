"""What a rendered window or dialog shows, measured from its pixels: each piece of text, each
field's edge and each focus ring, with its contrast (tests/ui/contrast.py has the arithmetic).

Every visible piece of text is found from the widgets themselves (labels, buttons, fields,
the cells of tables and lists, each run of text in a text browser), then looked at only in
the rendered image: a colour set anywhere (palette, style sheet, inline HTML) is measured as
drawn. Disabled controls are left out of the text check, as WCAG 1.4.3 leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QStyle,
    QStyleOptionButton,
    QTextBrowser,
    QTreeWidget,
    QWidget,
)

from tests.ui.contrast import edge_contrast, ink_contrast

TEXT, EDGE, RING = 4.5, 3.0, 3.0  # WCAG 2.2 AA: 1.4.3 text, 1.4.11 boundaries, 2.4.13/1.4.11 focus


@dataclass(frozen=True)
class Measure:
    kind: str  # "text", "edge" (a field's boundary) or "ring" (the focus ring)
    what: str  # which piece, for the message
    contrast: float

    @property
    def needed(self) -> float:
        return {"text": TEXT, "edge": EDGE, "ring": RING}[self.kind]

    @property
    def fails(self) -> bool:
        return self.contrast < self.needed

    def __str__(self) -> str:
        return f"{self.kind} {self.what}: {self.contrast:.2f}:1 (needs {self.needed}:1)"


def _scaled(rect: QRect, scale: float) -> QRect:
    return QRect(round(rect.x() * scale), round(rect.y() * scale), round(rect.width() * scale),
                 round(rect.height() * scale))


def _in(root: QWidget, widget: QWidget, rect: QRect) -> QRect:
    """`rect` (in `widget`'s coordinates) in the pixels of `QWidget.window(root).grab()`."""
    root = QWidget.window(root)
    top_left = widget.mapTo(root, rect.topLeft())
    return _scaled(QRect(top_left, rect.size()), root.devicePixelRatioF())


def _seen(widget: QWidget, root: QWidget) -> bool:
    return (widget is root or widget.isVisibleTo(root)) and widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")() if not isinstance(widget, QTextBrowser) else ""
    label = widget.accessibleName() or text or widget.objectName()
    return f"{type(widget).__name__} {label[:40]!r}"


def _text_pieces(root: QWidget, widget: QWidget):
    """(what, rect in root's pixels, must show ink) for each piece of text `widget` draws itself."""
    if isinstance(widget, QLabel):
        if widget.text().strip():
            yield _name(widget), _in(root, widget, widget.contentsRect()), True
    elif isinstance(widget, QCheckBox):
        option = QStyleOptionButton()
        option.initFrom(widget)
        option.text = widget.text()
        rect = widget.style().subElementRect(QStyle.SE_CheckBoxContents, option, widget)
        yield _name(widget), _in(root, widget, rect), True
    elif isinstance(widget, QAbstractButton):
        if widget.text().strip() and widget.parent() is not None and not isinstance(widget.parent(), QDockWidget):
            yield _name(widget), _in(root, widget, widget.rect().adjusted(4, 4, -4, -4)), True
    elif isinstance(widget, QLineEdit):
        shown = widget.text() or widget.placeholderText()
        if shown.strip() and not isinstance(widget.parent(), QAbstractSpinBox):
            clear = 24 if widget.isClearButtonEnabled() and widget.text() else 0
            yield (_name(widget) + (" (placeholder)" if not widget.text() else ""),
                   _in(root, widget, widget.rect().adjusted(5, 5, -5 - clear, -5)), True)
    elif isinstance(widget, (QComboBox, QAbstractSpinBox)):
        yield _name(widget), _in(root, widget, widget.rect().adjusted(5, 5, -24, -5)), True
    elif isinstance(widget, QTreeWidget):
        yield from _tree_pieces(root, widget)
    elif isinstance(widget, QListWidget):
        viewport = widget.viewport()
        for row in range(widget.count()):
            item = widget.item(row)
            rect = widget.visualItemRect(item).adjusted(3, 3, -3, -3).intersected(viewport.rect())
            if not item.isHidden() and rect.height() > 6 and widget.itemWidget(item) is None:
                selected = " (selected)" if item.isSelected() else ""
                yield f"{_name(widget)} row {row}{selected}", _in(root, viewport, rect), True
    elif isinstance(widget, QTextBrowser):
        yield from _browser_pieces(root, widget)


def _tree_pieces(root: QWidget, tree: QTreeWidget):
    header: QHeaderView = tree.header()
    viewport = tree.viewport()
    for col in range(tree.columnCount()):
        x, width = header.sectionViewportPosition(col), header.sectionSize(col)
        rect = QRect(x + 4, 3, width - 8, header.height() - 6).intersected(header.rect())
        if rect.width() > 6 and not header.isSectionHidden(col):
            yield f"{_name(tree)} header {col}", _in(root, header, rect), True
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.isHidden():
            continue
        row = tree.visualItemRect(item)
        for col in range(tree.columnCount()):
            x, width = header.sectionViewportPosition(col), header.sectionSize(col)
            rect = QRect(x + 3, row.y() + 2, width - 6, row.height() - 4).intersected(viewport.rect())
            if item.text(col).strip() and rect.width() > 6 and rect.height() > 6:
                selected = " (selected)" if item.isSelected() else ""
                yield f"{_name(tree)} row {i} column {col}{selected}", _in(root, viewport, rect), True


def _browser_pieces(root: QWidget, browser: QTextBrowser):
    """Each run of text of one format on one line, where the layout put it."""
    doc = browser.document()
    layout = doc.documentLayout()
    viewport = browser.viewport()
    scroll = QPoint(browser.horizontalScrollBar().value(), browser.verticalScrollBar().value())
    block = doc.begin()
    while block.isValid():
        origin = layout.blockBoundingRect(block).topLeft().toPoint() - scroll
        lines = block.layout()
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            start, end = fragment.position() - block.position(), fragment.position() - block.position() + fragment.length()
            for n in range(lines.lineCount()):
                line = lines.lineAt(n)
                a, b = max(start, line.textStart()), min(end, line.textStart() + line.textLength())
                text = block.text()[a:b]
                if b <= a or not text.strip():
                    continue
                x0, x1 = (_x(line.cursorToX(p)) for p in (a, b))
                rect = QRect(origin.x() + round(min(x0, x1)) + 1, origin.y() + round(line.y()) + 1,
                             round(abs(x1 - x0)) - 2, round(line.height()) - 2)
                rect = rect.intersected(viewport.rect())
                if rect.width() > 4 and rect.height() > 4:
                    yield f"{_name(browser)} {text.strip()[:30]!r}", _in(root, viewport, rect), True
            it += 1
        block = block.next()


def _x(value) -> float:
    return value[0] if isinstance(value, tuple) else value


def widgets(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if _seen(w, root)]


def texts(root: QWidget) -> list[Measure]:
    """The contrast of every enabled piece of text `root` shows, in its current rendering."""
    QApplication.processEvents()
    image = QWidget.window(root).grab().toImage()
    out = []
    for widget in widgets(root):
        if not widget.isEnabled():
            continue
        for what, rect, must in _text_pieces(root, widget):
            contrast = ink_contrast(image, rect)
            if contrast is None and must:
                out.append(Measure("text", f"{what} (nothing drawn where the text should be)", 0.0))
            elif contrast is not None:
                out.append(Measure("text", what, contrast))
    return out


def _is_field(widget: QWidget) -> bool:
    return (isinstance(widget, (QLineEdit, QComboBox, QAbstractSpinBox))
            and not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)))


def edges(root: QWidget) -> list[Measure]:
    """The boundary of every enabled field (text field, drop-down, date box, check box), unfocused."""
    focused = QApplication.focusWidget()
    if focused is not None and root.isAncestorOf(focused):
        focused.clearFocus()
    QApplication.processEvents()
    image = QWidget.window(root).grab().toImage()
    out = []
    for widget in widgets(root):
        if not widget.isEnabled():
            continue
        if _is_field(widget):
            out.append(Measure("edge", _name(widget), edge_contrast(image, _in(root, widget, widget.rect()))[0]))
        elif isinstance(widget, QCheckBox):
            option = QStyleOptionButton()
            option.initFrom(widget)
            box = widget.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, widget)
            out.append(Measure("edge", _name(widget) + " box", edge_contrast(image, _in(root, widget, box))[0]))
    return out


def focusable(root: QWidget) -> list[QWidget]:
    return [w for w in widgets(root) if w.isEnabled() and w.focusPolicy() & Qt.TabFocus
            and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox)) and w.focusProxy() is None]


def rings(root: QWidget, qtbot) -> list[Measure]:
    """The focus ring of every control that takes the keyboard, each given the focus by Tab's reason."""
    out = []
    for widget in focusable(root):
        widget.setFocus(Qt.TabFocusReason)
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w, timeout=2000)
        QApplication.processEvents()
        image = QWidget.window(root).grab().toImage()
        rect = _in(root, widget, widget.rect())
        out.append(Measure("ring", _name(widget), edge_contrast(image, rect)[0]))
    return out


def measure(root: QWidget, qtbot) -> list[Measure]:
    """Every piece of text, field edge and focus ring of `root` (a dialog, or a part of a window,
    measured where it is drawn, against what surrounds it there)."""
    return texts(root) + edges(root) + rings(root, qtbot)
