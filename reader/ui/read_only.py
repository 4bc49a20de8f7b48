"""Telling the practitioner that their data folder cannot be written, and what still works.

Started from a desktop entry, a reader that stops with one line on stderr
shows nothing at all. When the folder is read-only, another user's or full,
the window opens anyway on an edition it can verify, says so in a dialog
naming the folder and the reason, and keeps a notice up until dismissed:
reading and search work, nothing the practitioner changes can be kept.
"""

from __future__ import annotations


def read_only_text(problem) -> str:
    """`problem` is a DataFolderError (reader.core.errors): it names the folder and the reason."""
    return (f"Your data folder {problem.folder} cannot be written ({problem.reason}). "
            "The procedures are open read-only: reading and search work, but bookmarks, settings and "
            "updates cannot be saved until the folder can be written.")


def tell(window, problem) -> None:
    from PySide6.QtCore import QTimer

    text = read_only_text(problem)
    window.messages.lasting(text)  # kept in view
    QTimer.singleShot(0, lambda: window.messages.error(text))  # and said once, over the window once it is up
