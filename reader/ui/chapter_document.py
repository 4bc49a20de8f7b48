"""The chapter's Qt document as assistive technology reads it: markers, headings, links.

Qt draws a list's bullets and numbers beside the text but keeps them out of it,
so a screen reader reading the text heard "one, two" with nothing to say they
were list items, or which step was which. `mark_list_items` writes each marker
into its item's text (and stops Qt drawing its own, which would show it twice).

Qt's text interface to assistive technology carries only text, not a heading's
level or a link's address; the document keeps both (the block's heading level,
the character's anchor), and `headings` and `link_at` read them from there for
the heading keys, the sections list and the announcement of a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFontMetrics, QTextBlock, QTextCursor, QTextDocument, QTextListFormat

# Qt's own shapes for an unnumbered list, as characters a screen reader names ("bullet").
_BULLETS = {
    QTextListFormat.Style.ListDisc: "•",
    QTextListFormat.Style.ListCircle: "◦",
    QTextListFormat.Style.ListSquare: "▪",
}


@dataclass(frozen=True)
class Heading:
    level: int  # 1-6, as the HTML's <h1>-<h6>
    text: str
    position: int  # where its block starts in the document


@dataclass(frozen=True)
class Link:
    href: str
    text: str  # the words of the link, whole (not only the fragment under the caret)
    start: int
    end: int


def _blocks(doc: QTextDocument):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def marker(block: QTextBlock) -> str:
    """The marker Qt would draw for a list item: "3." for a numbered one, a bullet otherwise."""
    items = block.textList()
    if items is None:
        return ""
    style = items.format().style()
    if style in _BULLETS:
        return _BULLETS[style]
    return items.itemText(block)  # numbered (decimal, alpha, roman), with the list's start


def mark_list_items(doc: QTextDocument) -> int:
    """Write every list item's marker into its text, "• " or "3. ", as the one the reader sees
    and hears; return how many items were marked. Done once on a freshly set document."""
    items = [(block, marker(block)) for block in _blocks(doc) if block.textList() is not None]
    if not items:
        return 0
    undo = doc.isUndoRedoEnabled()
    doc.setUndoRedoEnabled(False)  # a read-only view's own change, nothing to undo
    lists = set()
    for block, text in items:
        cursor = QTextCursor(block)
        metrics = QFontMetrics(cursor.charFormat().font())
        lead = text + " "
        cursor.insertText(lead)
        # A hanging indent: a wrapped line starts under the item's words, not under its marker.
        fmt = block.blockFormat()
        width = metrics.horizontalAdvance(lead)
        fmt.setTextIndent(-width)
        fmt.setLeftMargin(fmt.leftMargin() + width)
        cursor.setBlockFormat(fmt)
        lists.add(block.textList())
    for items_list in lists:
        fmt = items_list.format()
        fmt.setStyle(QTextListFormat.Style.ListStyleUndefined)  # the indent stays, Qt's marker goes
        items_list.setFormat(fmt)
    doc.setUndoRedoEnabled(undo)
    return len(items)


def headings(doc: QTextDocument) -> list[Heading]:
    """The document's headings in order: every block with a heading level."""
    return [Heading(b.blockFormat().headingLevel(), b.text().strip(), b.position())
            for b in _blocks(doc) if b.blockFormat().headingLevel() > 0 and b.text().strip()]


def next_heading(doc: QTextDocument, position: int, backwards: bool = False) -> Heading | None:
    """The first heading after the block holding `position` (before it, `backwards`); None at the end."""
    here = doc.findBlock(position).position()
    found = [h for h in headings(doc) if (h.position < here if backwards else h.position > here)]
    if not found:
        return None
    return found[-1] if backwards else found[0]


def link_at(doc: QTextDocument, position: int) -> Link | None:
    """The link the character at `position` belongs to, whole; None outside any link."""
    block = doc.findBlock(position)
    if not block.isValid():
        return None
    fragments = []
    it = block.begin()
    while not it.atEnd():
        fragments.append(it.fragment())
        it += 1
    for n, fragment in enumerate(fragments):
        href = fragment.charFormat().anchorHref()
        if href and fragment.position() <= position < fragment.position() + fragment.length():
            # A link broken into fragments by formatting (bold inside it) is one link.
            first = last = n
            while first > 0 and fragments[first - 1].charFormat().anchorHref() == href:
                first -= 1
            while last + 1 < len(fragments) and fragments[last + 1].charFormat().anchorHref() == href:
                last += 1
            text = "".join(f.text() for f in fragments[first:last + 1])
            return Link(href, text.strip(), fragments[first].position(),
                        fragments[last].position() + fragments[last].length())
    return None
