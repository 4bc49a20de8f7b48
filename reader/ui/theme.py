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
