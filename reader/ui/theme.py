"""Light, dark and high-contrast themes: a palette and the chapter's CSS."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle

_COLOURS = {
    #                window     text       base       highlight  link       banner
    "light": ("#f6f6f4", "#1b1b1b", "#ffffff", "#1f5fa8", "#0b4f9c", "#fff3cd"),
    "dark": ("#202124", "#e8e8e8", "#2a2b2e", "#5b9bea", "#8ab4f8", "#4a3b00"),
    "high-contrast": ("#000000", "#ffffff", "#000000", "#ffff00", "#00ffff", "#7a0000"),
}


# The colours of controls, chosen by measuring (tests/ui/test_focus_and_fields.py):
#   focus        the focus ring: >= 3:1 against the window, the fields and the selected result
#   boundary     a field's edge: >= 3:1 against the window and the field (WCAG 1.4.11)
#   placeholder  a hint in an empty field: readable (>= 4.5:1) but not the typed text's colour
#   disabled     greyed text of a control that cannot be used now
#   selected     the text of a selected row or selected text, on the highlight colour: the dark
#                theme's base on its blue measured 4.1:1 in the tables' rows, black is above 7:1
_CONTROLS = {
    "light": {"focus": "#1f5fa8", "boundary": "#767676", "placeholder": "#6b6b6b", "disabled": "#8a8a8a",
              "selected": "#ffffff"},
    "dark": {"focus": "#5b9bea", "boundary": "#8a8a8a", "placeholder": "#a8a8a8", "disabled": "#7a7a7a",
             "selected": "#000000"},
    "high-contrast": {"focus": "#ffff00", "boundary": "#ffffff", "placeholder": "#a0a0a0", "disabled": "#808080",
                      "selected": "#000000"},
}

# A redline's deleted (red) and inserted (green) words, by theme: each above 4.5:1 on the theme's
# text background (the light theme's red and green are 2-3:1 on the dark and black ones).
_REDLINE = {
    "light": {"del": "#b00020", "ins": "#0a6b1f"},
    "dark": {"del": "#ff8a80", "ins": "#7ee787"},
    "high-contrast": {"del": "#ff7070", "ins": "#66ff66"},
}


CHAPTER_TEXT = "chapterText"  # the chapter's browser, ringed by its holder


def controls_css(theme: str) -> str:
    """The application's style sheet: focus rings, field edges and buttons in the theme's colours.

    Fusion draws focus and field frames in shades of the window colour (1.0-2.6:1 in the dark
    and high-contrast themes, none at all on the chapter text), so they are drawn here: every
    control that takes the keyboard has a 2 px ring in the focus colour when it has it, and
    the same room kept free when it has not, so nothing moves as focus does."""
    window, text, base = _COLOURS[theme][:3]
    c = _CONTROLS[theme]
    focus, edge = c["focus"], c["boundary"]
    return (
        # fields: an edge that can be seen, a ring when typed into
        # (no `color` here: a style sheet's colour makes Qt draw the placeholder in that colour at
        # half strength, 3.3:1; the palette's PlaceholderText is chosen to read at 4.5:1)
        f"QLineEdit, QComboBox, QAbstractSpinBox {{ background-color: {base}; border: 1px solid {edge}; "
        f"border-radius: 2px; padding: 2px 4px; margin: 1px; }} "
        f"QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{ border: 2px solid {focus}; margin: 0px; }} "
        f"QLineEdit:disabled, QComboBox:disabled, QAbstractSpinBox:disabled {{ color: {c['disabled']}; "
        f"border-color: {c['disabled']}; }} "
        # a date box's own text field is inside the box's edge: no second edge of its own
        f"QAbstractSpinBox QLineEdit {{ border: none; padding: 0px; margin: 0px; background: transparent; }} "
        # check boxes: a ring round the box and its words when focused (Fusion's was 1.0:1);
        # the box itself is drawn by ThemeStyle below, in the boundary colour
        f"QCheckBox {{ border: 2px solid transparent; border-radius: 3px; padding: 1px 2px; }} "
        f"QCheckBox:focus {{ border: 2px solid {focus}; }} "
        f"QComboBox QAbstractItemView {{ background-color: {base}; color: {text}; "
        f"selection-background-color: {focus}; selection-color: {base}; }} "
        # the texts of dialogs, the contents and the lists: a ring round the whole pane (the chapter
        # text has its own, reader/ui/focus_ring.py, drawn by its holder: not a second one here)
        f"QTextBrowser, QTreeView, QListView {{ border: 2px solid transparent; }} "
        f"QTextBrowser:focus, QTreeView:focus, QListView:focus {{ border: 2px solid {focus}; }} "
        f"QTextBrowser#{CHAPTER_TEXT}, QTextBrowser#{CHAPTER_TEXT}:focus {{ border: none; }} "
        # buttons: an edge always, a ring when focused; the default button is bold, with or without focus
        f"QPushButton {{ background-color: {window}; color: {text}; border: 1px solid {edge}; "
        f"border-radius: 3px; padding: 4px 12px; margin: 1px; }} "
        f"QPushButton:default {{ font-weight: bold; }} "
        f"QPushButton:hover, QToolButton:hover {{ background-color: {base}; }} "
        f"QPushButton:pressed, QToolButton:pressed, QToolButton:checked {{ background-color: {base}; }} "
        f"QToolButton {{ color: {text}; border: 2px solid transparent; border-radius: 3px; padding: 2px 4px; }} "
        f"QPushButton:focus, QToolButton:focus {{ border: 2px solid {focus}; margin: 0px; }} "
        f"QPushButton:disabled, QToolButton:disabled {{ color: {c['disabled']}; }} "
    )


class ThemeStyle(QProxyStyle):
    """The platform's style, with check boxes drawn in the theme's colours.

    Fusion draws a check box's square in a shade of the window colour (1.0-1.7:1 in every
    theme, WCAG 1.4.11 asks 3:1), and a style sheet that styles the square must also supply
    images for its check mark; so the square is drawn here: the field colour, a 1 px edge in
    the boundary colour, the mark in the text colour."""

    def __init__(self, theme: str):
        super().__init__()
        self.theme = theme

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element != QStyle.PE_IndicatorCheckBox:
            super().drawPrimitive(element, option, painter, widget)
            return
        _, text, base = _COLOURS[self.theme][:3]
        c = _CONTROLS[self.theme]
        enabled = bool(option.state & QStyle.State_Enabled)
        edge = QColor(c["boundary"] if enabled else c["disabled"])
        mark = QColor(text if enabled else c["disabled"])
        box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(QColor(base))
        painter.drawRoundedRect(box, 2, 2)
        w, h, x, y = box.width(), box.height(), box.x(), box.y()
        pen = QPen(mark, max(1.5, w / 7), Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
        painter.setPen(pen)
        if option.state & QStyle.State_On:
            painter.drawPolyline([QPointF(x + w * 0.22, y + h * 0.52), QPointF(x + w * 0.42, y + h * 0.72),
                                  QPointF(x + w * 0.78, y + h * 0.28)])
        elif option.state & QStyle.State_NoChange:
            painter.drawLine(QPointF(x + w * 0.25, y + h / 2), QPointF(x + w * 0.75, y + h / 2))
        painter.restore()


def apply(app, theme: str) -> None:
    """Put `theme` on the whole application: its style, palette and style sheet (dialogs too).

    A new style each time: with a style sheet set, the application's style() is Qt's style
    sheet wrapper, so the style installed cannot be found again to be told the new theme."""
    app.setStyle(ThemeStyle(theme))
    app.setPalette(palette(theme))
    app.setStyleSheet(controls_css(theme))


def redline_css(theme: str) -> str:
    """The redline's colours in `theme` (reader/core/diff.py marks the words "del" and "ins")."""
    r = _REDLINE[theme]
    return f".del {{ color: {r['del']}; }} .ins {{ color: {r['ins']}; }}"


def palette(theme: str) -> QPalette:
    window, text, base, highlight, link, _ = _COLOURS[theme]
    p = QPalette()
    for role, colour in (
        (QPalette.Window, window),
        (QPalette.WindowText, text),
        (QPalette.Base, base),
        (QPalette.AlternateBase, window),
        (QPalette.Text, text),
        (QPalette.Button, window),
        (QPalette.ButtonText, text),
        (QPalette.ToolTipBase, base),
        (QPalette.ToolTipText, text),
        (QPalette.Highlight, highlight),
        (QPalette.HighlightedText, _CONTROLS[theme]["selected"]),
        (QPalette.Link, link),
        (QPalette.PlaceholderText, _CONTROLS[theme]["placeholder"]),
    ):
        p.setColor(role, QColor(colour))
    # Disabled controls drawn greyed, so Back with no history does not look ready to press.
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor(_CONTROLS[theme]["disabled"]))
    return p


def chapter_css(theme: str) -> str:
    _, text, _, highlight, link, banner = _COLOURS[theme]
    return (
        f"body {{ color: {text}; }} a {{ color: {link}; }} "
        f"h1 {{ font-size: x-large; }} h2 {{ font-size: large; margin-top: 14px; }} "
        f".meta {{ color: {text}; font-size: small; }} "
        f".status {{ background-color: {banner}; font-weight: bold; }} "
        f".note {{ font-style: italic; font-size: small; }} "
        f"b.hit {{ background-color: {highlight}; }}"
    )


def banner_colour(theme: str) -> str:
    return _COLOURS[theme][5]

# The selected search result's fill: a colour of its own in each theme, chosen so the
# theme's text on it stays above 4.5:1 (the highlight colour itself does not: white on
# the dark theme's blue, or on the high-contrast yellow, is unreadable).
_SELECTED = {"light": "#cfe0f5", "dark": "#34507a", "high-contrast": "#003a80"}


def search_results_css(theme: str) -> str:
    """The results list's style sheet, every colour from the theme.

    A widget with a style sheet of its own stops following the application palette
    (the list stayed white under the dark theme's near-white text), so the sheet
    states the background and the text colour of the results' labels itself."""
    _, text, base, highlight, link, _ = _COLOURS[theme]
    selected = _SELECTED[theme]
    return (
        f"QListWidget {{ background-color: {base}; color: {text}; }} "
        f"QListWidget QLabel {{ color: {text}; background: transparent; }} "
        f"QListWidget::item:selected {{ background-color: {selected}; border: 2px solid {highlight}; }} "
        # the results' own sheet replaces the application's for the list: its focus ring again
        f"QListWidget {{ border: 2px solid transparent; }} "
        f"QListWidget:focus {{ border: 2px solid {_CONTROLS[theme]['focus']}; }}"
    )


def find_format(current: bool = False):
    """How a match of find (or of a search opened) is marked in the chapter: a fill, dark text
    and an underline, so it is seen without telling colours apart; the current match also
    has a heavier, wavy underline and a stronger fill. The same in every theme: black on these
    fills is above 10:1."""
    from PySide6.QtGui import QTextCharFormat

    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ff9632" if current else "#ffd54f"))
    fmt.setForeground(QColor("#000000"))
    fmt.setFontUnderline(True)
    fmt.setUnderlineColor(QColor("#000000"))
    fmt.setUnderlineStyle(QTextCharFormat.WaveUnderline if current else QTextCharFormat.SingleUnderline)
    return fmt
