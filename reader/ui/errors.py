"""Errors shown in plain words; an excepthook that offers a copyable report."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox


def show_error(parent, message: str) -> None:
    QMessageBox.warning(parent, "Procedures reader", message)


def install_excepthook() -> None:
    """An unexpected error shows a dialog with details to copy, and the reader goes on."""

    def hook(kind, value, tb):
        report = "".join(traceback.format_exception(kind, value, tb))
        print(report, file=sys.stderr)
        if QApplication.instance() is None:
            return
        box = QMessageBox(QMessageBox.Critical, "Procedures reader: unexpected error",
                          "Something went wrong in the reader. The procedures you have are not affected.\n\n"
                          "Please copy the details below and send them to your IT service desk.")
        box.setDetailedText(report)
        box.exec()

    sys.excepthook = hook
