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
