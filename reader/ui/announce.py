"""Telling assistive technology something it would not otherwise hear.

A status-bar message or a banner that appears is drawn, not spoken: a screen
reader hears it only if the window announces it. Qt 6.8 added announcement
events (AT-SPI, UI Automation and NSAccessibility each carry them, polite or
assertive); with an older Qt the text is sent as an alert from the widget that
shows it, which screen readers also read out.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

# None before Qt 6.8: then announce() falls back to an alert event.
AnnouncementEvent = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def send(event: QAccessibleEvent) -> None:
    """Hand one event to the platform's accessibility bridge (replaced in tests to hear what is sent)."""
    QAccessible.updateAccessibility(event)


def announce(source: QObject, text: str, assertive: bool = False) -> None:
    """Have a screen reader say `text` now: `assertive` interrupts what it is reading (safety
    warnings, errors), polite waits for it to finish (a bookmark saved)."""
    if not text:
        return
    if AnnouncementEvent is not None:
        event = AnnouncementEvent(source, text)
        politeness = QAccessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    else:
        # No announcements before Qt 6.8: an alert from the widget, carrying the text as its
        # description, is what a screen reader then reads out.
        if isinstance(source, QWidget):
            source.setAccessibleDescription(text)
        event = QAccessibleEvent(source, QAccessible.Event.Alert)
    send(event)
