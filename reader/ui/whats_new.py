"""After a sync: the amendments that arrived, the chapters that changed, and their redlines."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from reader.core.diff import redline, redline_html
from reader.core.model import Manual
from reader.ui import theme
from reader.ui.rich_text import ClosedBrowser


def whats_new_html(report: dict, manual: Manual, board: str | None) -> str:
    """The report of a sync (SyncReport.to_json(), or sync_state.arrival()), filtered to shared entries plus
    the board's own. Every field is escaped: the report is built from verified editions, but markup in it
    must never become the window's own."""
    entries = [a for a in report["amendments"] if a["scope"] in ("shared", board)]
    entries.sort(key=lambda a: (a["date"], a["id"]), reverse=True)
    titles = {c.id: c.title for c in manual.chapters}
    parts = [f"<h2>What's new in edition {escape(str(report['edition']))}</h2>"]
    if report.get("problem"):
        parts.append(f"<p>{escape(report['problem'])}.</p>")
        return "\n".join(parts)
    changed = [c for c in report["changed"] if c in titles and manual.chapter(c).applies_to(board or "shared")]
    added = [c for c in report["added"] if c in titles and manual.chapter(c).applies_to(board or "shared")]
    if changed:
        parts.append("<h3>Chapters whose wording changed</h3><ul>")
        parts += [
            f'<li><a href="chapter:{escape(c)}">{escape(titles[c])}</a> — '
            f'<a href="redline:{escape(c)}">show the changes</a></li>'
            for c in changed
        ]
        parts.append("</ul>")
    if added:
        parts.append("<h3>New chapters</h3><ul>")
        parts += [f'<li><a href="chapter:{escape(c)}">{escape(titles[c])}</a></li>' for c in added]
        parts.append("</ul>")
    if report["removed"]:
        parts.append(f"<p>Chapters withdrawn: {escape(', '.join(map(str, report['removed'])))}</p>")
    parts.append(f"<h3>Amendments register: {len(entries)} new entr{'y' if len(entries) == 1 else 'ies'}</h3>")
    if entries:
        parts.append("<table cellpadding='3'>")
        for a in entries:
            chapter = (
                f'<a href="chapter:{escape(a["chapter"])}">{escape(titles.get(a["chapter"], a["chapter"]))}</a>'
                if a["chapter"] else "<i>chapter not recorded</i>"
            )
            details = escape(a["details"]).replace("\n\n", "<br>")
            parts.append(f"<tr><td valign='top'>{escape(str(a['date']))}</td><td valign='top'>{chapter}</td>"
                         f"<td>{details}</td></tr>")
        parts.append("</table>")
    if not (changed or added or entries or report["removed"]):
        parts.append("<p>Nothing new for your partnership in this edition.</p>")
    return "\n".join(parts)


class WhatsNewDialog(QDialog):
    open_chapter = Signal(str)
    open_redline = Signal(str)

    def __init__(self, html: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("What's new since your last sync")
        self.resize(760, 560)
        self.browser = ClosedBrowser(self)
        self.browser.setAccessibleName("What's new")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(html)
        self.browser.anchorClicked.connect(self._link)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "chapter":
            self.open_chapter.emit(url.path())
        elif url.scheme() == "redline":
            self.open_redline.emit(url.path())


class RedlineDialog(QDialog):
    def __init__(self, title: str, old_label: str, new_label: str, old_body: str, new_body: str, parent=None,
                 theme_name: str = "light"):
        super().__init__(parent)
        self.setWindowTitle(f"Changes: {title}")
        self.resize(820, 620)
        self.browser = ClosedBrowser(self)  # follows no link: a file: address was opened in place
        self.browser.setAccessibleName("Changes to the wording")
        self.browser.document().setDefaultStyleSheet(theme.redline_css(theme_name))  # red and green that read
        self.browser.setHtml(
            f"<h2>{escape(title)}</h2><p><small>From {escape(old_label)} to {escape(new_label)}. "
            "Deleted words are struck through in red, inserted words underlined in green.</small></p>"
            f"<p>{redline_html(redline(old_body, new_body))}</p>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
