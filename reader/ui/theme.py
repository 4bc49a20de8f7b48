"""Light, dark and high-contrast themes: a palette and the chapter's CSS."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

_COLOURS = {
    #                window     text       base       highlight  link       banner
    "light": ("#f6f6f4", "#1b1b1b", "#ffffff", "#1f5fa8", "#0b4f9c", "#fff3cd"),
    "dark": ("#202124", "#e8e8e8", "#2a2b2e", "#5b9bea", "#8ab4f8", "#4a3b00"),
    "high-contrast": ("#000000", "#ffffff", "#000000", "#ffff00", "#00ffff", "#7a0000"),
}


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
        (QPalette.HighlightedText, base),
        (QPalette.Link, link),
        (QPalette.PlaceholderText, text),
    ):
        p.setColor(role, QColor(colour))
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
        f"QListWidget::item:selected {{ background-color: {selected}; border: 2px solid {highlight}; }}"
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
