"""Contrast measured from rendered pixels, as WCAG 2.2 defines it (relative luminance)."""

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(image: QImage, rect: QRect | None = None) -> Counter:
    rect = (rect or image.rect()).intersected(image.rect())
    counts = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            c = image.pixelColor(x, y)
            counts[(c.red(), c.green(), c.blue())] += 1
    return counts


def text_contrast(image: QImage, rect: QRect | None = None) -> tuple[float, int]:
    """(the best contrast of any pixel with the background, how many pixels reach 4.5:1).

    The background is the commonest colour; text drawn in its full colour gives pixels at
    its contrast (anti-aliased edges fall between), so readable text means many pixels at
    4.5:1 or more, not one stray dot."""
    counts = colours(image, rect)
    background = counts.most_common(1)[0][0]
    best = max(ratio(c, background) for c in counts)
    readable = sum(n for c, n in counts.items() if ratio(c, background) >= 4.5)
    return best, readable


def _band(image: QImage, rect: QRect, inset: int, width: int) -> Counter:
    """The colours of a frame `width` pixels wide, `inset` pixels inside `rect` (outside if negative)."""
    outer = rect.adjusted(inset, inset, -inset, -inset)
    inner = outer.adjusted(width, width, -width, -width)
    counts = Counter()
    for y in range(outer.top(), outer.bottom() + 1):
        for x in range(outer.left(), outer.right() + 1):
            if not inner.contains(x, y) and image.rect().contains(x, y):
                c = image.pixelColor(x, y)
                counts[(c.red(), c.green(), c.blue())] += 1
    return counts


def edge_contrast(image: QImage, rect: QRect) -> tuple[float, tuple[int, int, int]]:
    """How well the edge of the control at `rect` (a ring or a field's boundary) stands out:
    (the lower of its contrast with what is just outside and just inside it, its colour).

    The edge is the colour, among those covering a tenth of the control's outer 3 pixels,
    that stands out best from both sides: WCAG 1.4.11 asks 3:1 against the adjacent colours."""
    outside = _band(image, rect, -4, 2).most_common(1)[0][0]
    inside = _band(image, rect, 4, 3).most_common(1)[0][0]
    band = _band(image, rect, 0, 3)
    total = sum(band.values())
    candidates = [c for c, n in band.items() if n >= total / 10]
    scored = [(min(ratio(c, outside), ratio(c, inside)), c) for c in candidates]
    return max(scored)


def widget_rect(widget, window) -> QRect:
    """`widget`'s rectangle in the pixels of `window.grab()` (device pixels)."""
    from PySide6.QtCore import QPoint

    top_left = widget.mapTo(window, QPoint(0, 0))
    scale = window.devicePixelRatioF()
    return QRect(round(top_left.x() * scale), round(top_left.y() * scale),
                 round(widget.width() * scale), round(widget.height() * scale))


def ink_contrast(image: QImage, rect: QRect, share: float = 0.1, shade: float = 1.25) -> float | None:
    """The contrast of text in `rect` with its background: that of the strongest `share` of its ink.

    The background is the commonest colour; the ink is every pixel that differs from it by more
    than `shade` (a header's or a button's gradient is not ink). A tenth of the ink, the most
    contrasting, is the text's own colour (anti-aliased edges make up the rest), while a stray
    pixel of a neighbour does not decide the answer. None: nothing drawn there, or text too
    faint to tell from the background, which is a failure for the caller to report."""
    counts = colours(image, rect)
    if not counts:
        return None
    background = counts.most_common(1)[0][0]
    ink = sorted(((r, n) for c, n in counts.items() if (r := ratio(c, background)) > shade), reverse=True)
    total = sum(n for _, n in ink)
    if total == 0:
        return None
    covered = 0
    for contrast, n in ink:
        covered += n
        if covered >= share * total:
            return contrast
    return ink[-1][0]
